//! The address validator's whole table, run in the browser (headless
//! Chromium through wasm-bindgen-test). Here international domains go to
//! ASCII through the browser's own UTS #46, not the `idna` crate's tables
//! (see shared/src/email/idn.rs): the table shows both accept and refuse the
//! same addresses, with the same canonical forms.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_browser_validates_addresses_as_the_server_does() {
    let failures = shared::email::cases::failures();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
