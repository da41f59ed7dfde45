//! What every handler shares.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};

use shared::api::MessageSummary;
use tokio::sync::broadcast;

use crate::error::{AppError, AppResult};
use crate::journal::Journal;
use crate::outbox;
use crate::relay::SmtpRelay;
use crate::sandbox::SandboxId;
use crate::scenarios::Scenarios;
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

/// What happened in a sandbox's outbox, for the live event stream.
#[derive(Debug, Clone)]
pub struct OutboxEvent {
    pub sandbox: String,
    pub change: OutboxChange,
}

#[derive(Debug, Clone)]
pub enum OutboxChange {
    /// A new message.
    New(Box<MessageSummary>),
    /// Messages were read, unread or deleted, or the sandbox was reset or
    /// put into a scenario: lists and unread counts are stale.
    Changed,
}

/// What every handler shares: a handle to [`Shared`], so that the copy each
/// middleware and handler takes costs one reference count.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

#[derive(Clone)]
pub struct Shared {
    pub store: Store,
    pub clock: Clock,
    pub events: broadcast::Sender<OutboxEvent>,
    /// Also deliver every message to this SMTP server, when configured.
    pub relay: Option<SmtpRelay>,
    /// The scenarios testers can apply, and the default one's name.
    pub scenarios: Scenarios,
    pub default_scenario: Option<String>,
    /// Sandboxes that have faults set, so that others skip the lookup.
    faulty: Arc<Mutex<HashSet<String>>>,
    /// Every API request of every sandbox, written in the background.
    pub journal: Journal,
    /// Origins allowed to call the API from another site (CORS); none by default.
    pub cors_origins: Vec<axum::http::HeaderValue>,
}

impl AppState {
    pub fn new(store: Store, clock: Clock) -> Self {
        let (events, _) = broadcast::channel(1024);
        AppState(Arc::new(Shared {
            store,
            clock,
            events,
            relay: None,
            scenarios: Scenarios::default(),
            default_scenario: None,
            faulty: Arc::default(),
            journal: Journal::default(),
            cors_origins: Vec::new(),
        }))
    }

    /// For the `with_*` builders, which run before the state is shared.
    fn configure(&mut self) -> &mut Shared {
        Arc::make_mut(&mut self.0)
    }

    pub fn with_cors(mut self, origins: Vec<axum::http::HeaderValue>) -> Self {
        self.configure().cors_origins = origins;
        self
    }

    /// Deletes the sandboxes idle for longer than the store's timeout, and
    /// forgets their faults. Returns how many went.
    pub async fn expire_idle(&self, wall_now: DateTime<Utc>) -> AppResult<usize> {
        self.journal.flush(&self.store).await;
        let expired = self.store.expire_idle(wall_now).await?;
        let mut faulty = self.faulty.lock().unwrap_or_else(PoisonError::into_inner);
        for sandbox in &expired {
            faulty.remove(sandbox);
        }
        Ok(expired.len())
    }

