//! What this mock is, who its personas are, and the rules it enforces.

use leptos::prelude::*;

use crate::api;
use crate::components::fetched::Fetched;
use crate::components::resource_menu::MenuItem;
use crate::components::shell::Shell;
use crate::i18n::use_i18n;
use crate::pages::billing::ServiceLayout;
use crate::pages::role_key;
use crate::session::use_guide;

#[component]
pub fn About() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::shell::use_page_title("menu-about");
    let guide = use_guide();
    guide.enter(3);
    let personas = LocalResource::new(api::personas);
    view! {
        <Shell let:_persona>
            <ServiceLayout current=MenuItem::About title=i18n.s("menu-about")>
                <div class="prose">
                    <p>{i18n.s("about-intro")}</p>
                    <h2>{i18n.s("about-rules")}</h2>
                    <ul>
                        <li>{i18n.s("about-rule-admin")}</li>
                        <li>{i18n.s("about-rule-scopes")}</li>
                        <li>{i18n.s("about-rule-recipients")}</li>
                        <li>{i18n.s("about-rule-delivery")}</li>
                    </ul>
                    <h2>{i18n.s("about-personas")}</h2>
                    <Fetched resource=personas let:list>
                        <ul>
                            {list
                                .personas
                                .into_iter()
                                .map(|p| {
                                    let role = p.role;
                                    view! {
                                        <li>
                                            <strong>{p.display_name.clone()}</strong>
                                            " · " {p.email.to_unicode()} " · "
                                            {move || i18n.t(role_key(role))}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </Fetched>
                </div>
            </ServiceLayout>
        </Shell>
    }
}
