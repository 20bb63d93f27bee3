//! The HTTP surface driven in-process (tower `oneshot`): real router, real content, SQLite in
//! memory. These tests try to break the tenant, CSRF and visibility checks.

mod common;

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use common::*;

#[test]
fn a_french_article_is_fully_rendered_on_the_server() {
    on_shared_runtime(async {
        let app = app().await;
        let r = get(&app, "127.0.0.1:3000", "/fr/core-hr/importer-des-salaries").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("<html lang=\"fr\""), "lang attribute");
        assert!(r.body.contains("Importer des salariés depuis un tableur"), "title");
        assert!(r.body.contains("Préparer le fichier"), "body text rendered on the server");
        assert!(r.body.contains("Cet article vous a-t-il été utile ?"), "vote question in French");
        assert!(r.body.contains("Acme Logistics"), "tenant branding");
    })
}

#[test]
fn pages_carry_security_headers_and_a_nonce_csp() {
    on_shared_runtime(async {
        let app = app().await;
        let r = get(&app, "127.0.0.1", "/en/core-hr").await;
        assert_eq!(r.status, StatusCode::OK);
        let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(!csp.contains("'unsafe-inline'; ") || !csp.split("script-src").nth(1).unwrap().split(';').next().unwrap().contains("unsafe-inline"), "{csp}");
        let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
        assert!(nonce.len() >= 16, "nonce {nonce}");
        assert!(r.body.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");
        assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(r.headers[header::REFERRER_POLICY], "strict-origin-when-cross-origin");
        // A second response gets another nonce.
        let again = get(&app, "127.0.0.1", "/en/core-hr").await;
        assert_ne!(again.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap(), csp);
    })
}

#[test]
fn the_host_selects_the_tenant_and_an_unknown_host_gets_nothing() {
    on_shared_runtime(async {
        let app = app().await;
        assert!(get(&app, "127.0.0.1:3000", "/en").await.body.contains("Acme Logistics"));
        let globex = get(&app, "localhost:3000", "/en").await;
        assert!(globex.body.contains("Globex Retail") && !globex.body.contains("Acme"));
        let unknown = get(&app, "evil.example", "/en/core-hr/import-employees").await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert!(unknown.body.contains("evil.example"));
        assert!(!unknown.body.contains("Acme") && !unknown.body.contains("Globex") && !unknown.body.contains("Import"));
        // Hostile Host values are refused as not being host names, and not reflected.
        let hostile = get(&app, "<script>x</script>", "/en").await;
        assert_eq!(hostile.status, StatusCode::BAD_REQUEST);
        assert!(!hostile.body.contains("<script>"));
    })
}

#[test]
fn the_root_redirects_by_accept_language() {
    on_shared_runtime(async {
        let app = app().await;
        let req = Request::get("/").header(header::HOST, "127.0.0.1").header(header::ACCEPT_LANGUAGE, "de-CH,de;q=0.9,en;q=0.5");
        let r = send(&app, req.body(Body::empty()).unwrap()).await;
        assert_eq!(r.status, StatusCode::FOUND);
        assert_eq!(r.headers[header::LOCATION], "/de");
        assert_eq!(r.headers[header::VARY], "Accept-Language");
    })
}

#[test]
fn unknown_pages_and_locales_are_friendly_404s() {
    on_shared_runtime(async {
        let app = app().await;
        let r = get(&app, "127.0.0.1", "/de/core-hr/gibt-es-nicht").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(r.body.contains("Seite nicht gefunden"));
        let r = get(&app, "127.0.0.1", "/xx/core-hr").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = get(&app, "127.0.0.1", "/en/no-such-module").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = get(&app, "127.0.0.1", "/en/a/b/c/d").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(r.body.contains("Page not found"));
    })
}

#[test]
fn restricted_articles_never_reach_anonymous_readers() {
    on_shared_runtime(async {
        let app = app().await;
        for path in ["/en/compensation/payroll-export", "/fr/compensation/export-de-paie", "/de/compensation/payroll-export"] {
            let r = get(&app, "127.0.0.1", path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
            assert!(!r.body.contains("Export to payroll") && !r.body.contains("Export vers la paie"), "{path} leaks its title");
        }
        for path in ["/en", "/en/compensation", "/en/search?q=payroll", "/en/search?q=bonus", "/fr/compensation"] {
            let r = get(&app, "127.0.0.1", path).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            assert!(!r.body.contains("Export to payroll") && !r.body.contains("Bonus rules"), "{path} leaks a restricted title");
        }
    })
}

#[test]
fn another_locales_slug_redirects_and_missing_translations_fall_back() {
    on_shared_runtime(async {
        let app = app().await;
        let r = get(&app, "127.0.0.1", "/fr/core-hr/import-employees").await;
        assert_eq!(r.status, StatusCode::FOUND);
        assert_eq!(r.headers[header::LOCATION], "/fr/core-hr/importer-des-salaries");
        let r = get(&app, "127.0.0.1", "/sv/compensation/pay-grades").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Pay grades") && r.body.contains("Svenska"), "English text with a notice naming the language");
    })
}

#[test]
fn a_vote_is_stored_per_tenant_and_sends_the_reader_back() {
    on_shared_runtime(async {
        let app = app().await;
        let form = "locale=en&module=training&slug=enrol-employees&helpful=yes&return_to=%2Fen%2Ftraining%2Fenrol-employees";
        let r = send(&app, vote("127.0.0.1:3000", Some("http://127.0.0.1:3000"), form)).await;
        assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
        assert_eq!(r.headers[header::LOCATION], "/en/training/enrol-employees?voted=yes#feedback");
        let page = get(&app, "127.0.0.1:3000", "/en/training/enrol-employees?voted=yes").await;
        assert!(page.body.contains("1 found this helpful, 0 did not"));
        assert!(page.body.contains("Thank you for your feedback!"));
        // The other tenant's readers do not see Acme's votes.
        let other = get(&app, "localhost:3000", "/en/training/enrol-employees").await;
        let tally = other.body.split("helpful-tally\">").nth(1).unwrap_or(&other.body[..other.body.len().min(300)]).chars().take(80).collect::<String>();
        assert!(other.body.contains("0 found this helpful, 0 did not"), "{} {tally}", other.status);
    })
}

#[test]
fn cross_site_votes_are_refused_and_change_nothing() {
    on_shared_runtime(async {
        let app = app().await;
        let form = "locale=en&module=training&slug=enrol-employees&helpful=no";
        let r = send(&app, vote("127.0.0.1:3000", Some("http://evil.example"), form)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // A sibling tenant is another site too.
        let r = send(&app, vote("127.0.0.1:3000", Some("http://localhost:3000"), form)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let mut req = vote("127.0.0.1:3000", None, form);
        req.headers_mut().insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN);
        let page = get(&app, "127.0.0.1:3000", "/en/training/enrol-employees").await;
        assert!(page.body.contains("0 found this helpful, 0 did not"));
    })
}

/// Where a refused no-JavaScript vote sends the reader (leptos puts the error in the query).
fn refused_location(r: &Reply) -> String {
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
    let location = r.headers[header::LOCATION].to_str().unwrap().to_string();
    assert!(location.contains("__err="), "{location}");
    location
}

#[test]
fn bad_votes_get_clear_errors_store_nothing_and_never_redirect_elsewhere() {
    on_shared_runtime(async {
        let app = app().await;
        let vote_from_article = |form: &str| {
            let mut req = vote("127.0.0.1", Some("http://127.0.0.1"), form);
            req.headers_mut().insert(header::REFERER, "http://127.0.0.1/en/training/enrol-employees".parse().unwrap());
            req
        };
        let evil = "locale=en&module=training&slug=enrol-employees&helpful=yes&return_to=%2F%2Fevil.example%2F";
        let location = refused_location(&send(&app, vote_from_article(evil)).await);
        assert!(location.starts_with("http://127.0.0.1/en/training/enrol-employees?"), "{location}");
        refused_location(&send(&app, vote_from_article("locale=en&module=training&slug=enrol-employees&helpful=maybe")).await);
        // Restricted articles cannot be voted on (their existence stays hidden).
        refused_location(&send(&app, vote_from_article("locale=en&module=compensation&slug=payroll-export&helpful=yes")).await);
        // The reader lands back on the article with a message in their language; nothing was counted.
        let back = get(&app, "127.0.0.1", &location.replace("http://127.0.0.1", "")).await;
        assert!(back.body.contains("Your answer could not be saved. Please try again."));
        assert!(back.body.contains("0 found this helpful, 0 did not"));
    })
}

#[test]
fn public_files_are_served_beside_the_locale_routes() {
    on_shared_runtime(async {
        let app = app().await;
        for path in ["/favicon.svg", "/images/org-chart.svg"] {
            let r = get(&app, "127.0.0.1", path).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            assert_eq!(r.headers[header::CONTENT_TYPE], "image/svg+xml", "{path}");
            assert_eq!(r.headers[header::CACHE_CONTROL], "public, max-age=3600");
        }
        assert_eq!(get(&app, "127.0.0.1", "/images/missing.svg").await.status, StatusCode::NOT_FOUND);
    })
}

/// Load balancers probe by address: `/readyz` answers for any host, says how big the search index
/// is, and turns 503 as soon as the database stops answering, while `/healthz` stays up.
#[test]
fn readiness_follows_the_database_and_reports_the_index() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let r = get(&app, "10.0.0.7:8080", "/readyz").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(body["database"], "ok");
        assert!(body["search_documents"].as_u64().unwrap() > 10, "{body}");
        state.pool.close().await;
        let r = get(&app, "10.0.0.7:8080", "/readyz").await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
        assert!(r.body.contains("unreachable"), "{}", r.body);
        assert_eq!(get(&app, "10.0.0.7:8080", "/healthz").await.status, StatusCode::OK);
    })
}

