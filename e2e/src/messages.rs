//! The app's own wording, read from `locales/<tag>/portal.ftl`, so the tests
//! look for the labels a person sees in that language. Only single-line
//! messages are read; `{ $name }` placeables are filled by [`Messages::fill`].

use std::collections::HashMap;

use anyhow::{Context, Result};

use crate::harness::workspace_root;
use crate::steps::Lang;

pub struct Messages {
    lang: Lang,
    map: HashMap<String, String>,
}

impl Messages {
    pub fn load(lang: Lang) -> Result<Self> {
        let path = workspace_root()
            .join("locales")
            .join(lang.tag())
            .join("portal.ftl");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        Ok(Self {
            lang,
            map: parse(&text),
        })
    }

    /// The message `key`; panics naming the file when it is missing, which
    /// is a bug in the test, not in the page.
    pub fn get(&self, key: &str) -> String {
        self.map.get(key).cloned().unwrap_or_else(|| {
            panic!(
                "locales/{}/portal.ftl has no single-line message {key}",
                self.lang.tag()
            )
        })
    }

    /// The message `key` with `{ $name }` replaced by each value.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.get(key);
        for (name, value) in args {
            text = text.replace(&format!("{{ ${name} }}"), value);
        }
        text
    }
}

fn parse(text: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for line in text.lines() {
        if line.starts_with([' ', '#', '\t']) {
            continue;
        }
        let Some((key, value)) = line.split_once(" = ") else {
            continue;
        };
        let value = value.trim();
        // A message continued on the next lines (selectors) is not single-line.
        if value.is_empty() || value.ends_with("->") {
            continue;
        }
        map.insert(key.trim().to_owned(), value.to_owned());
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_single_line_messages() {
        let map = parse("# c\nretry = Retry\nplural = { $n ->\n  [one] x\n *[other] y\n}\nwith = To { $email }.\n");
        assert_eq!(map["retry"], "Retry");
        assert!(!map.contains_key("plural"));
        assert_eq!(map["with"], "To { $email }.");
    }

    #[test]
    fn both_languages_have_the_labels_the_tests_use() {
        for lang in Lang::ALL {
            let m = Messages::load(lang).unwrap();
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
