//! The outbox: messages stored per sandbox (raw bytes plus indexed fields),
//! listed newest first with a small search language, parsed back for reading.

use chrono::{DateTime, Utc};
use mail_parser::MimeHeaders;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};
use shared::api::{
    AttachmentInfo, Cause, HeaderLine, MessageDetail, MessageKind, MessageSummary, OutboxPage,
    RelayOutcome, SearchProblem, MAX_SEARCH_TERMS, MAX_SEARCH_TERM_LEN,
};
use shared::{EmailAddress, Locale, ScopeId};

use crate::error::{AppError, AppResult};
use crate::mail::{BuiltMessage, SENDER_ADDRESS, SENDER_NAME};
use crate::store::Ctx;

/// The most messages one page lists.
pub const MAX_PER_PAGE: u32 = 200;
pub const DEFAULT_PER_PAGE: u32 = 50;

/// A parsed search: `from:`, `to:`, `subject:`, `has:attachment`, `is:read`,
/// `is:unread` and free words; values may be quoted ("two words").
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Search {
    pub from: Vec<String>,
    pub to: Vec<String>,
    pub subject: Vec<String>,
    pub has_attachment: bool,
    pub read: Option<bool>,
    pub text: Vec<String>,
}

fn tokens(query: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in query.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// An address or a part of one as typed, in the form addresses are stored
/// in: an international domain in Punycode (`to:a@bücher.example` finds
/// `a@xn--bcher-kva.example`). Text that is no domain stays as it is.
fn stored_form(value: String) -> String {
    if value.is_ascii() {
        return value;
    }
    let (local, domain) = match value.rsplit_once('@') {
        Some((local, domain)) => (Some(local), domain),
        None => (None, value.as_str()),
    };
    match shared::email::domain_to_ascii(domain) {
        Some(ascii) => match local {
            Some(local) => format!("{local}@{ascii}"),
            None => ascii,
        },
        None => value,
    }
}

impl Search {
    pub fn parse(query: &str) -> AppResult<Search> {
        let mut search = Search::default();
        let bad = AppError::invalid_search;
        let tokens = tokens(query);
        if tokens.len() > MAX_SEARCH_TERMS {
            return Err(bad(SearchProblem::TooManyTerms));
        }
        if tokens
            .iter()
            .any(|t| t.chars().count() > MAX_SEARCH_TERM_LEN)
        {
            return Err(bad(SearchProblem::TermTooLong));
        }
        for token in tokens {
            let (operator, value) = match token.split_once(':') {
                Some((op, value)) => (op.to_ascii_lowercase(), value.to_owned()),
                None => (String::new(), token.clone()),
            };
            match operator.as_str() {
                // An operator with nothing after it (`from:`) would search
                // for its own name and find nothing, without a word. (`has:`
                // and `is:` are refused below, naming the values they take.)
                "from" | "to" | "subject" if value.is_empty() => {
                    return Err(bad(SearchProblem::NeedsValue(token)))
                }
                "from" => search.from.push(stored_form(value)),
                "to" => search.to.push(stored_form(value)),
                "subject" => search.subject.push(value),
                "has" if value.eq_ignore_ascii_case("attachment") => search.has_attachment = true,
                "has" => return Err(bad(SearchProblem::UnknownHas(token))),
                "is" if value.eq_ignore_ascii_case("read")
                    || value.eq_ignore_ascii_case("unread") =>
                {
                    let read = value.eq_ignore_ascii_case("read");
                    if search.read == Some(!read) {
                        return Err(bad(SearchProblem::ReadAndUnread));
                    }
                    search.read = Some(read);
                }
                "is" => return Err(bad(SearchProblem::UnknownIs(token))),
                _ => search.text.push(token),
            }
        }
        Ok(search)
    }

    /// The SQL condition (after `sandbox = ?1`) and its parameters.
    fn to_sql(&self) -> (String, Vec<String>) {
        let mut clauses = Vec::new();
        let mut values = Vec::new();
        let like = |value: &str| {
            let escaped = value
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            format!("%{escaped}%")
        };
        let mut add = |columns: &[&str], value: &str, values: &mut Vec<String>| {
            values.push(like(value));
            let n = values.len() + 1; // ?1 is the sandbox
            let any: Vec<String> = columns
                .iter()
                .map(|c| format!("{c} LIKE ?{n} ESCAPE '\\'"))
                .collect();
            clauses.push(format!("({})", any.join(" OR ")));
        };
        // Every message has the same sender, so its display name is a
        // constant rather than a column: a term found in it matches them all.
        let in_sender_name = |v: &str| SENDER_NAME.to_lowercase().contains(&v.to_lowercase());
        for v in self.from.iter().filter(|v| !in_sender_name(v)) {
            add(&["sender"], v, &mut values);
        }
        for v in &self.to {
            add(&["recipients"], v, &mut values);
        }
        for v in &self.subject {
            add(&["subject"], v, &mut values);
        }
        for v in self.text.iter().filter(|v| !in_sender_name(v)) {
            add(
                &["subject", "sender", "recipients", "body_text"],
                v,
                &mut values,
            );
        }
        if self.has_attachment {
            clauses.push("has_attachment = 1".into());
        }
        if let Some(read) = self.read {
            clauses.push(format!("is_read = {}", i32::from(read)));
        }
        let condition = clauses.iter().map(|c| format!(" AND {c}")).collect();
        (condition, values)
    }
}

fn kind_name(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Invoice => "invoice",
        MessageKind::OptInConfirmation => "opt_in_confirmation",
    }
}

