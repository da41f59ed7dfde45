//! Property tests of the shared rules: the address validator, the recipient
//! rules and eligibility, over generated inputs rather than chosen examples.
//!
//! - Nothing containing CR, LF or NUL, wherever it sits (local part, domain,
//!   a display name around the address, leading or trailing), is accepted by
//!   `EmailAddress::parse`, `check_new_recipient` or `validate_recipient_list`.
//! - Valid addresses round-trip: parse, print, parse again gives an equal
//!   value with the same text; serde does the same.
//! - Canonical forms are ASCII, lower-case in the domain, and idempotent,
//!   including for international domains (Punycode).
//! - Equality ignores case and agrees with hashing and `comparison_key`.
//! - Whatever the parser accepts satisfies the documented limits.
//! - `eligibility` answers for every role and scope, as its table says.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use proptest::prelude::*;
use proptest::sample::select;
use shared::domain::{BillingScope, Cloud, Role, ScopeId, ScopeKind};
use shared::eligibility::{eligibility, Eligibility, IneligibleReason};
use shared::email::{EmailAddress, EmailError, MAX_ADDRESS_LEN, MAX_LOCAL_PART_LEN};
use shared::recipients::{
    check_new_recipient, validate_recipient_list, RecipientError, MAX_RECIPIENTS,
};

/// The preferred email of the Account Administrator in these properties. The
/// generators below cannot make it (their labels are at most four characters
/// between hyphens), so only the list property, which offers it on purpose,
/// meets it.
fn owner() -> EmailAddress {
    EmailAddress::parse("owner@tulipworks.example").unwrap()
}

/// The three characters that could break a header line or a C string.
const FORBIDDEN: [char; 3] = ['\r', '\n', '\0'];

fn atom() -> impl Strategy<Value = String> {
    "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,12}"
}

/// A valid local part: atoms joined by single dots, at most 64 characters.
fn local_part() -> impl Strategy<Value = String> {
    prop::collection::vec(atom(), 1..4).prop_map(|atoms| {
        let mut local = atoms.join(".");
        local.truncate(MAX_LOCAL_PART_LEN);
        local.trim_end_matches('.').to_owned()
    })
}

/// An ASCII DNS label: letters, digits and single inner hyphens, any case
/// (UTS #46 refuses `--` in the third and fourth places, as in `xn--`).
fn ascii_label() -> impl Strategy<Value = String> {
    "[A-Za-z0-9]{1,4}(-[A-Za-z0-9]{1,4}){0,2}"
}

/// A label with letters from other scripts, which become Punycode.
fn unicode_label() -> impl Strategy<Value = String> {
    let letters = select(vec![
        'ü', 'é', 'ß', 'ø', 'å', 'ñ', 'ç', 'ж', 'д', 'λ', 'ω', '例', 'え', '中', '文', 'a', 'b',
        'k', 'z', '1',
    ]);
    prop::collection::vec(letters, 1..8).prop_map(|chars| chars.into_iter().collect())
}

/// A top-level label that is not all digits.
fn top_level() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9]{1,8}"
}

fn domain(unicode: bool) -> impl Strategy<Value = String> {
    let label = if unicode {
        prop_oneof![ascii_label(), unicode_label()].boxed()
    } else {
        ascii_label().boxed()
    };
    (prop::collection::vec(label, 1..4), top_level())
        .prop_map(|(labels, tld)| format!("{}.{tld}", labels.join(".")))
}

/// Addresses the validator must accept (ASCII only, so no IDN mapping can refuse them).
fn valid_ascii_address() -> impl Strategy<Value = String> {
    (local_part(), domain(false)).prop_map(|(local, domain)| format!("{local}@{domain}"))
}

/// Addresses that are valid or are refused only by the IDN rules.
fn address_with_idn() -> impl Strategy<Value = String> {
    (local_part(), domain(true)).prop_map(|(local, domain)| format!("{local}@{domain}"))
}

