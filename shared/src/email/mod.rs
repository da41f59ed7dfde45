//! The one email-address validator, used by the browser and the server alike.
//!
//! It accepts the addresses people really type (`first.last+tag@sub.domain.example`,
//! international domains) and refuses everything that could be misread or abused:
//! display-name syntax, quoted local parts, IP literals, whitespace and, above all,
//! any control character, so that no address can ever inject a header line.
//!
//! International domains are stored in one canonical form: lower-case ASCII
//! (Punycode, per UTS #46), so `jan@bücher.example` and `jan@xn--bcher-kva.example`
//! are the same address. Comparison is case-insensitive throughout.

use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[cfg(any(test, feature = "test-support"))]
pub mod cases;
mod idn;

/// The longest address accepted, in characters (RFC 5321's path limit less the brackets).
pub const MAX_ADDRESS_LEN: usize = 254;
/// The longest local part (before the `@`) accepted, in characters.
pub const MAX_LOCAL_PART_LEN: usize = 64;
/// The longest domain accepted once in ASCII form.
pub const MAX_DOMAIN_LEN: usize = 253;

/// Characters allowed in a local part besides ASCII letters and digits
/// (RFC 5322 `atext`, plus the dot between atoms).
const LOCAL_PART_SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~.";

/// Why a string is not an acceptable email address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter an email address.")]
    Empty,
    #[error("An email address can be at most {MAX_ADDRESS_LEN} characters long.")]
    TooLong,
    #[error("The part before the @ can be at most {MAX_LOCAL_PART_LEN} characters long.")]
    LocalPartTooLong,
    #[error("An email address cannot contain control characters such as line breaks or tabs.")]
    ControlCharacter,
    #[error("An email address cannot contain spaces.")]
    Whitespace,
    #[error("Enter only the address itself, without a name or angle brackets.")]
    DisplayName,
    #[error("An email address needs an @ followed by a domain, as in name@domain.example.")]
    MissingAt,
    #[error("An email address can contain only one @.")]
    MultipleAt,
    #[error("Enter the part before the @.")]
    EmptyLocalPart,
    #[error("Enter the domain after the @, as in name@domain.example.")]
    MissingDomain,
    #[error("The domain needs a dot, as in domain.example.")]
    DomainWithoutDot,
    #[error("A dot cannot start or end the address, the name or the domain.")]
    DotAtEdge,
    #[error("An email address cannot contain two dots in a row.")]
    ConsecutiveDots,
    #[error("The character '{0}' is not allowed before the @.")]
    InvalidCharacter(char),
    #[error("'{0}' is not a valid domain.")]
    InvalidDomain(String),
}

impl EmailError {
    /// One error of each kind, for tests that must cover them all.
    #[cfg(test)]
    pub(crate) fn one_of_each() -> [EmailError; 15] {
        [
            EmailError::Empty,
            EmailError::TooLong,
            EmailError::LocalPartTooLong,
            EmailError::ControlCharacter,
            EmailError::Whitespace,
            EmailError::DisplayName,
            EmailError::MissingAt,
            EmailError::MultipleAt,
            EmailError::EmptyLocalPart,
            EmailError::MissingDomain,
            EmailError::DomainWithoutDot,
            EmailError::DotAtEdge,
            EmailError::ConsecutiveDots,
            EmailError::InvalidCharacter(','),
            EmailError::InvalidDomain("x".into()),
        ]
    }

    /// A stable machine-readable code, used by the UI to pick a translated message.
    pub fn code(&self) -> &'static str {
        match self {
            EmailError::Empty => "empty",
            EmailError::TooLong => "too_long",
            EmailError::LocalPartTooLong => "local_part_too_long",
            EmailError::ControlCharacter => "control_character",
            EmailError::Whitespace => "whitespace",
            EmailError::DisplayName => "display_name",
            EmailError::MissingAt => "missing_at",
            EmailError::MultipleAt => "multiple_at",
            EmailError::EmptyLocalPart => "empty_local_part",
            EmailError::MissingDomain => "missing_domain",
            EmailError::DomainWithoutDot => "domain_without_dot",
            EmailError::DotAtEdge => "dot_at_edge",
            EmailError::ConsecutiveDots => "consecutive_dots",
            EmailError::InvalidCharacter(_) => "invalid_character",
            EmailError::InvalidDomain(_) => "invalid_domain",
        }
    }
}

