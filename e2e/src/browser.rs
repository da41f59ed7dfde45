//! One Chromium session (fresh profile, 1366x786) in one sandbox of the mock
//! server, with what a person does: open a URL, find a visible control by its
//! role and accessible name, click, type, press keys. Every wait has a timeout.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, ensure, Context, Result};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::{Element, ElementRef};
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

use crate::harness::{failures_dir, Env, ProfileDir, CHROMIUM};
use crate::http::Api;
use crate::messages::Messages;

/// A Chrome DevTools command, sent through chromedriver's own endpoint.
#[derive(Debug)]
struct DevTools {
    method: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.method, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
use crate::steps::{Locale, Theme};
use shared::api::paths;

/// The design size of the portal.
pub const WIDTH: u32 = 1366;
pub const HEIGHT: u32 = 786;

/// How long a control may take to appear.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// The W3C key codes used here.
pub mod keys {
    pub const TAB: char = '\u{e004}';
    pub const ENTER: char = '\u{e007}';
    pub const SHIFT: char = '\u{e008}';
    pub const CONTROL: char = '\u{e009}';
    pub const ESCAPE: char = '\u{e00c}';
    pub const ALT: char = '\u{e00a}';
    pub const SPACE: char = '\u{e00d}';
    pub const BACKSPACE: char = '\u{e003}';
    pub const ARROW_DOWN: char = '\u{e015}';
    pub const DELETE: char = '\u{e017}';
}

/// Roles, accessible names and visibility, computed in the page. Enough of
/// the accessible-name rules for this app: aria-labelledby, aria-label,
/// `<label for>`, a wrapping label, then the text (aria-hidden parts left out).
const LIB: &str = r#"
const E2E = (() => {
  const ROLES = {
    button: 'button,[role=button],input[type=submit],input[type=button]',
    link: 'a[href],[role=link]',
    textbox: 'input:not([type]),input[type=text],input[type=email],input[type=search],textarea,[role=textbox]',
    combobox: 'select:not([multiple]),[role=combobox]',
    checkbox: 'input[type=checkbox],[role=checkbox]',
    option: '[role=option],option',
    dialog: '[role=dialog],dialog',
    heading: 'h1,h2,h3,h4,h5,h6,[role=heading]',
    menuitem: '[role=menuitem]',
    alert: '[role=alert]',
    status: '[role=status]',
    listitem: 'li,[role=listitem]',
    tab: '[role=tab]',
    region: '[role=region],section[aria-label],section[aria-labelledby]',
  };
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const shown = (el) => {
    const s = getComputedStyle(el);
    return s.display !== 'none' && s.visibility !== 'hidden';
  };
  const text = (node) => {
    if (node.nodeType === 3) return node.textContent;
    if (node.nodeType !== 1) return '';
    if (node.getAttribute('aria-hidden') === 'true' || !shown(node)) return '';
    if (node.hasAttribute('aria-label')) return ' ' + node.getAttribute('aria-label') + ' ';
    let t = '';
    for (const c of node.childNodes) t += text(c);
    return /^(DIV|P|LI)$/.test(node.tagName) ? ' ' + t + ' ' : t;
  };
  const name = (el) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) return norm(by.split(/\s+/).map((id) => { const e = document.getElementById(id); return e ? e.textContent : ''; }).join(' '));
    if (el.hasAttribute('aria-label')) return norm(el.getAttribute('aria-label'));
    if (el.id) {
      const label = document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
      if (label) return norm(label.textContent);
    }
    const wrap = el.closest('label');
    if (wrap) return norm(wrap.textContent);
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) return norm(el.getAttribute('title') || el.getAttribute('placeholder'));
    return norm(text(el));
  };
  const visible = (el) => {
    if (el.closest('[inert],[hidden],[aria-hidden=true]')) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return false;
    for (let e = el; e; e = e.parentElement) if (!shown(e)) return false;
    return true;
  };
  const hasRole = (el, role) => {
    const explicit = el.getAttribute('role');
    if (explicit && explicit !== role && !(role === 'option' && el.tagName === 'OPTION')) return false;
    return el.matches(ROLES[role]);
  };
  const candidates = (role) => {
    if (!ROLES[role]) throw new Error('unknown role ' + role);
    return [...document.querySelectorAll(ROLES[role])].filter((el) => hasRole(el, role) && visible(el));
  };
  const fits = (el, wanted, exact) => {
    const n = name(el).toLowerCase();
    const w = norm(wanted).toLowerCase();
    return exact ? n === w : n.includes(w);
  };
  return {
    name, visible, candidates, hasRole,
    find: (role, wanted, exact) => candidates(role).find((el) => fits(el, wanted, exact)) || null,
    names: (role) => candidates(role).map(name),
    isActive: (role, wanted, exact) => {
      const a = document.activeElement;
      return !!a && hasRole(a, role) && fits(a, wanted, exact);
    },
    describeActive: () => {
      const a = document.activeElement;
      if (!a || a === document.body) return '(nothing: the page body)';
      return a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') + ' "' + name(a) + '"';
    },
  };
})();
"#;

