//! The panel's request journal: filterable, each entry expandable to its
//! bodies, refreshed every two seconds, exported as HAR 1.2.

use std::time::Duration;

use leptos::prelude::*;
use shared::api::{paths, AppliedFault, AppliedFaultKind, JournalBody, JournalEntry, JournalQuery};

use super::PanelError;
use crate::api;
use crate::components::button::{Button, ButtonAppearance};
use crate::i18n::{use_i18n, I18n};

fn body_text(body: &JournalBody) -> String {
    if body.size == 0 {
        return String::new();
    }
    let mut text = body.text.clone();
    if body.base64 {
        text = format!("(base64) {text}");
    }
    if body.truncated {
        text.push_str(&format!("\n… ({} bytes in all)", body.size));
    }
    text
}

/// A fault as the request met it: "fault #3: 500 ms delay".
fn applied_fault(i18n: I18n, fault: &AppliedFault) -> String {
    let id = ("id", fault.id.into());
    match fault.kind {
        AppliedFaultKind::Latency => i18n.t_args(
            "tester-journal-fault-latency",
            &[id, ("ms", fault.delay_ms.unwrap_or_default().into())],
        ),
        AppliedFaultKind::Error => i18n.t_args("tester-journal-fault-error", &[id]),
        AppliedFaultKind::Drop => i18n.t_args("tester-journal-fault-drop", &[id]),
    }
}

#[component]
fn Entry(entry: JournalEntry) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let details = format!("tester-journal-entry-{}", entry.id);
    let code = entry.status;
    let abandoned = entry.abandoned;
    let status = move || match code {
        0 if abandoned => i18n.t("tester-journal-abandoned"),
        0 => i18n.t("tester-journal-dropped"),
        _ => code.to_string(),
    };
    let class = match entry.status {
        0 | 500.. => "tester-journal__status tester-journal__status--server",
        400..=499 => "tester-journal__status tester-journal__status--client",
        _ => "tester-journal__status",
    };
    let time = entry.started_at.format("%H:%M:%S%.3f").to_string();
    let request = body_text(&entry.request_body);
    let response = body_text(&entry.response_body);
    let faults = (!entry.faults.is_empty()).then(|| {
        let said = move || {
            entry
                .faults
                .iter()
                .map(|fault| applied_fault(i18n, fault))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        view! { <span class="tester-journal__faults">{said}</span> }
    });
    view! {
        <li class="tester-journal__entry">
            <button
                type="button"
                class="tester-journal__summary"
                aria-expanded=move || open.get().to_string()
                aria-controls=details.clone()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span class="tester-journal__time">{time}</span>
                <span class="tester-journal__method">{entry.method.clone()}</span>
                <span class="tester-journal__path">{entry.path.clone()}</span>
                <span class=class>{status}</span>
                <span class="tester-journal__ms">{format!("{:.1} ms", entry.duration_ms)}</span>
                {faults}
            </button>
            <div id=details class="tester-journal__details" hidden=move || !open.get()>
                // Headings under the section's h3; each body a region the
                // keyboard can reach, as it scrolls.
                <h4 id=format!("{details}-request")>{i18n.s("tester-journal-request")}</h4>
                <pre tabindex="0" role="region" aria-labelledby=format!("{details}-request")>
                    {move || if request.is_empty() { i18n.t("tester-journal-no-body") } else { request.clone() }}
                </pre>
                <h4 id=format!("{details}-response")>{i18n.s("tester-journal-response")}</h4>
                <pre tabindex="0" role="region" aria-labelledby=format!("{details}-response")>
                    {move || if response.is_empty() { i18n.t("tester-journal-no-body") } else { response.clone() }}
                </pre>
            </div>
        </li>
    }
}

