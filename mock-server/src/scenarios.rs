//! Scenarios: named presets from a TOML file that put a sandbox into a known
//! state in one step. The file is checked when the server starts; a mistake
//! is reported with the file, line and field.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use shared::api::{Cause, MessageSummary, ScenarioInfo};
use shared::recipients::validate_recipient_list;
use shared::{eligibility, EmailAddress, Locale, PersonaId};
use toml::Spanned;

use crate::error::AppResult;
use crate::store::Ctx;
use crate::{portal, seed, terms};

/// The scenarios that ship with the server (the same file as in the repo).
pub const BUILT_IN: &str = include_str!("../../scenarios/scenarios.toml");
/// Where `--scenarios` looks by default, relative to the working directory.
pub const DEFAULT_PATH: &str = "scenarios/scenarios.toml";
const MAX_BILLING_CYCLES: u32 = 24;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    scenario: Vec<Spanned<RawScenario>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: Spanned<String>,
    title: String,
    persona: Option<Spanned<String>>,
    scope: Option<Spanned<String>>,
    start: Spanned<String>,
    preferred_email: Option<Spanned<String>>,
    locale: Option<Spanned<String>>,
    billing_cycles: Option<Spanned<u32>>,
    #[serde(default)]
    opt_in: Vec<RawOptIn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOptIn {
    scope: Spanned<String>,
    recipients: Option<Spanned<Vec<String>>>,
}

/// A checked scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub title: String,
    pub persona: Option<PersonaId>,
    pub start_path: String,
    pub preferred_email: Option<EmailAddress>,
    pub locale: Option<Locale>,
    pub billing_cycles: u32,
    pub opt_ins: Vec<(String, Vec<EmailAddress>)>,
}

impl Scenario {
    pub fn info(&self) -> ScenarioInfo {
        ScenarioInfo {
            name: self.name.clone(),
            title: self.title.clone(),
            persona: self.persona.clone(),
            start_path: self.start_path.clone(),
        }
    }
}

/// Every scenario, in file order.
#[derive(Debug, Clone, Default)]
pub struct Scenarios {
    list: Arc<Vec<Scenario>>,
}

/// A mistake in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {field}: {message}")]
pub struct ScenarioError {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub message: String,
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

impl Scenarios {
    pub fn all(&self) -> &[Scenario] {
        &self.list
    }

    pub fn get(&self, name: &str) -> Option<&Scenario> {
        self.list.iter().find(|s| s.name == name)
    }

    /// Reads and checks a scenario file.
    pub fn load(path: &Path) -> Result<Scenarios, ScenarioError> {
        let source = std::fs::read_to_string(path).map_err(|e| ScenarioError {
            file: path.display().to_string(),
            line: 0,
            field: "file".into(),
            message: e.to_string(),
        })?;
        Scenarios::parse(&path.display().to_string(), &source)
    }

