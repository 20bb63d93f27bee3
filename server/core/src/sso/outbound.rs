//! The HTTP client for requests the server makes on an administrator's say-so (OpenID discovery,
//! keys, tokens and user info; SAML metadata by address). It refuses loopback, private,
//! link-local and other non-public addresses unless the operator allows them
//! (`ATRIUM_ALLOW_PRIVATE_PROVIDERS`, for identity providers on the same network and for tests),
//! so a provider address cannot be used to probe the server's own network. Host names are checked
//! after resolution, on every connection, so a name that later resolves elsewhere gains nothing.

use openidconnect::{reqwest, AsyncHttpClient, HttpClientError, HttpRequest, HttpResponse};
use std::{
    future::Future,
    net::{IpAddr, SocketAddr},
    pin::Pin,
    sync::Arc,
};

/// What every refused request says, whatever the reason: an answer that told a closed port from
/// an open one, or a private address from a public one, would map the server's network.
pub const REFUSED: &str = "the address is not reachable from this help centre";

/// Whether the server may connect to `ip`.
fn address_allowed(ip: IpAddr, allow_private: bool) -> bool {
    allow_private || is_public(ip)
}

fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b)) // shared address space (carrier NAT)
                || (a == 198 && (18..20).contains(&b)) // benchmarking
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80) // link-local
        }
    }
}

/// A host written as an address in a URL never reaches the resolver: checked here.
fn literal_allowed(host: Option<&str>, allow_private: bool) -> bool {
    let Some(host) = host else { return false };
    match host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
        Ok(ip) => address_allowed(ip, allow_private),
        Err(_) => true,
    }
}

/// Resolves names and keeps only the addresses the server may connect to.
struct GuardedResolver {
    allow_private: bool,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.into_iter().filter(|a| address_allowed(a.ip(), allow_private)).collect();
            if allowed.is_empty() {
                return Err(REFUSED.into());
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The guarded client: no redirects (a redirect would lead anywhere), 10 seconds at most.
#[derive(Clone)]
pub struct Outbound {
    client: reqwest::Client,
    allow_private: bool,
}

impl Outbound {
    /// `allow_private`: whether loopback and private addresses may be reached.
    pub fn new(allow_private: bool) -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .dns_resolver(Arc::new(GuardedResolver { allow_private }))
            .build()
            .expect("HTTP client");
        Outbound { client, allow_private }
    }

    /// The body of a GET to `url`, or [`REFUSED`]-like text for any failure.
    pub async fn get_text(&self, url: &str) -> Result<String, String> {
        let parsed = reqwest::Url::parse(url).map_err(|e| e.to_string())?;
        if !literal_allowed(parsed.host_str(), self.allow_private) {
            return Err(REFUSED.to_string());
        }
        let response = self.client.get(parsed).send().await.map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("{url} answered {}", response.status()));
        }
        response.text().await.map_err(|e| e.to_string())
    }
}

impl<'c> AsyncHttpClient<'c> for Outbound {
    type Error = HttpClientError<reqwest::Error>;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, Self::Error>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            // Discovery documents name further addresses (keys, tokens): each is checked.
            if !literal_allowed(request.uri().host(), self.allow_private) {
                return Err(HttpClientError::Other(REFUSED.to_string()));
            }
            self.client.call(request).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_allowed_by_default() {
        for private in
            ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1"]
        {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "2606:4700::1111", "8.8.8.8"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
        assert!(literal_allowed(Some("idp.example.com"), false), "names are checked when resolved");
        assert!(!literal_allowed(Some("[::1]"), false) && literal_allowed(Some("[::1]"), true));
        assert!(!literal_allowed(Some("169.254.169.254"), false));
    }
}
