//! Rules for the additional recipients of a scope's email invoices.

use crate::email::{EmailAddress, EmailError};

/// The most additional recipients one scope may have. The UI states it.
pub const MAX_RECIPIENTS: usize = 20;

/// Why a recipient (or a list of them) is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecipientError {
    #[error(transparent)]
    Invalid(#[from] EmailError),
    #[error("{0} is already a recipient.")]
    Duplicate(EmailAddress),
    #[error("{0} is the preferred communication email, which receives every invoice already.")]
    PreferredEmail(EmailAddress),
    #[error("A scope can have at most {MAX_RECIPIENTS} recipients.")]
    LimitReached,
}

/// Checks one typed address before it joins `existing`, the additional
/// recipients of a scope whose invoices go to `preferred` (the Account
/// Administrator's preferred communication email): trims surrounding spaces
/// (never control characters), validates it, and refuses, ignoring case, a
/// duplicate, the preferred email (it receives every invoice already) and a
/// list that is already full, in that order.
pub fn check_new_recipient(
    existing: &[EmailAddress],
    preferred: &EmailAddress,
    typed: &str,
) -> Result<EmailAddress, RecipientError> {
    let address = EmailAddress::parse_typed(typed)?;
    // Each error names the address as it is already there, not as typed
    // (`FINANCE@x.example` is refused as `finance@x.example`, the entry).
    if let Some(listed) = existing.iter().find(|listed| **listed == address) {
        return Err(RecipientError::Duplicate(listed.clone()));
    }
    if address == *preferred {
        return Err(RecipientError::PreferredEmail(preferred.clone()));
    }
    if existing.len() >= MAX_RECIPIENTS {
        return Err(RecipientError::LimitReached);
    }
    Ok(address)
}

/// A short name for one version of a recipient list (an FNV-1a hash of the
/// addresses as spelled, in order). Lists spelled alike have equal names; a
/// change of case is a change (the list shows it). The server compares it to
/// refuse a save made from a list that changed.
pub fn revision(list: &[EmailAddress]) -> String {
    crate::domain::revision_of_parts(list.iter().map(EmailAddress::as_str))
}

/// Validates a whole list, as saved by the Done button, by the rules of
/// [`check_new_recipient`] for each entry in turn. On failure, returns the
/// index of the first offending entry with the reason.
pub fn validate_recipient_list<S: AsRef<str>>(
    typed: &[S],
    preferred: &EmailAddress,
) -> Result<Vec<EmailAddress>, (usize, RecipientError)> {
    let mut accepted: Vec<EmailAddress> = Vec::with_capacity(typed.len().min(MAX_RECIPIENTS));
    for (index, entry) in typed.iter().enumerate() {
        let address =
            check_new_recipient(&accepted, preferred, entry.as_ref()).map_err(|e| (index, e))?;
        accepted.push(address);
    }
    Ok(accepted)
}