/// `domain` in the ASCII form addresses are stored in (Punycode for an
/// international domain, lower case), or `None` where it is no valid domain
/// name. For searching stored addresses by what a person typed.
pub fn domain_to_ascii(domain: &str) -> Option<String> {
    idn::to_ascii(domain).ok()
}

/// A validated email address in canonical form: the local part as typed, `@`,
/// and the domain in lower-case ASCII. Equality and hashing ignore case.
#[derive(Clone)]
pub struct EmailAddress {
    canonical: String,
    at: usize,
}

impl EmailAddress {
    /// Validates `input` and returns it in canonical form.
    ///
    /// The input is taken as it is: callers that accept typed text trim it first.
    pub fn parse(input: &str) -> Result<EmailAddress, EmailError> {
        EmailAddress::parse_with(input, idn::to_ascii)
    }

    /// Validates an address the server sent, which is canonical already: as
    /// [`EmailAddress::parse`], except that the domain must be in lower-case
    /// ASCII and its Punycode labels are taken as they are. The browser's
    /// UTS #46 may lag the server's by a Unicode version; an address the
    /// server accepted must never make its answer unreadable.
    #[cfg(any(test, target_arch = "wasm32"))]
    fn parse_canonical(input: &str) -> Result<EmailAddress, EmailError> {
        // Lower case here; the label checks refuse anything but ASCII
        // letters, digits and hyphens.
        EmailAddress::parse_with(input, |domain| {
            if domain.bytes().any(|b| b.is_ascii_uppercase()) {
                Err(())
            } else {
                Ok(domain.to_owned())
            }
        })
    }

    fn parse_with(
        input: &str,
        to_ascii: impl FnOnce(&str) -> Result<String, ()>,
    ) -> Result<EmailAddress, EmailError> {
        if input.is_empty() {
            return Err(EmailError::Empty);
        }
        if input.chars().count() > MAX_ADDRESS_LEN {
            return Err(EmailError::TooLong);
        }
        if input.chars().any(char::is_control) {
            return Err(EmailError::ControlCharacter);
        }
        if input.contains(['<', '>']) {
            return Err(EmailError::DisplayName);
        }
        if input.chars().any(char::is_whitespace) {
            return Err(EmailError::Whitespace);
        }
        let mut parts = input.split('@');
        let (local, domain) = match (parts.next(), parts.next(), parts.next()) {
            (Some(local), Some(domain), None) => (local, domain),
            (_, None, _) => return Err(EmailError::MissingAt),
            _ => return Err(EmailError::MultipleAt),
        };

        validate_local_part(local)?;
        let domain = canonical_domain(domain, to_ascii)?;

        let canonical = format!("{local}@{domain}");
        if canonical.len() > MAX_ADDRESS_LEN {
            return Err(EmailError::TooLong);
        }
        Ok(EmailAddress {
            at: local.len(),
            canonical,
        })
    }

    /// Validates text as a person typed it: surrounding spaces are ignored,
    /// but control characters are refused wherever they are (a trailing
    /// CR or LF is not trimmed away: no input with one is ever accepted).
    pub fn parse_typed(input: &str) -> Result<EmailAddress, EmailError> {
        EmailAddress::parse(input.trim_matches(|c: char| c.is_whitespace() && !c.is_control()))
    }

    /// The canonical form: what is stored, compared and put in headers.
    pub fn as_str(&self) -> &str {
        &self.canonical
    }

    /// The part before the `@`, as typed.
    pub fn local_part(&self) -> &str {
        &self.canonical[..self.at]
    }

    /// The domain in lower-case ASCII (Punycode for international domains).
    pub fn domain(&self) -> &str {
        &self.canonical[self.at + 1..]
    }

