//! The panel's faults: the active ones, each removable, and a form to add one.

use leptos::prelude::*;
use shared::api::{
    Fault, FaultKind, FaultProblem, FaultRequest, MAX_FAULT_LATENCY_MS, MAX_FAULT_PATH_LEN,
};

use super::PanelError;
use crate::api;
use crate::components::button::{Button, ButtonAppearance};
use crate::i18n::{use_i18n, I18n};

fn describe(i18n: I18n, fault: &Fault) -> String {
    let what = match &fault.fault {
        FaultKind::Latency { min_ms, max_ms } if min_ms == max_ms => {
            i18n.t_args("tester-fault-latency-fixed", &[("ms", (*min_ms).into())])
        }
        FaultKind::Latency { min_ms, max_ms } => i18n.t_args(
            "tester-fault-latency-range",
            &[("min", (*min_ms).into()), ("max", (*max_ms).into())],
        ),
        FaultKind::Error { status, body: None } => {
            i18n.t_args("tester-fault-error", &[("status", (*status).into())])
        }
        FaultKind::Error {
            status,
            body: Some(_),
        } => i18n.t_args("tester-fault-error-body", &[("status", (*status).into())]),
        FaultKind::Drop => i18n.t("tester-fault-drop"),
    };
    let left = match fault.remaining {
        Some(n) => i18n.t_args("tester-fault-remaining", &[("count", n.into())]),
        None => i18n.t("tester-fault-until-cleared"),
    };
    format!(
        "#{} {} {} — {what} · {left} · {}",
        fault.id,
        fault.method.as_deref().unwrap_or("*"),
        fault.path,
        i18n.t_args("tester-fault-hits", &[("count", fault.hits.into())])
    )
}

/// Reads a whole number typed in a field; `None` when empty.
fn number(text: &str) -> Result<Option<u32>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(drop)
}

/// The form's control that shows an error the rules or the server blamed on
/// `field` (a field of the request), when the form has one for it.
fn control_for(field: &str, kind: &str) -> Option<&'static str> {
    match field {
        "method" => Some("method"),
        "path" => Some("path"),
        "count" => Some("count"),
        "fault.status" if kind == "error" => Some("fault.status"),
        "fault.body" if kind == "error" => Some("fault.body"),
        "fault" | "fault.min_ms" | "fault.max_ms" if kind == "latency" => Some("fault"),
        _ => None,
    }
}

/// A fault's problem in the active language, naming the panel's fields.
fn problem_text(i18n: I18n, problem: &FaultProblem) -> String {
    match problem {
        FaultProblem::Method(method) => i18n.t_args(
            "tester-fault-problem-method",
            &[("method", method.clone().into())],
        ),
        FaultProblem::Path => i18n.t_args(
            "tester-fault-problem-path",
            &[("max", MAX_FAULT_PATH_LEN.into())],
        ),
        FaultProblem::QueryInPath(path) => i18n.t_args(
            "tester-fault-problem-query",
            &[("path", path.clone().into())],
        ),
        FaultProblem::PathCharacter(c) => i18n.t_args(
            "tester-fault-problem-character",
            &[("char", shared::api::char_name(*c).into())],
        ),
        FaultProblem::AdminPath => i18n.t("tester-fault-problem-admin"),
        FaultProblem::LatencyRange => i18n.t_args(
            "tester-fault-problem-latency",
            &[("max", MAX_FAULT_LATENCY_MS.into())],
        ),
        FaultProblem::Status => i18n.t("tester-fault-problem-status"),
        FaultProblem::BodyTooLarge => i18n.t("tester-fault-problem-body"),
        FaultProblem::Count => {
            i18n.t_args("tester-fault-problem-count", &[("max", u32::MAX.into())])
        }
    }
}

