//! The emails the flow "sends": real RFC 5322 messages built with
//! `mail-builder`: HTML and text alternatives in the recipient's language and,
//! for invoices, the invoice as a PDF attachment.
//!
//! Every address comes from `shared::EmailAddress` (no CR or LF can reach a
//! header), and every string that a user typed is HTML-escaped in the HTML part.

use chrono::{DateTime, Utc};
use html_escape::encode_text;
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::mime::MimePart;
use mail_builder::MessageBuilder;
use shared::i18n::{format as t, format_args, Value};
use shared::{BillingScope, EmailAddress, Invoice, Locale, TermsAcceptance};

use crate::format;
use crate::pdf::{invoice_pdf, InvoiceParty};

/// The no-reply sender of every message.
pub const SENDER_NAME: &str = "Mock Cloud Billing";
pub const SENDER_ADDRESS: &str = "no-reply@billing.mock-portal.example";
const MESSAGE_ID_DOMAIN: &str = "billing.mock-portal.example";

/// A built message and the facts the outbox indexes.
#[derive(Debug, Clone)]
pub struct BuiltMessage {
    pub raw: Vec<u8>,
    pub subject: String,
    pub recipients: Vec<EmailAddress>,
    pub text: String,
    pub has_attachment: bool,
    /// The `Date` header's instant (the outbox shows it as the message's date).
    pub date: DateTime<Utc>,
    /// The language it is written in (its `Content-Language`).
    pub locale: Locale,
}

/// The preferred email first, then each additional recipient once.
fn addressees(preferred: &EmailAddress, recipients: &[EmailAddress]) -> Vec<EmailAddress> {
    let mut all = vec![preferred.clone()];
    for recipient in recipients {
        if !all.contains(recipient) {
            all.push(recipient.clone());
        }
    }
    all
}

fn html_page(locale: Locale, title: &str, paragraphs: &[String]) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p style=\"margin:0 0 12px\">{}</p>\n", encode_text(p)))
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
         <body style=\"font-family:'Segoe UI',Arial,sans-serif;font-size:14px;color:#323130\">\n\
         <div style=\"border-top:4px solid #0078d4;padding:16px 0;max-width:600px\">\n\
         <h1 style=\"font-size:20px;font-weight:600;margin:0 0 16px\">{title}</h1>\n{body}\
         <p style=\"margin:24px 0 0;font-size:12px;color:#605e5c\">{footer}</p>\n</div>\n</body>\n</html>\n",
        lang = locale.tag(),
        title = encode_text(title),
        footer = encode_text(&t(locale, "email-footer", None)),
    )
}

fn text_page(locale: Locale, paragraphs: &[String]) -> String {
    let mut text = paragraphs.join("\n\n");
    text.push_str("\n\n-- \n");
    text.push_str(&t(locale, "email-footer", None));
    text.push('\n');
    text
}

/// What the MIME boundaries of a message are made from: a digest of what the
/// message holds. The same every time the same message is built
/// (mail-builder's own are random, so two runs' .eml files differed), and not
/// to be found in its parts, which cannot contain a digest of themselves (an
/// address a user typed could contain a boundary made from the Message-ID
/// alone). The Message-ID is left out of it: it names the sandbox and the
/// message's number, so the same message in another sandbox, or after a
/// reset, differs in that one line only. Each boundary is `=_{kind}_{this}`.
fn boundary_digest(parts: &[&[u8]]) -> String {
    use sha2::{Digest, Sha256};
    let mut digest = Sha256::new();
    for part in parts {
        digest.update((part.len() as u64).to_be_bytes());
        digest.update(part);
    }
    digest.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn build(
    subject: String,
    to: Vec<EmailAddress>,
    locale: Locale,
    paragraphs: Vec<String>,
    message_id: String,
    date: DateTime<Utc>,
    attachment: Option<(String, Vec<u8>)>,
) -> BuiltMessage {
    let text = text_page(locale, &paragraphs);
    let html = html_page(locale, &subject, &paragraphs);
    let list: Vec<Address<'_>> = to.iter().map(|a| Address::from(a.as_str())).collect();
    let held: Vec<&[u8]> = [subject.as_bytes(), text.as_bytes(), html.as_bytes()]
        .into_iter()
        .chain(to.iter().map(|a| a.as_str().as_bytes()))
        .chain(
            attachment
                .iter()
                .flat_map(|(name, bytes)| [name.as_bytes(), &bytes[..]]),
        )
        .collect();
    let digest = boundary_digest(&held);
    let (alternative_boundary, mixed_boundary) =
        (format!("=_alt_{digest}"), format!("=_mixed_{digest}"));
    let mut message = MessageBuilder::new()
        .from((SENDER_NAME, SENDER_ADDRESS))
        .to(list)
        .subject(subject.as_str())
        .date(date.timestamp())
        .message_id(message_id)
        .header(
            "Content-Language",
            mail_builder::headers::raw::Raw::new(locale.tag()),
        );
    let alternative = MimePart::new(
        ContentType::new("multipart/alternative").attribute("boundary", alternative_boundary),
        vec![
            MimePart::new("text/plain", text.as_str()),
            MimePart::new("text/html", html.as_str()),
        ],
    );
    let has_attachment = attachment.is_some();
    let body = match attachment {
        Some((name, bytes)) => MimePart::new(
            ContentType::new("multipart/mixed").attribute("boundary", mixed_boundary),
            vec![
                alternative,
                MimePart::new("application/pdf", bytes).attachment(name),
            ],
        ),
        None => alternative,
    };
    message = message.body(body);
    let raw = message
        .write_to_vec()
        .expect("writing to memory cannot fail");
    BuiltMessage {
        raw,
        subject,
        recipients: to,
        text,
        has_attachment,
        date,
        locale,
    }
}

/// What an invoice email needs besides the invoice.
pub struct InvoiceMail<'a> {
    /// Unique per message (sandbox and number): the Message-ID's left part.
    pub key: &'a str,
    pub invoice: &'a Invoice,
    pub scope: &'a BillingScope,
    pub bill_to: &'a str,
    pub preferred: &'a EmailAddress,
    pub recipients: &'a [EmailAddress],
    pub locale: Locale,
    /// When the invoice was issued ([`crate::seed::issued_at`]): the message's date.
    pub issued_at: DateTime<Utc>,
}

