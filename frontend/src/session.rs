//! Who is signed in, and where the guided walkthrough stands: app-wide state
//! shared through context.

use leptos::prelude::*;
use shared::api::Session;
use shared::eligibility::IneligibleReason;

use crate::api::{self, ApiResult};
use crate::prefs::Prefs;

/// The signed-in persona: fetched once, then set from the answers of signing
/// in and out, and asked for again after a scenario.
#[derive(Clone, Copy)]
pub struct SessionCtx {
    pub session: LocalResource<ApiResult<Session>>,
    /// Set while the session is asked for again: the answer from before may
    /// no longer hold, so pages that need a sign-in wait for the new one.
    pub reloading: RwSignal<bool>,
}

impl SessionCtx {
    /// The server's answer to signing in or out: who is signed in now.
    pub fn set(self, session: Session) {
        self.session.set(Some(Ok(session)));
    }

    /// Asks the server again who is signed in (a scenario signed someone
    /// in, a failed answer is retried).
    pub fn reload(self) {
        self.reloading.set(true);
        leptos::task::spawn_local(async move {
            let answer = api::session().await;
            self.session.set(Some(answer));
            self.reloading.set(false);
        });
    }

    /// Asks who is signed in without showing it; the pages are drawn again
    /// only when the answer differs from what they show.
    fn check_quietly(self) {
        leptos::task::spawn_local(async move {
            if let Ok(now) = api::session().await {
                let known = self.session.get_untracked().and_then(Result::ok);
                if known.as_ref() != Some(&now) {
                    self.set(now);
                }
            }
        });
    }
}

pub fn provide_session() -> SessionCtx {
    let ctx = SessionCtx {
        session: LocalResource::new(api::session),
        reloading: RwSignal::new(false),
    };
    provide_context(ctx);
    // Back to this tab: someone may have signed in as another persona (or
    // out) in another tab of the same sandbox. Asked quietly; the pages are
    // drawn again only when the answer differs.
    crate::dom::on_back_to_tab(move || ctx.check_quietly());
    // An answer said "sign in first" or "only the Account Administrator":
    // signed out or in as someone else meanwhile. Signed out, the sign-in
    // guard then goes to the sign-in page and back here after it.
    api::on_session_in_doubt(move || ctx.check_quietly());
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

/// Why the walkthrough cannot go on from where the user is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detour {
    /// A page that is none of the nine steps (the outbox, a mistyped address).
    OffPath,
    /// This persona cannot opt this scope in (the pane says why);
    /// `other_scope`: another of its scopes can be.
    Blocked {
        reason: IneligibleReason,
        other_scope: bool,
    },
}

/// The step the user is on (1 to 9), or 10 once every step is done.
#[derive(Clone, Copy)]
pub struct Guide {
    pub step: RwSignal<u8>,
    /// Set where the walkthrough cannot go on; cleared by the next step.
    pub detour: RwSignal<Option<Detour>>,
    /// Set once the profile pane has been seen, or the recipients (step 6
    /// is optional: going on past it counts), so step 6 counts as done.
    pub step_6_passed: RwSignal<bool>,
    /// The scope whose recipients were saved with Done (at least one), so
    /// every step counts as done there, and only there.
    pub recipients_saved: RwSignal<Option<String>>,
    /// Whether guided mode is on (the user's preference).
    pub enabled: RwSignal<bool>,
}

impl Guide {
    /// Makes `step` the current one.
    pub fn at(&self, step: u8) {
        self.stand(step, None);
    }

    /// Makes `step` the current one, where the walkthrough cannot go on
    /// (`detour`) or can (`None`); writes only what changes.
    pub fn stand(&self, step: u8, detour: Option<Detour>) {
        if self.step.get_untracked() != step {
            self.step.set(step);
        }
        if self.detour.get_untracked() != detour {
            self.detour.set(detour);
        }
    }

    /// Says which step a page is, once it has rendered (never during a
    /// render: writing a signal then would re-enter the views being built).
    pub fn enter(self, step: u8) {
        Effect::new(move |_| self.at(step));
    }

    /// Says that the walkthrough cannot go on from here (once rendered, like
    /// [`Guide::enter`]); the steps done so far stay done.
    pub fn detour(self, detour: Detour) {
        Effect::new(move |_| self.stand(self.step.get_untracked(), Some(detour)));
    }

    /// The step after opting `scope` in: Update profile (6), Configure
    /// recipients once the profile was seen (7), or done (10).
    pub fn next_after_opt_in(&self, scope: &str) -> u8 {
        if self.is_done_for(scope) {
            10
        } else if self.step_6_passed.get_untracked() {
            7
        } else {
            6
        }
    }

    /// Whether every step is done for `scope`: its recipients were saved.
    pub fn is_done_for(&self, scope: &str) -> bool {
        self.recipients_saved
            .with_untracked(|saved| saved.as_deref() == Some(scope))
    }

    /// Starts the walkthrough's progress again.
    pub fn reset(&self) {
        self.step_6_passed.set(false);
        self.recipients_saved.set(None);
    }

    /// Whether guided mode should outline the control for `step` now.
    pub fn is_target(&self, step: u8) -> bool {
        self.enabled.get() && self.step.get() == step && self.detour.get().is_none()
    }
}

/// Where the walkthrough's progress is kept for this tab, so that a reload
/// does not forget steps 6 and 9 (the server knows the rest).
const PROGRESS_KEY: &str = "portal.guide-progress";
/// In that record: step 6 passed, and the scope whose recipients were saved.
const STEP_6_PASSED: &str = "profile";
const RECIPIENTS_SAVED: &str = "recipients=";

/// Forgets the walkthrough's progress (the sandbox was reset or put into a
/// scenario, or the user signed out).
pub fn forget_guide_progress() {
    if let Some(storage) = crate::dom::session_storage() {
        let _ = storage.remove_item(PROGRESS_KEY);
    }
}

pub fn provide_guide(prefs: Prefs) -> Guide {
    let progress = crate::dom::session_storage()
        .and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten())
        .unwrap_or_default();
    let guide = Guide {
        step: RwSignal::new(1),
        detour: RwSignal::new(None),
        step_6_passed: RwSignal::new(progress.split(',').any(|flag| flag == STEP_6_PASSED)),
        recipients_saved: RwSignal::new(
            progress
                .split(',')
                .find_map(|flag| flag.strip_prefix(RECIPIENTS_SAVED))
                .map(str::to_owned),
        ),
        enabled: prefs.guide,
    };
    Effect::new(move |_| {
        let flags = [
            guide.step_6_passed.get().then(|| STEP_6_PASSED.to_owned()),
            guide
                .recipients_saved
                .get()
                .map(|scope| format!("{RECIPIENTS_SAVED}{scope}")),
        ];
        let value = flags.into_iter().flatten().collect::<Vec<_>>().join(",");
        if let Some(storage) = crate::dom::session_storage() {
            let _ = storage.set_item(PROGRESS_KEY, &value);
        }
    });
    provide_context(guide);
    guide
}

pub fn use_guide() -> Guide {
    expect_context::<Guide>()
}