#[component]
pub fn FaultsSection() -> impl IntoView {
    let i18n = use_i18n();
    let faults = LocalResource::new(api::faults);
    // Requests use faults up: keep the list (remaining, hits) current.
    if let Ok(timer) =
        set_interval_with_handle(move || faults.refetch(), std::time::Duration::from_secs(2))
    {
        on_cleanup(move || timer.clear());
    }
    // Redrawn only when something changed, so focus stays where it is.
    let current = Memo::new(move |_| faults.get());
    let method = RwSignal::new(String::new());
    let path = RwSignal::new("/api/*".to_owned());
    let kind = RwSignal::new("error".to_owned());
    let status = RwSignal::new("500".to_owned());
    let body = RwSignal::new(String::new());
    let min_ms = RwSignal::new("2000".to_owned());
    let max_ms = RwSignal::new("2000".to_owned());
    let count = RwSignal::new("1".to_owned());
    // What is wrong: (the request field blamed, if any; the message). The
    // form's own check finds every problem at once; the server names one.
    let errors = RwSignal::new(Vec::<(Option<String>, String)>::new());
    // Which control an error belongs to; `None`: the form as a whole.
    let control_of = move |field: &Option<String>| {
        field
            .as_deref()
            .and_then(|field| kind.with(|kind| control_for(field, kind)))
    };
    let invalid = move |control: &'static str| {
        move || {
            errors
                .with(|list| {
                    list.iter()
                        .any(|(field, _)| control_of(field) == Some(control))
                })
                .then_some("true")
        }
    };
    // An error with a control of its own is said beside it, else under the form.
    let error_at = move |control: Option<&'static str>| {
        Signal::derive(move || {
            errors.with(|list| {
                list.iter()
                    .find(|(field, _)| control_of(field) == control)
                    .map(|(_, message)| message.clone())
            })
        })
    };
    let fail = move |message: String| errors.set(vec![(None, message)]);

    let add = move || {
        let mut found: Vec<(Option<String>, String)> = Vec::new();
        let whole = untrack(|| i18n.t("tester-fault-whole-number"));
        let mut not_a_number = |field: &str| found.push((Some(field.to_owned()), whole.clone()));
        let fault = match kind.get_untracked().as_str() {
            "latency" => match (
                number(&min_ms.get_untracked()),
                number(&max_ms.get_untracked()),
            ) {
                (Ok(Some(min)), Ok(max)) => Some(FaultKind::Latency {
                    min_ms: min,
                    max_ms: max.unwrap_or(min),
                }),
                _ => {
                    not_a_number("fault");
                    None
                }
            },
            "drop" => Some(FaultKind::Drop),
            _ => match number(&status.get_untracked()) {
                Ok(Some(status)) if status <= u32::from(u16::MAX) => Some(FaultKind::Error {
                    status: status as u16,
                    // Sent as typed; left empty (or blank), the mock's own
                    // JSON error.
                    body: Some(body.get_untracked()).filter(|b| !b.trim().is_empty()),
                }),
                _ => {
                    not_a_number("fault.status");
                    None
                }
            },
        };
        let count = match number(&count.get_untracked()) {
            Ok(count) => count,
            // "-3" is a whole number too: say what Requests takes.
            Err(()) => {
                found.push((
                    Some("count".to_owned()),
                    untrack(|| problem_text(i18n, &FaultProblem::Count)),
                ));
                None
            }
        };
        let method = Some(method.get_untracked()).filter(|m| !m.is_empty());
        // Spaces around a pasted path are not meant: the field shows it
        // without them (inside it, the rules refuse them).
        let typed = path.get_untracked();
        let trimmed = typed.trim().to_owned();
        if trimmed.len() != typed.len() {
            path.set(trimmed.clone());
        }
        let request = FaultRequest {
            method,
            path: trimmed,
            // A kind whose fields are not numbers is said above; the rest of
            // the request is still checked.
            fault: fault.clone().unwrap_or(FaultKind::Drop),
            count,
        };
        // The server's rules, said here with the panel's labels first, all
        // of them at once (a field already said to be no number aside).
        for problem in request.problems() {
            let field = problem.field();
            if !found.iter().any(|(f, _)| f.as_deref() == Some(field)) {
                found.push((
                    Some(field.to_owned()),
                    untrack(|| problem_text(i18n, &problem)),
                ));
            }
        }
        // To the first field at fault, which now says what is wrong.
        let first = found.iter().find_map(|(field, _)| {
            field
                .as_deref()
                .and_then(|field| kind.with_untracked(|kind| control_for(field, kind)))
        });
        errors.set(found);
        if let Some(control) = first {
            crate::dom::focus_id(match control {
                "method" => "tester-fault-method",
                "path" => "tester-fault-path",
                "fault.status" => "tester-fault-status",
                "fault.body" => "tester-fault-body",
                "fault" => "tester-fault-min",
                _ => "tester-fault-count",
            });
        }
        if fault.is_none() || !errors.with_untracked(Vec::is_empty) {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::add_fault(request).await {
                Ok(_) => faults.refetch(),
                Err(e) => errors.set(vec![(e.field().map(str::to_owned), e.to_string())]),
            }
        });
    };
    let act = move |call: std::pin::Pin<
        Box<dyn std::future::Future<Output = api::ApiResult<shared::api::FaultsResponse>>>,
    >| {
        leptos::task::spawn_local(async move {
            match call.await {
                Ok(_) => {
                    // The button pressed goes with the list: focus stays in
                    // the section, on its heading.
                    crate::dom::focus_id("tester-faults");
                    faults.refetch();
                }
                Err(e) => fail(e.to_string()),
            }
        });
    };

    view! {
        <section class="tester-panel__section" aria-labelledby="tester-faults">
            <h3 id="tester-faults" tabindex="-1">{i18n.s("tester-faults")}</h3>
            {move || match current.get() {
                None => view! { <p>{i18n.t("loading")}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="tester-panel__error" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(list)) if list.faults.is_empty() => view! {
                    <p class="tester-panel__hint">{i18n.t("tester-faults-none")}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="tester-panel__list">
                        {list.faults.into_iter().map(|fault| {
                            let id = fault.id;
                            let text = describe(i18n, &fault);
                            view! {
                                <li class="tester-panel__item">
                                    <span>{text.clone()}</span>
                                    <button
                                        type="button"
                                        id=format!("tester-fault-remove-{id}")
                                        class="button button--subtle"
                                        aria-label=format!("{} {text}", i18n.t("tester-remove"))
                                        on:click=move |_| act(Box::pin(api::remove_fault(id)))
                                    >
                                        {i18n.t("tester-remove")}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <Button appearance=ButtonAppearance::Subtle on_click=Callback::new(move |()| act(Box::pin(api::clear_faults())))>
                        {i18n.s("tester-faults-clear")}
                    </Button>
                }.into_any(),
            }}
            <form
                class="tester-panel__form"
                aria-labelledby="tester-fault-add"
                on:submit=move |ev| {
                    ev.prevent_default();
                    add();
                }
            >
                <h4 id="tester-fault-add">{i18n.s("tester-fault-add")}</h4>
                <div class="tester-panel__grid">
                    <label for="tester-fault-method">{i18n.s("tester-fault-method")}</label>
                    <select id="tester-fault-method" class="tester-panel__input"
                        aria-invalid=invalid("method") aria-describedby="tester-fault-method-error"
                        on:change=move |ev| method.set(event_target_value(&ev))>
                        <option value="">{i18n.s("tester-fault-any-method")}</option>
                        {["GET", "POST", "PUT", "DELETE"].map(|m| view! { <option value=m>{m}</option> })}
                    </select>
                    <FieldError error=error_at(Some("method")) id="tester-fault-method-error" />
                    <label for="tester-fault-path">{i18n.s("tester-fault-path")}</label>
                    <input id="tester-fault-path" class="tester-panel__input" type="text"
                        aria-invalid=invalid("path") aria-describedby="tester-fault-path-error"
                        prop:value=path on:input=move |ev| path.set(event_target_value(&ev)) />
                    <FieldError error=error_at(Some("path")) id="tester-fault-path-error" />
                    <label for="tester-fault-kind">{i18n.s("tester-fault-kind")}</label>
                    <select id="tester-fault-kind" class="tester-panel__input"
                        on:change=move |ev| {
                            // The other kind's fields go: so does their error.
                            kind.set(event_target_value(&ev));
                            errors.set(Vec::new());
                        }>
                        <option value="error" selected>{i18n.s("tester-fault-kind-error")}</option>
                        <option value="latency">{i18n.s("tester-fault-kind-latency")}</option>
                        <option value="drop">{i18n.s("tester-fault-kind-drop")}</option>
                    </select>
                    <Show when=move || kind.get() == "error">
                        <label for="tester-fault-status">{i18n.s("tester-fault-status")}</label>
                        <input id="tester-fault-status" class="tester-panel__input" type="text" inputmode="numeric"
                            aria-invalid=invalid("fault.status") aria-describedby="tester-fault-status-error"
                            prop:value=status on:input=move |ev| status.set(event_target_value(&ev)) />
                        <FieldError error=error_at(Some("fault.status")) id="tester-fault-status-error" />
                        <label for="tester-fault-body">{i18n.s("tester-fault-body")}</label>
                        <textarea id="tester-fault-body" class="tester-panel__input" rows="3" spellcheck="false"
                            aria-invalid=invalid("fault.body") aria-describedby="tester-fault-body-error tester-fault-body-hint"
                            prop:value=body on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                        <FieldError error=error_at(Some("fault.body")) id="tester-fault-body-error" />
                        <p class="tester-panel__hint tester-panel__field-error" id="tester-fault-body-hint">{i18n.s("tester-fault-body-hint")}</p>
                    </Show>
                    <Show when=move || kind.get() == "latency">
                        <label for="tester-fault-min">{i18n.s("tester-fault-min")}</label>
                        <input id="tester-fault-min" class="tester-panel__input" type="text" inputmode="numeric"
                            aria-invalid=invalid("fault") aria-describedby="tester-fault-latency-error"
                            prop:value=min_ms on:input=move |ev| min_ms.set(event_target_value(&ev)) />
                        <label for="tester-fault-max">{i18n.s("tester-fault-max")}</label>
                        <input id="tester-fault-max" class="tester-panel__input" type="text" inputmode="numeric"
                            aria-invalid=invalid("fault") aria-describedby="tester-fault-latency-error"
                            prop:value=max_ms on:input=move |ev| max_ms.set(event_target_value(&ev)) />
                        <FieldError error=error_at(Some("fault")) id="tester-fault-latency-error" />
                    </Show>
                    <label for="tester-fault-count">{i18n.s("tester-fault-count")}</label>
                    <input id="tester-fault-count" class="tester-panel__input" type="text" inputmode="numeric"
                        aria-invalid=invalid("count") aria-describedby="tester-fault-count-error tester-fault-count-hint"
                        prop:value=count on:input=move |ev| count.set(event_target_value(&ev)) />
                    <FieldError error=error_at(Some("count")) id="tester-fault-count-error" />
                </div>
                <p class="tester-panel__hint" id="tester-fault-count-hint">{i18n.s("tester-fault-count-hint")}</p>
                <PanelError error=error_at(None) id="tester-fault-error" />
                <Button appearance=ButtonAppearance::Primary submit=true>{i18n.s("tester-fault-submit")}</Button>
            </form>
        </section>
    }
}

/// An error of one of the form's controls, drawn right under it (across the
/// form's two columns); the control names it in `aria-describedby`.
#[component]
fn FieldError(error: Signal<Option<String>>, id: &'static str) -> impl IntoView {
    view! {
        <p class="field__error tester-panel__field-error" id=id role="alert">
            {move || error.get().unwrap_or_default()}
        </p>
    }
}
