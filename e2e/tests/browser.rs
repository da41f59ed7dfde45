//! The walkthrough and its rules in Chromium, as a person uses them. Each
//! test has its own server, chromedriver, browser and sandbox; guards stop
//! them whatever happens. A failure leaves a screenshot and the page's text
//! in target/e2e-failures/ and says so.
//!
//! Needs the built app (`cargo xtask build`, or E2E_DIST) and Debian's
//! chromium and chromium-driver; `cargo xtask test` provides both.

use std::time::Duration;

use anyhow::{bail, ensure, Context, Result};
use e2e::browser::keys;
use e2e::steps::{self, Hook, Locale, NoHook, Step, Theme, PLAN, STEPS};
use e2e::{Browser, Env};
use serde_json::json;
use shared::api::paths;

/// A server, a driver and a browser in the sandbox named after the test.
async fn start(name: &str, lang: Locale, theme: Theme) -> (Env, Browser) {
    let env = Env::start().unwrap_or_else(|e| panic!("{name}: {e:#}"));
    let sandbox = name.replace('_', "-");
    let browser = env
        .browser(name, &sandbox, lang, theme)
        .await
        .unwrap_or_else(|e| panic!("{name}: {e:#}"));
    (env, browser)
}

fn label(b: &Browser, number: u8) -> &'static str {
    STEPS[usize::from(number) - 1].label(b.lang)
}

/// Signs the sandbox in as `persona` (an id) the way a script would.
fn sign_in_by_api(b: &Browser, persona: &str) -> Result<()> {
    b.api().call(
        "POST",
        paths::SESSION,
        Some(json!({ "persona_id": persona })),
    )?;
    Ok(())
}

fn apply_scenario(b: &Browser, name: &str) -> Result<()> {
    b.api().call("POST", &paths::admin_scenario(name), None)?;
    Ok(())
}

/// The requests of this sandbox that the server refused for want of a
/// sign-in (`401`): the app should never ask for what it may not see.
fn refused_for_no_sign_in(b: &Browser) -> Result<Vec<String>> {
    let journal = b
        .api()
        .call("GET", &format!("{}?status=401", paths::ADMIN_JOURNAL), None)?;
    Ok(journal["entries"]
        .as_array()
        .context("the journal has no entries")?
        .iter()
        .map(|entry| {
            let text = |key: &str| entry[key].as_str().unwrap_or_default().to_owned();
            format!("{} {}", text("method"), text("path"))
        })
        .collect())
}

/// Makes the next GET of `path` (a pattern) misbehave once, as a tester would.
fn add_fault(b: &Browser, path: &str, fault: serde_json::Value) -> Result<()> {
    fault_next(b, "GET", path, fault)
}

/// Makes the next `method` request of `path` (a pattern) meet `fault`, once.
fn fault_next(b: &Browser, method: &str, path: &str, fault: serde_json::Value) -> Result<()> {
    b.api().call(
        "POST",
        paths::ADMIN_FAULTS,
        Some(json!({ "method": method, "path": path, "fault": fault, "count": 1 })),
    )?;
    Ok(())
}

/// Every request the app made in this sandbox has a clean query string
/// (gloo-net once left a trailing `&` on each one with parameters).
fn expect_clean_queries(b: &Browser) -> Result<()> {
    let journal = b.api().call("GET", paths::ADMIN_JOURNAL, None)?;
    let entries = journal["entries"].as_array().context("no journal")?;
    let dangling: Vec<&str> = entries
        .iter()
        .filter_map(|entry| entry["path"].as_str())
        .filter(|path| path.ends_with('&') || path.ends_with('?') || path.contains("&&"))
        .collect();
    ensure!(
        dangling.is_empty(),
        "requests with a dangling query: {dangling:?}"
    );
    ensure!(
        entries
            .iter()
            .any(|entry| entry["path"].as_str().is_some_and(|p| p.contains('?'))),
        "no request with a query string was made, so none was checked"
    );
    Ok(())
}

/// Opts `scope` in with the current terms, as another tab or a script would.
fn opt_in_by_api(b: &Browser, scope: &str) -> Result<()> {
    let terms = b.api().call("GET", &paths::terms("en-US"), None)?;
    b.api().call(
        "POST",
        &paths::opt_in(scope),
        Some(json!({ "terms_version": terms["version"] })),
    )?;
    Ok(())
}

/// What the page hears when the user comes back to its tab (headless
/// Chromium never hides a tab, so the event is sent by hand).
async fn come_back_to_tab(b: &Browser) -> Result<()> {
    b.js(
        "document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));",
        vec![],
    )
    .await?;
    Ok(())
}

fn email_invoice_status(b: &Browser, scope: &str) -> Result<serde_json::Value> {
    b.api().call("GET", &paths::email_invoice(scope), None)
}

fn saved_recipients(b: &Browser, scope: &str) -> Result<Vec<String>> {
    Ok(email_invoice_status(b, scope)?["recipients"]
        .as_array()
        .context("no recipients array")?
        .iter()
        .filter_map(|r| r.as_str().map(str::to_owned))
        .collect())
}

/// In the open Configure recipients: adds `address`, makes its save take
/// `ms`, chooses Done and closes the pane with Esc while the save is on its
/// way (back to Receive invoice by email).
async fn add_recipient_then_close_while_saving(b: &Browser, address: &str, ms: u64) -> Result<()> {
    b.fill(&b.t("recipient-input-label"), address).await?;
    b.click("button", label(b, 8)).await?;
    delay_next(b, "PUT", "/api/scopes/*/email-invoice/recipients", ms)?;
    b.click("button", label(b, 9)).await?;
    b.press(&[keys::ESCAPE]).await?;
    b.wait_dialog(label(b, 4)).await?;
    Ok(())
}

/// Chooses Opt out in the open pane, then Opt out again in its question.
async fn opt_out_confirmed(b: &Browser) -> Result<()> {
    b.click("button", &b.t("opt-out")).await?;
    b.wait_js(
        "the confirmation",
        "return document.getElementById('opt-out-confirm') !== null;",
        vec![],
    )
    .await?;
    b.click("button", &b.t("opt-out")).await
}

/// Whether the walkthrough's scope has `address` among its saved recipients.
fn is_saved_recipient(b: &Browser, address: &str) -> Result<bool> {
    Ok(saved_recipients(b, PLAN.scope_id)?
        .iter()
        .any(|r| r == address))
}

async fn walkthrough_in(name: &str, lang: Locale) {
    let (_env, b) = start(name, lang, Theme::Light).await;
    let result = async {
        steps::walkthrough(&b, &mut NoHook).await?;
        steps::check_saved(&b)
    }
    .await;
    b.finish(result).await;
}

#[tokio::test]
async fn walkthrough_en_us() {
    walkthrough_in("walkthrough_en_us", Locale::EnUs).await;
}

#[tokio::test]
async fn walkthrough_nl_nl() {
    walkthrough_in("walkthrough_nl_nl", Locale::NlNl).await;
}

/// Guided mode: at each step the panel marks that step as the current one
/// and the control the step names is outlined.
struct GuideHook;

impl Hook for GuideHook {
    async fn at(
        &mut self,
        b: &Browser,
        step: &'static Step,
        control: &e2e::browser::Control,
    ) -> Result<()> {
        b.wait_js(
            &format!("the guide to mark step {} as the current one", step.number),
            "const current = document.querySelector('.guide__step[aria-current=step] .guide__step-number');
             return current !== null && current.textContent.trim() === String(arguments[0]);",
            vec![json!(step.number)],
        )
        .await?;
        b.wait_js(
            &format!("{} to be outlined", control.description),
            "const c = arguments[0];
             return c.closest('.guide-target') !== null || c.querySelector('.guide-target') !== null;",
            vec![serde_json::to_value(&control.element)?],
        )
        .await?;
        Ok(())
    }

    async fn then(
        &mut self,
        b: &Browser,
        step: &'static Step,
        control: &e2e::browser::Control,
    ) -> Result<()> {
        self.at(b, step, control).await
    }
}

/// The text of the guide panel's progress line.
async fn guide_progress(b: &Browser, expected: &str) -> Result<()> {
    b.wait_js(
        &format!("the guide to say {expected:?}"),
        "const p = document.querySelector('.guide__progress');
         return p !== null && p.textContent.includes(arguments[0]);",
        vec![json!(expected)],
    )
    .await
    .map(|_| ())
}

/// What the pane's guide line says and whether it is seen (its width).
async fn pane_guide(b: &Browser, expected: &str) -> Result<f64> {
    let width = b
        .wait_js(
            &format!("the pane's guide line to say {expected:?}"),
            "const p = document.querySelector('.pane .pane__guide[role=status]');
             return p !== null && p.textContent.includes(arguments[0])
                 ? p.getBoundingClientRect().width + 0.001 : null;",
            vec![json!(expected)],
        )
        .await?;
    Ok(width.as_f64().unwrap_or(0.0))
}

