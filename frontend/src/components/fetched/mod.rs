use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ApiResult;
use crate::components::message_bar::MessageBar;
use crate::components::spinner::Spinner;

/// Shows `children` with the value of `resource` once it has loaded: a spinner
/// while loading, and, if the call failed, an error bar with Retry (through an
/// `ErrorBoundary`) instead of a blank page.
#[component]
pub fn Fetched<T, V, F>(resource: LocalResource<ApiResult<T>>, children: F) -> impl IntoView
where
    T: Clone + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = Arc::new(children);
    let fallback = move |errors: ArcRwSignal<Errors>| {
        let message = Signal::derive(move || {
            errors
                .get()
                .into_iter()
                .map(|(_, error)| error.to_string())
                .next()
                .unwrap_or_default()
        });
        view! { <MessageBar message on_retry=Callback::new(move |_| resource.refetch()) /> }
    };
    view! {
        <Transition fallback=|| view! { <Spinner /> }>
            <ErrorBoundary fallback>
                {
                    let children = Arc::clone(&children);
                    move || {
                        let children = Arc::clone(&children);
                        Suspend::new(async move { resource.await.map(|value| children(value)) })
                    }
                }
            </ErrorBoundary>
        </Transition>
    }
}
