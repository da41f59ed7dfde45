//! Who may opt a billing scope in to email invoices.

use serde::{Deserialize, Serialize};

use crate::domain::{BillingScope, Cloud, Role, ScopeKind};

/// Why a persona cannot opt a scope in to email invoices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IneligibleReason {
    /// Only the Account Administrator may opt in.
    NotAccountAdministrator,
    /// Reservations are billed with their subscription, not invoiced by email.
    Reservation,
    /// Marketplace purchases are invoiced by their publisher.
    MarketplacePurchase,
    /// Azure Government subscriptions are not supported.
    GovernmentCloud,
}

impl IneligibleReason {
    /// The reason in one English sentence; the UI translates by the code.
    pub fn message(self) -> &'static str {
        match self {
            IneligibleReason::NotAccountAdministrator => {
                "Only the Account Administrator of this scope can opt in to email invoices."
            }
            IneligibleReason::Reservation => {
                "Reservations are not eligible for email invoices; they are billed through their subscription."
            }
            IneligibleReason::MarketplacePurchase => {
                "Azure Marketplace purchases are not eligible for email invoices."
            }
            IneligibleReason::GovernmentCloud => {
                "Azure Government subscriptions do not support email invoices."
            }
        }
    }
}

/// Whether a persona may opt a scope in to email invoices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Eligibility {
    Eligible,
    Ineligible { reason: IneligibleReason },
}

impl Eligibility {
    pub fn is_eligible(self) -> bool {
        self == Eligibility::Eligible
    }

    pub fn reason(self) -> Option<IneligibleReason> {
        match self {
            Eligibility::Eligible => None,
            Eligibility::Ineligible { reason } => Some(reason),
        }
    }
}

/// Decides whether someone holding `role` on `scope` may opt it in.
///
/// The scope is judged before the role: when no one at all could opt a scope
/// in, that is the more useful thing to tell a co-administrator.
pub fn eligibility(role: Role, scope: &BillingScope) -> Eligibility {
    let reason = match (scope.kind, scope.cloud, role) {
        (ScopeKind::Reservation, _, _) => IneligibleReason::Reservation,
        (ScopeKind::MarketplacePurchase, _, _) => IneligibleReason::MarketplacePurchase,
        (_, Cloud::Government, _) => IneligibleReason::GovernmentCloud,
        (_, Cloud::Public, Role::CoAdministrator | Role::BillingReader) => {
            IneligibleReason::NotAccountAdministrator
        }
        (
            ScopeKind::Subscription | ScopeKind::SupportPlan,
            Cloud::Public,
            Role::AccountAdministrator,
        ) => return Eligibility::Eligible,
    };
    Eligibility::Ineligible { reason }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ScopeId;

    fn scope(kind: ScopeKind, cloud: Cloud) -> BillingScope {
        BillingScope {
            id: ScopeId("scope".into()),
            display_name: "Scope".into(),
            kind,
            cloud,
            external_id: "00000000-0000-0000-0000-000000000000".into(),
        }
    }

    /// The whole table, written out: 3 roles x 4 kinds x 2 clouds.
    #[test]
    fn every_combination() {
        use Cloud::*;
        use IneligibleReason as R;
        use Role::*;
        use ScopeKind::*;
        let table: [(Role, ScopeKind, Cloud, Option<IneligibleReason>); 24] = [
            (AccountAdministrator, Subscription, Public, None),
            (AccountAdministrator, SupportPlan, Public, None),
            (
                AccountAdministrator,
                Reservation,
                Public,
                Some(R::Reservation),
            ),
            (
                AccountAdministrator,
                MarketplacePurchase,
                Public,
                Some(R::MarketplacePurchase),
            ),
            (
                AccountAdministrator,
                Subscription,
                Government,
                Some(R::GovernmentCloud),
            ),
            (
                AccountAdministrator,
                SupportPlan,
                Government,
                Some(R::GovernmentCloud),
            ),
            (
                AccountAdministrator,
                Reservation,
                Government,
                Some(R::Reservation),
            ),
            (
                AccountAdministrator,
                MarketplacePurchase,
                Government,
                Some(R::MarketplacePurchase),
            ),
            (
                CoAdministrator,
                Subscription,
                Public,
                Some(R::NotAccountAdministrator),
            ),
            (
                CoAdministrator,
                SupportPlan,
                Public,
                Some(R::NotAccountAdministrator),
            ),
            (CoAdministrator, Reservation, Public, Some(R::Reservation)),
            (
                CoAdministrator,
                MarketplacePurchase,
                Public,
                Some(R::MarketplacePurchase),
            ),
            (
                CoAdministrator,
                Subscription,
                Government,
                Some(R::GovernmentCloud),
            ),
            (
                CoAdministrator,
                SupportPlan,
                Government,
                Some(R::GovernmentCloud),
            ),
            (
                CoAdministrator,
                Reservation,
                Government,
                Some(R::Reservation),
            ),
            (
                CoAdministrator,
                MarketplacePurchase,
                Government,
                Some(R::MarketplacePurchase),
            ),
            (
                BillingReader,
                Subscription,
                Public,
                Some(R::NotAccountAdministrator),
            ),
            (
                BillingReader,
                SupportPlan,
                Public,
                Some(R::NotAccountAdministrator),
            ),
            (BillingReader, Reservation, Public, Some(R::Reservation)),
            (
                BillingReader,
                MarketplacePurchase,
                Public,
                Some(R::MarketplacePurchase),
            ),
            (
                BillingReader,
                Subscription,
                Government,
                Some(R::GovernmentCloud),
            ),
            (
                BillingReader,
                SupportPlan,
                Government,
                Some(R::GovernmentCloud),
            ),
            (BillingReader, Reservation, Government, Some(R::Reservation)),
            (
                BillingReader,
                MarketplacePurchase,
                Government,
                Some(R::MarketplacePurchase),
            ),
        ];
        let mut seen = std::collections::HashSet::new();
        for (role, kind, cloud, reason) in table {
            assert!(
                seen.insert((role, kind, cloud)),
                "{role:?} {kind:?} {cloud:?} twice"
            );
            let got = eligibility(role, &scope(kind, cloud));
            assert_eq!(
                got.reason(),
                reason,
                "{role:?} on a {kind:?} in the {cloud:?} cloud"
            );
            assert_eq!(got.is_eligible(), reason.is_none());
        }
        assert_eq!(
            seen.len(),
            Role::ALL.len() * ScopeKind::ALL.len() * Cloud::ALL.len()
        );
    }

    #[test]
    fn serializes_with_a_status_tag() {
        assert_eq!(
            serde_json::to_string(&Eligibility::Eligible).unwrap(),
            r#"{"status":"eligible"}"#
        );
        let ineligible = Eligibility::Ineligible {
            reason: IneligibleReason::GovernmentCloud,
        };
        assert_eq!(
            serde_json::to_string(&ineligible).unwrap(),
            r#"{"status":"ineligible","reason":"government_cloud"}"#
        );
    }
}
