//! The fixed world every sandbox starts from: personas, their billing scopes,
//! and invoices derived deterministically from the clock.
//!
//! Personas and scopes never change, so they live here, not in the database.
//! Invoices are written to the database when a sandbox is created, because
//! later actions (a billing cycle) add to them.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use shared::{
    BillingScope, Cloud, EmailAddress, Invoice, InvoiceStatus, Money, Persona, PersonaId, Role,
    ScopeId, ScopeKind,
};

/// How many monthly invoices each scope starts with.
pub const SEEDED_MONTHS: u32 = 6;
/// Invoices are dated on this day of the month after the billing period.
const INVOICE_DAY: u32 = 9;
/// Days between the invoice date and the due date.
const PAYMENT_TERM_DAYS: u64 = 30;
/// The VAT rate on every invoice, in percent.
pub const VAT_PERCENT: i64 = 21;

/// The VAT on a net amount (minor units): [`VAT_PERCENT`] of it, rounded half
/// up to the cent.
pub fn vat_on(net_minor_units: i64) -> i64 {
    (net_minor_units * VAT_PERCENT + 50).div_euclid(100)
}

/// The net amount of a total that includes VAT: the one `net` with
/// `net + vat_on(net) == total` whenever such a net exists (always, for the
/// totals [`invoice_for`] makes). `vat_on` is off from 21% by at most half a
/// cent, so the nearest cent to `total / 1.21` is that net.
pub fn net_of(total_minor_units: i64) -> i64 {
    let scale = 100 + VAT_PERCENT;
    (total_minor_units * 200 + scale).div_euclid(2 * scale)
}

struct PersonaSeed {
    id: &'static str,
    display_name: &'static str,
    email: &'static str,
    role: Role,
    scopes: &'static [&'static str],
}

struct ScopeSeed {
    id: &'static str,
    display_name: &'static str,
    kind: ScopeKind,
    cloud: Cloud,
    /// The persona who is Account Administrator of this scope.
    account_admin: &'static str,
    /// A typical monthly amount in cents; invoices vary around it.
    typical_minor_units: i64,
}

const PERSONAS: &[PersonaSeed] = &[
    PersonaSeed {
        id: "account-admin",
        display_name: "Noor Jansen",
        email: "noor.jansen@tulipworks.example",
        role: Role::AccountAdministrator,
        scopes: &[
            "sub-production",
            "sub-development",
            "support-standard",
            "reservation-vm",
            "marketplace-backup",
        ],
    },
    PersonaSeed {
        id: "co-admin",
        display_name: "Sam Okafor",
        email: "sam.okafor@tulipworks.example",
        role: Role::CoAdministrator,
        scopes: &["sub-production", "sub-development"],
    },
    PersonaSeed {
        id: "billing-reader",
        display_name: "Lena Visser",
        email: "lena.visser@tulipworks.example",
        role: Role::BillingReader,
        scopes: &["sub-production", "support-standard"],
    },
    PersonaSeed {
        id: "government-admin",
        display_name: "Ravi Menon",
        email: "ravi.menon@agency.example",
        role: Role::AccountAdministrator,
        scopes: &["sub-government"],
    },
];

const SCOPES: &[ScopeSeed] = &[
    ScopeSeed {
        id: "sub-production",
        display_name: "Tulipworks Production",
        kind: ScopeKind::Subscription,
        cloud: Cloud::Public,
        account_admin: "account-admin",
        typical_minor_units: 184_250,
    },
    ScopeSeed {
        id: "sub-development",
        display_name: "Tulipworks Development",
        kind: ScopeKind::Subscription,
        cloud: Cloud::Public,
        account_admin: "account-admin",
        typical_minor_units: 23_790,
    },
    ScopeSeed {
        id: "support-standard",
        display_name: "Standard support plan",
        kind: ScopeKind::SupportPlan,
        cloud: Cloud::Public,
        account_admin: "account-admin",
        typical_minor_units: 10_000,
    },
    ScopeSeed {
        id: "reservation-vm",
        display_name: "Reserved VM instances, 1 year",
        kind: ScopeKind::Reservation,
        cloud: Cloud::Public,
        account_admin: "account-admin",
        typical_minor_units: 61_320,
    },
    ScopeSeed {
        id: "marketplace-backup",
        display_name: "Marketplace: Backup appliance",
        kind: ScopeKind::MarketplacePurchase,
        cloud: Cloud::Public,
        account_admin: "account-admin",
        typical_minor_units: 4_900,
    },
    ScopeSeed {
        id: "sub-government",
        display_name: "Agency Government Workloads",
        kind: ScopeKind::Subscription,
        cloud: Cloud::Government,
        account_admin: "government-admin",
        typical_minor_units: 97_410,
    },
];

fn persona_seed(id: &str) -> Option<&'static PersonaSeed> {
    PERSONAS.iter().find(|p| p.id == id)
}

fn scope_seed(id: &str) -> Option<&'static ScopeSeed> {
    SCOPES.iter().find(|s| s.id == id)
}

