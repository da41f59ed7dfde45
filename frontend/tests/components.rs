//! Component tests in a real browser (headless Chromium through
//! wasm-bindgen-test): the recipients editor and the terms step, mounted alone
//! with the app's contexts, driven through the DOM as a person would.
#![cfg(target_arch = "wasm32")]

use std::sync::{Arc, Mutex};

use frontend::api::AppError;
use frontend::i18n::I18n;
use frontend::pages::invoices::recipients_editor::RecipientsEditor;
use frontend::pages::invoices::terms_step::TermsStep;
use leptos::prelude::*;
use shared::api::{ApiError, ErrorCode};
use shared::{EmailAddress, Locale, TermsDocument, MAX_RECIPIENTS};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Lets Leptos run its effects and re-render.
async fn settle() {
    for _ in 0..3 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

/// Mounts `view` into a fresh element of the page, with the app's contexts
/// and the given language.
fn mount<V: IntoView + 'static>(locale: Locale, view: impl FnOnce() -> V + 'static) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        frontend::provide_app_contexts();
        expect_context::<I18n>().locale.set(locale);
        view()
    });
    handle.forget();
    root
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| {
            list.item(i)
                .unwrap()
                .text_content()
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
        .collect()
}

fn click(root: &Element, selector: &str) {
    find(root, selector).unchecked_into::<HtmlElement>().click();
}

fn fire(target: &Element, event: web_sys::Event) {
    target.dispatch_event(&event).unwrap();
}

/// Types `text` into the input as a person would: value, then an input event.
fn type_into(root: &Element, selector: &str, text: &str) {
    let input: HtmlInputElement = find(root, selector).unchecked_into();
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    fire(
        &input,
        web_sys::Event::new_with_event_init_dict("input", &init).unwrap(),
    );
}

fn press_enter(root: &Element, selector: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    fire(&find(root, selector), event.into());
}

fn address(text: &str) -> EmailAddress {
    EmailAddress::parse(text).unwrap()
}

struct Editor {
    root: Element,
    saved: Arc<Mutex<Option<Vec<String>>>>,
    cancelled: Arc<Mutex<bool>>,
    server_error: RwSignal<Option<AppError>>,
    unsaved: RwSignal<bool>,
}

fn editor(locale: Locale, initial: Vec<EmailAddress>) -> Editor {
    editor_rebased(locale, initial, None)
}

/// An editor whose draft starts as made again on `initial` (after a 409).
fn editor_rebased(
    locale: Locale,
    initial: Vec<EmailAddress>,
    rebased: Option<Vec<EmailAddress>>,
) -> Editor {
    let saved = Arc::new(Mutex::new(None));
    let cancelled = Arc::new(Mutex::new(false));
    let server_error = RwSignal::new(None);
    let unsaved = RwSignal::new(false);
    let (saved_in, cancelled_in) = (Arc::clone(&saved), Arc::clone(&cancelled));
    let root = mount(locale, move || {
        view! {
            <RecipientsEditor
                initial
                preferred=address("noor.jansen@tulipworks.example")
                saving=Signal::stored(false)
                server_error
                on_save=Callback::new(move |list| *saved_in.lock().unwrap() = Some(list))
                on_cancel=Callback::new(move |_| *cancelled_in.lock().unwrap() = true)
                unsaved
                rebased=rebased.clone()
            />
        }
    });
    Editor {
        root,
        saved,
        cancelled,
        server_error,
        unsaved,
    }
}

impl Editor {
    fn unsaved_hint(&self) -> String {
        find(&self.root, "#recipients-unsaved")
            .text_content()
            .unwrap_or_default()
    }
}

impl Editor {
    fn list(&self) -> Vec<String> {
        texts(&self.root, ".recipients-editor__address")
    }

    fn error(&self) -> String {
        find(&self.root, "#recipient-input-error")
            .text_content()
            .unwrap_or_default()
    }

    /// The field's error says each of `parts` (whatever the wording around).
    fn assert_error_contains(&self, parts: &[&str]) {
        let error = self.error();
        for part in parts {
            assert!(error.contains(part), "{part:?} is not in {error:?}");
        }
    }

    async fn add(&self, text: &str) {
        type_into(&self.root, "#recipient-input", text);
        settle().await;
        click(&self.root, "#add-recipient-button");
        settle().await;
    }
}

