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
            Locale::ALL.into_iter().find(|locale| {
                locale
                    .tag()
                    .split('-')
                    .next()
                    .is_some_and(|ours| ours.eq_ignore_ascii_case(language))
            })
        })
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