/// The personas and scopes as the API shows them, built once: every request
/// looks them up, and a scope's GUID is a hash.
static BUILT_PERSONAS: LazyLock<Vec<Persona>> =
    LazyLock::new(|| PERSONAS.iter().map(to_persona).collect());
static BUILT_SCOPES: LazyLock<Vec<BillingScope>> =
    LazyLock::new(|| SCOPES.iter().map(to_scope).collect());

fn built_scope(id: &str) -> Option<BillingScope> {
    BUILT_SCOPES.iter().find(|s| s.id.0 == id).cloned()
}

fn to_persona(seed: &PersonaSeed) -> Persona {
    Persona {
        id: PersonaId(seed.id.to_owned()),
        display_name: seed.display_name.to_owned(),
        email: EmailAddress::parse(seed.email).expect("seeded addresses are valid"),
        role: seed.role,
    }
}

fn to_scope(seed: &ScopeSeed) -> BillingScope {
    BillingScope {
        id: ScopeId(seed.id.to_owned()),
        display_name: seed.display_name.to_owned(),
        kind: seed.kind,
        cloud: seed.cloud,
        external_id: guid_for(seed.id),
    }
}

/// Every persona, in the order the account picker lists them.
pub fn personas() -> Vec<Persona> {
    BUILT_PERSONAS.clone()
}

pub fn persona(id: &str) -> Option<Persona> {
    BUILT_PERSONAS.iter().find(|p| p.id.0 == id).cloned()
}

/// The scopes a persona can see, in seed order.
pub fn scopes_of(persona: &PersonaId) -> Vec<BillingScope> {
    persona_seed(&persona.0)
        .map(|p| p.scopes.iter().filter_map(|id| built_scope(id)).collect())
        .unwrap_or_default()
}

/// The scope with this id, if the persona can see it.
pub fn visible_scope(persona: &PersonaId, scope: &str) -> Option<BillingScope> {
    let seed = persona_seed(&persona.0)?;
    seed.scopes.contains(&scope).then(|| built_scope(scope))?
}

/// Every scope in the seed.
pub fn all_scopes() -> Vec<BillingScope> {
    BUILT_SCOPES.clone()
}

/// The Account Administrator of a scope: the invoice goes to their preferred email.
pub fn account_admin_of(scope: &ScopeId) -> PersonaId {
    let seed = scope_seed(&scope.0).expect("scope ids come from the seed");
    PersonaId(seed.account_admin.to_owned())
}