#[wasm_bindgen_test]
async fn recipients_editor_adds_with_the_button_and_with_enter() {
    let editor = editor(Locale::EnUs, vec![address("keep@tulipworks.example")]);
    settle().await;
    assert_eq!(editor.list(), ["keep@tulipworks.example"]);
    assert!(find(&editor.root, "#recipients-count")
        .text_content()
        .unwrap()
        .contains("1 of 20"));

    editor.add("finance@tulipworks.example").await;
    type_into(&editor.root, "#recipient-input", "  cfo@bücher.example ");
    settle().await;
    press_enter(&editor.root, "#recipient-input");
    settle().await;
    assert_eq!(
        editor.list(),
        [
            "keep@tulipworks.example",
            "finance@tulipworks.example",
            "cfo@bücher.example"
        ]
    );
    let input: HtmlInputElement = find(&editor.root, "#recipient-input").unchecked_into();
    assert_eq!(input.value(), "", "the field is cleared after adding");
    assert_eq!(editor.error(), "");
}

#[wasm_bindgen_test]
async fn recipients_editor_shows_inline_errors_from_the_shared_rules() {
    let editor = editor(Locale::EnUs, vec![address("finance@tulipworks.example")]);
    settle().await;

    editor.add("not an address").await;
    assert_eq!(editor.error(), "An email address cannot contain spaces.");
    let input = find(&editor.root, "#recipient-input");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(input
        .get_attribute("aria-describedby")
        .unwrap()
        .contains("recipient-input-error"));

    // Named as listed, not as typed.
    editor.add("FINANCE@TulipWorks.example").await;
    editor.assert_error_contains(&["finance@tulipworks.example", "already in the list"]);

    // The preferred email gets every invoice already (named as in the profile).
    editor.add("Noor.Jansen@TulipWorks.example").await;
    editor.assert_error_contains(&[
        "noor.jansen@tulipworks.example",
        "preferred communication email",
    ]);

    // The browser itself strips line breaks from an email field; a tab stays
    // and is refused as a control character.
    editor.add("x@tulip\tworks.example").await;
    editor.assert_error_contains(&["control characters"]);

    editor.add("").await;
    assert_eq!(editor.error(), "Enter an email address.");
    assert_eq!(
        editor.list(),
        ["finance@tulipworks.example"],
        "nothing invalid was added"
    );

    // Typing again clears the error.
    type_into(&editor.root, "#recipient-input", "f");
    settle().await;
    assert_eq!(editor.error(), "");
}

/// International domains go through the browser's UTS #46: one address in
/// two spellings is a duplicate, and a label UTS #46 refuses is an error.
#[wasm_bindgen_test]
async fn recipients_editor_knows_international_domains() {
    let editor = editor(Locale::EnUs, vec![address("cfo@bücher.example")]);
    settle().await;
    assert_eq!(editor.list(), ["cfo@bücher.example"]);

    editor.add("CFO@XN--BCHER-KVA.example").await;
    editor.assert_error_contains(&["already in the list"]);

    editor.add("jan@bü--cher.example").await;
    editor.assert_error_contains(&["bü--cher.example", "not a valid domain"]);

    editor.add("jan@例え．テスト.example").await;
    assert_eq!(editor.error(), "");
    assert_eq!(
        editor.list(),
        ["cfo@bücher.example", "jan@例え.テスト.example"]
    );
}

#[wasm_bindgen_test]
async fn recipients_editor_stops_at_the_limit() {
    let initial: Vec<EmailAddress> = (1..MAX_RECIPIENTS)
        .map(|i| address(&format!("r{i}@tulipworks.example")))
        .collect();
    let editor = editor(Locale::EnUs, initial);
    settle().await;
    editor.add("last@tulipworks.example").await;
    assert_eq!(editor.list().len(), MAX_RECIPIENTS);
    assert_eq!(editor.error(), "");
    editor.add("one.more@tulipworks.example").await;
    assert_eq!(
        editor.error(),
        "The list is full: a scope can have at most 20 recipients."
    );
    assert_eq!(editor.list().len(), MAX_RECIPIENTS);
    assert!(find(&editor.root, "#recipients-count")
        .text_content()
        .unwrap()
        .contains("20 of 20"));
}