/// A draft made from `base` made again on `current` (the list someone else
/// saved meanwhile): what the draft took out of `base` is taken out of
/// `current`, and what it added is added after `current`'s own, in the
/// draft's order, each once, but not the `preferred` email (made it
/// meanwhile, it receives every invoice anyway). The limit is not checked:
/// the editor says when the result holds too many.
pub fn rebase_draft(
    base: &[EmailAddress],
    draft: &[EmailAddress],
    current: &[EmailAddress],
    preferred: &EmailAddress,
) -> Vec<EmailAddress> {
    let removed = |address: &EmailAddress| base.contains(address) && !draft.contains(address);
    let mut rebased: Vec<EmailAddress> = current.iter().filter(|a| !removed(a)).cloned().collect();
    for address in draft {
        if !base.contains(address) && !rebased.contains(address) && address != preferred {
            rebased.push(address.clone());
        }
    }
    rebased
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(addresses: &[&str]) -> Vec<EmailAddress> {
        addresses
            .iter()
            .map(|a| EmailAddress::parse(&format!("{a}@tulipworks.example")).unwrap())
            .collect()
    }

    #[test]
    fn a_draft_is_made_again_on_the_list_saved_meanwhile() {
        let base = list(&["a", "b", "c"]);
        // Took out b, added d and e.
        let draft = list(&["a", "c", "d", "e"]);
        // Meanwhile someone took out c, added f and also added e.
        let current = list(&["a", "f", "e"]);
        let owner = owner();
        assert_eq!(
            rebase_draft(&base, &draft, &current, &owner),
            list(&["a", "f", "e", "d"])
        );
        // Nothing changed on either side: the same list.
        assert_eq!(rebase_draft(&base, &base, &base, &owner), base);
        // Only the others changed: theirs.
        assert_eq!(rebase_draft(&base, &base, &current, &owner), current);
        // Equal ignoring case counts as the same address.
        let shouted = vec![EmailAddress::parse("D@TulipWorks.Example").unwrap()];
        assert_eq!(rebase_draft(&[], &list(&["d"]), &shouted, &owner), shouted);
        // An address made the preferred email meanwhile is not added.
        let d = &list(&["d"])[0];
        assert_eq!(
            rebase_draft(&base, &draft, &current, d),
            list(&["a", "f", "e"])
        );
    }

    /// The preferred email of the tests' Account Administrator.
    fn owner() -> EmailAddress {
        EmailAddress::parse("owner@tulipworks.example").unwrap()
    }

    fn addresses(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("r{i}@tulipworks.example")).collect()
    }

    #[test]
    fn accepts_up_to_the_limit() {
        let list = validate_recipient_list(&addresses(MAX_RECIPIENTS), &owner()).unwrap();
        assert_eq!(list.len(), MAX_RECIPIENTS);
        assert_eq!(
            check_new_recipient(&list, &owner(), "one.more@tulipworks.example"),
            Err(RecipientError::LimitReached)
        );
        assert_eq!(
            validate_recipient_list(&addresses(MAX_RECIPIENTS + 1), &owner()).unwrap_err(),
            (MAX_RECIPIENTS, RecipientError::LimitReached)
        );
    }

    #[test]
    fn refuses_duplicates_ignoring_case() {
        let list = validate_recipient_list(&["a@tulipworks.example"], &owner()).unwrap();
        // Named as listed, not as typed.
        match check_new_recipient(&list, &owner(), "A@TulipWorks.Example") {
            Err(RecipientError::Duplicate(listed)) => {
                assert_eq!(listed.as_str(), "a@tulipworks.example")
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            validate_recipient_list(&["x@bücher.example", "X@xn--bcher-kva.example"], &owner()),
            Err((1, RecipientError::Duplicate(_)))
        ));
    }

    #[test]
    fn refuses_the_preferred_email_ignoring_case() {
        // Named as it is in the profile, not as typed.
        match check_new_recipient(&[], &owner(), "OWNER@TulipWorks.example") {
            Err(RecipientError::PreferredEmail(preferred)) => {
                assert_eq!(preferred.as_str(), "owner@tulipworks.example")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            check_new_recipient(&[], &owner(), "Owner@TulipWorks.example"),
            Err(RecipientError::PreferredEmail(
                EmailAddress::parse("Owner@TulipWorks.example").unwrap()
            ))
        );
        assert!(check_new_recipient(&[], &owner(), "finance@tulipworks.example").is_ok());
        assert_eq!(
            validate_recipient_list(
                &["finance@tulipworks.example", "OWNER@tulipworks.example"],
                &owner()
            ),
            Err((
                1,
                RecipientError::PreferredEmail(
                    EmailAddress::parse("OWNER@tulipworks.example").unwrap()
                )
            ))
        );
    }

    #[test]
    fn the_preferred_email_is_reported_before_the_limit() {
        let list = validate_recipient_list(&addresses(MAX_RECIPIENTS), &owner()).unwrap();
        assert!(matches!(
            check_new_recipient(&list, &owner(), "owner@tulipworks.example"),
            Err(RecipientError::PreferredEmail(_))
        ));
    }

    #[test]
    fn the_revision_names_the_list_in_order_as_spelled() {
        let list = |typed: &[&str]| validate_recipient_list(typed, &owner()).unwrap();
        let ab = revision(&list(&["a@tulipworks.example", "b@tulipworks.example"]));
        assert_eq!(ab.len(), 16);
        // The domain's case is not the address's (it is stored in lower case).
        assert_eq!(
            ab,
            revision(&list(&["a@TulipWorks.example", "b@tulipworks.example"]))
        );
        // The local part's is: another tab's change of it is a change.
        assert_ne!(
            ab,
            revision(&list(&["A@tulipworks.example", "b@tulipworks.example"]))
        );
        assert_ne!(
            ab,
            revision(&list(&["b@tulipworks.example", "a@tulipworks.example"]))
        );
        assert_ne!(ab, revision(&list(&["a@tulipworks.example"])));
        assert_ne!(revision(&[]), revision(&list(&["a@tulipworks.example"])));
    }

    #[test]
    fn a_duplicate_is_reported_before_the_limit() {
        let list = validate_recipient_list(&addresses(MAX_RECIPIENTS), &owner()).unwrap();
        assert!(matches!(
            check_new_recipient(&list, &owner(), "r0@tulipworks.example"),
            Err(RecipientError::Duplicate(_))
        ));
    }

    #[test]
    fn trims_typed_text_and_reports_invalid_entries_by_index() {
        let list = validate_recipient_list(&["  ok@tulipworks.example "], &owner()).unwrap();
        assert_eq!(list[0].as_str(), "ok@tulipworks.example");
        assert_eq!(
            validate_recipient_list(&["ok@tulipworks.example", "not an address"], &owner()),
            Err((1, RecipientError::Invalid(EmailError::Whitespace)))
        );
        assert_eq!(
            validate_recipient_list(&["ok@tulipworks.example\r\nBcc: x@y.example"], &owner()),
            Err((0, RecipientError::Invalid(EmailError::ControlCharacter)))
        );
    }

    /// Regression (found by tests/properties.rs): trimming used to strip a
    /// trailing CR or LF, so `"a@b.example\r\n"` was accepted.
    #[test]
    fn never_trims_away_a_line_break_or_nul() {
        for typed in [
            "ok@tulipworks.example\r\n",
            "ok@tulipworks.example\n",
            "\rok@tulipworks.example",
            " ok@tulipworks.example\0",
            "\tok@tulipworks.example",
        ] {
            assert_eq!(
                check_new_recipient(&[], &owner(), typed),
                Err(RecipientError::Invalid(EmailError::ControlCharacter)),
                "{typed:?}"
            );
        }
    }
}
