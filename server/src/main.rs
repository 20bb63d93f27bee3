//! `atrium`: serve the help centre, check content, seed the demo tenants.

use atrium_core::config::Config;
use clap::{Parser, Subcommand};
use std::{path::PathBuf, process::ExitCode, time::Duration};

mod operations;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "atrium", about = "Atrium help centre", version)]
struct Cli {
    /// Configuration file (TOML); `ATRIUM_*` variables override it.
    #[arg(long, global = true, env = "ATRIUM_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the help centre (the default).
    Serve,
    /// Check every content file; list the problems and exit non-zero if there are any.
    CheckContent,
    /// Create the demo tenants (safe to run again).
    SeedDemo {
        /// Also give Acme's desk tickets in every status (once; `make run` does)
        #[arg(long)]
        with_tickets: bool,
    },
    /// Set a tenant's own SLA terms over the deployment's defaults.
    SetSla {
        /// The tenant's id, e.g. acme
        #[arg(long)]
        tenant: String,
        /// Working-hours targets for Blocking, Major, Minor, e.g. 8,24,80
        #[arg(long)]
        targets_hours: Option<String>,
        /// The tenant's public holidays, e.g. 2026-12-24,2026-12-31
        #[arg(long)]
        holidays: Option<String>,
    },
    /// Let a tenant file tickets by mail (a mail answering no ticket becomes one), or stop it.
    SetTicketsByMail {
        /// The tenant's id, e.g. acme
        #[arg(long)]
        tenant: String,
        /// `yes` to file by mail, `no` to point senders to the help centre's form
        #[arg(long, value_parser = clap::builder::BoolishValueParser::new())]
        allow: bool,
    },
    /// Set (or with no --url, clear) the public address a tenant's links are built from.
    SetPublicUrl {
        /// The tenant's id, e.g. acme
        #[arg(long)]
        tenant: String,
        /// `https://help.acme.example` (scheme, host, optional port; nothing else)
        #[arg(long)]
        url: Option<String>,
    },
    /// Add or replace a tenant's single sign-on provider from a JSON settings file (see docs/customer-administrators.md).
    SetSso {
        /// The tenant's id, e.g. acme
        #[arg(long)]
        tenant: String,
        /// The name on the sign-in button, e.g. "Acme Okta"
        #[arg(long)]
        name: String,
        /// `{"kind": "oidc", "issuer": …, "client_id": …, "client_secret": …, "mapping": {…}}`
        #[arg(long)]
        file: PathBuf,
    },
    /// Write a consistent copy of the SQLite database while the server runs.
    Backup {
        /// The new backup file, e.g. backups/atrium-2026-11-23.db
        #[arg(long)]
        to: PathBuf,
    },
    /// Replace the SQLite database with a backup (stop the server first). The replaced file is kept.
    Restore {
        /// A file written by `atrium backup`
        #[arg(long)]
        from: PathBuf,
    },
    /// Export every table of one tenant as CSV, with a README describing the columns and links.
    ExportTenant {
        /// The tenant's id, e.g. acme
        #[arg(long)]
        tenant: String,
        /// A new (or empty) folder for the files
        #[arg(long)]
        to: PathBuf,
    },
    /// Delete every row and file of one tenant and write a certificate of destruction.
    DestroyTenant {
        /// The tenant's id, e.g. acme
        #[arg(long)]
        tenant: String,
        /// Where to write the certificate (plain text)
        #[arg(long)]
        certificate: PathBuf,
        /// Required: the tenant's id again, as a guard against a slip of the keyboard
        #[arg(long)]
        confirm: String,
    },
    /// Remove what is past its retention now (the server also does this every hour).
    Purge,
    /// List the mails that may or may not have arrived (their node died, or the connection broke,
    /// while the relay was taking them); no node sends them again by itself.
    MailUncertain {
        /// Send this mail again (when the recipient did not get it)
        #[arg(long, conflicts_with = "arrived")]
        resend: Option<String>,
        /// Record that this mail arrived; it is no longer listed
        #[arg(long)]
        arrived: Option<String>,
    },
    /// Write the content readers get (the content folder with the studio's published articles on
    /// top) as Markdown files in the content folder's own layout, for a docs-as-code repository.
    ExportContent {
        /// The folder to write into (created if missing; files at the same paths are replaced)
        dir: PathBuf,
    },
    /// Convert documentation written for another tool into Atrium's content layout.
    Import {
        /// starlight (or docusaurus), hugo, or tldr
        #[arg(long)]
        layout: atrium_core::import::Layout,
        /// The folder holding one sub-folder per language.
        #[arg(long)]
        from: PathBuf,
        /// Where to write `<locale>/<module>/<slug>.md` and `_modules/`.
        #[arg(long)]
        to: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(cli.config) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("atrium: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = atrium_core::identity::configure_hashing(config.password_hashing) {
        eprintln!("atrium: password hashing parameters are invalid: {e}");
        return ExitCode::from(2);
    }
    let _log_guard = init_logging(&config);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(config).await,
            Command::CheckContent => check_content(&config),
            Command::SeedDemo { with_tickets } => seed_demo(&config, with_tickets).await,
            Command::SetSla { tenant, targets_hours, holidays } => set_sla(&config, &tenant, targets_hours.as_deref(), holidays.as_deref()).await,
            Command::Import { layout, from, to } => import(layout, &from, &to),
            Command::SetPublicUrl { tenant, url } => set_public_url(&config, &tenant, url.as_deref()).await,
            Command::SetTicketsByMail { tenant, allow } => set_tickets_by_mail(&config, &tenant, allow).await,
            Command::SetSso { tenant, name, file } => set_sso(&config, &tenant, &name, &file).await,
            Command::Backup { to } => operations::backup(&config, &to).await,
            Command::Restore { from } => operations::restore(&config, &from).await,
            Command::ExportContent { dir } => operations::export_content(&config, &dir).await,
            Command::ExportTenant { tenant, to } => operations::export_tenant(&config, &tenant, &to).await,
            Command::DestroyTenant { tenant, certificate, confirm } => operations::destroy_tenant(&config, &tenant, &certificate, &confirm).await,
            Command::Purge => operations::purge(&config).await,
            Command::MailUncertain { resend, arrived } => operations::mail_uncertain(&config, resend.as_deref(), arrived.as_deref()).await,
        }
    })
}

