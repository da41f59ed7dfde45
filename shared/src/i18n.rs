//! The Fluent messages of `locales/<tag>/portal.ftl`, compiled in: the browser
//! app's labels and the invoice emails come from the same files.

use std::borrow::Cow;

use fluent_bundle::{FluentBundle, FluentResource};

use crate::Locale;

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
    // No Unicode isolation marks: they would end up in copied text, emails and tests.
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
    message(locale, key, args).unwrap_or_else(|| key.to_owned())
}

/// Formats message `key` in `locale`, or `None` when `locale` has no such
/// message.
fn message(locale: Locale, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    BUNDLES.with(|bundles| {
        let bundle = &bundles[locale as usize];
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        Some(
            bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned(),
        )
    })
}

/// Formats message `key` with named arguments.
pub fn format_args(locale: Locale, key: &str, args: &[(&'static str, Value<'_>)]) -> String {
    message_args(locale, key, args).unwrap_or_else(|| key.to_owned())
}

/// Formats message `key` with named arguments, or `None` when `locale` has
/// no such message (for callers that must tell, such as the browser tests).
pub fn message_args(
    locale: Locale,
    key: &str,
    args: &[(&'static str, Value<'_>)],
) -> Option<String> {
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        fluent.set(Cow::Borrowed(*name), value.clone());
    }
    message(locale, key, Some(&fluent))
}

pub use fluent_bundle::{FluentArgs, FluentValue as Value};

#[cfg(test)]
mod tests {
    use super::*;
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
        let args = [("count", Value::from(1)), ("max", Value::from(20))];
        assert_eq!(
            format_args(Locale::EnUs, "recipients-count", &args),
            "1 of 20 recipients"
        );
        let args = [("count", Value::from(3)), ("max", Value::from(20))];
        assert_eq!(
            format_args(Locale::NlNl, "recipients-count", &args),
            "3 van 20 geadresseerden"
        );
    }
}