/// Prometheus scrapes `/metrics` by address: requests by route and status with latency
/// histograms, search latency, the index size and tickets by status. With a token configured,
/// a scrape without it, or with a wrong one, gets nothing.
#[test]
fn metrics_count_requests_by_route_and_are_closed_without_the_token() {
    on_shared_runtime(async {
        let (_, state) = app_with_state().await;
        let app = atrium_server::router(state, atrium_server::RouterOptions { metrics_token: Some("scrape-s3cret".into()), ..Default::default() });
        assert_eq!(get(&app, "127.0.0.1:3000", "/en/search?q=payslip").await.status, StatusCode::OK);
        assert_eq!(get(&app, "127.0.0.1:3000", "/en/no/such/page/here").await.status, StatusCode::NOT_FOUND);
        let scrape = |auth: Option<&'static str>| {
            let mut req = Request::get("/metrics").header(header::HOST, "10.0.0.7:9090");
            if let Some(a) = auth {
                req = req.header(header::AUTHORIZATION, a);
            }
            send(&app, req.body(Body::empty()).unwrap())
        };
        for refused in [None, Some("Bearer wrong"), Some("scrape-s3cret"), Some("Basic c2NyYXBlLXMzY3JldA==")] {
            let r = scrape(refused).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{refused:?}");
            assert!(!r.body.contains("atrium_"), "nothing leaks to {refused:?}");
        }
        let r = scrape(Some("Bearer scrape-s3cret")).await;
        assert_eq!(r.status, StatusCode::OK);
        let text = r.body;
        for expected in [
            r#"atrium_http_requests_total{method="GET",route="/{locale}/search",status="200"}"#,
            r#"atrium_http_requests_total{method="GET",route="unmatched",status="404"}"#,
            r#"atrium_http_request_duration_seconds_bucket{method="GET",route="/{locale}/search",le="0.5"}"#,
            "atrium_search_duration_seconds_count",
            r#"atrium_tickets{status="new"} 0"#,
            "atrium_tickets_sla_breached 0",
        ] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
        let documents = text.lines().find_map(|l| l.strip_prefix("atrium_search_documents ")).expect("index size");
        assert!(documents.parse::<f64>().unwrap() > 10.0, "{documents}");
    })
}

