//! Every request body type of the API, deserialised from arbitrary bytes as
//! the server does (serde_json): no panic, and whatever is accepted serialises
//! and reads back as the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::{
    AddRecipientRequest, FaultRequest, MarkReadRequest, OptInRequest, ReplaceRecipientsRequest,
    SignInRequest, UpdateProfileRequest,
};

fn round_trip<T>(data: &[u8])
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let Ok(value) = serde_json::from_slice::<T>(data) else {
        return;
    };
    let json = serde_json::to_vec(&value).expect("an accepted body serialises");
    let back: T = serde_json::from_slice(&json).unwrap_or_else(|e| {
        panic!(
            "{} does not read back ({e}): {}",
            std::any::type_name::<T>(),
            String::from_utf8_lossy(&json)
        )
    });
    assert_eq!(back, value);
}

fuzz_target!(|data: &[u8]| {
    round_trip::<SignInRequest>(data);
    round_trip::<OptInRequest>(data);
    round_trip::<UpdateProfileRequest>(data);
    round_trip::<AddRecipientRequest>(data);
    round_trip::<ReplaceRecipientsRequest>(data);
    round_trip::<MarkReadRequest>(data);
    round_trip::<FaultRequest>(data);
});
