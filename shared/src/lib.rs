//! Everything the browser app and the mock server must agree on: domain types,
//! the API's paths, request and response bodies, error codes, and the rules
//! (address validation, eligibility, recipient limits).
//!
//! No I/O and no async runtime: this crate builds for `wasm32-unknown-unknown`
//! and for the host alike, so both sides run exactly the same rules.

pub mod api;
pub mod domain;
pub mod eligibility;
pub mod email;
#[cfg(feature = "i18n")]
pub mod i18n;
pub mod recipients;

pub use domain::*;
pub use eligibility::{eligibility, Eligibility, IneligibleReason};
pub use email::{EmailAddress, EmailError};
pub use recipients::{RecipientError, MAX_RECIPIENTS};