pub fn invoice_message(mail: &InvoiceMail<'_>) -> BuiltMessage {
    let InvoiceMail {
        invoice,
        scope,
        locale,
        ..
    } = *mail;
    let period = format::period(locale, invoice.period_start);
    let to = addressees(mail.preferred, mail.recipients);
    let others: Vec<String> = to.iter().skip(1).map(EmailAddress::to_unicode).collect();
    let subject = format_args(
        locale,
        "email-invoice-subject",
        &[
            ("number", Value::from(invoice.id.clone())),
            ("period", Value::from(period.clone())),
        ],
    );
    let paragraphs = vec![
        t(locale, "email-invoice-greeting", None),
        format_args(
            locale,
            "email-invoice-intro",
            &[
                ("scope", Value::from(scope.display_name.clone())),
                ("period", Value::from(period)),
            ],
        ),
        format_args(
            locale,
            "email-invoice-amount",
            &[
                (
                    "amount",
                    Value::from(format::money(locale, &invoice.amount)),
                ),
                ("due", Value::from(format::date(locale, invoice.due_date))),
            ],
        ),
        format_args(
            locale,
            "email-invoice-sent-to",
            &[
                ("preferred", Value::from(mail.preferred.to_unicode())),
                (
                    "others",
                    Value::from(if others.is_empty() {
                        "none".to_owned()
                    } else {
                        others.join(", ")
                    }),
                ),
            ],
        ),
    ];
    let pdf = invoice_pdf(
        invoice,
        &InvoiceParty {
            scope_name: &scope.display_name,
            scope_external_id: &scope.external_id,
            bill_to: mail.bill_to,
        },
        locale,
    );
    let message_id = format!("invoice.{}.{}@{MESSAGE_ID_DOMAIN}", invoice.id, mail.key);
    build(
        subject,
        to,
        locale,
        paragraphs,
        message_id,
        mail.issued_at,
        Some((format!("{}.pdf", invoice.id), pdf)),
    )
}

/// The confirmation sent to the preferred email when a scope is opted in.
pub fn confirmation_message(
    key: &str,
    scope: &BillingScope,
    admin_name: &str,
    preferred: &EmailAddress,
    acceptance: &TermsAcceptance,
    locale: Locale,
    now: DateTime<Utc>,
) -> BuiltMessage {
    let subject = format_args(
        locale,
        "email-confirmation-subject",
        &[("scope", Value::from(scope.display_name.clone()))],
    );
    let paragraphs = vec![
        t(locale, "email-invoice-greeting", None),
        format_args(
            locale,
            "email-confirmation-body",
            &[
                ("scope", Value::from(scope.display_name.clone())),
                ("email", Value::from(preferred.to_unicode())),
            ],
        ),
        format_args(
            locale,
            "email-confirmation-terms",
            &[
                ("version", Value::from(acceptance.version.clone())),
                ("name", Value::from(admin_name.to_owned())),
                (
                    "date",
                    Value::from(format::date(locale, acceptance.accepted_at.date_naive())),
                ),
            ],
        ),
    ];
    let message_id = format!("opt-in.{}.{key}@{MESSAGE_ID_DOMAIN}", scope.id);
    build(
        subject,
        vec![preferred.clone()],
        locale,
        paragraphs,
        message_id,
        now,
        None,
    )
}
