//! The outbox viewer (`/outbox`, `/outbox/{id}`): the invoice emails the flow
//! sent, newest first, searchable, updated live; a message with its HTML (in a
//! sandboxed frame), text, headers, raw source and attachments.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::api::{paths, MessageDetail, MessageKind, MessageSummary};

use crate::api;
use crate::components::button::{Button, ButtonAppearance};
use crate::components::fetched::Fetched;
use crate::components::message_bar::{MessageBar, MessageBarIntent};
use crate::components::shell::{use_page_title, Shell};
use crate::i18n::use_i18n;
use crate::routes;

/// What the HTML part may do in its frame: show itself, with inline styles
/// and embedded images; no scripts, no requests anywhere.
const HTML_CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Html,
    Text,
    Headers,
    Raw,
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title("outbox-title");
    crate::session::use_guide().detour(crate::session::Detour::OffPath);
    let params = use_params_map();
    let selected = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<u64>().ok())
    });
    let query = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    let version = crate::session::use_outbox_version();
    // The page of the list (the server sends 50 messages a page); a new
    // search starts again at the first. Both change together, and only for
    // a new search: Enter after the pause's search, or the same text again,
    // asks the server nothing.
    let page_number = RwSignal::new(1_u32);
    let search = move |text: String| {
        if query.with_untracked(|current| *current != text) {
            page_number.set(1);
            query.set(text);
        }
    };
    let list = LocalResource::new(move || {
        version.0.track();
        api::outbox(query.get(), page_number.get())
    });
    let navigate = use_navigate();

    // j / k move through the list, Enter reads, Delete deletes.
    let ids = move || -> Vec<u64> {
        list.get()
            .and_then(Result::ok)
            .map(|page| page.messages.iter().map(|m| m.id).collect())
            .unwrap_or_default()
    };
    // Delete deletes the row focused in the list, else the message being
    // read. Deleting the message being read: the one after it (else before
    // it) is read next, as in a mail client, in place of the deleted one in
    // the history (Back would land on a message that is gone). Deleting
    // another row: the message being read stays, and focus moves on in the
    // list.
    let delete = Action::new_local(|id: &u64| api::delete_message(*id));
    let after_delete = StoredValue::new(None::<AfterDelete>);
    // The message whose row got focus (see Delete).
    let row_focused_on = StoredValue::new(None::<u64>);
    // Deletes a message, from its row in the list (`in_list`) or as the one
    // being read: the key and the message's Delete button alike.
    let delete_one = move |id: u64, in_list: bool| {
        let ids = ids();
        // The message being read can be missing from the list (read, in a
        // search for unread ones): nothing is read next then.
        let next = ids.iter().position(|listed| *listed == id).and_then(|at| {
            ids.get(at + 1)
                .or_else(|| at.checked_sub(1).and_then(|b| ids.get(b)))
                .copied()
        });
        after_delete.set_value(Some(AfterDelete {
            deleted: id,
            next,
            was_read: Some(id) == selected.get_untracked(),
            in_list,
        }));
        delete.dispatch_local(id);
    };
    let focused = window_event_listener(leptos::ev::focusin, move |ev| {
        row_focused_on.set_value(row_of(ev.target()));
    });
    on_cleanup(move || focused.remove());
    let handle = {
        let navigate = navigate.clone();
        window_event_listener(leptos::ev::keydown, move |ev| {
            use wasm_bindgen::JsCast;
            let typing = crate::dom::is_typing(&ev);
            if typing || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            let ids = ids();
            // j, k and Delete act from the row focused in the list, else from
            // the message being read. The row focused counts only while it
            // shows the message it was focused on: the rows are drawn again
            // in place, so once the message before it has left the list
            // (read, in a search for unread ones) it shows the next one,
            // which nobody chose.
            let focused_row =
                row_of(ev.target()).filter(|id| row_focused_on.get_value() == Some(*id));
            let position = focused_row
                .or(selected.get_untracked())
                .and_then(|s| ids.iter().position(|id| *id == s));
            let go = |index: usize| {
                if let Some(id) = ids.get(index) {
                    // Focus in the list (or nowhere) follows to the message
                    // opened, so that Enter then moves into it.
                    let focus_in_list = document().active_element().is_none_or(|e| {
                        e.tag_name() == "BODY"
                            || e.id() == "main"
                            || e.closest(".outbox__messages").ok().flatten().is_some()
                    });
                    navigate(&routes::outbox_message(*id), Default::default());
                    if focus_in_list {
                        focus_row(*id);
                    }
                }
            };
            match ev.key().as_str() {
                "j" => go(position.map_or(0, |p| p + 1)),
                "k" => go(position.map_or(0, |p| p.saturating_sub(1))),
                // Into the message being read: from nowhere in particular, or
                // from its own row in the list (another row's Enter opens it).
                "Enter"
                    if ev.target().is_some_and(|t| {
                        t.dyn_ref::<web_sys::HtmlElement>().is_some_and(|e| {
                            e.tag_name() == "BODY"
                                || e.id() == "main"
                                || (e.class_list().contains("outbox__link")
                                    && e.get_attribute("aria-current").as_deref() == Some("true"))
                        })
                    }) =>
                {
                    ev.prevent_default();
                    crate::dom::focus_id_at_top("outbox-message");
                }
                "Delete" => {
                    if let Some(id) = focused_row.or(selected.get_untracked()) {
                        delete_one(id, focused_row.is_some());
                    }
                }
                _ => {}
            }
        })
    };
    on_cleanup(move || handle.remove());
    Effect::new({
        let navigate = navigate.clone();
        move |_| {
            if let Some(Ok(())) = delete.value().get() {
                version.bump();
                let Some(after) = after_delete.get_value() else {
                    return;
                };
                if after.was_read {
                    let path = after
                        .next
                        .map_or(routes::OUTBOX.to_owned(), routes::outbox_message);
                    navigate(&path, routes::replace());
                }
                if after.in_list {
                    focus_when_drawn(after.deleted, after.next, 120);
                }
            }
        }
    });

    let clear = Action::new_local(|_: &()| api::clear_outbox());
    let confirming_clear = RwSignal::new(false);
    Effect::new({
        let navigate = navigate.clone();
        move |_| {
            if let Some(Ok(_)) = clear.value().get() {
                confirming_clear.set(false);
                version.bump();
                navigate(routes::OUTBOX, Default::default());
            }
        }
    });

    view! {
        <Shell let:_persona>
            <div class="page outbox">
                <h1>{i18n.s("outbox-title")}</h1>
                <p class="hint">{i18n.s("outbox-intro")}</p>
                <div class="command-bar">
                    // The list and the top bar's unread count, both.
                    <Button appearance=ButtonAppearance::Subtle on_click=Callback::new(move |_| version.bump())>
                        <span class="command-bar__icon" aria-hidden="true">"↻"</span>
                        {i18n.s("refresh")}
                    </Button>
                    <Button
                        appearance=ButtonAppearance::Subtle
                        id="outbox-clear"
                        on_click=Callback::new(move |_| confirming_clear.set(true))
                    >
                        <span class="command-bar__icon" aria-hidden="true">"✕"</span>
                        {i18n.s("outbox-clear")}
                    </Button>
                </div>
                <Show when=move || confirming_clear.get()>
                    <MessageBar intent=MessageBarIntent::Warning message=i18n.s("outbox-clear-confirm") />
                    <div class="button-row">
                        <Button appearance=ButtonAppearance::Primary id="outbox-clear-confirm" on_click=Callback::new(move |_| {
                            clear.dispatch_local(());
                        })>{i18n.s("outbox-clear")}</Button>
                        <Button on_click=Callback::new(move |_| confirming_clear.set(false))>{i18n.s("cancel")}</Button>
                    </div>
                </Show>
                <div class="field outbox__search">
                    <label for="outbox-search" class="field__label">{i18n.s("outbox-search-label")}</label>
                    <input
                        id="outbox-search"
                        type="search"
                        class="field__input"
                        placeholder="from: to: subject: has:attachment is:unread"
                        aria-describedby="outbox-search-help outbox-keys"
                        prop:value=move || typed.get()
                        on:input=move |ev| {
                            // Search once typing pauses, not on every key
                            // (half-typed operators such as "has:a" are refused).
                            let text = event_target_value(&ev);
                            typed.set(text.clone());
                            set_timeout(
                                move || {
                                    if typed.get_untracked() == text {
                                        search(text);
                                    }
                                },
                                std::time::Duration::from_millis(400),
                            );
                        }
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" {
                                search(typed.get_untracked());
                            }
                        }
                    />
                    <p id="outbox-search-help" class="hint">{i18n.s("outbox-search-help")}</p>
                    <p id="outbox-keys" class="hint">{i18n.s("outbox-keys")}</p>
                </div>
                <div class="outbox__body">
                    <nav class="outbox__list" aria-label=move || i18n.t("outbox-title")>
                        <Fetched resource=list let:page>
                            {if page.messages.is_empty() {
                                // An empty outbox, or a search that matched nothing.
                                let key = if query.get_untracked().trim().is_empty() { "outbox-empty" } else { "outbox-no-match" };
                                view! { <p class="empty">{i18n.s(key)}</p> }.into_any()
                            } else {
                                view! {
                                    <p class="hint" role="status">
                                        {move || {
                                            // The unread figure is the whole outbox's, also in a search.
                                            let key = if query.get_untracked().trim().is_empty() { "outbox-count" } else { "outbox-count-search" };
                                            i18n.t_args(key, &[("total", page.total.into()), ("unread", page.unread.into())])
                                        }}
                                    </p>
                                    <Pager page=page.page per_page=page.per_page shown=page.messages.len() total=page.total page_number />
                                    <ul class="outbox__messages">
                                        {page.messages.into_iter().map(|m| view! { <MessageRow message=m selected /> }).collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }}
                        </Fetched>
                    </nav>
                    <section id="outbox-message" class="outbox__message" tabindex="-1" aria-label=move || i18n.t("outbox-message")>
                        {move || match selected.get() {
                            Some(id) => view! {
                                <MessageView
                                    id
                                    list_changed=Callback::new(move |_| version.bump())
                                    delete=Callback::new(move |id| delete_one(id, false))
                                    listed=Signal::derive(move || ids().contains(&id))
                                />
                            }.into_any(),
                            None => view! { <p class="empty">{i18n.s("outbox-select")}</p> }.into_any(),
                        }}
                    </section>
                </div>
            </div>
        </Shell>
    }
}

