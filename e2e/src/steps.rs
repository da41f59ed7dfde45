//! The nine steps of the article, each done as a person would: find the
//! visible control by its role and its label in the current language, click,
//! type. Just before using the control a step names, the step calls the
//! [`Hook`]: tests pass [`NoHook`] or an accessibility check, the screenshot
//! set captures the page there. The same code proves the flow and shows it.

use std::future::Future;

use anyhow::{ensure, Context, Result};
use serde_json::json;

use crate::browser::{Browser, Control};
use shared::api::paths;
pub use shared::Locale;

pub use shared::Theme;

/// A step of the article: its number, a file-name slug, and the label the
/// article uses for it (SPEC.md: English, and the Dutch seed wording).
#[derive(Debug, Clone, Copy)]
pub struct Step {
    pub number: u8,
    pub slug: &'static str,
    en: &'static str,
    nl: &'static str,
}

impl Step {
    pub fn label(&self, lang: Locale) -> &'static str {
        match lang {
            Locale::EnUs => self.en,
            Locale::NlNl => self.nl,
        }
    }

    /// What the guide panel tells the user to do, in `lang`.
    pub fn instruction(&self, messages: &crate::messages::Messages) -> String {
        messages.get(&format!("guide-step-{}", self.number))
    }
}

pub const STEPS: [Step; 9] = [
    Step {
        number: 1,
        slug: "sign-in",
        en: "Sign in",
        nl: "Aanmelden",
    },
    Step {
        number: 2,
        slug: "cost-management-billing",
        en: "Cost Management + Billing",
        nl: "Kostenbeheer + facturering",
    },
    Step {
        number: 3,
        slug: "invoices",
        en: "Invoices",
        nl: "Facturen",
    },
    Step {
        number: 4,
        slug: "receive-invoice-by-email",
        en: "Receive invoice by email",
        nl: "Factuur per e-mail ontvangen",
    },
    Step {
        number: 5,
        slug: "email-invoice",
        en: "Email invoice",
        nl: "E-mail factuur",
    },
    Step {
        number: 6,
        slug: "update-profile",
        en: "Update profile",
        nl: "Profiel bijwerken",
    },
    Step {
        number: 7,
        slug: "configure-recipients",
        en: "Configure recipients",
        nl: "Geadresseerden configureren",
    },
    Step {
        number: 8,
        slug: "add-recipient",
        en: "Add recipient",
        nl: "Geadresseerde toevoegen",
    },
    Step {
        number: 9,
        slug: "done",
        en: "Done",
        nl: "Gedaan",
    },
];

fn step(number: u8) -> &'static Step {
    &STEPS[usize::from(number) - 1]
}

/// Called on the control a step names, just before the step uses it.
pub trait Hook {
    fn at(
        &mut self,
        browser: &Browser,
        step: &'static Step,
        control: &Control,
    ) -> impl Future<Output = Result<()>>;

    /// Called on a later control of the same step (the button after the
    /// box), just before the step uses it; one screenshot per step stays
    /// with `at`.
    fn then(
        &mut self,
        _browser: &Browser,
        _step: &'static Step,
        _control: &Control,
    ) -> impl Future<Output = Result<()>> {
        async { Ok(()) }
    }
}

/// Does nothing: the walkthrough only.
pub struct NoHook;

impl Hook for NoHook {
    async fn at(&mut self, _: &Browser, _: &'static Step, _: &Control) -> Result<()> {
        Ok(())
    }
}

/// What the walkthrough types and picks.
pub struct Plan {
    pub persona: &'static str,
    pub scope: &'static str,
    pub scope_id: &'static str,
    pub preferred_email: &'static str,
    pub recipients: &'static [&'static str],
}

/// Noor Jansen, the Account Administrator, on the production subscription.
pub const PLAN: Plan = Plan {
    persona: "Noor Jansen",
    scope: "Tulipworks Production",
    scope_id: "sub-production",
    preferred_email: "invoices@tulipworks.example",
    recipients: &[
        "finance@tulipworks.example",
        "controller@tulipworks.example",
    ],
};

