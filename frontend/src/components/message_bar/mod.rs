use leptos::prelude::*;

use crate::api::AppError;
use crate::i18n::use_i18n;

/// How serious a message bar is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MessageBarIntent {
    #[default]
    Error,
    Warning,
    Success,
    Info,
}

impl MessageBarIntent {
    fn class(self) -> &'static str {
        match self {
            MessageBarIntent::Error => "message-bar message-bar--error",
            MessageBarIntent::Warning => "message-bar message-bar--warning",
            MessageBarIntent::Success => "message-bar message-bar--success",
            MessageBarIntent::Info => "message-bar message-bar--info",
        }
    }
}

/// A message across a page or pane. Errors are alerts; the rest are status
/// messages. With `on_retry`, it offers a Retry button.
#[component]
pub fn MessageBar(
    #[prop(optional)] intent: MessageBarIntent,
    #[prop(into)] message: Signal<String>,
    #[prop(into, optional)] id: Option<String>,
    #[prop(into, default = None)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let role = match intent {
        MessageBarIntent::Error => "alert",
        _ => "status",
    };
    // An error drawn below the fold (under a pane's footer, after Opt out)
    // is scrolled into view: said where nobody sees it, it is not said.
    let bar: NodeRef<leptos::html::Div> = NodeRef::new();
    if intent == MessageBarIntent::Error {
        Effect::new(move |_| {
            if let Some(bar) = bar.get() {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                bar.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }
    view! {
        <div class=intent.class() role=role id=id node_ref=bar>
            <span class="message-bar__text">{move || message.try_get().unwrap_or_default()}</span>
            {on_retry.map(|retry| view! {
                <button type="button" class="button button--subtle message-bar__action" on:click=move |_| retry.run(())>
                    {i18n.s("retry")}
                </button>
            })}
        </div>
    }
}

/// A failed call, said in the active language, with Retry only where trying
/// again can help (`AppError::is_retryable`: the server failed, no answer).
/// A failed `load` (asking again changes nothing on the server) offers Retry
/// for any refusal but "no such thing", "sign in first" and "this request is
/// wrong" (an outbox search with a typo: the same search fails again) and
/// "this page belongs to a sandbox the browser has left" (only a reload of the
/// page helps): a tester's one-off 403 should not leave only the browser's
/// reload.
#[component]
pub fn ErrorBar(
    error: AppError,
    on_retry: Callback<()>,
    #[prop(optional)] load: bool,
) -> impl IntoView {
    use shared::api::ErrorCode;
    let i18n = use_i18n();
    let retry = (error.is_retryable()
        || load
            && !error.is_not_found()
            && !matches!(
                error.code(),
                Some(
                    ErrorCode::NotSignedIn
                        | ErrorCode::InvalidParameter
                        | ErrorCode::SandboxChanged
                )
            ))
    .then_some(on_retry);
    view! { <MessageBar message=i18n.error(&error) on_retry=retry /> }
}

/// What a form's save came back with: a refusal of the input is said under
/// the form; a failure the input did not cause is an [`ErrorBar`] whose
/// Retry saves again.
#[component]
pub fn SaveError(
    #[prop(into)] error: Signal<Option<AppError>>,
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|error| {
            if error.is_retryable() {
                view! { <ErrorBar error on_retry /> }.into_any()
            } else {
                view! { <p class="field__error" role="alert">{i18n.error(&error)}</p> }.into_any()
            }
        })
    }
}
