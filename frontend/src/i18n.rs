//! Translations (Project Fluent) and locale-aware formatting.
//!
//! The messages come from `shared::i18n` (the files in `locales/`, one place
//! for the app and the invoice emails). Dates and amounts are
//! formatted by the browser's own `Intl`, so they follow each locale's rules.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use shared::api::ErrorCode;
use shared::{EmailError, Locale, Money, RecipientError};

use crate::api::AppError;

use shared::i18n::{format, format_args, Value};

/// The active language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// The message `key` in the active language (reactive).
    pub fn t(&self, key: &str) -> String {
        format(self.locale.get(), key, None)
    }

    /// The message `key` as a signal that follows the active language. One
    /// concrete type for every label keeps the bundle small.
    pub fn s(&self, key: &'static str) -> Signal<String> {
        let locale = self.locale;
        Signal::derive(move || format(locale.get(), key, None))
    }

    /// The message `key` with arguments, e.g. `&[("count", 3.into())]`.
    pub fn t_args(&self, key: &str, args: &[(&'static str, Value<'static>)]) -> String {
        format_args(self.locale.get(), key, args)
    }

    /// Names in a sentence, in the active language: "A, B and C".
    pub fn list_and(&self, mut names: Vec<String>) -> String {
        match names.pop() {
            None => String::new(),
            Some(last) if names.is_empty() => last,
            Some(last) => self.t_args(
                "list-and",
                &[("first", names.join(", ").into()), ("last", last.into())],
            ),
        }
    }

    /// Why an address was refused, in the active language.
    pub fn email_error(&self, error: &EmailError) -> String {
        shared::i18n::email_error(self.locale.get(), error)
    }

    /// Why a recipient was refused, in the active language.
    pub fn recipient_error(&self, error: &RecipientError) -> String {
        shared::i18n::recipient_error(self.locale.get(), error)
    }

    /// Why a call failed, in the active language. Where the code says all a
    /// person needs, the app says it in their language. The refusals of what
    /// a person typed keep the server's own words, which name the detail:
    /// the server writes those in the request's `Accept-Language`, which
    /// `api` sets to the active language (the app's pre-checks explain them
    /// first anyway).
    pub fn error(&self, error: &AppError) -> String {
        let (status, body) = match error {
            // The browser's own words ("TypeError: Failed to fetch") are in
            // its language, not the user's: the journal shows the details.
            AppError::Network(_) => return self.t("error-network"),
            AppError::Decode(detail) => {
                return self.t_args("error-decode", &[("detail", detail.clone().into())]);
            }
            AppError::Api { status, body } => (*status, body),
        };
        let key = match body.code {
            ErrorCode::NotSignedIn => "error-not-signed-in",
            ErrorCode::NotFound => "error-not-found",
            ErrorCode::NotAccountAdministrator => "error-not-account-administrator",
            ErrorCode::IneligibleScope => "error-ineligible-scope",
            ErrorCode::StaleTermsVersion => "error-stale-terms-version",
            ErrorCode::AlreadyOptedIn => "error-already-opted-in",
            ErrorCode::NotOptedIn => "error-not-opted-in",
            ErrorCode::SandboxLimit => "error-sandbox-limit",
            ErrorCode::SandboxChanged => "error-sandbox-changed",
            ErrorCode::RecipientsChanged => "error-recipients-changed",
            ErrorCode::ProfileChanged => "error-profile-changed",
            // A refusal that names no rule (a tester's injected 404, say): by
            // its status, not as a failure of the server ("Try again").
            ErrorCode::Internal | ErrorCode::InjectedFault if status < 500 => match status {
                401 => "error-not-signed-in",
                404 => "error-not-found",
                429 => "error-too-many-requests",
                _ => "error-refused",
            },
            ErrorCode::Internal | ErrorCode::InjectedFault => "error-internal",
            // Refusals of what a person typed, which the server says in the
            // request's language (an outbox search is typed too).
            ErrorCode::InvalidEmail
            | ErrorCode::DuplicateRecipient
            | ErrorCode::TooManyRecipients => return body.message.clone(),
            ErrorCode::InvalidParameter if body.field.as_deref() == Some("q") => {
                return body.message.clone()
            }
            // The request's form (its JSON, a parameter, the method): never
            // what a person typed, and the server says it in English only.
            ErrorCode::MalformedJson
            | ErrorCode::InvalidBody
            | ErrorCode::UnsupportedMediaType
            | ErrorCode::PayloadTooLarge
            | ErrorCode::InvalidParameter
            | ErrorCode::InvalidSandbox
            | ErrorCode::MethodNotAllowed => "error-malformed-request",
        };
        self.t_args(key, &[("status", status.into())])
    }

    /// [`I18n::error`] for a toast after the form is gone: a refusal that
    /// says what to do in the form says what to open instead.
    pub fn error_after_close(&self, error: &AppError) -> String {
        match error.code() {
            Some(ErrorCode::RecipientsChanged) => self.t("error-recipients-changed-closed"),
            Some(ErrorCode::ProfileChanged) => self.t("error-profile-changed-closed"),
            _ => self.error(error),
        }
    }

    /// A date in the active locale, e.g. "Nov 9, 2026" or "9 nov 2026".
    pub fn date(&self, date: NaiveDate) -> String {
        format_date(self.locale.get(), date)
    }

    /// An amount in the active locale, e.g. "€1,913.62" or "€ 1.913,62".
    pub fn money(&self, money: &Money) -> String {
        format_money(self.locale.get(), money)
    }

    /// A whole number in the active locale, e.g. "2,329" or "2.329".
    pub fn number(&self, n: u64) -> String {
        format_number(self.locale.get(), n)
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

fn options(pairs: &[(&str, &str)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    object
}

pub fn format_date(locale: Locale, date: NaiveDate) -> String {
    let millis = js_sys::Date::utc(f64::from(date.year()), f64::from(date.month0()));
    // Date.UTC(year, month) is the first of the month; add the days.
    let millis = millis + f64::from(date.day0()) * 86_400_000.0;
    let js_date = js_sys::Date::new(&millis.into());
    js_date
        .to_locale_date_string(
            locale.tag(),
            &options(&[
                ("year", "numeric"),
                ("month", "short"),
                ("day", "numeric"),
                ("timeZone", "UTC"),
            ]),
        )
        .into()
}

pub fn format_number(locale: Locale, n: u64) -> String {
    let locales = js_sys::Array::of1(&locale.tag().into());
    let format = js_sys::Intl::NumberFormat::new(&locales, &js_sys::Object::new());
    format
        .format()
        .call1(&wasm_bindgen::JsValue::NULL, &(n as f64).into())
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| n.to_string())
}

pub fn format_money(locale: Locale, money: &Money) -> String {
    let amount = money.minor_units as f64 / 100.0;
    let locales = js_sys::Array::of1(&locale.tag().into());
    let format = js_sys::Intl::NumberFormat::new(
        &locales,
        &options(&[("style", "currency"), ("currency", &money.currency)]),
    );
    format
        .format()
        .call1(&wasm_bindgen::JsValue::NULL, &amount.into())
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| format!("{} {amount:.2}", money.currency))
}