#[component]
fn MessageRow(message: MessageSummary, selected: Memo<Option<u64>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = message.id;
    let to: Vec<String> = message.to.iter().map(|a| a.to_unicode()).collect();
    let created = message.created_at.date_naive();
    view! {
        <li class="outbox__row" class=("outbox__row--unread", !message.read)>
            <A
                href=routes::outbox_message(id)
                attr:class=move || if selected.get() == Some(id) { "outbox__link outbox__link--current" } else { "outbox__link" }
                attr:aria-current=move || (selected.get() == Some(id)).then_some("true")
            >
                <span class="outbox__subject">
                    {(!message.read).then(|| view! { <span class="visually-hidden">{i18n.s("outbox-unread")}</span> })}
                    // In the message's own language, as in the open message.
                    <span lang=message.language.map(|l| l.tag())>{message.subject.clone()}</span>
                    {message.has_attachment.then(|| view! { <span class="outbox__clip" title=move || i18n.t("outbox-has-attachment")>" · PDF"<span class="visually-hidden">{i18n.s("outbox-has-attachment")}</span></span> })}
                </span>
                <span class="outbox__meta">{message.from.clone()} " → " {to.join(", ")}</span>
                <span class="outbox__meta">{move || i18n.date(created)} " · " {message.created_at.format("%H:%M").to_string()}</span>
            </A>
        </li>
    }
}

