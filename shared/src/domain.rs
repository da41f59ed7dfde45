//! Domain types: who signs in, what they are billed for, and the email-invoice
//! state of a billing scope.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::eligibility::Eligibility;
use crate::email::EmailAddress;

/// Stable identifier of a seeded persona, such as `account-admin`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct PersonaId(pub String);

/// Stable identifier of a billing scope (a subscription, support plan,
/// reservation or Marketplace purchase), such as `sub-production`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct ScopeId(pub String);

impl std::fmt::Display for PersonaId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for ScopeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The role a persona holds on a billing scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    AccountAdministrator,
    CoAdministrator,
    BillingReader,
}

impl Role {
    pub const ALL: [Role; 3] = [
        Role::AccountAdministrator,
        Role::CoAdministrator,
        Role::BillingReader,
    ];

    /// The role in words, as the portal names it (English).
    pub fn label(self) -> &'static str {
        match self {
            Role::AccountAdministrator => "Account Administrator",
            Role::CoAdministrator => "Co-administrator",
            Role::BillingReader => "Billing reader",
        }
    }
}

/// What kind of purchase a billing scope is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    Subscription,
    SupportPlan,
    Reservation,
    MarketplacePurchase,
}

impl ScopeKind {
    pub const ALL: [ScopeKind; 4] = [
        ScopeKind::Subscription,
        ScopeKind::SupportPlan,
        ScopeKind::Reservation,
        ScopeKind::MarketplacePurchase,
    ];
}

/// Which Azure cloud a scope lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cloud {
    Public,
    Government,
}

impl Cloud {
    pub const ALL: [Cloud; 2] = [Cloud::Public, Cloud::Government];
}

/// A UI and email language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Locale {
    #[default]
    #[serde(rename = "en-US")]
    EnUs,
    #[serde(rename = "nl-NL")]
    NlNl,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::EnUs, Locale::NlNl];

    /// The BCP 47 tag, as used in URLs (`?lang=nl-NL`) and the API.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::EnUs => "en-US",
            Locale::NlNl => "nl-NL",
        }
    }

    /// The language's own name for itself, as language pickers show it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::EnUs => "English (United States)",
            Locale::NlNl => "Nederlands (Nederland)",
        }
    }

    /// Parses a BCP 47 tag; matching is case-insensitive (`nl-nl` is `nl-NL`).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL
            .into_iter()
            .find(|locale| locale.tag().eq_ignore_ascii_case(tag))
    }

    /// The first of a browser's preferred languages (`navigator.languages`,
    /// most preferred first) that this app speaks, matched by language and
    /// not region: `nl-BE` and `nl` are Dutch, `en-GB` is English.
    pub fn from_preferred<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Locale> {
        tags.into_iter().find_map(|tag| {
            let language = tag.split(['-', '_']).next()?;
            Locale::ALL
                .into_iter()
                .find(|locale| locale.speaks(language))
        })
    }

    /// The language subtag (`en`, `nl`).
    fn language(self) -> &'static str {
        match self {
            Locale::EnUs => "en",
            Locale::NlNl => "nl",
        }
    }

    /// Whether `language` (a primary language subtag) is this locale's.
    fn speaks(self, language: &str) -> bool {
        self.language().eq_ignore_ascii_case(language)
    }

    /// The locale an `Accept-Language` header value asks for (RFC 9110
    /// §12.5.4): the one with the highest weight, ties going to the range
    /// listed first. Ranges are matched case-insensitively and by language
    /// when the region differs (`nl`, `nl-BE` → `nl-NL`; `en-GB` → `en-US`);
    /// for each locale its most specific range counts (its own tag, then its
    /// language alone, then another region, then `*`), so `en;q=0, *` means
    /// Dutch. `q=0` refuses; an element that does not parse is skipped; with
    /// nothing usable the answer is the default, en-US. Never panics.
    pub fn from_accept_language(header: &str) -> Locale {
        // Per locale: (specificity, weight in thousandths, position in the header).
        let mut best: [Option<(u8, u16, usize)>; 2] = [None; 2];
        for (position, element) in header.split(',').enumerate() {
            let Some((range, weight)) = parse_language_range(element) else {
                continue;
            };
            for (slot, locale) in best.iter_mut().zip(Locale::ALL) {
                let specificity = if range == "*" {
                    1
                } else if range.eq_ignore_ascii_case(locale.tag()) {
                    4
                } else {
                    let language = range.split('-').next().unwrap_or(range);
                    match (locale.speaks(language), language.len() == range.len()) {
                        (false, _) => continue,
                        (true, true) => 3,
                        (true, false) => 2,
                    }
                };
                // The most specific range decides; among equals, the heaviest.
                let candidate = (specificity, weight, position);
                let better = match *slot {
                    None => true,
                    Some((s, w, _)) => (specificity, weight) > (s, w),
                };
                if better {
                    *slot = Some(candidate);
                }
            }
        }
        Locale::ALL
            .into_iter()
            .zip(best)
            .filter_map(|(locale, best)| {
                best.map(|(_, weight, position)| (locale, weight, position))
            })
            .filter(|&(_, weight, _)| weight > 0)
            // Heaviest first, then the range listed first, then Locale::ALL's order.
            .min_by_key(|&(locale, weight, position)| {
                (std::cmp::Reverse(weight), position, locale as usize)
            })
            .map_or(Locale::default(), |(locale, _, _)| locale)
    }
}

