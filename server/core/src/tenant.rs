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
    /// `scheme://host[:port]` with no trailing slash: the start of every absolute link made for
    /// this tenant (mails, feeds, SSO redirect URIs). Never taken from a request.
    pub origin: String,
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
    #[error("public address {0:?} must be http:// or https:// with a host, an optional port and nothing else")]
    BadPublicUrl(String),
    #[error("no tenant with id {0:?}")]
    UnknownTenant(String),
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

/// Whether a `Host` header is a plain `host[:port]`: a name of letters, digits, dots, hyphens and
/// underscores, or a bracketed IPv6 address, and at most one port. Anything else (user info,
/// spaces, several colons, control characters) is refused before a tenant is looked up.
pub fn valid_host_header(value: &str) -> bool {
    let (host_ok, port) = match value.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((v6, after)) => (!v6.is_empty() && v6.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.'), after),
            None => return false,
        },
        None => {
            let end = value.find(':').unwrap_or(value.len());
            let name = &value[..end];
            let ok = !name.is_empty() && name.len() <= 253 && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
            (ok, &value[end..])
        }
    };
    let port_ok = port.is_empty() || port.strip_prefix(':').is_some_and(|p| (1..=5).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
    host_ok && port_ok
}

fn valid_colour(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())
}

/// A public address `scheme://host[:port]`: the operator's default (`ATRIUM_PUBLIC_URL`) or a
/// tenant's own. Parsed strictly, since every mailed link starts with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl {
    pub https: bool,
    /// Lower-case; IPv6 without brackets.
    pub host: String,
    /// `None` when it is the scheme's default port.
    pub port: Option<u16>,
}

impl PublicUrl {
    pub fn parse(text: &str) -> Result<Self, TenantError> {
        let bad = || TenantError::BadPublicUrl(text.to_string());
        let url = url::Url::parse(text.trim()).map_err(|_| bad())?;
        let plain =
            url.username().is_empty() && url.password().is_none() && matches!(url.path(), "" | "/") && url.query().is_none() && url.fragment().is_none();
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            _ => return Err(bad()),
        };
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.to_ascii_lowercase(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            None => return Err(bad()),
        };
        if !plain || host.is_empty() {
            return Err(bad());
        }
        Ok(PublicUrl { https, host, port: url.port() })
    }

    /// The same scheme and port on another host.
    pub fn with_host(&self, host: &str) -> Self {
        PublicUrl { host: host.to_string(), ..self.clone() }
    }

    /// `scheme://host[:port]`, no trailing slash.
    pub fn origin(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        match self.port {
            Some(p) => format!("{scheme}://{host}:{p}"),
            None => format!("{scheme}://{host}"),
        }
    }
}

impl Default for PublicUrl {
    fn default() -> Self {
        PublicUrl { https: false, host: "127.0.0.1".into(), port: Some(3000) }
    }
}

/// Host → tenant, loaded from the database and kept in memory (looked up on every request).
/// Each node keeps its own copy; [`TenantDirectory::follow`] reloads it when any node changes a
/// tenant (see [`directory_changed`]).
#[derive(Default)]
pub struct TenantDirectory {
    by_host: RwLock<HashMap<String, Tenant>>,
    default_url: PublicUrl,
    /// The `shared_versions` row this copy was loaded at.
    version: std::sync::atomic::AtomicI64,
}

/// Marks the tenant directory as changed, for every node to reload; called in the transaction
/// that makes the change so that no node can see the change without the mark.
pub async fn directory_changed<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(executor: E) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE shared_versions SET version = version + 1 WHERE name = 'tenants'").execute(executor).await?;
    Ok(())
}

async fn directory_version(pool: &Pool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM shared_versions WHERE name = 'tenants'").fetch_one(pool).await
}

