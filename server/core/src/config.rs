//! Configuration: an optional TOML file, then `ATRIUM_*` environment variables on top.
//! A wrong value stops start-up with a message naming the key and the form it expects.

use serde::Deserialize;
use std::{collections::HashMap, net::SocketAddr, path::PathBuf};

#[derive(Debug, Clone)]
pub struct Config {
    /// `ATRIUM_ADDR`: where the server listens.
    pub addr: SocketAddr,
    /// `ATRIUM_DATA_DIR`: database, uploads and search index live here.
    pub data_dir: PathBuf,
    /// `ATRIUM_CONTENT_DIR`: the Markdown documentation.
    pub content_dir: PathBuf,
    /// `ATRIUM_SITE_DIR`: built assets (WASM, JS, CSS) and `public/` files.
    pub site_dir: PathBuf,
    /// `ATRIUM_DATABASE_URL`: defaults to a SQLite file in the data directory.
    pub database_url: String,
    /// `ATRIUM_REQUEST_TIMEOUT_SECS`: a request taking longer is answered 408.
    pub request_timeout_secs: u64,
    /// `ATRIUM_LOG`: a tracing filter such as `info` or `atrium=debug,tower_http=info`.
    pub log: String,
    /// `ATRIUM_LOG_FORMAT`: `text` for people reading a terminal, `json` (one object per line,
    /// with the request id) for log collectors.
    pub log_json: bool,
    /// `ATRIUM_SMTP_URL`: `smtp://[user:password@]host[:port]`; without it mails are only logged.
    pub smtp_url: Option<String>,
    /// `ATRIUM_MAIL_FROM`: the sender of every mail.
    pub mail_from: String,
    /// `ATRIUM_IMAP_URL`: the support mailbox answers to ticket mails arrive in,
    /// `imap[s]://user:password@host[:port][/folder]`; without it nobody can answer by mail.
    pub imap_url: Option<crate::mail::mailbox::SupportMailbox>,
    /// `ATRIUM_LMTP_ADDR`: where a mail relay may deliver the support address over LMTP,
    /// `host:port`; without it mail arrives only through the mailbox.
    pub lmtp_addr: Option<std::net::SocketAddr>,
    /// `ATRIUM_JOBS_INTERVAL_SECS`: how often reminders, auto-close, SLA alerts and mail run.
    pub jobs_interval_secs: u64,
    /// `ATRIUM_AGENTS_EMAIL`, `ATRIUM_SLA_TARGETS_HOURS`, `ATRIUM_SLA_HOLIDAYS`,
    /// `ATRIUM_TICKET_REMINDER_DAYS`, `ATRIUM_TICKET_AUTO_CLOSE_DAYS`: the ticket rules.
    pub tickets: crate::ticket::TicketSettings,
    /// `ATRIUM_ARGON2_MEMORY_KIB`, `ATRIUM_ARGON2_ITERATIONS`, `ATRIUM_ARGON2_PARALLELISM`: the
    /// cost of new password hashes.
    pub password_hashing: crate::identity::HashCost,
    /// `ATRIUM_LOG_DIR`: when set, logs also go to daily files there (`atrium.log.YYYY-MM-DD`),
    /// deleted after the system-log retention.
    pub log_dir: Option<PathBuf>,
    /// `ATRIUM_RETENTION_SYSTEM_LOG_DAYS` (90), `ATRIUM_RETENTION_AUDIT_LOG_DAYS` (365),
    /// `ATRIUM_RETENTION_CLOSED_TICKET_FILES_DAYS` (90), `ATRIUM_RETENTION_SEARCH_LOG_DAYS` (365).
    pub retention: crate::operations::Retention,
    /// `ATRIUM_NODE_NAME`: this node in job leases and logs; host name and process id by default.
    pub node_name: String,
    /// `ATRIUM_METRICS_TOKEN`: when set, `/metrics` answers only `Authorization: Bearer <token>`.
    pub metrics_token: Option<String>,
    /// `ATRIUM_PAGE_CACHE_MS`: how long a page rendered for anonymous readers is served again
    /// (0 turns the cache off).
    pub page_cache_ms: u64,
    /// `ATRIUM_SEARCH_CACHE_MB`: how much memory recent search results may take (0 turns the
    /// cache off).
    pub search_cache_mb: u64,
    /// `ATRIUM_PUBLIC_URL`: `http(s)://host[:port]`, the default public address. Each tenant's
    /// links use its scheme and port with the tenant's own host (or the tenant's own address);
    /// `http://` + `ATRIUM_ADDR` by default. Never taken from a request's headers.
    pub public_url: crate::tenant::PublicUrl,
    /// `ATRIUM_TRUSTED_PROXIES`: comma-separated addresses of the reverse proxies whose
    /// `X-Forwarded-Proto` is believed (for `Secure` cookies and HSTS); none by default.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `ATRIUM_RATE_LIMITS`: `off`, or changes to the defaults as `name=count/seconds` pairs
    /// (`sign-in=20/60,search=600/60`); see [`RateLimits`].
    pub rate_limits: RateLimits,
    /// `ATRIUM_ALLOW_PRIVATE_PROVIDERS`: `true` lets identity-provider addresses (OpenID issuer,
    /// keys, SAML metadata) be loopback or private; `false` (default) refuses them.
    pub allow_private_providers: bool,
    /// How long clients may hold a connection without using it, and how many may be open.
    pub connections: Connections,
}

