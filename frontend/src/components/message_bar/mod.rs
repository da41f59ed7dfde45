use leptos::prelude::*;

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