/// Takes the next message number of the sandbox (never reused).
pub fn reserve_id(ctx: &Ctx<'_>) -> AppResult<u64> {
    let id: i64 = ctx.tx.query_row(
        "UPDATE sandboxes SET next_message_id = next_message_id + 1 WHERE id = ?1
         RETURNING next_message_id - 1",
        [ctx.sandbox],
        |row| row.get(0),
    )?;
    Ok(id as u64)
}

/// The unique left part of a message's Message-ID: sandbox and number.
pub fn message_key(ctx: &Ctx<'_>, id: u64) -> String {
    format!("{}.{id}", ctx.sandbox)
}

/// Stores a built message under the number `reserve_id` gave; returns its summary.
pub fn store(
    ctx: &Ctx<'_>,
    id: u64,
    kind: MessageKind,
    built: &BuiltMessage,
    cause: &Cause,
    scope: Option<&ScopeId>,
    invoice_id: Option<&str>,
) -> AppResult<MessageSummary> {
    let id = id as i64;
    let recipients: Vec<&str> = built.recipients.iter().map(EmailAddress::as_str).collect();
    ctx.tx.execute(
        "INSERT INTO messages (sandbox, id, created_at, kind, sender, recipients, subject, body_text,
                               has_attachment, size, cause_method, cause_path, cause_at, scope, invoice_id,
                               language)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            ctx.sandbox,
            id,
            built.date.to_rfc3339(),
            kind_name(kind),
            SENDER_ADDRESS,
            recipients.join(", "),
            built.subject,
            built.text,
            built.has_attachment,
            built.raw.len() as i64,
            cause.method,
            cause.path,
            cause.at.to_rfc3339(),
            scope.map(|s| s.0.as_str()),
            invoice_id,
            built.locale.tag(),
        ],
    )?;
    ctx.tx.execute(
        "INSERT INTO message_raw (sandbox, id, raw) VALUES (?1, ?2, ?3)",
        params![ctx.sandbox, id, built.raw],
    )?;
    Ok(MessageSummary {
        id: id as u64,
        kind,
        created_at: built.date,
        from: SENDER_ADDRESS.to_owned(),
        to: built.recipients.clone(),
        subject: built.subject.clone(),
        has_attachment: built.has_attachment,
        read: false,
        size: built.raw.len() as u64,
        scope_id: scope.cloned(),
        invoice_id: invoice_id.map(str::to_owned),
        cause: cause.clone(),
        relay: None,
        language: Some(built.locale),
    })
}