/// Limits on client connections, so that slow or idle clients cannot take a node's sockets.
#[derive(Debug, Clone, PartialEq)]
pub struct Connections {
    /// `ATRIUM_HEADER_TIMEOUT_SECS` (10): the time a client has to send a request's headers.
    pub header_timeout_secs: u64,
    /// `ATRIUM_KEEP_ALIVE_SECS` (30): a connection on which nothing is read or written for this
    /// long is closed (after its request in flight, if any, is given another period).
    pub keep_alive_secs: u64,
    /// `ATRIUM_BODY_TIMEOUT_SECS` (60): the time a client has to send a request's body.
    pub body_timeout_secs: u64,
    /// `ATRIUM_MAX_CONNECTIONS`: connections served at once; more wait to be accepted. By default
    /// the open-file limit less room for the database, content and logs, at most 4096.
    pub max: usize,
}

impl Default for Connections {
    fn default() -> Self {
        Connections { header_timeout_secs: 10, keep_alive_secs: 30, body_timeout_secs: 60, max: default_max_connections() }
    }
}

/// The soft open-file limit (`/proc/self/limits`) less 128 descriptors for everything else, at
/// least 64 and at most 4096; 1024 where the limit cannot be read.
fn default_max_connections() -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits").ok().and_then(|text| {
        let line = text.lines().find(|l| l.starts_with("Max open files"))?;
        line.split_whitespace().nth(3)?.parse::<usize>().ok()
    });
    soft.map_or(1024, |n| n.saturating_sub(128).clamp(64, 4096))
}

/// How many requests of each kind one client address, and one account, may send in a window.
/// `None` turns a kind off.
#[derive(Debug, Clone, PartialEq)]
pub struct RateLimits {
    pub sign_in: Option<Rate>,
    pub reset: Option<Rate>,
    pub ticket: Option<Rate>,
    pub survey: Option<Rate>,
    pub vote: Option<Rate>,
    pub search: Option<Rate>,
}

/// `count` requests per `seconds`, refilled evenly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub count: u32,
    pub seconds: u32,
}

impl RateLimits {
    pub const NAMES: [&'static str; 6] = ["sign-in", "reset", "ticket", "survey", "vote", "search"];

    pub fn off() -> Self {
        RateLimits { sign_in: None, reset: None, ticket: None, survey: None, vote: None, search: None }
    }

    pub fn get(&self, name: &str) -> Option<Rate> {
        match name {
            "sign-in" => self.sign_in,
            "reset" => self.reset,
            "ticket" => self.ticket,
            "survey" => self.survey,
            "vote" => self.vote,
            "search" => self.search,
            _ => None,
        }
    }

    fn set(&mut self, name: &str, rate: Option<Rate>) -> bool {
        let slot = match name {
            "sign-in" => &mut self.sign_in,
            "reset" => &mut self.reset,
            "ticket" => &mut self.ticket,
            "survey" => &mut self.survey,
            "vote" => &mut self.vote,
            "search" => &mut self.search,
            _ => return false,
        };
        *slot = rate;
        true
    }

    /// `off`, or `name=count/seconds` (or `name=off`) pairs over the defaults.
    pub fn parse(text: &str) -> Option<Self> {
        if text.trim() == "off" {
            return Some(Self::off());
        }
        let mut limits = Self::default();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=')?;
            let rate = if value.trim() == "off" {
                None
            } else {
                let (count, seconds) = value.trim().split_once('/')?;
                let rate = Rate { count: count.trim().parse().ok()?, seconds: seconds.trim().parse().ok()? };
                (rate.count > 0 && rate.seconds > 0).then_some(rate)?;
                Some(rate)
            };
            if !limits.set(name.trim(), rate) {
                return None;
            }
        }
        Some(limits)
    }
}

