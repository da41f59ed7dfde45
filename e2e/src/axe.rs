//! axe-core, injected into the page and run for WCAG 2.1 A and AA. `cargo
//! xtask test` installs it (npm, pinned, once per user into the tools cache)
//! and names its `axe.min.js` in `E2E_AXE_CORE`.

use std::path::PathBuf;
use std::sync::OnceLock;

use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Value};

use crate::browser::Browser;

/// The rules checked: WCAG 2.0 and 2.1, levels A and AA.
pub const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// Where axe.min.js is: `E2E_AXE_CORE`, set by `cargo xtask test` (which
/// installs the pinned axe-core first).
pub fn ensure() -> Result<PathBuf> {
    let Some(script) = std::env::var_os("E2E_AXE_CORE").map(PathBuf::from) else {
        bail!(
            "the accessibility checks need axe-core: run them through `cargo xtask test`, which \
             installs it, or set E2E_AXE_CORE to an axe.min.js (`cargo xtask tools` prints where \
             the pinned one is)"
        );
    };
    if !script.is_file() {
        bail!(
            "E2E_AXE_CORE names {}, which is not a file",
            script.display()
        );
    }
    Ok(script)
}

/// axe.min.js, read once per process.
pub fn source() -> Result<&'static str> {
    static SOURCE: OnceLock<Result<String, String>> = OnceLock::new();
    SOURCE
        .get_or_init(|| {
            ensure()
                .and_then(|path| {
                    std::fs::read_to_string(&path)
                        .with_context(|| format!("reading {}", path.display()))
                })
                .map_err(|e| format!("{e:#}"))
        })
        .as_ref()
        .map(String::as_str)
        .map_err(|e| anyhow!("{e}"))
}

/// One rule broken on one page: what, and where.
#[derive(Debug)]
pub struct Violation {
    pub rule: String,
    pub impact: String,
    pub help: String,
    pub nodes: Vec<(String, String)>,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "  rule {} ({}): {}", self.rule, self.impact, self.help)?;
        for (target, html) in &self.nodes {
            writeln!(f, "    at {target}: {html}")?;
        }
        Ok(())
    }
}

/// Runs axe on the page as it is now; returns the WCAG 2.1 A/AA violations.
pub async fn run(browser: &Browser) -> Result<Vec<Violation>> {
    let loaded = browser
        .client
        .execute("return typeof window.axe === 'object';", vec![])
        .await?;
    if loaded != Value::Bool(true) {
        let script = format!("{}\n;return typeof window.axe;", source()?);
        browser
            .client
            .execute(&script, vec![])
            .await
            .map_err(|e| anyhow!("injecting axe-core: {e}"))?;
    }
    let result = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
               .then((r) => done(r.violations.map((v) => ({
                  id: v.id, impact: v.impact || '', help: v.help,
                  nodes: v.nodes.map((n) => [n.target.join(' '), n.html.slice(0, 300)]),
               }))))
               .catch((e) => done({ error: String(e) }));",
            vec![json!(TAGS)],
        )
        .await
        .map_err(|e| anyhow!("running axe-core: {e}"))?;
    if let Some(error) = result.get("error") {
        bail!("axe-core failed: {error}");
    }
    let list = result.as_array().cloned().unwrap_or_default();
    Ok(list
        .into_iter()
        .map(|v| Violation {
            rule: v["id"].as_str().unwrap_or_default().to_owned(),
            impact: v["impact"].as_str().unwrap_or_default().to_owned(),
            help: v["help"].as_str().unwrap_or_default().to_owned(),
            nodes: v["nodes"]
                .as_array()
                .map(|nodes| {
                    nodes
                        .iter()
                        .map(|n| {
                            (
                                n[0].as_str().unwrap_or_default().to_owned(),
                                n[1].as_str().unwrap_or_default().to_owned(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect())
}

/// Fails, naming every rule and element, unless the page has no violation.
pub async fn check(browser: &Browser, where_: &str) -> Result<()> {
    let violations = run(browser).await?;
    if violations.is_empty() {
        return Ok(());
    }
    let mut report = format!(
        "{} WCAG 2.1 A/AA violation(s) on {where_} ({}, {} theme, {}):\n",
        violations.len(),
        browser.lang.tag(),
        browser.theme.name(),
        browser.path().await.unwrap_or_default()
    );
    for v in &violations {
        report.push_str(&v.to_string());
    }
    bail!(report)
}