/// What a person types in the top bar's search in `lang`.
pub fn search_term(lang: Locale) -> &'static str {
    match lang {
        Locale::EnUs => "billing",
        Locale::NlNl => "facturering",
    }
}

impl Step {
    /// This step's label, in the browser's language.
    fn of(&self, browser: &Browser) -> &'static str {
        self.label(browser.lang)
    }
}

/// Step 1: open the portal and pick the account.
pub async fn sign_in(b: &Browser, hook: &mut impl Hook, persona: &str) -> Result<()> {
    let s = step(1);
    b.open("/signin").await?;
    b.find("heading", s.of(b)).await?;
    let account = b.find_containing("button", persona).await?;
    hook.at(b, s, &account).await?;
    b.click_control(&account).await?;
    b.find("heading", &b.t("home-title")).await?;
    Ok(())
}

/// Step 2: search the top bar for the service and choose it.
pub async fn search_service(b: &Browser, hook: &mut impl Hook) -> Result<()> {
    let s = step(2);
    let search = b.find("combobox", &b.t("search-label")).await?;
    b.click_control(&search).await?;
    search.element.send_keys(search_term(b.lang)).await?;
    let hit = b.find_containing("option", s.of(b)).await?;
    hook.at(b, s, &hit).await?;
    b.click_control(&hit).await?;
    b.find_containing("heading", s.of(b)).await?;
    Ok(())
}

/// Step 3: Invoices in the left menu.
pub async fn open_invoices(b: &Browser, hook: &mut impl Hook) -> Result<()> {
    let s = step(3);
    let item = b.find("link", s.of(b)).await?;
    hook.at(b, s, &item).await?;
    b.click_control(&item).await?;
    b.find("button", step(4).of(b)).await?;
    Ok(())
}

/// Step 4: pick the scope, then Receive invoice by email.
pub async fn receive_by_email(b: &Browser, hook: &mut impl Hook, scope: &str) -> Result<()> {
    let s = step(4);
    let picker = b.find("combobox", &b.t("scope-picker-label")).await?;
    picker
        .element
        .select_by_label(scope)
        .await
        .with_context(|| format!("choosing {scope:?} in {}", picker.description))?;
    b.wait_js(
        &format!("{scope:?} to be the chosen scope"),
        "const s = document.getElementById('scope-picker');
         return s && s.selectedOptions[0] && s.selectedOptions[0].textContent.trim() === arguments[0]
           && document.querySelector('.scope-header') !== null;",
        vec![json!(scope)],
    )
    .await?;
    let command = b.find("button", s.of(b)).await?;
    hook.at(b, s, &command).await?;
    b.click_control(&command).await?;
    b.wait_dialog(s.of(b)).await?;
    Ok(())
}

/// Step 5: Email invoice, then accept the terms and opt in.
pub async fn opt_in(b: &Browser, hook: &mut impl Hook) -> Result<()> {
    let s = step(5);
    let button = b.find("button", s.of(b)).await?;
    ensure!(
        !b.is_disabled(&button).await?,
        "{} is disabled for an eligible scope",
        button.description
    );
    hook.at(b, s, &button).await?;
    b.click_control(&button).await?;
    b.wait_dialog(s.of(b)).await?;
    // The guide outlines the box, then, once it is ticked, the button.
    let agree = b.find("checkbox", &b.t("terms-agree")).await?;
    hook.then(b, s, &agree).await?;
    b.click_control(&agree).await?;
    let accept = b.find("button", &b.t("opt-in")).await?;
    hook.then(b, s, &accept).await?;
    b.click_control(&accept).await?;
    b.wait_dialog(step(4).of(b)).await?;
    b.find("button", step(6).of(b)).await?;
    Ok(())
}

/// Step 6: Update profile: change the preferred email and save.
pub async fn update_profile(b: &Browser, hook: &mut impl Hook, email: &str) -> Result<()> {
    let s = step(6);
    let button = b.find("button", s.of(b)).await?;
    hook.at(b, s, &button).await?;
    b.click_control(&button).await?;
    b.wait_dialog(s.of(b)).await?;
    b.fill(&b.t("preferred-email"), email).await?;
    b.click("button", &b.t("save")).await?;
    b.wait_dialog(step(4).of(b)).await?;
    b.wait_text(email).await?;
    Ok(())
}