    /// Expires idle sandboxes every so often (a quarter of the timeout, at
    /// most a minute), for as long as the server runs.
    pub fn spawn_expiry(&self) -> tokio::task::JoinHandle<()> {
        let state = self.clone();
        let every = state.store.limits().check_interval();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                match state.expire_idle(Utc::now()).await {
                    Ok(0) => {}
                    Ok(count) => tracing::info!(count, "expired idle sandboxes"),
                    Err(error) => tracing::error!(?error, "expiring idle sandboxes failed"),
                }
            }
        })
    }

    pub fn has_faults(&self, sandbox: &SandboxId) -> bool {
        self.faulty
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&sandbox.0)
    }

    /// Runs `work` on this sandbox's faults, and brings the set of sandboxes
    /// with faults up to date in the same transaction (on the database's
    /// thread, one at a time), so that concurrent changes cannot leave it wrong.
    pub async fn run_faults<T, F>(&self, sandbox: SandboxId, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx<'_>) -> AppResult<T> + Send + 'static,
    {
        let faulty = Arc::clone(&self.faulty);
        self.run(sandbox, move |ctx| {
            let result = work(ctx)?;
            let any = crate::faults::any(ctx)?;
            let mut faulty = faulty.lock().unwrap_or_else(PoisonError::into_inner);
            if any {
                faulty.insert(ctx.sandbox.to_owned());
            } else {
                faulty.remove(ctx.sandbox);
            }
            Ok(result)
        })
        .await
    }

    /// The scenarios to offer; with `default`, new and reset sandboxes start
    /// from that one.
    pub fn with_scenarios(
        mut self,
        scenarios: Scenarios,
        default: Option<&str>,
    ) -> Result<Self, String> {
        if let Some(name) = default {
            let scenario = scenarios
                .get(name)
                .ok_or_else(|| format!("there is no scenario '{name}'"))?
                .clone();
            let shared = self.configure();
            shared.store = shared.store.clone().with_default_scenario(scenario);
            shared.default_scenario = Some(name.to_owned());
        }
        self.configure().scenarios = scenarios;
        Ok(self)
    }

    pub fn with_relay(mut self, relay: SmtpRelay) -> Self {
        self.configure().relay = Some(relay);
        self
    }

    /// Like [`AppState::run`], for work that sends messages (`sent` picks them
    /// from the result). The work and the publishing run in a task of their
    /// own, so a client that goes away while the transaction commits cannot
    /// keep its messages from the live streams or the relay. With a relay
    /// configured, the messages are marked pending in the same transaction, so
    /// a delivery cut short by a restart is retried at the next start.
    pub async fn run_sending<T, F>(
        &self,
        sandbox: SandboxId,
        work: F,
        sent: fn(&T) -> &[MessageSummary],
    ) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx<'_>) -> AppResult<T> + Send + 'static,
    {
        let state = self.clone();
        let relayed = self.relay.is_some();
        tokio::spawn(async move {
            let result = state
                .run(sandbox.clone(), move |ctx| {
                    let result = work(ctx)?;
                    if relayed {
                        for message in sent(&result) {
                            outbox::mark_relay_pending(ctx, message.id)?;
                        }
                    }
                    Ok(result)
                })
                .await?;
            state.publish(&sandbox, sent(&result));
            Ok(result)
        })
        .await
        .map_err(AppError::internal)?
    }

    /// Delivers, in the background, every message whose delivery to the
    /// relay was cut short (the server stopped first). Called at start.
    pub fn spawn_relay_catch_up(&self) {
        let Some(relay) = self.relay.clone() else {
            return;
        };
        let state = self.clone();
        tokio::spawn(async move {
            let pending = match state.store.transact_global(outbox::relay_pending).await {
                Ok(pending) => pending,
                Err(error) => {
                    tracing::error!(?error, "listing undelivered messages failed");
                    return;
                }
            };
            if !pending.is_empty() {
                tracing::info!(
                    count = pending.len(),
                    "delivering messages a restart cut short"
                );
            }
            for (sandbox, message) in pending {
                let sandbox = SandboxId(sandbox);
                if let Err(error) = state.relay_one(&relay, &sandbox, message).await {
                    tracing::error!(?error, "recording the relay outcome failed");
                }
            }
        });
    }

    /// Tells the live outbox streams of `sandbox` that messages were read,
    /// deleted or replaced (no subscriber is not an error).
    pub fn publish_change(&self, sandbox: &SandboxId) {
        let _ = self.events.send(OutboxEvent {
            sandbox: sandbox.0.clone(),
            change: OutboxChange::Changed,
        });
    }

    /// Tells the live outbox streams of `sandbox` about new messages and,
    /// with a relay configured, delivers them in the background.
    pub fn publish(&self, sandbox: &SandboxId, messages: &[MessageSummary]) {
        for message in messages {
            // No subscriber is not an error: nobody is watching.
            let _ = self.events.send(OutboxEvent {
                sandbox: sandbox.0.clone(),
                change: OutboxChange::New(Box::new(message.clone())),
            });
        }
        if let Some(relay) = self.relay.clone() {
            let state = self.clone();
            let sandbox = sandbox.clone();
            let messages = messages.to_vec();
            tokio::spawn(async move {
                for message in messages {
                    if let Err(error) = state.relay_one(&relay, &sandbox, message).await {
                        tracing::error!(?error, "recording the relay outcome failed");
                    }
                }
            });
        }
    }

    /// Delivers one message and records the outcome on it. A message whose
    /// sandbox has gone (expired, or reset) meanwhile is not delivered, and
    /// the sandbox is not brought back.
    async fn relay_one(
        &self,
        relay: &SmtpRelay,
        sandbox: &SandboxId,
        message: MessageSummary,
    ) -> AppResult<()> {
        let id = message.id;
        let now = self.clock.now();
        let raw = self
            .store
            .transact_existing(sandbox.0.clone(), now, move |ctx| {
                outbox::raw(ctx, id).map(|(_, raw)| raw)
            })
            .await;
        let raw = match raw {
            Ok(Some(raw)) => raw,
            Ok(None) => return Ok(()),
            Err(error) if error.status == axum::http::StatusCode::NOT_FOUND => return Ok(()),
            Err(error) => return Err(error),
        };
        let outcome = relay.deliver(&message, &raw).await;
        self.store
            .transact_existing(sandbox.0.clone(), now, move |ctx| {
                outbox::record_relay(ctx, id, &outcome)
            })
            .await
            .map(drop)
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
