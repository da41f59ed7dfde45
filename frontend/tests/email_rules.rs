//! The address validator's whole table, run in the browser (headless
//! Chromium through wasm-bindgen-test). Here international domains go to
//! ASCII through the browser's own UTS #46, not the `idna` crate's tables
//! (see shared/src/email/idn.rs): the table shows both accept and refuse the
//! same addresses, with the same canonical forms. What the server sends is
//! read without the browser's UTS #46.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_browser_validates_addresses_as_the_server_does() {
    let failures = shared::email::cases::failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What the server sends is read as it is: an address the server accepted
/// never makes an answer unreadable, even where the browser's own UTS #46
/// (a Unicode version behind, say) would refuse its domain.
#[wasm_bindgen_test]
fn addresses_from_the_server_are_read_without_the_browsers_uts46() {
    let read = |json: &str| serde_json::from_str::<shared::EmailAddress>(json);
    let address = read("\"jan@xn--zz.example\"").unwrap();
    assert_eq!(address.as_str(), "jan@xn--zz.example");
    assert!(shared::EmailAddress::parse("jan@xn--zz.example").is_err());
    assert_eq!(
        read("\"cfo@xn--bcher-kva.example\"").unwrap().to_unicode(),
        "cfo@bücher.example"
    );
    // Still only canonical addresses: never a line break, never Unicode.
    assert!(read("\"jan@x.example\\r\\nBcc: a@b.example\"").is_err());
    assert!(read("\"jan@bücher.example\"").is_err());
}
