use leptos::prelude::*;

/// How prominent a button is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ButtonAppearance {
    /// The one main action of a pane or page.
    Primary,
    #[default]
    Secondary,
    /// A command-bar or inline action without a border.
    Subtle,
}

impl ButtonAppearance {
    fn class(self) -> &'static str {
        match self {
            ButtonAppearance::Primary => "button button--primary",
            ButtonAppearance::Secondary => "button button--secondary",
            ButtonAppearance::Subtle => "button button--subtle",
        }
    }
}

/// A button. Disabled buttons stay focusable (`aria-disabled`) so that
/// keyboard and screen-reader users can still reach them and hear why.
#[component]
pub fn Button(
    #[prop(optional)] appearance: ButtonAppearance,
    #[prop(into, optional)] disabled: Signal<bool>,
    /// Outlined by guided mode as the control to use next.
    #[prop(into, optional)]
    highlighted: Signal<bool>,
    #[prop(into, optional)] id: Option<String>,
    /// The id of the element that explains the button (its disabled reason).
    #[prop(default = None)]
    described_by: Option<String>,
    #[prop(into, optional)] label: Option<Signal<String>>,
    #[prop(optional)] submit: bool,
    #[prop(optional)] on_click: Option<Callback<()>>,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type=if submit { "submit" } else { "button" }
            id=id
            class=appearance.class()
            class=("guide-target", move || highlighted.try_get().unwrap_or(false))
            aria-disabled=move || disabled.try_get().unwrap_or(false).then_some("true")
            aria-describedby=described_by
            aria-label=move || label.and_then(|l| l.try_get())
            on:click=move |ev| {
                if disabled.try_get_untracked().unwrap_or(false) {
                    ev.prevent_default();
                    return;
                }
                if let Some(on_click) = on_click {
                    on_click.run(());
                }
            }
        >
            {children()}
        </button>
    }
}
