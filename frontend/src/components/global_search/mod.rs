use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::ApiResult;
use crate::i18n::use_i18n;
use crate::routes;
use crate::search::{finds_billing_service, matches};
use crate::session::use_guide;

/// One result of the search.
#[derive(Clone, PartialEq)]
struct Hit {
    group: &'static str,
    label: String,
    detail: String,
    href: String,
}

/// The top bar's search box: a combobox whose results are grouped into
/// services and resources. `/` focuses it; arrows move, Enter opens, Esc closes.
#[component]
pub fn GlobalSearch(
    scopes: LocalResource<ApiResult<shared::api::ScopesResponse>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let guide = use_guide();
    let navigate = use_navigate();
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    let input: NodeRef<html::Input> = NodeRef::new();

    let hits = Memo::new(move |_| {
        let q = query.get();
        let mut hits = Vec::new();
        if finds_billing_service(&q) {
            hits.push(Hit {
                group: "search-group-services",
                label: i18n.t("service-billing"),
                detail: i18n.t("search-service-detail"),
                href: routes::BILLING.to_owned(),
            });
        }
        if let Some(Ok(list)) = scopes.get() {
            for summary in list.scopes {
                let kind = i18n.t(crate::pages::scope_kind_key(summary.scope.kind));
                if matches(&summary.scope.display_name, &q) || matches(&kind, &q) {
                    hits.push(Hit {
                        group: "search-group-resources",
                        label: summary.scope.display_name.clone(),
                        detail: kind,
                        href: routes::invoices(&summary.scope.id.0),
                    });
                }
            }
        }
        hits
    });

    // `/` anywhere but in a text field focuses the search.
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        // An open pane is modal: the search behind it is out of reach.
        if crate::components::pane::is_open() {
            return;
        }
        let typing = crate::dom::is_typing(&ev);
        if !typing {
            if let Some(input) = input.get_untracked() {
                ev.prevent_default();
                let _ = input.focus();
            }
        }
    });
    on_cleanup(move || handle.remove());

    let go = {
        let navigate = navigate.clone();
        move |href: String| {
            open.set(false);
            query.set(String::new());
            // The chosen page is where the user goes on: focus moves to the
            // content (and to the new page's content once it is drawn).
            crate::dom::focus_id_in_place("main");
            navigate(&href, Default::default());
        }
    };
    let go_key = go.clone();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = hits.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = (*a + 1) % count);
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = (*a + count - 1) % count);
            }
            "Enter" => {
                if let Some(hit) = hits.with_untracked(|h| h.get(active.get_untracked()).cloned()) {
                    ev.prevent_default();
                    go_key(hit.href);
                }
            }
            // First Escape closes the list, the next one clears the text.
            "Escape" => {
                ev.prevent_default();
                if open.get_untracked() && count > 0 {
                    open.set(false);
                } else {
                    query.set(String::new());
                }
            }
            _ => {}
        }
    };

    let typed = move || open.get() && !query.get().trim().is_empty();
    let expanded = move || typed() && !hits.with(Vec::is_empty);
    let option_id = |index: usize| format!("search-option-{index}");

    view! {
        <div class="global-search" class=("guide-target", move || guide.is_target(2))>
            <label for="global-search-input" class="visually-hidden">{i18n.s("search-label")}</label>
            <span class="global-search__icon" aria-hidden="true">"⌕"</span>
            <input
                id="global-search-input"
                node_ref=input
                type="text"
                class="global-search__input"
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-controls="global-search-results"
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || (expanded() && !hits.get().is_empty()).then(|| option_id(active.get()))
                placeholder=i18n.s("search-placeholder")
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    active.set(0);
                    open.set(true);
                }
                on:focus=move |_| open.set(true)
                on:blur=move |_| {
                    // Let a click on a result land before the list closes.
                    set_timeout(move || open.set(false), std::time::Duration::from_millis(150));
                }
                on:keydown=on_keydown
            />
            <div id="global-search-results" class="global-search__results" role="listbox" aria-label=i18n.s("search-results") hidden=move || !expanded()>
                {move || {
                    let hits = hits.get();
                    let mut groups: Vec<(&'static str, Vec<(usize, Hit)>)> = Vec::new();
                    for (index, hit) in hits.into_iter().enumerate() {
                        match groups.iter_mut().find(|(g, _)| *g == hit.group) {
                            Some((_, list)) => list.push((index, hit)),
                            None => groups.push((hit.group, vec![(index, hit)])),
                        }
                    }
                    groups
                        .into_iter()
                        .map(|(group, items)| {
                            let heading_id = format!("{group}-heading");
                            let labelled_by = heading_id.clone();
                            view! {
                                <div role="group" aria-labelledby=labelled_by class="global-search__group">
                                    <div id=heading_id class="global-search__group-title" role="presentation">{i18n.t(group)}</div>
                                    {items
                                        .into_iter()
                                        .map(|(index, hit)| {
                                            let go = go.clone();
                                            let href = hit.href.clone();
                                            view! {
                                                <div
                                                    id=option_id(index)
                                                    role="option"
                                                    class="global-search__option"
                                                    class=("global-search__option--active", move || active.get() == index)
                                                    aria-selected=move || (active.get() == index).to_string()
                                                    on:mousedown=move |ev| {
                                                        ev.prevent_default();
                                                        go(href.clone());
                                                    }
                                                >
                                                    <span class="global-search__option-label">{hit.label}</span>
                                                    <span class="global-search__option-detail">{hit.detail}</span>
                                                </div>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </div>
            // Outside the listbox, which may hold only options: a live region
            // always there, its text set when nothing is found (text shown in
            // a region that appears is often not announced).
            <p class="global-search__empty" role="status">
                {move || (typed() && hits.with(Vec::is_empty)).then(|| i18n.t("search-no-results"))}
            </p>
        </div>
    }
}