/// One element of an `Accept-Language` list: `language-range [ weight ]`,
/// the range (`*`, or RFC 4647 `1*8ALPHA *("-" 1*8alphanum)`) and its weight
/// in thousandths (1000 when none is given); `None` if it does not parse.
fn parse_language_range(element: &str) -> Option<(&str, u16)> {
    let mut parts = element.split(';');
    let range = parts.next()?.trim_matches([' ', '\t']);
    let valid_range = range == "*"
        || range.split('-').enumerate().all(|(i, subtag)| {
            (1..=8).contains(&subtag.len())
                && subtag.bytes().all(|b| {
                    if i == 0 {
                        b.is_ascii_alphabetic()
                    } else {
                        b.is_ascii_alphanumeric()
                    }
                })
        });
    if !valid_range {
        return None;
    }
    let mut weight = 1000;
    for parameter in parts {
        let (name, value) = parameter.split_once('=')?;
        if !name.trim_matches([' ', '\t']).eq_ignore_ascii_case("q") {
            return None;
        }
        weight = parse_qvalue(value.trim_matches([' ', '\t']))?;
    }
    Some((range, weight))
}

/// RFC 9110's `qvalue` (`0`, `0.5`, `1.000`, at most three decimals) in thousandths.
fn parse_qvalue(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |n, digit| n * 10 + u16::from(digit - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The app's colour theme, as in `?theme=dark`; the browser tests and the
/// screenshot set name it the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 2] = [Theme::Light, Theme::Dark];

    /// The name in URLs and file names.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// Parses a name; matching is case-insensitive.
    pub fn from_name(name: &str) -> Option<Theme> {
        Theme::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name))
    }
}

/// A person a tester can sign in as. All addresses use `.example` domains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Persona {
    pub id: PersonaId,
    pub display_name: String,
    pub email: EmailAddress,
    /// The role this persona holds on every scope it can see.
    pub role: Role,
}

/// A billing scope as the signed-in persona sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingScope {
    pub id: ScopeId,
    pub display_name: String,
    pub kind: ScopeKind,
    pub cloud: Cloud,
    /// The subscription or order GUID shown under the name.
    pub external_id: String,
}

/// A billing scope together with what the signed-in persona may do on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScopeSummary {
    pub scope: BillingScope,
    pub role: Role,
    pub eligibility: Eligibility,
    pub opted_in: bool,
}

/// An amount of money in minor units (cents), with its ISO 4217 currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    pub minor_units: i64,
    pub currency: String,
}

/// Where an invoice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Paid,
    Due,
    PastDue,
}

/// One invoice of a billing scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invoice {
    /// The invoice number, such as `E0A1B2C3D4`.
    pub id: String,
    pub scope_id: ScopeId,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub invoice_date: NaiveDate,
    pub due_date: NaiveDate,
    pub amount: Money,
    pub status: InvoiceStatus,
}

/// The terms of the email-invoice programme in one language. The text is
/// sample text written for this project, and says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermsDocument {
    pub version: String,
    pub locale: Locale,
    pub title: String,
    pub paragraphs: Vec<String>,
}

/// Who accepted which terms version, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TermsAcceptance {
    pub version: String,
    pub accepted_by: PersonaId,
    /// The persona's display name, as the portal shows who accepted.
    pub accepted_by_name: String,
    pub accepted_at: DateTime<Utc>,
}