#[wasm_bindgen_test]
async fn recipients_editor_removes_saves_and_cancels() {
    let editor = editor(
        Locale::EnUs,
        vec![
            address("a@tulipworks.example"),
            address("b@tulipworks.example"),
        ],
    );
    settle().await;
    // Nothing to save yet: no hint, and the pane is told so.
    assert_eq!(editor.unsaved_hint(), "");
    assert!(!editor.unsaved.get_untracked());
    let remove = find(&editor.root, ".recipients-editor__remove");
    assert_eq!(
        remove.get_attribute("aria-label").as_deref(),
        Some("Remove a@tulipworks.example")
    );
    remove.unchecked_into::<HtmlElement>().click();
    settle().await;
    assert_eq!(editor.list(), ["b@tulipworks.example"]);
    // Only Done saves, and the editor says so as soon as the list changed.
    assert!(
        editor.unsaved_hint().contains("Done saves"),
        "{}",
        editor.unsaved_hint()
    );
    assert!(editor.unsaved.get_untracked());
    // An address typed and not added: Done adds it, and the hint says so.
    type_into(&editor.root, "#recipient-input", "c@tulipworks.example");
    settle().await;
    assert!(
        editor
            .unsaved_hint()
            .contains("Done adds c@tulipworks.example and saves"),
        "{}",
        editor.unsaved_hint()
    );
    // Not one Done would refuse at the field (a duplicate here).
    type_into(&editor.root, "#recipient-input", "b@tulipworks.example");
    settle().await;
    assert!(
        editor.unsaved_hint().contains("Done saves the list"),
        "{}",
        editor.unsaved_hint()
    );
    type_into(&editor.root, "#recipient-input", "");
    settle().await;

    editor.add("c@tulipworks.example").await;
    click(&editor.root, "#done-button");
    settle().await;
    assert_eq!(
        editor.saved.lock().unwrap().clone(),
        Some(vec![
            "b@tulipworks.example".to_owned(),
            "c@tulipworks.example".to_owned()
        ])
    );

    // What the server refuses is shown, and the entry it blames is marked.
    editor.server_error.set(Some(AppError::Api {
        status: 409,
        body: ApiError {
            code: ErrorCode::DuplicateRecipient,
            message: "c@tulipworks.example is already a recipient.".into(),
            field: Some("recipients[1]".into()),
        },
    }));
    settle().await;
    assert!(editor
        .root
        .text_content()
        .unwrap()
        .contains("c@tulipworks.example is already a recipient."));
    let marked = texts(
        &editor.root,
        ".recipients-editor__item--invalid .recipients-editor__address",
    );
    assert_eq!(marked, ["c@tulipworks.example"]);
    // The index is into the list that was sent: removing the row before the
    // blamed one keeps the blamed address marked, not its new neighbour.
    find(&editor.root, ".recipients-editor__remove")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(editor.list(), ["c@tulipworks.example"]);
    let marked = texts(
        &editor.root,
        ".recipients-editor__item--invalid .recipients-editor__address",
    );
    assert_eq!(marked, ["c@tulipworks.example"]);

    // A failure the list did not cause is a bar whose Retry saves again.
    *editor.saved.lock().unwrap() = None;
    editor.server_error.set(Some(AppError::Api {
        status: 503,
        body: ApiError {
            code: ErrorCode::Internal,
            message: "unavailable".into(),
            field: None,
        },
    }));
    settle().await;
    assert!(editor
        .root
        .query_selector(".recipients-editor > .field__error")
        .unwrap()
        .is_none());
    click(&editor.root, ".message-bar__action");
    settle().await;
    assert_eq!(
        editor.saved.lock().unwrap().clone(),
        Some(vec!["c@tulipworks.example".to_owned()])
    );

    click(&editor.root, ".pane-form__footer .button--secondary");
    settle().await;
    assert!(*editor.cancelled.lock().unwrap());
}

#[wasm_bindgen_test]
async fn recipients_editor_speaks_dutch() {
    let editor = editor(Locale::NlNl, vec![]);
    settle().await;
    assert_eq!(
        find(&editor.root, "#add-recipient-button")
            .text_content()
            .unwrap()
            .trim(),
        "Geadresseerde toevoegen"
    );
    assert_eq!(
        find(&editor.root, "#done-button")
            .text_content()
            .unwrap()
            .trim(),
        "Gedaan"
    );
    assert_eq!(
        find(&editor.root, "#recipient-input")
            .get_attribute("placeholder")
            .as_deref(),
        Some("naam@domein.example")
    );
    editor.add("geen adres").await;
    assert_eq!(editor.error(), "Een e-mailadres kan geen spaties bevatten.");
}