impl Default for RateLimits {
    /// Far above what a person does, low enough to stop scripts: a few sign-ins a minute, a
    /// handful of reset mails an hour, search as fast as someone can type.
    fn default() -> Self {
        let rate = |count, seconds| Some(Rate { count, seconds });
        RateLimits { sign_in: rate(10, 60), reset: rate(5, 900), ticket: rate(10, 600), survey: rate(20, 600), vote: rate(30, 60), search: rate(300, 60) }
    }
}
// `ATRIUM_FILES_DIR` (files attached to tickets in a directory instead of the database) is kept
// in `tickets.files`, next to the other ticket settings the server functions already receive.

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("configuration key `{key}` is invalid: got {value:?}, expected {expected}")]
    Invalid { key: String, value: String, expected: &'static str },
    #[error("configuration file {path} could not be read: {reason}")]
    File { path: String, reason: String },
}

/// The file form of the configuration: every key optional, same names as the variables
/// without the `ATRIUM_` prefix, in lower case.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    addr: Option<String>,
    data_dir: Option<String>,
    content_dir: Option<String>,
    site_dir: Option<String>,
    database_url: Option<String>,
    request_timeout_secs: Option<toml::Value>,
    log: Option<String>,
    log_format: Option<String>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    imap_url: Option<String>,
    lmtp_addr: Option<String>,
    jobs_interval_secs: Option<toml::Value>,
    agents_email: Option<String>,
    sla_targets_hours: Option<String>,
    sla_holidays: Option<String>,
    time_zone: Option<String>,
    ticket_reminder_days: Option<String>,
    ticket_auto_close_days: Option<toml::Value>,
    ticket_reopen_days: Option<toml::Value>,
    ticket_turnaround_days: Option<String>,
    survey_valid_days: Option<toml::Value>,
    attachment_max_mb: Option<toml::Value>,
    argon2_memory_kib: Option<toml::Value>,
    argon2_iterations: Option<toml::Value>,
    argon2_parallelism: Option<toml::Value>,
    log_dir: Option<String>,
    retention_system_log_days: Option<toml::Value>,
    retention_audit_log_days: Option<toml::Value>,
    retention_closed_ticket_files_days: Option<toml::Value>,
    retention_search_log_days: Option<toml::Value>,
    node_name: Option<String>,
    metrics_token: Option<String>,
    files_dir: Option<String>,
    page_cache_ms: Option<toml::Value>,
    search_cache_mb: Option<toml::Value>,
    public_url: Option<String>,
    trusted_proxies: Option<String>,
    rate_limits: Option<String>,
    allow_private_providers: Option<toml::Value>,
    header_timeout_secs: Option<toml::Value>,
    keep_alive_secs: Option<toml::Value>,
    body_timeout_secs: Option<toml::Value>,
    max_connections: Option<toml::Value>,
}

fn toml_text(v: Option<toml::Value>) -> Option<String> {
    v.map(|v| match v {
        toml::Value::String(s) => s,
        other => other.to_string(),
    })
}

/// A comma-separated list of whole numbers, each in `range`.
fn number_list(key: String, value: String, range: std::ops::RangeInclusive<i64>, expected: &'static str) -> Result<Vec<i64>, ConfigError> {
    let parsed: Option<Vec<i64>> = value.split(',').map(|p| p.trim().parse::<i64>().ok().filter(|n| range.contains(n))).collect();
    parsed.filter(|v| !v.is_empty()).ok_or(ConfigError::Invalid { key, value, expected })
}

