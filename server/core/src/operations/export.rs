//! A tenant's data export (service document §3.5): one CSV file per table, in UTF-8 with a
//! header row, and a README describing every column and the links between files.

use super::catalogue::{column_meaning, Export, TenantTable, TABLES};
use crate::{db::Pool, files::FileStore};
use sqlx::{Column, Row};
use std::{fmt::Write as _, path::Path};

#[cfg(test)]
mod tests {
    #[test]
    fn one_click_links_lose_their_secret_and_nothing_else() {
        let text = "Set a password: http://127.0.0.1:3000/en/account/link?token=ab12cd34&x=1\n\
                    Rate: https://help.example.com/fr/survey/0190.1767225600.sIg-_x?rating=5 and <a href=\"http://h/en/maintenance/unsubscribe?token=ff00\">";
        let r = super::redact_links(text);
        assert_eq!(
            r,
            "Set a password: http://127.0.0.1:3000/en/account/link?token=REDACTED&x=1\n\
             Rate: https://help.example.com/fr/survey/REDACTED?rating=5 and <a href=\"http://h/en/maintenance/unsubscribe?token=REDACTED\">"
        );
        assert_eq!(super::redact_links("no links here"), "no links here");
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("no tenant with id {0:?}")]
    UnknownTenant(String),
    #[error("{0} already exists and is not empty; give a new folder so no earlier export is overwritten")]
    NotEmpty(String),
    #[error("could not write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("could not write the export: {0}")]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Query(#[from] sqlx::Error),
}

/// The files written and their row counts, in catalogue order.
#[derive(Debug, Default)]
pub struct ExportReport {
    pub files: Vec<(String, usize)>,
}

/// Writes every exported table of `tenant_id` into the folder `to` (created; must be new or empty).
pub async fn export_tenant(pool: &Pool, files: &FileStore, tenant_id: &str, to: &Path, now: i64) -> Result<ExportReport, ExportError> {
    let name: Option<(String,)> = sqlx::query_as("SELECT name FROM tenants WHERE id = $1").bind(tenant_id).fetch_optional(pool).await?;
    let Some((tenant_name,)) = name else { return Err(ExportError::UnknownTenant(tenant_id.to_string())) };
    if to.exists() && std::fs::read_dir(to)?.next().is_some() {
        return Err(ExportError::NotEmpty(to.display().to_string()));
    }
    std::fs::create_dir_all(to)?;
    let mut report = ExportReport::default();
    let mut readme = readme_head(&tenant_name, tenant_id, now);
    let mut left_out = String::new();
    let mut described = String::new();
    // The customer reads the files from the tenant outwards: the reverse of deletion order.
    for table in TABLES.iter().rev() {
        let omitted: &[&str] = match table.export {
            Export::Skipped(why) => {
                let _ = writeln!(left_out, "- `{}` is not exported: {why}.", table.name);
                continue;
            }
            Export::Without(columns, why) => {
                let _ = writeln!(left_out, "- In `{}.csv`, the column(s) {} are left out: {why}.", table.name, columns.join(", "));
                columns
            }
            Export::All => &[],
        };
        if !table.redacted.is_empty() {
            let _ = writeln!(
                left_out,
                "- In `{}.csv`, the secret part of every link in {} (password resets, invitations, surveys, unsubscribing) \
                 reads {REDACTED}: such links would otherwise still work for whoever reads this export.",
                table.name,
                table.redacted.join(", ")
            );
        }
        let file = format!("{}.csv", table.name);
        let (columns, rows) = write_table(pool, table, tenant_id, omitted, &to.join(&file)).await?;
        describe(&mut described, table, &file, &columns, rows);
        report.files.push((file, rows));
    }
    readme.push_str(&left_out);
    readme.push_str(&described);
    // With a directory file store the attachments' bytes are files, copied as they are.
    if let Some(dir) = files.tenant_dir(tenant_id)?.filter(|d| d.is_dir()) {
        std::fs::create_dir_all(to.join("files"))?;
        let mut copied = 0;
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            std::fs::copy(entry.path(), to.join("files").join(entry.file_name()))?;
            copied += 1;
        }
        let _ = write!(
            readme,
            "\n## files/\n\n{copied} file(s) attached to tickets, each named by its `id` in ticket_attachments.csv (whose `data` column \
             is then empty); its name and type are in that file's `filename` and `content_type` columns.\n"
        );
    }
    std::fs::write(to.join("README.md"), readme)?;
    crate::operations::audit::record(pool, tenant_id, None, crate::operations::audit::Action::TenantExported, None, now).await?;
    Ok(report)
}