const SUMMARY_COLUMNS: &str =
    "id, kind, created_at, sender, recipients, subject, has_attachment, is_read, size,
     cause_method, cause_path, cause_at, scope, invoice_id, relay_delivered, relay_detail,
     language";
/// How many columns [`SUMMARY_COLUMNS`] names.
const SUMMARY_COLUMN_COUNT: usize = 17;

fn time(text: String) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

fn summary(row: &Row<'_>) -> rusqlite::Result<MessageSummary> {
    summary_at(row, 0)
}

/// A summary from the columns starting at `at` ([`SUMMARY_COLUMNS`] order).
fn summary_at(row: &Row<'_>, at: usize) -> rusqlite::Result<MessageSummary> {
    let recipients: String = row.get(at + 4)?;
    Ok(MessageSummary {
        id: row.get::<_, i64>(at)? as u64,
        kind: if row.get::<_, String>(at + 1)? == "invoice" {
            MessageKind::Invoice
        } else {
            MessageKind::OptInConfirmation
        },
        created_at: time(row.get(at + 2)?)?,
        from: row.get(at + 3)?,
        to: recipients
            .split(", ")
            .filter_map(|a| EmailAddress::parse(a).ok())
            .collect(),
        subject: row.get(at + 5)?,
        has_attachment: row.get(at + 6)?,
        read: row.get(at + 7)?,
        size: row.get::<_, i64>(at + 8)? as u64,
        cause: Cause {
            method: row.get(at + 9)?,
            path: row.get(at + 10)?,
            at: time(row.get(at + 11)?)?,
        },
        scope_id: row.get::<_, Option<String>>(at + 12)?.map(ScopeId),
        invoice_id: row.get(at + 13)?,
        relay: match (
            row.get::<_, Option<bool>>(at + 14)?,
            row.get::<_, Option<String>>(at + 15)?,
        ) {
            (Some(delivered), Some(detail)) => Some(RelayOutcome { delivered, detail }),
            _ => None,
        },
        language: row
            .get::<_, Option<String>>(at + 16)?
            .as_deref()
            .and_then(Locale::from_tag),
    })
}

pub fn list(ctx: &Ctx<'_>, query: &str, page: u32, per_page: u32) -> AppResult<OutboxPage> {
    let search = Search::parse(query)?;
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    let page = page.max(1);
    let (condition, values) = search.to_sql();
    let mut all: Vec<String> = vec![ctx.sandbox.to_owned()];
    all.extend(values);
    let total: i64 = ctx.tx.query_row(
        &format!("SELECT COUNT(*) FROM messages WHERE sandbox = ?1{condition}"),
        params_from_iter(all.iter()),
        |row| row.get(0),
    )?;
    let mut statement = ctx.tx.prepare(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM messages WHERE sandbox = ?1{condition}
         ORDER BY id DESC LIMIT {per_page} OFFSET {}",
        u64::from(page - 1) * u64::from(per_page)
    ))?;
    let messages = statement
        .query_map(params_from_iter(all.iter()), summary)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let unread: i64 = ctx.tx.query_row(
        "SELECT COUNT(*) FROM messages WHERE sandbox = ?1 AND is_read = 0",
        [ctx.sandbox],
        |row| row.get(0),
    )?;
    Ok(OutboxPage {
        messages,
        total: total as u64,
        unread: unread as u64,
        page,
        per_page,
    })
}

fn not_found(id: u64) -> AppError {
    AppError::not_found(format!("There is no message {id} in this outbox.")).with_field("id")
}

/// The raw RFC 5322 bytes and the summary of one message.
pub fn raw(ctx: &Ctx<'_>, id: u64) -> AppResult<(MessageSummary, Vec<u8>)> {
    ctx.tx
        .query_row(
            &format!(
                "SELECT {SUMMARY_COLUMNS}, raw FROM messages JOIN message_raw USING (sandbox, id)
                 WHERE sandbox = ?1 AND id = ?2"
            ),
            params![ctx.sandbox, id as i64],
            |row| Ok((summary(row)?, row.get::<_, Vec<u8>>(SUMMARY_COLUMN_COUNT)?)),
        )
        .optional()?
        .ok_or_else(|| not_found(id))
}

