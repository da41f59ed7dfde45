//! The rules of the portal, applied to one sandbox inside one transaction.
//! Handlers stay thin: they decode the request, call one function here, and
//! encode its answer.

use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use shared::api::{
    BillingCycleResponse, Cause, ErrorCode, MessageKind, MessageSummary, ProfileUpdated,
};
use shared::recipients::{check_new_recipient, validate_recipient_list};
use shared::{
    eligibility, BillingScope, EmailAddress, EmailInvoiceStatus, Invoice, InvoiceStatus, Locale,
    Money, Persona, PersonaId, Profile, Role, ScopeId, ScopeSummary, TermsAcceptance,
    MAX_RECIPIENTS,
};

use crate::error::{AppError, AppResult};
use crate::mail::{confirmation_message, invoice_message, InvoiceMail};
use crate::outbox;
use crate::seed;
use crate::store::Ctx;
use crate::terms;

pub fn invoice_status_name(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Paid => "paid",
        InvoiceStatus::Due => "due",
        InvoiceStatus::PastDue => "past_due",
    }
}

fn invoice_status_from(name: &str) -> InvoiceStatus {
    match name {
        "paid" => InvoiceStatus::Paid,
        "past_due" => InvoiceStatus::PastDue,
        _ => InvoiceStatus::Due,
    }
}

// ---- session ----

pub fn session(ctx: &Ctx<'_>) -> AppResult<Option<Persona>> {
    let signed_in: Option<String> = ctx
        .tx
        .prepare_cached("SELECT signed_in FROM sandboxes WHERE id = ?1")?
        .query_row([ctx.sandbox], |row| row.get(0))?;
    Ok(signed_in.and_then(|id| seed::persona(&id)))
}

fn signed_in(ctx: &Ctx<'_>) -> AppResult<Persona> {
    session(ctx)?.ok_or_else(AppError::not_signed_in)
}

pub fn sign_in(ctx: &Ctx<'_>, persona_id: &PersonaId) -> AppResult<Persona> {
    let persona = seed::persona(&persona_id.0).ok_or_else(|| {
        AppError::not_found(format!("There is no persona '{persona_id}'.")).with_field("persona_id")
    })?;
    ctx.tx.execute(
        "UPDATE sandboxes SET signed_in = ?2 WHERE id = ?1",
        params![ctx.sandbox, persona.id.0],
    )?;
    Ok(persona)
}

pub fn sign_out(ctx: &Ctx<'_>) -> AppResult<()> {
    ctx.tx.execute(
        "UPDATE sandboxes SET signed_in = NULL WHERE id = ?1",
        [ctx.sandbox],
    )?;
    Ok(())
}

// ---- scopes and invoices ----

/// The scope, if the signed-in persona can see it; 404 otherwise (a scope you
/// cannot see is indistinguishable from one that does not exist).
fn visible_scope(ctx: &Ctx<'_>, scope: &str) -> AppResult<(Persona, BillingScope)> {
    let persona = signed_in(ctx)?;
    let found = seed::visible_scope(&persona.id, scope).ok_or_else(|| {
        AppError::not_found(format!(
            "There is no billing scope '{scope}' for {}.",
            persona.display_name
        ))
        .with_field("scope_id")
    })?;
    Ok((persona, found))
}

/// What only the Account Administrator may do once a scope is opted in; the
/// refusal names it (opting in is refused by [`eligibility`], whose reason
/// says "opt in").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminAction {
    OptOut,
    ChangeRecipients,
}

impl AdminAction {
    /// The action, completing "Only the Account Administrator of this scope can …".
    pub fn phrase(self) -> &'static str {
        match self {
            AdminAction::OptOut => "opt out of email invoices",
            AdminAction::ChangeRecipients => "change the recipients of email invoices",
        }
    }
}