fn terms() -> TermsDocument {
    TermsDocument {
        version: "2026-05".into(),
        locale: Locale::EnUs,
        title: "Terms for receiving invoices by email (sample)".into(),
        paragraphs: vec!["This is sample text.".into(), "Second paragraph.".into()],
    }
}

struct Terms {
    root: Element,
    accepted: Arc<Mutex<Vec<String>>>,
    server_error: RwSignal<Option<AppError>>,
}

fn terms_step(locale: Locale) -> Terms {
    let accepted = Arc::new(Mutex::new(Vec::new()));
    let server_error = RwSignal::new(None);
    let accepted_in = Arc::clone(&accepted);
    let root = mount(locale, move || {
        view! {
            <TermsStep
                terms=terms()
                pending=Signal::stored(false)
                server_error
                on_accept=Callback::new(move |version| accepted_in.lock().unwrap().push(version))
                on_cancel=Callback::new(|_| ())
            />
        }
    });
    Terms {
        root,
        accepted,
        server_error,
    }
}

#[wasm_bindgen_test]
async fn terms_step_shows_the_terms_and_their_version() {
    let step = terms_step(Locale::EnUs);
    settle().await;
    assert_eq!(
        find(&step.root, ".terms-step__version")
            .text_content()
            .unwrap(),
        "Version 2026-05"
    );
    assert_eq!(
        texts(&step.root, ".terms-step__text p"),
        ["This is sample text.", "Second paragraph."]
    );
    assert_eq!(
        find(&step.root, "label[for=terms-agree]")
            .text_content()
            .unwrap(),
        "I have read and accept these terms"
    );
}

#[wasm_bindgen_test]
async fn terms_step_needs_the_box_ticked_before_opting_in() {
    let step = terms_step(Locale::EnUs);
    settle().await;
    click(&step.root, "#opt-in-button");
    settle().await;
    assert!(step.accepted.lock().unwrap().is_empty());
    assert_eq!(
        find(&step.root, "#terms-agree-error")
            .text_content()
            .unwrap(),
        "Tick the box to accept the terms first."
    );
    assert_eq!(
        find(&step.root, "#terms-agree")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    // Focus goes to the box to tick, as it goes to the field at fault
    // in the recipients editor.
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("terms-agree")
    );

    click(&step.root, "#terms-agree");
    settle().await;
    assert!(
        step.root
            .query_selector("#terms-agree-error")
            .unwrap()
            .is_none(),
        "ticking clears the error"
    );
    click(&step.root, "#opt-in-button");
    settle().await;
    assert_eq!(*step.accepted.lock().unwrap(), ["2026-05"]);

    // A refusal is said under the box, with nothing to retry.
    step.server_error.set(Some(AppError::Api {
        status: 409,
        body: ApiError {
            code: ErrorCode::StaleTermsVersion,
            message: "The terms have changed.".into(),
            field: Some("terms_version".into()),
        },
    }));
    settle().await;
    let refusal = find(&step.root, ".terms-step .field__error[role=alert]")
        .text_content()
        .unwrap_or_default();
    assert!(!refusal.is_empty(), "the refusal is not said under the box");
    assert!(step
        .root
        .query_selector(".message-bar__action")
        .unwrap()
        .is_none());

    // A failure is a bar whose Retry sends the opt-in again.
    step.server_error.set(Some(AppError::Api {
        status: 500,
        body: ApiError {
            code: ErrorCode::Internal,
            message: "boom".into(),
            field: None,
        },
    }));
    settle().await;
    assert!(step
        .root
        .query_selector(".terms-step .field__error[role=alert]")
        .unwrap()
        .is_none());
    click(&step.root, ".message-bar__action");
    settle().await;
    assert_eq!(*step.accepted.lock().unwrap(), ["2026-05", "2026-05"]);
}

#[wasm_bindgen_test]
async fn terms_step_speaks_dutch() {
    let step = terms_step(Locale::NlNl);
    settle().await;
    assert_eq!(
        find(&step.root, ".terms-step__version")
            .text_content()
            .unwrap(),
        "Versie 2026-05"
    );
    assert_eq!(
        find(&step.root, "#opt-in-button")
            .text_content()
            .unwrap()
            .trim(),
        "Accepteren en inschakelen"
    );
}

