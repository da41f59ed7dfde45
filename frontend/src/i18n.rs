//! Translations (Project Fluent) and locale-aware formatting.
//!
//! The message files live in `locales/<tag>/portal.ftl` at the workspace root,
//! one place for the app and, later, the invoice emails. Dates and amounts are
//! formatted by the browser's own `Intl`, so they follow each locale's rules.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use leptos::prelude::*;
use shared::email::{MAX_ADDRESS_LEN, MAX_LOCAL_PART_LEN};
use shared::{EmailError, Locale, Money, RecipientError, MAX_RECIPIENTS};

pub const EN_US: &str = include_str!("../../locales/en-US/portal.ftl");
pub const NL_NL: &str = include_str!("../../locales/nl-NL/portal.ftl");

/// The Fluent source of a locale.
pub fn source(locale: Locale) -> &'static str {
    match locale {
        Locale::EnUs => EN_US,
        Locale::NlNl => NL_NL,
    }
}

fn build_bundle(locale: Locale) -> FluentBundle<FluentResource> {
    let resource =
        FluentResource::try_new(source(locale).to_owned()).unwrap_or_else(|(resource, _)| resource);
    let lang = locale.tag().parse().expect("locale tags are valid");
    let mut bundle = FluentBundle::new(vec![lang]);
    // No Unicode isolation marks: they would end up in copied text and tests.
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
}

thread_local! {
    static BUNDLES: [FluentBundle<FluentResource>; 2] =
        [build_bundle(Locale::EnUs), build_bundle(Locale::NlNl)];
}

/// Formats message `key` in `locale`; a missing key shows as itself.
pub fn format(locale: Locale, key: &str, args: Option<&FluentArgs<'_>>) -> String {
    BUNDLES.with(|bundles| {
        let bundle = &bundles[locale as usize];
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    })
}

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
    pub fn t_args(&self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(Cow::Borrowed(*name), value.clone());
        }
        format(self.locale.get(), key, Some(&fluent))
    }

    /// Why an address was refused, in the active language.
    pub fn email_error(&self, error: &EmailError) -> String {
        let key = format!("email-error-{}", error.code().replace('_', "-"));
        match error {
            EmailError::InvalidCharacter(c) => self.t_args(&key, &[("char", c.to_string().into())]),
            EmailError::InvalidDomain(domain) => {
                self.t_args(&key, &[("domain", domain.clone().into())])
            }
            _ => self.t_args(
                &key,
                &[
                    ("max", MAX_ADDRESS_LEN.into()),
                    ("max_local", MAX_LOCAL_PART_LEN.into()),
                ],
            ),
        }
    }

    /// Why a recipient was refused, in the active language.
    pub fn recipient_error(&self, error: &RecipientError) -> String {
        match error {
            RecipientError::Invalid(error) => self.email_error(error),
            RecipientError::Duplicate(address) => self.t_args(
                "recipient-duplicate",
                &[("email", address.to_unicode().into())],
            ),
            RecipientError::LimitReached => {
                self.t_args("recipient-limit", &[("max", MAX_RECIPIENTS.into())])
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::FluentResource;
    use std::collections::BTreeSet;

    fn ids(source: &str) -> BTreeSet<String> {
        let resource = match FluentResource::try_new(source.to_owned()) {
            Ok(resource) => resource,
            Err((_, errors)) => panic!("Fluent syntax errors: {errors:?}"),
        };
        resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn both_languages_have_the_same_messages() {
        let en = ids(EN_US);
        let nl = ids(NL_NL);
        let only_en: Vec<_> = en.difference(&nl).collect();
        let only_nl: Vec<_> = nl.difference(&en).collect();
        assert!(
            only_en.is_empty() && only_nl.is_empty(),
            "only en-US: {only_en:?}; only nl-NL: {only_nl:?}"
        );
        assert!(en.len() > 50);
    }

    #[test]
    fn the_article_labels_are_there() {
        let labels = [
            ("step-1-label", "Sign in", "Aanmelden"),
            (
                "step-2-label",
                "Cost Management + Billing",
                "Kostenbeheer + facturering",
            ),
            ("step-3-label", "Invoices", "Facturen"),
            (
                "step-4-label",
                "Receive invoice by email",
                "Factuur per e-mail ontvangen",
            ),
            ("step-5-label", "Email invoice", "E-mail factuur"),
            ("step-6-label", "Update profile", "Profiel bijwerken"),
            (
                "step-7-label",
                "Configure recipients",
                "Geadresseerden configureren",
            ),
            ("step-8-label", "Add recipient", "Geadresseerde toevoegen"),
            ("step-9-label", "Done", "Gedaan"),
        ];
        for (key, en, nl) in labels {
            assert_eq!(format(Locale::EnUs, key, None), en);
            assert_eq!(format(Locale::NlNl, key, None), nl);
        }
    }

    #[test]
    fn arguments_and_plurals() {
        let mut args = FluentArgs::new();
        args.set("count", 1);
        args.set("max", 20);
        assert_eq!(
            format(Locale::EnUs, "recipients-count", Some(&args)),
            "1 of 20 recipients"
        );
        args.set("count", 3);
        assert_eq!(
            format(Locale::NlNl, "recipients-count", Some(&args)),
            "3 van 20 geadresseerden"
        );
    }
}
