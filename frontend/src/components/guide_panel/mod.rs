use leptos::prelude::*;

use crate::i18n::{use_i18n, I18n};
use crate::prefs::use_prefs;
use shared::IneligibleReason;

use crate::session::{use_guide, Detour, Guide, STEPS};

/// Guided mode: the nine steps of the article in the active language, the
/// current one marked. The control to use next is outlined on the page.
/// `expanded`: whether the steps show (kept by the frame, which draws the
/// panel before or after the page as the window's width changes).
#[component]
pub fn GuidePanel(expanded: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let prefs = use_prefs();
    view! {
        <Show when=move || prefs.guide.get()>
            <aside class="guide" class=("guide--collapsed", move || !expanded.get()) aria-labelledby="guide-title">
                <div class="guide__header">
                    <h2 id="guide-title" class="guide__title">{i18n.s("guide-title")}</h2>
                    <button
                        type="button"
                        class="button button--subtle guide__toggle"
                        aria-expanded=move || expanded.get().to_string()
                        aria-controls="guide-steps"
                        on:click=move |_| expanded.update(|e| *e = !*e)
                    >
                        {move || if expanded.get() { i18n.t("guide-collapse") } else { i18n.t("guide-expand") }}
                    </button>
                    <button
                        type="button"
                        class="button button--subtle guide__close"
                        on:click=move |_| {
                            prefs.guide.set(false);
                            crate::dom::focus_id("settings-button");
                        }
                    >
                        {i18n.s("guide-turn-off")}
                    </button>
                </div>
                // Where the user is, and, where the walkthrough cannot go
                // on, what to do instead: two sentences, read as two. Shown
                // with the steps folded too.
                <div class="guide__progress" role="status">
                        {move || {
                            let (progress, advice) = whereabouts(guide, i18n);
                            view! {
                                {progress.map(|text| view! { <p>{text}</p> })}
                                {advice.map(|key| view! { <p class="guide__advice">{i18n.t(key)}</p> })}
                            }
                        }}
                    </div>
                <div id="guide-steps" hidden=move || !expanded.get()>
                    <ol class="guide__steps">
                        {(1..=STEPS)
                            .map(|n| {
                                let state = move || {
                                    let current = guide.step.get();
                                    // Off the path, no step is the current one.
                                    let off_path = guide.detour.get() == Some(Detour::OffPath);
                                    if n < current {
                                        "done"
                                    } else if n == current && !off_path {
                                        "current"
                                    } else {
                                        "todo"
                                    }
                                };
                                view! {
                                    <li
                                        class=move || format!("guide__step guide__step--{}", state())
                                        aria-current=move || (state() == "current").then_some("step")
                                    >
                                        <span class="guide__step-number" aria-hidden="true">
                                            {move || if state() == "done" { "✓".to_owned() } else { n.to_string() }}
                                        </span>
                                        <span class="guide__step-text">
                                            <strong>{move || i18n.t(&format!("step-{n}-label"))}</strong>
                                            <span>{move || i18n.t(&format!("guide-step-{n}"))}</span>
                                            <span class="visually-hidden">
                                                {move || match state() {
                                                    "done" => i18n.t("guide-state-done"),
                                                    "current" => i18n.t("guide-state-current"),
                                                    _ => String::new(),
                                                }}
                                            </span>
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                </div>
            </aside>
        </Show>
    }
}

/// Where the user is ("Step 6 of 9", or all done; none off the path) and,
/// where the walkthrough cannot go on, the message key saying what to do.
fn whereabouts(guide: Guide, i18n: I18n) -> (Option<String>, Option<&'static str>) {
    let step = guide.step.get();
    let progress = || {
        i18n.t_args(
            "guide-progress",
            &[("step", step.into()), ("total", STEPS.into())],
        )
    };
    match guide.detour.get() {
        Some(Detour::OffPath) => (None, Some("guide-off-path")),
        Some(Detour::Blocked {
            reason,
            other_scope,
        }) => {
            let key = if reason == IneligibleReason::NotAccountAdministrator {
                "guide-blocked-admin"
            } else if other_scope {
                "guide-blocked-scope"
            } else {
                "guide-blocked-every-scope"
            };
            (Some(progress()), Some(key))
        }
        None if step > STEPS => (Some(i18n.t("guide-all-done")), None),
        None => (Some(progress()), None),
    }
}

/// Guided mode inside an open pane: the current step and what to do. The
/// page behind a pane is inert, the guide panel with it, so its news is not
/// said; and where the pane covers the panel (a narrow window, the panel
/// folded) nor is it seen. Where the panel shows beside the pane, this is
/// only heard (the CSS hides it from sight).
#[component]
pub fn PaneGuide() -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    view! {
        <Show when=move || guide.enabled.get()>
            <div class="pane__guide" role="status">
                {move || {
                    let (progress, advice) = whereabouts(guide, i18n);
                    let step = guide.step.get();
                    // On a detour the advice says what to do instead.
                    let task = (progress.is_some() && advice.is_none() && step <= STEPS).then(|| {
                        format!(
                            "{}: {}",
                            i18n.t(&format!("step-{step}-label")),
                            i18n.t(&format!("guide-step-{step}"))
                        )
                    });
                    view! {
                        {progress.map(|text| view! { <p><strong>{text}</strong>" "{task}</p> })}
                        {advice.map(|key| view! { <p>{i18n.t(key)}</p> })}
                    }
                }}
            </div>
        </Show>
    }
}