#[wasm_bindgen_test]
async fn recipients_editor_done_keeps_an_address_typed_but_not_added() {
    let editor = editor(Locale::EnUs, vec![address("a@tulipworks.example")]);
    settle().await;
    type_into(&editor.root, "#recipient-input", "not valid");
    settle().await;
    click(&editor.root, "#done-button");
    settle().await;
    assert!(
        editor.saved.lock().unwrap().is_none(),
        "an invalid typed address stops the save"
    );
    editor.assert_error_contains(&["cannot contain spaces", "Nothing was saved"]);

    type_into(&editor.root, "#recipient-input", "b@tulipworks.example");
    settle().await;
    click(&editor.root, "#done-button");
    settle().await;
    assert_eq!(
        editor.saved.lock().unwrap().clone(),
        Some(vec![
            "a@tulipworks.example".to_owned(),
            "b@tulipworks.example".to_owned()
        ])
    );
}

/// Waits `ms` milliseconds of the browser's clock.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn focus_stays_on_a_row_when_its_list_is_drawn_again() {
    use frontend::components::shell::FocusKeeper;
    let version = RwSignal::new(0);
    let root = mount(Locale::EnUs, move || {
        view! {
            <FocusKeeper />
            <main id="main" tabindex="-1">
                // Every version draws new elements, as a reloaded list does.
                {move || {
                    let v = version.get();
                    (1..=3)
                        .map(|n| view! { <a class="row" href=format!("/outbox/{n}") data-version=v>{n}</a> })
                        .collect_view()
                }}
            </main>
        }
    });
    settle().await;
    let second = find(&root, "a[href='/outbox/2']");
    second.unchecked_ref::<HtmlElement>().focus().unwrap();
    version.set(1);
    settle().await;
    sleep(300).await;
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(active.get_attribute("href").as_deref(), Some("/outbox/2"));
    assert_eq!(
        active.get_attribute("data-version").as_deref(),
        Some("1"),
        "the new row, not the old"
    );
}

/// The walkthrough's progress outlives a reload of the tab (the server knows
/// the rest of the state, not that the profile pane was seen or Done pressed).
#[wasm_bindgen_test]
async fn guide_progress_outlives_a_reload_and_a_reset_forgets_it() {
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    storage
        .set_item("portal.guide-progress", "profile,recipients=sub-production")
        .unwrap();
    let guide = Arc::new(Mutex::new(None));
    let guide_in = Arc::clone(&guide);
    mount(Locale::EnUs, move || {
        *guide_in.lock().unwrap() = Some(frontend::session::use_guide());
    });
    settle().await;
    let guide = guide.lock().unwrap().expect("the guide context");
    assert!(guide.step_6_passed.get_untracked());
    // Done was pressed for one scope: every step is done there, not elsewhere.
    assert!(guide.is_done_for("sub-production"));
    assert!(!guide.is_done_for("sub-development"));

    guide.reset();
    settle().await;
    assert_eq!(
        storage
            .get_item("portal.guide-progress")
            .unwrap()
            .as_deref(),
        Some("")
    );
    guide.step_6_passed.set(true);
    guide
        .recipients_saved
        .set(Some("sub-development".to_owned()));
    settle().await;
    assert_eq!(
        storage
            .get_item("portal.guide-progress")
            .unwrap()
            .as_deref(),
        Some("profile,recipients=sub-development")
    );
    frontend::session::forget_guide_progress();
    assert_eq!(storage.get_item("portal.guide-progress").unwrap(), None);
}

/// Toasts: the same news again replaces the earlier toast (a command clicked
/// twice), at most three show, and a notice kept before a reload shows once
/// after it.
#[wasm_bindgen_test]
async fn toasts_do_not_pile_up_and_a_notice_outlives_a_reload() {
    use frontend::components::toast::{notice_after_reload, use_toaster, ToastRegion};
    notice_after_reload("Scenario applied: Fresh");
    let toaster = Arc::new(Mutex::new(None));
    let toaster_in = Arc::clone(&toaster);
    let root = mount(Locale::EnUs, move || {
        *toaster_in.lock().unwrap() = Some(use_toaster());
        view! { <ToastRegion /> }
    });
    settle().await;
    assert_eq!(texts(&root, ".toast__message"), ["Scenario applied: Fresh"]);
    let toaster = toaster.lock().unwrap().expect("the toaster");
    for _ in 0..4 {
        toaster.success("Billing cycle run.".to_owned());
    }
    settle().await;
    assert_eq!(
        texts(&root, ".toast__message"),
        ["Scenario applied: Fresh", "Billing cycle run."]
    );
    for n in 1..=3 {
        toaster.success(format!("Saved {n}."));
    }
    settle().await;
    assert_eq!(
        texts(&root, ".toast__message"),
        ["Saved 1.", "Saved 2.", "Saved 3."]
    );
    // Shown once: a second start of the app finds no notice.
    let again = mount(Locale::EnUs, || view! { <ToastRegion /> });
    settle().await;
    assert!(texts(&again, ".toast__message").is_empty());
}

