//! Tenant destruction at the end of a contract (service document §3.2.3): every row of the
//! tenant, its files with them (attachments live in the database), in one transaction, then a
//! certificate of destruction for the customer.

use super::catalogue::TABLES;
use crate::{db::Pool, files::FileStore};
use std::fmt::Write as _;

#[derive(Debug, thiserror::Error)]
pub enum DestroyError {
    #[error("no tenant with id {0:?}")]
    UnknownTenant(String),
    #[error("{0:?} is the vendor's own tenant: its support agents work every customer's tickets, so it cannot be destroyed")]
    VendorTenant(String),
    #[error(transparent)]
    Query(#[from] sqlx::Error),
    #[error("the rows are deleted but the tenant's files could not be: {0}")]
    Files(#[from] std::io::Error),
}

/// What was destroyed, for the customer's records.
#[derive(Debug, Clone)]
pub struct Certificate {
    pub tenant_id: String,
    pub tenant_name: String,
    pub hosts: Vec<String>,
    pub destroyed_at: i64,
    /// Rows removed per table, in deletion order.
    pub rows: Vec<(&'static str, u64)>,
    /// Files removed from a directory file store (0 when files live in the database).
    pub stored_files: u64,
}

impl Certificate {
    pub fn total(&self) -> u64 {
        self.rows.iter().map(|(_, n)| n).sum()
    }

    /// The certificate as plain text.
    pub fn to_text(&self) -> String {
        let when = chrono::DateTime::from_timestamp(self.destroyed_at, 0).map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string()).unwrap_or_default();
        let mut out = format!(
            "CERTIFICATE OF DATA DESTRUCTION\n\nCustomer: {} (tenant id {})\nHost names: {}\nDestroyed: {when}\n\n\
             Every record of this customer was deleted from the help centre's database in one transaction, \
             files attached to tickets included (they are stored in the database):\n\n",
            self.tenant_name,
            self.tenant_id,
            if self.hosts.is_empty() { "none".to_string() } else { self.hosts.join(", ") },
        );
        for (table, n) in &self.rows {
            let _ = writeln!(out, "  {table:<28} {n:>8} row(s)");
        }
        let _ = write!(
            out,
            "  {:<28} {:>8} row(s)\n\nFiles removed from the file store: {}.\n\nBackups taken before this time still hold the data until they expire under the backup \
             retention (daily backups 30 days, monthly backups 12 months); they are not restored for this customer.\n",
            "total",
            self.total(),
            self.stored_files
        );
        out
    }
}

/// Columns of shared rows (no tenant's own) that name an account, with the name kept beside it.
const FORMER_AUTHORS: &[(&str, &str, Option<&str>)] = &[
    ("content_revisions", "author_id", Some("author_name")),
    ("content_published", "published_by", None),
    ("content_reviews", "requester_id", Some("requester_name")),
    ("content_reviews", "reviewer_id", Some("reviewer_name")),
    ("content_review_notes", "author_id", Some("author_name")),
];

/// What the shared history shows for an account destroyed with its tenant.
pub const FORMER_AUTHOR: &str = "(deleted account)";

/// Deletes every row of `tenant_id`. Refuses the vendor's tenant and unknown ids; on any error
/// nothing is deleted.
pub async fn destroy_tenant(pool: &Pool, files: &FileStore, tenant_id: &str, now: i64) -> Result<Certificate, DestroyError> {
    let mut tx = crate::db::begin(pool).await?;
    let row: Option<(String, i64)> = sqlx::query_as("SELECT name, is_vendor FROM tenants WHERE id = $1").bind(tenant_id).fetch_optional(&mut *tx).await?;
    let Some((tenant_name, is_vendor)) = row else { return Err(DestroyError::UnknownTenant(tenant_id.to_string())) };
    if is_vendor != 0 {
        return Err(DestroyError::VendorTenant(tenant_id.to_string()));
    }
    let hosts: Vec<(String,)> = sqlx::query_as("SELECT host FROM tenant_hosts WHERE tenant_id = $1 ORDER BY host").bind(tenant_id).fetch_all(&mut *tx).await?;
    // The vendor's shared articles keep what the tenant's editors wrote, without naming them.
    for (table, id, name) in FORMER_AUTHORS {
        let rename = name.map(|n| format!(", {n} = $2")).unwrap_or_default();
        let sql = format!("UPDATE {table} SET {id} = NULL{rename} WHERE {id} IN (SELECT id FROM users WHERE tenant_id = $1)");
        let query = sqlx::query(&sql).bind(tenant_id);
        let query = if name.is_some() { query.bind(FORMER_AUTHOR) } else { query };
        query.execute(&mut *tx).await?;
    }
    sqlx::query("UPDATE content_images SET uploaded_by = '' WHERE uploaded_by IN (SELECT id FROM users WHERE tenant_id = $1)")
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?;
    let mut rows = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        // Table and key names come from the catalogue, never from input.
        let n = sqlx::query(&format!("DELETE FROM {} WHERE {} = $1", table.name, table.key)).bind(tenant_id).execute(&mut *tx).await?.rows_affected();
        rows.push((table.name, n));
    }
    crate::tenant::directory_changed(&mut *tx).await?;
    tx.commit().await?;
    // SQLite keeps deleted bytes in free pages until the file is rewritten.
    let mut conn = pool.acquire().await?;
    if conn.backend_name().eq_ignore_ascii_case("sqlite") {
        sqlx::query("VACUUM").execute(&mut *conn).await?;
    }
    let stored_files = files.remove_tenant(tenant_id).await?;
    Ok(Certificate { tenant_id: tenant_id.to_string(), tenant_name, hosts: hosts.into_iter().map(|(h,)| h).collect(), destroyed_at: now, rows, stored_files })
}