fn nonces(r: &Reply) -> (String, String) {
    let csp = r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    let from = |s: &str, start: &str, end: char| {
        let i = s.find(start).unwrap_or_else(|| panic!("{start} missing")) + start.len();
        s[i..].split(end).next().unwrap().to_string()
    };
    (from(csp, "'nonce-", '\''), from(&r.body, "nonce=\"", '"'))
}

/// Anonymous readers of one page share a render, but never a CSP nonce. A write on this node or a
/// moved clock makes the copy stale at once; a signed-in reader or a query string never gets it.
/// Another router on the same state stands for another node: what it publishes reaches this
/// node's readers only once the copy is stale.
#[test]
fn anonymous_pages_are_cached_briefly_with_a_fresh_nonce_each_time() {
    on_shared_runtime(async {
        // Monday 23 November 2026, 10:00 in Paris.
        let clock = atrium_core::clock::ManualClock::at(1_795_424_400);
        let moved = clock.clone();
        let (other_node, state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(moved)).await;
        let options = atrium_server::RouterOptions { page_cache_ttl: std::time::Duration::from_secs(60), ..Default::default() };
        let app = atrium_server::router(state.clone(), options);
        let (host, page) = ("127.0.0.1:3000", "/en/core-hr/import-employees");

        let first = get(&app, host, page).await;
        let second = get(&app, host, page).await;
        assert_eq!((first.status, second.status), (StatusCode::OK, StatusCode::OK));
        let (n1, b1) = nonces(&first);
        let (n2, b2) = nonces(&second);
        assert_eq!(n1, b1, "the page's scripts carry its header's nonce");
        assert_eq!(n2, b2, "also when served from the cache");
        assert_ne!(n1, n2, "no two responses share a nonce");
        assert_eq!(first.body.replace(&n1, "N"), second.body.replace(&n2, "N"), "the same page otherwise");
        assert!(!first.body.contains("maintenance-banner"));

        // The other node publishes an outage happening now: this node's copy is still served…
        let agent = signed_in(&other_node, host, "agent@acme.example").await;
        let outage = "title=Sign-in+outage&kind=outage&impact=critical&starts_at=2026-11-23T09%3A00&ends_at=2026-11-23T12%3A00&time_zone=Europe%2FParis&body=";
        assert_eq!(send(&other_node, form(host, "/en/maintenance", outage, Some(&agent))).await.status, StatusCode::SEE_OTHER);
        assert!(get(&other_node, host, page).await.body.contains("maintenance-banner"), "a fresh render shows the banner");
        assert!(!get(&app, host, page).await.body.contains("maintenance-banner"), "this node served its copy");
        // …not with a query string, nor to a signed-in reader (signed in on the other node)…
        assert!(get(&app, host, &format!("{page}?from=mail")).await.body.contains("maintenance-banner"));
        let ada = signed_in(&other_node, host, "ada@acme.example").await;
        assert!(get_with_cookie(&app, host, page, &ada).await.body.contains("maintenance-banner"));
        assert!(!get(&app, host, page).await.body.contains("maintenance-banner"), "still the copy");
        // …nor after writes this node refused, or carried out for another tenant…
        for _ in 0..20 {
            let mut cross = form(host, "/api/sign-in", &sign_in_form("bob@acme.example", "x", "/en"), None);
            cross.headers_mut().insert(header::ORIGIN, "http://evil.example".parse().unwrap());
            assert_eq!(send(&app, cross).await.status, StatusCode::FORBIDDEN);
        }
        signed_in(&app, "localhost:3000", "grace@globex.example").await;
        assert!(!get(&app, host, page).await.body.contains("maintenance-banner"), "refused and other tenants' writes keep the copy");
        // …and a write carried out for this tenant makes it stale.
        signed_in(&app, host, "bob@acme.example").await;
        assert!(get(&app, host, page).await.body.contains("maintenance-banner"));

        // The outage ends at 12:00: once the clock has moved, the page renders again without it.
        clock.advance(3 * 3600);
        assert!(!get(&app, host, page).await.body.contains("maintenance-banner"), "a moved clock makes the copy stale");
    })
}