/// A visible control found by role and name.
pub struct Control {
    pub element: Element,
    /// `button "Email invoice"`, for messages.
    pub description: String,
}

pub struct Browser {
    pub client: Client,
    pub base: String,
    pub sandbox: String,
    pub lang: Locale,
    pub theme: Theme,
    pub messages: Messages,
    name: String,
    _profile: ProfileDir,
}

impl Browser {
    pub async fn start(
        env: &Env,
        name: &str,
        sandbox: &str,
        lang: Locale,
        theme: Theme,
    ) -> Result<Self> {
        let profile = ProfileDir::new()?;
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            format!("--user-data-dir={}", profile.path.display()),
            format!("--window-size={WIDTH},{HEIGHT}"),
            "--force-device-scale-factor=1".to_owned(),
            "--force-prefers-reduced-motion".to_owned(),
            // Whole tiles repainted, never parts: the same page, the same pixels.
            "--disable-partial-raster".to_owned(),
            "--disable-lcd-text".to_owned(),
            "--no-first-run".to_owned(),
            "--no-default-browser-check".to_owned(),
            format!("--lang={}", lang.tag()),
            // What `navigator.languages` says (headless ignores `--lang` there).
            format!("--accept-lang={}", lang.tag()),
        ];
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": CHROMIUM, "args": args }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = tokio::time::timeout(
            Duration::from_secs(60),
            ClientBuilder::new(connector)
                .capabilities(capabilities)
                .connect(&env.driver.url),
        )
        .await
        .context("Chromium did not start within 60 s")?
        .context("starting a Chromium session through chromedriver")?;
        let browser = Self {
            client,
            base: env.server.base.clone(),
            sandbox: sandbox.to_owned(),
            lang,
            theme,
            messages: Messages::new(lang),
            name: name.to_owned(),
            _profile: profile,
        };
        browser.fit_viewport().await?;
        browser.join_sandbox().await?;
        Ok(browser)
    }

    /// Emulates a CSS media feature (`forced-colors: active`, say) for the
    /// rest of the session, through a DevTools command: WebDriver has none.
    pub async fn emulate_media_feature(&self, name: &str, value: &str) -> Result<()> {
        let command = DevTools {
            method: "Emulation.setEmulatedMedia",
            params: json!({ "features": [{ "name": name, "value": value }] }),
        };
        self.client
            .issue_cmd(command)
            .await
            .with_context(|| format!("emulating {name}: {value}"))?;
        Ok(())
    }

    /// Makes the page's viewport exactly WIDTH x HEIGHT.
    async fn fit_viewport(&self) -> Result<()> {
        self.set_viewport(WIDTH, HEIGHT).await
    }

    /// Makes the page's viewport exactly `width` x `height` CSS pixels (a
    /// narrow window, or a wide one zoomed: 640x360 is 1280x720 at 200%).
    pub async fn set_viewport(&self, width: u32, height: u32) -> Result<()> {
        for _ in 0..3 {
            let size = self
                .js("return [window.innerWidth, window.innerHeight];", vec![])
                .await?;
            let (w, h) = (
                size[0].as_u64().unwrap_or(0) as i64,
                size[1].as_u64().unwrap_or(0) as i64,
            );
            if (w, h) == (width.into(), height.into()) {
                return Ok(());
            }
            let (ow, oh) = self.client.get_window_size().await?;
            let nw = (ow as i64 + i64::from(width) - w).max(100) as u32;
            let nh = (oh as i64 + i64::from(height) - h).max(100) as u32;
            self.client.set_window_size(nw, nh).await?;
        }
        bail!("cannot make the viewport {width}x{height}")
    }

    /// Puts this browser into its sandbox: the server's `mock_sandbox`
    /// cookie, set on the server's origin before the app is opened.
    async fn join_sandbox(&self) -> Result<()> {
        self.client
            .goto(&format!("{}{}", self.base, paths::HEALTH))
            .await?;
        self.client.delete_all_cookies().await?;
        self.client
            .execute(
                "document.cookie = arguments[1] + '=' + arguments[0] + '; path=/; SameSite=Lax';",
                vec![json!(self.sandbox), json!(paths::SANDBOX_COOKIE)],
            )
            .await?;
        Ok(())
    }

    pub fn api(&self) -> Api {
        Api::new(&self.base, &self.sandbox)
    }

    /// The article's label of a step, or any message, in this browser's language.
    pub fn t(&self, key: &str) -> String {
        self.messages.get(key)
    }

    /// A message with its `{ $name }` arguments, in this browser's language.
    pub fn t_args(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        self.messages.fill(key, args)
    }

    /// Opens `path` of the app with this browser's language and theme.
    pub async fn open(&self, path: &str) -> Result<()> {
        let separator = if path.contains('?') { '&' } else { '?' };
        let url = format!(
            "{}{path}{separator}lang={}&theme={}",
            self.base,
            self.lang.tag(),
            self.theme.name()
        );
        self.client
            .goto(&url)
            .await
            .with_context(|| format!("opening {url}"))?;
        self.wait_for_app().await
    }

    /// Reloads the page (a person pressing F5) and waits for the app.
    pub async fn reload(&self) -> Result<()> {
        self.client.refresh().await?;
        self.wait_for_app().await
    }

    /// Waits until the app has mounted (something in the body beyond the loader).
    pub async fn wait_for_app(&self) -> Result<()> {
        self.wait_js(
            "the app to start",
            "return document.querySelector('.top-bar') !== null;",
            vec![],
        )
        .await
        .map(|_| ())
    }

    pub async fn path(&self) -> Result<String> {
        Ok(self.client.current_url().await?.path().to_owned())
    }

    /// Runs `body` (a function body) with the helper library in scope.
    pub async fn js(&self, body: &str, args: Vec<Value>) -> Result<Value> {
        let script = format!("{LIB}\n{body}");
        self.client
            .execute(&script, args)
            .await
            .map_err(|e| anyhow!("script failed: {e}"))
    }

    /// Polls `body` until it returns something truthy; returns that.
    pub async fn wait_js(&self, what: &str, body: &str, args: Vec<Value>) -> Result<Value> {
        self.wait_js_for(what, body, args, TIMEOUT).await
    }

    pub async fn wait_js_for(
        &self,
        what: &str,
        body: &str,
        args: Vec<Value>,
        timeout: Duration,
    ) -> Result<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.js(body, args.clone()).await?;
            let truthy = match &value {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return Ok(value);
            }
            if Instant::now() > deadline {
                bail!("timed out after {:?} waiting for {what}", timeout);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn element(&self, value: &Value) -> Option<Element> {
        let id = value
            .get("element-6066-11e4-a52e-4f735466cecf")
            .or_else(|| value.get("ELEMENT"))?
            .as_str()?;
        Some(Element::from_element_id(
            self.client.clone(),
            ElementRef::from(id.to_owned()),
        ))
    }

    async fn find_with(&self, role: &str, name: &str, exact: bool) -> Result<Control> {
        let description = format!("{role} \"{name}\"");
        let found = self
            .wait_js(
                &format!("a visible {description}"),
                "return E2E.find(arguments[0], arguments[1], arguments[2]);",
                vec![json!(role), json!(name), json!(exact)],
            )
            .await;
        match found {
            Ok(value) => Ok(Control {
                element: self
                    .element(&value)
                    .with_context(|| format!("{description}: not an element: {value}"))?,
                description,
            }),
            Err(error) => {
                let names = self
                    .js("return E2E.names(arguments[0]);", vec![json!(role)])
                    .await
                    .unwrap_or(Value::Null);
                Err(error.context(format!(
                    "no visible {description}; the visible {role}s are {names}"
                )))
            }
        }
    }

    /// The visible control of `role` whose accessible name is `name`.
    pub async fn find(&self, role: &str, name: &str) -> Result<Control> {
        self.find_with(role, name, true).await
    }

    /// The visible control of `role` whose accessible name contains `text`.
    pub async fn find_containing(&self, role: &str, text: &str) -> Result<Control> {
        self.find_with(role, text, false).await
    }

    /// Whether a visible control of `role` named `name` is there now.
    pub async fn is_there(&self, role: &str, name: &str) -> Result<bool> {
        let value = self
            .js(
                "return E2E.find(arguments[0], arguments[1], true) !== null;",
                vec![json!(role), json!(name)],
            )
            .await?;
        Ok(value == Value::Bool(true))
    }

    /// Waits until no visible control of `role` named `name` is left.
    pub async fn wait_gone(&self, role: &str, name: &str) -> Result<()> {
        self.wait_js(
            &format!("{role} \"{name}\" to go away"),
            "return E2E.find(arguments[0], arguments[1], true) === null;",
            vec![json!(role), json!(name)],
        )
        .await
        .map(|_| ())
    }

    pub async fn click(&self, role: &str, name: &str) -> Result<()> {
        let control = self.find(role, name).await?;
        self.click_control(&control).await
    }

    pub async fn click_control(&self, control: &Control) -> Result<()> {
        // As a person would: scroll a control that something else covers
        // (a pane's sticky footer in a low window) to the middle first.
        self.js(
            "const e = arguments[0];
             const r = e.getBoundingClientRect();
             const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
             if (!hit || !(e === hit || e.contains(hit) || hit.contains(e))) {
               e.scrollIntoView({ block: 'center', inline: 'nearest' });
             }",
            vec![serde_json::to_value(&control.element)?],
        )
        .await?;
        control
            .element
            .click()
            .await
            .with_context(|| format!("clicking {}", control.description))
    }

    /// Clears the text box named `name` (select all, delete) and types `text`.
    pub async fn fill(&self, name: &str, text: &str) -> Result<Control> {
        let control = self.find("textbox", name).await?;
        control.element.click().await?;
        let clear: String = [keys::CONTROL, 'a', '\u{e000}', keys::BACKSPACE]
            .into_iter()
            .collect();
        control.element.send_keys(&clear).await?;
        control
            .element
            .send_keys(text)
            .await
            .with_context(|| format!("typing into {}", control.description))?;
        Ok(control)
    }

    /// Presses keys on whatever has focus, as a keyboard does.
    pub async fn press(&self, keys: &[char]) -> Result<()> {
        let mut actions = KeyActions::new("keyboard".into());
        for &key in keys {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Presses `key` with every one of `modifiers` held (Alt+Shift+D).
    pub async fn shortcut(&self, modifiers: &[char], key: char) -> Result<()> {
        let mut actions = KeyActions::new("keyboard".into());
        for &modifier in modifiers {
            actions = actions.then(KeyAction::Down { value: modifier });
        }
        actions = actions
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        for &modifier in modifiers.iter().rev() {
            actions = actions.then(KeyAction::Up { value: modifier });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Presses `key` with `modifier` held (Control+A, Shift+Tab).
    pub async fn chord(&self, modifier: char, key: char) -> Result<()> {
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: modifier })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: modifier });
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Types text on whatever has focus.
    pub async fn type_text(&self, text: &str) -> Result<()> {
        let chars: Vec<char> = text.chars().collect();
        self.press(&chars).await
    }

    /// Starts recording the page's uncaught errors and console errors (a
    /// Rust panic shows as both) until the next full page load.
    pub async fn watch_errors(&self) -> Result<()> {
        self.js(
            "if (!window.__e2eErrors) {
                 window.__e2eErrors = [];
                 addEventListener('error', e => window.__e2eErrors.push('uncaught: ' + e.message));
                 const original = console.error;
                 console.error = (...args) => {
                     window.__e2eErrors.push('console: ' + args.join(' ').slice(0, 400));
                     original.apply(console, args);
                 };
             }",
            vec![],
        )
        .await
        .map(|_| ())
    }

    /// Fails with the errors recorded since [`Browser::watch_errors`], if any.
    pub async fn expect_no_errors(&self, during: &str) -> Result<()> {
        let errors = self
            .js("return window.__e2eErrors || null;", vec![])
            .await?;
        let Some(errors) = errors.as_array() else {
            bail!("the page's errors were not being watched (a page load since watch_errors?)");
        };
        ensure!(
            errors.is_empty(),
            "{during}: the page reported errors:\n{}",
            errors
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n")
        );
        Ok(())
    }

    /// What has focus, for messages.
    pub async fn describe_focus(&self) -> Result<String> {
        Ok(self
            .js("return E2E.describeActive();", vec![])
            .await?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// Presses Tab until the control of `role` named `name` has focus
    /// (at most `max` times); fails naming where focus went instead.
    pub async fn tab_to(&self, role: &str, name: &str) -> Result<()> {
        self.tab_to_with(role, name, true).await
    }

    /// Like [`Browser::tab_to`], for a control whose name contains `text`.
    pub async fn tab_to_containing(&self, role: &str, text: &str) -> Result<()> {
        self.tab_to_with(role, text, false).await
    }

    async fn tab_to_with(&self, role: &str, name: &str, exact: bool) -> Result<()> {
        const MAX: usize = 60;
        // The control must be there before tabbing around for it.
        self.find_with(role, name, exact).await?;
        for _ in 0..MAX {
            let active = self
                .js(
                    "return E2E.isActive(arguments[0], arguments[1], arguments[2]);",
                    vec![json!(role), json!(name), json!(exact)],
                )
                .await?;
            if active == Value::Bool(true) {
                return Ok(());
            }
            self.press(&[keys::TAB]).await?;
        }
        bail!(
            "{MAX} presses of Tab did not reach {role} \"{name}\"; focus is on {}",
            self.describe_focus().await?
        )
    }

    /// Fails unless the focused element is `role` named `name`.
    pub async fn expect_focus(&self, role: &str, name: &str) -> Result<()> {
        self.wait_js(
            &format!("focus on {role} \"{name}\""),
            "return E2E.isActive(arguments[0], arguments[1], true);",
            vec![json!(role), json!(name)],
        )
        .await
        .map(|_| ())
        .map_err(|e| e.context("focus is elsewhere"))
    }

    /// The visible text of the page.
    pub async fn page_text(&self) -> Result<String> {
        Ok(self
            .js("return document.body.innerText;", vec![])
            .await?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// Waits until the page shows `text` somewhere.
    pub async fn wait_text(&self, text: &str) -> Result<()> {
        self.wait_js(
            &format!("the text {text:?}"),
            "return document.body.innerText.replace(/\\s+/g, ' ').includes(arguments[0]);",
            vec![json!(text)],
        )
        .await
        .map(|_| ())
    }

    /// Waits until the open dialog (pane) is the one named `title`.
    pub async fn wait_dialog(&self, title: &str) -> Result<Control> {
        self.find("dialog", title).await
    }

    /// Whether the button is disabled (this app keeps disabled buttons
    /// focusable and marks them `aria-disabled`).
    pub async fn is_disabled(&self, control: &Control) -> Result<bool> {
        let value = self
            .client
            .execute(
                "return arguments[0].disabled || arguments[0].getAttribute('aria-disabled') === 'true';",
                vec![serde_json::to_value(&control.element)?],
            )
            .await?;
        Ok(value == Value::Bool(true))
    }

    /// Lets the page come to rest for a screenshot: no animation, transition
    /// or caret; toasts hidden (they time out); fonts loaded; no spinner;
    /// the DOM unchanged for a moment; two frames painted.
    pub async fn settle(&self) -> Result<()> {
        self.js(
            // A constructed style sheet: no `<style>` for a CSP to refuse.
            "if (!window.__e2eSettled) {
               const sheet = new CSSStyleSheet();
               sheet.replaceSync('*, *::before, *::after { animation: none !important; transition: none !important; caret-color: transparent !important; } .toaster { visibility: hidden !important; }');
               document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
               window.__e2eSettled = true;
             }
             return true;",
            vec![],
        )
        .await?;
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1]; document.fonts.ready.then(() => done(true));",
                vec![],
            )
            .await?;
        self.wait_js(
            "spinners to go",
            "return [...document.querySelectorAll('.spinner')].every((s) => !E2E.visible(s));",
            vec![],
        )
        .await?;
        let mut last = String::new();
        let mut same = 0;
        let deadline = Instant::now() + TIMEOUT;
        while same < 3 {
            let now = self
                .js("return document.body.innerHTML + '|' + (document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : '');", vec![])
                .await?
                .as_str()
                .unwrap_or_default()
                .to_owned();
            if now == last {
                same += 1;
            } else {
                same = 0;
                last = now;
            }
            if Instant::now() > deadline {
                bail!("the page did not come to rest within {TIMEOUT:?}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        Ok(())
    }

    /// The element's box in CSS pixels of the viewport (x, y, width, height).
    pub async fn viewport_rect(&self, element: &Element) -> Result<(f64, f64, f64, f64)> {
        let value = self
            .client
            .execute(
                "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height];",
                vec![serde_json::to_value(element)?],
            )
            .await?;
        let n = |i: usize| value[i].as_f64().unwrap_or(0.0);
        Ok((n(0), n(1), n(2), n(3)))
    }

    /// Saves a screenshot and the page's text to `target/e2e-failures/`;
    /// returns where.
    pub async fn save_failure(&self) -> (PathBuf, PathBuf) {
        let dir = failures_dir();
        let _ = std::fs::create_dir_all(&dir);
        let png = dir.join(format!("{}.png", self.name));
        let txt = dir.join(format!("{}.txt", self.name));
        if let Ok(bytes) = self.client.screenshot().await {
            let _ = std::fs::write(&png, bytes);
        }
        let url = self
            .client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        let text = self.page_text().await.unwrap_or_default();
        let focus = self.describe_focus().await.unwrap_or_default();
        let _ = std::fs::write(&txt, format!("URL: {url}\nFocus: {focus}\n\n{text}\n"));
        (png, txt)
    }

    /// Ends the session; with an error, saves the failure artifacts first and
    /// panics with the error and where they are.
    pub async fn finish(self, result: Result<()>) {
        match result {
            Ok(()) => {
                let _ = self.client.close().await;
            }
            Err(error) => {
                let (png, txt) = self.save_failure().await;
                let name = self.name.clone();
                let _ = self.client.clone().close().await;
                drop(self);
                panic!(
                    "{name} failed: {error:#}\n  screenshot: {}\n  page text:  {}",
                    png.display(),
                    txt.display()
                );
            }
        }
    }
}