/// The email-invoice state of one billing scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailInvoiceStatus {
    pub scope_id: ScopeId,
    /// Whether the signed-in persona may opt this scope in, and why not.
    pub eligibility: Eligibility,
    pub opted_in: bool,
    /// The preferred communication email of the scope's Account
    /// Administrator: the invoice always goes there.
    pub preferred_email: EmailAddress,
    /// Additional recipients; empty unless opted in.
    pub recipients: Vec<EmailAddress>,
    /// Names this version of `recipients`: send it back with the new list
    /// so that a change made meanwhile is not overwritten.
    pub recipients_revision: String,
    /// Present while opted in.
    pub accepted_terms: Option<TermsAcceptance>,
    /// The most recipients a scope may have.
    pub max_recipients: u32,
}

/// The signed-in persona's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub persona_id: PersonaId,
    pub display_name: String,
    /// Where invoices of the scopes this persona administers are sent.
    pub preferred_email: EmailAddress,
    /// The language of the emails this persona receives.
    pub locale: Locale,
    /// Names this version of the profile ([`Profile::revision_of`]): sent
    /// back as `expected_revision`, a save is refused when the profile has
    /// changed since (another tab, a script).
    pub revision: String,
}

impl Profile {
    /// The revision of a profile with this preferred email (as spelled: a
    /// change of case is a change) and language.
    pub fn revision_of(preferred_email: &EmailAddress, locale: Locale) -> String {
        revision_of_parts([preferred_email.as_str(), locale.tag()])
    }
}