/// The scope, if the signed-in persona is its Account Administrator.
fn administered_scope(
    ctx: &Ctx<'_>,
    scope: &str,
    action: AdminAction,
) -> AppResult<(Persona, BillingScope)> {
    let (persona, found) = visible_scope(ctx, scope)?;
    if persona.role != Role::AccountAdministrator {
        return Err(AppError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::NotAccountAdministrator,
            format!(
                "Only the Account Administrator of this scope can {}.",
                action.phrase()
            ),
        ));
    }
    Ok((persona, found))
}

fn acceptance(ctx: &Ctx<'_>, scope: &ScopeId) -> AppResult<Option<TermsAcceptance>> {
    let row = ctx
        .tx
        .prepare_cached(
            "SELECT terms_version, accepted_by, accepted_at FROM opt_ins
             WHERE sandbox = ?1 AND scope = ?2",
        )?
        .query_row(params![ctx.sandbox, scope.0], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    row.map(|(version, by, at)| {
        let accepted_at = DateTime::parse_from_rfc3339(&at)
            .map_err(AppError::internal)?
            .with_timezone(&Utc);
        let accepted_by_name = seed::persona(&by).map_or_else(|| by.clone(), |p| p.display_name);
        Ok(TermsAcceptance {
            version,
            accepted_by: PersonaId(by),
            accepted_by_name,
            accepted_at,
        })
    })
    .transpose()
}

pub fn scopes(ctx: &Ctx<'_>) -> AppResult<Vec<ScopeSummary>> {
    let persona = signed_in(ctx)?;
    seed::scopes_of(&persona.id)
        .into_iter()
        .map(|scope| {
            Ok(ScopeSummary {
                role: persona.role,
                eligibility: eligibility(persona.role, &scope),
                opted_in: acceptance(ctx, &scope.id)?.is_some(),
                scope,
            })
        })
        .collect()
}

pub fn invoices(ctx: &Ctx<'_>, scope: &str) -> AppResult<Vec<Invoice>> {
    let (_, scope) = visible_scope(ctx, scope)?;
    stored_invoices(ctx, &scope, None)
}

/// A scope's stored invoices, newest first; with `only`, just that one.
fn stored_invoices(
    ctx: &Ctx<'_>,
    scope: &BillingScope,
    only: Option<&str>,
) -> AppResult<Vec<Invoice>> {
    let mut statement = ctx.tx.prepare_cached(
        "SELECT id, period_start, period_end, invoice_date, due_date, amount_minor, currency, status
         FROM invoices WHERE sandbox = ?1 AND scope = ?2 AND (?3 IS NULL OR id = ?3)
         ORDER BY period_start DESC, id",
    )?;
    let rows = statement.query_map(params![ctx.sandbox, scope.id.0, only], |row| {
        Ok((
            row.get::<_, String>(0)?,
            [
                row.get::<_, String>(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ],
            row.get::<_, i64>(5)?,
            row.get::<_, String>(6)?,
            row.get::<_, String>(7)?,
        ))
    })?;
    let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(AppError::internal);
    rows.map(|row| {
        let (id, dates, minor_units, currency, status) = row?;
        Ok(Invoice {
            id,
            scope_id: scope.id.clone(),
            period_start: date(&dates[0])?,
            period_end: date(&dates[1])?,
            invoice_date: date(&dates[2])?,
            due_date: date(&dates[3])?,
            amount: Money {
                minor_units,
                currency,
            },
            status: invoice_status_from(&status),
        })
    })
    .collect()
}

/// One invoice of a scope the signed-in persona can see, as a PDF document:
/// the file name and its bytes. It is the document the invoice's email
/// carries: addressed to the scope's Account Administrator, in their email
/// language.
pub fn invoice_pdf(ctx: &Ctx<'_>, scope: &str, invoice_id: &str) -> AppResult<(String, Vec<u8>)> {
    let (_, visible) = visible_scope(ctx, scope)?;
    let invoice = stored_invoices(ctx, &visible, Some(invoice_id))?
        .pop()
        .ok_or_else(|| {
            AppError::not_found(format!(
                "{} has no invoice '{invoice_id}'.",
                visible.display_name
            ))
            .with_field("invoice_id")
        })?;
    let (admin, _, locale) = administrator_of(ctx, &visible)?;
    let party = crate::pdf::InvoiceParty {
        scope_name: &visible.display_name,
        scope_external_id: &visible.external_id,
        bill_to: &admin.display_name,
    };
    Ok((
        format!("{}.pdf", invoice.id),
        crate::pdf::invoice_pdf(&invoice, &party, locale),
    ))
}

/// A scope's Account Administrator, to whom its invoices are addressed, with
/// their preferred email and email language.
fn administrator_of(
    ctx: &Ctx<'_>,
    scope: &BillingScope,
) -> AppResult<(Persona, EmailAddress, Locale)> {
    let admin_id = seed::account_admin_of(&scope.id);
    let admin = seed::persona(&admin_id.0).expect("scope admins are personas");
    let (preferred, locale) = profile_of(ctx, &admin_id)?;
    Ok((admin, preferred, locale))
}

// ---- email invoices ----

/// A persona's preferred communication email and email language.
fn profile_of(ctx: &Ctx<'_>, persona: &PersonaId) -> AppResult<(EmailAddress, Locale)> {
    let (email, locale): (String, String) = ctx
        .tx
        .prepare_cached(
            "SELECT preferred_email, locale FROM profiles WHERE sandbox = ?1 AND persona = ?2",
        )?
        .query_row(params![ctx.sandbox, persona.0], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
    Ok((
        EmailAddress::parse(&email).map_err(AppError::internal)?,
        Locale::from_tag(&locale).unwrap_or_default(),
    ))
}

fn stored_recipients(ctx: &Ctx<'_>, scope: &ScopeId) -> AppResult<Vec<EmailAddress>> {
    let mut statement = ctx.tx.prepare_cached(
        "SELECT email FROM recipients WHERE sandbox = ?1 AND scope = ?2 ORDER BY position",
    )?;
    let rows = statement.query_map(params![ctx.sandbox, scope.0], |row| row.get::<_, String>(0))?;
    rows.map(|email| EmailAddress::parse(&email?).map_err(AppError::internal))
        .collect()
}

fn status_of(
    ctx: &Ctx<'_>,
    persona: &Persona,
    scope: &BillingScope,
) -> AppResult<EmailInvoiceStatus> {
    let accepted_terms = acceptance(ctx, &scope.id)?;
    let recipients = stored_recipients(ctx, &scope.id)?;
    Ok(EmailInvoiceStatus {
        scope_id: scope.id.clone(),
        eligibility: eligibility(persona.role, scope),
        opted_in: accepted_terms.is_some(),
        preferred_email: profile_of(ctx, &seed::account_admin_of(&scope.id))?.0,
        recipients_revision: shared::recipients::revision(&recipients),
        recipients,
        accepted_terms,
        max_recipients: MAX_RECIPIENTS as u32,
    })
}

pub fn status(ctx: &Ctx<'_>, scope: &str) -> AppResult<EmailInvoiceStatus> {
    let (persona, scope) = visible_scope(ctx, scope)?;
    status_of(ctx, &persona, &scope)
}

/// Opts the scope in and sends the confirmation to the preferred email.
pub fn opt_in(
    ctx: &Ctx<'_>,
    scope: &str,
    terms_version: &str,
    read_in: Option<Locale>,
    cause: &Cause,
) -> AppResult<(EmailInvoiceStatus, MessageSummary)> {
    let (persona, scope) = visible_scope(ctx, scope)?;
    if let Some(reason) = eligibility(persona.role, &scope).reason() {
        return Err(AppError::ineligible(reason));
    }
    if terms_version != terms::CURRENT_VERSION {
        return Err(AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::StaleTermsVersion,
            format!(
                "The terms have changed: version {} is current, not '{terms_version}'. Read them again and accept the current version.",
                terms::CURRENT_VERSION
            ),
        )
        .with_field("terms_version"));
    }
    if acceptance(ctx, &scope.id)?.is_some() {
        return Err(AppError::new(
            StatusCode::CONFLICT,
            ErrorCode::AlreadyOptedIn,
            format!("{} already receives invoices by email.", scope.display_name),
        ));
    }
    ctx.tx.execute(
        "INSERT INTO opt_ins (sandbox, scope, terms_version, accepted_by, accepted_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            ctx.sandbox,
            scope.id.0,
            terms_version,
            persona.id.0,
            ctx.now.to_rfc3339()
        ],
    )?;
    // Opting in again starts with no recipients, whatever happened before.
    ctx.tx.execute(
        "DELETE FROM recipients WHERE sandbox = ?1 AND scope = ?2",
        params![ctx.sandbox, scope.id.0],
    )?;
    let status = status_of(ctx, &persona, &scope)?;
    let acceptance = status.accepted_terms.clone().expect("just opted in");
    let id = outbox::reserve_id(ctx)?;
    let built = confirmation_message(
        &outbox::message_key(ctx, id),
        &scope,
        &persona.display_name,
        &status.preferred_email,
        &acceptance,
        // In the language the terms were read in, else the profile's.
        match read_in {
            Some(locale) => locale,
            None => profile_of(ctx, &persona.id)?.1,
        },
        ctx.now,
    );
    let message = outbox::store(
        ctx,
        id,
        MessageKind::OptInConfirmation,
        &built,
        cause,
        Some(&scope.id),
        None,
    )?;
    Ok((status, message))
}

/// Issues, for every scope of the sandbox, the invoice of the month after its
/// latest one, and emails it for every opted-in scope: to the Account
/// Administrator's preferred email and every additional recipient, in the
/// administrator's language, with the invoice as a PDF.
pub fn run_billing_cycle(ctx: &Ctx<'_>, cause: &Cause) -> AppResult<BillingCycleResponse> {
    let today = ctx.now.date_naive();
    let mut response = BillingCycleResponse {
        invoices: Vec::new(),
        messages: Vec::new(),
    };
    for scope in seed::all_scopes() {
        let latest: Option<String> = ctx.tx.query_row(
            "SELECT MAX(period_start) FROM invoices WHERE sandbox = ?1 AND scope = ?2",
            params![ctx.sandbox, scope.id.0],
            |row| row.get(0),
        )?;
        let start = match latest {
            Some(latest) => {
                NaiveDate::parse_from_str(&latest, "%Y-%m-%d").map_err(AppError::internal)?
                    + chrono::Months::new(1)
            }
            None => seed::seeded_invoices(ctx.now)
                .into_iter()
                .find(|i| i.scope_id == scope.id)
                .map(|i| i.period_start)
                .unwrap_or(today),
        };
        let invoice = seed::invoice_for(&scope.id, start, today);
        crate::store::insert_invoice(ctx.tx, ctx.sandbox, &invoice)?;
        if acceptance(ctx, &scope.id)?.is_some() {
            let (admin, preferred, locale) = administrator_of(ctx, &scope)?;
            let recipients = stored_recipients(ctx, &scope.id)?;
            let id = outbox::reserve_id(ctx)?;
            let built = invoice_message(&InvoiceMail {
                key: &outbox::message_key(ctx, id),
                invoice: &invoice,
                scope: &scope,
                bill_to: &admin.display_name,
                preferred: &preferred,
                recipients: &recipients,
                locale,
                issued_at: seed::issued_at(&invoice, ctx.now),
            });
            response.messages.push(outbox::store(
                ctx,
                id,
                MessageKind::Invoice,
                &built,
                cause,
                Some(&scope.id),
                Some(&invoice.id),
            )?);
        }
        response.invoices.push(invoice);
    }
    Ok(response)
}

/// Refuses `action` on a scope that is not opted in, for the administrator
/// [`administered_scope`] returned: where the scope can never be opted in,
/// it says why, not "opt in first".
fn require_opted_in(
    ctx: &Ctx<'_>,
    admin: &Persona,
    scope: &BillingScope,
    action: AdminAction,
) -> AppResult<()> {
    if acceptance(ctx, &scope.id)?.is_some() {
        return Ok(());
    }
    if let Some(reason) = eligibility(admin.role, scope).reason() {
        return Err(AppError::ineligible(reason));
    }
    let then = match action {
        AdminAction::OptOut => "there is nothing to opt out of",
        AdminAction::ChangeRecipients => "opt in first; then you can configure recipients",
    };
    Err(AppError::new(
        StatusCode::CONFLICT,
        ErrorCode::NotOptedIn,
        format!(
            "{} does not receive invoices by email: {then}.",
            scope.display_name
        ),
    ))
}

pub fn opt_out(ctx: &Ctx<'_>, scope: &str) -> AppResult<EmailInvoiceStatus> {
    let (persona, scope) = administered_scope(ctx, scope, AdminAction::OptOut)?;
    require_opted_in(ctx, &persona, &scope, AdminAction::OptOut)?;
    for table in ["opt_ins", "recipients"] {
        ctx.tx.execute(
            &format!("DELETE FROM {table} WHERE sandbox = ?1 AND scope = ?2"),
            params![ctx.sandbox, scope.id.0],
        )?;
    }
    status_of(ctx, &persona, &scope)
}

// ---- recipients ----

pub fn recipients(ctx: &Ctx<'_>, scope: &str) -> AppResult<Vec<EmailAddress>> {
    let (_, scope) = visible_scope(ctx, scope)?;
    stored_recipients(ctx, &scope.id)
}

fn write_recipients(ctx: &Ctx<'_>, scope: &ScopeId, list: &[EmailAddress]) -> AppResult<()> {
    ctx.tx.execute(
        "DELETE FROM recipients WHERE sandbox = ?1 AND scope = ?2",
        params![ctx.sandbox, scope.0],
    )?;
    let mut insert = ctx.tx.prepare_cached(
        "INSERT INTO recipients (sandbox, scope, position, email, email_key) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, address) in list.iter().enumerate() {
        insert.execute(params![
            ctx.sandbox,
            scope.0,
            position as i64,
            address.as_str(),
            address.comparison_key()
        ])?;
    }
    Ok(())
}

pub fn add_recipient(ctx: &Ctx<'_>, scope: &str, typed: &str) -> AppResult<Vec<EmailAddress>> {
    let (admin, scope) = administered_scope(ctx, scope, AdminAction::ChangeRecipients)?;
    require_opted_in(ctx, &admin, &scope, AdminAction::ChangeRecipients)?;
    let (preferred, _) = profile_of(ctx, &admin.id)?;
    let mut list = stored_recipients(ctx, &scope.id)?;
    let address = check_new_recipient(&list, &preferred, typed)
        .map_err(|e| AppError::recipient(e, "email"))?;
    list.push(address);
    write_recipients(ctx, &scope.id, &list)?;
    Ok(list)
}

pub fn remove_recipient(ctx: &Ctx<'_>, scope: &str, email: &str) -> AppResult<Vec<EmailAddress>> {
    let (admin, scope) = administered_scope(ctx, scope, AdminAction::ChangeRecipients)?;
    require_opted_in(ctx, &admin, &scope, AdminAction::ChangeRecipients)?;
    let mut list = stored_recipients(ctx, &scope.id)?;
    let before = list.len();
    if let Ok(address) = EmailAddress::parse_typed(email) {
        list.retain(|existing| *existing != address);
    }
    if list.len() == before {
        return Err(AppError::not_found(format!(
            "'{email}' is not a recipient of {}.",
            scope.display_name
        ))
        .with_field("email"));
    }
    write_recipients(ctx, &scope.id, &list)?;
    Ok(list)
}

/// An `expected_revision` that names none: a mistake of the request, not a
/// change made elsewhere.
fn check_revision_given(expected: &str) -> AppResult<()> {
    if expected.trim().is_empty() {
        return Err(AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidBody,
            "expected_revision is empty: leave it out, or send the revision you read.",
        )
        .with_field("expected_revision"));
    }
    Ok(())
}