/// A message parsed back from its bytes: headers, text, HTML, attachments.
pub fn detail(ctx: &Ctx<'_>, id: u64) -> AppResult<MessageDetail> {
    let (summary, raw) = raw(ctx, id)?;
    let parsed = mail_parser::MessageParser::default()
        .parse(&raw)
        .ok_or_else(|| AppError::internal(format!("message {id} cannot be parsed")))?;
    let headers = parsed
        .headers_raw()
        .map(|(name, value)| HeaderLine {
            name: name.to_owned(),
            value: value.trim().replace("\r\n", "\n"),
        })
        .collect();
    let attachments = parsed
        .attachments()
        .enumerate()
        .map(|(index, part)| AttachmentInfo {
            index,
            filename: part.attachment_name().unwrap_or("attachment").to_owned(),
            content_type: content_type(part),
            size: part.contents().len() as u64,
        })
        .collect();
    Ok(MessageDetail {
        text: parsed.body_text(0).map(|t| t.into_owned()),
        html: parsed.body_html(0).map(|t| t.into_owned()),
        headers,
        attachments,
        summary,
    })
}

fn content_type(part: &mail_parser::MessagePart<'_>) -> String {
    part.content_type()
        .map(|ct| match ct.subtype() {
            Some(sub) => format!("{}/{sub}", ct.ctype()),
            None => ct.ctype().to_owned(),
        })
        .unwrap_or_else(|| "application/octet-stream".to_owned())
}

/// One attachment: file name, content type and bytes.
pub fn attachment(ctx: &Ctx<'_>, id: u64, index: usize) -> AppResult<(String, String, Vec<u8>)> {
    let (_, raw) = raw(ctx, id)?;
    let parsed = mail_parser::MessageParser::default()
        .parse(&raw)
        .ok_or_else(|| AppError::internal(format!("message {id} cannot be parsed")))?;
    let part = u32::try_from(index)
        .ok()
        .and_then(|i| parsed.attachment(i))
        .ok_or_else(|| {
            AppError::not_found(format!("Message {id} has no attachment {index}."))
                .with_field("index")
        })?;
    Ok((
        part.attachment_name().unwrap_or("attachment").to_owned(),
        content_type(part),
        part.contents().to_vec(),
    ))
}

pub fn delete(ctx: &Ctx<'_>, id: u64) -> AppResult<()> {
    let deleted = ctx.tx.execute(
        "DELETE FROM messages WHERE sandbox = ?1 AND id = ?2",
        params![ctx.sandbox, id as i64],
    )?;
    if deleted == 0 {
        return Err(not_found(id));
    }
    Ok(())
}

pub fn clear(ctx: &Ctx<'_>) -> AppResult<u64> {
    Ok(ctx
        .tx
        .execute("DELETE FROM messages WHERE sandbox = ?1", [ctx.sandbox])? as u64)
}

pub fn mark_read(ctx: &Ctx<'_>, id: u64, read: bool) -> AppResult<MessageSummary> {
    let updated = ctx.tx.execute(
        "UPDATE messages SET is_read = ?3 WHERE sandbox = ?1 AND id = ?2",
        params![ctx.sandbox, id as i64, read],
    )?;
    if updated == 0 {
        return Err(not_found(id));
    }
    Ok(raw(ctx, id)?.0)
}

/// What a message's relay detail says before the relay has answered.
pub const RELAY_PENDING: &str = "pending";

/// Marks a message as waiting for the relay (in the transaction that made it).
pub fn mark_relay_pending(ctx: &Ctx<'_>, id: u64) -> AppResult<()> {
    ctx.tx.execute(
        "UPDATE messages SET relay_detail = ?3 WHERE sandbox = ?1 AND id = ?2",
        params![ctx.sandbox, id as i64, RELAY_PENDING],
    )?;
    Ok(())
}

