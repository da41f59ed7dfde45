//! Command-line flags, each with an environment-variable fallback.

use std::net::SocketAddr;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser};

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

    /// Keep all state in memory instead of a file (for tests). In the
    /// environment, `0`, `false`, `no`, `off` (or empty) mean no.
    #[arg(
        long,
        env = "MOCK_IN_MEMORY",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
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

    /// The most sandboxes the server holds; a request that would start one
    /// more is refused (429) until an idle one expires.
    #[arg(long, env = "MOCK_MAX_SANDBOXES", default_value_t = 1000,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub max_sandboxes: u64,

    /// A sandbox no request has used for this long is deleted, with its
    /// outbox and journal (e.g. 30m, 24h, 7d).
    #[arg(long, env = "MOCK_SANDBOX_IDLE", default_value = "24h", value_parser = parse_idle)]
    pub sandbox_idle: std::time::Duration,

    /// Answer cross-origin requests from this origin (e.g.
    /// http://localhost:3000); repeat for more. No CORS headers without it.
    #[arg(long = "cors-origin", env = "MOCK_CORS_ORIGINS", value_delimiter = ',',
          value_parser = parse_origin)]
    pub cors_origins: Vec<axum::http::HeaderValue>,
}

fn parse_idle(text: &str) -> Result<std::time::Duration, String> {
    let idle = humantime::parse_duration(text)
        .map_err(|e| format!("{e}; expected a duration such as 30m, 24h or 7d"))?;
    if idle < std::time::Duration::from_secs(1) {
        return Err("the idle timeout must be at least one second".into());
    }
    Ok(idle)
}

fn parse_origin(text: &str) -> Result<axum::http::HeaderValue, String> {
    let url = url::Url::parse(text)
        .map_err(|e| format!("{e}; expected an origin such as http://localhost:3000"))?;
    let origin = url.origin();
    if !origin.is_tuple() || url.path() != "/" || url.query().is_some() {
        return Err(format!(
            "'{text}' is not an origin: give only scheme, host and port, such as http://localhost:3000"
        ));
    }
    axum::http::HeaderValue::from_str(&origin.ascii_serialization()).map_err(|e| e.to_string())
}

impl Config {
    /// The flags and environment of this process; prints the error or the
    /// help and exits when they cannot be read.
    pub fn from_env_and_args() -> Config {
        Config::try_from_env_and_args(std::env::args_os()).unwrap_or_else(|error| error.exit())
    }

    /// Like [`Parser::try_parse_from`], with one rule clap's `conflicts_with`
    /// cannot say: `--in-memory` refuses a data file that was given (on the
    /// command line or in `MOCK_DATA`), but only when it says yes, so that
    /// `MOCK_IN_MEMORY=0` beside `--data` is no conflict.
    pub fn try_from_env_and_args<I, T>(args: I) -> Result<Config, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let mut command = Config::command();
        let matches = command.try_get_matches_from_mut(args)?;
        let config = Config::from_arg_matches(&matches)?;
        let data_given = matches
            .value_source("data")
            .is_some_and(|source| source != ValueSource::DefaultValue);
        if config.in_memory && data_given {
            return Err(command.error(
                ErrorKind::ArgumentConflict,
                "--in-memory (or MOCK_IN_MEMORY) keeps no data file, but --data (or MOCK_DATA) \
                 names one: give only one of them",
            ));
        }
        Ok(config)
    }
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
        let conflict =
            Config::try_from_env_and_args(["mock-server", "--in-memory", "--data", "x.db"])
                .unwrap_err();
        assert_eq!(conflict.kind(), ErrorKind::ArgumentConflict);
        assert!(conflict.to_string().contains("--data"), "{conflict}");
    }

    #[test]
    fn listens_on_loopback_without_cors_by_default() {
        let config = Config::try_parse_from(["mock-server"]).unwrap();
        assert!(config.listen.ip().is_loopback());
        assert!(config.cors_origins.is_empty());
        assert_eq!(config.max_sandboxes, 1000);
        assert_eq!(
            config.sandbox_idle,
            std::time::Duration::from_secs(24 * 3600)
        );
    }

    #[test]
    fn sandbox_limits_and_origins() {
        let config = Config::try_parse_from([
            "mock-server",
            "--max-sandboxes",
            "5",
            "--sandbox-idle",
            "90m",
            "--cors-origin",
            "http://localhost:3000",
            "--cors-origin",
            "https://docs.example",
        ])
        .unwrap();
        assert_eq!(config.max_sandboxes, 5);
        assert_eq!(config.sandbox_idle, std::time::Duration::from_secs(90 * 60));
        assert_eq!(
            config.cors_origins,
            ["http://localhost:3000", "https://docs.example"]
        );
        for bad in [
            ["--max-sandboxes", "0"],
            ["--sandbox-idle", "soon"],
            ["--sandbox-idle", "10ms"],
            ["--cors-origin", "localhost"],
            ["--cors-origin", "http://a.example/path"],
        ] {
            let mut args = vec!["mock-server"];
            args.extend(bad);
            assert!(Config::try_parse_from(args).is_err(), "{bad:?}");
        }
    }
}