/// A tenant's canonical address: its own setting, else the default's scheme and port with the
/// default's host when it is one of the tenant's, else its primary host, else its first by name.
fn canonical_origin(default: &PublicUrl, own: Option<&str>, primary: Option<&str>, hosts: &[&str]) -> String {
    if let Some(url) = own.and_then(|u| PublicUrl::parse(u).ok()) {
        return url.origin();
    }
    let host = if hosts.contains(&default.host.as_str()) {
        default.host.as_str()
    } else {
        primary.filter(|p| hosts.contains(p)).or_else(|| hosts.iter().min().copied()).unwrap_or(default.host.as_str())
    };
    default.with_host(host).origin()
}

/// A tenant's canonical address read from the database, for work done away from any request (a
/// job, or a mail to people of another tenant); the same rule as the directory's.
pub async fn origin_of(conn: &mut sqlx::AnyConnection, default: &PublicUrl, id: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT public_url, primary_host FROM tenants WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?;
    let Some((own, primary)) = row else { return Ok(None) };
    let hosts: Vec<(String,)> = sqlx::query_as("SELECT host FROM tenant_hosts WHERE tenant_id = $1").bind(id).fetch_all(&mut *conn).await?;
    let hosts: Vec<&str> = hosts.iter().map(|(h,)| h.as_str()).collect();
    Ok(Some(canonical_origin(default, own.as_deref(), primary.as_deref(), &hosts)))
}

impl TenantDirectory {
    pub async fn load(pool: &Pool, default_url: PublicUrl) -> Result<Self, TenantError> {
        let dir = TenantDirectory { by_host: RwLock::default(), default_url, version: Default::default() };
        dir.reload(pool).await?;
        Ok(dir)
    }