#[component]
fn MessageView(
    id: u64,
    list_changed: Callback<()>,
    delete: Callback<u64>,
    /// Whether the list shown holds this message.
    listed: Signal<bool>,
) -> impl IntoView {
    let detail = LocalResource::new(move || api::outbox_message(id));
    // Deleted elsewhere (another tab, a reset, a script) while it is read:
    // said, as for a link to a message that is gone, not left on show with
    // actions that fail. Asked again only on the outbox's changes, and only
    // when the list (loaded again on each) does not hold it: a message in
    // the list is there, and reading it (which changes the outbox) asks
    // nothing more.
    let version = crate::session::use_outbox_version();
    Effect::new(move |seen: Option<()>| {
        version.0.track();
        if seen.is_some() && !listed.get() {
            leptos::task::spawn_local(async move {
                if api::outbox_message(id)
                    .await
                    .is_err_and(|e| e.is_not_found())
                {
                    detail.refetch();
                }
            });
        }
    });
    view! {
        <Fetched resource=detail not_found="outbox-message-gone" let:message>
            <MessageContent message list_changed delete />
        </Fetched>
    }
}

/// Where in the walkthrough the action that sent a message is.
fn cause_link(summary: &MessageSummary) -> Option<String> {
    let scope = summary.scope_id.as_ref()?;
    Some(match summary.kind {
        MessageKind::OptInConfirmation => routes::pane(&scope.0, routes::PaneKind::EmailInvoice),
        MessageKind::Invoice => routes::invoices(&scope.0),
    })
}