/// A pane covers the guide panel in a narrow window, and makes it inert (so
/// its news is not said) in every window: in guided mode the pane itself
/// says the step, seen where the panel is covered, heard everywhere.
#[tokio::test]
async fn guided_mode_says_the_step_inside_a_pane() {
    let (_env, b) = start("guide_in_pane", Locale::NlNl, Theme::Light).await;
    let result = async {
        b.set_viewport(360, 740).await?;
        sign_in_by_api(&b, "account-admin")?;
        b.open(&format!("/billing/invoices/{}?guide=1", PLAN.scope_id))
            .await?;
        b.click("button", label(&b, 4)).await?;
        b.wait_dialog(label(&b, 4)).await?;
        let step = |n: &str| b.t_args("guide-progress", &[("step", n), ("total", "9")]);
        let seen = pane_guide(&b, &step("5")).await?;
        ensure!(
            seen > 100.0,
            "at 360 px the pane's guide line is {seen} px wide"
        );
        pane_guide(&b, label(&b, 5)).await?;
        b.click("button", label(&b, 5)).await?;
        b.wait_dialog(label(&b, 5)).await?;
        b.click("checkbox", &b.t("terms-agree")).await?;
        b.click("button", &b.t("opt-in")).await?;
        b.wait_dialog(label(&b, 4)).await?;
        pane_guide(&b, &step("6")).await?;

        // Off the path, the line says what the pane says: a scope this
        // persona does not have, pick one of its own (step 4); a pane it
        // cannot use, why and what to do instead, not the pane's own step.
        b.open("/billing/invoices/nope/email-invoice?guide=1")
            .await?;
        b.wait_dialog(label(&b, 4)).await?;
        pane_guide(&b, &step("4")).await?;
        b.open("/billing/invoices/reservation-vm/email-invoice/terms?guide=1")
            .await?;
        b.wait_dialog(label(&b, 5)).await?;
        pane_guide(&b, &b.t("guide-blocked-scope")).await?;
        sign_in_by_api(&b, "co-admin")?;
        for pane in ["profile", "recipients"] {
            b.open(&format!(
                "/billing/invoices/{}/{pane}?guide=1",
                PLAN.scope_id
            ))
            .await?;
            b.wait_text(&b.t("reason-not-account-administrator-opted-in"))
                .await
                .with_context(|| format!("the co-administrator's {pane} pane"))?;
            pane_guide(&b, &b.t("guide-blocked-admin"))
                .await
                .with_context(|| format!("the guide on the co-administrator's {pane} pane"))?;
        }
        sign_in_by_api(&b, "account-admin")?;
        b.open(&format!(
            "/billing/invoices/{}/email-invoice?guide=1",
            PLAN.scope_id
        ))
        .await?;
        b.wait_dialog(label(&b, 4)).await?;
        pane_guide(&b, &step("6")).await?;

        // Beside the unfolded panel, which shows the same: heard, not seen.
        b.set_viewport(1366, 786).await?;
        let seen = pane_guide(&b, &step("6")).await?;
        ensure!(
            seen <= 1.5,
            "beside the guide panel the pane's guide line is {seen} px wide"
        );
        guide_progress(&b, &step("6")).await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

#[tokio::test]
async fn guided_mode_follows_the_nine_steps_and_says_where_they_end() {
    let (_env, b) = start("guided_mode", Locale::NlNl, Theme::Light).await;
    let result = async {
        b.open("/signin?guide=1").await?;
        steps::walkthrough(&b, &mut GuideHook).await?;
        guide_progress(&b, &b.t("guide-all-done")).await?;
        // Beside the page, the guide comes after it for Tab, as on screen.
        ensure!(
            b.js(GUIDE_BEFORE_MAIN, vec![]).await? == json!(false),
            "the guide beside the page comes before it for Tab"
        );

        // Done for production only: another scope starts at step 4.
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;
        guide_progress(&b, &b.t("guide-all-done")).await?;
        let picker = b.find("combobox", &b.t("scope-picker-label")).await?;
        picker.element.select_by_label("Tulipworks Development").await?;
        wait_path(&b, "/billing/invoices/sub-development").await?;
        b.wait_js(
            "the guide to mark step 4 as the current one",
            "const current = document.querySelector('.guide__step[aria-current=step] .guide__step-number');
             return current !== null && current.textContent.trim() === '4';",
            vec![],
        )
        .await?;
        // The outlined control does not look focused: another colour.
        let colours = b
            .wait_js(
                "a control outlined by the guide",
                "const t = document.querySelector('.guide-target');
                 if (!t) return null;
                 const style = getComputedStyle(t);
                 return [style.getPropertyValue('--guide').trim(), style.getPropertyValue('--focus').trim()];",
                vec![],
            )
            .await?;
        ensure!(
            colours[0] != colours[1],
            "the guide's outline has the focus colour: {colours}"
        );

        // The outbox is none of the steps: no step is current.
        b.open("/outbox").await?;
        guide_progress(&b, &b.t("guide-off-path")).await?;
        ensure!(
            b.js("return document.querySelector('.guide__step[aria-current]') === null;", vec![])
                .await?
                == json!(true),
            "a step is marked current on the outbox"
        );

        // A co-administrator cannot opt in: the guide says what to do instead.
        apply_scenario(&b, "co-administrator")?;
        // No other scope would help: the guide points at the pane that says
        // why, not at the scope picker (it did). (Progress is the tab's: the
        // scenario was applied behind its back.)
        b.js("sessionStorage.clear();", vec![]).await?;
        b.open(&format!("/billing/invoices/{}", PLAN.scope_id))
            .await?;
        b.wait_js(
            "Receive invoice by email outlined, not the scope picker",
            "return document.querySelector('#receive-invoice-by-email.guide-target') !== null
                 && document.querySelector('.scope-picker.guide-target') === null;",
            vec![],
        )
        .await?;
        b.open(&format!("/billing/invoices/{}/email-invoice", PLAN.scope_id))
            .await?;
        b.wait_dialog(label(&b, 4)).await?;
        guide_progress(&b, &b.t("guide-blocked-admin")).await?;
        // A scope that cannot be opted in, where another one can: pick that.
        apply_scenario(&b, "reservation-selected")?;
        b.open("/billing/invoices/reservation-vm/email-invoice")
            .await?;
        b.wait_dialog(label(&b, 4)).await?;
        guide_progress(&b, &b.t("guide-blocked-scope")).await?;
        // An administrator whose only scope cannot be opted in (before, the
        // guide told him to pick another): another persona.
        apply_scenario(&b, "government-subscription")?;
        b.open("/billing/invoices/sub-government/email-invoice")
            .await?;
        b.wait_dialog(label(&b, 4)).await?;
        guide_progress(&b, &b.t("guide-blocked-every-scope")).await?;
        // The step and the advice are two sentences, not run together.
        let lines = b
            .js(
                "return [...document.querySelectorAll('.guide__progress p')].map((p) => p.textContent);",
                vec![],
            )
            .await?;
        let progress = b.messages.fill("guide-progress", &[("step", "4"), ("total", "9")]);
        ensure!(
            lines == json!([progress, b.t("guide-blocked-every-scope")]),
            "the guide's progress and advice: {lines}"
        );

        // Step 6 is optional: going on to the recipients without it, then
        // back (Esc), is step 7, not 6 again.
        apply_scenario(&b, "opted-in-three-recipients")?;
        b.js("sessionStorage.clear();", vec![]).await?;
        b.open(&format!("/billing/invoices/{}/recipients", PLAN.scope_id))
            .await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        guide_progress(&b, &b.messages.fill("guide-progress", &[("step", "7"), ("total", "9")]))
            .await?;
        // Folded, the guide still says where the user is, and stays folded
        // over a reload (it forgot both).
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;
        let step_4 = b.messages.fill("guide-progress", &[("step", "4"), ("total", "9")]);
        guide_progress(&b, &step_4).await?;
        b.click("button", &b.t("guide-collapse")).await?;
        let folded_says = "const p = document.querySelector('.guide--collapsed .guide__progress');
             return p !== null && E2E.visible(p) && p.textContent.includes(arguments[0]);";
        b.wait_js("the folded guide to say the step", folded_says, vec![json!(step_4)])
            .await?;
        b.reload().await?;
        b.find("button", &b.t("guide-expand")).await?;
        b.wait_js("the guide folded after a reload, saying the step", folded_says, vec![json!(step_4)])
            .await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// Fails when the page scrolls sideways, naming the widest element.
async fn expect_no_sideways_scroll(b: &Browser, page: &str) -> Result<()> {
    let widest = b
        .js(
            "if (document.documentElement.scrollWidth <= window.innerWidth) return null;
             let worst = null;
             for (const e of document.querySelectorAll('body *')) {
               const r = e.getBoundingClientRect();
               if (r.right > window.innerWidth + 0.5 && !e.closest('.grid-scroll')
                   && (!worst || r.right > worst.right)) {
                 worst = { right: r.right, what: e.tagName + '.' + e.className };
               }
             }
             return [document.documentElement.scrollWidth, worst && worst.what];",
            vec![],
        )
        .await?;
    ensure!(widest.is_null(), "{page} scrolls sideways: {widest}");
    Ok(())
}

/// Fails unless the element `selector` lies inside the window, left to right.
async fn expect_in_window(b: &Browser, selector: &str) -> Result<()> {
    let rect = b
        .wait_js(
            &format!("{selector} to be shown"),
            "const e = document.querySelector(arguments[0]);
             if (!e) return false;
             const r = e.getBoundingClientRect();
             return r.width > 0 ? [r.left, r.right, window.innerWidth] : false;",
            vec![json!(selector)],
        )
        .await?;
    let x = |i: usize| rect[i].as_f64().unwrap_or(f64::NAN);
    ensure!(
        x(0) >= -0.5 && x(1) <= x(2) + 0.5,
        "{selector} lies at x {}..{} in a window {} wide",
        x(0),
        x(1),
        x(2)
    );
    Ok(())
}

/// Whether the guide panel comes before the main content in the document.
const GUIDE_BEFORE_MAIN: &str = "const guide = document.querySelector('.guide');
     return guide !== null
         && (guide.compareDocumentPosition(document.getElementById('main')) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;";

/// Reflow (WCAG 1.4.10): at 320 CSS pixels, at 640x360 (1280x720 zoomed
/// to 200%) and 853x480 (150%), in guided mode, nothing scrolls sideways but the invoices
/// grid, inside its own region, and panes, menus and toasts stay in the window.
#[tokio::test]
async fn narrow_and_zoomed_windows_reflow_into_one_column() {
    let (_env, b) = start("reflow", Locale::NlNl, Theme::Light).await;
    let result = async {
        for (width, height) in [(320, 640), (640, 360), (853, 480)] {
            let at = |page: &str| format!("{page} at {width}x{height}");
            b.set_viewport(width, height).await?;
            apply_scenario(&b, "fresh-admin")?;
            b.api().call("DELETE", paths::SESSION, None)?;
            b.open("/signin?guide=1").await?;
            b.find("heading", label(&b, 1)).await?;
            expect_no_sideways_scroll(&b, &at("sign-in")).await?;
            let noor = b.find_containing("button", PLAN.persona).await?;
            b.click_control(&noor).await?;
            b.find("heading", &b.t("home-title")).await?;
            expect_no_sideways_scroll(&b, &at("home")).await?;

            b.click("button", &b.t("settings")).await?;
            expect_in_window(&b, "#settings-panel").await?;
            expect_no_sideways_scroll(&b, &at("the settings menu")).await?;
            b.press(&[keys::ESCAPE]).await?;
            // The account's whole address, which the bar cuts short, is in
            // its menu.
            b.js("document.getElementById('account-button').click();", vec![])
                .await?;
            expect_in_window(&b, ".account-menu__email").await?;
            let whole = b
                .js(
                    "const e = document.querySelector('.account-menu__email');
                     return e.scrollWidth <= e.clientWidth ? e.textContent : null;",
                    vec![],
                )
                .await?;
            ensure!(
                whole == json!("noor.jansen@tulipworks.example"),
                "at {width}x{height} the account menu shows {whole} of the address"
            );
            b.press(&[keys::ESCAPE]).await?;

            b.open(&format!("/billing/invoices/{}", PLAN.scope_id))
                .await?;
            b.find("button", label(&b, 4)).await?;
            expect_no_sideways_scroll(&b, &at("invoices")).await?;
            // The guide, drawn above the page, comes first for Tab too.
            ensure!(
                b.js(GUIDE_BEFORE_MAIN, vec![]).await? == json!(true),
                "at {width}x{height} the guide is above the page but after it for Tab"
            );
            b.click("button", label(&b, 4)).await?;
            b.wait_dialog(label(&b, 4)).await?;
            expect_in_window(&b, ".pane").await?;
            b.click("button", label(&b, 5)).await?;
            b.wait_dialog(label(&b, 5)).await?;
            b.click("checkbox", &b.t("terms-agree")).await?;
            b.click("button", &b.t("opt-in")).await?;
            b.wait_dialog(label(&b, 4)).await?;
            expect_in_window(&b, ".toast").await?;
            expect_in_window(&b, ".pane").await?;
            // The toast, which the keyboard cannot reach behind the modal
            // pane, hides none of the pane's controls.
            let covered = b
                .js(
                    "const over = (a, b) => a.left < b.right && a.right > b.left
                         && a.top < b.bottom && a.bottom > b.top;
                     const toasts = [...document.querySelectorAll('.toast')].map((t) => t.getBoundingClientRect());
                     return [...document.querySelectorAll('.pane button, .pane a, .pane input')]
                         .filter((c) => { const r = c.getBoundingClientRect();
                                          if (c.closest('.toast')) return false;
                                          return r.width > 0 && toasts.some((t) => over(t, r)); })
                         .map((c) => c.textContent.trim() || c.getAttribute('aria-label'));",
                    vec![],
                )
                .await?;
            ensure!(
                covered == json!([]),
                "at {width}x{height} the toast covers the pane's {covered}"
            );
            // The outbox, its list and a message with an attachment (the
            // subject's hidden "has an attachment" stuck out of it).
            b.api().call("POST", "/api/billing-cycle", Some(json!({})))?;
            b.open("/outbox").await?;
            let newest = b
                .wait_js(
                    "the outbox's messages",
                    "const a = document.querySelector('.outbox__list a');
                     return a === null ? false : a.getAttribute('href');",
                    vec![],
                )
                .await?;
            expect_no_sideways_scroll(&b, &at("the outbox")).await?;
            b.open(newest.as_str().unwrap_or_default()).await?;
            b.find("heading", &b.t("outbox-attachments")).await?;
            for tab in ["outbox-tab-html", "outbox-tab-text", "outbox-tab-headers", "outbox-tab-raw"] {
                b.click("tab", &b.t(tab)).await?;
                b.wait_js(
                    "the tab's panel",
                    "const p = document.querySelector('[role=tabpanel]:not([hidden])');
                     return p !== null && p.querySelector('iframe, pre, table') !== null;",
                    vec![],
                )
                .await?;
                // (A long Message-ID or boundary in Headers ran off a phone.)
                expect_no_sideways_scroll(&b, &at(&format!("a message's {} tab", b.t(tab))))
                    .await?;
            }
        }
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// On a phone, in Dutch (the longest labels): the header stays in view after
/// a navigation, the billing overview fits the window, the recipient field
/// keeps room for an address, Tab never puts a control under the pane's
/// footer, the list's changes are said to screen readers, and a toast fits
/// the window.
#[tokio::test]
async fn a_phone_keeps_the_header_the_field_and_the_focus_in_view() {
    let (_env, b) = start("phone", Locale::NlNl, Theme::Light).await;
    let result = async {
        b.set_viewport(360, 740).await?;
        apply_scenario(&b, "fresh-admin")?;
        b.api().call("DELETE", paths::SESSION, None)?;
        b.open("/signin").await?;
        let noor = b.find_containing("button", PLAN.persona).await?;
        b.click_control(&noor).await?;
        b.find("heading", &b.t("home-title")).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let scrolled = b.js("return window.scrollY;", vec![]).await?;
        ensure!(
            scrolled == json!(0),
            "after signing in the page is scrolled by {scrolled} px: the top bar is out of view"
        );
        // So after choosing a search result (the new page's main region
        // took focus, which scrolled it).
        b.js("document.querySelector('.top-bar__search input').focus();", vec![])
            .await?;
        b.type_text(steps::search_term(b.lang)).await?;
        b.find_containing("option", label(&b, 2)).await?;
        b.press(&[keys::ARROW_DOWN, keys::ENTER]).await?;
        b.find_containing("heading", label(&b, 2)).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let scrolled = b.js("return window.scrollY;", vec![]).await?;
        ensure!(
            scrolled == json!(0),
            "after choosing a search result the page is scrolled by {scrolled} px"
        );

        b.open("/billing").await?;
        b.find_containing("link", PLAN.scope).await?;
        expect_no_sideways_scroll(&b, "the billing overview at 360 px").await?;

        let scope = PLAN.scope_id;
        opt_in_by_api(&b, scope)?;
        for n in 0..15 {
            b.api().call(
                "POST",
                &paths::recipients(scope),
                Some(json!({ "email": format!("r{n:02}@tulipworks.example") })),
            )?;
        }
        b.open(&format!("/billing/invoices/{scope}/recipients"))
            .await?;
        b.wait_dialog(label(&b, 7)).await?;
        let width = b
            .js(
                "return document.getElementById('recipient-input').getBoundingClientRect().width;",
                vec![],
            )
            .await?;
        ensure!(
            width.as_f64().unwrap_or(0.0) >= 200.0,
            "the recipient field is {width} px wide beside its button"
        );

        // Tab from the field through every remove button to Done: each one
        // focused in the scrolled body is clear of the sticky footer.
        b.js("document.getElementById('recipient-input').focus();", vec![])
            .await?;
        for _ in 0..20 {
            b.press(&[keys::TAB]).await?;
            let hidden = b
                .js(
                    "const e = document.activeElement;
                     if (!e || !e.closest('.pane__body') || e.closest('.pane-form__footer')) return null;
                     const footer = document.querySelector('.pane-form__footer').getBoundingClientRect();
                     const r = e.getBoundingClientRect();
                     return r.bottom > footer.top + 0.5 ? (e.getAttribute('aria-label') || e.id) : null;",
                    vec![],
                )
                .await?;
            ensure!(hidden.is_null(), "{hidden} is focused under the pane's footer");
        }

        // Removing and adding are said (the field only clears, a row only goes).
        b.click("button", &b.t_args("recipient-remove", &[("email", "r00@tulipworks.example")]))
            .await?;
        let said = |key: &str, email: &str, count: &str| {
            b.messages
                .fill(key, &[("email", email), ("count", count), ("max", "20")])
        };
        let announced = "const e = document.getElementById('recipients-announcement');
                         return e !== null && e.textContent === arguments[0];";
        let removed = said("recipient-removed", "r00@tulipworks.example", "14");
        b.wait_js("the removal said", announced, vec![json!(removed)])
            .await
            .context("removing a recipient is not said")?;
        b.fill(&b.t("recipient-input-label"), "nieuw@tulipworks.example")
            .await?;
        b.press(&[keys::ENTER]).await?;
        let added = said("recipient-added", "nieuw@tulipworks.example", "15");
        b.wait_js("the addition said", announced, vec![json!(added)])
            .await
            .context("adding a recipient is not said")?;

        // Saved, back on the invoices page: the toast fits the window.
        b.click("button", label(&b, 9)).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;
        expect_in_window(&b, ".toaster--corner .toast").await?;

        // A tablet: the top bar's search keeps room for what is typed.
        b.set_viewport(768, 1024).await?;
        let search = b
            .js(
                "return document.querySelector('.top-bar__search input').getBoundingClientRect().width;",
                vec![],
            )
            .await?;
        ensure!(
            search.as_f64().unwrap_or(0.0) >= 200.0,
            "at 768 px the top bar's search box is {search} px wide"
        );
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// The nine steps with the keyboard only: Tab, Enter, Space, `/`, typing.
#[tokio::test]
async fn keyboard_only_walkthrough() {
    let (_env, b) = start("keyboard_only_walkthrough", Locale::EnUs, Theme::Light).await;
    let result = async {
        b.open("/signin").await?;
        // 1
        b.tab_to_containing("button", PLAN.persona).await?;
        b.press(&[keys::ENTER]).await?;
        b.find("heading", &b.t("home-title")).await?;
        // 2: `/` focuses the search; the first result is the service.
        b.find("combobox", &b.t("search-label")).await?;
        b.press(&['/']).await?;
        b.expect_focus("combobox", &b.t("search-label")).await?;
        b.type_text(steps::search_term(b.lang)).await?;
        b.find_containing("option", label(&b, 2)).await?;
        b.press(&[keys::ENTER]).await?;
        b.find_containing("heading", label(&b, 2)).await?;
        // The chosen page's content has focus, not the search box.
        b.wait_js(
            "focus in the page's content",
            "return document.activeElement && document.activeElement.closest('main') !== null;",
            vec![],
        )
        .await?;
        // 3: the link keeps focus on the page it opened.
        b.tab_to("link", label(&b, 3)).await?;
        b.press(&[keys::ENTER]).await?;
        b.find("combobox", &b.t("scope-picker-label")).await?;
        b.expect_focus("link", label(&b, 3)).await?;
        // 4: the picker is reachable; production is the first scope.
        b.tab_to("combobox", &b.t("scope-picker-label")).await?;
        b.wait_text(PLAN.scope).await?;
        b.tab_to("button", label(&b, 4)).await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        // 5
        b.tab_to("button", label(&b, 5)).await?;
        b.press(&[keys::ENTER]).await?;
        // Opting in without the tick: focus goes to the box, which shows
        // both the error and a focus ring as wide as every other (the
        // error's 1 px outline had replaced it).
        b.tab_to("button", &b.t("opt-in")).await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_text(&b.t("terms-must-agree")).await?;
        b.expect_focus("checkbox", &b.t("terms-agree")).await?;
        let ring = b
            .js(
                "const s = getComputedStyle(document.activeElement);
                 return [s.outlineStyle, s.outlineWidth];",
                vec![],
            )
            .await?;
        ensure!(
            ring == json!(["solid", "2px"]),
            "the focused box in error has the outline {ring}"
        );
        b.press(&[keys::SPACE]).await?;
        b.tab_to("button", &b.t("opt-in")).await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        // 6
        b.tab_to("button", label(&b, 6)).await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_dialog(label(&b, 6)).await?;
        b.tab_to("textbox", &b.t("preferred-email")).await?;
        b.chord(keys::CONTROL, 'a').await?;
        b.press(&[keys::BACKSPACE]).await?;
        // A space typed in the address stays where it was typed (an email
        // field of the browser dropped it and moved the caret), and the
        // shared rules explain it.
        b.type_text("jan klaas@x.example").await?;
        // Refused from the Save button, focus goes back to the field.
        b.tab_to("button", &b.t("save")).await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_text(&b.t("email-error-whitespace")).await?;
        b.expect_focus("textbox", &b.t("preferred-email")).await?;
        let typed = b.js("return document.activeElement.value;", vec![]).await?;
        ensure!(
            typed == json!("jan klaas@x.example"),
            "the typed address became {typed}"
        );
        b.chord(keys::CONTROL, 'a').await?;
        b.press(&[keys::BACKSPACE]).await?;
        b.type_text(PLAN.preferred_email).await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.wait_text(PLAN.preferred_email).await?;
        // 7
        b.tab_to("button", label(&b, 7)).await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_dialog(label(&b, 7)).await?;
        // 8: Enter in the field adds; so does the button.
        b.tab_to("textbox", &b.t("recipient-input-label")).await?;
        b.type_text(PLAN.recipients[0]).await?;
        b.press(&[keys::ENTER]).await?;
        b.find_containing("listitem", PLAN.recipients[0]).await?;
        b.expect_focus("textbox", &b.t("recipient-input-label"))
            .await?;
        b.type_text(PLAN.recipients[1]).await?;
        b.tab_to("button", label(&b, 8)).await?;
        b.press(&[keys::ENTER]).await?;
        b.find_containing("listitem", PLAN.recipients[1]).await?;
        // 9: back in the pane, focus is on the button that opened the editor.
        b.tab_to("button", label(&b, 9)).await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.expect_focus("button", label(&b, 7)).await?;
        b.find_containing("listitem", PLAN.recipients[1]).await?;
        steps::check_saved(&b)?;
        // Esc closes the pane and gives focus back to the command.
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;
        b.expect_focus("button", label(&b, 4)).await
    }
    .await;
    b.finish(result).await;
}

/// Opens Receive invoice by email for the current scope and checks that the
/// reason is shown, Email invoice is disabled and described by it, and
/// using it anyway changes nothing.
async fn check_cannot_opt_in(b: &Browser, reason_key: &str) -> Result<()> {
    let reason = b.t(reason_key);
    let scope = b
        .path()
        .await?
        .trim_start_matches("/billing/invoices/")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    // The page says why too, under "Not available" (it said only that).
    b.wait_js(
        "the reason on the page",
        "const p = document.querySelector('.scope-header__why');
         return p !== null && p.textContent.trim() === arguments[0];",
        vec![json!(reason)],
    )
    .await?;
    b.click("button", label(b, 4)).await?;
    b.wait_dialog(label(b, 4)).await?;
    b.wait_text(&reason).await?;
    let button = b.find("button", label(b, 5)).await?;
    ensure!(
        b.is_disabled(&button).await?,
        "Email invoice is usable on {scope}, which has the reason {reason:?}"
    );
    let described = b
        .client
        .execute(
            "const ids = (arguments[0].getAttribute('aria-describedby') || '').split(' ');
             return ids.map((id) => document.getElementById(id)).filter(Boolean).map((e) => e.textContent).join(' ');",
            vec![serde_json::to_value(&button.element)?],
        )
        .await?;
    ensure!(
        described.as_str().unwrap_or_default().contains(&reason),
        "Email invoice is not described by its reason, but by {described}"
    );
    b.click_control(&button).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    ensure!(
        !b.is_there("checkbox", &b.t("terms-agree")).await?,
        "the terms opened for {scope}"
    );
    let configure = b.find("button", label(b, 7)).await?;
    ensure!(
        b.is_disabled(&configure).await?,
        "Configure recipients is usable on {scope}"
    );
    // Below it, why there are no recipients: this persona cannot opt in, or
    // the scope has no invoices by email at all.
    let hint = if reason_key == "reason-not-account-administrator" {
        "recipients-admin-only"
    } else {
        "recipients-not-available"
    };
    b.wait_text(&b.t(hint)).await?;
    ensure!(
        email_invoice_status(b, &scope)?["opted_in"] == false,
        "{scope} got opted in"
    );
    b.press(&[keys::ESCAPE]).await?;
    b.wait_gone("dialog", label(b, 4)).await
}

#[tokio::test]
async fn ineligible_personas_and_scopes_show_why_and_cannot_opt_in() {
    let name = "ineligible_personas_and_scopes";
    let (_env, b) = start(name, Locale::EnUs, Theme::Light).await;
    let result = async {
        // (persona, scope to pick or None for the first, reason)
        let cases = [
            ("Sam Okafor", None, "reason-not-account-administrator"),
            ("Lena Visser", None, "reason-not-account-administrator"),
            ("Ravi Menon", None, "reason-government"),
            (
                PLAN.persona,
                Some("Reserved VM instances, 1 year"),
                "reason-reservation",
            ),
            (
                PLAN.persona,
                Some("Marketplace: Backup appliance"),
                "reason-marketplace",
            ),
        ];
        for (persona, scope, reason) in cases {
            b.api().call("POST", paths::ADMIN_RESET, None)?;
            steps::sign_in(&b, &mut NoHook, persona).await?;
            steps::search_service(&b, &mut NoHook).await?;
            steps::open_invoices(&b, &mut NoHook).await?;
            if let Some(scope) = scope {
                let picker = b.find("combobox", &b.t("scope-picker-label")).await?;
                picker.element.select_by_label(scope).await?;
                b.wait_js(
                    "the scope to change",
                    "return location.pathname.split('/').pop() !== 'sub-production';",
                    vec![],
                )
                .await?;
            }
            check_cannot_opt_in(&b, reason)
                .await
                .with_context(|| format!("{persona}, {scope:?}"))?;
        }
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// The inline error under the address field, once shown.
async fn field_error(b: &Browser) -> Result<String> {
    let value = b
        .wait_js(
            "an error under the address field",
            "const e = document.getElementById('recipient-input-error');
             const i = document.getElementById('recipient-input');
             return e && E2E.visible(e) && e.textContent.trim() && i.getAttribute('aria-invalid') === 'true'
               && i.getAttribute('aria-describedby').includes('recipient-input-error') ? e.textContent.trim() : null;",
            vec![],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// Closing a pane goes back to where it was opened from, so the browser's
/// Back then leaves the page instead of opening the closed panes again.
#[tokio::test]
async fn back_after_closing_panes_does_not_open_them_again() {
    let (_env, b) = start("back_after_close", Locale::EnUs, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        b.open("/home").await?;
        let invoices = format!("/billing/invoices/{}", PLAN.scope_id);
        b.open(&invoices).await?;
        b.click("button", label(&b, 4)).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.click("button", label(&b, 7)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.click("button", &b.t("cancel")).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;
        wait_path(&b, &invoices).await?;
        b.client.back().await?;
        wait_path(&b, "/home").await?;

        // The menu's Invoices goes through /billing/invoices, which redirects
        // to the first scope: Back returns to the page before, not to the
        // redirect (which would send the user forward again, forever).
        b.open("/billing").await?;
        b.click("link", label(&b, 3)).await?;
        wait_path(&b, &invoices).await?;
        b.client.back().await?;
        wait_path(&b, "/billing").await?;

        // Back and Forward between panes, then Esc: the address follows the
        // pane, and Back goes on from there. (leptos_router lost track of
        // the entry Forward lands on: the screen showed Receive invoice by
        // email with /recipients in the address bar.)
        let email_invoice = format!("{invoices}/email-invoice");
        b.open(&invoices).await?;
        b.click("button", label(&b, 4)).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.click("button", label(&b, 7)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.client.back().await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.client.forward().await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        wait_path(&b, &email_invoice).await?;
        b.client.back().await?;
        wait_path(&b, &invoices).await?;
        // After Forward onto a page, a link to the page before it changes
        // the address too (it changed only the page), and Back returns.
        b.open("/home").await?;
        b.click("link", &b.t("service-billing")).await?;
        wait_path(&b, "/billing").await?;
        b.click("link", &b.t("menu-about")).await?;
        wait_path(&b, "/billing/about").await?;
        b.client.back().await?;
        wait_path(&b, "/billing").await?;
        b.client.forward().await?;
        wait_path(&b, "/billing/about").await?;
        b.click("link", &b.t("menu-overview")).await?;
        wait_path(&b, "/billing").await?;
        b.client.back().await?;
        wait_path(&b, "/billing/about").await?;

        // Opened by its URL, Configure recipients closes with focus on the
        // button that opens it (it went to the pane's first control).
        b.open(&format!("{invoices}/recipients")).await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.click("button", &b.t("cancel")).await?;
        b.wait_dialog(label(&b, 4)).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        b.expect_focus("button", label(&b, 7)).await?;
        // Closing it took its place in history: Back leaves the page (it
        // opened the closed pane again).
        b.client.back().await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let path = b.path().await?;
        ensure!(
            !path.ends_with("/recipients"),
            "Back opened the closed pane again: {path}"
        );

        // Cancel clicked twice closes one pane, not two.
        b.open(&invoices).await?;
        b.click("button", label(&b, 4)).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.click("button", label(&b, 7)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        let cancel = b.find("button", &b.t("cancel")).await?;
        b.js(
            "arguments[0].click(); arguments[0].click();",
            vec![serde_json::to_value(&cancel.element)?],
        )
        .await?;
        b.wait_dialog(label(&b, 4)).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        wait_path(&b, &email_invoice).await?;

        // Leaving Configure recipients by the browser's Back with a draft
        // says the draft was discarded, as Cancel and Esc do.
        b.open(&email_invoice).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.click("button", label(&b, 7)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.fill(&b.t("recipient-input-label"), "draft@tulipworks.example")
            .await?;
        b.click("button", label(&b, 8)).await?;
        b.wait_text(&b.t("recipients-unsaved")).await?;
        b.client.back().await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.wait_text(&b.t("recipients-discarded-toast")).await?;
        ensure!(
            !is_saved_recipient(&b, "draft@tulipworks.example")?,
            "Back saved the draft"
        );
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// A sign-in the server fails says so under the accounts, as wide as they
/// are, with Retry, which signs in (there was no Retry).
#[tokio::test]
async fn a_failed_sign_in_offers_retry() {
    let (_env, b) = start("sign_in_retry", Locale::EnUs, Theme::Light).await;
    let result = async {
        b.open("/signin").await?;
        let account = b.find_containing("button", PLAN.persona).await?;
        fail_next(&b, "POST", paths::SESSION, 500)?;
        b.click_control(&account).await?;
        let widths = b
            .wait_js(
                "the error bar under the accounts",
                "const bar = document.querySelector('.sign-in [role=alert]');
                 const list = document.querySelector('.account-picker');
                 return bar && list ? [bar.getBoundingClientRect().width, list.getBoundingClientRect().width] : null;",
                vec![],
            )
            .await?;
        ensure!(
            widths[0].as_f64() <= widths[1].as_f64(),
            "the error is wider than the accounts: {widths}"
        );
        b.click("button", &b.t("retry")).await?;
        b.find("heading", &b.t("home-title")).await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// At the design width, the invoice grid fits beside the open guide panel
/// in Dutch, the longer language: nothing of it is cut off behind a scroll.
#[tokio::test]
async fn the_invoice_grid_fits_beside_the_guide() {
    let (_env, b) = start("grid_beside_guide", Locale::NlNl, Theme::Light).await;
    let result = async {
        sign_in_by_api(&b, "account-admin")?;
        b.open(&format!("/billing/invoices/{}?guide=1", PLAN.scope_id))
            .await?;
        wait_invoice_rows(&b, "the invoice grid").await?;
        b.find("heading", &b.t("guide-title")).await?;
        let widths = b
            .js(
                "const s = document.querySelector('.grid-scroll');
                 return [s.scrollWidth, s.clientWidth];",
                vec![],
            )
            .await?;
        ensure!(
            widths[0].as_f64() <= widths[1].as_f64(),
            "the grid scrolls beside the guide: {widths}"
        );
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// Each option of the settings menu is picked by a click on its words, not
/// only on its small circle or box (the press on the words closed the menu).
#[tokio::test]
async fn the_settings_menu_takes_a_click_on_an_options_words() {
    let (_env, b) = start("settings_words", Locale::EnUs, Theme::Light).await;
    let result = async {
        b.open("/signin").await?;
        let pick = |words: String, done: &'static str| {
            let b = &b;
            async move {
                if !b.is_there("button", &b.t("settings")).await? {
                    bail!("no Settings button");
                }
                if b.js(
                    "return document.getElementById('settings-panel').hidden;",
                    vec![],
                )
                .await?
                    == json!(true)
                {
                    b.click("button", &b.t("settings")).await?;
                }
                let label = b
                    .client
                    .find(fantoccini::Locator::XPath(&format!(
                        "//*[@id='settings-panel']//label[normalize-space(.)='{words}']"
                    )))
                    .await
                    .with_context(|| format!("the option {words:?}"))?;
                label.click().await?;
                b.wait_js(&format!("{words} to be picked"), done, vec![])
                    .await?;
                Ok::<_, anyhow::Error>(())
            }
        };
        pick(
            b.t("settings-theme-dark"),
            "return document.documentElement.dataset.theme === 'dark';",
        )
        .await?;
        pick(
            b.t("settings-guide"),
            "return document.querySelector('.guide__progress') !== null;",
        )
        .await?;
        // Each language is named in itself, and marked as such (WCAG 3.1.2).
        let names = b
            .js(
                "return [...document.querySelectorAll('#settings-panel input[name=settings-language]')]
                     .map((i) => { const w = i.closest('label').querySelector('[lang]');
                                   return w ? [w.textContent.trim(), w.lang] : i.closest('label').textContent.trim(); });",
                vec![],
            )
            .await?;
        let expected: Vec<[&str; 2]> = Locale::ALL
            .into_iter()
            .map(|l| [l.native_name(), l.tag()])
            .collect();
        ensure!(
            names == json!(expected),
            "the languages' names are not marked with their language: {names}"
        );
        pick(
            Locale::NlNl.native_name().to_owned(),
            "return document.documentElement.lang === 'nl-NL';",
        )
        .await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// With no `?lang=` and no language chosen before, the app speaks the
/// browser's preferred language (this browser runs with `--lang=nl-NL`); a
/// chosen one wins from then on.
#[tokio::test]
async fn the_browsers_language_is_the_first_choice() {
    let (_env, b) = start("browsers_language", Locale::NlNl, Theme::Light).await;
    let result = async {
        let page_in = |tag: &str| format!("return document.documentElement.lang === '{tag}';");
        // The harness's first page named the language: forget it.
        b.open("/signin").await?;
        b.js("localStorage.clear();", vec![]).await?;
        b.client.goto(&format!("{}/signin", b.base)).await?;
        b.wait_js("the page to be Dutch", &page_in("nl-NL"), vec![])
            .await?;
        // Not remembered as a choice: a change of the browser's language is
        // followed on the next visit.
        let stored = b
            .js("return localStorage.getItem('portal.lang');", vec![])
            .await?;
        ensure!(
            stored.is_null(),
            "the detected language was stored: {stored}"
        );
        b.client
            .goto(&format!("{}/signin?lang=en-US", b.base))
            .await?;
        b.wait_js("the page to be English", &page_in("en-US"), vec![])
            .await?;
        b.client.goto(&format!("{}/signin", b.base)).await?;
        b.wait_js("the page to stay English", &page_in("en-US"), vec![])
            .await?;
        // The app asks the server for answers in the language it shows, not
        // the browser's (the server words its refusals of typed input in it).
        b.find_containing("button", PLAN.persona).await?;
        let journal = b.api().call(
            "GET",
            &format!(
                "{}?method=GET&path={}",
                paths::ADMIN_JOURNAL,
                paths::PERSONAS
            ),
            None,
        )?;
        let asked = journal["entries"]
            .as_array()
            .and_then(|entries| entries.iter().max_by_key(|e| e["id"].as_u64()))
            .context("the journal has no request for the personas")?["request_headers"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|pair| pair[0] == "accept-language")
            .map(|pair| pair[1].clone());
        ensure!(
            asked == Some(json!("en-US")),
            "the English page asked for answers in {asked:?}"
        );
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// Addresses that name nothing keep the signed-in frame and say so; a pane
/// names the document; Update profile sets the language of the emails.
#[tokio::test]
async fn unknown_addresses_pane_titles_and_the_email_language() {
    let (_env, b) = start("unknown_and_titles", Locale::NlNl, Theme::Light).await;
    let result = async {
        sign_in_by_api(&b, "account-admin")?;
        b.open("/billing/invoices/nope").await?;
        b.wait_text(&b.messages.fill("scope-unknown", &[("scope", "nope")]))
            .await?;
        let state = b
            .js(
                "return [document.getElementById('scope-picker').value,
                         document.getElementById('receive-invoice-by-email').getAttribute('aria-disabled')];",
                vec![],
            )
            .await?;
        ensure!(
            state == json!(["", "true"]),
            "an unknown scope leaves the picker on a real scope or the command enabled: {state}"
        );
        // Its pane, opened by its address, says the same of the scope (not
        // "does not exist (404)": nothing was asked); the server was never
        // asked about a scope the list does not have (a 404 in the browser's
        // console).
        b.open("/billing/invoices/nope/email-invoice").await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.wait_text(&b.t("scope-unknown-pane")).await?;
        let asked = b.api().call(
            "GET",
            &format!("{}?path=/api/scopes/nope", paths::ADMIN_JOURNAL),
            None,
        )?;
        ensure!(
            asked["entries"].as_array().is_some_and(Vec::is_empty),
            "the page asked the server about a scope its list does not have: {asked}"
        );

        b.open("/billing/nothing-here").await?;
        b.find("heading", &b.t("not-found-title")).await?;
        b.find_containing("button", PLAN.persona)
            .await
            .context("the not-found page lost the account menu")?;

        b.open(&format!("/billing/invoices/{}/profile", PLAN.scope_id))
            .await?;
        b.wait_dialog(label(&b, 6)).await?;
        b.wait_js(
            "the document title to name the pane",
            "return document.title.startsWith(arguments[0]) ? document.title : null;",
            vec![json!(label(&b, 6))],
        )
        .await?;
        b.js(
            "const s = document.getElementById('email-language');
             s.value = 'nl-NL';
             s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .await?;
        b.click("button", &b.t("save")).await?;
        b.wait_dialog(label(&b, 4)).await?;
        let profile = b.api().call("GET", paths::PROFILE, None)?;
        ensure!(
            profile["locale"] == "nl-NL",
            "the email language was not saved: {profile}"
        );
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// Another tab (here, a script) adds a colleague while the editor is open:
/// Done saves nothing, says why, and the colleague stays. "Load their list
/// with my changes" makes the draft (an address removed, one added) again on
/// the colleague's list, and Done saves both (the only way on was Cancel,
/// which lost the draft, R13).
#[tokio::test]
async fn done_after_a_change_made_elsewhere_saves_nothing_and_says_why() {
    let (_env, b) = start("recipients_changed", Locale::EnUs, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        let before = saved_recipients(&b, PLAN.scope_id)?;
        b.open(&format!("/billing/invoices/{}/recipients", PLAN.scope_id))
            .await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.api().call(
            "POST",
            &paths::recipients(PLAN.scope_id),
            Some(json!({ "email": "colleague@tulipworks.example" })),
        )?;
        let after_their_change = saved_recipients(&b, PLAN.scope_id)?;
        let dropped = before.first().context("no recipients in the scenario")?.clone();
        b.click("button", &b.t_args("recipient-remove", &[("email", &dropped)]))
            .await?;
        b.fill(&b.t("recipient-input-label"), "mine@tulipworks.example")
            .await?;
        b.click("button", label(&b, 8)).await?;
        b.click("button", label(&b, 9)).await?;
        b.wait_text(&b.t("error-recipients-changed")).await?;
        ensure!(
            saved_recipients(&b, PLAN.scope_id)? == after_their_change,
            "the list saved from the old one replaced the colleague's change"
        );
        // While their list loads, the editor is away: a change made then
        // was lost, and Done sent the old list again (R16).
        delay_next(&b, "GET", &paths::email_invoice(PLAN.scope_id), 1500)?;
        b.click("button", &b.t("recipients-rebase")).await?;
        b.wait_js(
            "the editor away while their list loads",
            "return document.getElementById('recipient-input') === null
                 && document.getElementById('done-button') === null ? true : null;",
            vec![],
        )
        .await?;
        b.wait_text(&b.t("recipients-rebased")).await?;
        let shown = b
            .js(
                "return [...document.querySelectorAll('.recipients-editor__address')].map((e) => e.textContent);",
                vec![],
            )
            .await?;
        let mut expected: Vec<String> = after_their_change
            .iter()
            .filter(|r| **r != dropped)
            .cloned()
            .collect();
        expected.push("mine@tulipworks.example".into());
        ensure!(
            shown == json!(expected),
            "the draft made again on their list: {shown}, not {expected:?}"
        );
        b.find("button", label(&b, 9)).await?;
        b.click("button", label(&b, 9)).await?;
        b.wait_dialog(label(&b, 4)).await?;
        let saved = saved_recipients(&b, PLAN.scope_id)?;
        ensure!(
            saved == expected,
            "Done after the rebase did not save both changes: {saved:?}"
        );
        // Refused after its pane closed: the toast says what to open, not to
        // choose Cancel (R14: there was nothing to cancel).
        b.click("button", label(&b, 7)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.api().call(
            "POST",
            &paths::recipients(PLAN.scope_id),
            Some(json!({ "email": "late@tulipworks.example" })),
        )?;
        add_recipient_then_close_while_saving(&b, "closed@tulipworks.example", 1500).await?;
        b.wait_text(&b.t_args(
            "save-failed-closed",
            &[
                ("what", &b.t("step-7-label")),
                ("error", &b.t("error-recipients-changed-closed")),
            ],
        ))
        .await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// Another tab (a script) changes the profile while Update profile is open:
/// Save saves nothing and says why above the form, not at the address (the
/// last save won without a word, R13). A refusal of the request's form,
/// which is never the address's fault, is said in the app's words above the
/// form too (R14: the server's English, at the address).
#[tokio::test]
async fn a_profile_changed_elsewhere_is_not_overwritten() {
    let (_env, b) = start("profile_changed", Locale::NlNl, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        b.open(&format!("/billing/invoices/{}/profile", PLAN.scope_id))
            .await?;
        b.wait_dialog(label(&b, 6)).await?;
        b.find("textbox", &b.t("preferred-email")).await?;
        b.api().call(
            "PUT",
            paths::PROFILE,
            Some(json!({ "preferred_email": "other@tulipworks.example" })),
        )?;
        b.fill(&b.t("preferred-email"), "mine@tulipworks.example")
            .await?;
        b.click("button", &b.t("save")).await?;
        let above_the_form = "const bar = [...document.querySelectorAll('.pane .message-bar')]
                 .find((e) => e.textContent.includes(arguments[0]));
             const field = document.getElementById('preferred-email-input');
             return bar !== undefined && field.getAttribute('aria-invalid') === null ? true : null;";
        b.wait_js(
            "the changed profile said above the form",
            above_the_form,
            vec![json!(b.t("error-profile-changed"))],
        )
        .await?;
        let profile = b.api().call("GET", paths::PROFILE, None)?;
        ensure!(
            profile["preferred_email"] == "other@tulipworks.example",
            "the save overwrote the other tab's change: {profile}"
        );

        fault_next(
            &b,
            "PUT",
            paths::PROFILE,
            json!({ "kind": "error", "status": 422,
                "body": r#"{"code":"invalid_body","message":"Unknown field `colour`.","field":"locale"}"# }),
        )?;
        b.open(&format!("/billing/invoices/{}/profile", PLAN.scope_id))
            .await?;
        b.fill(&b.t("preferred-email"), "mine@tulipworks.example")
            .await?;
        b.click("button", &b.t("save")).await?;
        b.wait_js(
            "the malformed request said in Dutch above the form",
            above_the_form,
            vec![json!(b.t_args("error-malformed-request", &[("status", "422")]))],
        )
        .await?;
        let english = b
            .js("return document.body.textContent.includes('Unknown field');", vec![])
            .await?;
        ensure!(english == false, "the server's English was shown");
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// "Nothing matches" is said into a live region that is there before it is
/// needed (shown with its text, it was not announced, R15), and takes no
/// room while empty. A pane that only explains puts focus on its button (it
/// was on the pane itself, where it showed nowhere); one for a scope the
/// account does not have offers Close, as it says to.
#[tokio::test]
async fn no_results_are_announced_and_explaining_panes_focus_their_button() {
    let (_env, b) = start("announced", Locale::EnUs, Theme::Light).await;
    let result = async {
        sign_in_by_api(&b, "account-admin")?;
        b.open("/billing").await?;
        let region = "const p = document.querySelector(arguments[0]);
             return p === null ? null
                 : [p.getAttribute('role'), p.textContent.trim(), Math.round(p.getBoundingClientRect().height)];";
        let before = b.js(region, vec![json!(".resource-menu__empty")]).await?;
        ensure!(before == json!(["status", "", 0]), "the menu's empty live region: {before}");
        b.fill(&b.t("menu-search-label"), "zzz").await?;
        b.wait_js(
            "the menu's no-match said in its live region",
            "const p = document.querySelector('.resource-menu__empty');
             return p.textContent.trim() === arguments[0] ? true : null;",
            vec![json!(b.t("menu-no-results"))],
        )
        .await?;
        let before = b.js(region, vec![json!(".global-search__empty")]).await?;
        ensure!(before == json!(["status", "", 0]), "the search's empty live region: {before}");
        let search = b.find("combobox", &b.t("search-label")).await?;
        search.element.click().await?;
        search.element.send_keys("zzzz").await?;
        b.wait_js(
            "the search's no results said in its live region",
            "const p = document.querySelector('.global-search__empty');
             return p.textContent.trim() === arguments[0] ? true : null;",
            vec![json!(b.t("search-no-results"))],
        )
        .await?;

        // Not opted in: Configure recipients explains, and focus is on Back.
        b.open("/billing/invoices/sub-development/recipients").await?;
        b.wait_text(&b.t("recipients-opt-in-first")).await?;
        b.expect_focus("button", &b.t("back")).await?;
        // No such scope: Close, focused, closes the pane.
        b.open("/billing/invoices/no-such-scope/profile").await?;
        b.wait_text(&b.t("scope-unknown-pane")).await?;
        b.expect_focus("button", &b.t("close")).await?;
        b.watch_errors().await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_gone("dialog", label(&b, 6)).await?;
        wait_path(&b, "/billing/invoices/no-such-scope").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        b.expect_no_errors("closing a pane for a scope the account lacks")
            .await?;
        // Esc goes back to Receive invoice by email, whose Close has focus
        // too; the pane closed panicked (its message was drawn again).
        b.open("/billing/invoices/no-such-scope/recipients").await?;
        b.wait_text(&b.t("scope-unknown-pane")).await?;
        b.watch_errors().await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.expect_focus("button", &b.t("close")).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        b.expect_no_errors("Esc in a pane for a scope the account lacks")
            .await?;
        // Opened by its address, too (focus stayed on the pane, R16).
        b.open("/billing/invoices/no-such-scope/email-invoice")
            .await?;
        b.wait_text(&b.t("scope-unknown-pane")).await?;
        b.expect_focus("button", &b.t("close")).await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

#[tokio::test]
async fn invalid_duplicate_and_too_many_recipients_show_inline_errors() {
    let name = "recipient_errors";
    let (_env, b) = start(name, Locale::EnUs, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        let before = saved_recipients(&b, PLAN.scope_id)?;
        b.open(&format!("/billing/invoices/{}/recipients", PLAN.scope_id))
            .await?;
        b.wait_dialog(label(&b, 7)).await?;
        let field = b.t("recipient-input-label");

        b.fill(&field, "not-an-address").await?;
        b.click("button", label(&b, 8)).await?;
        let error = field_error(&b).await?;
        ensure!(
            error == b.t("email-error-missing-at"),
            "invalid address: the error is {error:?}"
        );

        // Typed key by key, a space stays where it was typed.
        let spaced = b.fill(&field, "jan klaas@x.example").await?;
        b.click("button", label(&b, 8)).await?;
        let error = field_error(&b).await?;
        ensure!(
            error == b.t("email-error-whitespace"),
            "an address with a space: the error is {error:?}"
        );
        let typed = spaced.element.prop("value").await?;
        ensure!(
            typed.as_deref() == Some("jan klaas@x.example"),
            "the typed address became {typed:?}"
        );

        b.fill(&field, "FINANCE@tulipworks.example").await?;
        b.click("button", label(&b, 8)).await?;
        let error = field_error(&b).await?;
        let expected = b.messages.fill(
            "recipient-duplicate",
            &[("email", "FINANCE@tulipworks.example")],
        );
        ensure!(
            error.eq_ignore_ascii_case(&expected),
            "duplicate: the error is {error:?}, not {expected:?}"
        );
        ensure!(
            saved_recipients(&b, PLAN.scope_id)? == before,
            "a refused address changed the saved list"
        );

        apply_scenario(&b, "recipients-at-limit")?;
        b.reload().await?;
        b.wait_dialog(label(&b, 7)).await?;
        let full = saved_recipients(&b, PLAN.scope_id)?;
        b.fill(&field, "one-too-many@tulipworks.example").await?;
        b.click("button", label(&b, 8)).await?;
        let error = field_error(&b).await?;
        let expected = b
            .messages
            .fill("recipient-limit", &[("max", &full.len().to_string())]);
        ensure!(
            error == expected,
            "too many: the error is {error:?}, not {expected:?}"
        );
        // Done with the address still typed refuses too, saves nothing, and
        // asks for room, not a corrected address.
        b.click("button", label(&b, 9)).await?;
        b.wait_text(&format!("{expected} {}", b.t("recipients-not-saved-full")))
            .await?;
        field_error(&b).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        ensure!(
            b.is_there("dialog", label(&b, 7)).await?,
            "Done closed the editor with a refused address typed"
        );
        ensure!(
            saved_recipients(&b, PLAN.scope_id)? == full,
            "the list at the limit changed"
        );
        Ok(())
    }
    .await;
    b.finish(result).await;
}

#[tokio::test]
async fn opt_out_removes_the_recipients() {
    let (_env, b) = start("opt_out", Locale::EnUs, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        b.open(&format!(
            "/billing/invoices/{}/email-invoice",
            PLAN.scope_id
        ))
        .await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.find_containing("listitem", "cfo@tulipworks.example")
            .await?;
        b.click("button", &b.t("opt-out")).await?;
        // A confirmation (with Cancel) comes first; Esc answers it like
        // Cancel (the pane stays), and focus is back on Opt out.
        b.find("button", &b.t("cancel")).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("button", &b.t("cancel")).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.expect_focus("button", &b.t("opt-out")).await?;

        // A recipients save that ends while the question is open: the question
        // counts the recipients the opt out removes now (it said 3 of 4).
        b.click("button", label(&b, 7)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        add_recipient_then_close_while_saving(&b, "c9@tulipworks.example", 2000).await?;
        b.click("button", &b.t("opt-out")).await?;
        b.find("button", &b.t("cancel")).await?;
        b.wait_text(&b.t_args("opt-out-confirm", &[("count", "4")]))
            .await?;
        // Opt out again confirms; closed and opened again while it is on its
        // way, the pane does not offer it a second time (a second one was
        // refused and blamed on another tab).
        delay_next(&b, "POST", "/api/scopes/*/email-invoice/opt-out", 2000)?;
        b.click("button", &b.t("opt-out")).await?;
        b.click("button", &b.t("close")).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;
        b.click("button", label(&b, 4)).await?;
        b.wait_dialog(label(&b, 4)).await?;
        let again = b.find("button", &b.t("opt-out")).await?;
        ensure!(
            b.is_disabled(&again).await?,
            "Opt out is offered again while it is on its way"
        );
        b.wait_text(&b.t_args("opted-out-toast", &[("count", "4")]))
            .await?;
        b.find("button", label(&b, 5)).await?;
        let status = email_invoice_status(&b, PLAN.scope_id)?;
        ensure!(status["opted_in"] == false, "still opted in: {status}");
        ensure!(
            saved_recipients(&b, PLAN.scope_id)?.is_empty(),
            "recipients left after opting out: {status}"
        );
        let configure = b.find("button", label(&b, 7)).await?;
        ensure!(
            b.is_disabled(&configure).await?,
            "Configure recipients is usable after opting out"
        );

        // Another tab (a script here) opts in again: its confirmation email's
        // outbox event shows it here.
        opt_in_by_api(&b, PLAN.scope_id)?;
        b.wait_js(
            "Configure recipients usable again (the confirmation's outbox event)",
            "const b = document.getElementById('configure-recipients-button');
             return b !== null && !b.disabled;",
            vec![],
        )
        .await?;
        // A recipient added there sends no email, so no outbox event tells
        // this tab: coming back to it does.
        b.api().call(
            "POST",
            &paths::recipients(PLAN.scope_id),
            Some(json!({ "email": "elsewhere@tulipworks.example" })),
        )?;
        come_back_to_tab(&b).await?;
        b.find_containing("listitem", "elsewhere@tulipworks.example")
            .await
            .context("the recipient added in another tab, after coming back")?;
        // Another tab signs in as someone else: coming back shows who.
        sign_in_by_api(&b, "co-admin")?;
        come_back_to_tab(&b).await?;
        b.wait_text("Sam Okafor")
            .await
            .context("the persona signed in in another tab, after coming back")?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// How many `GET`s of `path` the app has made in this sandbox.
fn gets_of(b: &Browser, path: &str) -> Result<usize> {
    let journal = b.api().call("GET", paths::ADMIN_JOURNAL, None)?;
    Ok(journal["entries"]
        .as_array()
        .context("no journal")?
        .iter()
        .filter(|entry| entry["method"] == "GET" && entry["path"] == path)
        .count())
}

/// The value of the input with this id.
async fn input_value(b: &Browser, id: &str) -> Result<String> {
    let value = b
        .js(
            "return document.getElementById(arguments[0]).value;",
            vec![json!(id)],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// Comes back to the tab while a form holds a draft: nothing may load again
/// (`path` is what a reload would ask for), and the draft stays.
async fn come_back_keeps_draft(b: &Browser, path: &str, what: &str) -> Result<()> {
    let before = gets_of(b, path)?;
    come_back_to_tab(b).await?;
    // A reload would ask at once; give it time to show in the journal.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let after = gets_of(b, path)?;
    ensure!(
        after == before,
        "coming back reloaded {path} under {what} ({before} → {after} requests)"
    );
    Ok(())
}

/// Coming back to the tab loads an open form again when it holds nothing a
/// reload would lose (another tab's changes show), and leaves it alone when
/// it does: Configure recipients, Update profile and the terms.
#[tokio::test]
async fn coming_back_reloads_untouched_forms_and_keeps_drafts() {
    let (_env, b) = start("back_to_forms", Locale::EnUs, Theme::Light).await;
    let result = async {
        let scope = PLAN.scope_id;
        let status = paths::email_invoice(scope);
        apply_scenario(&b, "opted-in-three-recipients")?;
        let add_elsewhere = |email: &str| {
            b.api().call(
                "POST",
                &paths::recipients(scope),
                Some(json!({ "email": email })),
            )
        };

        // Configure recipients, untouched: another tab's recipient shows.
        b.open(&format!("/billing/invoices/{scope}/recipients"))
            .await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.find_containing("listitem", "cfo@tulipworks.example")
            .await?;
        add_elsewhere("elsewhere@tulipworks.example")?;
        come_back_to_tab(&b).await?;
        b.find_containing("listitem", "elsewhere@tulipworks.example")
            .await
            .context("Configure recipients, untouched, after coming back")?;
        // An address typed but not added yet is a draft, and stays.
        b.fill(&b.t("recipient-input-label"), "typed@tulipworks.example")
            .await?;
        add_elsewhere("second@tulipworks.example")?;
        come_back_keeps_draft(&b, &status, "a typed address").await?;
        ensure!(input_value(&b, "recipient-input").await? == "typed@tulipworks.example");
        // So does an address added to the list but not saved.
        b.click("button", label(&b, 8)).await?;
        b.find_containing("listitem", "typed@tulipworks.example")
            .await?;
        come_back_keeps_draft(&b, &status, "an added address").await?;
        b.find_containing("listitem", "typed@tulipworks.example")
            .await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_dialog(label(&b, 4)).await?;

        // Update profile, untouched: another tab's preferred email shows.
        b.open(&format!("/billing/invoices/{scope}/profile")).await?;
        b.wait_dialog(label(&b, 6)).await?;
        let set_preferred = |email: &str| {
            b.api().call(
                "PUT",
                paths::PROFILE,
                Some(json!({ "preferred_email": email })),
            )
        };
        set_preferred("billing@tulipworks.example")?;
        come_back_to_tab(&b).await?;
        b.wait_js(
            "the preferred email changed in another tab",
            "return document.getElementById('preferred-email-input').value === 'billing@tulipworks.example';",
            vec![],
        )
        .await?;
        // Typed over, it stays.
        b.fill(&b.t("preferred-email"), "mine@tulipworks.example")
            .await?;
        set_preferred("ap@tulipworks.example")?;
        come_back_keeps_draft(&b, paths::PROFILE, "a typed preferred email").await?;
        ensure!(input_value(&b, "preferred-email-input").await? == "mine@tulipworks.example");

        // The terms, not ticked: opted in elsewhere, the pane says so.
        b.api().call("POST", &paths::opt_out(scope), None)?;
        b.open(&format!("/billing/invoices/{scope}/email-invoice/terms"))
            .await?;
        b.wait_dialog(label(&b, 5)).await?;
        b.find("checkbox", &b.t("terms-agree")).await?;
        opt_in_by_api(&b, scope)?;
        come_back_to_tab(&b).await?;
        b.wait_text(&b.t("terms-already-opted-in"))
            .await
            .context("the terms, untouched, after another tab opted in")?;
        // Ticked, the box stays ticked.
        b.api().call("POST", &paths::opt_out(scope), None)?;
        b.open(&format!("/billing/invoices/{scope}/email-invoice/terms"))
            .await?;
        b.click("checkbox", &b.t("terms-agree")).await?;
        opt_in_by_api(&b, scope)?;
        come_back_keeps_draft(&b, &status, "a ticked box").await?;
        ensure!(
            b.js("return document.getElementById('terms-agree').checked;", vec![])
                .await?
                == true,
            "the ticked box was reset"
        );
        // Opt in, refused as opted in already: the pane says so in place of
        // the form, which has nothing left to do.
        b.click("button", &b.t("opt-in")).await?;
        b.wait_text(&b.t("terms-already-opted-in"))
            .await
            .context("the terms, ticked, refused as opted in already")?;
        b.wait_gone("checkbox", &b.t("terms-agree"))
            .await
            .context("the form stays after the refusal")?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// Makes the next `method` request of `path` wait `ms` milliseconds, once.
fn delay_next(b: &Browser, method: &str, path: &str, ms: u64) -> Result<()> {
    fault_next(
        b,
        method,
        path,
        json!({ "kind": "latency", "min_ms": ms, "max_ms": ms }),
    )
}

/// Coming back to the tab reloads quietly: what is typed while the answer
/// is on its way stays; an answer equal to what is shown redraws nothing
/// (focus stays where it was); a failed reload changes nothing on screen;
/// an opt out under way is not undone by it; the terms and the guide follow
/// what another tab did.
#[tokio::test]
async fn quiet_reloads_lose_nothing() {
    let (_env, b) = start("quiet_reloads", Locale::EnUs, Theme::Light).await;
    let result = async {
        let scope = PLAN.scope_id;
        apply_scenario(&b, "opted-in-three-recipients")?;

        // Typed while the reload is on its way: kept.
        b.open(&format!("/billing/invoices/{scope}/profile")).await?;
        b.wait_dialog(label(&b, 6)).await?;
        b.api().call(
            "PUT",
            paths::PROFILE,
            Some(json!({ "preferred_email": "billing@tulipworks.example" })),
        )?;
        // The scope's state answers late; the profile at once (shown).
        delay_next(&b, "GET", &paths::email_invoice(scope), 1500)?;
        come_back_to_tab(&b).await?;
        b.wait_js(
            "the preferred email changed in another tab",
            "return document.getElementById('preferred-email-input').value === 'billing@tulipworks.example';",
            vec![],
        )
        .await?;
        b.fill(&b.t("preferred-email"), "mine@tulipworks.example")
            .await?;
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let typed = input_value(&b, "preferred-email-input").await?;
        ensure!(
            typed == "mine@tulipworks.example",
            "the reload's answer replaced what was typed meanwhile: {typed}"
        );

        // The same answer again: nothing is drawn again, so focus stays on
        // a control that has no id to be found again by.
        b.open(&format!("/billing/invoices/{scope}/recipients?guide=1"))
            .await?;
        b.wait_dialog(label(&b, 7)).await?;
        let remove = "Remove finance@tulipworks.example";
        let control = b.find("button", remove).await?;
        b.js("arguments[0].focus();", vec![serde_json::to_value(&control.element)?])
            .await?;
        b.expect_focus("button", remove).await?;
        come_back_to_tab(&b).await?;
        tokio::time::sleep(Duration::from_millis(700)).await;
        ensure!(
            b.js("return E2E.isActive('button', arguments[0], true);", vec![json!(remove)])
                .await?
                == true,
            "coming back with nothing changed moved focus off {remove}"
        );

        // Another address removed elsewhere: the list is drawn anew, and
        // focus stays on the same control.
        b.api().call(
            "DELETE",
            &paths::recipient(scope, "cfo@tulipworks.example"),
            None,
        )?;
        come_back_to_tab(&b).await?;
        b.wait_gone("button", "Remove cfo@tulipworks.example")
            .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        b.expect_focus("button", remove).await?;

        // A reload that fails changes nothing on screen.
        add_fault(&b, &paths::email_invoice(scope), json!({ "kind": "error", "status": 500 }))?;
        come_back_to_tab(&b).await?;
        tokio::time::sleep(Duration::from_millis(700)).await;
        let alert = b
            .js(
                "return [...document.querySelectorAll('.pane [role=alert]')].some((e) => E2E.visible(e) && e.textContent.trim() !== '');",
                vec![],
            )
            .await?;
        ensure!(alert == false, "a failed quiet reload put an error in the pane");
        b.find_containing("listitem", "finance@tulipworks.example")
            .await?;

        // Opted out in another tab: the pane says to opt in first, and the
        // guide goes back to step 5.
        b.api().call("POST", &paths::opt_out(scope), None)?;
        come_back_to_tab(&b).await?;
        b.wait_text(&b.t("recipients-opt-in-first")).await?;
        b.wait_js(
            "the guide at step 5",
            "const c = document.querySelector('.guide__step[aria-current=step]');
             return c !== null && c.textContent.includes(arguments[0]);",
            vec![json!(label(&b, 5))],
        )
        .await?;

        // The terms: a failed opt-in, the box unticked again, then opted in
        // in another tab: the pane says so rather than keeping the form.
        b.open(&format!("/billing/invoices/{scope}/email-invoice/terms"))
            .await?;
        b.click("checkbox", &b.t("terms-agree")).await?;
        fail_next(&b, "POST", "/api/scopes/*/email-invoice/opt-in", 500)?;
        b.click("button", &b.t("opt-in")).await?;
        b.wait_text(&b.t("retry")).await?;
        b.click("checkbox", &b.t("terms-agree")).await?;
        opt_in_by_api(&b, scope)?;
        come_back_to_tab(&b).await?;
        b.wait_text(&b.t("terms-already-opted-in"))
            .await
            .context("the terms after a failed opt-in, untouched again, opted in elsewhere")?;

        // An opt out under way: the reload's older answer does not undo it.
        b.open(&format!("/billing/invoices/{scope}/email-invoice"))
            .await?;
        b.wait_dialog(label(&b, 4)).await?;
        delay_next(&b, "POST", "/api/scopes/*/email-invoice/opt-out", 2000)?;
        b.click("button", &b.t("opt-out")).await?;
        b.find("button", &b.t("cancel")).await?;
        b.click("button", &b.t("opt-out")).await?;
        come_back_to_tab(&b).await?;
        b.find("button", label(&b, 5))
            .await
            .context("opted out, with a reload under way")?;
        tokio::time::sleep(Duration::from_millis(700)).await;
        let configure = b.find("button", label(&b, 7)).await?;
        ensure!(
            b.is_disabled(&configure).await?,
            "the pane went back to opted in after the opt out"
        );
        ensure!(email_invoice_status(&b, scope)?["opted_in"] == false);

        // Opted out in another tab while the question was asked here: said,
        // and the pane shows the scope opted out (not "opt in first").
        opt_in_by_api(&b, scope)?;
        b.open(&format!("/billing/invoices/{scope}/email-invoice"))
            .await?;
        b.click("button", &b.t("opt-out")).await?;
        b.find("button", &b.t("cancel")).await?;
        b.api().call("POST", &paths::opt_out(scope), None)?;
        b.click("button", &b.t("opt-out")).await?;
        b.wait_text(&b.t("opted-out-elsewhere-toast")).await?;
        b.find("button", label(&b, 5))
            .await
            .context("the pane after opting out what another tab opted out")?;

        // The grid drawn anew with a new invoice (a billing cycle elsewhere):
        // focus stays on the same invoice's link, not on the same row.
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;
        let link = "const a = [...document.querySelectorAll('.invoice-grid a[download]')];
             return a.map((l) => l.getAttribute('aria-label'));";
        let before = b.js(link, vec![]).await?;
        let second = before[1].as_str().context("no second invoice")?.to_owned();
        b.js(
            "document.querySelectorAll('.invoice-grid a[download]')[1].focus();",
            vec![],
        )
        .await?;
        b.api().call("POST", paths::BILLING_CYCLE, None)?;
        come_back_to_tab(&b).await?;
        b.wait_js(
            "the new invoice's row",
            "return document.querySelectorAll('.invoice-grid a[download]').length === arguments[0] + 1;",
            vec![json!(before.as_array().map_or(0, Vec::len))],
        )
        .await?;
        b.wait_js(
            &format!("focus on {second} after the grid was drawn anew"),
            "return document.activeElement.getAttribute('aria-label') === arguments[0];",
            vec![json!(second)],
        )
        .await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// With a pane open, Tab goes round the pane and the toasts beside it, so an
/// error toast's Retry and × stay in reach; closing a toast from the
/// keyboard puts focus back where it came from.
#[tokio::test]
async fn toasts_beside_a_pane_are_in_reach_of_the_keyboard() {
    let (_env, b) = start("toasts_keyboard", Locale::EnUs, Theme::Light).await;
    let result = async {
        let scope = PLAN.scope_id;
        sign_in_by_api(&b, "account-admin")?;
        b.open(&format!("/billing/invoices/{scope}")).await?;
        fail_next(&b, "POST", paths::BILLING_CYCLE, 503)?;
        b.click("button", &b.t("billing-cycle-run")).await?;
        b.find("button", &b.t("retry")).await?;
        b.click("button", label(&b, 4)).await?;
        b.wait_dialog(label(&b, 4)).await?;
        let active = "const a = document.activeElement;
             if (a.closest('.toast')) return a.classList.contains('toast__close') ? 'toast close' : 'toast ' + a.textContent.trim();
             if (a.classList.contains('pane__close')) return 'pane close';
             return a.closest('.pane') ? 'pane' : a.tagName;";
        b.js("document.querySelector('.pane__close').focus();", vec![])
            .await?;
        let mut seen = Vec::new();
        for _ in 0..3 {
            b.chord(keys::SHIFT, keys::TAB).await?;
            seen.push(b.js(active, vec![]).await?);
        }
        ensure!(
            seen == [json!("toast close"), json!("toast Retry"), json!("pane")],
            "Shift+Tab from the pane's first control went {seen:?}"
        );
        let mut seen = Vec::new();
        for _ in 0..3 {
            b.press(&[keys::TAB]).await?;
            seen.push(b.js(active, vec![]).await?);
        }
        ensure!(
            seen == [json!("toast Retry"), json!("toast close"), json!("pane close")],
            "Tab from the pane's last control went {seen:?}"
        );
        // Closed from the keyboard: focus goes back to where it came from.
        b.chord(keys::SHIFT, keys::TAB).await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_gone("button", &b.t("retry")).await?;
        b.wait_js("focus back on the pane's close button", &format!("return (() => {{ {active} }})() === 'pane close';"), vec![])
            .await?;

        // A run that works takes an earlier failure's Retry away (it would
        // run another cycle).
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;
        fail_next(&b, "POST", paths::BILLING_CYCLE, 503)?;
        b.click("button", &b.t("billing-cycle-run")).await?;
        b.find("button", &b.t("retry")).await?;
        b.click("button", &b.t("billing-cycle-run")).await?;
        b.wait_gone("button", &b.t("retry")).await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// What the panes say beyond the labels: who accepted the terms, what opting
/// out removes, that only Done saves (and that closing discarded), why a
/// co-administrator can change nothing on an opted-in scope; long addresses
/// wrap; the terms fit a 1366x786 window in both languages; only the open
/// page is current in the resource menu; message bar icons are drawn.
#[tokio::test]
async fn the_panes_say_who_accepted_what_is_unsaved_and_who_may_change_it() {
    let (_env, b) = start("panes_say_more", Locale::EnUs, Theme::Light).await;
    let result = async {
        let scope = PLAN.scope_id;
        sign_in_by_api(&b, "account-admin")?;
        // The terms' whole text shows without scrolling, in both languages.
        for (lang, tag) in [(Locale::EnUs, "en-US"), (Locale::NlNl, "nl-NL")] {
            b.client
                .goto(&format!(
                    "{}/billing/invoices/{scope}/email-invoice/terms?lang={tag}",
                    b.base
                ))
                .await?;
            b.wait_for_app().await?;
            b.wait_js(
                &format!("the terms in {tag}"),
                "const t = document.querySelector('.terms-step__text');
                 return t !== null && t.querySelectorAll('p').length > 0;",
                vec![],
            )
            .await?;
            let fits = b
                .js(
                    "const t = document.querySelector('.terms-step__text');
                     return [t.scrollHeight, t.clientHeight];",
                    vec![],
                )
                .await?;
            ensure!(
                fits[0].as_f64() <= fits[1].as_f64().map(|h| h + 1.0),
                "{lang:?}: the terms scroll inside their box (scroll and client height {fits})"
            );
        }

        // Where the search box is: it stays put when the first unread
        // message arrives and when another persona signs in.
        let search_x = "return document.querySelector('.global-search').getBoundingClientRect().x;";
        let unread = "const badge = document.querySelector('.top-bar__badge');
             return badge !== null && parseInt(badge.textContent, 10) > 0;";
        b.open(&format!("/billing/invoices/{scope}")).await?;
        wait_invoice_rows(&b, "the invoices").await?;
        ensure!(
            b.js(unread, vec![]).await? == false,
            "unread messages before any were sent"
        );
        let before = b.js(search_x, vec![]).await?;

        apply_scenario(&b, "opted-in-three-recipients")?;
        b.open(&format!("/billing/invoices/{scope}/email-invoice"))
            .await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.wait_js("the unread badge", unread, vec![]).await?;
        let with_unread = b.js(search_x, vec![]).await?;
        ensure!(
            with_unread == before,
            "the search box moved from {before} to {with_unread} when the badge appeared"
        );
        b.wait_text("accepted by Noor Jansen on").await?;
        b.wait_text(&b.messages.fill("opt-out-explain", &[("count", "3")]))
            .await?;
        let current = b
            .js(
                "return [...document.querySelectorAll('.resource-menu [aria-current]')]
                     .map((e) => e.textContent.trim());",
                vec![],
            )
            .await?;
        ensure!(
            current == json!([b.t("step-3-label")]),
            "current in the resource menu: {current}"
        );
        // The breadcrumb's current page is the page shown (it was the
        // service), and the account menu holds only its items.
        let marks = b
            .js(
                "const items = [...document.querySelectorAll('#account-menu > *')];
                 return [
                   document.querySelector('.breadcrumb [aria-current=page]').textContent.trim(),
                   document.querySelector('.service__title-page').textContent.trim(),
                   items.length > 0 && items.every((li) => li.getAttribute('role') === 'none'
                     && li.textContent.trim() === li.querySelector('[role=menuitem]')?.textContent.trim()),
                 ];",
                vec![],
            )
            .await?;
        ensure!(
            marks[0] == marks[1] && marks[2] == json!(true),
            "the breadcrumb's current page, the page's title, the menu holds only items: {marks}"
        );
        let icon = b
            .js(
                "const s = getComputedStyle(document.querySelector('.message-bar'), '::before');
                 return [s.content, s.maskImage || s.webkitMaskImage];",
                vec![],
            )
            .await?;
        ensure!(
            icon[0] == "\"\"" && icon[1].as_str().is_some_and(|m| m.contains("svg")),
            "the message bar's icon is not drawn: {icon}"
        );

        // Only Done saves; closing with changes says they were discarded.
        b.click("button", label(&b, 7)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        let long = format!(
            "{}@{}.{}.example",
            "a".repeat(60),
            "b".repeat(60),
            "c".repeat(60)
        );
        b.fill(&b.t("recipient-input-label"), &long).await?;
        b.click("button", label(&b, 8)).await?;
        b.wait_text(&b.t("recipients-unsaved")).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.wait_text(&b.t("recipients-discarded-toast")).await?;
        // Focus is back on the control that opened the pane, also once the
        // pane's data has loaded again.
        tokio::time::sleep(Duration::from_millis(500)).await;
        b.expect_focus("button", label(&b, 7)).await?;
        ensure!(
            saved_recipients(&b, scope)?.len() == 3,
            "closing saved the draft"
        );

        // A long address wraps in the pane instead of pushing it sideways.
        b.click("button", label(&b, 7)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.fill(&b.t("recipient-input-label"), &long).await?;
        b.click("button", label(&b, 8)).await?;
        b.click("button", label(&b, 9)).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.find_containing("listitem", &long).await?;
        b.expect_focus("button", label(&b, 7)).await?;
        let sideways = b
            .js(
                "const body = document.querySelector('.pane__body');
                 return body.scrollWidth - body.clientWidth;",
                vec![],
            )
            .await?;
        ensure!(
            sideways.as_f64() == Some(0.0),
            "the pane scrolls {sideways} px sideways"
        );

        // A co-administrator is told what they cannot change, not to opt in.
        sign_in_by_api(&b, "co-admin")?;
        b.open(&format!("/billing/invoices/{scope}/email-invoice"))
            .await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.wait_text(&b.t("reason-not-account-administrator-opted-in"))
            .await?;
        let as_co_admin = b.js(search_x, vec![]).await?;
        ensure!(
            as_co_admin == before,
            "the search box moved from {before} to {as_co_admin} for another persona"
        );
        ensure!(
            !b.page_text()
                .await?
                .contains(&b.t("reason-not-account-administrator")),
            "the co-administrator is told about opting in on an opted-in scope"
        );
        Ok(())
    }
    .await;
    b.finish(result).await;
}

#[tokio::test]
async fn injected_error_and_latency_show_the_error_bar_and_retry_recovers() {
    let (_env, b) = start("faults", Locale::EnUs, Theme::Light).await;
    let result = async {
        sign_in_by_api(&b, "account-admin")?;
        // A 500 on the pane's data: the error bar, with Retry.
        add_fault(&b, "/api/scopes/*/email-invoice", json!({ "kind": "error", "status": 500 }))?;
        b.open(&format!("/billing/invoices/{}/email-invoice", PLAN.scope_id))
            .await?;
        b.wait_dialog(label(&b, 4)).await?;
        let alert = b
            .wait_js(
                "an error bar with Retry in the pane",
                "const bar = [...document.querySelectorAll('.pane [role=alert]')].find((e) => E2E.visible(e));
                 return bar && bar.querySelector('button') && bar.textContent.trim() ? bar.textContent.trim() : null;",
                vec![],
            )
            .await?;
        ensure!(
            !b.is_there("button", label(&b, 5)).await?,
            "the pane shows its content despite the error: {alert}"
        );
        b.click("button", &b.t("retry")).await?;
        b.find("button", label(&b, 5)).await?;
        let faults = b.api().call("GET", paths::ADMIN_FAULTS, None)?;
        ensure!(
            faults["faults"].as_array().is_some_and(Vec::is_empty),
            "the fault should be used up: {faults}"
        );

        // A one-off refusal of a load (a tester's 403, a 429) offers Retry
        // too (only the browser's reload was left): asking again changes
        // nothing on the server. A 429 says to wait.
        // A connection dropped once is seen once (the browser sent the
        // request again, unseen, and the fault never showed).
        for (fault, says) in [
            (json!({ "kind": "error", "status": 403 }), b.messages.fill("error-refused", &[("status", "403")])),
            (json!({ "kind": "error", "status": 429 }), b.messages.fill("error-too-many-requests", &[("status", "429")])),
            (json!({ "kind": "drop" }), b.t("error-network")),
        ] {
            add_fault(&b, "/api/scopes/*/email-invoice", fault)?;
            b.open(&format!("/billing/invoices/{}/email-invoice", PLAN.scope_id))
                .await?;
            b.wait_text(&says).await?;
            b.click("button", &b.t("retry")).await?;
            b.find("button", label(&b, 5)).await?;
        }

        // A pane whose content failed to load keeps a way out besides ×
        // (its Cancel comes with the content): Back, beside the error.
        add_fault(&b, "/api/terms/*", json!({ "kind": "error", "status": 503 }))?;
        b.click("button", label(&b, 5)).await?;
        b.wait_dialog(label(&b, 5)).await?;
        b.wait_js(
            "the terms' error bar",
            "return [...document.querySelectorAll('.pane [role=alert]')].some((e) => E2E.visible(e));",
            vec![],
        )
        .await?;
        b.click("button", &b.t("back")).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.find("button", label(&b, 5)).await?;

        // Signed out behind the page's back (another tab, a script): the
        // next refusal takes the user to the sign-in page, and back after
        // it (it said "You are signed out" under Noor's name, with no way in).
        b.api().send("DELETE", paths::SESSION, None)?;
        b.click("button", label(&b, 5)).await?;
        wait_path(&b, "/signin").await?;
        b.click_control(&b.find_containing("button", PLAN.persona).await?).await?;
        b.wait_dialog(label(&b, 5)).await?;

        // Latency: a loading indicator, then the page.
        add_fault(&b, "/api/scopes/*/invoices", json!({ "kind": "latency", "min_ms": 1500, "max_ms": 1500 }))?;
        b.open(&format!("/billing/invoices/{}", PLAN.scope_id))
            .await?;
        b.find("status", &b.t("loading")).await?;
        wait_invoice_rows(&b, "the invoice grid after the delay").await?;

        // A slow pane does not hold up the grid behind it: the rows are
        // there while the pane is still loading.
        add_fault(&b, "/api/scopes/*/email-invoice", json!({ "kind": "latency", "min_ms": 4000, "max_ms": 4000 }))?;
        b.open(&format!("/billing/invoices/{}/email-invoice", PLAN.scope_id))
            .await?;
        wait_invoice_rows(&b, "the invoice grid beside the slow pane").await?;
        ensure!(
            b.js(
                "return [...document.querySelectorAll('.pane [role=status]')].some((e) => E2E.visible(e));",
                vec![],
            )
            .await?
                == true,
            "the grid waited for the pane's data"
        );
        b.find("button", label(&b, 5)).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;

        // A slow error, then a slow answer to Retry (a delay and an error
        // combine; the delay is set for two requests): the bar, then the
        // grid once Retry is answered.
        add_fault(&b, "/api/scopes/*/invoices", json!({ "kind": "error", "status": 500 }))?;
        b.api().call(
            "POST",
            paths::ADMIN_FAULTS,
            Some(json!({
                "method": "GET",
                "path": "/api/scopes/*/invoices",
                "fault": { "kind": "latency", "min_ms": 800, "max_ms": 800 },
                "count": 2,
            })),
        )?;
        b.reload().await?;
        b.find("button", &b.t("retry")).await?;
        b.click("button", &b.t("retry")).await?;
        wait_invoice_rows(&b, "the invoice grid after Retry").await?;

        // No answer to who is signed in: neither the page nor sign-in, but
        // the error bar; Retry asks again and draws the page.
        add_fault(&b, paths::SESSION, json!({ "kind": "error", "status": 503 }))?;
        b.open("/billing").await?;
        b.find("button", &b.t("retry")).await?;
        ensure!(
            b.client.current_url().await?.path() == "/billing",
            "a failed session answer was taken for signed out"
        );
        b.click("button", &b.t("retry")).await?;
        b.find("link", label(&b, 3)).await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// Makes the next `method` request of `path` fail with `status`, once.
fn fail_next(b: &Browser, method: &str, path: &str, status: u16) -> Result<()> {
    fault_next(
        b,
        method,
        path,
        json!({ "kind": "error", "status": status }),
    )
}

/// Configure recipients opened again while this tab's own Done is still on
/// its way waits for it, then shows the saved list: a change made on the
/// list shown before was refused as "someone changed these recipients" (R12),
/// and the user was told to start again.
#[tokio::test]
async fn recipients_opened_again_during_their_own_save_wait_for_it() {
    let (_env, b) = start("reopen_during_save", Locale::EnUs, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        let scope = PLAN.scope_id;
        b.open(&format!("/billing/invoices/{scope}/recipients"))
            .await?;
        b.wait_dialog(label(&b, 7)).await?;
        add_recipient_then_close_while_saving(&b, "slow@tulipworks.example", 2500).await?;
        b.click("button", label(&b, 7)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.wait_text(&b.t("recipients-earlier-save")).await?;
        // The list opens with the saved address in it; a change on it saves.
        b.fill(&b.t("recipient-input-label"), "next@tulipworks.example")
            .await?;
        ensure!(
            is_saved_recipient(&b, "slow@tulipworks.example")?,
            "the field was there before the earlier save ended"
        );
        b.click("button", label(&b, 8)).await?;
        b.click("button", label(&b, 9)).await?;
        b.wait_text(&b.t_args("recipients-saved-toast", &[("count", "5")]))
            .await?;
        let saved = saved_recipients(&b, scope)?;
        ensure!(
            saved.iter().any(|r| r == "slow@tulipworks.example")
                && saved.iter().any(|r| r == "next@tulipworks.example"),
            "both changes saved: {saved:?}"
        );
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// A save the server failed (not refused) offers Retry where it was made,
/// and marks no field as wrong: the profile, the recipients, the opt-in and
/// the billing cycle (whose toast stays until Retry).
/// Closing a pane while its save is on its way (Esc here; Back or × alike)
/// does not undo the save: the server makes the change, so the page shows
/// it and a toast says it, never "discarded". Before, the page kept the old
/// state, and Configure recipients said the changes were discarded while
/// the server had saved them.
#[tokio::test]
async fn a_save_under_way_when_its_pane_closes_still_shows_and_says_its_result() {
    let (_env, b) = start("save_then_close", Locale::EnUs, Theme::Light).await;
    let result = async {
        let scope = PLAN.scope_id;
        sign_in_by_api(&b, "account-admin")?;
        let invoices = format!("/billing/invoices/{scope}");

        // The opt-in.
        b.open(&format!("{invoices}/email-invoice/terms")).await?;
        b.click("checkbox", &b.t("terms-agree")).await?;
        delay_next(&b, "POST", "/api/scopes/*/email-invoice/opt-in", 1500)?;
        b.click("button", &b.t("opt-in")).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        let profile = b.api().call("GET", paths::PROFILE, None)?;
        let preferred = profile["preferred_email"].as_str().unwrap_or_default();
        b.wait_text(&b.t_args("opted-in-toast", &[("email", preferred)]))
            .await?;
        wait_email_invoice_state(&b, "email-invoice-on").await?;
        b.find("button", label(&b, 6)).await?;

        // The profile.
        b.click("button", label(&b, 6)).await?;
        b.wait_dialog(label(&b, 6)).await?;
        b.fill(&b.t("preferred-email"), "ap@tulipworks.example")
            .await?;
        delay_next(&b, "PUT", paths::PROFILE, 1500)?;
        b.click("button", &b.t("save")).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.wait_text(&b.t_args("profile-saved-toast", &[("email", "ap@tulipworks.example")]))
            .await?;
        b.wait_js(
            "the pane to show the new preferred email",
            "return [...document.querySelectorAll('.pane dd, .pane p')].some((e) => e.textContent.includes('ap@tulipworks.example'));",
            vec![],
        )
        .await?;

        // The recipients: saved, and not said to be discarded.
        b.click("button", label(&b, 7)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.fill(&b.t("recipient-input-label"), "finance@tulipworks.example")
            .await?;
        b.click("button", label(&b, 8)).await?;
        delay_next(&b, "PUT", "/api/scopes/*/email-invoice/recipients", 1500)?;
        b.click("button", label(&b, 9)).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.wait_text(&b.t_args("recipients-saved-toast", &[("count", "1")]))
            .await?;
        b.wait_text(&b.t_args("recipients-count", &[("count", "1"), ("max", "20")]))
            .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let discarded = b
            .js(
                "return document.body.textContent.includes(arguments[0]);",
                vec![json!(b.t("recipients-discarded-toast"))],
            )
            .await?;
        ensure!(
            discarded == false,
            "the saved recipients were said to be discarded"
        );
        ensure!(
            saved_recipients(&b, scope)? == ["finance@tulipworks.example"],
            "the recipients were not saved"
        );

        // Opt out, with the whole pane closed while it is on its way.
        delay_next(&b, "POST", "/api/scopes/*/email-invoice/opt-out", 1500)?;
        opt_out_confirmed(&b).await?;
        // The first Esc puts the question away, the second closes the pane.
        b.press(&[keys::ESCAPE]).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;
        b.wait_text(&b.t_args("opted-out-toast", &[("count", "1")]))
            .await?;
        wait_email_invoice_state(&b, "email-invoice-off").await?;

        // A save that fails after its pane closed says so where the user is
        // now (it said nothing, and the change was lost unseen).
        opt_in_by_api(&b, scope)?;
        b.open(&format!("{invoices}/profile")).await?;
        b.wait_dialog(label(&b, 6)).await?;
        b.fill(&b.t("preferred-email"), "lost@tulipworks.example")
            .await?;
        delay_next(&b, "PUT", paths::PROFILE, 1500)?;
        fail_next(&b, "PUT", paths::PROFILE, 500)?;
        b.click("button", &b.t("save")).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        let nothing_saved = b.t_args(
            "save-failed-closed",
            &[("what", &b.t("step-6-label")), ("error", "")],
        );
        b.wait_text(nothing_saved.trim()).await?;
        // Its Retry sends what was typed again (the pane, and with it the
        // address, are gone: R13 had to type it all again).
        b.click("button", &b.t("retry")).await?;
        b.wait_js(
            "the retried save",
            "return [...document.querySelectorAll('.toast')].some((t) => t.textContent.includes('lost@tulipworks.example'));",
            vec![],
        )
        .await?;
        let profile = b.api().call("GET", paths::PROFILE, None)?;
        ensure!(
            profile["preferred_email"] == "lost@tulipworks.example",
            "Retry did not save the address: {profile}"
        );
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;

        // A refusal that names no field (an injected 404) is not put on the
        // address, which is fine.
        b.open(&format!("{invoices}/profile")).await?;
        b.wait_dialog(label(&b, 6)).await?;
        fail_next(&b, "PUT", paths::PROFILE, 404)?;
        b.click("button", &b.t("save")).await?;
        b.wait_js(
            "a bar above the form",
            "return [...document.querySelectorAll('.pane [role=alert]')].some((e) => E2E.visible(e) && e.classList.contains('message-bar'));",
            vec![],
        )
        .await?;
        let invalid = b
            .js("return document.getElementById('preferred-email-input').getAttribute('aria-invalid');", vec![])
            .await?;
        ensure!(invalid.is_null(), "the address is marked wrong: {invalid}");

        // A save that ends after a switch to another scope names the scope it
        // saved: beside Tulipworks Development, "Saved: 1 additional
        // recipient." was about Production and did not say so.
        b.open(&format!("{invoices}/recipients")).await?;
        b.wait_dialog(label(&b, 7)).await?;
        add_recipient_then_close_while_saving(&b, "finance@tulipworks.example", 3000).await?;
        // The closed pane's save held it in memory until the save ended (a
        // Leptos owner kept by its future): its Esc took every Esc meanwhile.
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;
        let picker = b.find("combobox", &b.t("scope-picker-label")).await?;
        picker.element.select_by_label("Tulipworks Development").await?;
        wait_path(&b, "/billing/invoices/sub-development").await?;
        let saved = b.t_args("recipients-saved-toast", &[("count", "1")]);
        b.wait_text(&b.t_args(
            "toast-about-scope",
            &[("scope", PLAN.scope), ("message", &saved)],
        ))
        .await?;

        // A save that ends while the user types in another pane leaves what
        // is typed alone (the pane was drawn again: the field went back to
        // the saved address, and the next keys were added to it).
        b.open(&format!("{invoices}/recipients")).await?;
        b.wait_dialog(label(&b, 7)).await?;
        add_recipient_then_close_while_saving(&b, "audit@tulipworks.example", 2500).await?;
        b.click("button", label(&b, 6)).await?;
        b.wait_dialog(label(&b, 6)).await?;
        b.fill(&b.t("preferred-email"), "typing@tulipworks.example")
            .await?;
        let mut asked = 0;
        while !is_saved_recipient(&b, "audit@tulipworks.example")? {
            ensure!(asked < 60, "the slow save never ended");
            tokio::time::sleep(Duration::from_millis(100)).await;
            asked += 1;
        }
        tokio::time::sleep(Duration::from_millis(800)).await;
        let typed = b
            .js("return document.getElementById('preferred-email-input').value;", vec![])
            .await?;
        ensure!(
            typed == "typing@tulipworks.example",
            "the save that ended replaced what was typed with {typed}"
        );
        b.press(&[keys::ESCAPE]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.wait_text(&b.t_args("recipients-count", &[("count", "2"), ("max", "20")]))
            .await?;

        // A save that failed after a switch to another scope: its Retry, made
        // there, names the scope it saves (it took the scope shown then, and
        // said "Saved" as if about Development).
        b.click("button", label(&b, 7)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        fail_next(&b, "PUT", "/api/scopes/*/email-invoice/recipients", 500)?;
        add_recipient_then_close_while_saving(&b, "retry@tulipworks.example", 2500).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;
        let picker = b.find("combobox", &b.t("scope-picker-label")).await?;
        picker.element.select_by_label("Tulipworks Development").await?;
        wait_path(&b, "/billing/invoices/sub-development").await?;
        let failed = b.t_args(
            "save-failed-closed",
            &[("what", &b.t("step-7-label")), ("error", "")],
        );
        let failed = b.t_args(
            "toast-about-scope",
            &[("scope", PLAN.scope), ("message", failed.trim())],
        );
        b.wait_text(&failed).await?;
        b.click("button", &b.t("retry")).await?;
        let saved = b.t_args("recipients-saved-toast", &[("count", "3")]);
        b.wait_text(&b.t_args(
            "toast-about-scope",
            &[("scope", PLAN.scope), ("message", &saved)],
        ))
        .await?;
        ensure!(
            is_saved_recipient(&b, "retry@tulipworks.example")?,
            "Retry did not save the recipient"
        );

        // While an opt-in is on its way, Esc closes what is on screen: the
        // closed terms pane held on to Esc until its save ended.
        b.open("/billing/invoices/sub-development/email-invoice/terms").await?;
        b.click("checkbox", &b.t("terms-agree")).await?;
        delay_next(&b, "POST", "/api/scopes/*/email-invoice/opt-in", 4000)?;
        b.click("button", &b.t("opt-in")).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

#[tokio::test]
async fn failed_saves_offer_retry_and_blame_no_field() {
    let (_env, b) = start("failed_saves", Locale::EnUs, Theme::Light).await;
    let result = async {
        let scope = PLAN.scope_id;
        let retry_in_pane = "const bar = [...document.querySelectorAll('.pane [role=alert]')]
                 .find((e) => E2E.visible(e) && e.querySelector('.message-bar__action'));
             return bar ? bar.textContent.trim() : null;";
        sign_in_by_api(&b, "account-admin")?;

        // The opt-in.
        b.open(&format!("/billing/invoices/{scope}/email-invoice/terms"))
            .await?;
        b.click("checkbox", &b.t("terms-agree")).await?;
        fail_next(&b, "POST", "/api/scopes/*/email-invoice/opt-in", 502)?;
        b.click("button", &b.t("opt-in")).await?;
        b.wait_js("Retry after the failed opt-in", retry_in_pane, vec![])
            .await?;
        b.click("button", &b.t("retry")).await?;
        b.wait_dialog(label(&b, 4)).await?;
        ensure!(
            email_invoice_status(&b, scope)?["opted_in"] == true,
            "Retry did not opt in"
        );

        // The profile.
        b.click("button", label(&b, 6)).await?;
        b.wait_dialog(label(&b, 6)).await?;
        b.fill(&b.t("preferred-email"), "billing@tulipworks.example")
            .await?;
        fail_next(&b, "PUT", paths::PROFILE, 500)?;
        b.click("button", &b.t("save")).await?;
        b.wait_js("Retry after the failed profile save", retry_in_pane, vec![])
            .await?;
        let invalid = b
            .js("return document.getElementById('preferred-email-input').getAttribute('aria-invalid');", vec![])
            .await?;
        ensure!(invalid.is_null(), "the address is marked wrong: {invalid}");
        // Retry saves what the field shows now, not what failed.
        b.fill(&b.t("preferred-email"), "ap@tulipworks.example")
            .await?;
        b.click("button", &b.t("retry")).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.wait_text("ap@tulipworks.example").await?;
        let profile = b.api().call("GET", paths::PROFILE, None)?;
        ensure!(
            profile["preferred_email"] == "ap@tulipworks.example",
            "Retry saved another address than the field's: {profile}"
        );

        // The recipients.
        b.click("button", label(&b, 7)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.fill(&b.t("recipient-input-label"), "finance@tulipworks.example")
            .await?;
        b.click("button", label(&b, 8)).await?;
        fail_next(&b, "PUT", "/api/scopes/*/email-invoice/recipients", 503)?;
        b.click("button", label(&b, 9)).await?;
        b.wait_js("Retry after the failed Done", retry_in_pane, vec![])
            .await?;
        b.click("button", &b.t("retry")).await?;
        b.wait_dialog(label(&b, 4)).await?;
        ensure!(
            saved_recipients(&b, scope)? == ["finance@tulipworks.example"],
            "Retry did not save the recipients"
        );

        // Opt out: its error bar is at the foot of the pane, scrolled into
        // view (not left under the pane's footer).
        fail_next(&b, "POST", "/api/scopes/*/email-invoice/opt-out", 503)?;
        opt_out_confirmed(&b).await?;
        b.wait_js("Retry after the failed opt-out", retry_in_pane, vec![])
            .await?;
        b.wait_js(
            "the opt-out error in sight",
            "const bar = [...document.querySelectorAll('.pane [role=alert]')].pop();
             const body = document.querySelector('.pane__body').getBoundingClientRect();
             const r = bar.getBoundingClientRect();
             return r.top >= body.top && r.bottom <= body.bottom;",
            vec![],
        )
        .await?;
        b.click("button", &b.t("retry")).await?;
        b.find("button", label(&b, 5)).await?;
        ensure!(
            email_invoice_status(&b, scope)?["opted_in"] == false,
            "Retry did not opt out"
        );
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;

        // The billing cycle: its error toast has Retry and outlives a
        // success toast's few seconds.
        fail_next(&b, "POST", paths::BILLING_CYCLE, 503)?;
        b.click("button", &b.t("billing-cycle-run")).await?;
        b.wait_js(
            "the billing cycle's error toast with Retry",
            "return [...document.querySelectorAll('.toast--error .toast__action')].some((e) => E2E.visible(e));",
            vec![],
        )
        .await?;
        // It says what failed: the toast is far from the button.
        let failed = b.t_args("billing-cycle-failed", &[("error", "")]);
        b.wait_text(failed.trim()).await?;
        tokio::time::sleep(Duration::from_secs(9)).await;
        b.click("button", &b.t("retry")).await?;
        b.wait_text("Billing cycle done:").await?;
        // Its Retry belongs to the Invoices page: leaving it takes the toast
        // away (a Retry there could do nothing any more).
        fail_next(&b, "POST", paths::BILLING_CYCLE, 503)?;
        b.click("button", &b.t("billing-cycle-run")).await?;
        let retry_toast = "return [...document.querySelectorAll('.toast__action')].some((e) => E2E.visible(e));";
        b.wait_js("the second error toast", retry_toast, vec![])
            .await?;
        let outbox = b.find_containing("link", &b.t("outbox-title")).await?;
        b.click_control(&outbox).await?;
        wait_path(&b, "/outbox").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        ensure!(
            b.js(retry_toast, vec![]).await? == false,
            "the billing cycle's Retry toast outlived its page"
        );
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// Opens `path`, reloads, and checks the step's control is there.
async fn deep_link(b: &Browser, path: &str, role: &str, name: &str) -> Result<()> {
    b.open(path).await?;
    b.reload().await?;
    b.find(role, name)
        .await
        .with_context(|| format!("after reloading {path}"))?;
    ensure!(
        b.path().await? == path,
        "reloading {path} ended on {}",
        b.path().await?
    );
    Ok(())
}

#[tokio::test]
async fn a_deep_link_to_each_step_renders_it_after_a_reload() {
    let (_env, b) = start("deep_links", Locale::NlNl, Theme::Dark).await;
    let result = async {
        let scope = format!("/billing/invoices/{}", PLAN.scope_id);
        deep_link(&b, "/signin", "heading", label(&b, 1)).await?;
        // Until the app starts, the page itself says it is loading (it was
        // blank for seconds); the app takes that away.
        let page = b
            .js(
                "return fetch('/signin').then((r) => r.text()).then((html) => [
                   new DOMParser().parseFromString(html, 'text/html').querySelector('#app-loading[role=status]')?.textContent.trim(),
                   document.getElementById('app-loading') === null,
                 ]);",
                vec![],
            )
            .await?;
        ensure!(
            page[0].as_str().is_some_and(|t| t.contains("Laden")) && page[1] == json!(true),
            "the loading note before the app, gone after it: {page}"
        );
        sign_in_by_api(&b, "account-admin")?;
        deep_link(&b, "/home", "combobox", &b.t("search-label")).await?;
        deep_link(&b, "/billing", "link", label(&b, 3)).await?;
        deep_link(&b, &scope, "button", label(&b, 4)).await?;
        deep_link(
            &b,
            &format!("{scope}/email-invoice"),
            "button",
            label(&b, 5),
        )
        .await?;
        deep_link(
            &b,
            &format!("{scope}/email-invoice/terms"),
            "checkbox",
            &b.t("terms-agree"),
        )
        .await?;
        // The dark pane's edge is drawn, not a border: its content sits
        // where it does in light (it was 1 px further right).
        let border = b
            .js("return document.querySelector('.pane').clientLeft;", vec![])
            .await?;
        ensure!(border == json!(0), "the dark pane has a {border} px border");
        b.click("checkbox", &b.t("terms-agree")).await?;
        b.click("button", &b.t("opt-in")).await?;
        b.find("button", label(&b, 6)).await?;
        deep_link(
            &b,
            &format!("{scope}/email-invoice"),
            "button",
            label(&b, 6),
        )
        .await?;
        deep_link(
            &b,
            &format!("{scope}/profile"),
            "textbox",
            &b.t("preferred-email"),
        )
        .await?;
        deep_link(
            &b,
            &format!("{scope}/email-invoice"),
            "button",
            label(&b, 7),
        )
        .await?;
        let recipients = format!("{scope}/recipients");
        deep_link(&b, &recipients, "button", label(&b, 8)).await?;
        b.find("button", label(&b, 9)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// Waits for the invoice grid to show rows.
async fn wait_invoice_rows(b: &Browser, what: &str) -> Result<()> {
    b.wait_js(
        what,
        "return document.querySelector('.invoice-grid tbody tr') !== null;",
        vec![],
    )
    .await
    .map(|_| ())
}

/// Waits for the scope header's "Invoices by email" to say the message `key`.
async fn wait_email_invoice_state(b: &Browser, key: &str) -> Result<()> {
    let expected = b.t(key);
    b.wait_js(
        &format!("Invoices by email: {expected}"),
        "const row = [...document.querySelectorAll('.scope-header div')]
             .find((d) => d.querySelector('dt').textContent === arguments[0]);
         const state = row ? row.querySelector('dd').textContent : null;
         return state === arguments[1] ? state : null;",
        vec![json!(b.t("column-email-invoice")), json!(expected)],
    )
    .await
    .map(|_| ())
}

async fn wait_path(b: &Browser, path: &str) -> Result<()> {
    b.wait_js(
        &format!("the page {path}"),
        "return location.pathname === arguments[0];",
        vec![json!(path)],
    )
    .await
    .map(|_| ())
}

/// Signing out from the account menu, then a shared link to a pane opened
/// while signed out: sign-in leads back to the pane, which holds focus.
#[tokio::test]
async fn sign_out_and_a_link_opened_signed_out_come_back_after_sign_in() {
    let (_env, b) = start("sign_out_and_back", Locale::NlNl, Theme::Light).await;
    let result = async {
        sign_in_by_api(&b, "account-admin")?;
        // From a scope's page, whose data is asked for again as the address
        // changes: signing out must not ask for it once more (a 401).
        b.open(&format!("/billing/invoices/{}", PLAN.scope_id))
            .await?;
        b.find("button", label(&b, 4)).await?;
        // The page and the top bar's search share one list of scopes.
        let journal = b.api().call(
            "GET",
            &format!("{}?method=GET&path={}", paths::ADMIN_JOURNAL, paths::SCOPES),
            None,
        )?;
        let lists = journal["entries"]
            .as_array()
            .context("the journal has no entries")?
            .iter()
            .filter(|entry| entry["path"] == paths::SCOPES)
            .count();
        ensure!(lists == 1, "the page asked for its scopes {lists} times");
        b.watch_errors().await?;
        let account = b.find_containing("button", PLAN.persona).await?;
        b.click_control(&account).await?;
        b.click("menuitem", &b.t("sign-out")).await?;
        wait_path(&b, "/signin").await?;
        b.find("heading", label(&b, 1)).await?;
        b.expect_no_errors("signing out").await?;
        let refused = refused_for_no_sign_in(&b)?;
        ensure!(
            refused.is_empty(),
            "signing out asked for a signed-in user's data: {refused:?}"
        );

        // Links to signed-in pages, opened signed out, go to sign-in without
        // asking for their data first (a 401 in the console each).
        for page in ["/billing", "/billing/invoices", "/outbox"] {
            b.open(page).await?;
            wait_path(&b, "/signin").await?;
        }
        let pane = format!("/billing/invoices/{}/email-invoice", PLAN.scope_id);
        b.open(&pane).await?;
        wait_path(&b, "/signin").await?;
        b.find("heading", label(&b, 1)).await?;
        let refused = refused_for_no_sign_in(&b)?;
        ensure!(
            refused.is_empty(),
            "a link opened signed out asked for a signed-in user's data: {refused:?}"
        );
        b.watch_errors().await?;
        let noor = b.find_containing("button", PLAN.persona).await?;
        b.click_control(&noor).await?;
        wait_path(&b, &pane).await?;
        b.find("button", label(&b, 5)).await?;
        b.expect_no_errors("signing in from a shared link").await?;

        // Opened by its URL, the pane takes focus and keeps Tab inside.
        b.reload().await?;
        b.find("button", label(&b, 5)).await?;
        for _ in 0..12 {
            b.wait_js(
                "focus inside the pane",
                "return document.activeElement && document.activeElement.closest('[role=dialog]') !== null;",
                vec![],
            )
            .await
            .context("focus is on the page behind the pane")?;
            b.press(&[keys::TAB]).await?;
        }
        // Closed, it gives focus to the command that opens it (nothing opened
        // it in this page, and the page's body cannot hold focus).
        b.press(&[keys::ESCAPE]).await?;
        b.wait_gone("dialog", label(&b, 4)).await?;
        b.expect_focus("button", label(&b, 4)).await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// A mistyped `?scenario=` says which name was not found (before, the toast
/// was shown on a page without a toast region, on the way to sign-in), and
/// the outbox's unread badge comes back by itself after a failed count.
#[tokio::test]
async fn an_unknown_scenario_is_named_and_the_unread_badge_recovers() {
    let (_env, b) = start("unknown_scenario", Locale::NlNl, Theme::Light).await;
    let result = async {
        b.client
            .goto(&format!("{}/?scenario=no-such-scenario&lang=nl-NL", b.base))
            .await?;
        b.wait_text("'no-such-scenario'").await?;
        b.wait_text("Alt+Shift+D").await?;

        apply_scenario(&b, "opted-in-three-recipients")?;
        add_fault(&b, paths::OUTBOX, json!({ "kind": "error", "status": 503 }))?;
        b.open("/home").await?;
        b.wait_js(
            "the unread badge after the failed count, without a reload",
            "const badge = document.querySelector('.top-bar__badge');
             return badge !== null && parseInt(badge.textContent, 10) > 0;",
            vec![],
        )
        .await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// A colleague's join link puts the browser into their sandbox, a name
/// nobody uses is not joined (before, it quietly started an empty sandbox),
/// and the tester panel leads back to the browser's own sandbox.
#[tokio::test]
async fn a_joined_sandbox_can_be_left_for_your_own() {
    let (_env, b) = start("join_and_back", Locale::EnUs, Theme::Light).await;
    let result = async {
        sign_in_by_api(&b, "account-admin")?;
        let colleague = "colleague-of-join-and-back";
        e2e::http::Api::new(&b.base, colleague).call(
            "POST",
            &paths::admin_scenario("opted-in-three-recipients"),
            None,
        )?;
        let in_panel = |id: &str| {
            format!(
                "const name = document.getElementById('tester-sandbox-id');
                 return name !== null && name.textContent === {id:?};"
            )
        };
        b.open(&format!("/?sandbox={colleague}&dev=1")).await?;
        b.wait_text(&b.messages.fill("tester-joined", &[("sandbox", colleague)]))
            .await?;
        b.wait_js(
            "the colleague's sandbox in the panel",
            &in_panel(colleague),
            vec![],
        )
        .await?;
        // Its lifetime in the largest whole unit (the server's 24 hours).
        let idle = b.messages.fill("tester-duration-days", &[("count", "1")]);
        let expiry = b.messages.fill(
            "tester-sandbox-expiry-value",
            &[("idle", &idle), ("count", "0"), ("max", "0")],
        );
        let lifetime = expiry.split(" · ").next().unwrap_or_default();
        b.wait_text(lifetime).await?;

        b.open("/?sandbox=nobody-uses-this&dev=1").await?;
        b.wait_text(&b.messages.fill(
            "tester-join-unknown",
            &[("sandbox", "nobody-uses-this"), ("current", colleague)],
        ))
        .await?;
        b.wait_js(
            "still in the colleague's sandbox",
            &in_panel(colleague),
            vec![],
        )
        .await?;

        let back = b
            .messages
            .fill("tester-go-home-label", &[("sandbox", &b.sandbox)]);
        b.click("button", &back).await?;
        b.wait_text(
            &b.messages
                .fill("tester-back-home", &[("sandbox", &b.sandbox)]),
        )
        .await?;
        b.wait_js(
            "the own sandbox in the panel",
            &in_panel(&b.sandbox),
            vec![],
        )
        .await?;
        ensure!(
            !b.is_there("button", &back).await?,
            "the way back is still offered in the own sandbox"
        );
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// A recipient made the preferred email leaves the recipient lists (the
/// server's rule): the confirmation says so, naming every scope whose list
/// it left, not only the one shown.
#[tokio::test]
async fn a_recipient_made_the_preferred_email_is_said_to_leave_the_list() {
    let (_env, b) = start("preferred_from_list", Locale::NlNl, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        opt_in_by_api(&b, "sub-development")?;
        b.api().call(
            "POST",
            &paths::recipients("sub-development"),
            Some(json!({ "email": "cfo@tulipworks.example" })),
        )?;
        b.open(&format!("/billing/invoices/{}/profile", PLAN.scope_id))
            .await?;
        b.wait_dialog(label(&b, 6)).await?;
        b.fill(&b.t("preferred-email"), "cfo@tulipworks.example")
            .await?;
        b.click("button", &b.t("save")).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.wait_text(&b.messages.fill(
            "profile-saved-toast-recipient-removed",
            &[
                ("email", "cfo@tulipworks.example"),
                (
                    "scopes",
                    &b.messages.fill(
                        "list-and",
                        &[
                            ("first", "Tulipworks Production"),
                            ("last", "Tulipworks Development"),
                        ],
                    ),
                ),
            ],
        ))
        .await?;
        ensure!(
            !is_saved_recipient(&b, "cfo@tulipworks.example")?,
            "the preferred email is still a recipient"
        );
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// A pane opened again after Done or Save starts at its field, as it did the
/// first time. It started on Done (R11): the pane the user came back to took
/// Done, which had brought them there, for the control that opened it, and
/// handed it on; an address typed then was lost, and Enter saved and closed.
#[tokio::test]
async fn a_pane_opened_again_after_done_or_save_starts_at_its_field() {
    let (_env, b) = start("reopen_focus", Locale::EnUs, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        b.open(&format!(
            "/billing/invoices/{}/email-invoice",
            PLAN.scope_id
        ))
        .await?;
        b.wait_dialog(label(&b, 4)).await?;
        let field = b.t("recipient-input-label");
        b.click("button", label(&b, 7)).await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.expect_focus("textbox", &field).await?;
        b.click("button", label(&b, 9)).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.expect_focus("button", label(&b, 7)).await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_dialog(label(&b, 7)).await?;
        b.expect_focus("textbox", &field).await?;
        b.type_text("typed@tulipworks.example").await?;
        b.press(&[keys::ENTER]).await?;
        b.find(
            "button",
            &b.t_args("recipient-remove", &[("email", "typed@tulipworks.example")]),
        )
        .await
        .context("the typed address was not added")?;
        b.wait_dialog(label(&b, 7)).await?;
        b.click("button", &b.t("cancel")).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.click("button", label(&b, 6)).await?;
        b.wait_dialog(label(&b, 6)).await?;
        b.click("button", &b.t("save")).await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.expect_focus("button", label(&b, 6)).await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_dialog(label(&b, 6)).await?;
        b.expect_focus("textbox", &b.t("preferred-email")).await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// A tab left open while another tab joins a colleague's sandbox (R13): its
/// save went into the colleague's sandbox, which it did not show, and said
/// "Saved". Now the server refuses it, the tab says why and what to do, and
/// neither sandbox changes.
#[tokio::test]
async fn a_tab_left_in_a_sandbox_the_browser_moved_from_saves_nothing() {
    let (_env, b) = start("stale_sandbox_tab", Locale::EnUs, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        let colleague = e2e::http::Api::new(&b.base, "stale-tab-colleague");
        colleague.call(
            "POST",
            &paths::admin_scenario("opted-in-three-recipients"),
            None,
        )?;
        let before = |api: &e2e::http::Api| -> Result<serde_json::Value> {
            Ok(api.call("GET", &paths::recipients(PLAN.scope_id), None)?["recipients"].clone())
        };
        let (mine, theirs) = (before(&b.api())?, before(&colleague)?);
        b.open(&format!("/billing/invoices/{}/recipients", PLAN.scope_id))
            .await?;
        b.wait_dialog(label(&b, 7)).await?;
        // Another tab of this browser follows the colleague's join link.
        let this_tab = b.client.window().await?;
        let other = b.client.new_window(true).await?;
        b.client.switch_to_window(other.handle.clone()).await?;
        b.client
            .goto(&format!("{}/?sandbox=stale-tab-colleague", b.base))
            .await?;
        b.wait_js(
            "the join to be done",
            "return document.querySelector('.top-bar') !== null;",
            vec![],
        )
        .await?;
        b.client.close_window().await?;
        b.client.switch_to_window(this_tab).await?;
        b.fill(&b.t("recipient-input-label"), "stale@tulipworks.example")
            .await?;
        b.click("button", label(&b, 8)).await?;
        b.click("button", label(&b, 9)).await?;
        b.wait_text(&b.t("error-sandbox-changed")).await?;
        ensure!(
            before(&colleague)? == theirs,
            "the colleague's list changed"
        );
        ensure!(before(&b.api())? == mine, "this sandbox's list changed");
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// Waits until the document's title is `parts` and the app's name.
async fn expect_title(b: &Browser, parts: &[&str]) -> Result<()> {
    let app = b.t("app-name");
    let expected = parts
        .iter()
        .copied()
        .chain([app.as_str()])
        .collect::<Vec<_>>()
        .join(" — ");
    let shown = b
        .wait_js(
            &format!("the title {expected:?}"),
            "return document.title === arguments[0];",
            vec![json!(expected)],
        )
        .await;
    if shown.is_err() {
        let title = b.js("return document.title;", vec![]).await?;
        bail!("the title is {title}, not {expected:?}");
    }
    Ok(())
}

/// Titles tell one scope's page, pane or message from another's (WCAG
/// 2.4.2, R11): every scope's page was "Invoices", and a message read in the
/// outbox left it "Outbox".
#[tokio::test]
async fn titles_name_the_scope_and_the_message_shown() {
    let (_env, b) = start("titles", Locale::EnUs, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        b.open(&format!("/billing/invoices/{}", PLAN.scope_id))
            .await?;
        expect_title(&b, &[label(&b, 3), PLAN.scope]).await?;
        b.open("/billing/invoices/sub-development").await?;
        expect_title(&b, &[label(&b, 3), "Tulipworks Development"]).await?;
        b.open(&format!("/billing/invoices/{}/recipients", PLAN.scope_id))
            .await?;
        b.wait_dialog(label(&b, 7)).await?;
        expect_title(&b, &[label(&b, 7), PLAN.scope]).await?;
        // The invoice in Dutch, read in the English app.
        b.api().call(
            "PUT",
            paths::PROFILE,
            Some(json!({ "preferred_email": PLAN.preferred_email, "locale": "nl-NL" })),
        )?;
        b.api()
            .call("POST", "/api/billing-cycle", Some(json!({})))?;
        let newest = b.api().call("GET", "/api/outbox?per_page=1", None)?;
        let (id, subject) = (
            &newest["messages"][0]["id"],
            &newest["messages"][0]["subject"],
        );
        let subject = subject.as_str().context("no subject")?.to_owned();
        b.open("/outbox").await?;
        let outbox = b.t("outbox-title");
        expect_title(&b, &[&outbox]).await?;
        // Its subject in the list is marked as Dutch too (WCAG 3.1.2).
        let listed = b
            .wait_js(
                "the message's subject in the list",
                "const a = document.querySelector(`.outbox__list a[href='/outbox/${arguments[0]}'] .outbox__subject [lang]`);
                 return a === null ? null : [a.lang, a.textContent];",
                vec![id.clone()],
            )
            .await?;
        ensure!(
            listed == json!(["nl-NL", subject]),
            "the Dutch subject in the list is marked {listed}"
        );
        // Read in the app (not loaded afresh), and closed by Back.
        b.wait_js(
            "the message in the list",
            "const a = document.querySelector(`.outbox__list a[href='/outbox/${arguments[0]}']`);
             if (a) a.click();
             return a !== null;",
            vec![id.clone()],
        )
        .await?;
        expect_title(&b, &[&subject, &outbox]).await?;
        // Its subject and text are marked as Dutch (WCAG 3.1.2).
        let marked = b
            .js(
                "return [...document.querySelectorAll('.outbox__title, #outbox-panel-text pre')].map((e) => e.lang);",
                vec![],
            )
            .await?;
        ensure!(marked == json!(["nl-NL", "nl-NL"]), "the Dutch message is marked {marked}");
        b.js("history.back();", vec![]).await?;
        wait_path(&b, "/outbox").await?;
        expect_title(&b, &[&outbox]).await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// How an element looks where forced colours leave a mark: its text colour,
/// outline and borders (backgrounds are forced to one colour, only their
/// transparency kept, and shadows are forced away).
const LOOK: &str = "const look = (e, pseudo) => {
       const s = getComputedStyle(e, pseudo || null);
       const side = (name) => s['border' + name + 'Style'] === 'none' || s['border' + name + 'Width'] === '0px'
         ? 'none' : s['border' + name + 'Style'] + ' ' + s['border' + name + 'Color'];
       return [s.color, s.outlineStyle === 'none' ? 'none' : s.outlineColor,
               side('Top'), side('Right'), side('Bottom'), side('Left')].join(' | ');
     };";

/// Fails unless `shown` (a state: current, selected, disabled) looks
/// different from `plain` (the same control without it) in forced colours.
async fn expect_state_shown(b: &Browser, what: &str, shown: &str, plain: &str) -> Result<()> {
    let looks = b
        .wait_js(
            what,
            &format!(
                "{LOOK} const [a, b] = [document.querySelector(arguments[0]), document.querySelector(arguments[1])];
                 return a && b ? [look(a), look(b)] : false;"
            ),
            vec![json!(shown), json!(plain)],
        )
        .await?;
    ensure!(
        looks[0] != looks[1],
        "in forced colours {what} looks as without it: {}",
        looks[0]
    );
    Ok(())
}

/// Fails unless the `side` border of `selector` is drawn in the page's own
/// background colour (forced colours draw a transparent border, which marks
/// nothing, in the text's colour: every tab looked selected).
async fn expect_border_unseen(b: &Browser, what: &str, selector: &str, side: &str) -> Result<()> {
    let colours = b
        .js(
            "const e = document.querySelector(arguments[0]);
             const probe = document.createElement('div');
             probe.style.color = 'Canvas';
             document.body.append(probe);
             const canvas = getComputedStyle(probe).color;
             probe.remove();
             const s = getComputedStyle(e);
             return s['border' + arguments[1] + 'Style'] === 'none' || s['border' + arguments[1] + 'Width'] === '0px'
               ? [canvas, canvas] : [s['border' + arguments[1] + 'Color'], canvas];",
            vec![json!(selector), json!(side)],
        )
        .await?;
    ensure!(
        colours[0] == colours[1],
        "in forced colours {what} has a border in {} (the page is {})",
        colours[0],
        colours[1]
    );
    Ok(())
}

/// High contrast (forced colours, R11): every state the app shows by a
/// background, a shadow or a masked icon is still seen. The search's chosen
/// result, disabled buttons, the guide's current step, the outbox's open tab
/// and message looked like the rest; message bars lost their box and icon,
/// and the pane its edge.
#[tokio::test]
async fn forced_colours_still_show_every_state() {
    let (_env, b) = start("forced_colours", Locale::EnUs, Theme::Light).await;
    let result = async {
        b.emulate_media_feature("forced-colors", "active").await?;
        apply_scenario(&b, "fresh-admin")?;
        b.open(&format!(
            "/billing/invoices/{}/email-invoice?guide=1",
            PLAN.scope_id
        ))
        .await?;
        b.wait_dialog(label(&b, 4)).await?;
        ensure!(
            b.js(
                "return matchMedia('(forced-colors: active)').matches;",
                vec![]
            )
            .await?
                == json!(true),
            "forced colours are not emulated"
        );
        expect_state_shown(
            &b,
            "a disabled button",
            "#configure-recipients-button",
            ".pane__footer .button:not([aria-disabled=true])",
        )
        .await?;
        expect_state_shown(
            &b,
            "the guide's current step",
            ".guide__step--current",
            ".guide__step:not(.guide__step--current)",
        )
        .await?;
        expect_border_unseen(&b, "a step not current", ".guide__step:not(.guide__step--current)", "Left").await?;
        let edge = b
            .js(
                &format!("{LOOK} return look(document.querySelector('.pane')).split(' | ')[5];"),
                vec![],
            )
            .await?;
        ensure!(
            edge != json!("none"),
            "the pane has no edge in forced colours"
        );
        sign_in_by_api(&b, "co-admin")?;
        b.reload().await?;
        let bar = b
            .wait_js(
                "a message bar",
                &format!(
                    "{LOOK} const bar = document.querySelector('.message-bar');
                     return bar && [look(bar), look(bar, '::before'),
                         getComputedStyle(bar, '::before').backgroundColor, getComputedStyle(bar).backgroundColor];"
                ),
                vec![],
            )
            .await?;
        let part = |i: usize, n: usize| {
            bar[i]
                .as_str()
                .unwrap_or_default()
                .split(" | ")
                .nth(n)
                .unwrap_or_default()
                .to_owned()
        };
        ensure!(part(0, 5) != "none", "a message bar has no box: {}", bar[0]);
        ensure!(
            bar[2] != bar[3],
            "a message bar's icon is drawn in its background's colour: {}",
            bar[2]
        );
        sign_in_by_api(&b, "account-admin")?;
        b.open("/").await?;
        b.find("heading", &b.t("home-title")).await?;
        b.press(&['/']).await?;
        b.type_text("b").await?;
        b.press(&[keys::ARROW_DOWN, keys::ARROW_DOWN]).await?;
        expect_state_shown(
            &b,
            "the chosen search result",
            ".global-search__option--active",
            ".global-search__option:not(.global-search__option--active)",
        )
        .await?;
        b.press(&[keys::ESCAPE]).await?;
        opt_in_by_api(&b, PLAN.scope_id)?;
        b.open(&format!("/billing/invoices/{}/recipients", PLAN.scope_id))
            .await?;
        b.wait_dialog(label(&b, 7)).await?;
        let field = format!("{LOOK} return look(document.getElementById('recipient-input'));");
        let valid = b.js(&field, vec![]).await?;
        b.fill(&b.t("recipient-input-label"), "not an address").await?;
        b.click("button", label(&b, 8)).await?;
        b.wait_js(
            "the field marked invalid",
            "return document.getElementById('recipient-input').getAttribute('aria-invalid') === 'true';",
            vec![],
        )
        .await?;
        let invalid = b.js(&field, vec![]).await?;
        ensure!(invalid != valid, "in forced colours an invalid field looks valid: {invalid}");
        b.api()
            .call("POST", "/api/billing-cycle", Some(json!({})))?;
        b.open("/outbox/2").await?;
        b.click("tab", &b.t("outbox-tab-text")).await?;
        b.js("document.activeElement.blur();", vec![]).await?;
        expect_state_shown(
            &b,
            "the open tab",
            ".outbox__tab[aria-selected=true]",
            ".outbox__tab[aria-selected=false]",
        )
        .await?;
        expect_border_unseen(&b, "a tab not open", ".outbox__tab[aria-selected=false]", "Bottom").await?;
        expect_state_shown(
            &b,
            "the open message",
            ".outbox__link--current",
            ".outbox__link:not(.outbox__link--current)",
        )
        .await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// The browser keeps pages it leaves, to show them again on Back (the
/// back-forward cache), and kept their open event streams with them: each
/// held one of the six connections allowed per server, and after a few page
/// loads the app's requests could not start ("Loading…" for good). Ten page
/// loads later the app still gets its answers; and a page shown again by
/// Back shows the server's state now, not the state it was left in.
#[tokio::test]
async fn page_loads_leave_the_browser_connections_to_spare() {
    let (_env, b) = start("page_loads", Locale::EnUs, Theme::Light).await;
    let result = async {
        sign_in_by_api(&b, "account-admin")?;
        for visit in 0..10 {
            b.open(&format!("/home?visit={visit}")).await?;
            b.find_containing("link", &b.t("outbox-title")).await?;
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        b.open("/billing/invoices/sub-development").await?;
        wait_email_invoice_state(&b, "email-invoice-off").await?;
        wait_invoice_rows(&b, "the invoice grid").await?;
        // Left for another page, then changed by a script.
        b.open("/home?visit=last").await?;
        b.find_containing("link", &b.t("outbox-title")).await?;
        opt_in_by_api(&b, "sub-development")?;
        b.client.back().await?;
        wait_email_invoice_state(&b, "email-invoice-on")
            .await
            .context("after Back")?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// Browsers reconnect an event stream after a dropped connection but give up
/// on an error answer: the outbox connects again itself, and a message sent
/// afterwards still shows without a reload.
#[tokio::test]
async fn outbox_live_updates_come_back_after_the_event_stream_is_refused() {
    let (_env, b) = start("events_refused", Locale::EnUs, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        add_fault(
            &b,
            paths::OUTBOX_EVENTS,
            json!({ "kind": "error", "status": 503 }),
        )?;
        b.open("/outbox").await?;
        b.find("heading", &b.t("outbox-title")).await?;
        let count = "return document.querySelectorAll('.outbox__messages > li').length;";
        let before = b
            .wait_js(
                "the outbox list",
                &format!("const n = (() => {{ {count} }})(); return n > 0 ? n : false;"),
                vec![],
            )
            .await?;
        // The refused stream used the fault up; then a billing cycle mails
        // the next invoices.
        let mut waited = 0;
        while !b.api().call("GET", paths::ADMIN_FAULTS, None)?["faults"]
            .as_array()
            .is_some_and(Vec::is_empty)
        {
            ensure!(waited < 100, "the event stream was never asked for");
            tokio::time::sleep(Duration::from_millis(100)).await;
            waited += 1;
        }
        b.api().call("POST", paths::BILLING_CYCLE, None)?;
        b.wait_js(
            "the new invoice email in the list, without a reload",
            &format!("const n = (() => {{ {count} }})(); return n > arguments[0];"),
            vec![before],
        )
        .await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

#[tokio::test]
async fn after_a_billing_cycle_the_outbox_shows_the_invoice_with_its_pdf() {
    let (_env, b) = start("billing_cycle_outbox", Locale::EnUs, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        b.open(&format!("/billing/invoices/{}", PLAN.scope_id))
            .await?;
        b.click("button", &b.t("billing-cycle-run")).await?;
        b.wait_js(
            "the billing cycle to be done",
            "return document.querySelector('.toast') !== null;",
            vec![],
        )
        .await?;
        // Each row of the grid downloads its invoice as a PDF, named after it.
        let row = b
            .wait_js(
                "the new invoice's Download link",
                "const a = document.querySelector('.invoice-grid tbody tr:first-child a[download]');
                 const id = document.querySelector('.invoice-grid tbody tr:first-child td');
                 return a && id && a.getAttribute('href').includes(id.textContent.trim())
                   ? [id.textContent.trim(), a.getAttribute('href'), a.getAttribute('download'), a.getAttribute('aria-label')]
                   : false;",
                vec![],
            )
            .await?;
        let field = |i: usize| row[i].as_str().unwrap_or_default().to_owned();
        let (id, href) = (field(0), field(1));
        ensure!(field(2) == format!("{id}.pdf"), "saved as {:?}", field(2));
        ensure!(field(3).contains(&id), "the link's name {:?} lacks the invoice id", field(3));
        let pdf = b.api().send("GET", &href, None)?;
        ensure!(
            pdf.status == 200 && pdf.body.starts_with("%PDF-"),
            "GET {href} answered {} {:?}",
            pdf.status,
            pdf.body.chars().take(80).collect::<String>()
        );
        // A download the server refuses says so (the browser only dropped
        // the download); one that works says nothing.
        let failed = b.t_args("invoice-download-failed", &[("id", &id), ("error", "")]);
        let download = b.find("link", &b.t_args("invoice-download-label", &[("id", &id)])).await?;
        add_fault(&b, "/api/scopes/*/invoices/*/pdf", json!({ "kind": "error", "status": 500 }))?;
        b.click_control(&download).await?;
        b.wait_text(failed.trim()).await?;
        // Its Retry downloads it again (the toast said "Try again" without one).
        let before = gets_of(&b, &href)?;
        b.click("button", &b.t("retry")).await?;
        b.wait_js(
            "the error toast gone",
            "return document.querySelector('.toast--error') === null;",
            vec![],
        )
        .await?;
        let mut asked = 0;
        while gets_of(&b, &href)? <= before {
            ensure!(asked < 50, "Retry never asked for the PDF again");
            tokio::time::sleep(Duration::from_millis(100)).await;
            asked += 1;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let toasts = b
            .js("return document.querySelectorAll('.toast--error').length;", vec![])
            .await?;
        ensure!(toasts == json!(0), "a working download said something: {toasts} error toasts");
        // A refusal (an injected 404) is said as one, without "Try again"
        // and without Retry (it said the server failed).
        add_fault(&b, "/api/scopes/*/invoices/*/pdf", json!({ "kind": "error", "status": 404 }))?;
        b.click_control(&download).await?;
        let not_found = b.t_args("error-not-found", &[("status", "404")]);
        b.wait_text(&b.t_args("invoice-download-failed", &[("id", &id), ("error", &not_found)]))
            .await?;
        let retry = b
            .js("return document.querySelector('.toast--error .toast__action') !== null;", vec![])
            .await?;
        ensure!(retry == false, "a 404 offers Retry");
        b.find_containing("link", &b.t("outbox-title"))
            .await?
            .element
            .click()
            .await?;
        b.find("heading", &b.t("outbox-title")).await?;
        let invoice = b
            .find_containing("link", &b.t("outbox-has-attachment"))
            .await?;
        let name = b
            .js(
                "return E2E.name(arguments[0]);",
                vec![serde_json::to_value(&invoice.element)?],
            )
            .await?;
        let subject_start = b
            .messages
            .get("email-invoice-subject")
            .split('{')
            .next()
            .unwrap_or_default()
            .to_owned();
        ensure!(
            name.as_str()
                .unwrap_or_default()
                .contains(subject_start.trim()),
            "the message with an attachment is not an invoice: {name}"
        );
        b.click_control(&invoice).await?;
        b.find("heading", &b.t("outbox-attachments")).await?;
        let pdf = b.find_containing("link", ".pdf").await?;
        let href = pdf.element.attr("href").await?.context("no href")?;
        let bytes = b.api().send("GET", &href, None)?;
        ensure!(
            bytes.status == 200 && bytes.body.starts_with("%PDF-"),
            "{href} is not a PDF (status {})",
            bytes.status
        );
        // Its size, as the locale writes numbers ("2,329", not "2329").
        let message = href.rsplitn(3, '/').nth(2).context("no message path")?;
        let size = b.api().call("GET", message, None)?["attachments"][0]["size"]
            .as_u64()
            .context("no size")?;
        ensure!(size >= 1000, "a PDF of {size} bytes shows no grouping");
        // "Sent by" says when the action ran, as the README promises.
        let cause_at = b.api().call("GET", message, None)?["summary"]["cause"]["at"].clone();
        b.wait_js(
            "the time the action ran on the Sent by line",
            "const t = document.querySelector('.outbox__facts time');
             return t !== null && t.textContent.includes('UTC')
               && new Date(t.getAttribute('datetime')).getTime() === new Date(arguments[0]).getTime();",
            vec![cause_at],
        )
        .await?;
        let grouped = format!("{},{:03}", size / 1000, size % 1000);
        let about = b
            .js("return document.querySelector('.outbox__attachments li').textContent;", vec![])
            .await?;
        ensure!(
            about.as_str().unwrap_or_default().contains(&format!("(application/pdf, {grouped} bytes)")),
            "the attachment is described as {about}, not with {grouped} bytes"
        );
        // The PDF is shown too, from the browser's own copy of it.
        let preview = "const f = document.querySelector('iframe.outbox__pdf');
             return f && E2E.visible(f) && f.src.startsWith('blob:');";
        b.wait_js("the PDF preview", preview, vec![]).await?;
        // An error answer for it is an error bar with Retry, not the
        // answer's JSON shown as the document.
        add_fault(
            &b,
            "/api/outbox/*/attachments/*",
            json!({ "kind": "error", "status": 500 }),
        )?;
        b.reload().await?;
        b.find("heading", &b.t("outbox-attachments")).await?;
        b.wait_js(
            "an error bar with Retry in place of the PDF",
            "const bar = document.querySelector('.outbox__attachments [role=alert]');
             return bar !== null && bar.querySelector('button') !== null
                 && document.querySelector('iframe.outbox__pdf') === null;",
            vec![],
        )
        .await?;
        b.click("button", &b.t("retry")).await?;
        b.wait_js("the PDF preview after Retry", preview, vec![])
            .await?;

        // j and k open the next and previous message, and focus follows in
        // the list (it stayed on the row left); Enter then moves into the
        // message (it did nothing on the row).
        b.open("/outbox").await?;
        b.find("heading", &b.t("outbox-title")).await?;
        let rows = "return [...document.querySelectorAll('.outbox__messages a')].map((a) => a.getAttribute('href'));";
        let hrefs = b.wait_js("the list", &format!("const r = (() => {{ {rows} }})(); return r.length >= 2 ? r : null;"), vec![]).await?;
        let focused_row = "return document.activeElement.getAttribute('href') === arguments[0]
             && location.pathname === arguments[0];";
        b.js("document.activeElement.blur();", vec![]).await?;
        b.press(&['j']).await?;
        b.wait_js("the first message open, its row focused", focused_row, vec![hrefs[0].clone()])
            .await?;
        b.press(&['j']).await?;
        b.wait_js("the second message open, its row focused", focused_row, vec![hrefs[1].clone()])
            .await?;
        b.press(&['k']).await?;
        b.wait_js("the first message again, its row focused", focused_row, vec![hrefs[0].clone()])
            .await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_js(
            "focus in the message",
            "return document.activeElement.id === 'outbox-message';",
            vec![],
        )
        .await?;
        // ...with its subject in view: focus scrolled the message's top to
        // the window's, under the sticky top bar.
        let subject_below_bar = b
            .js("return document.querySelector('#outbox-message h2').getBoundingClientRect().top
                   >= document.querySelector('.top-bar').getBoundingClientRect().bottom - 1;", vec![])
            .await?;
        ensure!(
            subject_below_bar == true,
            "the message's subject is under the top bar"
        );

        // Delete on the message being read reads the next one in its place
        // in the history: Back led to the deleted message (a 404 bar).
        b.api().call("POST", paths::BILLING_CYCLE, None)?;
        b.open("/outbox").await?;
        let hrefs = b.wait_js("three messages", &format!("const r = (() => {{ {rows} }})(); return r.length >= 3 ? r : null;"), vec![]).await?;
        b.js("document.activeElement.blur();", vec![]).await?;
        for _ in 0..2 {
            b.press(&['j']).await?;
        }
        b.press(&['k']).await?;
        b.wait_js("the first message open, its row focused", focused_row, vec![hrefs[0].clone()])
            .await?;
        b.press(&[keys::DELETE]).await?;
        b.wait_js("the next message open, its row focused", focused_row, vec![hrefs[1].clone()])
            .await?;
        b.client.back().await?;
        b.wait_js(
            "Back to a message that is there",
            "return location.pathname === arguments[0] && document.querySelector('.outbox__facts') !== null;",
            vec![hrefs[1].clone()],
        )
        .await?;
        // Delete on another row deletes that row, not the message being
        // read (it deleted the open one); focus moves on in the list.
        b.js(
            "document.querySelector(`.outbox__messages a[href='${arguments[0]}']`).focus();",
            vec![hrefs[2].clone()],
        )
        .await?;
        b.press(&[keys::DELETE]).await?;
        let after = hrefs.get(3).unwrap_or(&hrefs[1]).clone();
        b.wait_js(
            "the row gone, the message still open, focus on the next row",
            &format!("const r = (() => {{ {rows} }})();
             return !r.includes(arguments[0]) && location.pathname === arguments[1]
               && document.activeElement.getAttribute('href') === arguments[2];"),
            vec![hrefs[2].clone(), hrefs[1].clone(), after],
        )
        .await?;
        // j and k go on from the row focused in the list, not from the
        // message being read (they did, skipping back to where it was).
        for _ in 0..2 {
            b.api().call("POST", paths::BILLING_CYCLE, None)?;
        }
        let now = b.wait_js("four messages", &format!("const r = (() => {{ {rows} }})(); return r.length >= 4 ? r : null;"), vec![]).await?;
        let now = now.as_array().context("the rows")?;
        let read = now.iter().position(|href| *href == hrefs[1]).context("the message read")?;
        // A row two or more away from the message read, and a key away from it.
        let (row, key, next) = if read >= 2 { (0, 'j', 1) } else { (now.len() - 1, 'k', now.len() - 2) };
        b.js(
            "document.querySelector(`.outbox__messages a[href='${arguments[0]}']`).focus();",
            vec![now[row].clone()],
        )
        .await?;
        b.press(&[key]).await?;
        b.wait_js("the message next to the focused row open, its row focused", focused_row, vec![now[next].clone()])
            .await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// More than a page of messages: Older and Newer page through them; and a
/// message deleted elsewhere (a script, another tab) leaves the open list.
#[tokio::test]
async fn the_outbox_pages_through_its_messages_and_follows_changes_made_elsewhere() {
    let (_env, b) = start("outbox_pages", Locale::EnUs, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        for _ in 0..51 {
            b.api()
                .call("POST", paths::BILLING_CYCLE, Some(json!({})))?;
        }
        let total = b
            .api()
            .call("GET", &format!("{}?per_page=1", paths::OUTBOX), None)?["total"]
            .as_u64()
            .context("no total")?;
        ensure!(total > 50, "only {total} messages");
        let total_text = total.to_string();
        let range = |first: &str, last: &str| {
            b.messages.fill(
                "outbox-range",
                &[("first", first), ("last", last), ("total", &total_text)],
            )
        };
        b.open("/outbox").await?;
        b.wait_text(&range("1", "50")).await?;
        b.click("button", &b.t("outbox-older")).await?;
        b.wait_text(&range("51", &total_text)).await?;
        b.click("button", &b.t("outbox-newer")).await?;
        b.wait_text(&range("1", "50")).await?;

        let deleted = b.api().send("DELETE", "/api/outbox/1", None)?;
        ensure!(deleted.status == 204, "deleting: {}", deleted.status);
        let fewer = (total - 1).to_string();
        b.wait_text(&b.messages.fill(
            "outbox-range",
            &[("first", "1"), ("last", "50"), ("total", &fewer)],
        ))
        .await?;
        expect_clean_queries(&b)?;

        // The search's operators are explained, in the page's language,
        // and the field is described by that.
        let help = b
            .js(
                "const ids = document.getElementById('outbox-search').getAttribute('aria-describedby') || '';
                 return ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '');",
                vec![],
            )
            .await?;
        ensure!(
            help.as_array()
                .is_some_and(|texts| texts.contains(&json!(b.t("outbox-search-help")))),
            "the search field does not explain its operators: {help}"
        );
        // A search that cannot be run says why, with no Retry: the same
        // search would fail again.
        b.fill(&b.t("outbox-search-label"), "has:pdf").await?;
        b.press(&[keys::ENTER]).await?;
        b.wait_text("'has:pdf' is not a search; use has:attachment.")
            .await?;
        ensure!(
            !b.is_there("button", &b.t("retry")).await?,
            "a search with a typo offers Retry"
        );
        b.fill(&b.t("outbox-search-label"), "").await?;
        b.press(&[keys::ENTER]).await?;

        // A search typed and sent with Enter asks the server once: not again
        // when the typing pause ends, nor for the page going back to 1.
        b.click("button", &b.t("outbox-older")).await?;
        b.fill(&b.t("outbox-search-label"), "to:finance").await?;
        b.press(&[keys::ENTER]).await?;
        tokio::time::sleep(Duration::from_millis(1200)).await;
        let journal = b.api().call("GET", paths::ADMIN_JOURNAL, None)?;
        let searches: Vec<&str> = journal["entries"]
            .as_array()
            .context("no journal")?
            .iter()
            .filter_map(|entry| entry["path"].as_str())
            .filter(|path| path.contains("q=to"))
            .collect();
        ensure!(
            searches == ["/api/outbox?q=to%3Afinance&page=1"],
            "one search, on its first page, was asked as {searches:?}"
        );

        // In a list of unread messages, the one opened (now read) leaves the
        // list; Delete then deletes it, not the row that took its place under
        // the focus.
        b.fill(&b.t("outbox-search-label"), "is:unread").await?;
        b.press(&[keys::ENTER]).await?;
        let rows = "return [...document.querySelectorAll('.outbox__messages a')].map((a) => a.getAttribute('href'));";
        let unread = b
            .wait_js(
                "the unread messages",
                &format!("const r = (() => {{ {rows} }})(); return r.length >= 2 && !location.search.includes('page') ? r : null;"),
                vec![],
            )
            .await?;
        b.js("document.activeElement.blur();", vec![]).await?;
        b.press(&['j']).await?;
        b.wait_js(
            "the first unread message open and gone from the list",
            &format!("const r = (() => {{ {rows} }})(); return location.pathname === arguments[0] && !r.includes(arguments[0]);"),
            vec![unread[0].clone()],
        )
        .await?;
        b.press(&[keys::DELETE]).await?;
        let id_of = |href: &serde_json::Value| {
            href.as_str()
                .and_then(|h| h.rsplit('/').next())
                .unwrap_or_default()
                .to_owned()
        };
        let gone = format!("/api/outbox/{}", id_of(&unread[0]));
        let kept = format!("/api/outbox/{}", id_of(&unread[1]));
        let mut asked = 0;
        while b.api().send("GET", &gone, None)?.status != 404 {
            ensure!(asked < 50, "Delete did not delete the message being read");
            tokio::time::sleep(Duration::from_millis(100)).await;
            asked += 1;
        }
        ensure!(
            b.api().send("GET", &kept, None)?.status == 200,
            "Delete deleted the row under the focus as well"
        );
        // Its address (a bookmark, Back past a replaced entry) says why it
        // is missing, not that it never existed.
        b.open(&format!("/outbox/{}", id_of(&unread[0]))).await?;
        b.wait_text(&b.t("outbox-message-gone")).await?;
        // A message deleted elsewhere while it is read says so too (it
        // stayed on show, its Delete failing unseen: R12, R13).
        b.open(&format!("/outbox/{}", id_of(&unread[1]))).await?;
        b.find("button", &b.t("outbox-delete")).await?;
        b.api().call("DELETE", &kept, None)?;
        b.wait_text(&b.t("outbox-message-gone")).await?;
        // The message's Delete button reads the next one, as the key does
        // (it went back to the bare list).
        b.open("/outbox").await?;
        let listed = b
            .wait_js(
                "two messages in the list",
                "const a = [...document.querySelectorAll('.outbox__list a')].map((a) => a.getAttribute('href'));
                 return a.length >= 2 ? a : false;",
                vec![],
            )
            .await?;
        let (first, second) = (
            listed[0].as_str().unwrap_or_default(),
            listed[1].as_str().unwrap_or_default(),
        );
        b.open(first).await?;
        b.click("button", &b.t("outbox-delete")).await?;
        wait_path(&b, second).await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// Runs axe-core at every step (and after the last), collecting every
/// violation rather than stopping at the first page.
struct Axe {
    reports: Vec<String>,
}

impl Hook for Axe {
    async fn at(
        &mut self,
        b: &Browser,
        step: &'static Step,
        _: &e2e::browser::Control,
    ) -> Result<()> {
        if let Err(report) =
            e2e::axe::check(b, &format!("step {} ({})", step.number, step.label(b.lang))).await
        {
            self.reports.push(format!("{report:#}"));
        }
        Ok(())
    }
}

async fn accessibility(name: &str, lang: Locale, theme: Theme) {
    e2e::axe::ensure().unwrap_or_else(|e| panic!("{name}: {e:#}"));
    let (_env, b) = start(name, lang, theme).await;
    let result = async {
        let mut axe = Axe {
            reports: Vec::new(),
        };
        steps::walkthrough(&b, &mut axe).await?;
        if let Err(report) = e2e::axe::check(&b, "the end of the walkthrough").await {
            axe.reports.push(format!("{report:#}"));
        }
        // The outbox: its list, and a message in each of its tabs (the raw
        // source scrolled where the keyboard could not reach it).
        b.api()
            .call("POST", "/api/billing-cycle", Some(json!({})))?;
        b.open("/outbox").await?;
        b.wait_js(
            "the outbox's messages",
            "return document.querySelectorAll('.outbox__list a').length >= 2;",
            vec![],
        )
        .await?;
        let mut states = vec![("the outbox".to_owned(), None)];
        for tab in [
            "outbox-tab-html",
            "outbox-tab-text",
            "outbox-tab-headers",
            "outbox-tab-raw",
        ] {
            states.push((format!("a message's {} tab", b.t(tab)), Some(tab)));
        }
        for (state, tab) in states {
            if let Some(tab) = tab {
                if b.path().await? != "/outbox/2" {
                    b.open("/outbox/2").await?;
                }
                b.click("tab", &b.t(tab)).await?;
                b.wait_js(
                    "the tab's panel",
                    "const p = document.querySelector('[role=tabpanel]:not([hidden])');
                     return p !== null && p.querySelector('iframe, pre, table, .empty') !== null;",
                    vec![],
                )
                .await?;
            }
            if let Err(report) = e2e::axe::check(&b, &state).await {
                axe.reports.push(format!("{report:#}"));
            }
        }
        // The tester panel, with a fault listed and a journal entry opened
        // (the invoice list's body scrolls: the keyboard must reach it).
        b.api().call(
            "POST",
            paths::ADMIN_FAULTS,
            Some(json!({ "path": "/api/nothing", "fault": { "kind": "drop" } })),
        )?;
        b.open(&format!("/billing/invoices/{}?dev=1", PLAN.scope_id))
            .await?;
        b.find("heading", &b.t("tester-title")).await?;
        b.wait_js(
            "a journal entry opened",
            "const row = [...document.querySelectorAll('.tester-journal__summary')]
                 .find((r) => r.textContent.includes('/invoices'));
             if (row === undefined) return null;
             if (row.getAttribute('aria-expanded') !== 'true') row.click();
             return row.getAttribute('aria-expanded') === 'true' ? true : null;",
            vec![],
        )
        .await?;
        if let Err(report) = e2e::axe::check(&b, "the tester panel with a journal entry open").await
        {
            axe.reports.push(format!("{report:#}"));
        }
        if !axe.reports.is_empty() {
            bail!("{}", axe.reports.join("\n"));
        }
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// The check itself can fail, and says which rule and which element.
#[tokio::test]
async fn an_accessibility_violation_names_the_rule_and_the_element() {
    e2e::axe::ensure().unwrap_or_else(|e| panic!("{e:#}"));
    let (_env, b) = start("axe_reports", Locale::EnUs, Theme::Light).await;
    let result = async {
        b.open("/signin").await?;
        b.find("heading", label(&b, 1)).await?;
        e2e::axe::check(&b, "the sign-in page").await?;
        b.js(
            "const img = document.createElement('img');
             img.id = 'e2e-unlabelled'; img.src = 'data:,';
             document.querySelector('main').appendChild(img);",
            vec![],
        )
        .await?;
        let report = match e2e::axe::check(&b, "the sign-in page with an image").await {
            Ok(()) => bail!("axe found nothing wrong with an image without alt text"),
            Err(report) => format!("{report:#}"),
        };
        ensure!(
            report.contains("rule image-alt") && report.contains("#e2e-unlabelled"),
            "the report does not name the rule and the element:\n{report}"
        );
        Ok(())
    }
    .await;
    b.finish(result).await;
}

#[tokio::test]
async fn accessibility_en_us_light() {
    accessibility("axe_en_us_light", Locale::EnUs, Theme::Light).await;
}

#[tokio::test]
async fn accessibility_en_us_dark() {
    accessibility("axe_en_us_dark", Locale::EnUs, Theme::Dark).await;
}

#[tokio::test]
async fn accessibility_nl_nl_light() {
    accessibility("axe_nl_nl_light", Locale::NlNl, Theme::Light).await;
}

#[tokio::test]
async fn accessibility_nl_nl_dark() {
    accessibility("axe_nl_nl_dark", Locale::NlNl, Theme::Dark).await;
}

/// Two runs of the screenshot set (here one language and theme, to keep the
/// time down; each run with its own server, as two commands would) give the
/// same bytes in every file.
#[tokio::test]
async fn screenshots_are_byte_identical_across_runs() {
    let base = e2e::harness::target_dir().join("e2e-screenshot-runs");
    let mut runs = Vec::new();
    for run in ["first", "second"] {
        let out = base.join(run);
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();
        let env = Env::start().unwrap();
        let options = e2e::shots::Options {
            langs: vec![Locale::NlNl],
            themes: vec![Theme::Dark],
            out: out.clone(),
            progress: false,
        };
        let manifest = e2e::shots::capture(&env, &options)
            .await
            .unwrap_or_else(|e| panic!("screenshot run {run}: {e:#}"));
        assert_eq!(manifest.shots.len(), 9);
        runs.push(out);
    }
    let files = |dir: &std::path::Path| -> Vec<(String, Vec<u8>)> {
        let mut list = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path.strip_prefix(dir).unwrap().display().to_string();
                    list.push((rel, std::fs::read(&path).unwrap()));
                }
            }
        }
        list.sort();
        list
    };
    let (first, second) = (files(&runs[0]), files(&runs[1]));
    assert_eq!(
        first.len(),
        9 * 2 + 2,
        "files: {:?}",
        first.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let names = |l: &[(String, Vec<u8>)]| l.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&first), names(&second));
    let differing: Vec<&String> = first
        .iter()
        .zip(&second)
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, _)| &a.0)
        .collect();
    assert!(
        differing.is_empty(),
        "these files differ between {} and {}: {differing:?}",
        runs[0].display(),
        runs[1].display()
    );
    let page = first
        .iter()
        .find(|f| f.0.ends_with("05-email-invoice.png"))
        .expect("nl-NL/dark/05-email-invoice.png");
    // PNG: width and height in the IHDR chunk.
    assert_eq!(&page.1[16..24], &[0, 0, 0x05, 0x56, 0, 0, 0x03, 0x12]);
}

/// The value of the text box with this id.
async fn value_of(b: &Browser, id: &str) -> Result<String> {
    Ok(b.wait_js(
        &format!("a value in #{id}"),
        "const e = document.getElementById(arguments[0]); return e && e.value ? e.value : null;",
        vec![json!(id)],
    )
    .await?
    .as_str()
    .unwrap_or_default()
    .to_owned())
}

/// The tester panel beside a pane: Alt+Shift+D brings focus to it (the pane
/// keeps Tab inside itself), Esc there leaves the pane open, and the panel
/// folds to its title bar, remembered for the tab, so that it leaves the
/// page's controls free.
#[tokio::test]
async fn the_tester_panel_is_reachable_beside_a_pane_and_folds_away() {
    let (_env, b) = start("tester_panel_pane", Locale::EnUs, Theme::Light).await;
    let result = async {
        sign_in_by_api(&b, "account-admin")?;
        b.open(&format!(
            "/billing/invoices/{}/email-invoice?dev=1",
            PLAN.scope_id
        ))
        .await?;
        b.wait_dialog(label(&b, 4)).await?;
        b.find("heading", &b.t("tester-title")).await?;
        let focus_in = |selector: &str| {
            format!("return document.activeElement !== null && document.activeElement.closest('{selector}') !== null;")
        };
        b.wait_js("focus in the pane", &focus_in("[role=dialog]"), vec![])
            .await?;
        b.shortcut(&[keys::ALT, keys::SHIFT], 'D').await?;
        b.wait_js("focus in the tester panel", &focus_in(".tester-panel"), vec![])
            .await?;
        b.press(&[keys::ESCAPE]).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        b.wait_dialog(label(&b, 4))
            .await
            .context("Esc in the tester panel closed the pane")?;
        // From inside the panel, the shortcut closes it and gives focus back
        // to the pane it came from (it had fallen to the page's body, where
        // Tab starts over at the top bar); so does the close button.
        b.shortcut(&[keys::ALT, keys::SHIFT], 'D').await?;
        b.wait_gone("heading", &b.t("tester-title")).await?;
        b.wait_js("focus back in the pane", &focus_in("[role=dialog]"), vec![])
            .await?;
        b.shortcut(&[keys::ALT, keys::SHIFT], 'D').await?;
        b.wait_js("focus in the tester panel", &focus_in(".tester-panel"), vec![])
            .await?;
        b.click("button", &b.t("tester-close")).await?;
        b.wait_gone("heading", &b.t("tester-title")).await?;
        b.wait_js(
            "focus back in the pane after the close button",
            &focus_in("[role=dialog]"),
            vec![],
        )
        .await?;
        b.shortcut(&[keys::ALT, keys::SHIFT], 'D').await?;
        b.find("heading", &b.t("tester-title")).await?;

        let folded = "const body = document.getElementById('tester-panel-body');
             const panel = document.querySelector('.tester-panel');
             return body !== null && body.hidden && panel.getBoundingClientRect().height < 80;";
        b.click("button", &b.t("tester-collapse")).await?;
        b.wait_js("the panel folded to its title bar", folded, vec![])
            .await?;
        b.reload().await?;
        b.wait_js("the panel still folded after a reload", folded, vec![])
            .await?;
        b.click("button", &b.t("tester-expand")).await?;
        // Expanded in a window this wide, it is a column beside the page and
        // the pane, covering none of their controls.
        b.wait_js(
            "the panel expanded",
            "return !document.getElementById('tester-panel-body').hidden;",
            vec![],
        )
        .await?;
        let covered = b
            .js(
                "const panel = document.querySelector('.tester-panel').getBoundingClientRect();
                 const over = (r) => r.width > 0 && r.height > 0 && r.left < panel.right
                     && r.right > panel.left && r.top < panel.bottom && r.bottom > panel.top;
                 return [...document.querySelectorAll(
                     '.top-bar a, .top-bar button, .top-bar input, main a, main button, main select, .pane')]
                     .filter((e) => over(e.getBoundingClientRect()))
                     .map((e) => e.className || e.tagName);",
                vec![],
            )
            .await?;
        ensure!(
            covered == json!([]),
            "the open tester panel covers {covered}"
        );

        // The form checks the server's rules first and says them with its
        // own labels, under the field at fault, which is marked and names
        // the message; a second error moves to its own field.
        let count_problem = b.t_args("tester-fault-problem-count", &[("max", "4294967295")]);
        // Too large a count says the range (it said "at least 1").
        b.fill(&b.t("tester-fault-count"), "4294967296").await?;
        b.click("button", &b.t("tester-fault-submit")).await?;
        b.wait_text(&count_problem).await?;
        b.fill(&b.t("tester-fault-count"), "0").await?;
        b.click("button", &b.t("tester-fault-submit")).await?;
        b.wait_text(&count_problem).await?;
        let said_under = "const field = document.getElementById(arguments[0]);
             const next = field.nextElementSibling;
             const described = (field.getAttribute('aria-describedby') || '').split(' ');
             const others = [...document.querySelectorAll('.tester-panel__form [role=alert]')]
                 .filter((e) => e !== next && e.textContent.trim() !== '');
             return field.getAttribute('aria-invalid') === 'true'
                 && next.textContent.includes(arguments[1])
                 && described.includes(next.id)
                 && others.length === 0;";
        b.wait_js(
            "the count's error under the Requests field",
            said_under,
            vec![json!("tester-fault-count"), json!(count_problem)],
        )
        .await?;
        b.fill(&b.t("tester-fault-count"), "1").await?;
        b.fill(&b.t("tester-fault-path"), "/api/scopes?x=1").await?;
        b.click("button", &b.t("tester-fault-submit")).await?;
        let query = b.messages.fill("tester-fault-problem-query", &[("path", "/api/scopes")]);
        b.wait_js(
            "the path's error under the Path field, and no other",
            said_under,
            vec![json!("tester-fault-path"), json!(query)],
        )
        .await?;
        let count = b.find("textbox", &b.t("tester-fault-count")).await?;
        ensure!(
            count.element.attr("aria-invalid").await?.is_none(),
            "the Requests field is still marked after its error went"
        );
        // Several fields wrong at once: each is said under its own field at
        // once, not one per submit.
        b.fill(&b.t("tester-fault-path"), "api/x").await?;
        b.fill(&b.t("tester-fault-status"), "99").await?;
        b.fill(&b.t("tester-fault-count"), "0").await?;
        b.click("button", &b.t("tester-fault-submit")).await?;
        let marked = "return ['tester-fault-path', 'tester-fault-status', 'tester-fault-count']
             .every((id) => {
                 const field = document.getElementById(id);
                 return field.getAttribute('aria-invalid') === 'true'
                     && field.nextElementSibling.textContent.trim() !== '';
             });";
        b.wait_js("three fields marked at once", marked, vec![])
            .await?;
        b.expect_focus("textbox", &b.t("tester-fault-path")).await?;
        b.fill(&b.t("tester-fault-path"), "/api/*").await?;
        b.fill(&b.t("tester-fault-status"), "500").await?;
        b.fill(&b.t("tester-fault-count"), "1").await?;
        ensure!(
            b.api().call("GET", paths::ADMIN_FAULTS, None)?["faults"]
                .as_array()
                .is_some_and(Vec::is_empty),
            "a refused fault was set"
        );
        // A space inside the path can match no request: said (it was set,
        // and matched nothing). Spaces around a pasted path are dropped.
        b.fill(&b.t("tester-fault-path"), "/api/per sonas").await?;
        b.click("button", &b.t("tester-fault-submit")).await?;
        let character = b.t_args("tester-fault-problem-character", &[("char", "U+0020")]);
        b.wait_js(
            "the space said under the Path field",
            said_under,
            vec![json!("tester-fault-path"), json!(character)],
        )
        .await?;
        b.fill(&b.t("tester-fault-path"), " /api/personas ").await?;
        b.click("button", &b.t("tester-fault-submit")).await?;
        b.wait_text("/api/personas — answers 500 · for 1 more request")
            .await?;
        ensure!(
            b.api().call("GET", paths::ADMIN_FAULTS, None)?["faults"][0]["path"]
                == "/api/personas",
            "the path was not set without its spaces"
        );
        // An error fault with its own answer body: too long a body is said
        // under the field; one that fits is set as typed.
        b.fill(&b.t("tester-fault-path"), "/api/profile").await?;
        b.fill(&b.t("tester-fault-status"), "422").await?;
        b.js(
            "const body = document.getElementById('tester-fault-body');
             body.value = 'x'.repeat(16 * 1024 + 1);
             body.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![],
        )
        .await?;
        b.click("button", &b.t("tester-fault-submit")).await?;
        b.wait_js(
            "the body's error under the body field",
            said_under,
            vec![json!("tester-fault-body"), json!(b.t("tester-fault-problem-body"))],
        )
        .await?;
        let own = r#"{"code":"invalid_email","message":"Mailbox full (set by a tester).","field":"preferred_email"}"#;
        b.fill(&b.t("tester-fault-body"), own).await?;
        b.click("button", &b.t("tester-fault-submit")).await?;
        b.wait_text("/api/profile — answers 422 with its own body · for 1 more request")
            .await?;
        let set = b.api().call("GET", paths::ADMIN_FAULTS, None)?;
        ensure!(
            set["faults"][1]["fault"] == json!({ "kind": "error", "status": 422, "body": own }),
            "the fault with its own body: {set}"
        );
        Ok(())
    }
    .await;
    b.finish(result).await;
}

/// A draft on the page (an added recipient not yet saved): the browser asks
/// before a reload or another site loses it (it was lost without a word).
/// A scenario applied from the tester panel reloads without asking (the
/// sandbox has changed already) and says that the draft was discarded.
#[tokio::test]
async fn leaving_a_draft_asks_first_and_a_scenario_says_it_was_discarded() {
    let (_env, b) = start("draft_and_leave", Locale::EnUs, Theme::Light).await;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        b.open(&format!(
            "/billing/invoices/{}/recipients?dev=1",
            PLAN.scope_id
        ))
        .await?;
        b.wait_dialog(label(&b, 7)).await?;
        let leaving_asks = "const e = new Event('beforeunload', { cancelable: true });
             window.dispatchEvent(e);
             return e.defaultPrevented;";
        ensure!(
            b.js(leaving_asks, vec![]).await? == false,
            "leaving asks with nothing to lose"
        );
        b.fill(&b.t("recipient-input-label"), "audit@tulipworks.example")
            .await?;
        b.click("button", label(&b, 8)).await?;
        b.wait_text(&b.t("recipients-unsaved")).await?;
        ensure!(
            b.js(leaving_asks, vec![]).await? == true,
            "leaving does not ask with an added recipient not saved"
        );

        let title = "Fresh Account Administrator, nothing opted in";
        let scenario = b.find("combobox", &b.t("tester-scenario")).await?;
        scenario.element.select_by_value("fresh-admin").await?;
        b.click("button", &b.t("tester-apply")).await?;
        let applied = b.t_args("tester-scenario-applied", &[("title", title)]);
        b.wait_text(&format!("{applied} {}", b.t("tester-drafts-discarded")))
            .await?;
        wait_path(&b, &format!("/billing/invoices/{}", PLAN.scope_id)).await?;
        Ok(())
    }
    .await;
    b.finish(result).await;
}

#[tokio::test]
async fn the_tester_panel_sets_a_fault_shows_the_journal_and_shares_the_sandbox() {
    let (env, b) = start("tester_panel", Locale::EnUs, Theme::Light).await;
    let mut colleague = None;
    let result = async {
        apply_scenario(&b, "opted-in-three-recipients")?;
        b.open(&format!("/billing/invoices/{}?dev=1", PLAN.scope_id))
            .await?;
        b.find("heading", &b.t("tester-title")).await?;
        b.wait_text("tester-panel").await?;
        let link = value_of(&b, "tester-join-link").await?;
        ensure!(
            link.ends_with("/?sandbox=tester-panel"),
            "the join link names the sandbox: {link}"
        );

        // A fault set in the panel: listed there, and known to the server.
        b.fill(&b.t("tester-fault-path"), "/api/scopes/*/invoices")
            .await?;
        b.fill(&b.t("tester-fault-count"), "1").await?;
        b.click("button", &b.t("tester-fault-submit")).await?;
        b.wait_text("#1 * /api/scopes/*/invoices — answers 500 · for 1 more request")
            .await?;
        let faults = b.api().call("GET", paths::ADMIN_FAULTS, None)?;
        ensure!(
            faults["faults"][0]["path"] == "/api/scopes/*/invoices",
            "{faults}"
        );

        // The app meets it: the error bar, and Retry recovers.
        b.click("button", &b.t("refresh")).await?;
        b.find("button", &b.t("retry")).await?;
        b.click("button", &b.t("retry")).await?;
        wait_invoice_rows(&b, "the invoice grid after Retry").await?;
        b.wait_text(&b.t("tester-faults-none")).await?;

        // A filter the server refuses turns the HAR link off (it saved the
        // refusal as journal.har).
        b.fill(&b.t("tester-journal-status"), "abc").await?;
        b.wait_js(
            "the HAR link off while the filter is refused",
            "const a = document.querySelector('.tester-panel a[download]');
             return a !== null && !a.hasAttribute('href') && a.getAttribute('aria-disabled') === 'true' ? true : null;",
            vec![],
        )
        .await?;
        // The journal holds the failed request; the filter narrows to it.
        b.fill(&b.t("tester-journal-status"), "5xx").await?;
        let shown = b
            .wait_js(
                "one 5xx entry in the journal",
                "const rows = [...document.querySelectorAll('.tester-journal__summary')];
                 return rows.length === 1 ? rows[0].textContent : null;",
                vec![],
            )
            .await?;
        let shown = shown.as_str().unwrap_or_default();
        ensure!(
            shown.contains("/api/scopes/sub-production/invoices")
                && shown.contains("500")
                && shown.contains("fault #1: error answer"),
            "the journal row names the fault it met (gone from the list, used up): {shown}"
        );
        // "Only requests a fault met" narrows the journal to it as well.
        b.fill(&b.t("tester-journal-status"), "").await?;
        b.click("checkbox", &b.t("tester-journal-faulted")).await?;
        b.wait_js(
            "only the faulted request in the journal",
            "const rows = [...document.querySelectorAll('.tester-journal__summary')];
             return rows.length === 1 && rows[0].textContent.includes('fault #1') ? true : null;",
            vec![],
        )
        .await?;
        b.click("checkbox", &b.t("tester-journal-faulted")).await?;
        b.fill(&b.t("tester-journal-status"), "5xx").await?;
        b.click_control(&b.find_containing("button", "/api/scopes/sub-production/invoices").await?)
            .await?;
        b.wait_text("Injected fault").await?;
        let har_href = b
            .js(
                "return [...document.querySelectorAll('.tester-panel a[download]')].map((a) => a.getAttribute('href')).join(' ');",
                vec![],
            )
            .await?;
        ensure!(
            har_href == "/api/admin/journal.har?status=5xx",
            "the HAR link follows the filter: {har_href}"
        );
        expect_clean_queries(&b)?;

        // A colleague who opens the link works in the same sandbox.
        let other = env
            .browser("tester_panel_colleague", "someone-else", Locale::EnUs, Theme::Light)
            .await?;
        other.open(&link.replace(&env_base(&link), "")).await?;
        other
            .wait_text("You joined sandbox tester-panel")
            .await?;
        // Signed in as the scenario's persona, as in the tester's browser.
        other
            .wait_js(
                "the colleague on the signed-in home page",
                "return location.pathname === '/home' ? true : null;",
                vec![],
            )
            .await?;
        colleague = Some(other);

        // The shortcut brings focus from the page into the panel, and from
        // there closes it and gives focus back to the control it came from
        // (it went to the page's main region: the user had to find their
        // place again).
        b.open(&format!("/billing/invoices/{}", PLAN.scope_id)).await?;
        wait_invoice_rows(&b, "the invoice grid").await?;
        b.js("document.querySelector('.command-bar button').focus();", vec![])
            .await?;
        let focused = "const e = document.activeElement;
             return e === null ? null : `${e.tagName}#${e.id}`;";
        let before = b.js(focused, vec![]).await?;
        b.shortcut(&[keys::ALT, keys::SHIFT], 'D').await?;
        b.wait_js(
            "focus in the tester panel",
            "return document.activeElement !== null && document.activeElement.closest('.tester-panel') !== null;",
            vec![],
        )
        .await?;
        b.shortcut(&[keys::ALT, keys::SHIFT], 'D').await?;
        b.wait_gone("heading", &b.t("tester-title")).await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        let after = b.js(focused, vec![]).await?;
        ensure!(
            after == before,
            "closing the panel left focus on {after}, not where it came from ({before})"
        );
        // Reset sandbox signs the tester out.
        b.js(
            "window.dispatchEvent(new KeyboardEvent('keydown', {code: 'KeyD', key: 'D', altKey: true, shiftKey: true}));",
            vec![],
        )
        .await?;
        // Asked first; Cancel keeps everything.
        b.click("button", &b.t("tester-reset")).await?;
        b.wait_text(&b.t("tester-reset-confirm")).await?;
        b.click("button", &b.t("cancel")).await?;
        b.wait_gone("button", &b.t("cancel")).await?;
        ensure!(
            !b.api().call("GET", paths::SESSION, None)?["persona"].is_null(),
            "Cancel reset the sandbox"
        );
        b.click("button", &b.t("tester-reset")).await?;
        b.wait_text(&b.t("tester-reset-confirm")).await?;
        b.click("button", &b.t("tester-reset")).await?;
        b.wait_js(
            "the sign-in page after the reset",
            "return location.pathname === '/signin' ? true : null;",
            vec![],
        )
        .await?;
        let session = b.api().call("GET", paths::SESSION, None)?;
        ensure!(session["persona"].is_null(), "signed out: {session}");
        Ok(())
    }
    .await;
    if let Some(other) = colleague {
        other.finish(Ok(())).await;
    }
    b.finish(result).await;
}

/// `http://127.0.0.1:PORT` of an absolute URL.
fn env_base(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    url[..end].to_owned()
}