    /// The address with its domain in Unicode, for showing to people.
    pub fn to_unicode(&self) -> String {
        format!("{}@{}", self.local_part(), idn::to_unicode(self.domain()))
    }

    /// The form used to compare addresses: canonical and lower-case.
    pub fn comparison_key(&self) -> String {
        self.canonical.to_ascii_lowercase()
    }
}

fn validate_local_part(local: &str) -> Result<(), EmailError> {
    if local.is_empty() {
        return Err(EmailError::EmptyLocalPart);
    }
    if local.chars().count() > MAX_LOCAL_PART_LEN {
        return Err(EmailError::LocalPartTooLong);
    }
    check_dots(local)?;
    if let Some(bad) = local
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || LOCAL_PART_SPECIALS.contains(*c)))
    {
        return Err(EmailError::InvalidCharacter(bad));
    }
    Ok(())
}

fn check_dots(text: &str) -> Result<(), EmailError> {
    if text.starts_with('.') || text.ends_with('.') {
        return Err(EmailError::DotAtEdge);
    }
    if text.contains("..") {
        return Err(EmailError::ConsecutiveDots);
    }
    Ok(())
}

/// Turns a typed domain into lower-case ASCII with `to_ascii` (UTS #46), or
/// says why it is not one.
fn canonical_domain(
    domain: &str,
    to_ascii: impl FnOnce(&str) -> Result<String, ()>,
) -> Result<String, EmailError> {
    if domain.is_empty() {
        return Err(EmailError::MissingDomain);
    }
    check_dots(domain)?;
    if !domain.contains('.') {
        return Err(EmailError::DomainWithoutDot);
    }
    let invalid = || EmailError::InvalidDomain(domain.to_owned());
    // UTS #46 with the STD3 rules: maps case and compatibility forms, refuses
    // underscores, brackets (IP literals) and other symbols, checks Punycode.
    let ascii = to_ascii(domain).map_err(|_| invalid())?;
    if ascii.is_empty() || ascii.len() > MAX_DOMAIN_LEN {
        return Err(invalid());
    }
    let labels: Vec<&str> = ascii.split('.').collect();
    if labels.len() < 2 {
        return Err(EmailError::DomainWithoutDot);
    }
    for label in &labels {
        let ok = !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !ok {
            return Err(invalid());
        }
    }
    let top_level = labels[labels.len() - 1];
    if top_level.bytes().all(|b| b.is_ascii_digit()) {
        // `1.2.3.4` is an IP address written without brackets, not a domain.
        return Err(invalid());
    }
    Ok(ascii)
}

impl PartialEq for EmailAddress {
    fn eq(&self, other: &Self) -> bool {
        self.canonical.eq_ignore_ascii_case(&other.canonical)
    }
}

impl Eq for EmailAddress {}

impl Hash for EmailAddress {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for byte in self.canonical.bytes() {
            state.write_u8(byte.to_ascii_lowercase());
        }
    }
}

impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EmailAddress({:?})", self.canonical)
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

impl std::str::FromStr for EmailAddress {
    type Err = EmailError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EmailAddress::parse(s)
    }
}

impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.canonical
    }
}

impl Serialize for EmailAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.canonical)
    }
}