#[component]
pub fn JournalSection() -> impl IntoView {
    let i18n = use_i18n();
    let method = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let path = RwSignal::new(String::new());
    let faulted = RwSignal::new(false);
    let query = move || JournalQuery {
        method: Some(method.get()).filter(|m| !m.is_empty()),
        status: Some(status.get()).filter(|s| !s.trim().is_empty()),
        path: Some(path.get()).filter(|p| !p.trim().is_empty()),
        faulted: faulted.get().then_some(true),
        limit: Some(100),
    };
    let journal = LocalResource::new(move || api::journal(query()));
    let error = RwSignal::new(None::<String>);
    // Keeps the list current while the panel is open.
    if let Ok(timer) = set_interval_with_handle(move || journal.refetch(), Duration::from_secs(2)) {
        on_cleanup(move || timer.clear());
    }
    let har_href = move || {
        let mut q = query();
        q.limit = None;
        format!("{}{}", paths::ADMIN_JOURNAL_HAR, api::journal_query(&q))
    };
    let clear = move || {
        leptos::task::spawn_local(async move {
            match api::clear_journal().await {
                Ok(_) => journal.refetch(),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    // A filter the server refused is shown next to the filters.
    let refused = move || {
        journal
            .get()
            .and_then(|r| r.err())
            .map(|e| (e.field().map(str::to_owned), e.to_string()))
    };
    let invalid = move |field: &'static str| {
        move || {
            refused()
                .is_some_and(|(f, _)| f.as_deref() == Some(field))
                .then_some("true")
        }
    };

    let entries = move || {
        journal
            .get()
            .and_then(|r| r.ok())
            .map(|list| list.entries)
            .unwrap_or_default()
    };

    view! {
        <section class="tester-panel__section" aria-labelledby="tester-journal">
            <h3 id="tester-journal">{i18n.s("tester-journal")}</h3>
            <div class="tester-panel__grid" role="search" aria-label=i18n.s("tester-journal-filter")>
                <label for="tester-journal-method">{i18n.s("tester-fault-method")}</label>
                <select id="tester-journal-method" class="tester-panel__input"
                    on:change=move |ev| method.set(event_target_value(&ev))>
                    <option value="">{i18n.s("tester-fault-any-method")}</option>
                    {["GET", "POST", "PUT", "DELETE"].map(|m| view! { <option value=m>{m}</option> })}
                </select>
                <label for="tester-journal-status">{i18n.s("tester-journal-status")}</label>
                <input id="tester-journal-status" class="tester-panel__input" type="text"
                    placeholder="4xx" aria-invalid=invalid("status")
                    aria-describedby="tester-journal-error"
                    prop:value=status on:input=move |ev| status.set(event_target_value(&ev)) />
                <label for="tester-journal-path">{i18n.s("tester-fault-path")}</label>
                <input id="tester-journal-path" class="tester-panel__input" type="text"
                    placeholder="recipients" aria-invalid=invalid("path")
                    aria-describedby="tester-journal-error"
                    prop:value=path on:input=move |ev| path.set(event_target_value(&ev)) />
                <label class="tester-panel__check">
                    <input type="checkbox" prop:checked=faulted
                        on:change=move |ev| faulted.set(event_target_checked(&ev)) />
                    {i18n.s("tester-journal-faulted")}
                </label>
            </div>
            <PanelError error=Signal::derive(move || refused().map(|(_, m)| m).or(error.get())) id="tester-journal-error" />
            <div class="tester-panel__row">
                // Not while the server refuses the filter: the file would
                // hold its error.
                <a
                    class="button button--secondary"
                    href=move || refused().is_none().then(har_href)
                    aria-disabled=move || refused().is_some().then_some("true")
                    download="journal.har"
                >
                    {i18n.s("tester-journal-har")}
                </a>
                <Button appearance=ButtonAppearance::Subtle on_click=Callback::new(move |()| clear())>
                    {i18n.s("tester-journal-clear")}
                </Button>
            </div>
            // Not a live region: it changes with every request (every two
            // seconds), which a screen reader would keep reading out.
            <p class="tester-panel__hint">
                {move || journal.get().and_then(|r| r.ok()).map(|list| {
                    i18n.t_args("tester-journal-count", &[
                        ("shown", (list.entries.len() as u64).into()),
                        ("total", list.total.into()),
                    ])
                })}
            </p>
            // Keyed rows: a refresh adds the new entries and keeps open ones open.
            <ul class="tester-journal">
                <For each=entries key=|entry| entry.id children=|entry| view! { <Entry entry /> } />
            </ul>
        </section>
    }
}
