//! Per-tenant SLA terms: a customer's contract may set its own targets and public holidays over
//! the deployment's defaults (`atrium set-sla`).

use super::TicketSettings;
use crate::db::Pool;
use chrono::NaiveDate;

/// The ticket rules for `tenant_id`: the deployment's, with the tenant's own terms on top.
pub async fn settings_for(pool: &Pool, base: &TicketSettings, tenant_id: &str) -> Result<TicketSettings, sqlx::Error> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT targets_hours, holidays FROM tenant_sla WHERE tenant_id = $1").bind(tenant_id).fetch_optional(pool).await?;
    let mut settings = base.clone();
    if let Some((targets, holidays)) = row {
        if let Some(t) = targets.as_deref().and_then(parse_targets) {
            settings.targets_hours = t;
        }
        if let Some(h) = holidays.as_deref().and_then(parse_holidays) {
            settings.calendar.holidays.extend(h);
        }
    }
    Ok(settings)
}

/// "15,50,100" → [15, 50, 100]; `None` unless exactly three whole hours from 1 to 10 000.
pub fn parse_targets(text: &str) -> Option<[i64; 3]> {
    let v: Option<Vec<i64>> = text.split(',').map(|p| p.trim().parse::<i64>().ok().filter(|n| (1..=10_000).contains(n))).collect();
    v?.try_into().ok()
}

/// "2026-12-25, 2027-01-01" → the dates; `None` if any is not a date.
pub fn parse_holidays(text: &str) -> Option<Vec<NaiveDate>> {
    text.split(',').map(str::trim).filter(|d| !d.is_empty()).map(|d| d.parse().ok()).collect()
}

#[derive(Debug, thiserror::Error)]
pub enum TenantSlaError {
    #[error("no tenant {0:?}")]
    UnknownTenant(String),
    #[error("targets must be three whole hours for Blocking, Major and Minor, such as 15,50,100; got {0:?}")]
    Targets(String),
    #[error("holidays must be dates such as 2026-12-25,2027-01-01; got {0:?}")]
    Holidays(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Sets a tenant's own terms; `None` keeps what was set before.
pub async fn set_tenant_sla(pool: &Pool, tenant_id: &str, targets: Option<&str>, holidays: Option<&str>, now: i64) -> Result<(), TenantSlaError> {
    let known: Option<(String,)> = sqlx::query_as("SELECT id FROM tenants WHERE id = $1").bind(tenant_id).fetch_optional(pool).await?;
    if known.is_none() {
        return Err(TenantSlaError::UnknownTenant(tenant_id.into()));
    }
    if let Some(t) = targets.filter(|t| parse_targets(t).is_none()) {
        return Err(TenantSlaError::Targets(t.into()));
    }
    if let Some(h) = holidays.filter(|h| parse_holidays(h).is_none()) {
        return Err(TenantSlaError::Holidays(h.into()));
    }
    let mut tx = crate::db::begin(pool).await?;
    let existing: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT targets_hours, holidays FROM tenant_sla WHERE tenant_id = $1").bind(tenant_id).fetch_optional(&mut *tx).await?;
    let (old_targets, old_holidays) = existing.clone().unwrap_or_default();
    let targets = targets.map(str::to_string).or(old_targets);
    let holidays = holidays.map(str::to_string).or(old_holidays);
    let sql = if existing.is_some() {
        "UPDATE tenant_sla SET targets_hours = $2, holidays = $3, updated_at = $4 WHERE tenant_id = $1"
    } else {
        "INSERT INTO tenant_sla (tenant_id, targets_hours, holidays, updated_at) VALUES ($1, $2, $3, $4)"
    };
    sqlx::query(sql).bind(tenant_id).bind(targets).bind(holidays).bind(now).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
