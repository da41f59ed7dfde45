//! Step 2: the portal's home, where the user searches for the service.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::shell::Shell;
use crate::i18n::use_i18n;
use crate::routes;
use crate::session::use_guide;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    crate::components::shell::use_page_title("home-title");
    let guide = use_guide();
    guide.enter(2);
    view! {
        <Shell let:persona>
            <div class="page home">
                <h1>{i18n.s("home-title")}</h1>
                <p class="home__welcome">
                    {
                        let name = persona.display_name.clone();
                        move || i18n.t_args("home-welcome", &[("name", name.clone().into())])
                    }
                </p>
                <p>{i18n.s("home-search-hint")}</p>
                <h2>{i18n.s("home-services")}</h2>
                <ul class="home__services">
                    <li>
                        <A href=routes::BILLING attr:class="service-tile">
                            <span class="service-tile__icon" aria-hidden="true">"€"</span>
                            <span>{i18n.s("service-billing")}</span>
                        </A>
                    </li>
                </ul>
            </div>
        </Shell>
    }
}