/// An error toast is read out at once (an assertive live region); a
/// confirmation waits for the reader to be idle (a polite one, `status`).
/// Each is in one region only, so neither is read twice.
#[wasm_bindgen_test]
async fn error_toasts_are_assertive_and_confirmations_polite() {
    use frontend::components::toast::{use_toaster, ToastRegion};
    let toaster = Arc::new(Mutex::new(None));
    let toaster_in = Arc::clone(&toaster);
    let root = mount(Locale::EnUs, move || {
        *toaster_in.lock().unwrap() = Some(use_toaster());
        view! { <ToastRegion /> }
    });
    let toaster = toaster.lock().unwrap().expect("the toaster");
    toaster.success("Saved.".to_owned());
    toaster.error_with_retry(
        "The billing cycle failed.".to_owned(),
        Callback::new(|()| {}),
    );
    toaster.info("Nothing was saved.".to_owned());
    settle().await;
    assert_eq!(
        texts(&root, "[aria-live=polite] .toast__message"),
        ["Saved.", "Nothing was saved."]
    );
    assert_eq!(
        texts(&root, "[role=status] .toast__message"),
        ["Saved.", "Nothing was saved."]
    );
    assert_eq!(
        texts(&root, "[aria-live=assertive] .toast__message"),
        ["The billing cycle failed."]
    );
    assert_eq!(texts(&root, ".toast__message").len(), 3);
}

/// A draft made again on a list that grew meanwhile can hold more than the
/// limit: the note above the list says how many to remove, until they are;
/// Done sends nothing meanwhile; the server's "full" goes once the list fits.
#[wasm_bindgen_test]
async fn a_rebased_draft_over_the_limit_says_how_many_to_remove() {
    let saved: Vec<EmailAddress> = (0..20)
        .map(|i| address(&format!("r{i}@tulipworks.example")))
        .collect();
    let mut draft = saved.clone();
    draft.push(address("mine@tulipworks.example"));
    draft.push(address("also@tulipworks.example"));
    let editor = editor_rebased(Locale::EnUs, saved, Some(draft));
    settle().await;
    let note = || {
        find(&editor.root, ".message-bar")
            .text_content()
            .unwrap_or_default()
    };
    let text = || editor.root.text_content().unwrap_or_default();
    assert!(
        note().contains("it now holds 22 of 20. Remove 2 before"),
        "{}",
        note()
    );
    assert_eq!(editor.list().len(), 22);
    assert!(editor.unsaved.get_untracked());
    // Done sends nothing over the limit, and says so.
    click(&editor.root, "#done-button");
    settle().await;
    assert_eq!(*editor.saved.lock().unwrap(), None);
    let said = find(&editor.root, "#recipient-input-error")
        .text_content()
        .unwrap_or_default();
    assert!(said.contains("holds at most 20"), "{said}");
    // The server's "full" (say, of a list sent from another tab's draft)
    // stays while the list is over the limit.
    editor.server_error.set(Some(AppError::Api {
        status: 422,
        body: ApiError {
            code: ErrorCode::TooManyRecipients,
            message: "The list is full.".into(),
            field: Some("recipients[20]".into()),
        },
    }));
    settle().await;
    assert!(text().contains("The list is full."));
    find(&editor.root, ".recipients-editor__remove")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert!(note().contains("Remove 1 before"), "{}", note());
    assert!(text().contains("The list is full."));
    find(&editor.root, ".recipients-editor__remove")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert!(
        note().contains("yours were made on it. Check it"),
        "{}",
        note()
    );
    assert!(!text().contains("The list is full."), "{}", text());
}