#[component]
fn MessageContent(
    message: MessageDetail,
    list_changed: Callback<()>,
    delete: Callback<u64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary = message.summary.clone();
    let id = summary.id;
    let tab = RwSignal::new(if message.html.is_some() {
        Tab::Html
    } else {
        Tab::Text
    });
    // The message read names the tab (and its history entry); the outbox
    // again once it closes.
    let subject = summary.subject.clone();
    Effect::new(move |_| {
        crate::components::shell::set_document_title(
            i18n,
            &[subject.clone(), i18n.t("outbox-title")],
        );
    });
    on_cleanup(move || {
        crate::components::shell::set_document_title(i18n, &[i18n.t("outbox-title")]);
    });
    let read = RwSignal::new(summary.read);
    let mark = Action::new_local(move |read: &bool| api::mark_read(id, *read));
    Effect::new(move |_| {
        if let Some(Ok(saved)) = mark.value().get() {
            read.set(saved.read);
            list_changed.run(());
        }
    });
    // Opening a message reads it.
    if !summary.read {
        mark.dispatch_local(true);
    }
    let raw = LocalResource::new(move || api::outbox_raw(id));
    // The policy goes inside <head>, after the doctype (before it, the
    // doctype would be ignored and the page drawn in quirks mode).
    let html = message.html.clone().map(|html| match html.find("<head>") {
        Some(at) => format!("{}{HTML_CSP}{}", &html[..at + 6], &html[at + 6..]),
        None => format!("{HTML_CSP}{html}"),
    });
    let tab_button = move |which: Tab, key: &'static str, panel: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                id=format!("{panel}-tab")
                class="outbox__tab"
                aria-selected=move || (tab.get() == which).to_string()
                aria-controls=panel
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                on:click=move |_| tab.set(which)
            >
                {i18n.s(key)}
            </button>
        }
    };
    let cause = summary.cause.clone();
    let link = cause_link(&summary);
    let created = summary.created_at.date_naive();
    // The message's own language (a Dutch email read in English, say), so a
    // screen reader reads its subject and text in it (WCAG 3.1.2).
    let language = message
        .headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("Content-Language"))
        .map(|h| h.value.trim().to_owned());
    view! {
        <h2 class="outbox__title" lang=language.clone()>{summary.subject.clone()}</h2>
        <dl class="outbox__facts">
            <div><dt>{i18n.s("outbox-from")}</dt><dd>{summary.from.clone()}</dd></div>
            <div><dt>{i18n.s("outbox-to")}</dt><dd>{summary.to.iter().map(|a| a.to_unicode()).collect::<Vec<_>>().join(", ")}</dd></div>
            <div><dt>{i18n.s("outbox-date")}</dt><dd>{move || i18n.date(created)} " " {summary.created_at.format("%H:%M:%S UTC").to_string()}</dd></div>
            {summary.relay.clone().map(|relay| view! {
                <div>
                    <dt>{i18n.s("outbox-relay")}</dt>
                    <dd class=if relay.delivered { "" } else { "field__error" }>{relay.detail}</dd>
                </div>
            })}
            <div>
                <dt>{i18n.s("outbox-cause")}</dt>
                <dd>
                    <code>{cause.method.clone()} " " {cause.path.clone()}</code>
                    // When it was run (the message's own date is the invoice's).
                    " " <time datetime=cause.at.to_rfc3339()>{move || i18n.date(cause.at.date_naive())} " " {cause.at.format("%H:%M:%S UTC").to_string()}</time>
                    {link.map(|href| view! { " · " <A href=href>{i18n.s("outbox-open-action")}</A> })}
                </dd>
            </div>
        </dl>
        <div class="command-bar">
            <Button appearance=ButtonAppearance::Subtle id="outbox-toggle-read" on_click=Callback::new(move |_| {
                mark.dispatch_local(!read.get_untracked());
            })>
                {move || if read.get() { i18n.t("outbox-mark-unread") } else { i18n.t("outbox-mark-read") }}
            </Button>
            // As the Delete key: the next message is read in its place.
            <Button appearance=ButtonAppearance::Subtle id="outbox-delete" on_click=Callback::new(move |_| {
                delete.run(id);
            })>{i18n.s("outbox-delete")}</Button>
            <a class="button button--subtle" href=paths::outbox_raw(id) download=format!("message-{id}.eml")>
                {i18n.s("outbox-download-eml")}
            </a>
        </div>
        <div
            role="tablist"
            class="outbox__tabs"
            aria-label=move || i18n.t("outbox-message")
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                // Arrow keys move between tabs (the ARIA tabs pattern).
                const ORDER: [(Tab, &str); 4] = [
                    (Tab::Html, "outbox-panel-html-tab"),
                    (Tab::Text, "outbox-panel-text-tab"),
                    (Tab::Headers, "outbox-panel-headers-tab"),
                    (Tab::Raw, "outbox-panel-raw-tab"),
                ];
                let step: isize = match ev.key().as_str() {
                    "ArrowRight" => 1,
                    "ArrowLeft" => -1,
                    _ => return,
                };
                ev.prevent_default();
                let current = ORDER.iter().position(|(t, _)| *t == tab.get_untracked()).unwrap_or(0);
                let next = (current as isize + step).rem_euclid(ORDER.len() as isize) as usize;
                tab.set(ORDER[next].0);
                crate::dom::focus_id(ORDER[next].1);
            }
        >
            {tab_button(Tab::Html, "outbox-tab-html", "outbox-panel-html")}
            {tab_button(Tab::Text, "outbox-tab-text", "outbox-panel-text")}
            {tab_button(Tab::Headers, "outbox-tab-headers", "outbox-panel-headers")}
            {tab_button(Tab::Raw, "outbox-tab-raw", "outbox-panel-raw")}
        </div>
        <div id="outbox-panel-html" role="tabpanel" aria-labelledby="outbox-panel-html-tab" hidden=move || tab.get() != Tab::Html>
            {match html {
                Some(html) => view! {
                    <iframe class="outbox__html" sandbox="" srcdoc=html title=move || i18n.t("outbox-tab-html")></iframe>
                }.into_any(),
                None => view! { <p class="empty">{i18n.s("outbox-no-html")}</p> }.into_any(),
            }}
        </div>
        <div id="outbox-panel-text" role="tabpanel" aria-labelledby="outbox-panel-text-tab" hidden=move || tab.get() != Tab::Text>
            // It scrolls (a long text): the keyboard reaches it to scroll it.
            <pre class="outbox__pre" tabindex="0" role="region" aria-labelledby="outbox-panel-text-tab" lang=language>{message.text.clone().unwrap_or_default()}</pre>
        </div>
        <div id="outbox-panel-headers" role="tabpanel" aria-labelledby="outbox-panel-headers-tab" hidden=move || tab.get() != Tab::Headers>
            <table class="grid">
                <caption class="visually-hidden">{i18n.s("outbox-tab-headers")}</caption>
                <tbody>
                    {message.headers.iter().map(|h| view! {
                        <tr><th scope="row">{h.name.clone()}</th><td class="monospace">{h.value.clone()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <div id="outbox-panel-raw" role="tabpanel" aria-labelledby="outbox-panel-raw-tab" hidden=move || tab.get() != Tab::Raw>
            <Fetched resource=raw let:source>
                <pre class="outbox__pre outbox__raw" tabindex="0" role="region" aria-labelledby="outbox-panel-raw-tab">{source}</pre>
            </Fetched>
        </div>
        {(!message.attachments.is_empty()).then(|| view! {
            <h3>{i18n.s("outbox-attachments")}</h3>
            <ul class="outbox__attachments">
                {message.attachments.iter().map(|a| {
                    let href = paths::outbox_attachment(id, a.index);
                    let preview = a.content_type == "application/pdf";
                    view! {
                        <li>
                            <a href=href.clone() download=a.filename.clone()>{a.filename.clone()}</a>
                            " " {
                                let (kind, size) = (a.content_type.clone(), a.size);
                                move || i18n.t_args(
                                    "outbox-attachment-about",
                                    &[("type", kind.clone().into()), ("size", i18n.number(size).into())],
                                )
                            }
                            {preview.then(|| view! { <PdfPreview id index=a.index title=a.filename.clone() /> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
}

/// A PDF attachment shown in a frame, once it has loaded (an error bar with
/// Retry in its place if it could not be).
#[component]
fn PdfPreview(id: u64, index: usize, title: String) -> impl IntoView {
    let file = LocalResource::new(move || api::outbox_attachment_url(id, index));
    on_cleanup(move || {
        if let Some(Ok(url)) = file.try_get_untracked().flatten() {
            api::forget_object_url(&url);
        }
    });
    view! {
        <Fetched resource=file let:url>
            <iframe class="outbox__pdf" src=url title=title.clone()></iframe>
        </Fetched>
    }
}

/// Newer and Older around "51-63 of 63", when the list has more than one page.
#[component]
fn Pager(
    page: u32,
    per_page: u32,
    shown: usize,
    total: u64,
    page_number: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let per_page = u64::from(per_page.max(1));
    let pages = total.div_ceil(per_page);
    let first = u64::from(page.saturating_sub(1)) * per_page + 1;
    let last = first + shown as u64 - 1;
    (pages > 1).then(|| {
        view! {
            <nav class="outbox__pager" aria-label=i18n.s("outbox-pages")>
                <Button
                    appearance=ButtonAppearance::Subtle
                    id="outbox-newer"
                    disabled={page <= 1}
                    on_click=Callback::new(move |_| page_number.update(|p| *p = p.saturating_sub(1).max(1)))
                >
                    {i18n.s("outbox-newer")}
                </Button>
                <span class="outbox__range">
                    {move || i18n.t_args("outbox-range", &[("first", first.into()), ("last", last.into()), ("total", total.into())])}
                </span>
                <Button
                    appearance=ButtonAppearance::Subtle
                    id="outbox-older"
                    disabled={u64::from(page) >= pages}
                    on_click=Callback::new(move |_| page_number.update(|p| *p += 1))
                >
                    {i18n.s("outbox-older")}
                </Button>
            </nav>
        }
    })
}

/// A Delete pressed in the outbox, for what follows it.
#[derive(Clone, Copy)]
struct AfterDelete {
    deleted: u64,
    /// The row after the deleted one, else the one before it.
    next: Option<u64>,
    /// The message deleted was the one being read: `next` is read instead.
    was_read: bool,
    /// Focus was on the deleted row: it moves on to `next`'s row.
    in_list: bool,
}

/// The message whose row in the list `target` is, if it is one.
fn row_of(target: Option<web_sys::EventTarget>) -> Option<u64> {
    use wasm_bindgen::JsCast;
    target?
        .dyn_into::<web_sys::Element>()
        .ok()
        .filter(|e| e.class_list().contains("outbox__link"))?
        .get_attribute("href")
        .and_then(|href| routes::outbox_message_id(&href))
}

fn row_selector(id: u64) -> String {
    format!(".outbox__messages a[href='{}']", routes::outbox_message(id))
}

/// Focuses the list's row of message `id`.
fn focus_row(id: u64) {
    crate::dom::focus_selector(&row_selector(id));
}

/// Focuses `next`'s row (or the page) once the list is drawn without the
/// `deleted` one: the rows are drawn again in place, so a row found before
/// would show another message by then. Gives up after `frames` (the list
/// loads again first).
fn focus_when_drawn(deleted: u64, next: Option<u64>, frames: u8) {
    request_animation_frame(move || {
        let drawn = document()
            .query_selector(&row_selector(deleted))
            .ok()
            .flatten()
            .is_none();
        match (drawn, next) {
            (true, Some(next)) => focus_row(next),
            (true, None) => crate::dom::focus_id("main"),
            (false, _) if frames > 0 => focus_when_drawn(deleted, next, frames - 1),
            (false, _) => {}
        }
    });
}
