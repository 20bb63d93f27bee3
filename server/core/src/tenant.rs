//! Tenants: each customer company has its own host names, branding and data. The request's host
//! picks the tenant; every stored row carries a tenant id and every query filters on it.

use crate::db::{self, Pool};
use serde::{Deserialize, Serialize};
use std::{collections::HashMap, sync::RwLock};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tenant {
    pub id: String,
    pub name: String,
    /// `#rrggbb`, validated because it is written into the page's style.
    pub brand_colour: String,
}

#[derive(Debug, thiserror::Error)]
pub enum TenantError {
    #[error("brand colour must look like #1a2b3c, got {0:?}")]
    BadColour(String),
    #[error("host name {0:?} is not valid")]
    BadHost(String),
    #[error("tenant id {0:?} must be 2 to 40 lower-case letters, digits or hyphens")]
    BadId(String),
    #[error("the name is missing")]
    MissingName,
    #[error("a tenant with id {0:?} already exists")]
    IdTaken(String),
    #[error("host name {0:?} already belongs to a tenant")]
    HostTaken(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Lower-cases a Host header and drops its port: `Acme.Localhost:3000` → `acme.localhost`.
pub fn normalise_host(host: &str) -> String {
    let host = host.trim().to_ascii_lowercase();
    if let Some(v6) = host.strip_prefix('[') {
        return v6.split(']').next().unwrap_or_default().to_string();
    }
    host.split(':').next().unwrap_or_default().to_string()
}

fn valid_colour(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())
}

/// Host → tenant, loaded from the database and kept in memory (looked up on every request).
#[derive(Default)]
pub struct TenantDirectory {
    by_host: RwLock<HashMap<String, Tenant>>,
}

impl TenantDirectory {
    pub async fn load(pool: &Pool) -> Result<Self, TenantError> {
        let dir = TenantDirectory::default();
        dir.reload(pool).await?;
        Ok(dir)
    }

    pub async fn reload(&self, pool: &Pool) -> Result<(), TenantError> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT h.host, t.id, t.name, t.brand_colour FROM tenant_hosts h JOIN tenants t ON t.id = h.tenant_id",
        )
        .fetch_all(pool)
        .await?;
        let map = rows
            .into_iter()
            .map(|(host, id, name, brand_colour)| (host, Tenant { id, name, brand_colour }))
            .collect();
        *self.by_host.write().expect("tenant lock") = map;
        Ok(())
    }

    pub fn for_host(&self, host: &str) -> Option<Tenant> {
        self.by_host.read().expect("tenant lock").get(&normalise_host(host)).cloned()
    }
}

