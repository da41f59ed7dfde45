use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::components::spinner::Spinner;
use crate::routes;
use crate::session::use_session;

/// `/`: home when signed in, else the sign-in page.
#[component]
pub fn Root() -> impl IntoView {
    let session = use_session();
    view! {
        <Transition fallback=|| view! { <Spinner /> }>
            {move || Suspend::new(async move {
                let signed_in = matches!(session.session.await, Ok(s) if s.persona.is_some());
                view! { <Redirect path=if signed_in { routes::HOME } else { routes::SIGN_IN } options=routes::replace() /> }
            })}
        </Transition>
    }
}