/// A page too large to keep in the page cache is still served whole to anonymous readers, as to
/// signed-in ones.
#[test]
fn a_page_too_large_for_the_cache_is_served_whole() {
    on_shared_runtime(async {
        let (_, state) = app_with_state().await;
        let options = atrium_server::RouterOptions { page_cache_ttl: std::time::Duration::from_secs(60), ..Default::default() };
        let app = atrium_server::router(state.clone(), options);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let dir = tempfile::tempdir().unwrap();
        for part in ["_modules", "en/core-hr"] {
            let status = std::process::Command::new("cp").arg("-r").arg(root.join(part)).arg(dir.path().join(part)).status();
            if part == "_modules" {
                std::fs::create_dir_all(dir.path().join("en")).unwrap();
            }
            assert!(status.unwrap().success());
        }
        let paragraph = "Every payroll line lists the employee, the period and the amount paid.\n\n";
        let body = paragraph.repeat(17 * 1024 * 1024 / paragraph.len() + 1);
        std::fs::write(dir.path().join("en/core-hr/payroll-ledger.md"), format!("---\ntitle: Payroll ledger\nupdated: 2026-11-20\n---\n{body}")).unwrap();
        atrium_server::content::reload::reload(&state, dir.path()).await.unwrap();

        let anonymous = get(&app, "127.0.0.1:3000", "/en/core-hr/payroll-ledger").await;
        assert_eq!(anonymous.status, StatusCode::OK);
        assert!(anonymous.body.len() > 16 << 20 && anonymous.body.contains("</footer>"), "the whole page, footer included: {} bytes", anonymous.body.len());
        let ada = signed_in(&app, "127.0.0.1:3000", "ada@acme.example").await;
        let signed_in = get_with_cookie(&app, "127.0.0.1:3000", "/en/core-hr/payroll-ledger", &ada).await;
        assert_eq!(signed_in.status, StatusCode::OK);
        assert!(signed_in.body.len() > 16 << 20);
    })
}

/// Building a router (as each test and each node does) while pages render elsewhere in the
/// process must not stall those renders: Leptos' route listing suppresses resource loading
/// process-wide while it runs (leptos-rs/leptos#4773), so the listing is made once per process.
#[test]
fn pages_render_while_another_router_is_built() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let handle = tokio::runtime::Handle::current();
        let builder = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let _runtime = handle.enter();
                let mut built = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    drop(atrium_server::router(state.clone(), atrium_server::RouterOptions::default()));
                    built += 1;
                }
                built
            })
        };
        for path in ["/en/core-hr/import-employees", "/en/search?q=import", "/en", "/en/maintenance"].iter().cycle().take(24) {
            let page = tokio::time::timeout(std::time::Duration::from_secs(10), get(&app, "127.0.0.1:3000", path)).await;
            let page = page.unwrap_or_else(|_| panic!("{path} did not render within 10 s"));
            assert_eq!(page.status, StatusCode::OK, "{path}");
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(builder.join().unwrap() > 0, "routers were built meanwhile");
    })
}
