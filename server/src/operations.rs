//! The operators' commands: backup, restore, tenant export and destruction, purge, uncertain mails.

use atrium_core::{config::Config, operations};
use std::{path::Path, process::ExitCode};

/// The database every command works on; the exit code when it cannot be opened (said on stderr).
pub async fn open_database(config: &Config) -> Result<atrium_core::db::Pool, ExitCode> {
    atrium_core::db::connect(&config.database_url).await.map_err(|e| {
        eprintln!("atrium: {e}");
        ExitCode::from(1)
    })
}

fn failed(e: impl std::fmt::Display, code: u8) -> ExitCode {
    eprintln!("atrium: {e}");
    ExitCode::from(code)
}

pub async fn backup(config: &Config, to: &Path) -> ExitCode {
    match operations::backup::backup(&config.database_url, to).await {
        Ok(bytes) => {
            println!("backup written to {} ({} KiB)", to.display(), bytes / 1024);
            ExitCode::SUCCESS
        }
        Err(e) => failed(e, 1),
    }
}

pub async fn restore(config: &Config, from: &Path) -> ExitCode {
    match operations::backup::restore(&config.database_url, from).await {
        Ok(kept) => {
            println!("database restored from {}", from.display());
            if let Some(kept) = kept {
                println!("the replaced database is kept as {}", kept.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => failed(e, 1),
    }
}

/// `atrium export-content DIR`.
pub async fn export_content(config: &Config, dir: &Path) -> ExitCode {
    let pool = match open_database(config).await {
        Ok(p) => p,
        Err(code) => return code,
    };
    let published = match atrium_core::content::studio::published(&pool).await {
        Ok(p) => p,
        Err(e) => return failed(e, 1),
    };
    match atrium_core::content::studio::export(&config.content_dir, &published, dir) {
        Ok(n) => {
            println!("wrote the content folder {} with {n} article(s) published in the studio to {}", config.content_dir.display(), dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => failed(format!("{}: {e}", dir.display()), 1),
    }
}

pub async fn export_tenant(config: &Config, tenant: &str, to: &Path) -> ExitCode {
    let pool = match open_database(config).await {
        Ok(p) => p,
        Err(code) => return code,
    };
    match operations::export::export_tenant(&pool, &config.tickets.files, tenant, to, atrium_core::db::now()).await {
        Ok(report) => {
            let rows: usize = report.files.iter().map(|(_, n)| n).sum();
            println!("exported {rows} rows of {tenant} in {} CSV files to {} (see README.md there)", report.files.len(), to.display());
            ExitCode::SUCCESS
        }
        Err(e) => failed(e, 1),
    }
}

pub async fn destroy_tenant(config: &Config, tenant: &str, certificate: &Path, confirm: &str) -> ExitCode {
    if confirm != tenant {
        return failed(format!("--confirm must repeat the tenant id {tenant:?}; nothing was deleted"), 2);
    }
    if certificate.exists() {
        return failed(format!("{} already exists; nothing was deleted", certificate.display()), 2);
    }
    let pool = match open_database(config).await {
        Ok(p) => p,
        Err(code) => return code,
    };
    match operations::destroy::destroy_tenant(&pool, &config.tickets.files, tenant, atrium_core::db::now()).await {
        Ok(cert) => {
            let text = cert.to_text();
            if let Err(e) = std::fs::write(certificate, &text) {
                // The data is gone either way: the certificate still reaches the operator.
                eprintln!("atrium: the certificate could not be written to {} ({e}); here it is:\n", certificate.display());
                print!("{text}");
                return ExitCode::from(1);
            }
            println!("tenant {tenant} destroyed ({} rows); certificate written to {}", cert.total(), certificate.display());
            ExitCode::SUCCESS
        }
        Err(e) => failed(e, 1),
    }
}

pub async fn purge(config: &Config) -> ExitCode {
    let pool = match open_database(config).await {
        Ok(p) => p,
        Err(code) => return code,
    };
    match operations::purge(&pool, &config.tickets.files, config.retention, atrium_core::db::now(), config.log_dir.as_deref()).await {
        Ok(r) => {
            println!(
                "purged {} audit entries, {} searches, {} job runs, {} sent mails, {} ticket files, {} log files",
                r.audit_entries, r.search_entries, r.job_runs, r.sent_mails, r.ticket_files, r.log_files
            );
            ExitCode::SUCCESS
        }
        Err(e) => failed(e, 1),
    }
}

/// Lists uncertain mails, or records an operator's decision on one.
pub async fn mail_uncertain(config: &Config, resend: Option<&str>, arrived: Option<&str>) -> ExitCode {
    let pool = match open_database(config).await {
        Ok(p) => p,
        Err(code) => return code,
    };
    let now = atrium_core::db::now();
    if let Some((id, resend)) = resend.map(|id| (id, true)).or(arrived.map(|id| (id, false))) {
        return match atrium_core::mail::decide_uncertain(&pool, id, resend, now).await {
            Ok(()) if resend => {
                println!("mail {id} will be sent again at the next pass");
                ExitCode::SUCCESS
            }
            Ok(()) => {
                println!("mail {id} recorded as arrived");
                ExitCode::SUCCESS
            }
            Err(e) => failed(e, 1),
        };
    }
    match atrium_core::mail::uncertain_mails(&pool, now).await {
        Ok(mails) if mails.is_empty() => {
            println!("no uncertain mail");
            ExitCode::SUCCESS
        }
        Ok(mails) => {
            println!("{} mail(s) may or may not have arrived; ask the recipient, then --resend ID or --arrived ID:", mails.len());
            for m in mails {
                let when = chrono::DateTime::from_timestamp(m.sending_at, 0).map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default();
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    m.id,
                    m.tenant_id,
                    when,
                    m.recipient,
                    m.subject,
                    m.last_error.as_deref().unwrap_or("node stopped while sending")
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => failed(e, 1),
    }
}
