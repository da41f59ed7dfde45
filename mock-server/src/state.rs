//! What every handler shares.

use chrono::{DateTime, Utc};

use crate::error::AppResult;
use crate::sandbox::SandboxId;
use crate::store::{Ctx, Store};

/// The server's clock: the real one, or frozen at a fixed instant so that
/// seeds, dates and screenshots are reproducible.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Frozen(DateTime<Utc>),
}

impl Clock {
    pub fn now(self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Frozen(at) => at,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Clock,
}

impl AppState {
    pub fn new(store: Store, clock: Clock) -> Self {
        AppState { store, clock }
    }

    /// Runs `work` in one transaction of the request's sandbox.
    pub async fn run<T, F>(&self, sandbox: SandboxId, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx<'_>) -> AppResult<T> + Send + 'static,
    {
        self.store.transact(sandbox.0, self.clock.now(), work).await
    }
}
