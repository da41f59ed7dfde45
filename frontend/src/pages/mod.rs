//! One file per page (the Invoices page and its panes in a folder).

pub mod about;
pub mod billing;
pub mod home;
pub mod invoices;
pub mod not_found;
pub mod outbox;
pub mod root;
pub mod sign_in;

use shared::{IneligibleReason, InvoiceStatus, Role, ScopeKind};

/// The message key naming a scope kind.
pub fn scope_kind_key(kind: ScopeKind) -> &'static str {
    match kind {
        ScopeKind::Subscription => "kind-subscription",
        ScopeKind::SupportPlan => "kind-support-plan",
        ScopeKind::Reservation => "kind-reservation",
        ScopeKind::MarketplacePurchase => "kind-marketplace",
    }
}

/// The message key naming a role.
pub fn role_key(role: Role) -> &'static str {
    match role {
        Role::AccountAdministrator => "role-account-administrator",
        Role::CoAdministrator => "role-co-administrator",
        Role::BillingReader => "role-billing-reader",
    }
}

/// The message key explaining why a scope cannot be opted in.
pub fn reason_key(reason: IneligibleReason) -> &'static str {
    match reason {
        IneligibleReason::NotAccountAdministrator => "reason-not-account-administrator",
        IneligibleReason::Reservation => "reason-reservation",
        IneligibleReason::MarketplacePurchase => "reason-marketplace",
        IneligibleReason::GovernmentCloud => "reason-government",
    }
}

pub fn invoice_status_key(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Paid => "invoice-status-paid",
        InvoiceStatus::Due => "invoice-status-due",
        InvoiceStatus::PastDue => "invoice-status-past-due",
    }
}
