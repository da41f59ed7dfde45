//! Step 3: Cost Management + Billing, with its resource menu and an overview.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::fetched::Fetched;
use crate::components::resource_menu::{MenuItem, ResourceMenu};
use crate::components::shell::Shell;
use crate::i18n::use_i18n;
use crate::pages::{reason_key, scope_kind_key};
use crate::routes;
use crate::session::use_guide;

/// The frame of the service's pages: breadcrumb, title, resource menu.
#[component]
pub fn ServiceLayout(
    current: MenuItem,
    #[prop(into)] title: Signal<String>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="service">
            <nav class="breadcrumb" aria-label=i18n.s("breadcrumb")>
                <ol>
                    <li><A href=routes::HOME>{i18n.s("home-title")}</A></li>
                    // A plain link (the router still takes its click): `A` would mark
                    // it current on the overview, beside the page's own entry.
                    <li><a href=routes::BILLING>{i18n.s("service-billing")}</a></li>
                    <li aria-current="page">{move || title.get()}</li>
                </ol>
            </nav>
            <h1 class="service__title">
                {i18n.s("service-billing")}
                // Seen as a bar, read as a pause ("… Billing: Invoices").
                <span class="service__title-separator" aria-hidden="true">" | "</span>
                <span class="visually-hidden">": "</span>
                <span class="service__title-page">{move || title.get()}</span>
            </h1>
            <div class="service__body">
                <ResourceMenu current />
                <div class="service__content">{children()}</div>
            </div>
        </div>
    }
}

#[component]
pub fn BillingOverview() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    guide.enter(3);
    crate::components::shell::use_page_title("step-2-label");
    view! {
        <Shell let:_persona>
            <ServiceLayout current=MenuItem::Overview title=i18n.s("menu-overview")>
                <OverviewContent />
            </ServiceLayout>
        </Shell>
    }
}

#[component]
fn OverviewContent() -> impl IntoView {
    let i18n = use_i18n();
    let scopes = crate::components::shell::use_scopes();
    view! {
        <p>{i18n.s("overview-intro")}</p>
        <Fetched resource=scopes let:list>
            {if list.scopes.is_empty() {
                view! { <p class="empty">{i18n.s("overview-no-scopes")}</p> }.into_any()
            } else {
                view! {
                    // On a narrow screen the table scrolls inside this region,
                    // not the page, as the invoice grid does.
                    <div
                        class="grid-scroll"
                        role="region"
                        tabindex="0"
                        aria-label=i18n.s("overview-scroll-hint")
                    >
                        <table class="grid overview-grid">
                            <caption class="visually-hidden">{i18n.s("overview-scopes")}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.s("column-scope")}</th>
                                    <th scope="col">{i18n.s("column-kind")}</th>
                                    <th scope="col">{i18n.s("column-email-invoice")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .scopes
                                    .into_iter()
                                    .map(|summary| {
                                        let href = routes::invoices(&summary.scope.id.0);
                                        let kind = summary.scope.kind;
                                        let state = move || match (summary.opted_in, summary.eligibility.reason()) {
                                            (true, _) => i18n.t("email-invoice-on"),
                                            (false, None) => i18n.t("email-invoice-off"),
                                            (false, Some(reason)) => i18n.t(reason_key(reason)),
                                        };
                                        view! {
                                            <tr>
                                                <td><A href=href>{summary.scope.display_name.clone()}</A></td>
                                                <td>{move || i18n.t(scope_kind_key(kind))}</td>
                                                <td>{state}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </Fetched>
    }
}
