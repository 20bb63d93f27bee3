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
        if host.is_empty() || host.contains(['/', ' ']) {
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
        let pool = db::connect("sqlite::memory:").await.unwrap();
        seed_demo(&pool).await.unwrap();
        // Seeding twice changes nothing.
        seed_demo(&pool).await.unwrap();
        let dir = TenantDirectory::load(&pool).await.unwrap();
        assert_eq!(dir.for_host("127.0.0.1:4567").unwrap().id, "acme");
        assert_eq!(dir.for_host("globex.localhost").unwrap().name, "Globex Retail");
        assert!(dir.for_host("evil.example").is_none());
    }

    #[tokio::test]
    async fn a_colour_that_could_inject_css_is_refused() {
        let pool = db::connect("sqlite::memory:").await.unwrap();
        let err = ensure_tenant(&pool, "x", "X", "red;}body{display:none", &["x.localhost"]).await.unwrap_err();
        assert!(matches!(err, TenantError::BadColour(_)));
    }
}
