//! Every page of the app has its own URL; these build them.

use shared::api::paths::encode_segment;

pub const ROOT: &str = "/";
pub const SIGN_IN: &str = "/signin";
pub const HOME: &str = "/home";
pub const BILLING: &str = "/billing";
pub const INVOICES: &str = "/billing/invoices";
pub const ABOUT: &str = "/billing/about";
pub const OUTBOX: &str = "/outbox";

/// Redirects replace the address they answer for in the history: Back
/// must not land on an address that only sends the user forward again.
pub fn replace() -> leptos_router::NavigateOptions {
    leptos_router::NavigateOptions {
        replace: true,
        ..Default::default()
    }
}

/// The query parameter of the sign-in page that says where to go after.
pub const NEXT_PARAMETER: &str = "next";

/// The sign-in page, coming back to `next` (a path with its query) after.
pub fn sign_in_then(next: &str) -> String {
    format!(
        "{SIGN_IN}?{NEXT_PARAMETER}={}",
        String::from(js_sys::encode_uri_component(next))
    )
}

/// Where to go after signing in: `next` when it is a page of this app (a
/// path on this origin, not the sign-in page itself), else home.
pub fn after_sign_in(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && path != SIGN_IN
                && !path.starts_with("/signin?") =>
        {
            path
        }
        _ => HOME,
    }
}

pub fn outbox_message(id: u64) -> String {
    format!("{OUTBOX}/{id}")
}

/// The message an [`outbox_message`] address names.
pub fn outbox_message_id(path: &str) -> Option<u64> {
    path.strip_prefix(OUTBOX)?.strip_prefix('/')?.parse().ok()
}

/// Which pane is open over the Invoices page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaneKind {
    /// Receive invoice by email (steps 5-7).
    EmailInvoice,
    /// The terms shown by Email invoice (step 5).
    Terms,
    /// Update profile (step 6).
    Profile,
    /// Configure recipients (steps 7-9).
    Recipients,
}

impl PaneKind {
    fn segment(self) -> &'static str {
        match self {
            PaneKind::EmailInvoice => "email-invoice",
            PaneKind::Terms => "email-invoice/terms",
            PaneKind::Profile => "profile",
            PaneKind::Recipients => "recipients",
        }
    }
}

pub fn invoices(scope: &str) -> String {
    format!("{INVOICES}/{}", encode_segment(scope))
}

pub fn pane(scope: &str, pane: PaneKind) -> String {
    format!("{}/{}", invoices(scope), pane.segment())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goes_back_only_to_pages_of_this_app_after_sign_in() {
        assert_eq!(
            after_sign_in(Some(
                "/billing/invoices/sub-development/recipients?lang=nl-NL"
            )),
            "/billing/invoices/sub-development/recipients?lang=nl-NL"
        );
        for elsewhere in [
            None,
            Some("https://evil.example/"),
            Some("//evil.example/"),
            Some("/\\evil.example/"),
            Some("javascript:alert(1)"),
            Some("/signin"),
            Some("/signin?next=/home"),
        ] {
            assert_eq!(after_sign_in(elsewhere), HOME, "{elsewhere:?}");
        }
    }

    #[test]
    fn builds_urls() {
        assert_eq!(
            invoices("sub-production"),
            "/billing/invoices/sub-production"
        );
        assert_eq!(
            pane("sub-production", PaneKind::Terms),
            "/billing/invoices/sub-production/email-invoice/terms"
        );
        assert_eq!(
            pane("a b", PaneKind::Recipients),
            "/billing/invoices/a%20b/recipients"
        );
    }

    #[test]
    fn reads_a_message_back_from_its_address() {
        assert_eq!(outbox_message_id(&outbox_message(42)), Some(42));
        for other in [
            "/outbox",
            "/outbox/",
            "/outbox/x",
            "/outboxes/1",
            "/outbox/1/2",
        ] {
            assert_eq!(outbox_message_id(other), None, "{other}");
        }
    }
}
