use leptos::prelude::*;

/// How serious a message bar is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MessageBarIntent {
    #[default]
    Error,
    Success,
    Info,
}

impl MessageBarIntent {
    fn class(self) -> &'static str {
        match self {
            MessageBarIntent::Error => "message-bar message-bar--error",
            MessageBarIntent::Success => "message-bar message-bar--success",
            MessageBarIntent::Info => "message-bar message-bar--info",
        }
    }
}

/// A message across the top of a page or pane. Errors are announced as alerts.
#[component]
pub fn MessageBar(
    #[prop(optional)] intent: MessageBarIntent,
    #[prop(into)] message: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let role = match intent {
        MessageBarIntent::Error => "alert",
        _ => "status",
    };
    view! {
        <div class=intent.class() role=role>
            <span class="message-bar__text">{message}</span>
            {children.map(|c| c())}
        </div>
    }
}