/// The server validates what it is sent in full; the browser reads what the
/// server sent, which is canonical (see `EmailAddress::parse_canonical`).
impl<'de> Deserialize<'de> for EmailAddress {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        #[cfg(not(target_arch = "wasm32"))]
        let address = EmailAddress::parse(&text);
        #[cfg(target_arch = "wasm32")]
        let address = EmailAddress::parse_canonical(&text);
        address.map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for EmailAddress {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Email,
            )))
            .max_length(Some(MAX_ADDRESS_LEN))
            .description(Some(
                "An email address in canonical form: the domain in lower-case ASCII.",
            ))
            .examples(["finance@tulipworks.example"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for EmailAddress {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_the_table() {
        let failures = cases::failures();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn equality_ignores_case_and_domain_spelling() {
        let a = EmailAddress::parse("Finance@TulipWorks.example").unwrap();
        let b = EmailAddress::parse("finance@tulipworks.EXAMPLE").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.comparison_key(), b.comparison_key());
        let idn = EmailAddress::parse("jan@bücher.example").unwrap();
        let ascii = EmailAddress::parse("JAN@xn--bcher-kva.example").unwrap();
        assert_eq!(idn, ascii);
        let mut set = std::collections::HashSet::new();
        set.insert(a);
        assert!(!set.insert(b), "equal addresses hash alike");
    }

    #[test]
    fn keeps_the_local_part_as_typed_and_shows_unicode() {
        let address = EmailAddress::parse("Jan.Smit@Bücher.example").unwrap();
        assert_eq!(address.local_part(), "Jan.Smit");
        assert_eq!(address.domain(), "xn--bcher-kva.example");
        assert_eq!(address.to_unicode(), "Jan.Smit@bücher.example");
    }

    /// Regression (found by tests/properties.rs): the server trimmed typed
    /// addresses with `str::trim`, which also strips CR and LF, so a profile
    /// update with `"jan@x.example\r\n"` was accepted.
    #[test]
    fn parse_typed_trims_spaces_but_never_control_characters() {
        let spaced = EmailAddress::parse_typed("  jan@tulipworks.example\u{a0}").unwrap();
        assert_eq!(spaced.as_str(), "jan@tulipworks.example");
        for typed in [
            "jan@tulipworks.example\r\n",
            "\njan@tulipworks.example",
            "jan@tulipworks.example \0",
        ] {
            assert_eq!(
                EmailAddress::parse_typed(typed).unwrap_err(),
                EmailError::ControlCharacter,
                "{typed:?}"
            );
        }
    }

    #[test]
    fn serde_round_trips_and_refuses_invalid() {
        let address = EmailAddress::parse("jan@bücher.example").unwrap();
        let json = serde_json::to_string(&address).unwrap();
        assert_eq!(json, "\"jan@xn--bcher-kva.example\"");
        let back: EmailAddress = serde_json::from_str(&json).unwrap();
        assert_eq!(back, address);
        assert!(
            serde_json::from_str::<EmailAddress>("\"jan@x.example\\r\\nBcc: a@b.example\"")
                .is_err()
        );
    }

    /// What the browser reads from the server: every rule but UTS #46,
    /// which the server applied; anything not canonical is refused.
    #[test]
    fn parse_canonical_takes_the_servers_punycode_as_it_is() {
        for canonical in [
            "jan@tulipworks.example",
            "Jan.Smit@xn--bcher-kva.example",
            "ops@xn--r8jz45g.xn--zckzah.example",
        ] {
            let address = EmailAddress::parse_canonical(canonical).unwrap();
            assert_eq!(address, EmailAddress::parse(canonical).unwrap());
        }
        // Punycode the host's `idna` refuses is not looked into.
        assert!(EmailAddress::parse("jan@xn--zz.example").is_err());
        assert!(EmailAddress::parse_canonical("jan@xn--zz.example").is_ok());
        for not_canonical in [
            "jan@bücher.example",
            "jan@TulipWorks.example",
            "jan@tulip_works.example",
            "jan@tulipworks.example\r\nBcc: a@b.example",
            "Jan <jan@tulipworks.example>",
            "jan@-tulipworks.example",
            "jan@localhost",
        ] {
            assert!(
                EmailAddress::parse_canonical(not_canonical).is_err(),
                "{not_canonical:?}"
            );
        }
    }

    #[test]
    fn every_error_has_a_code_and_a_sentence() {
        let errors = EmailError::one_of_each();
        let codes: std::collections::HashSet<_> = errors.iter().map(EmailError::code).collect();
        assert_eq!(codes.len(), errors.len(), "codes are distinct");
        for error in errors {
            let sentence = error.to_string();
            assert!(sentence.ends_with('.'), "{sentence}");
        }
    }
}
