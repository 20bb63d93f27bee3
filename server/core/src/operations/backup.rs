//! Online backups of the SQLite database (`VACUUM INTO`: a consistent copy while the server
//! keeps serving) and their restore. PostgreSQL deployments use `pg_dump` (see docs/operators.md).

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("the database is PostgreSQL: back it up with `pg_dump --format=custom` and restore with `pg_restore` (see docs/operators.md, Backups)")]
    NotSqlite,
    #[error("{0} already exists; give a new file name so no earlier backup is overwritten")]
    Exists(String),
    #[error("{0} is not an Atrium backup: {1}")]
    NotABackup(String, String),
    #[error("backup failed: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error(transparent)]
    Query(#[from] sqlx::Error),
}

/// The SQLite database file a URL names.
pub fn sqlite_path(database_url: &str) -> Option<PathBuf> {
    crate::db::sqlite_file(database_url).map(PathBuf::from)
}

/// Writes a consistent copy of the live database to `to`, without stopping the server.
pub async fn backup(database_url: &str, to: &Path) -> Result<u64, BackupError> {
    if sqlite_path(database_url).is_none() {
        return Err(BackupError::NotSqlite);
    }
    if to.exists() {
        return Err(BackupError::Exists(to.display().to_string()));
    }
    if let Some(parent) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let pool = crate::db::connect(database_url).await?;
    sqlx::query("VACUUM INTO $1").bind(to.display().to_string()).execute(&pool).await?;
    pool.close().await;
    Ok(std::fs::metadata(to)?.len())
}

/// Replaces the database with the backup `from`, after checking it is a sound Atrium database.
/// The server must be stopped. The replaced file is kept beside it as `<name>.before-restore`,
/// so a wrong restore loses nothing. Returns where the previous database went.
pub async fn restore(database_url: &str, from: &Path) -> Result<Option<PathBuf>, BackupError> {
    let Some(target) = sqlite_path(database_url) else { return Err(BackupError::NotSqlite) };
    check_backup(from).await?;
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    // Copy next to the target first, so the swap is one rename on the same file system.
    let incoming = target.with_extension("restoring");
    std::fs::copy(from, &incoming)?;
    let kept = if target.exists() {
        let kept = PathBuf::from(format!("{}.before-restore", target.display()));
        std::fs::rename(&target, &kept)?;
        for side in ["-wal", "-shm"] {
            let side_file = PathBuf::from(format!("{}{side}", target.display()));
            if side_file.exists() {
                std::fs::rename(&side_file, format!("{}{side}", kept.display()))?;
            }
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&incoming, &target)?;
    Ok(kept)
}

/// Opens the file read-only: SQLite's integrity check, and the migrations table Atrium keeps.
async fn check_backup(file: &Path) -> Result<(), BackupError> {
    use sqlx::Connection;
    let shown = file.display().to_string();
    if !file.is_file() {
        return Err(BackupError::NotABackup(shown, "no such file".into()));
    }
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", file.display());
    let mut conn = sqlx::AnyConnection::connect(&url).await.map_err(|e| BackupError::NotABackup(shown.clone(), e.to_string()))?;
    let checked: Result<(String,), _> = sqlx::query_as("PRAGMA integrity_check").fetch_one(&mut conn).await;
    match checked {
        Ok((ok,)) if ok == "ok" => {}
        Ok((problem,)) => return Err(BackupError::NotABackup(shown, problem)),
        Err(e) => return Err(BackupError::NotABackup(shown, e.to_string())),
    }
    let migrated: Result<(i64,), _> = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = 1").fetch_one(&mut conn).await;
    match migrated {
        Ok((n,)) if n > 0 => Ok(()),
        _ => Err(BackupError::NotABackup(shown, "it has no Atrium schema".into())),
    }
}
