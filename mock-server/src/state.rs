//! What every handler shares.

use chrono::{DateTime, Utc};

use shared::api::MessageSummary;
use tokio::sync::broadcast;

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

/// A new message in a sandbox's outbox, for the live event stream.
#[derive(Debug, Clone)]
pub struct OutboxEvent {
    pub sandbox: String,
    pub message: MessageSummary,
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Clock,
    pub events: broadcast::Sender<OutboxEvent>,
}

impl AppState {
    pub fn new(store: Store, clock: Clock) -> Self {
        let (events, _) = broadcast::channel(1024);
        AppState {
            store,
            clock,
            events,
        }
    }

    /// Tells the live outbox streams of `sandbox` about new messages.
    pub fn publish(&self, sandbox: &SandboxId, messages: &[MessageSummary]) {
        for message in messages {
            // No subscriber is not an error: nobody is watching.
            let _ = self.events.send(OutboxEvent {
                sandbox: sandbox.0.clone(),
                message: message.clone(),
            });
        }
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
