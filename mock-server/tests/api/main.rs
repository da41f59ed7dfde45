//! Integration tests of the mock server, driving the same router `main` serves.
//! One test binary with modules, so it links once.

mod bad_input;
mod client;
mod expiry;
mod faults;
mod journal;
mod openapi;
mod outbox;
mod persistence;
mod relay;
mod rules;
mod sandboxes;
mod scenarios;
mod security;
mod soak;
mod spa;
