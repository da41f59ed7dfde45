//! The walkthrough app: the portal's Invoices pages rebuilt step by step.
//!
//! `App` holds the router; `pages/` has one file per page, `components/` the
//! small pieces they share, and `api.rs` is the only place that talks HTTP.
//! Every state has a URL (see `routes.rs`); the server is the source of truth.

pub mod api;
pub mod components;
pub mod dom;
pub mod i18n;
pub mod pages;
pub mod prefs;
pub mod routes;
pub mod search;
pub mod session;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::shell::{
    FocusKeeper, HistoryMender, JoinFromUrl, ReloadWhenRestored, ScenarioFromUrl, SignedIn,
};
use crate::components::tester_panel::TesterPanel;
use crate::components::toast::{provide_toaster, ToastRegion};
use crate::pages::about::About;
use crate::pages::billing::BillingOverview;
use crate::pages::home::Home;
use crate::pages::invoices::email_invoice_pane::EmailInvoicePane;
use crate::pages::invoices::profile_pane::ProfilePane;
use crate::pages::invoices::recipients_pane::RecipientsPane;
use crate::pages::invoices::terms_pane::TermsPane;
use crate::pages::invoices::{InvoicesIndex, InvoicesPage, NoPane};
use crate::pages::not_found::NotFound;
use crate::pages::outbox::OutboxPage;
use crate::pages::root::Root;
use crate::pages::sign_in::SignIn;

/// The contexts every page uses: language, theme, guide, toasts. Public so
/// component tests can mount a component inside them.
pub fn provide_app_contexts() {
    let (_, prefs) = prefs::provide_prefs();
    session::provide_guide(prefs);
    provide_context(session::OutboxVersion(RwSignal::new(0)));
    provide_toaster();
}

/// The view of a route whose page needs a signed-in persona (see
/// [`SignedIn`]).
fn signed_in<V: IntoView + 'static>(
    page: fn() -> V,
) -> impl Fn() -> AnyView + Clone + Send + 'static {
    move || view! { <SignedIn>{page()}</SignedIn> }.into_any()
}

#[component]
pub fn App() -> impl IntoView {
    provide_app_contexts();
    session::provide_session();
    view! {
        <Router>
            <HistoryMender />
            <FocusKeeper />
            <ScenarioFromUrl />
            <ReloadWhenRestored />
            <JoinFromUrl />
            <Routes fallback=NotFound>
                <Route path=path!("/") view=Root />
                <Route path=path!("/signin") view=SignIn />
                <Route path=path!("/home") view=signed_in(Home) />
                <Route path=path!("/billing") view=signed_in(BillingOverview) />
                <Route path=path!("/billing/about") view=signed_in(About) />
                <Route path=path!("/billing/invoices") view=signed_in(InvoicesIndex) />
                // One route, so that opening a message keeps the list and search.
                <Route path=path!("/outbox/:id?") view=signed_in(OutboxPage) />
                <ParentRoute path=path!("/billing/invoices/:scope") view=signed_in(InvoicesPage)>
                    <Route path=path!("") view=NoPane />
                    <Route path=path!("email-invoice") view=EmailInvoicePane />
                    <Route path=path!("email-invoice/terms") view=TermsPane />
                    <Route path=path!("profile") view=ProfilePane />
                    <Route path=path!("recipients") view=RecipientsPane />
                </ParentRoute>
            </Routes>
            <TesterPanel />
            // One region for every page: a toast outlives the page that
            // showed it (a redirect to sign-in, say).
            <ToastRegion />
        </Router>
    }
}
