//! Command-line flags, each with an environment-variable fallback.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Parser;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "mock-server",
    version,
    about = "The mock Azure invoices API and walkthrough app"
)]
pub struct Config {
    /// Address to listen on. Loopback by default; port 0 picks a free port.
    #[arg(long, env = "MOCK_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// The SQLite data file; created (with its folder) when absent.
    #[arg(long, env = "MOCK_DATA", default_value = "mock-server.sqlite3")]
    pub data: PathBuf,

    /// Keep all state in memory instead of a file (for tests).
    #[arg(long, env = "MOCK_IN_MEMORY", conflicts_with = "data")]
    pub in_memory: bool,

    /// Freeze the clock at this RFC 3339 instant (e.g. 2026-11-26T09:00:00Z);
    /// seeded invoices, numbers and dates derive from it. Default: the real clock.
    #[arg(long, env = "MOCK_CLOCK", value_parser = parse_clock)]
    pub clock: Option<DateTime<Utc>>,

    /// Also deliver every outbox message to this SMTP server, e.g.
    /// smtp://127.0.0.1:1025 (plain SMTP, no authentication). Off by default.
    #[arg(long, env = "MOCK_SMTP_RELAY")]
    pub smtp_relay: Option<String>,

    /// The scenario file (TOML). Default: scenarios/scenarios.toml when it
    /// exists, else the built-in copy of it.
    #[arg(long, env = "MOCK_SCENARIOS")]
    pub scenarios: Option<PathBuf>,

    /// New and reset sandboxes start from this scenario.
    #[arg(long, env = "MOCK_DEFAULT_SCENARIO")]
    pub default_scenario: Option<String>,

    /// The built single-page app to serve.
    #[arg(long, env = "MOCK_DIST", default_value = "dist")]
    pub dist: PathBuf,
}

fn parse_clock(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{e}; expected an RFC 3339 instant such as 2026-11-26T09:00:00Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_flags() {
        let config = Config::try_parse_from([
            "mock-server",
            "--listen",
            "127.0.0.1:0",
            "--in-memory",
            "--clock",
            "2026-11-26T09:00:00+01:00",
        ])
        .unwrap();
        assert!(config.in_memory);
        assert_eq!(
            config.clock.unwrap().to_rfc3339(),
            "2026-11-26T08:00:00+00:00"
        );
        assert!(Config::try_parse_from(["mock-server", "--clock", "yesterday"]).is_err());
        assert!(Config::try_parse_from(["mock-server", "--in-memory", "--data", "x.db"]).is_err());
    }
}