/// Text with CR, LF or NUL somewhere: inserted into a valid address at any
/// character position (start, end, local part, domain), or as part of a display name.
fn text_with_a_forbidden_character() -> impl Strategy<Value = String> {
    let inserted = (
        address_with_idn(),
        select(FORBIDDEN.to_vec()),
        any::<prop::sample::Index>(),
        0usize..3,
    )
        .prop_map(|(address, bad, at, times)| {
            let chars: Vec<char> = address.chars().collect();
            let at = at.index(chars.len() + 1);
            let mut text: String = chars[..at].iter().collect();
            for _ in 0..=times {
                text.push(bad);
            }
            text.extend(&chars[at..]);
            text
        });
    let display_name = (
        "[A-Za-z .]{0,10}",
        select(FORBIDDEN.to_vec()),
        "[A-Za-z :]{0,20}",
        valid_ascii_address(),
        any::<bool>(),
    )
        .prop_map(|(before, bad, after, address, quoted)| {
            if quoted {
                format!("\"{before}{bad}{after}\" <{address}>")
            } else {
                format!("{before}{bad}{after} <{address}>")
            }
        });
    let header_injection = (
        valid_ascii_address(),
        valid_ascii_address(),
        "\r\n|\n|\r|\0",
    )
        .prop_map(|(to, bcc, newline)| format!("{to}{newline}Bcc: {bcc}"));
    let anything = ("\\PC{0,20}", select(FORBIDDEN.to_vec()), "\\PC{0,20}")
        .prop_map(|(a, bad, b)| format!("{a}{bad}{b}"));
    prop_oneof![inserted, display_name, header_injection, anything]
}

fn hash_of(address: &EmailAddress) -> u64 {
    let mut hasher = DefaultHasher::new();
    address.hash(&mut hasher);
    hasher.finish()
}