/// A stable GUID-shaped identifier derived from a name.
fn guid_for(name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The invoice of `scope` for the calendar month starting `period_start`,
/// derived only from its inputs so that every run yields the same invoice.
pub fn invoice_for(scope: &ScopeId, period_start: NaiveDate, today: NaiveDate) -> Invoice {
    let seed = scope_seed(&scope.0).expect("scope ids come from the seed");
    let period_end = period_start + Months::new(1) - Days::new(1);
    let invoice_date = (period_start + Months::new(1))
        .with_day(INVOICE_DAY)
        .expect("every month has a 9th");
    let due_date = invoice_date + Days::new(PAYMENT_TERM_DAYS);

    let digest = Sha256::digest(format!("{}/{period_start}", scope.0).as_bytes());
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let number: String = digest[..8]
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    // Between 85% and 115% of the typical amount, VAT included; the net is
    // whole cents and the VAT is computed from it, so the total is the net
    // plus its VAT exactly.
    let spread = i64::from(u16::from_be_bytes([digest[8], digest[9]]) % 3001) - 1500;
    let net = net_of(seed.typical_minor_units + seed.typical_minor_units * spread / 10_000);
    let minor_units = net + vat_on(net);

    let status = if due_date < today {
        InvoiceStatus::Paid
    } else {
        InvoiceStatus::Due
    };
    Invoice {
        id: format!("E0{number}"),
        scope_id: scope.clone(),
        period_start,
        period_end,
        invoice_date,
        due_date,
        amount: Money {
            minor_units,
            currency: "EUR".to_owned(),
        },
        status,
    }
}

/// When an invoice is issued: its invoice date, at the clock's time of day (so
/// a frozen clock gives the same instant every run). The email that carries
/// the invoice is dated with it, never before the invoice itself.
pub fn issued_at(invoice: &Invoice, now: DateTime<Utc>) -> DateTime<Utc> {
    invoice.invoice_date.and_time(now.time()).and_utc()
}

/// The invoices a new sandbox starts with: for every scope, one per month for
/// the last [`SEEDED_MONTHS`] months whose invoice date has passed.
pub fn seeded_invoices(now: DateTime<Utc>) -> Vec<Invoice> {
    let today = now.date_naive();
    let this_month = today.with_day(1).expect("day 1 exists");
    // The latest period already invoiced: last month once the invoice day has
    // come, else the month before.
    let back = if today.day() >= INVOICE_DAY { 1 } else { 2 };
    let latest = this_month - Months::new(back);
    let mut invoices = Vec::new();
    for scope in SCOPES {
        let id = ScopeId(scope.id.to_owned());
        for months_back in 0..SEEDED_MONTHS {
            let start = latest - Months::new(months_back);
            invoices.push(invoice_for(&id, start, today));
        }
    }
    invoices
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    #[test]
    fn the_seed_is_consistent() {
        for persona in PERSONAS {
            EmailAddress::parse(persona.email).unwrap();
            assert!(persona.email.ends_with(".example"));
            for scope in persona.scopes {
                assert!(
                    scope_seed(scope).is_some(),
                    "{} sees unknown {scope}",
                    persona.id
                );
            }
        }
        for scope in SCOPES {
            let admin = persona_seed(scope.account_admin).expect("admin exists");
            assert_eq!(admin.role, Role::AccountAdministrator);
            assert!(admin.scopes.contains(&scope.id));
        }
    }

    #[test]
    fn the_seed_has_the_personas_the_spec_asks_for() {
        let roles: Vec<Role> = PERSONAS.iter().map(|p| p.role).collect();
        assert!(roles.contains(&Role::CoAdministrator));
        assert!(roles.contains(&Role::BillingReader));
        let admin = persona_seed("account-admin").unwrap();
        let kinds: Vec<ScopeKind> = admin
            .scopes
            .iter()
            .map(|s| scope_seed(s).unwrap().kind)
            .collect();
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == ScopeKind::Subscription)
                .count(),
            2
        );
        for kind in [
            ScopeKind::SupportPlan,
            ScopeKind::Reservation,
            ScopeKind::MarketplacePurchase,
        ] {
            assert!(kinds.contains(&kind));
        }
        assert!(SCOPES.iter().any(|s| s.cloud == Cloud::Government));
    }

    #[test]
    fn invoices_are_deterministic_and_follow_the_clock() {
        let a = seeded_invoices(at(2026, 11, 26));
        let b = seeded_invoices(at(2026, 11, 26));
        assert_eq!(a, b);
        assert_eq!(a.len(), SCOPES.len() * SEEDED_MONTHS as usize);
        let first = &a[0];
        assert_eq!(
            first.period_start,
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
        );
        assert_eq!(
            first.period_end,
            NaiveDate::from_ymd_opt(2026, 10, 31).unwrap()
        );
        assert_eq!(
            first.invoice_date,
            NaiveDate::from_ymd_opt(2026, 11, 9).unwrap()
        );
        assert_eq!(
            first.due_date,
            NaiveDate::from_ymd_opt(2026, 12, 9).unwrap()
        );
        assert_eq!(first.status, InvoiceStatus::Due);
        assert_eq!(a[1].status, InvoiceStatus::Paid);
        // Before the 9th, last month is not invoiced yet.
        let early = seeded_invoices(at(2026, 11, 3));
        assert_eq!(
            early[0].period_start,
            NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()
        );
        // Invoice numbers are unique.
        let ids: std::collections::HashSet<_> = a.iter().map(|i| &i.id).collect();
        assert_eq!(ids.len(), a.len());
    }

    #[test]
    fn vat_is_21_percent_of_the_net_rounded_half_up() {
        assert_eq!(vat_on(162_917), 34_213); // 342.1257 -> 342.13
        assert_eq!(vat_on(158_150), 33_212); // 332.115 -> 332.12 (half up)
        assert_eq!(vat_on(50), 11); // 10.5 -> 11
        assert_eq!(vat_on(0), 0);
        for net in 0..20_000 {
            assert_eq!(net_of(net + vat_on(net)), net, "{net}");
        }
    }

    /// Every invoice's total is its net plus 21% VAT of that net, to the cent:
    /// the seeded ones and those of two years of billing cycles.
    #[test]
    fn invoice_totals_are_net_plus_vat() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut invoices = seeded_invoices(at(2026, 11, 26));
        for scope in SCOPES {
            for month in 0..24 {
                let start = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() + Months::new(month);
                invoices.push(invoice_for(&ScopeId(scope.id.to_owned()), start, today));
            }
        }
        for invoice in invoices {
            let total = invoice.amount.minor_units;
            let net = net_of(total);
            assert_eq!(net + vat_on(net), total, "{invoice:?}");
        }
        // QA's case: the production invoice of November 2026 is net 1,629.17,
        // VAT 342.13, total 1,971.30 (it was 1,971.29, with VAT 342.12).
        let november = invoice_for(
            &ScopeId("sub-production".into()),
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            today,
        );
        assert_eq!(november.amount.minor_units, 197_130);
        assert_eq!(net_of(197_130), 162_917);
    }

    #[test]
    fn visibility_follows_the_seed() {
        let reader = PersonaId("billing-reader".into());
        assert!(visible_scope(&reader, "sub-production").is_some());
        assert!(visible_scope(&reader, "sub-development").is_none());
        assert!(visible_scope(&reader, "no-such-scope").is_none());
        assert_eq!(scopes_of(&reader).len(), 2);
    }
}