    /// Checks scenario text; `file` names it in errors.
    pub fn parse(file: &str, source: &str) -> Result<Scenarios, ScenarioError> {
        let error = |offset: usize, field: &str, message: String| ScenarioError {
            file: file.to_owned(),
            line: line_of(source, offset),
            field: field.to_owned(),
            message,
        };
        let parsed: File = toml::from_str(source).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            error(offset, "syntax", e.message().trim().to_owned())
        })?;
        let mut names = HashSet::new();
        let mut list = Vec::new();
        for raw in parsed.scenario {
            let raw = raw.into_inner();
            let name = raw.name.get_ref().clone();
            let at = |spanned_start: usize, field: &str, message: String| {
                error(
                    spanned_start,
                    &format!("scenario '{name}'.{field}"),
                    message,
                )
            };
            let valid_name = !name.is_empty()
                && name.len() <= 64
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !valid_name {
                return Err(at(
                    raw.name.span().start,
                    "name",
                    "use 1 to 64 letters, digits or '-'".into(),
                ));
            }
            if !names.insert(name.clone()) {
                return Err(at(
                    raw.name.span().start,
                    "name",
                    "another scenario has this name".into(),
                ));
            }
            let persona = match &raw.persona {
                Some(p) => Some(seed::persona(p.get_ref()).map(|p| p.id).ok_or_else(|| {
                    at(
                        p.span().start,
                        "persona",
                        format!("there is no persona '{}'", p.get_ref()),
                    )
                })?),
                None => None,
            };
            let scope = match &raw.scope {
                Some(s) => {
                    let Some(persona) = &persona else {
                        return Err(at(
                            s.span().start,
                            "scope",
                            "a scope needs a persona who can see it".into(),
                        ));
                    };
                    seed::visible_scope(persona, s.get_ref()).ok_or_else(|| {
                        at(
                            s.span().start,
                            "scope",
                            format!("{persona} cannot see a scope '{}'", s.get_ref()),
                        )
                    })?;
                    Some(s.get_ref().clone())
                }
                None => None,
            };
            let start_path = start_path(raw.start.get_ref(), scope.as_deref())
                .map_err(|m| at(raw.start.span().start, "start", m))?;
            if persona.is_none() && raw.start.get_ref() != "signin" {
                return Err(at(
                    raw.start.span().start,
                    "start",
                    "signed out, the app can only start at signin".into(),
                ));
            }
            let preferred_email = match &raw.preferred_email {
                Some(e) => Some(
                    EmailAddress::parse(e.get_ref())
                        .map_err(|err| at(e.span().start, "preferred_email", err.to_string()))?,
                ),
                None => None,
            };
            if preferred_email.is_some() && persona.is_none() {
                return Err(at(0, "preferred_email", "needs a persona".into()));
            }
            let locale = match &raw.locale {
                Some(l) => Some(
                    Locale::from_tag(l.get_ref())
                        .ok_or_else(|| at(l.span().start, "locale", "use en-US or nl-NL".into()))?,
                ),
                None => None,
            };
            let cycles = raw.billing_cycles.as_ref().map_or(0, |c| *c.get_ref());
            if let Some(spanned) = raw
                .billing_cycles
                .as_ref()
                .filter(|_| cycles > MAX_BILLING_CYCLES)
            {
                return Err(at(
                    spanned.span().start,
                    "billing_cycles",
                    format!("at most {MAX_BILLING_CYCLES}"),
                ));
            }
            let mut opt_ins = Vec::new();
            for opt_in in raw.opt_in {
                let scope_id = opt_in.scope.get_ref();
                let scope = seed::all_scopes()
                    .into_iter()
                    .find(|s| s.id.0 == *scope_id)
                    .ok_or_else(|| {
                        at(
                            opt_in.scope.span().start,
                            "opt_in.scope",
                            format!("there is no scope '{scope_id}'"),
                        )
                    })?;
                if let Some(reason) =
                    eligibility(shared::Role::AccountAdministrator, &scope).reason()
                {
                    return Err(at(
                        opt_in.scope.span().start,
                        "opt_in.scope",
                        reason.message().to_owned(),
                    ));
                }
                let (typed, offset) = match &opt_in.recipients {
                    Some(list) => (list.get_ref().as_slice(), list.span().start),
                    None => (&[][..], opt_in.scope.span().start),
                };
                // The invoices go to the scope's Account Administrator's
                // preferred email: the scenario's, when it signs them in.
                let admin = seed::account_admin_of(&scope.id);
                let preferred = match (&persona, &preferred_email) {
                    (Some(persona), Some(email)) if *persona == admin => email.clone(),
                    _ => seed::persona(&admin.0).map(|p| p.email).ok_or_else(|| {
                        at(
                            opt_in.scope.span().start,
                            "opt_in.scope",
                            format!("'{scope_id}' has no Account Administrator"),
                        )
                    })?,
                };
                let recipients = validate_recipient_list(typed, &preferred).map_err(|(i, e)| {
                    at(offset, &format!("opt_in.recipients[{i}]"), e.to_string())
                })?;
                opt_ins.push((scope_id.clone(), recipients));
            }
            list.push(Scenario {
                name,
                title: raw.title,
                persona,
                start_path,
                preferred_email,
                locale,
                billing_cycles: cycles,
                opt_ins,
            });
        }
        Ok(Scenarios {
            list: Arc::new(list),
        })
    }
}

/// The app's path for a start page.
fn start_path(start: &str, scope: Option<&str>) -> Result<String, String> {
    let scoped = |suffix: &str| {
        scope
            .map(|s| {
                format!(
                    "/billing/invoices/{}{suffix}",
                    shared::api::paths::encode_segment(s)
                )
            })
            .ok_or_else(|| format!("start = \"{start}\" needs a scope"))
    };
    match start {
        "signin" => Ok("/signin".into()),
        "home" => Ok("/home".into()),
        "billing" => Ok("/billing".into()),
        "invoices" => scope.map_or(Ok("/billing/invoices".into()), |_| scoped("")),
        "email-invoice" => scoped("/email-invoice"),
        "recipients" => scoped("/recipients"),
        "outbox" => Ok("/outbox".into()),
        other => Err(format!(
            "'{other}' is not a start page; use signin, home, billing, invoices, email-invoice, recipients or outbox"
        )),
    }
}