impl Config {
    /// Reads `path` when given (or `ATRIUM_CONFIG`), then the process environment.
    pub fn load(path: Option<PathBuf>) -> Result<Self, ConfigError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        let path = path.or_else(|| env.get("ATRIUM_CONFIG").map(PathBuf::from));
        let file = match path {
            Some(p) => {
                let text = std::fs::read_to_string(&p).map_err(|e| ConfigError::File { path: p.display().to_string(), reason: e.to_string() })?;
                Some(text)
            }
            None => None,
        };
        Self::from_sources(file.as_deref(), &env)
    }

    /// Pure form of [`Config::load`], for tests.
    pub fn from_sources(file: Option<&str>, env: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let file: FileConfig = match file {
            Some(text) => toml::from_str(text).map_err(|e| ConfigError::File { path: "configuration file".into(), reason: e.message().to_string() })?,
            None => FileConfig::default(),
        };
        let pick = |key: &str, from_file: Option<String>| -> Option<(String, String)> {
            let var = format!("ATRIUM_{}", key.to_uppercase());
            env.get(&var).map(|v| (var.clone(), v.clone())).or(from_file.map(|v| (key.to_string(), v)))
        };

        let addr = match pick("addr", file.addr) {
            Some((key, value)) => value.parse().map_err(|_| ConfigError::Invalid { key, value, expected: "an IP address and port such as 127.0.0.1:3000" })?,
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
        };
        let data_dir = PathBuf::from(pick("data_dir", file.data_dir).map(|(_, v)| v).unwrap_or_else(|| "data".into()));
        let content_dir = PathBuf::from(pick("content_dir", file.content_dir).map(|(_, v)| v).unwrap_or_else(|| "content".into()));
        let site_dir = PathBuf::from(pick("site_dir", file.site_dir).map(|(_, v)| v).unwrap_or_else(|| "target/site".into()));
        let database_url = match pick("database_url", file.database_url) {
            Some((key, value)) => {
                if !(value.starts_with("sqlite:") || value.starts_with("postgres://") || value.starts_with("postgresql://")) {
                    return Err(ConfigError::Invalid { key, value, expected: "a URL starting with sqlite: or postgres://" });
                }
                value
            }
            None => format!("sqlite://{}?mode=rwc", data_dir.join("atrium.db").display()),
        };
        let timeout_raw = pick(
            "request_timeout_secs",
            file.request_timeout_secs.map(|v| match v {
                toml::Value::String(s) => s,
                other => other.to_string(),
            }),
        );
        let request_timeout_secs = match timeout_raw {
            Some((key, value)) => match value.trim().parse::<u64>() {
                Ok(n) if (1..=3600).contains(&n) => n,
                _ => return Err(ConfigError::Invalid { key, value, expected: "a whole number of seconds from 1 to 3600" }),
            },
            None => 30,
        };
        let log = pick("log", file.log).map(|(_, v)| v).unwrap_or_else(|| "info,tower_http=info".into());
        let log_json = match pick("log_format", file.log_format) {
            None => false,
            Some((_, v)) if v == "text" => false,
            Some((_, v)) if v == "json" => true,
            Some((key, value)) => return Err(ConfigError::Invalid { key, value, expected: "text or json" }),
        };
        let smtp = pick("smtp_url", file.smtp_url).filter(|(_, v)| !v.is_empty());
        let from = pick("mail_from", file.mail_from);
        let mail_from = from.as_ref().map(|(_, v)| v.clone()).unwrap_or_else(|| "Atrium Help Centre <help@atrium.example>".into());
        let smtp_url = smtp.as_ref().map(|(_, v)| v.clone());
        if let Err(crate::mail::MailError::Config(which, _)) = crate::mail::Mailer::new(smtp_url.as_deref(), &mail_from) {
            let (key, value, expected) = if which == "mail_from" {
                (from.map_or("mail_from".into(), |(k, _)| k), mail_from, "an address such as Help Centre <help@example.com>")
            } else {
                let (k, v) = smtp.unwrap_or_default();
                (k, v, "a URL such as smtp://127.0.0.1:1025 or smtp://user:password@relay:25")
            };
            return Err(ConfigError::Invalid { key, value, expected });
        }
        let imap_url = match pick("imap_url", file.imap_url).filter(|(_, v)| !v.is_empty()) {
            Some((key, value)) => Some(crate::mail::mailbox::SupportMailbox::parse(&value).ok_or(ConfigError::Invalid {
                key,
                value: "(not shown: it holds a password)".into(),
                expected: "a URL such as imaps://support%40example.com:password@imap.example.com/INBOX",
            })?),
            None => None,
        };
        let lmtp_addr = match pick("lmtp_addr", file.lmtp_addr).filter(|(_, v)| !v.trim().is_empty()) {
            Some((key, value)) => {
                Some(value.trim().parse().map_err(|_| ConfigError::Invalid { key, value, expected: "an address and port such as 127.0.0.1:2424" })?)
            }
            None => None,
        };
        let jobs_interval_secs = match pick("jobs_interval_secs", toml_text(file.jobs_interval_secs)) {
            Some((key, value)) => match value.trim().parse::<u64>() {
                Ok(n) if (1..=86_400).contains(&n) => n,
                _ => return Err(ConfigError::Invalid { key, value, expected: "a whole number of seconds from 1 to 86400" }),
            },
            None => 60,
        };
        let mut tickets = crate::ticket::TicketSettings::default();
        if let Some((key, value)) = pick("agents_email", file.agents_email) {
            if !value.contains('@') {
                return Err(ConfigError::Invalid { key, value, expected: "an email address" });
            }
            tickets.agents_email = value;
        }
        if let Some((key, value)) = pick("sla_targets_hours", file.sla_targets_hours) {
            let expected = "three hour counts for Blocking, Major, Minor, such as 15,50,100";
            let v = number_list(key.clone(), value.clone(), 1..=10_000, expected)?;
            tickets.targets_hours = v.try_into().map_err(|_| ConfigError::Invalid { key, value, expected })?;
        }
        if let Some((key, value)) = pick("time_zone", file.time_zone) {
            tickets.calendar.tz =
                value.trim().parse::<chrono_tz::Tz>().map_err(|_| ConfigError::Invalid { key, value, expected: "a time zone such as Europe/Paris" })?;
        }
        if let Some((key, value)) = pick("sla_holidays", file.sla_holidays) {
            for day in value.split(',').map(str::trim).filter(|d| !d.is_empty()) {
                let date = day.parse::<chrono::NaiveDate>().map_err(|_| ConfigError::Invalid {
                    key: key.clone(),
                    value: value.clone(),
                    expected: "dates such as 2026-12-25,2027-01-01",
                })?;
                tickets.calendar.holidays.insert(date);
            }
        }
        if let Some((key, value)) = pick("ticket_reminder_days", file.ticket_reminder_days) {
            tickets.reminder_days = number_list(key, value, 1..=365, "days such as 14,21")?;
        }
        if let Some((key, value)) = pick("ticket_auto_close_days", toml_text(file.ticket_auto_close_days)) {
            tickets.auto_close_days = number_list(key, value, 1..=365, "a number of days from 1 to 365")?[0];
        }
        if let Some((key, value)) = pick("ticket_turnaround_days", file.ticket_turnaround_days) {
            let expected = "three working-day counts for configuration requests, questions and service requests, such as 7,7,15";
            let v = number_list(key.clone(), value.clone(), 1..=60, expected)?;
            tickets.turnaround_days = v.try_into().map_err(|_| ConfigError::Invalid { key, value, expected })?;
        }
        if let Some((key, value)) = pick("ticket_reopen_days", toml_text(file.ticket_reopen_days)) {
            tickets.reopen_days = number_list(key, value, 0..=365, "a number of days from 0 (never) to 365")?[0];
        }
        if let Some((key, value)) = pick("attachment_max_mb", toml_text(file.attachment_max_mb)) {
            tickets.attachment_max_bytes = number_list(key, value, 1..=100, "a number of megabytes from 1 to 100")?[0] as usize * 1024 * 1024;
        }
        if let Some((key, value)) = pick("survey_valid_days", toml_text(file.survey_valid_days)) {
            tickets.survey_valid_days = number_list(key, value, 1..=365, "a number of days from 1 to 365")?[0];
        }
        if tickets.reminder_days.iter().any(|d| *d >= tickets.auto_close_days) {
            return Err(ConfigError::Invalid {
                key: "ticket_reminder_days".into(),
                value: format!("{:?}", tickets.reminder_days),
                expected: "reminders before the auto-close day",
            });
        }
        let mut password_hashing = crate::identity::HashCost::default();
        let costs = [
            ("argon2_memory_kib", file.argon2_memory_kib, 8 * 1024..=4 * 1024 * 1024, "a number of KiB from 8192 to 4194304"),
            ("argon2_iterations", file.argon2_iterations, 1..=20, "a number of passes from 1 to 20"),
            ("argon2_parallelism", file.argon2_parallelism, 1..=16, "a number of lanes from 1 to 16"),
        ];
        for (name, from_file, range, expected) in costs {
            if let Some((key, value)) = pick(name, toml_text(from_file)) {
                let n = number_list(key, value, range, expected)?[0] as u32;
                match name {
                    "argon2_memory_kib" => password_hashing.memory_kib = n,
                    "argon2_iterations" => password_hashing.iterations = n,
                    _ => password_hashing.parallelism = n,
                }
            }
        }
        let log_dir = pick("log_dir", file.log_dir).filter(|(_, v)| !v.is_empty()).map(|(_, v)| PathBuf::from(v));
        let mut retention = crate::operations::Retention::default();
        let kept = [
            ("retention_system_log_days", file.retention_system_log_days),
            ("retention_audit_log_days", file.retention_audit_log_days),
            ("retention_closed_ticket_files_days", file.retention_closed_ticket_files_days),
            ("retention_search_log_days", file.retention_search_log_days),
        ];
        for (name, from_file) in kept {
            if let Some((key, value)) = pick(name, toml_text(from_file)) {
                let days = number_list(key, value, 1..=36_500, "a number of days from 1 to 36500")?[0];
                match name {
                    "retention_system_log_days" => retention.system_log_days = days,
                    "retention_audit_log_days" => retention.audit_log_days = days,
                    "retention_closed_ticket_files_days" => retention.closed_ticket_files_days = days,
                    _ => retention.search_log_days = days,
                }
            }
        }
        if let Some((_, dir)) = pick("files_dir", file.files_dir).filter(|(_, v)| !v.trim().is_empty()) {
            tickets.files = crate::files::FileStore::Directory(PathBuf::from(dir));
        }
        let node_name = pick("node_name", file.node_name).map(|(_, v)| v).filter(|v| !v.trim().is_empty()).unwrap_or_else(default_node_name);
        let metrics_token = pick("metrics_token", file.metrics_token).map(|(_, v)| v).filter(|v| !v.is_empty());
        let page_cache_ms = match pick("page_cache_ms", toml_text(file.page_cache_ms)) {
            Some((key, value)) => match value.trim().parse::<u64>() {
                Ok(n) if n <= 60_000 => n,
                _ => return Err(ConfigError::Invalid { key, value, expected: "milliseconds from 0 (off) to 60000" }),
            },
            None => 1_000,
        };
        let search_cache_mb = match pick("search_cache_mb", toml_text(file.search_cache_mb)) {
            Some((key, value)) => match value.trim().parse::<u64>() {
                Ok(n) if n <= 4_096 => n,
                _ => return Err(ConfigError::Invalid { key, value, expected: "megabytes from 0 (off) to 4096" }),
            },
            None => crate::search::DEFAULT_RESULT_CACHE_BYTES >> 20,
        };
        let public_url = match pick("public_url", file.public_url).filter(|(_, v)| !v.trim().is_empty()) {
            Some((key, value)) => crate::tenant::PublicUrl::parse(&value).map_err(|_| ConfigError::Invalid {
                key,
                value,
                expected: "an address such as https://help.example.com or http://127.0.0.1:3000 (no path, no user)",
            })?,
            None => crate::tenant::PublicUrl::parse(&format!("http://{addr}")).unwrap_or_default(),
        };
        let trusted_proxies = match pick("trusted_proxies", file.trusted_proxies) {
            Some((key, value)) => {
                let parsed: Result<Vec<std::net::IpAddr>, _> = value.split(',').map(str::trim).filter(|p| !p.is_empty()).map(str::parse).collect();
                parsed.map_err(|_| ConfigError::Invalid { key, value, expected: "IP addresses such as 127.0.0.1,::1" })?
            }
            None => Vec::new(),
        };
        let rate_limits = match pick("rate_limits", file.rate_limits) {
            Some((key, value)) => RateLimits::parse(&value).ok_or(ConfigError::Invalid {
                key,
                value,
                expected: "off, or pairs such as sign-in=10/60,search=off (names: sign-in, reset, ticket, survey, vote, search)",
            })?,
            None => RateLimits::default(),
        };
        let allow_private_providers = match pick("allow_private_providers", toml_text(file.allow_private_providers)) {
            None => false,
            Some((_, v)) if v == "true" => true,
            Some((_, v)) if v == "false" => false,
            Some((key, value)) => return Err(ConfigError::Invalid { key, value, expected: "true or false" }),
        };
        let mut connections = Connections::default();
        let limits = [
            ("header_timeout_secs", file.header_timeout_secs, 1..=600, "a whole number of seconds from 1 to 600"),
            ("keep_alive_secs", file.keep_alive_secs, 1..=3600, "a whole number of seconds from 1 to 3600"),
            ("body_timeout_secs", file.body_timeout_secs, 1..=3600, "a whole number of seconds from 1 to 3600"),
            ("max_connections", file.max_connections, 1..=1_000_000, "a number of connections from 1 to 1000000"),
        ];
        for (name, from_file, range, expected) in limits {
            if let Some((key, value)) = pick(name, toml_text(from_file)) {
                let n = number_list(key, value, range, expected)?[0] as u64;
                match name {
                    "header_timeout_secs" => connections.header_timeout_secs = n,
                    "keep_alive_secs" => connections.keep_alive_secs = n,
                    "body_timeout_secs" => connections.body_timeout_secs = n,
                    _ => connections.max = n as usize,
                }
            }
        }
        tickets.public_url = public_url.clone();
        Ok(Config {
            connections,
            allow_private_providers,
            rate_limits,
            public_url,
            trusted_proxies,
            addr,
            data_dir,
            content_dir,
            site_dir,
            database_url,
            request_timeout_secs,
            log,
            log_json,
            smtp_url,
            imap_url,
            lmtp_addr,
            mail_from,
            jobs_interval_secs,
            tickets,
            password_hashing,
            log_dir,
            retention,
            node_name,
            metrics_token,
            page_cache_ms,
            search_cache_mb,
        })
    }
}