/// Every message still waiting for the relay, oldest first per sandbox.
pub fn relay_pending(tx: &rusqlite::Transaction<'_>) -> AppResult<Vec<(String, MessageSummary)>> {
    let mut statement = tx.prepare(&format!(
        "SELECT sandbox, {SUMMARY_COLUMNS} FROM messages
         WHERE relay_delivered IS NULL AND relay_detail = ?1 ORDER BY sandbox, id"
    ))?;
    let rows = statement.query_map([RELAY_PENDING], |row| {
        let sandbox: String = row.get(0)?;
        Ok((sandbox, summary_at(row, 1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records what the SMTP relay did with a message.
pub fn record_relay(ctx: &Ctx<'_>, id: u64, outcome: &RelayOutcome) -> AppResult<()> {
    ctx.tx.execute(
        "UPDATE messages SET relay_delivered = ?3, relay_detail = ?4 WHERE sandbox = ?1 AND id = ?2",
        params![ctx.sandbox, id as i64, outcome.delivered, outcome.detail],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_column_count_is_the_columns_named() {
        assert_eq!(SUMMARY_COLUMNS.split(',').count(), SUMMARY_COLUMN_COUNT);
    }

    #[test]
    fn parses_the_search_language() {
        let search = Search::parse(r#"from:billing to:finance@x.example subject:"Invoice E0" has:attachment is:unread october 2026"#).unwrap();
        assert_eq!(search.from, ["billing"]);
        assert_eq!(search.to, ["finance@x.example"]);
        // International domains as typed find them as stored.
        let idn = Search::parse("to:a@bücher.example from:münchen.example").unwrap();
        assert_eq!(idn.to, ["a@xn--bcher-kva.example"]);
        assert_eq!(idn.from, ["xn--mnchen-3ya.example"]);
        assert_eq!(search.subject, ["Invoice E0"]);
        assert!(search.has_attachment);
        assert_eq!(search.read, Some(false));
        assert_eq!(search.text, ["october", "2026"]);
        assert_eq!(Search::parse("").unwrap(), Search::default());
        assert!(Search::parse("has:pdf").is_err());
        for empty in ["from:", "TO:", "subject:"] {
            let refused = Search::parse(empty).unwrap_err();
            assert!(refused.body.message.contains("needs a value"), "{empty}");
        }
        // has: and is: name the values they take (the example "has:finance"
        // was itself refused).
        let refused = Search::parse("has:").unwrap_err().body.message;
        assert!(refused.contains("use has:attachment"), "{refused}");
        let refused = Search::parse("IS:").unwrap_err().body.message;
        assert!(refused.contains("use is:read or is:unread"), "{refused}");
        assert_eq!(Search::parse("note:").unwrap().text, ["note:"]);
        // Both match nothing: said, not answered with one of them.
        assert!(Search::parse("is:read is:unread").is_err());
        assert_eq!(Search::parse("is:read is:READ").unwrap().read, Some(true));
        // An unknown operator is plain text.
        assert_eq!(Search::parse("cc:x").unwrap().text, ["cc:x"]);
    }

    #[test]
    fn the_senders_display_name_matches_every_message() {
        for query in [r#"from:"mock cloud billing""#, "from:Cloud", "Billing"] {
            let (condition, values) = Search::parse(query).unwrap().to_sql();
            assert_eq!((condition.as_str(), values.len()), ("", 0), "{query}");
        }
        let (condition, values) = Search::parse("from:Mock-Cloud").unwrap().to_sql();
        assert!(condition.contains("sender LIKE"));
        assert_eq!(values, ["%Mock-Cloud%"]);
    }

    #[test]
    fn escapes_like_wildcards() {
        let (condition, values) = Search::parse("50%_off").unwrap().to_sql();
        assert_eq!(values, [r"%50\%\_off%"]);
        assert!(condition.contains("ESCAPE"));
    }
}