async fn set_sso(config: &Config, tenant: &str, name: &str, file: &std::path::Path) -> ExitCode {
    use atrium_core::sso::{oidc, saml, ProviderSettings};
    let mut settings: ProviderSettings =
        match std::fs::read_to_string(file).map_err(|e| e.to_string()).and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string())) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("atrium: {}: {e}", file.display());
                return ExitCode::from(2);
            }
        };
    // SAML: the metadata is fetched when only its address is given, and must name a signing
    // certificate (without one, responses would not be checked at all).
    if let ProviderSettings::Saml(s) = &mut settings {
        if s.idp_metadata_xml.trim().is_empty() {
            let Some(url) = s.metadata_url.clone() else {
                eprintln!("atrium: {}: give idp_metadata_xml or metadata_url", file.display());
                return ExitCode::from(2);
            };
            match saml::fetch_metadata(&url, &oidc::http_client(config.allow_private_providers)).await {
                Ok(xml) => s.idp_metadata_xml = xml,
                Err(e) => {
                    eprintln!("atrium: {e}");
                    return ExitCode::from(1);
                }
            }
        }
        if let Err(e) = saml::check_metadata(&s.idp_metadata_xml) {
            eprintln!("atrium: {e}");
            return ExitCode::from(2);
        }
    }
    let pool = match operations::open_database(config).await {
        Ok(p) => p,
        Err(code) => return code,
    };
    match atrium_core::sso::save_provider(&pool, tenant, name, &settings, atrium_core::db::now()).await {
        Ok(id) => {
            println!("single sign-on provider {name:?} of {tenant} saved (id {id})");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("atrium: {e}");
            ExitCode::from(1)
        }
    }
}

async fn set_sla(config: &Config, tenant: &str, targets: Option<&str>, holidays: Option<&str>) -> ExitCode {
    let pool = match operations::open_database(config).await {
        Ok(p) => p,
        Err(code) => return code,
    };
    match atrium_core::ticket::set_tenant_sla(&pool, tenant, targets, holidays, atrium_core::db::now()).await {
        Ok(()) => {
            println!("SLA terms of {tenant} saved; they apply to tickets filed from now on and to every SLA clock");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("atrium: {e}");
            ExitCode::from(2)
        }
    }
}