/// Replaces the list; with `expected_revision`, only if the stored list is
/// still the one the new list was made from.
pub fn replace_recipients(
    ctx: &Ctx<'_>,
    scope: &str,
    typed: &[String],
    expected_revision: Option<&str>,
) -> AppResult<Vec<EmailAddress>> {
    let (admin, scope) = administered_scope(ctx, scope, AdminAction::ChangeRecipients)?;
    require_opted_in(ctx, &admin, &scope, AdminAction::ChangeRecipients)?;
    if let Some(expected) = expected_revision {
        check_revision_given(expected)?;
        let current = shared::recipients::revision(&stored_recipients(ctx, &scope.id)?);
        if expected != current {
            return Err(AppError::new(
                StatusCode::CONFLICT,
                ErrorCode::RecipientsChanged,
                format!(
                    "The recipients of {} changed since revision {expected} (now {current}): nothing was saved. Load the list again and make the change on it.",
                    scope.display_name
                ),
            )
            .with_field("expected_revision"));
        }
    }
    let (preferred, _) = profile_of(ctx, &admin.id)?;
    let at = |index: usize| format!("recipients[{index}]");
    let list = validate_recipient_list(typed, &preferred)
        .map_err(|(index, error)| AppError::recipient(error, at(index)))?;
    write_recipients(ctx, &scope.id, &list)?;
    Ok(list)
}

