//! End-to-end tests of the walkthrough in Chromium, driven through chromedriver
//! with fantoccini, and the documentation screenshots made by the same code.
//!
//! - [`harness`] starts the mock server (in memory, frozen clock) and
//!   chromedriver on free ports; guards kill them (and Chromium) on drop, so a
//!   failing test cleans up too.
//! - [`browser`] is one Chromium session in its own sandbox: finding visible
//!   controls by role and accessible name, typing, keys, waits with timeouts,
//!   and on failure a screenshot and the page's text in `target/e2e-failures/`.
//! - [`steps`] are the nine steps of the article, each done as a person would,
//!   with a hook called on the control the step names just before using it.
//! - [`axe`] runs axe-core (npm, pinned, cached per user) on a page.
//! - [`shots`] makes the screenshot set (`cargo xtask screenshots`).
//! - [`bench`] times page loads, the walkthrough and the screenshot set.

pub mod axe;
pub mod bench;
pub mod browser;
pub mod harness;
pub mod http;
pub mod messages;
pub mod shots;
pub mod steps;

pub use browser::Browser;
pub use harness::Env;
pub use steps::{Locale, Theme};
