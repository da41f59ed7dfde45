//! The address validator and the recipient rules on arbitrary text: no panic,
//! nothing with a control character accepted, and whatever is accepted is
//! canonical, within the limits, and round-trips (text, Unicode form, JSON).
#![no_main]

use std::hash::{BuildHasher, RandomState};

use libfuzzer_sys::fuzz_target;
use shared::email::{EmailAddress, MAX_ADDRESS_LEN, MAX_LOCAL_PART_LEN};
use shared::recipients::{check_new_recipient, validate_recipient_list, MAX_RECIPIENTS};

fn check_accepted(address: &EmailAddress) {
    let canonical = address.as_str();
    assert!(canonical.len() <= MAX_ADDRESS_LEN, "{canonical:?}");
    assert!(address.local_part().chars().count() <= MAX_LOCAL_PART_LEN);
    assert!(
        !canonical
            .chars()
            .any(|c| c.is_control() || c.is_whitespace()),
        "{canonical:?}"
    );
    assert!(address.domain().is_ascii(), "{canonical:?}");
    assert_eq!(address.domain(), address.domain().to_ascii_lowercase());
    assert_eq!(canonical.matches('@').count(), 1);

    let again = EmailAddress::parse(canonical).expect("the canonical form parses");
    assert_eq!(again.as_str(), canonical);
    assert_eq!(&again, address);
    let hasher = RandomState::new();
    assert_eq!(hasher.hash_one(&again), hasher.hash_one(address));

    let upper = EmailAddress::parse(&canonical.to_ascii_uppercase())
        .expect("an upper-case spelling parses");
    assert_eq!(&upper, address);
    assert_eq!(hasher.hash_one(&upper), hasher.hash_one(address));

    let shown = address.to_unicode();
    let typed_back = EmailAddress::parse(&shown)
        .unwrap_or_else(|e| panic!("{canonical:?} shown as {shown:?} is refused: {e}"));
    assert_eq!(typed_back.as_str(), canonical, "via {shown:?}");

    let json = serde_json::to_string(address).unwrap();
    let back: EmailAddress = serde_json::from_str(&json).unwrap();
    assert_eq!(back.as_str(), canonical);
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let forbidden = text.contains(['\r', '\n', '\0']);
    // The Account Administrator's preferred email, which no list may hold.
    let preferred = EmailAddress::parse("owner@tulipworks.example").unwrap();
    for parsed in [
        EmailAddress::parse(&text),
        EmailAddress::parse_typed(&text),
        check_new_recipient(&[], &preferred, &text).map_err(|_| shared::email::EmailError::Empty),
    ] {
        match parsed {
            Ok(address) => {
                assert!(!forbidden, "{text:?} accepted as {address:?}");
                check_accepted(&address);
            }
            Err(error) => assert!(!error.to_string().is_empty()),
        }
    }
    // The same text as a list, split at commas, as a script might send it.
    let typed: Vec<&str> = text.split(',').collect();
    match validate_recipient_list(&typed, &preferred) {
        Ok(list) => {
            assert_eq!(list.len(), typed.len());
            assert!(list.len() <= MAX_RECIPIENTS);
            for (i, address) in list.iter().enumerate() {
                assert!(!list[i + 1..].contains(address), "{address} twice");
                assert!(*address != preferred, "the preferred email is listed");
                assert!(!typed[i].contains(['\r', '\n', '\0']));
                check_accepted(address);
            }
        }
        Err((index, _)) => assert!(index < typed.len()),
    }
});