    /// Reloads whenever the directory's version moves, checking every `every`, for as long as
    /// the node runs: a tenant created, changed or destroyed on one node is served the same way
    /// on every node within about that time.
    pub async fn follow(self: std::sync::Arc<Self>, pool: Pool, every: std::time::Duration) {
        loop {
            tokio::time::sleep(every).await;
            match directory_version(&pool).await {
                Ok(v) if v == self.version.load(std::sync::atomic::Ordering::Acquire) => {}
                Ok(_) => {
                    if let Err(e) = self.reload(&pool).await {
                        tracing::error!(error = %e, "tenant directory could not be reloaded; will retry");
                    } else {
                        tracing::info!("tenant directory reloaded after a change");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "tenant directory version unreadable; will retry"),
            }
        }
    }

    pub async fn reload(&self, pool: &Pool) -> Result<(), TenantError> {
        // Read before the rows: a change committed in between is picked up on the next check.
        let version = directory_version(pool).await?;
        type Row = (String, String, String, String, Option<String>, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT h.host, t.id, t.name, t.brand_colour, t.public_url, t.primary_host \
             FROM tenant_hosts h JOIN tenants t ON t.id = h.tenant_id ORDER BY h.host",
        )
        .fetch_all(pool)
        .await?;
        let mut hosts_of: HashMap<&str, Vec<&str>> = HashMap::new();
        for row in &rows {
            hosts_of.entry(row.1.as_str()).or_default().push(row.0.as_str());
        }
        let map = rows
            .iter()
            .map(|(host, id, name, brand_colour, own, primary)| {
                let origin = canonical_origin(&self.default_url, own.as_deref(), primary.as_deref(), &hosts_of[id.as_str()]);
                (host.clone(), Tenant { id: id.clone(), name: name.clone(), brand_colour: brand_colour.clone(), origin })
            })
            .collect();
        *self.by_host.write().expect("tenant lock") = map;
        self.version.store(version, std::sync::atomic::Ordering::Release);
        Ok(())
    }

    /// The configured default address, whose scheme and port new tenants' addresses share.
    pub fn default_url(&self) -> &PublicUrl {
        &self.default_url
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
        sqlx::query("INSERT INTO tenant_hosts (host, tenant_id) VALUES ($1, $2) ON CONFLICT (host) DO NOTHING").bind(&host).bind(id).execute(pool).await?;
    }
    directory_changed(pool).await?;
    Ok(())
}

/// The demo tenants `make run` creates: two customers, one per loopback name plus `*.localhost`
/// aliases, and the vendor's support desk at `support.localhost`.
pub async fn seed_demo(pool: &Pool) -> Result<(), TenantError> {
    ensure_tenant(pool, "acme", "Acme Logistics", "#0b6e4f", &["127.0.0.1", "acme.localhost"]).await?;
    ensure_tenant(pool, "globex", "Globex Retail", "#6b3fa0", &["localhost", "globex.localhost"]).await?;
    ensure_tenant(pool, "vendor", "Atrium Support", "#1d4ed8", &["support.localhost"]).await?;
    sqlx::query("UPDATE tenants SET is_vendor = 1 WHERE id = 'vendor'").execute(pool).await?;
    directory_changed(pool).await?;
    Ok(())
}

fn valid_host(host: &str) -> bool {
    !host.is_empty() && host.len() <= 253 && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.') && !host.starts_with(['.', '-'])
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
    sqlx::query("INSERT INTO tenants (id, name, brand_colour, created_at, primary_host) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(name.trim())
        .bind(brand_colour)
        .bind(db::now())
        .bind(&hosts[0])
        .execute(&mut *tx)
        .await?;
    for host in &hosts {
        let owner: Option<(String,)> = sqlx::query_as("SELECT tenant_id FROM tenant_hosts WHERE host = $1").bind(host).fetch_optional(&mut *tx).await?;
        if owner.is_some() {
            return Err(TenantError::HostTaken(host.clone()));
        }
        sqlx::query("INSERT INTO tenant_hosts (host, tenant_id) VALUES ($1, $2)").bind(host).bind(id).execute(&mut *tx).await?;
    }
    directory_changed(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets (or with `None` clears) a tenant's own public address; an address that is not a plain
/// `http(s)://host[:port]` is refused and nothing is changed.
pub async fn set_public_url(pool: &Pool, id: &str, url: Option<&str>) -> Result<(), TenantError> {
    let url = url.map(str::trim).filter(|u| !u.is_empty()).map(PublicUrl::parse).transpose()?;
    let mut tx = crate::db::begin(pool).await?;
    let changed = sqlx::query("UPDATE tenants SET public_url = $1 WHERE id = $2").bind(url.map(|u| u.origin())).bind(id).execute(&mut *tx).await?;
    if changed.rows_affected() == 0 {
        return Err(TenantError::UnknownTenant(id.to_string()));
    }
    directory_changed(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a mail to the support mailbox that answers no ticket becomes a new ticket of this
/// tenant (its contract allows filing by mail) instead of a pointer to the help centre's form.
pub async fn set_tickets_by_mail(pool: &Pool, id: &str, allowed: bool) -> Result<(), TenantError> {
    let changed = sqlx::query("UPDATE tenants SET tickets_by_mail = $1 WHERE id = $2 AND is_vendor = 0").bind(allowed as i64).bind(id).execute(pool).await?;
    if changed.rows_affected() == 0 {
        return Err(TenantError::UnknownTenant(id.to_string()));
    }
    Ok(())
}

/// Every tenant with its host names and number of accounts, for the super administrator.
pub async fn list_tenants(pool: &Pool) -> Result<Vec<(String, String, Vec<String>, i64)>, sqlx::Error> {
    let tenants: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT t.id, t.name, (SELECT COUNT(*) FROM users u WHERE u.tenant_id = t.id) FROM tenants t ORDER BY t.name").fetch_all(pool).await?;
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
        let dir = TenantDirectory::load(&pool, PublicUrl::default()).await.unwrap();
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
        let dir = TenantDirectory::load(&pool, PublicUrl::default()).await.unwrap();
        assert_eq!(dir.for_host("initech.localhost").unwrap().name, "Initech");
    }

    #[tokio::test]
    async fn each_tenant_has_one_canonical_origin_whatever_host_it_was_reached_by() {
        let pool = db::connect_for_test().await;
        seed_demo(&pool).await.unwrap();
        create_tenant(&pool, "initech", "Initech", "#123456", &["help.initech.example".into(), "a.initech.example".into()]).await.unwrap();
        let default = PublicUrl::parse("https://127.0.0.1:8443").unwrap();
        let dir = TenantDirectory::load(&pool, default).await.unwrap();
        // The default's host belongs to Acme; its other host leads to the same address.
        assert_eq!(dir.for_host("acme.localhost").unwrap().origin, "https://127.0.0.1:8443");
        // Globex: its first host by name, with the default's scheme and port.
        assert_eq!(dir.for_host("localhost").unwrap().origin, "https://globex.localhost:8443");
        // A created tenant keeps the first host it was given, not the first by name.
        assert_eq!(dir.for_host("a.initech.example").unwrap().origin, "https://help.initech.example:8443");
        set_public_url(&pool, "initech", Some("https://help.initech.example")).await.unwrap();
        dir.reload(&pool).await.unwrap();
        assert_eq!(dir.for_host("a.initech.example").unwrap().origin, "https://help.initech.example");
        for bad in ["ftp://x.example", "https://user@x.example", "https://x.example/path", "https://x.example?q", "x.example", "https://"] {
            assert!(matches!(set_public_url(&pool, "initech", Some(bad)).await, Err(TenantError::BadPublicUrl(_))), "{bad}");
        }
        dir.reload(&pool).await.unwrap();
        assert_eq!(dir.for_host("a.initech.example").unwrap().origin, "https://help.initech.example", "a refused address changes nothing");
        assert!(matches!(set_public_url(&pool, "nobody", Some("https://x.example")).await, Err(TenantError::UnknownTenant(_))));
        set_public_url(&pool, "initech", None).await.unwrap();
        dir.reload(&pool).await.unwrap();
        assert_eq!(dir.for_host("a.initech.example").unwrap().origin, "https://help.initech.example:8443", "cleared: the default again");
    }

    #[test]
    fn only_plain_host_headers_are_accepted() {
        for good in ["127.0.0.1", "127.0.0.1:3000", "acme.localhost:3000", "Acme.Localhost", "[::1]:8080", "[::1]", "my_host.example"] {
            assert!(valid_host_header(good), "{good}");
        }
        for bad in [
            "127.0.0.1:3000@evil.example",
            "evil.example@127.0.0.1",
            "127.0.0.1 evil.example",
            "127.0.0.1:3000:80",
            "127.0.0.1:",
            "127.0.0.1:abc",
            "::1",
            "[::1",
            "[::1]evil",
            "127.0.0.1\tx",
            "127.0.0.1\r\nx",
            "127.0.0.1/evil",
            "",
            ":3000",
            "127.0.0.1:123456",
        ] {
            assert!(!valid_host_header(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_public_url_is_plain_scheme_host_and_port() {
        assert_eq!(PublicUrl::parse("http://127.0.0.1:3000/").unwrap().origin(), "http://127.0.0.1:3000");
        assert_eq!(PublicUrl::parse("HTTPS://Help.Example.com:443").unwrap().origin(), "https://help.example.com");
        assert_eq!(PublicUrl::parse("http://[::1]:8080").unwrap().origin(), "http://[::1]:8080");
        assert!(PublicUrl::parse("http://127.0.0.1:3000@evil.example").is_err());
        assert!(PublicUrl::parse("http://a@evil.example").is_err());
    }

    #[tokio::test]
    async fn a_colour_that_could_inject_css_is_refused() {
        let pool = db::connect_for_test().await;
        let err = ensure_tenant(&pool, "x", "X", "red;}body{display:none", &["x.localhost"]).await.unwrap_err();
        assert!(matches!(err, TenantError::BadColour(_)));
    }
}