fn readme_head(tenant_name: &str, tenant_id: &str, now: i64) -> String {
    let when = chrono::DateTime::from_timestamp(now, 0).map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default();
    format!(
        "# Help centre data of {tenant_name} ({tenant_id})\n\nExported {when}. Each `.csv` file is one table: UTF-8, comma-separated, \
         a header row of column names, one row per record, empty cells for values that are not set. Ids link rows across files \
         as described under each file. Times are whole seconds since 1970-01-01 00:00 UTC.\n\nLeft out:\n"
    )
}

fn describe(readme: &mut String, table: &TenantTable, file: &str, columns: &[String], rows: usize) {
    let _ = write!(readme, "\n## {file}\n\n{} {rows} row(s).\n\n| Column | Meaning |\n|---|---|\n", table.about);
    for c in columns {
        let _ = writeln!(readme, "| `{c}` | {} |", column_meaning(table, c));
    }
    if let Export::Without(omitted, why) = table.export {
        let _ = writeln!(readme, "\nNot included: {} ({why}).", omitted.join(", "));
    }
}

/// Writes one table's rows of the tenant; the column names and the row count.
async fn write_table(pool: &Pool, table: &TenantTable, tenant_id: &str, omitted: &[&str], path: &Path) -> Result<(Vec<String>, usize), ExportError> {
    // Table and key names come from the catalogue, never from input.
    let rows = sqlx::query(&format!("SELECT * FROM {} WHERE {} = $1 ORDER BY 1", table.name, table.key)).bind(tenant_id).fetch_all(pool).await?;
    let mut columns: Vec<(usize, String)> = Vec::new();
    if let Some(first) = rows.first() {
        columns = first.columns().iter().map(|c| (c.ordinal(), c.name().to_string())).filter(|(_, n)| !omitted.contains(&n.as_str())).collect();
    }
    if columns.is_empty() {
        columns = column_names(pool, table.name).await?.into_iter().enumerate().filter(|(_, n)| !omitted.contains(&n.as_str())).collect();
    }
    let mut out = csv::Writer::from_path(path)?;
    out.write_record(columns.iter().map(|(_, n)| n.as_str()))?;
    for row in &rows {
        out.write_record(columns.iter().map(|(i, name)| {
            let value = cell(row, *i);
            if table.redacted.contains(&name.as_str()) {
                redact_links(&value)
            } else {
                value
            }
        }))?;
    }
    out.flush()?;
    Ok((columns.into_iter().map(|(_, n)| n).collect(), rows.len()))
}

const REDACTED: &str = "REDACTED";

/// `text` with the token of every one-click link replaced: a `token=` query value and the
/// signed part of a `/survey/` path.
pub fn redact_links(text: &str) -> String {
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '%');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next = ["token=", "/survey/"].iter().filter_map(|m| rest.find(m).map(|at| (at, m.len()))).min();
        let Some((at, len)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at + len]);
        rest = &rest[at + len..];
        let end = rest.find(|c: char| !is_token_char(c)).unwrap_or(rest.len());
        if end > 0 {
            out.push_str(REDACTED);
        }
        rest = &rest[end..];
    }
}

/// Column names of an empty table, so its CSV still has a header.
async fn column_names(pool: &Pool, table: &str) -> Result<Vec<String>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let query = if conn.backend_name().eq_ignore_ascii_case("postgresql") {
        "SELECT column_name::text FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position"
    } else {
        "SELECT name FROM pragma_table_info($1) ORDER BY cid"
    };
    let names: Vec<(String,)> = sqlx::query_as(query).bind(table).fetch_all(&mut *conn).await?;
    Ok(names.into_iter().map(|(n,)| n).collect())
}

/// One value as text: the schema only has text and whole numbers.
fn cell(row: &sqlx::any::AnyRow, i: usize) -> String {
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return v.unwrap_or_default();
    }
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return v.map(|n| n.to_string()).unwrap_or_default();
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
        return v.map(|n| n.to_string()).unwrap_or_default();
    }
    String::new()
}