/// A short name for one version of some state (a profile, a recipient
/// list): an FNV-1a hash of its parts in order, each ended by a line break,
/// as 16 hex digits. Equal parts have equal names.
pub fn revision_of_parts<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([b'\n']) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_language_is_matched_by_language_not_region() {
        let pick = |tags: &[&str]| Locale::from_preferred(tags.iter().copied());
        assert_eq!(pick(&["nl-BE", "en-US"]), Some(Locale::NlNl));
        assert_eq!(pick(&["NL"]), Some(Locale::NlNl));
        assert_eq!(pick(&["fr-FR", "en-GB", "nl"]), Some(Locale::EnUs));
        assert_eq!(pick(&["fr-FR", "de"]), None);
        assert_eq!(pick(&[]), None);
        assert_eq!(pick(&[""]), None);
    }

    #[test]
    fn accept_language_picks_by_weight_then_order() {
        let pick = Locale::from_accept_language;
        assert_eq!(pick("nl-NL"), Locale::NlNl);
        assert_eq!(pick("NL-nl"), Locale::NlNl);
        assert_eq!(pick("nl"), Locale::NlNl);
        assert_eq!(pick("nl-BE"), Locale::NlNl);
        assert_eq!(pick("en-GB"), Locale::EnUs);
        assert_eq!(pick("fr, nl;q=0.8"), Locale::NlNl);
        assert_eq!(
            pick("fr-CH, fr;q=0.9, en;q=0.8, nl;q=0.7, *;q=0.5"),
            Locale::EnUs
        );
        assert_eq!(pick("en;q=0.5, nl;q=0.9"), Locale::NlNl);
        assert_eq!(pick("en;Q=0.5 , nl ; q=0.9"), Locale::NlNl);
        // Ties go to the range listed first.
        assert_eq!(pick("nl;q=0.8, en;q=0.8"), Locale::NlNl);
        assert_eq!(pick("en, nl"), Locale::EnUs);
        assert_eq!(pick("nl-BE, en-US"), Locale::NlNl);
        // q=0 refuses, also through `*`.
        assert_eq!(pick("nl;q=0"), Locale::EnUs);
        assert_eq!(pick("en;q=0, *"), Locale::NlNl);
        assert_eq!(pick("en-US;q=0.000, nl;q=0.1"), Locale::NlNl);
        assert_eq!(pick("*"), Locale::EnUs);
        assert_eq!(pick("fr, *;q=0.1"), Locale::EnUs);
        assert_eq!(pick("*;q=0"), Locale::EnUs);
        // The most specific range decides: Dutch is refused, not nl-BE alone.
        assert_eq!(pick("nl;q=0, nl-BE;q=1, en;q=0.1"), Locale::EnUs);
        assert_eq!(pick("nl-BE;q=0, nl;q=0.9, en;q=0.1"), Locale::NlNl);
        assert_eq!(pick("nl-NL;q=0.9, nl;q=0, en;q=0.5"), Locale::NlNl);
        // Nothing usable.
        assert_eq!(pick(""), Locale::EnUs);
        assert_eq!(pick("fr-FR, de"), Locale::EnUs);
        assert_eq!(pick(" , ,"), Locale::EnUs);
    }

    #[test]
    fn accept_language_skips_what_does_not_parse() {
        let pick = Locale::from_accept_language;
        // A bad element is skipped, the rest still count.
        assert_eq!(pick("nl;q=2, en;q=0.1"), Locale::EnUs);
        assert_eq!(pick("nl;q=0.5x, en;q=0.1"), Locale::EnUs);
        assert_eq!(pick("nl;q=0.1234, en;q=0.1"), Locale::EnUs);
        assert_eq!(pick("nl;q=1.001, en;q=0.1"), Locale::EnUs);
        assert_eq!(pick("nl;q=, en;q=0.1"), Locale::EnUs);
        assert_eq!(pick("nl;level=1, en;q=0.1"), Locale::EnUs);
        assert_eq!(pick("nl_NL, en;q=0.1"), Locale::EnUs);
        assert_eq!(pick("nl-, en;q=0.1"), Locale::EnUs);
        assert_eq!(pick("nederlands, en;q=0.1"), Locale::EnUs);
        assert_eq!(pick("1nl, en;q=0.1"), Locale::EnUs);
        assert_eq!(pick("fr;q=0.9, nl;q=1.0"), Locale::NlNl);
        assert_eq!(pick("fr;q=0.9, nl;q=.5"), Locale::EnUs);
        assert_eq!(pick("nl-Latn-NL-x-private"), Locale::NlNl);
    }

    #[test]
    fn accept_language_survives_garbage() {
        let long = "nl;q=0.5, ".repeat(10_000) + "en;q=0.9";
        assert_eq!(Locale::from_accept_language(&long), Locale::EnUs);
        let deep = "-".repeat(100_000);
        assert_eq!(Locale::from_accept_language(&deep), Locale::EnUs);
        let odd = [
            ";;;,,,===",
            "q=1",
            ";q=1",
            "nl;;q=1",
            "nl;q=1;q=0",
            "nl;q=0;q=1",
            "nl;q=\u{0}",
            "nl;q=0.\u{e9}",
            "\u{1F600};q=1",
            "nl\u{301};q=1",
            "é-NL, \u{0}, \r\n",
            "nl;q=-0",
            "nl;q=+1",
            "*;q=0.5;q=0.4",
            "\u{FFFD}\u{FFFD}, nl;q=0.\u{663}",
        ];
        for header in odd {
            // Any answer will do, as long as there is one.
            let _ = Locale::from_accept_language(header);
        }
        // All 256 byte values, as a server reads a header it cannot decode.
        let bytes: Vec<u8> = (0..=255).cycle().take(4096).collect();
        let text = String::from_utf8_lossy(&bytes);
        assert_eq!(Locale::from_accept_language(&text), Locale::EnUs);
        for split in [",", ";", "=", "-", "."] {
            let _ = Locale::from_accept_language(&text.replace('a', split));
        }
    }

    #[test]
    fn locale_tags_round_trip_case_insensitively() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
            assert_eq!(
                Locale::from_tag(&locale.tag().to_ascii_lowercase()),
                Some(locale)
            );
        }
        assert_eq!(Locale::from_tag("de-DE"), None);
    }

    #[test]
    fn theme_names_round_trip_case_insensitively() {
        for theme in Theme::ALL {
            assert_eq!(Theme::from_name(theme.name()), Some(theme));
            assert_eq!(
                Theme::from_name(&theme.name().to_ascii_uppercase()),
                Some(theme)
            );
        }
        assert_eq!(Theme::from_name("sepia"), None);
    }

    #[test]
    fn enums_serialize_as_the_api_documents_them() {
        assert_eq!(
            serde_json::to_string(&Role::AccountAdministrator).unwrap(),
            "\"account_administrator\""
        );
        assert_eq!(
            serde_json::to_string(&ScopeKind::MarketplacePurchase).unwrap(),
            "\"marketplace_purchase\""
        );
        assert_eq!(serde_json::to_string(&Locale::NlNl).unwrap(), "\"nl-NL\"");
    }
}
