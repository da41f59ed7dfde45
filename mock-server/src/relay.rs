//! The optional SMTP relay (`--smtp-relay smtp://host:port`): every message
//! put in the outbox is also delivered to a real SMTP server, for testers who
//! want it in their own mail tool. A failure is logged and recorded on the
//! message; the message is kept either way.

use lettre::address::Envelope;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use shared::api::{MessageSummary, RelayOutcome};

use crate::mail::SENDER_ADDRESS;

#[derive(Clone)]
pub struct SmtpRelay {
    url: String,
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl std::fmt::Debug for SmtpRelay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpRelay").field("url", &self.url).finish()
    }
}

impl SmtpRelay {
    /// Accepts `smtp://host:port` (plain SMTP, no authentication: a local
    /// test server such as Mailpit or MailHog).
    pub fn from_url(url: &str) -> Result<SmtpRelay, String> {
        let rest = url
            .strip_prefix("smtp://")
            .ok_or_else(|| format!("'{url}' is not an smtp:// URL (expected smtp://host:port)"))?;
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) => (
                host,
                port.parse::<u16>()
                    .map_err(|_| format!("'{port}' in '{url}' is not a port number"))?,
            ),
            None => (rest, 25),
        };
        if host.is_empty() {
            return Err(format!("'{url}' names no host"));
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .timeout(Some(std::time::Duration::from_secs(10)))
            .build();
        Ok(SmtpRelay {
            url: url.to_owned(),
            transport,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Delivers one stored message; says what happened.
    pub async fn deliver(&self, message: &MessageSummary, raw: &[u8]) -> RelayOutcome {
        let envelope = (|| -> Result<Envelope, String> {
            let from: Address = SENDER_ADDRESS.parse().map_err(|e| format!("{e}"))?;
            let to = message
                .to
                .iter()
                .map(|a| a.as_str().parse::<Address>().map_err(|e| format!("{e}")))
                .collect::<Result<Vec<_>, _>>()?;
            Envelope::new(Some(from), to).map_err(|e| e.to_string())
        })();
        let result = match envelope {
            Ok(envelope) => self
                .transport
                .send_raw(&envelope, raw)
                .await
                .map_err(|e| e.to_string()),
            Err(error) => Err(error),
        };
        match result {
            Ok(response) => RelayOutcome {
                delivered: true,
                detail: format!(
                    "{} accepted it: {} {}",
                    self.url,
                    response.code(),
                    response.message().collect::<Vec<_>>().join(" ")
                ),
            },
            Err(error) => {
                tracing::warn!(relay = %self.url, message = message.id, %error, "SMTP relay failed");
                RelayOutcome {
                    delivered: false,
                    detail: format!("{} failed: {error}", self.url),
                }
            }
        }
    }
}