/// Step 7: Configure recipients (once opted in).
pub async fn configure_recipients(b: &Browser, hook: &mut impl Hook) -> Result<()> {
    let s = step(7);
    let button = b.find("button", s.of(b)).await?;
    hook.at(b, s, &button).await?;
    b.click_control(&button).await?;
    b.wait_dialog(s.of(b)).await?;
    b.find("textbox", &b.t("recipient-input-label")).await?;
    Ok(())
}

/// Step 8: type each address and Add recipient.
pub async fn add_recipients(b: &Browser, hook: &mut impl Hook, addresses: &[&str]) -> Result<()> {
    let s = step(8);
    for (index, address) in addresses.iter().enumerate() {
        b.fill(&b.t("recipient-input-label"), address).await?;
        let add = b.find("button", s.of(b)).await?;
        if index == 0 {
            hook.at(b, s, &add).await?;
        }
        b.click_control(&add).await?;
        b.find_containing("listitem", address).await?;
    }
    Ok(())
}

/// Step 9: Done, at the bottom of the pane, saves the list.
pub async fn done(b: &Browser, hook: &mut impl Hook, addresses: &[&str]) -> Result<()> {
    let s = step(9);
    let button = b.find("button", s.of(b)).await?;
    hook.at(b, s, &button).await?;
    b.click_control(&button).await?;
    b.wait_dialog(step(4).of(b)).await?;
    for address in addresses {
        b.find_containing("listitem", address).await?;
    }
    Ok(())
}

/// The whole walkthrough of [`PLAN`], steps 1 to 9.
pub async fn walkthrough(b: &Browser, hook: &mut impl Hook) -> Result<()> {
    sign_in(b, hook, PLAN.persona).await.context("step 1")?;
    search_service(b, hook).await.context("step 2")?;
    open_invoices(b, hook).await.context("step 3")?;
    receive_by_email(b, hook, PLAN.scope)
        .await
        .context("step 4")?;
    opt_in(b, hook).await.context("step 5")?;
    update_profile(b, hook, PLAN.preferred_email)
        .await
        .context("step 6")?;
    configure_recipients(b, hook).await.context("step 7")?;
    add_recipients(b, hook, PLAN.recipients)
        .await
        .context("step 8")?;
    done(b, hook, PLAN.recipients).await.context("step 9")?;
    Ok(())
}

/// Checks through the API that the walkthrough's changes were saved.
pub fn check_saved(b: &Browser) -> Result<()> {
    let status = b
        .api()
        .call("GET", &paths::email_invoice(PLAN.scope_id), None)?;
    ensure!(status["opted_in"] == true, "not opted in: {status}");
    let recipients: Vec<&str> = status["recipients"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r.as_str()).collect())
        .unwrap_or_default();
    ensure!(
        recipients == PLAN.recipients,
        "the saved recipients are {recipients:?}, not {:?}",
        PLAN.recipients
    );
    ensure!(
        status["preferred_email"] == PLAN.preferred_email,
        "the preferred email is {}, not {}",
        status["preferred_email"],
        PLAN.preferred_email
    );
    // The opt-in's confirmation is in the language the terms were read in.
    let confirmation = b.api().call("GET", "/api/outbox/1", None)?;
    let html_lang = format!("<html lang=\"{}\">", b.lang.tag());
    ensure!(
        confirmation["summary"]["kind"] == "opt_in_confirmation"
            && confirmation["html"]
                .as_str()
                .is_some_and(|html| html.contains(&html_lang)),
        "the confirmation is not in {}: {}",
        b.lang.tag(),
        confirmation["summary"]["subject"]
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_labels_are_the_apps() {
        for lang in Locale::ALL {
            let messages = crate::messages::Messages::new(lang);
            for s in &STEPS {
                assert_eq!(
                    messages.get(&format!("step-{}-label", s.number)),
                    s.label(lang),
                    "{} step {}",
                    lang.tag(),
                    s.number
                );
            }
        }
    }
}
