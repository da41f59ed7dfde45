use std::sync::Arc;

use leptos::either::Either;
use leptos::prelude::*;

use crate::api::ApiResult;
use crate::components::button::Button;
use crate::components::message_bar::{ErrorBar, MessageBar, MessageBarIntent};
use crate::components::spinner::Spinner;
use crate::i18n::use_i18n;

/// Shows `children` with the value of `resource` once it has loaded: a spinner
/// while loading, and, if the call failed, an error bar with Retry in its
/// place instead of a blank page. The error is rendered right here rather
/// than thrown to an `ErrorBoundary`: a boundary could catch the error of
/// another `Fetched` resolving at the same time (a pane's error showed up in
/// the invoice grid behind it, leaving the pane empty and Retry out of reach).
/// In a pane whose buttons come with what failed to load, `back` adds a Back
/// button beside the error, so the pane keeps a way out other than ×.
/// `not_found` is the message key said in place of the general "does not
/// exist" where the page knows why a thing can be missing (a deleted message).
#[component]
pub fn Fetched<T, V, F>(
    resource: LocalResource<ApiResult<T>>,
    #[prop(optional, into)] back: Option<Callback<()>>,
    #[prop(optional)] not_found: Option<&'static str>,
    /// In a pane, what closes it: a Close button under the `not_found`
    /// message, which says to close the pane (Back would lead to another
    /// pane of the same missing thing).
    #[prop(optional, into)]
    close: Option<Callback<()>>,
    /// In a pane (implied by `close`): the `not_found` message puts focus on
    /// the pane's first control, as pane contents do.
    #[prop(optional)]
    in_pane: bool,
    children: F,
) -> impl IntoView
where
    T: Clone + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let children = Arc::new(children);
    view! {
        <Transition fallback=|| view! { <Spinner /> }>
            {
                let children = Arc::clone(&children);
                move || {
                    let children = Arc::clone(&children);
                    Suspend::new(async move {
                        match resource.await {
                            Ok(value) => Either::Left(children(value)),
                            Err(error) => Either::Right(match not_found.filter(|_| error.is_not_found()) {
                                Some(key) => Either::Left(view! {
                                    <MessageBar intent=MessageBarIntent::Warning message=i18n.t(key) />
                                    {
                                        // No effect, and no signal: this is
                                        // drawn again after its pane closed
                                        // (the scope's status loads again
                                        // then), where either panicked as
                                        // disposed.
                                        if in_pane || close.is_some() {
                                            crate::components::pane::focus_pane_content();
                                        }
                                    }
                                    {close.map(|close| {
                                        view! {
                                            <div class="button-row">
                                                <Button on_click=close>{i18n.t("close")}</Button>
                                            </div>
                                        }
                                    })}
                                }),
                                None => Either::Right(view! {
                                <ErrorBar error on_retry=Callback::new(move |()| resource.refetch()) load=true />
                                {back.map(|back| view! {
                                    <div class="button-row">
                                        <Button on_click=back>{i18n.t("back")}</Button>
                                    </div>
                                })}
                                }),
                            }),
                        }
                    })
                }
            }
        </Transition>
    }
}
