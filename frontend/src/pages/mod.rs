//! One file per page.

pub mod not_found;
pub mod sign_in;
