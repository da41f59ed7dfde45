//! The app's own wording in the active language, formatted by the same
//! Fluent bundles the app and the emails use (`shared::i18n`, compiled from
//! `locales/<tag>/portal.ftl`), so the tests look for exactly the labels a
//! person sees.

use shared::i18n::{self, Value};
use shared::Locale;

pub struct Messages {
    locale: Locale,
}

impl Messages {
    pub fn new(locale: Locale) -> Self {
        Self { locale }
    }

    /// The message `key`; panics naming the file when it is missing, which
    /// is a bug in the test, not in the page.
    pub fn get(&self, key: &str) -> String {
        self.fill(key, &[])
    }

    /// The message `key` with its `{ $name }` arguments; a value that is a
    /// whole number is passed as a number, as the app passes counts.
    pub fn fill(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        let args: Vec<(&'static str, Value<'_>)> = args
            .iter()
            .map(|&(name, value)| match value.parse::<i64>() {
                Ok(number) => (name, Value::from(number)),
                Err(_) => (name, Value::from(value)),
            })
            .collect();
        i18n::message_args(self.locale, key, &args).unwrap_or_else(|| {
            panic!(
                "locales/{}/portal.ftl has no message {key}",
                self.locale.tag()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_arguments_and_names_a_missing_message() {
        let en = Messages::new(Locale::EnUs);
        assert_eq!(en.get("retry"), "Retry");
        assert!(en.fill("recipient-limit", &[("max", "20")]).contains("20"));
        let missing = std::panic::catch_unwind(|| en.get("no-such-message"))
            .expect_err("a missing message is a test bug");
        let shown = missing
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        assert!(shown.contains("locales/en-US/portal.ftl"), "{shown}");
    }

    #[test]
    fn both_languages_have_the_labels_the_tests_use() {
        for locale in Locale::ALL {
            let m = Messages::new(locale);
            for key in [
                "retry",
                "terms-agree",
                "opt-in",
                "recipient-input-label",
                "search-label",
            ] {
                assert!(!m.get(key).is_empty());
            }
        }
    }
}
