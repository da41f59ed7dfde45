//! Who is signed in, and where the guided walkthrough stands: app-wide state
//! shared through context.

use leptos::prelude::*;
use shared::api::Session;

use crate::api::{self, ApiResult};
use crate::prefs::Prefs;

/// The signed-in persona, fetched once and refetched after sign-in or out.
#[derive(Clone, Copy)]
pub struct SessionCtx {
    pub session: LocalResource<ApiResult<Session>>,
}

pub fn provide_session() -> SessionCtx {
    let ctx = SessionCtx {
        session: LocalResource::new(api::session),
    };
    provide_context(ctx);
    ctx
}

pub fn use_session() -> SessionCtx {
    expect_context::<SessionCtx>()
}

/// Bumped whenever the outbox changes (new, read, deleted messages), so the
/// top bar's unread count and the outbox list reload.
#[derive(Clone, Copy)]
pub struct OutboxVersion(pub RwSignal<u32>);

impl OutboxVersion {
    pub fn bump(self) {
        self.0.update(|v| *v += 1);
    }
}

pub fn use_outbox_version() -> OutboxVersion {
    expect_context::<OutboxVersion>()
}

/// The nine steps of the article, and where the user is.
pub const STEPS: u8 = 9;

/// The step the user is on (1 to 9), or 10 once every step is done.
#[derive(Clone, Copy)]
pub struct Guide {
    pub step: RwSignal<u8>,
    /// Set once the profile pane has been seen, so step 6 counts as done.
    pub profile_seen: RwSignal<bool>,
    /// Set once recipients were saved with Done, so every step counts as done.
    pub recipients_saved: RwSignal<bool>,
    /// Whether guided mode is on (the user's preference).
    pub enabled: RwSignal<bool>,
}

impl Guide {
    /// Makes `step` the current one.
    pub fn at(&self, step: u8) {
        if self.step.get_untracked() != step {
            self.step.set(step);
        }
    }

    /// Says which step a page is, once it has rendered (never during a
    /// render: writing a signal then would re-enter the views being built).
    pub fn enter(self, step: u8) {
        Effect::new(move |_| self.at(step));
    }

    /// Starts the walkthrough's progress again.
    pub fn reset(&self) {
        self.profile_seen.set(false);
        self.recipients_saved.set(false);
    }

    /// Whether guided mode should outline the control for `step` now.
    pub fn is_target(&self, step: u8) -> bool {
        self.enabled.get() && self.step.get() == step
    }
}

/// Where the walkthrough's progress is kept for this tab, so that a reload
/// does not forget steps 6 and 9 (the server knows the rest).
const PROGRESS_KEY: &str = "portal.guide-progress";

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// Forgets the walkthrough's progress (the sandbox was reset or put into a
/// scenario, or the user signed out).
pub fn forget_guide_progress() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(PROGRESS_KEY);
    }
}

pub fn provide_guide(prefs: Prefs) -> Guide {
    let progress = session_storage()
        .and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten())
        .unwrap_or_default();
    let guide = Guide {
        step: RwSignal::new(1),
        profile_seen: RwSignal::new(progress.contains("profile")),
        recipients_saved: RwSignal::new(progress.contains("recipients")),
        enabled: prefs.guide,
    };
    Effect::new(move |_| {
        let flags = [
            guide.profile_seen.get().then_some("profile"),
            guide.recipients_saved.get().then_some("recipients"),
        ];
        let value = flags.into_iter().flatten().collect::<Vec<_>>().join(",");
        if let Some(storage) = session_storage() {
            let _ = storage.set_item(PROGRESS_KEY, &value);
        }
    });
    provide_context(guide);
    guide
}

pub fn use_guide() -> Guide {
    expect_context::<Guide>()
}