/// Creates the tenant (or leaves an existing one as it is) and attaches `hosts` to it.
pub async fn ensure_tenant(pool: &Pool, id: &str, name: &str, brand_colour: &str, hosts: &[&str]) -> Result<(), TenantError> {
    if !valid_colour(brand_colour) {
        return Err(TenantError::BadColour(brand_colour.to_string()));
    }
    sqlx::query("INSERT INTO tenants (id, name, brand_colour, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING")
        .bind(id)
        .bind(name)
        .bind(brand_colour)
        .bind(db::now())
        .execute(pool)
        .await?;
    for host in hosts {
        let host = normalise_host(host);
        if !valid_host(&host) {
            return Err(TenantError::BadHost(host));
        }
        sqlx::query("INSERT INTO tenant_hosts (host, tenant_id) VALUES ($1, $2) ON CONFLICT (host) DO NOTHING")
            .bind(&host)
            .bind(id)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// The demo tenants `make run` creates: two customers, one per loopback name plus `*.localhost`
/// aliases, and the vendor's support desk at `support.localhost`.
pub async fn seed_demo(pool: &Pool) -> Result<(), TenantError> {
    ensure_tenant(pool, "acme", "Acme Logistics", "#0b6e4f", &["127.0.0.1", "acme.localhost"]).await?;
    ensure_tenant(pool, "globex", "Globex Retail", "#6b3fa0", &["localhost", "globex.localhost"]).await?;
    ensure_tenant(pool, "vendor", "Atrium Support", "#1d4ed8", &["support.localhost"]).await?;
    sqlx::query("UPDATE tenants SET is_vendor = 1 WHERE id = 'vendor'").execute(pool).await?;
    Ok(())
}

fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && !host.starts_with(['.', '-'])
}

/// A new customer tenant with its host names, all or nothing: an id or host already in use is
/// refused and nothing is stored.
pub async fn create_tenant(pool: &Pool, id: &str, name: &str, brand_colour: &str, hosts: &[String]) -> Result<(), TenantError> {
    let ok_id = (2..=40).contains(&id.len()) && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok_id {
        return Err(TenantError::BadId(id.to_string()));
    }
    if name.trim().is_empty() {
        return Err(TenantError::MissingName);
    }
    if !valid_colour(brand_colour) {
        return Err(TenantError::BadColour(brand_colour.to_string()));
    }
    let hosts: Vec<String> = hosts.iter().map(|h| normalise_host(h)).collect();
    if let Some(bad) = hosts.iter().find(|h| !valid_host(h)).or(hosts.is_empty().then_some(&String::new())) {
        return Err(TenantError::BadHost(bad.clone()));
    }
    let mut tx = crate::db::begin(pool).await?;
    let taken: Option<(String,)> = sqlx::query_as("SELECT id FROM tenants WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
    if taken.is_some() {
        return Err(TenantError::IdTaken(id.to_string()));
    }
    sqlx::query("INSERT INTO tenants (id, name, brand_colour, created_at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(name.trim())
        .bind(brand_colour)
        .bind(db::now())
        .execute(&mut *tx)
        .await?;
    for host in &hosts {
        let owner: Option<(String,)> =
            sqlx::query_as("SELECT tenant_id FROM tenant_hosts WHERE host = $1").bind(host).fetch_optional(&mut *tx).await?;
        if owner.is_some() {
            return Err(TenantError::HostTaken(host.clone()));
        }
        sqlx::query("INSERT INTO tenant_hosts (host, tenant_id) VALUES ($1, $2)").bind(host).bind(id).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Every tenant with its host names and number of accounts, for the super administrator.
pub async fn list_tenants(pool: &Pool) -> Result<Vec<(String, String, Vec<String>, i64)>, sqlx::Error> {
    let tenants: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT t.id, t.name, (SELECT COUNT(*) FROM users u WHERE u.tenant_id = t.id) FROM tenants t ORDER BY t.name",
    )
    .fetch_all(pool)
    .await?;
    let hosts: Vec<(String, String)> = sqlx::query_as("SELECT tenant_id, host FROM tenant_hosts ORDER BY host").fetch_all(pool).await?;
    Ok(tenants
        .into_iter()
        .map(|(id, name, n)| {
            let h = hosts.iter().filter(|(t, _)| *t == id).map(|(_, h)| h.clone()).collect();
            (id, name, h, n)
        })
        .collect())
}

/// The customer tenants (id, name), for the vendor's support desk.
pub async fn customer_tenants(pool: &Pool) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM tenants WHERE is_vendor = 0 ORDER BY name").fetch_all(pool).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_compared_without_port_or_case() {
        assert_eq!(normalise_host("Acme.Localhost:3000"), "acme.localhost");
        assert_eq!(normalise_host("127.0.0.1"), "127.0.0.1");
        assert_eq!(normalise_host("[::1]:8080"), "::1");
    }

    #[tokio::test]
    async fn the_host_selects_the_tenant_and_unknown_hosts_get_none() {
        let pool = db::connect_for_test().await;
        seed_demo(&pool).await.unwrap();
        // Seeding twice changes nothing.
        seed_demo(&pool).await.unwrap();
        let dir = TenantDirectory::load(&pool).await.unwrap();
        assert_eq!(dir.for_host("127.0.0.1:4567").unwrap().id, "acme");
        assert_eq!(dir.for_host("globex.localhost").unwrap().name, "Globex Retail");
        assert!(dir.for_host("evil.example").is_none());
    }

    #[tokio::test]
    async fn a_new_tenant_is_all_or_nothing_and_cannot_take_a_host() {
        let pool = db::connect_for_test().await;
        seed_demo(&pool).await.unwrap();
        let taken = create_tenant(&pool, "initech", "Initech", "#123456", &["initech.localhost".into(), "ACME.localhost:3000".into()]).await;
        assert!(matches!(taken, Err(TenantError::HostTaken(h)) if h == "acme.localhost"));
        assert!(list_tenants(&pool).await.unwrap().iter().all(|t| t.0 != "initech"), "nothing stored");
        assert!(matches!(create_tenant(&pool, "acme", "Again", "#123456", &["x.localhost".into()]).await, Err(TenantError::IdTaken(_))));
        assert!(matches!(create_tenant(&pool, "Bad Id", "X", "#123456", &["x.localhost".into()]).await, Err(TenantError::BadId(_))));
        assert!(matches!(create_tenant(&pool, "x1", "X", "#123456", &["a/b".into()]).await, Err(TenantError::BadHost(_))));
        assert!(matches!(create_tenant(&pool, "x1", "X", "#123456", &[]).await, Err(TenantError::BadHost(_))));
        create_tenant(&pool, "initech", "Initech", "#123456", &["initech.localhost".into()]).await.unwrap();
        let dir = TenantDirectory::load(&pool).await.unwrap();
        assert_eq!(dir.for_host("initech.localhost").unwrap().name, "Initech");
    }

    #[tokio::test]
    async fn a_colour_that_could_inject_css_is_refused() {
        let pool = db::connect_for_test().await;
        let err = ensure_tenant(&pool, "x", "X", "red;}body{display:none", &["x.localhost"]).await.unwrap_err();
        assert!(matches!(err, TenantError::BadColour(_)));
    }
}
