//! The Fluent messages of `locales/<tag>/portal.ftl`, compiled in: the browser
//! app's labels and the invoice emails come from the same files.

use std::borrow::Cow;

use fluent_bundle::{FluentBundle, FluentResource};

use crate::email::{MAX_ADDRESS_LEN, MAX_LOCAL_PART_LEN};
use crate::{EmailError, Locale, RecipientError, MAX_RECIPIENTS};

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

/// Why an address was refused, in `locale` (`email-error-<code>`): the app's
/// field messages, and the server's `invalid_email` refusals.
pub fn email_error(locale: Locale, error: &EmailError) -> String {
    let key = format!("email-error-{}", error.code().replace('_', "-"));
    match error {
        EmailError::InvalidCharacter(c) => {
            format_args(locale, &key, &[("char", c.to_string().into())])
        }
        EmailError::InvalidDomain(domain) => {
            format_args(locale, &key, &[("domain", domain.clone().into())])
        }
        _ => format_args(
            locale,
            &key,
            &[
                ("max", MAX_ADDRESS_LEN.into()),
                ("max_local", MAX_LOCAL_PART_LEN.into()),
            ],
        ),
    }
}

/// Why a recipient was refused, in `locale`: the app's field messages, and
/// the server's `invalid_email`, `duplicate_recipient` and
/// `too_many_recipients` refusals.
pub fn recipient_error(locale: Locale, error: &RecipientError) -> String {
    match error {
        RecipientError::Invalid(error) => email_error(locale, error),
        RecipientError::Duplicate(address) => format_args(
            locale,
            "recipient-duplicate",
            &[("email", address.to_unicode().into())],
        ),
        RecipientError::PreferredEmail(address) => format_args(
            locale,
            "recipient-is-preferred",
            &[("email", address.to_unicode().into())],
        ),
        RecipientError::LimitReached => {
            format_args(locale, "recipient-limit", &[("max", MAX_RECIPIENTS.into())])
        }
    }
}

/// Why an outbox search was refused, in `locale` (the server's
/// `invalid_parameter` answers for `q`).
pub fn search_problem(locale: Locale, problem: &crate::api::SearchProblem) -> String {
    use crate::api::{SearchProblem, MAX_SEARCH_TERMS, MAX_SEARCH_TERM_LEN};
    match problem {
        SearchProblem::TooManyTerms => format_args(
            locale,
            "search-too-many-terms",
            &[("max", MAX_SEARCH_TERMS.into())],
        ),
        SearchProblem::TermTooLong => format_args(
            locale,
            "search-term-too-long",
            &[("max", MAX_SEARCH_TERM_LEN.into())],
        ),
        SearchProblem::UnknownHas(term) => format_args(
            locale,
            "search-unknown-has",
            &[("term", term.clone().into())],
        ),
        SearchProblem::UnknownIs(term) => format_args(
            locale,
            "search-unknown-is",
            &[("term", term.clone().into())],
        ),
        SearchProblem::ReadAndUnread => format(locale, "search-read-and-unread", None),
        SearchProblem::NeedsValue(term) => format_args(
            locale,
            "search-needs-value",
            &[
                ("term", term.clone().into()),
                ("operator", term.to_ascii_lowercase().into()),
            ],
        ),
    }
}

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
    fn refusals_name_the_detail_in_both_languages() {
        let address = crate::EmailAddress::parse("finance@contoso.example").unwrap();
        let duplicate = RecipientError::Duplicate(address.clone());
        assert_eq!(
            recipient_error(Locale::EnUs, &duplicate),
            "finance@contoso.example is already in the list."
        );
        let dutch = recipient_error(Locale::NlNl, &duplicate);
        assert_eq!(dutch, "finance@contoso.example staat al in de lijst.");

        let preferred = RecipientError::PreferredEmail(address);
        assert!(recipient_error(Locale::NlNl, &preferred).contains("voorkeursadres"));
        assert_eq!(
            recipient_error(Locale::NlNl, &RecipientError::LimitReached),
            format!(
                "De lijst is vol: een bereik kan maximaal {MAX_RECIPIENTS} geadresseerden hebben."
            )
        );

        let character = EmailError::InvalidCharacter('(');
        assert_eq!(
            email_error(Locale::EnUs, &character),
            "The character \"(\" is not allowed before the @."
        );
        assert_eq!(
            email_error(Locale::NlNl, &character),
            "Het teken \"(\" is niet toegestaan voor de @."
        );
        let domain = EmailError::InvalidDomain("bad_domain.example".into());
        assert!(email_error(Locale::NlNl, &domain).contains("\"bad_domain.example\" is geen"));
        assert!(
            email_error(Locale::NlNl, &EmailError::TooLong).contains(&MAX_ADDRESS_LEN.to_string())
        );
        assert!(email_error(Locale::EnUs, &EmailError::LocalPartTooLong)
            .contains(&MAX_LOCAL_PART_LEN.to_string()));
        assert_eq!(
            recipient_error(
                Locale::NlNl,
                &RecipientError::Invalid(EmailError::MissingAt)
            ),
            email_error(Locale::NlNl, &EmailError::MissingAt)
        );
    }

    #[test]
    fn every_email_error_has_a_message_in_both_languages() {
        let errors = EmailError::one_of_each();
        for error in &errors {
            let en = email_error(Locale::EnUs, error);
            let nl = email_error(Locale::NlNl, error);
            assert!(!en.starts_with("email-error-"), "{error:?}: {en}");
            assert!(!nl.starts_with("email-error-"), "{error:?}: {nl}");
            assert_ne!(en, nl, "{error:?}");
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