/// Puts a freshly reset sandbox into the scenario's state, through the same
/// rules a user would go through. Returns the messages it sent.
pub fn apply(ctx: &Ctx<'_>, scenario: &Scenario, cause: &Cause) -> AppResult<Vec<MessageSummary>> {
    let mut messages = Vec::new();
    if let Some(persona) = &scenario.persona {
        portal::sign_in(ctx, persona)?;
        if scenario.preferred_email.is_some() || scenario.locale.is_some() {
            let current = portal::profile(ctx)?;
            let email = scenario
                .preferred_email
                .as_ref()
                .unwrap_or(&current.preferred_email);
            portal::update_profile(ctx, email.as_str(), scenario.locale, None)?;
        }
    }
    for (scope, recipients) in &scenario.opt_ins {
        let admin = seed::account_admin_of(&shared::ScopeId(scope.clone()));
        portal::sign_in(ctx, &admin)?;
        let (_, confirmation) = portal::opt_in(ctx, scope, terms::CURRENT_VERSION, None, cause)?;
        messages.push(confirmation);
        let typed: Vec<String> = recipients.iter().map(|r| r.as_str().to_owned()).collect();
        portal::replace_recipients(ctx, scope, &typed, None)?;
    }
    for _ in 0..scenario.billing_cycles {
        messages.extend(portal::run_billing_cycle(ctx, cause)?.messages);
    }
    match &scenario.persona {
        Some(persona) => {
            portal::sign_in(ctx, persona)?;
        }
        None => portal::sign_out(ctx)?,
    }
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_scenarios_are_valid_and_cover_the_issue() {
        let scenarios = Scenarios::parse("scenarios.toml", BUILT_IN).unwrap();
        for name in [
            "fresh-admin",
            "opted-in-three-recipients",
            "recipients-at-limit",
            "co-administrator",
            "billing-reader",
            "government-subscription",
            "reservation-selected",
        ] {
            assert!(scenarios.get(name).is_some(), "{name}");
        }
        let limit = scenarios.get("recipients-at-limit").unwrap();
        assert_eq!(limit.opt_ins[0].1.len(), shared::MAX_RECIPIENTS);
        assert_eq!(
            limit.start_path,
            "/billing/invoices/sub-production/recipients"
        );
    }

    fn error(source: &str) -> ScenarioError {
        Scenarios::parse("test.toml", source).unwrap_err()
    }

    #[test]
    fn mistakes_name_the_file_line_and_field() {
        let e = error(
            "[[scenario]]\nname = \"a\"\ntitle = \"A\"\npersona = \"nobody\"\nstart = \"home\"\n",
        );
        assert_eq!(
            (e.file.as_str(), e.line, e.field.as_str()),
            ("test.toml", 4, "scenario 'a'.persona")
        );
        assert!(
            e.to_string()
                .starts_with("test.toml:4: scenario 'a'.persona: there is no persona 'nobody'"),
            "{e}"
        );

        let e = error("[[scenario]]\nname = \"a\"\ntitle = \"A\"\npersona = \"account-admin\"\nstart = \"home\"\n[[scenario.opt_in]]\nscope = \"reservation-vm\"\n");
        assert_eq!((e.line, e.field.as_str()), (7, "scenario 'a'.opt_in.scope"));

        let e = error("[[scenario]]\nname = \"a\"\ntitle = \"A\"\npersona = \"account-admin\"\nstart = \"home\"\n[[scenario.opt_in]]\nscope = \"sub-production\"\nrecipients = [\"ok@x.example\", \"not an address\"]\n");
        assert_eq!(
            (e.line, e.field.as_str()),
            (8, "scenario 'a'.opt_in.recipients[1]")
        );

        // The preferred email receives every invoice already: refused at
        // start, not when the scenario is applied.
        let e = error("[[scenario]]\nname = \"a\"\ntitle = \"A\"\npersona = \"account-admin\"\nstart = \"home\"\n[[scenario.opt_in]]\nscope = \"sub-production\"\nrecipients = [\"ok@x.example\", \"Noor.Jansen@tulipworks.example\"]\n");
        assert_eq!(
            (e.line, e.field.as_str()),
            (8, "scenario 'a'.opt_in.recipients[1]")
        );
        assert!(
            e.to_string().contains("preferred communication email"),
            "{e}"
        );
        let e = error("[[scenario]]\nname = \"a\"\ntitle = \"A\"\npersona = \"account-admin\"\nstart = \"home\"\npreferred_email = \"billing@tulipworks.example\"\n[[scenario.opt_in]]\nscope = \"sub-production\"\nrecipients = [\"billing@tulipworks.example\"]\n");
        assert_eq!(
            (e.line, e.field.as_str()),
            (9, "scenario 'a'.opt_in.recipients[0]")
        );
        // The seeded address is an ordinary recipient once it is no longer
        // the preferred email.
        Scenarios::parse("test.toml", "[[scenario]]\nname = \"a\"\ntitle = \"A\"\npersona = \"account-admin\"\nstart = \"home\"\npreferred_email = \"billing@tulipworks.example\"\n[[scenario.opt_in]]\nscope = \"sub-production\"\nrecipients = [\"noor.jansen@tulipworks.example\"]\n").unwrap();

        let e = error("[[scenario]]\nname = \"a\"\ntitle = \"A\"\nstart = \"moon\"\n");
        assert_eq!((e.line, e.field.as_str()), (4, "scenario 'a'.start"));

        let e = error(
            "[[scenario]]\nname = \"a\"\ntitle = \"A\"\nstart = \"signin\"\ncolour = \"red\"\n",
        );
        assert_eq!(e.field, "syntax");
        assert_eq!(e.line, 5, "{e}");

        let e = error("[[scenario]]\nname = \"a\"\ntitle = \"A\"\nstart = \"signin\"\n[[scenario]]\nname = \"a\"\ntitle = \"B\"\nstart = \"signin\"\n");
        assert_eq!((e.line, e.field.as_str()), (6, "scenario 'a'.name"));

        let e = error("[[scenario]\n");
        assert_eq!((e.line, e.field.as_str()), (1, "syntax"));
    }
}
