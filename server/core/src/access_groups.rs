//! Access groups across a tenant: renamed or deleted in one step on every account that holds
//! them, and in the tenant's single sign-on group mappings, so a provider does not grant the old
//! name again at the next sign-in. Sessions read groups at every request, so the change applies
//! at once.

use crate::db::Pool;
use crate::identity::{parse_groups, AccountError};
use crate::sso;

/// What a rename or a deletion changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupChange {
    pub accounts: u64,
    pub providers: u64,
}

/// Renames `from` to `to` on every account of the tenant; an account holding both keeps one.
pub async fn rename_group(pool: &Pool, tenant_id: &str, from: &str, to: &str, now: i64) -> Result<GroupChange, AccountError> {
    let to = match parse_groups(to)?.as_slice() {
        [one] => one.clone(),
        _ => return Err(AccountError::BadGroup(to.to_string())),
    };
    let mut tx = crate::db::begin(pool).await?;
    sqlx::query(
        "INSERT INTO user_groups (user_id, tenant_id, group_name, source) \
         SELECT user_id, tenant_id, $1, source FROM user_groups WHERE tenant_id = $2 AND group_name = $3 \
         AND user_id NOT IN (SELECT user_id FROM user_groups WHERE tenant_id = $2 AND group_name = $1)",
    )
    .bind(&to)
    .bind(tenant_id)
    .bind(from)
    .execute(&mut *tx)
    .await?;
    let accounts =
        sqlx::query("DELETE FROM user_groups WHERE tenant_id = $1 AND group_name = $2").bind(tenant_id).bind(from).execute(&mut *tx).await?.rows_affected();
    tx.commit().await?;
    let providers = remap_providers(pool, tenant_id, from, Some(&to), now).await?;
    Ok(GroupChange { accounts, providers })
}

/// Removes `name` from every account of the tenant and from its provider mappings.
pub async fn delete_group(pool: &Pool, tenant_id: &str, name: &str, now: i64) -> Result<GroupChange, AccountError> {
    let accounts =
        sqlx::query("DELETE FROM user_groups WHERE tenant_id = $1 AND group_name = $2").bind(tenant_id).bind(name).execute(pool).await?.rows_affected();
    let providers = remap_providers(pool, tenant_id, name, None, now).await?;
    Ok(GroupChange { accounts, providers })
}

async fn remap_providers(pool: &Pool, tenant_id: &str, from: &str, to: Option<&str>, now: i64) -> Result<u64, sqlx::Error> {
    let mut changed = 0;
    for provider in sso::providers(pool, tenant_id).await? {
        let mut settings = provider.settings.clone();
        let mapping = settings.mapping_mut();
        let before = mapping.group_access.clone();
        mapping.group_access = before
            .iter()
            .filter_map(|(claim, group)| match (group == from, to) {
                (true, Some(to)) => Some((claim.clone(), to.to_string())),
                (true, None) => None,
                (false, _) => Some((claim.clone(), group.clone())),
            })
            .collect();
        if mapping.group_access != before {
            sso::save_provider(pool, tenant_id, &provider.name, &settings, now).await?;
            changed += 1;
        }
    }
    Ok(changed)
}