/// Flips the case of the ASCII letters chosen by `mask`.
fn flip_case(text: &str, mask: &[bool]) -> String {
    text.chars()
        .zip(mask.iter().cycle())
        .map(|(c, &flip)| {
            if !flip {
                c
            } else if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

fn scope(id: String, name: String, kind: ScopeKind, cloud: Cloud) -> BillingScope {
    BillingScope {
        id: ScopeId(id),
        display_name: name,
        kind,
        cloud,
        external_id: "00000000-0000-0000-0000-000000000000".into(),
    }
}

/// The documented table, written as its rules: the scope is judged before the role.
fn documented(role: Role, kind: ScopeKind, cloud: Cloud) -> Option<IneligibleReason> {
    if kind == ScopeKind::Reservation {
        Some(IneligibleReason::Reservation)
    } else if kind == ScopeKind::MarketplacePurchase {
        Some(IneligibleReason::MarketplacePurchase)
    } else if cloud == Cloud::Government {
        Some(IneligibleReason::GovernmentCloud)
    } else if role != Role::AccountAdministrator {
        Some(IneligibleReason::NotAccountAdministrator)
    } else {
        None
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        // Failures are printed with their minimal input; nothing is written.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn nothing_with_cr_lf_or_nul_is_ever_accepted(text in text_with_a_forbidden_character()) {
        let parsed = EmailAddress::parse(&text);
        prop_assert!(parsed.is_err(), "parse accepted {text:?}: {parsed:?}");
        if text.chars().count() <= MAX_ADDRESS_LEN {
            prop_assert_eq!(parsed.unwrap_err(), EmailError::ControlCharacter);
        }
        prop_assert!(text.parse::<EmailAddress>().is_err());
        prop_assert!(EmailAddress::parse_typed(&text).is_err(), "parse_typed accepted {text:?}");
        let json = serde_json::to_string(&text).unwrap();
        prop_assert!(serde_json::from_str::<EmailAddress>(&json).is_err());

        let added = check_new_recipient(&[], &owner(), &text);
        prop_assert!(added.is_err(), "check_new_recipient accepted {text:?}: {added:?}");
        let listed = validate_recipient_list(&["ok@tulipworks.example", text.as_str()], &owner());
        prop_assert!(
            matches!(listed, Err((1, RecipientError::Invalid(_)))),
            "validate_recipient_list accepted {text:?}: {listed:?}"
        );
    }

    #[test]
    fn surrounding_spaces_are_trimmed_but_control_characters_never(
        address in valid_ascii_address(),
        spaces in " {0,3}",
        bad in select(FORBIDDEN.to_vec()),
        leading in any::<bool>(),
    ) {
        let padded = format!("{spaces}{address}{spaces}");
        prop_assert_eq!(
            check_new_recipient(&[], &owner(), &padded).unwrap(),
            EmailAddress::parse(&address).unwrap()
        );
        let with_bad = if leading {
            format!("{bad}{spaces}{address}")
        } else {
            format!("{address}{spaces}{bad}")
        };
        prop_assert_eq!(
            check_new_recipient(&[], &owner(), &with_bad),
            Err(RecipientError::Invalid(EmailError::ControlCharacter))
        );
    }

    #[test]
    fn valid_addresses_are_accepted_and_round_trip(text in valid_ascii_address()) {
        let address = EmailAddress::parse(&text)
            .map_err(|e| TestCaseError::fail(format!("{text:?} refused: {e}")))?;
        let printed = address.to_string();
        prop_assert_eq!(printed.as_str(), address.as_str());
        let again = EmailAddress::parse(&printed).unwrap();
        prop_assert_eq!(&again, &address);
        prop_assert_eq!(again.as_str(), address.as_str());
        prop_assert_eq!(hash_of(&again), hash_of(&address));
        // The local part is kept as typed; only the domain is lower-cased.
        let (local, domain) = text.split_once('@').unwrap();
        prop_assert_eq!(address.local_part(), local);
        prop_assert_eq!(address.domain(), domain.to_ascii_lowercase());

        let json = serde_json::to_string(&address).unwrap();
        prop_assert_eq!(&json, &serde_json::to_string(&printed).unwrap());
        let back: EmailAddress = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back.as_str(), address.as_str());

        let added = check_new_recipient(&[], &owner(), &text).unwrap();
        prop_assert_eq!(added.as_str(), address.as_str());
    }

    #[test]
    fn idn_addresses_canonicalise_to_ascii_idempotently(text in address_with_idn()) {
        // Some generated Unicode labels are refused by UTS #46 (mixed scripts
        // and the like); those must be refused the same way every time.
        let Ok(address) = EmailAddress::parse(&text) else {
            prop_assert!(EmailAddress::parse(&text).is_err());
            return Ok(());
        };
        let canonical = address.as_str();
        prop_assert!(canonical.is_ascii(), "{canonical:?}");
        prop_assert_eq!(address.domain(), address.domain().to_ascii_lowercase());
        let again = EmailAddress::parse(canonical).unwrap();
        prop_assert_eq!(again.as_str(), canonical);
        // Shown in Unicode and typed back in, it is the same address.
        let shown = address.to_unicode();
        let typed_back = EmailAddress::parse(&shown)
            .map_err(|e| TestCaseError::fail(format!("{shown:?} refused: {e}")))?;
        prop_assert_eq!(typed_back.as_str(), canonical);
        if !text.split_once('@').unwrap().1.is_ascii() {
            prop_assert!(
                address.domain().split('.').any(|label| label.starts_with("xn--")),
                "{text:?} gave {canonical:?}"
            );
        }
    }

    #[test]
    fn equality_ignores_case_and_agrees_with_hash(
        text in address_with_idn(),
        mask in prop::collection::vec(any::<bool>(), 1..16),
        other in address_with_idn(),
    ) {
        let (Ok(a), Ok(other)) = (EmailAddress::parse(&text), EmailAddress::parse(&other)) else {
            return Ok(());
        };
        let b = EmailAddress::parse(&flip_case(&text, &mask)).unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(hash_of(&a), hash_of(&b));
        prop_assert_eq!(a.comparison_key(), b.comparison_key());
        // For any two addresses: equal exactly when their keys are, and
        // equal ones hash alike.
        prop_assert_eq!(a == other, a.comparison_key() == other.comparison_key());
        if a == other {
            prop_assert_eq!(hash_of(&a), hash_of(&other));
        }
        // A recipient list refuses the other spelling as a duplicate.
        prop_assert!(matches!(
            check_new_recipient(std::slice::from_ref(&a), &owner(), b.as_str()),
            Err(RecipientError::Duplicate(_))
        ));
    }

    #[test]
    fn whatever_is_accepted_keeps_the_documented_limits(text in "\\PC{0,40}|[a-z@.\\-_+ ]{0,40}") {
        if let Ok(address) = EmailAddress::parse(&text) {
            let canonical = address.as_str();
            prop_assert!(canonical.len() <= MAX_ADDRESS_LEN);
            prop_assert!(address.local_part().chars().count() <= MAX_LOCAL_PART_LEN);
            prop_assert!(!canonical.chars().any(|c| c.is_control() || c.is_whitespace()));
            prop_assert!(!canonical.contains(['<', '>', '"']));
            prop_assert_eq!(canonical.matches('@').count(), 1);
            prop_assert!(address.domain().contains('.'));
            prop_assert!(address.domain().is_ascii());
            let again = EmailAddress::parse(canonical).unwrap();
            prop_assert_eq!(again.as_str(), canonical);
        }
    }

    #[test]
    fn recipient_lists_hold_distinct_addresses_up_to_the_limit(
        typed in prop::collection::vec(
            prop_oneof![
                valid_ascii_address(),
                "[a-c]@[a-c]\\.example",
                "\\PC{0,12}",
                "[oO]wner@[tT]ulip[wW]orks\\.example",
            ],
            0..(MAX_RECIPIENTS + 5),
        ),
    ) {
        match validate_recipient_list(&typed, &owner()) {
            Ok(list) => {
                prop_assert_eq!(list.len(), typed.len());
                prop_assert!(list.len() <= MAX_RECIPIENTS);
                for (i, a) in list.iter().enumerate() {
                    prop_assert!(!list[i + 1..].contains(a), "{a} twice");
                }
                prop_assert!(!list.contains(&owner()), "the preferred email is listed");
            }
            Err((index, error)) => {
                prop_assert!(index < typed.len());
                // Every entry before the offending one is acceptable on its own terms.
                let before = validate_recipient_list(&typed[..index], &owner());
                prop_assert!(before.is_ok(), "{before:?}");
                let accepted = before.unwrap();
                prop_assert_eq!(check_new_recipient(&accepted, &owner(), &typed[index]), Err(error));
            }
        }
    }

    #[test]
    fn eligibility_is_total_and_follows_its_table(
        role in select(Role::ALL.to_vec()),
        kind in select(ScopeKind::ALL.to_vec()),
        cloud in select(Cloud::ALL.to_vec()),
        id in "\\PC{0,16}",
        name in "\\PC{0,16}",
    ) {
        let got = eligibility(role, &scope(id, name, kind, cloud));
        let expected = documented(role, kind, cloud);
        prop_assert_eq!(got.reason(), expected, "{:?} on a {:?} in {:?}", role, kind, cloud);
        prop_assert_eq!(got.is_eligible(), expected.is_none());
        prop_assert_eq!(got == Eligibility::Eligible, expected.is_none());
        // Its JSON names a status, and a reason exactly when ineligible.
        let json = serde_json::to_value(got).unwrap();
        prop_assert_eq!(json["status"] == "eligible", expected.is_none());
        prop_assert_eq!(json.get("reason").is_some(), expected.is_some());
    }
}

/// Every combination, exhaustively: 3 roles x 4 kinds x 2 clouds, each answered,
/// and exactly the public subscriptions and support plans of an Account
/// Administrator eligible.
#[test]
fn eligibility_answers_every_combination() {
    let mut eligible = Vec::new();
    for role in Role::ALL {
        for kind in ScopeKind::ALL {
            for cloud in Cloud::ALL {
                let got = eligibility(role, &scope("s".into(), "S".into(), kind, cloud));
                assert_eq!(got.reason(), documented(role, kind, cloud));
                if got.is_eligible() {
                    eligible.push((role, kind, cloud));
                }
            }
        }
    }
    assert_eq!(
        eligible,
        [
            (
                Role::AccountAdministrator,
                ScopeKind::Subscription,
                Cloud::Public
            ),
            (
                Role::AccountAdministrator,
                ScopeKind::SupportPlan,
                Cloud::Public
            ),
        ]
    );
}
