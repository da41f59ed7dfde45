//! The walkthrough app: the portal's Invoices pages rebuilt step by step.
//!
//! `App` holds the router; `pages/` has one file per page, `components/` the
//! small pieces they share, and `api.rs` is the only place that talks HTTP.

pub mod api;
pub mod components;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages::not_found::NotFound;
use crate::pages::sign_in::SignIn;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <main id="main" class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=SignIn />
                    <Route path=path!("/signin") view=SignIn />
                </Routes>
            </main>
        </Router>
    }
}
