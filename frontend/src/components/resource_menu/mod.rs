use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;
use crate::routes;
use crate::search::matches;
use crate::session::use_guide;

/// Which item of the resource menu is the current page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuItem {
    Overview,
    Invoices,
    About,
}

struct Entry {
    item: MenuItem,
    key: &'static str,
    href: &'static str,
    /// The step of the walkthrough this item is the control of.
    step: Option<u8>,
}

const GROUPS: &[(Option<&str>, &[Entry])] = &[
    (
        None,
        &[Entry {
            item: MenuItem::Overview,
            key: "menu-overview",
            href: routes::BILLING,
            step: None,
        }],
    ),
    (
        Some("menu-group-billing"),
        &[Entry {
            item: MenuItem::Invoices,
            key: "menu-invoices",
            href: routes::INVOICES,
            step: Some(3),
        }],
    ),
    (
        Some("menu-group-support"),
        &[Entry {
            item: MenuItem::About,
            key: "menu-about",
            href: routes::ABOUT,
            step: None,
        }],
    ),
];

/// The left menu of Cost Management + Billing: searchable, grouped.
#[component]
pub fn ResourceMenu(current: MenuItem) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let filter = RwSignal::new(String::new());
    let visible = move |key: &str| {
        let f = filter.get();
        f.trim().is_empty() || matches(&i18n.t(key), &f)
    };
    view! {
        <nav class="resource-menu" aria-label=i18n.s("service-billing")>
            <div class="resource-menu__search">
                <label for="resource-menu-filter" class="visually-hidden">{i18n.s("menu-search-label")}</label>
                <input
                    id="resource-menu-filter"
                    type="search"
                    placeholder=i18n.s("menu-search-placeholder")
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))
                />
            </div>
            {GROUPS
                .iter()
                .map(|(group, entries)| {
                    let group_visible = move || entries.iter().any(|e| visible(e.key));
                    view! {
                        <div class="resource-menu__group" hidden=move || !group_visible()>
                            {group.map(|g| view! { <h2 class="resource-menu__group-title">{move || i18n.t(g)}</h2> })}
                            <ul class="resource-menu__list">
                                {entries
                                    .iter()
                                    .map(|entry| {
                                        let is_current = entry.item == current;
                                        let step = entry.step;
                                        view! {
                                            <li hidden=move || !visible(entry.key)>
                                                // `exact`: the router would also mark
                                                // Overview (`/billing`) current on
                                                // every page under it.
                                                <A
                                                    href=entry.href
                                                    exact=true
                                                    attr:class=move || {
                                                        let mut class = String::from("resource-menu__item");
                                                        if is_current {
                                                            class.push_str(" resource-menu__item--current");
                                                        }
                                                        if step.is_some_and(|s| guide.is_target(s)) {
                                                            class.push_str(" guide-target");
                                                        }
                                                        class
                                                    }
                                                    attr:aria-current=is_current.then_some("page")
                                                >
                                                    {move || i18n.t(entry.key)}
                                                </A>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })
                .collect_view()}
            // A live region always there, its text set when nothing matches:
            // text shown in a region that appears is often not announced.
            <p class="resource-menu__empty" role="status">
                {move || {
                    let none = !GROUPS.iter().flat_map(|(_, e)| e.iter()).any(|e| visible(e.key));
                    none.then(|| i18n.t("menu-no-results"))
                }}
            </p>
        </nav>
    }
}