/// `host:pid`, unique among the nodes sharing a database.
fn default_node_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname").ok().map(|h| h.trim().to_string()).filter(|h| !h.is_empty());
    format!("{}:{}", host.or_else(|| std::env::var("HOSTNAME").ok()).unwrap_or_else(|| "atrium".into()), std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/operators.md lists every key the configuration file (and so the environment) knows,
    /// and no other.
    #[test]
    fn the_operators_reference_lists_every_key_and_no_other() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/operators.md")).unwrap();
        let section = doc.split("## Configuration").nth(1).unwrap().split("\n## ").next().unwrap();
        let documented: std::collections::BTreeSet<String> = section
            .lines()
            .filter(|l| l.starts_with("| `ATRIUM_"))
            .flat_map(|l| l.split('|').nth(1).unwrap_or_default().split('`').filter(|t| t.starts_with("ATRIUM_")).map(|t| t["ATRIUM_".len()..].to_lowercase()))
            .collect();
        // The file form refuses an unknown key and names every key it knows.
        let refused = toml::from_str::<FileConfig>("no_such_key = 1").unwrap_err().to_string();
        let known: std::collections::BTreeSet<String> =
            refused.split("expected one of").nth(1).unwrap().split(',').map(|k| k.trim().trim_matches('`').to_string()).filter(|k| !k.is_empty()).collect();
        assert!(known.len() > 30, "{refused}");
        assert_eq!(documented, known, "docs/operators.md and FileConfig disagree");
    }

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_support_mailbox_is_checked_and_its_password_never_echoed() {
        let c = Config::from_sources(None, &env(&[("ATRIUM_IMAP_URL", "imaps://help%40acme.example:s3cret@imap.acme.example")])).unwrap();
        assert_eq!(format!("{:?}", c.imap_url.unwrap()), "imaps://help@acme.example@imap.acme.example:993/INBOX");
        let err = Config::from_sources(None, &env(&[("ATRIUM_IMAP_URL", "pop3://help:s3cret@mail.acme.example")])).unwrap_err().to_string();
        assert!(err.contains("ATRIUM_IMAP_URL") && !err.contains("s3cret"), "{err}");
        assert!(Config::from_sources(None, &env(&[])).unwrap().imap_url.is_none());
    }

    #[test]
    fn password_hashing_costs_are_read_and_checked() {
        let c = Config::from_sources(Some("argon2_iterations = 3"), &env(&[("ATRIUM_ARGON2_MEMORY_KIB", "65536")])).unwrap();
        assert_eq!((c.password_hashing.memory_kib, c.password_hashing.iterations, c.password_hashing.parallelism), (65536, 3, 1));
        let e = Config::from_sources(None, &env(&[("ATRIUM_ARGON2_MEMORY_KIB", "64")])).unwrap_err();
        assert!(e.to_string().contains("ATRIUM_ARGON2_MEMORY_KIB") && e.to_string().contains("8192"), "{e}");
    }

    #[test]
    fn environment_overrides_the_file() {
        let c = Config::from_sources(Some("addr = \"127.0.0.1:4000\"\ndata_dir = \"/tmp/a\""), &env(&[("ATRIUM_ADDR", "127.0.0.1:5000")])).unwrap();
        assert_eq!(c.addr.port(), 5000);
        assert_eq!(c.data_dir, PathBuf::from("/tmp/a"));
        assert!(c.database_url.contains("/tmp/a/atrium.db"));
    }

    #[test]
    fn a_bad_address_names_the_variable_and_the_expected_form() {
        let err = Config::from_sources(None, &env(&[("ATRIUM_ADDR", "localhost")])).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("ATRIUM_ADDR"), "{msg}");
        assert!(msg.contains("127.0.0.1:3000"), "{msg}");
    }

    #[test]
    fn a_bad_file_value_names_the_file_key() {
        let err = Config::from_sources(Some("request_timeout_secs = 0"), &env(&[])).unwrap_err();
        assert!(err.to_string().contains("`request_timeout_secs`"), "{err}");
    }

    #[test]
    fn unknown_file_keys_are_refused() {
        let err = Config::from_sources(Some("adress = \"x\""), &env(&[])).unwrap_err();
        assert!(err.to_string().contains("adress"), "{err}");
    }

    #[test]
    fn ticket_rules_are_configurable_and_checked() {
        let c = Config::from_sources(
            Some("sla_targets_hours = \"8,24,80\"\nsla_holidays = \"2026-12-25\"\nticket_reminder_days = \"7\""),
            &env(&[("ATRIUM_TICKET_AUTO_CLOSE_DAYS", "10")]),
        )
        .unwrap();
        assert_eq!(c.tickets.targets_hours, [8, 24, 80]);
        assert!(c.tickets.calendar.holidays.contains(&"2026-12-25".parse().unwrap()));
        assert_eq!((c.tickets.reminder_days.clone(), c.tickets.auto_close_days), (vec![7], 10));
        assert_eq!(c.tickets.calendar.tz, chrono_tz::Europe::Paris, "the service document's zone unless told");
        let lisbon = Config::from_sources(Some("time_zone = \"Europe/Lisbon\""), &env(&[])).unwrap();
        assert_eq!(lisbon.tickets.calendar.tz, chrono_tz::Europe::Lisbon);
        for (k, v) in [
            ("ATRIUM_TIME_ZONE", "Paris"),
            ("ATRIUM_SLA_TARGETS_HOURS", "15,50"),
            ("ATRIUM_SLA_HOLIDAYS", "25/12/2026"),
            ("ATRIUM_TICKET_REMINDER_DAYS", "30"),
            ("ATRIUM_SMTP_URL", "mail.example.com"),
            ("ATRIUM_JOBS_INTERVAL_SECS", "0"),
        ] {
            let err = Config::from_sources(None, &env(&[(k, v)])).unwrap_err();
            assert!(err.to_string().contains(k) || err.to_string().contains("ticket_reminder_days"), "{k}: {err}");
        }
    }

    #[test]
    fn retention_periods_are_configurable_and_checked() {
        let c = Config::from_sources(Some("retention_audit_log_days = 400"), &env(&[("ATRIUM_RETENTION_SEARCH_LOG_DAYS", "30")])).unwrap();
        assert_eq!(c.retention.audit_log_days, 400);
        assert_eq!(c.retention.search_log_days, 30);
        assert_eq!((c.retention.system_log_days, c.retention.closed_ticket_files_days), (90, 90), "the service document's defaults");
        let e = Config::from_sources(None, &env(&[("ATRIUM_RETENTION_SYSTEM_LOG_DAYS", "0")])).unwrap_err();
        assert!(e.to_string().contains("ATRIUM_RETENTION_SYSTEM_LOG_DAYS"), "{e}");
    }

    #[test]
    fn caches_are_configurable_and_checked() {
        let c = Config::from_sources(Some("search_cache_mb = 8"), &env(&[("ATRIUM_PAGE_CACHE_MS", "0")])).unwrap();
        assert_eq!((c.search_cache_mb, c.page_cache_ms), (8, 0));
        assert_eq!(Config::from_sources(None, &env(&[])).unwrap().search_cache_mb, 16);
        let e = Config::from_sources(None, &env(&[("ATRIUM_SEARCH_CACHE_MB", "lots")])).unwrap_err();
        assert!(e.to_string().contains("ATRIUM_SEARCH_CACHE_MB") && e.to_string().contains("megabytes"), "{e}");
    }

    #[test]
    fn the_public_address_defaults_to_the_listening_one_and_is_checked() {
        let c = Config::from_sources(None, &env(&[("ATRIUM_ADDR", "127.0.0.1:3005")])).unwrap();
        assert_eq!(c.public_url.origin(), "http://127.0.0.1:3005");
        let c = Config::from_sources(Some("public_url = \"https://help.example.com\""), &env(&[])).unwrap();
        assert_eq!(c.public_url.origin(), "https://help.example.com");
        for bad in ["help.example.com", "https://help.example.com/help", "http://127.0.0.1:3000@evil.example"] {
            let e = Config::from_sources(None, &env(&[("ATRIUM_PUBLIC_URL", bad)])).unwrap_err();
            assert!(e.to_string().contains("ATRIUM_PUBLIC_URL"), "{e}");
        }
        assert!(!Config::from_sources(None, &env(&[])).unwrap().allow_private_providers, "refused by default");
        assert!(Config::from_sources(None, &env(&[("ATRIUM_ALLOW_PRIVATE_PROVIDERS", "true")])).unwrap().allow_private_providers);
        assert!(Config::from_sources(None, &env(&[("ATRIUM_ALLOW_PRIVATE_PROVIDERS", "yes")])).is_err());
        let c = Config::from_sources(None, &env(&[("ATRIUM_TRUSTED_PROXIES", "127.0.0.1, ::1")])).unwrap();
        assert_eq!(c.trusted_proxies.len(), 2);
        assert!(Config::from_sources(None, &env(&[("ATRIUM_TRUSTED_PROXIES", "proxy.local")])).is_err());
    }

    #[test]
    fn rate_limits_have_defaults_can_be_changed_or_turned_off_and_are_checked() {
        let c = Config::from_sources(None, &env(&[])).unwrap();
        assert_eq!(c.rate_limits.sign_in, Some(Rate { count: 10, seconds: 60 }));
        let c = Config::from_sources(Some("rate_limits = \"search=600/60, vote=off\""), &env(&[])).unwrap();
        assert_eq!((c.rate_limits.search, c.rate_limits.vote), (Some(Rate { count: 600, seconds: 60 }), None));
        assert_eq!(c.rate_limits.reset, RateLimits::default().reset);
        assert_eq!(Config::from_sources(None, &env(&[("ATRIUM_RATE_LIMITS", "off")])).unwrap().rate_limits, RateLimits::off());
        for bad in ["sign-in=10", "login=5/60", "search=0/60", "vote=x/y"] {
            let e = Config::from_sources(None, &env(&[("ATRIUM_RATE_LIMITS", bad)])).unwrap_err();
            assert!(e.to_string().contains("ATRIUM_RATE_LIMITS"), "{bad}: {e}");
        }
    }

    #[test]
    fn database_url_must_name_a_supported_database() {
        let err = Config::from_sources(None, &env(&[("ATRIUM_DATABASE_URL", "mysql://x")])).unwrap_err();
        assert!(err.to_string().contains("ATRIUM_DATABASE_URL"));
    }
}