// ---- profile ----

pub fn profile(ctx: &Ctx<'_>) -> AppResult<Profile> {
    let persona = signed_in(ctx)?;
    let (preferred_email, locale) = profile_of(ctx, &persona.id)?;
    Ok(Profile {
        revision: Profile::revision_of(&preferred_email, locale),
        preferred_email,
        locale,
        persona_id: persona.id,
        display_name: persona.display_name,
    })
}

pub fn update_profile(
    ctx: &Ctx<'_>,
    preferred_email: &str,
    locale: Option<Locale>,
    expected_revision: Option<&str>,
) -> AppResult<ProfileUpdated> {
    let persona = signed_in(ctx)?;
    if let Some(expected) = expected_revision {
        check_revision_given(expected)?;
        let (email, stored_locale) = profile_of(ctx, &persona.id)?;
        let current = Profile::revision_of(&email, stored_locale);
        if expected != current {
            return Err(AppError::new(
                StatusCode::CONFLICT,
                ErrorCode::ProfileChanged,
                format!(
                    "The profile of {} changed since revision {expected} (now {current}): nothing was saved. Load it again and make the change on it.",
                    persona.display_name
                ),
            )
            .with_field("expected_revision"));
        }
    }
    let address = EmailAddress::parse_typed(preferred_email)
        .map_err(|error| AppError::invalid_email(error, "preferred_email"))?;
    ctx.tx.execute(
        "UPDATE profiles SET preferred_email = ?3, locale = COALESCE(?4, locale)
         WHERE sandbox = ?1 AND persona = ?2",
        params![
            ctx.sandbox,
            persona.id.0,
            address.as_str(),
            locale.map(Locale::tag)
        ],
    )?;
    // The preferred email receives every invoice of the scopes this persona
    // administers, so it may not also be one of their additional recipients
    // (check_new_recipient): take it off those lists, or the unchanged list
    // could never be saved again. The answer names those lists.
    let mut removed_from_recipients = Vec::new();
    for scope in seed::all_scopes() {
        if seed::account_admin_of(&scope.id) != persona.id {
            continue;
        }
        let mut list = stored_recipients(ctx, &scope.id)?;
        let before = list.len();
        list.retain(|existing| *existing != address);
        if list.len() != before {
            write_recipients(ctx, &scope.id, &list)?;
            removed_from_recipients.push(scope.id.clone());
        }
    }
    Ok(ProfileUpdated {
        profile: profile(ctx)?,
        removed_from_recipients,
    })
}