async fn set_tickets_by_mail(config: &Config, tenant: &str, allow: bool) -> ExitCode {
    let pool = match operations::open_database(config).await {
        Ok(p) => p,
        Err(code) => return code,
    };
    match atrium_core::tenant::set_tickets_by_mail(&pool, tenant, allow).await {
        Ok(()) if allow => {
            println!("a mail from a {tenant} account that answers no ticket now becomes a new ticket");
            ExitCode::SUCCESS
        }
        Ok(()) => {
            println!("a mail from a {tenant} account that answers no ticket is answered with the help centre's form");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("atrium: {e}");
            ExitCode::from(2)
        }
    }
}

async fn set_public_url(config: &Config, tenant: &str, url: Option<&str>) -> ExitCode {
    let pool = match operations::open_database(config).await {
        Ok(p) => p,
        Err(code) => return code,
    };
    match atrium_core::tenant::set_public_url(&pool, tenant, url).await {
        Ok(()) => {
            match url {
                Some(u) => println!("links of {tenant} now start with {u}; running nodes use it within a second"),
                None => println!("{tenant} uses the default public address (ATRIUM_PUBLIC_URL) again; running nodes within a second"),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("atrium: {e}");
            ExitCode::from(2)
        }
    }
}

async fn serve(config: Config) -> ExitCode {
    let mailer = match atrium_core::mail::Mailer::new(config.smtp_url.as_deref(), &config.mail_from) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("atrium: {e}");
            return ExitCode::from(2);
        }
    };
    // Listen first: probes get `/healthz` at once and `/readyz` 503 until the content is in.
    let listener = match tokio::net::TcpListener::bind(config.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("atrium: cannot listen on {} (ATRIUM_ADDR): {e}", config.addr);
            return ExitCode::from(1);
        }
    };
    tracing::info!("Atrium listening on http://{} (loading)", config.addr);
    let current = atrium_server::listener::Current::new(atrium_server::listener::starting());
    let (failed, failure) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(atrium_server::listener::serve(listener, current.clone(), config.connections.clone(), async {
        tokio::select! {
            () = shutdown_signal() => {}
            _ = failure => {}
        }
    }));
    let prepared = match atrium_server::prepare(&config).await {
        Ok(p) => p,
        Err(e) => {
            eprintln!("atrium: {e}");
            let _ = failed.send(());
            let _ = serving.await;
            return ExitCode::from(1);
        }
    };
    #[cfg(unix)]
    tokio::spawn(atrium_server::content::reload::reload_on_sighup(prepared.state.clone(), config.content_dir.clone()));
    // Kept for the server's lifetime: dropping it stops the watch.
    let _watcher = atrium_server::content::reload::watch(prepared.state.clone(), config.content_dir.clone());
    tokio::spawn(atrium_server::content::reload::follow_studio(prepared.state.clone(), config.content_dir.clone(), Duration::from_millis(250)));
    // Tenants created, changed or destroyed on another node are served here within a second.
    tokio::spawn(prepared.state.tenants.clone().follow(prepared.state.pool.clone(), Duration::from_millis(500)));
    // Announcements changed on another node reach this node's banner as fast.
    tokio::spawn(prepared.state.versions.clone().follow(prepared.state.pool.clone(), Duration::from_millis(500)));
    if let Some(addr) = config.lmtp_addr {
        match tokio::net::TcpListener::bind(addr).await {
            Ok(relay) => {
                tracing::info!(%addr, "mail relay: LMTP listening");
                tokio::spawn(atrium_server::mail_relay::serve(relay, prepared.state.clone(), config.mail_from.clone()));
            }
            Err(e) => {
                eprintln!("atrium: cannot listen for the mail relay on {addr}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    tokio::spawn(atrium_server::jobs::run_forever(prepared.state.clone(), mailer, atrium_server::jobs::Schedule::from_config(&config)));
    let options = atrium_server::RouterOptions {
        request_timeout: Duration::from_secs(config.request_timeout_secs),
        body_timeout: Duration::from_secs(config.connections.body_timeout_secs),
        metrics_token: config.metrics_token.clone(),
        page_cache_ttl: Duration::from_millis(config.page_cache_ms),
        trusted_proxies: config.trusted_proxies.clone(),
        rate_limits: config.rate_limits.clone(),
    };
    current.set(atrium_server::router(prepared.state, options));
    tracing::info!("Atrium ready on http://{}", config.addr);
    let _ = serving.await;
    drop(failed);
    tracing::info!("Atrium stopped");
    ExitCode::SUCCESS
}

/// Finishes in-flight requests on SIGTERM or Ctrl-C, then stops.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Logs to standard output, as text or JSON lines, and with `ATRIUM_LOG_DIR` to daily files too.
/// The guard flushes the file writer when `main` ends.
fn init_logging(config: &Config) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    use tracing_subscriber::{layer::SubscriberExt, util::SubscriberInitExt, Layer};
    type Filtered = tracing_subscriber::layer::Layered<tracing_subscriber::EnvFilter, tracing_subscriber::Registry>;
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log).unwrap_or_else(|_| "info".into());
    // JSON is one object per line, with the request span (method, path, request id) on each.
    let mut layers: Vec<Box<dyn Layer<Filtered> + Send + Sync>> = vec![if config.log_json {
        tracing_subscriber::fmt::layer().json().with_current_span(true).with_span_list(false).boxed()
    } else {
        tracing_subscriber::fmt::layer().boxed()
    }];
    let mut guard = None;
    if let Some(dir) = &config.log_dir {
        let appender = tracing_appender::rolling::daily(dir, atrium_core::operations::purge::LOG_FILE_NAME);
        let (writer, flush) = tracing_appender::non_blocking(appender);
        layers.push(tracing_subscriber::fmt::layer().json().with_current_span(true).with_span_list(false).with_ansi(false).with_writer(writer).boxed());
        guard = Some(flush);
    }
    tracing_subscriber::registry().with(filter).with(layers).init();
    guard
}

fn check_content(config: &Config) -> ExitCode {
    let (store, problems) = atrium_core::content::load(&config.content_dir);
    for p in &problems {
        println!("{p}");
    }
    println!(
        "{} articles in {} modules, {} release notes, {} problem(s)",
        store.all_articles().count(),
        store.modules().len(),
        store.all_releases().count(),
        problems.len()
    );
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn import(layout: atrium_core::import::Layout, from: &std::path::Path, to: &std::path::Path) -> ExitCode {
    if !from.is_dir() {
        eprintln!("atrium: --from {} is not a folder", from.display());
        return ExitCode::from(2);
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
    let today = chrono::Utc::now().date_naive();
    let result = atrium_core::import::import(from, layout, to, today, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    match result {
        Ok(report) => {
            for (file, reason) in &report.skipped {
                println!("skipped {file}: {reason}");
            }
            println!(
                "imported {} articles into {} modules in {} ({} files skipped)",
                report.imported,
                report.modules.len(),
                to.display(),
                report.skipped.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("atrium: import failed: {e}");
            ExitCode::from(1)
        }
    }
}

/// What makes the demo a living help centre, each part the first time only: Acme's desk with
/// tickets in every status, answered surveys, planned maintenance and a past outage.
async fn living_demo(pool: &atrium_core::db::Pool, tickets: &atrium_core::ticket::TicketSettings) -> Result<(), String> {
    let now = atrium_core::db::now();
    atrium_core::ticket::seed_demo_desk(pool, tickets, now).await.map_err(|e| e.to_string())?;
    atrium_core::survey::seed_demo_answers(pool, tickets.survey_valid_days, now).await.map_err(|e| e.to_string())?;
    let root: (String,) = atrium_core::sqlx::query_as("SELECT id FROM users WHERE tenant_id = 'vendor' AND email = 'root@support.example'")
        .fetch_one(pool)
        .await
        .map_err(|e| e.to_string())?;
    atrium_core::maintenance::seed_demo_windows(pool, &root.0, now).await.map_err(|e| e.to_string())?;
    Ok(())
}

async fn seed_demo(config: &Config, with_tickets: bool) -> ExitCode {
    let _ = std::fs::create_dir_all(&config.data_dir);
    let pool = match operations::open_database(config).await {
        Ok(p) => p,
        Err(code) => return code,
    };
    let seeded = match atrium_core::tenant::seed_demo(&pool).await {
        Ok(()) => atrium_core::identity::seed_demo_users(&pool).await.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    let seeded = match seeded {
        Ok(()) if with_tickets => living_demo(&pool, &config.tickets).await,
        other => other,
    };
    match seeded {
        Ok(()) => {
            println!("demo tenants ready: Acme Logistics (127.0.0.1, acme.localhost), Globex Retail (localhost, globex.localhost)");
            println!(
                "demo users (password {}): ada@acme.example, bob@acme.example, admin@acme.example, editor@acme.example, rita@acme.example, \
                 agent@acme.example (Acme's support desk, with tickets in every status), grace@globex.example, desk@support.example (the vendor's desk)",
                atrium_core::identity::DEMO_PASSWORD
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("atrium: {e}");
            ExitCode::from(1)
        }
    }
}
