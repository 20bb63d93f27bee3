//! The security hardening of issue 20 over HTTP, each test trying to break its check: poisoned
//! Host headers and mailed links, text in the page head, HSTS and proxy headers, one vote per
//! reader, server function statuses, and the home page's release notes.

mod common;

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{header, Request, StatusCode},
};
use common::*;
use std::net::SocketAddr;

const ACME: &str = "127.0.0.1:3000";

async fn newest_mail_to(state: &atrium_app::state::AppState, to: &str) -> String {
    let (body,): (String,) = atrium_core::sqlx::query_as("SELECT text_body FROM mail_outbox WHERE recipient = $1 ORDER BY created_at DESC, id DESC")
        .bind(to)
        .fetch_one(&state.pool)
        .await
        .unwrap();
    body
}

async fn mails_to(state: &atrium_app::state::AppState, to: &str) -> i64 {
    let (n,): (i64,) = atrium_core::sqlx::query_as("SELECT COUNT(*) FROM mail_outbox WHERE recipient = $1").bind(to).fetch_one(&state.pool).await.unwrap();
    n
}

#[test]
fn a_host_header_that_is_not_a_plain_host_is_refused_before_any_tenant_is_looked_up() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        for host in [
            "127.0.0.1:3000@evil.example",
            "127.0.0.1@evil.example:3000",
            "evil.example@127.0.0.1",
            "127.0.0.1 evil.example",
            "127.0.0.1:3000:3000",
            "127.0.0.1:3000/evil",
            "[::1]evil.example",
        ] {
            let r = send(&app, form(host, "/api/password-reset-request", "locale=en&email=bob%40acme.example", None)).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{host}");
            assert!(!r.body.contains("Acme"), "{host}: nothing of a tenant");
            assert_eq!(get(&app, host, "/en").await.status, StatusCode::BAD_REQUEST, "{host}");
        }
        assert_eq!(mails_to(&state, "bob@acme.example").await, 0, "no reset mail for a poisoned host");
        assert_eq!(get(&app, ACME, "/en").await.status, StatusCode::OK);
    })
}

#[test]
fn mailed_links_lead_to_the_tenants_own_address_whatever_host_the_request_named() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        // Acme's other host name, with another port: the link still starts with Acme's address.
        let r = send(&app, form("acme.localhost:9999", "/api/password-reset-request", "locale=en&email=bob%40acme.example", None)).await;
        assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
        let body = newest_mail_to(&state, "bob@acme.example").await;
        assert!(body.contains("http://127.0.0.1:3000/en/account/link?token="), "{body}");
        assert!(!body.contains("9999") && !body.contains("acme.localhost"), "{body}");
        // A proxy header from a client that is not a trusted proxy changes nothing.
        let mut req = form(ACME, "/api/password-reset-request", "locale=en&email=ada%40acme.example", None);
        req.headers_mut().insert("x-forwarded-host", "evil.example".parse().unwrap());
        req.headers_mut().insert("x-forwarded-proto", "https".parse().unwrap());
        send(&app, req).await;
        let body = newest_mail_to(&state, "ada@acme.example").await;
        assert!(body.contains("http://127.0.0.1:3000/en/account/link?token=") && !body.contains("evil"), "{body}");
        // Feeds and the SAML service provider's metadata use the same address.
        let feed = get(&app, "acme.localhost:8080", "/feeds/releases.atom?locale=en").await.body;
        assert!(feed.contains("http://127.0.0.1:3000/en/releases") && !feed.contains(":8080"), "{feed}");
        let meta = get(&app, "acme.localhost:8080", "/auth/saml/metadata").await.body;
        assert!(meta.contains("http://127.0.0.1:3000/auth/saml/acs") && !meta.contains(":8080"), "{meta}");
    })
}

#[test]
fn hsts_is_sent_over_https_and_only_a_trusted_proxy_can_say_a_request_came_over_it() {
    on_shared_runtime(async {
        let (_, state) = app_with_state().await;
        let proxy: SocketAddr = "10.0.0.7:40000".parse().unwrap();
        let options = atrium_server::RouterOptions { trusted_proxies: vec![proxy.ip()], ..Default::default() };
        let app = atrium_server::router(state, options);
        let request = |peer: &str, proto: Option<&str>| {
            let mut req = Request::get("/en").header(header::HOST, ACME);
            if let Some(p) = proto {
                req = req.header("x-forwarded-proto", p);
            }
            let mut req = req.body(Body::empty()).unwrap();
            req.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
            req
        };
        let r = send(&app, request("10.0.0.7:40000", Some("https"))).await;
        assert_eq!(r.headers.get(header::STRICT_TRANSPORT_SECURITY).unwrap(), "max-age=31536000; includeSubDomains");
        // A client claiming HTTPS itself gets no HSTS (and so no Secure cookies) on plain HTTP.
        let r = send(&app, request("203.0.113.9:5555", Some("https"))).await;
        assert!(r.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        let r = send(&app, request("10.0.0.7:40000", Some("http"))).await;
        assert!(r.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        // The sign-in cookie is Secure only behind the trusted proxy's HTTPS.
        let sign_in = |peer: &str| {
            let mut req = form(ACME, "/api/sign-in", &sign_in_form("bob@acme.example", atrium_core::identity::DEMO_PASSWORD, "/en"), None);
            req.headers_mut().insert("x-forwarded-proto", "https".parse().unwrap());
            req.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
            req
        };
        let trusted = send(&app, sign_in("10.0.0.7:40001")).await;
        assert!(trusted.headers[header::SET_COOKIE].to_str().unwrap().contains("Secure"));
        let spoofed = send(&app, sign_in("203.0.113.9:5556")).await;
        assert!(!spoofed.headers[header::SET_COOKIE].to_str().unwrap().contains("Secure"));
    })
}

#[test]
fn text_from_front_matter_is_escaped_in_the_page_head() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let dir = std::env::temp_dir().join(format!("atrium-head-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("_modules")).unwrap();
        std::fs::create_dir_all(dir.join("en/core-hr")).unwrap();
        std::fs::create_dir_all(dir.join("en/releases")).unwrap();
        std::fs::copy(root.join("_modules/core-hr.yml"), dir.join("_modules/core-hr.yml")).unwrap();
        let evil = r#"</title><script>alert(1)</script><meta http-equiv=refresh content="0;url=//evil.example">"#;
        std::fs::write(
            dir.join("en/core-hr/poisoned.md"),
            format!("---\ntitle: '{evil}'\nsummary: '\"><script>alert(2)</script>'\nupdated: 2026-11-20\n---\nText.\n"),
        )
        .unwrap();
        std::fs::write(
            dir.join("en/releases/2026-week-01.md"),
            format!("---\ntitle: '{evil}'\nversion: \"2026.1.0\"\ndate: 2026-01-05\nmodules: [core-hr]\nsummary: s\n---\nBody.\n"),
        )
        .unwrap();
        let (store, problems) = atrium_server::load_content(&dir, &[]);
        assert!(problems.is_empty(), "{problems:?}");
        let index = atrium_core::search::SearchIndex::build(&store).unwrap();
        state.replace_content(store, index);
        for path in ["/en/core-hr/poisoned", "/en/releases/2026-week-01"] {
            let r = get(&app, ACME, path).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            let head = &r.body[..r.body.find("</head>").expect("a head")];
            assert!(!head.contains("<script>alert"), "{path}: {head}");
            assert!(!head.contains("<meta http-equiv"), "{path}: {head}");
            assert!(head.contains("&lt;/title&gt;&lt;script&gt;"), "{path}: the title is shown, escaped: {head}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    })
}

#[test]
fn one_browser_has_one_vote_per_article_however_often_it_clicks() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let tally = || atrium_core::feedback::tally(&state.pool, "acme", "core-hr", "employee-records");
        let before = tally().await.unwrap();
        let body = "locale=en&module=core-hr&slug=employee-records&helpful=yes&return_to=%2Fen%2Fcore-hr%2Femployee-records";
        let first = send(&app, vote(ACME, Some("http://127.0.0.1:3000"), body)).await;
        assert_eq!(first.status, StatusCode::FOUND, "{}", first.body);
        let cookie = first.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
        assert!(cookie.starts_with("atrium_voter="), "{cookie}");
        for _ in 0..5 {
            let mut again = vote(ACME, Some("http://127.0.0.1:3000"), body);
            again.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
            send(&app, again).await;
        }
        assert_eq!(tally().await.unwrap(), (before.0 + 1, before.1), "one vote, not six");
        let mut change = vote(ACME, Some("http://127.0.0.1:3000"), &body.replace("helpful=yes", "helpful=no"));
        change.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
        send(&app, change).await;
        assert_eq!(tally().await.unwrap(), (before.0, before.1 + 1), "a second click changes the vote");
        // A signed-in reader votes as themselves, once.
        let bob = signed_in(&app, ACME, "bob@acme.example").await;
        for _ in 0..3 {
            let mut req = vote(ACME, Some("http://127.0.0.1:3000"), body);
            req.headers_mut().insert(header::COOKIE, bob.parse().unwrap());
            send(&app, req).await;
        }
        assert_eq!(tally().await.unwrap(), (before.0 + 1, before.1 + 1));
    })
}

#[test]
fn server_functions_answer_404_and_403_rather_than_500() {
    on_shared_runtime(async {
        let app = app().await;
        // Scripts calling the server functions (forms without JavaScript are sent back to their page).
        let missing = "locale=en&module=core-hr&slug=no-such-article&helpful=yes";
        let mut req = vote(ACME, Some("http://127.0.0.1:3000"), missing);
        req.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
        let r = send(&app, req).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let bad = "locale=en&module=core-hr&slug=employee-records&helpful=maybe";
        let mut req = vote(ACME, Some("http://127.0.0.1:3000"), bad);
        req.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
        assert_eq!(send(&app, req).await.status, StatusCode::BAD_REQUEST);
        // A customer asking for the vendor's tenant list.
        let bob = signed_in(&app, ACME, "bob@acme.example").await;
        let mut req = Request::post("/api/tenants")
            .header(header::HOST, ACME)
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::COOKIE, bob)
            .body(Body::empty())
            .unwrap();
        req.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
        assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN);
    })
}

#[test]
fn the_home_page_shows_the_latest_release_notes() {
    on_shared_runtime(async {
        let app = app().await;
        let page = get(&app, ACME, "/en").await.body;
        assert!(!page.contains("No release notes published yet"), "published notes exist in the demo content");
        assert!(page.contains("href=\"/en/releases/"), "{page}");
        assert!(page.contains("All release notes"));
        let fr = get(&app, ACME, "/fr").await.body;
        assert!(fr.contains("href=\"/fr/releases/") && fr.contains("Toutes les notes de version"));
    })
}

#[test]
fn editors_find_their_search_insights_in_the_menu() {
    on_shared_runtime(async {
        let app = app().await;
        let editor = signed_in(&app, ACME, "editor@acme.example").await;
        let page = get_with_cookie(&app, ACME, "/en", &editor).await.body;
        assert!(page.contains("href=\"/en/insights/search\""), "{page}");
        let bob = signed_in(&app, ACME, "bob@acme.example").await;
        assert!(!get_with_cookie(&app, ACME, "/en", &bob).await.body.contains("/en/insights/search"));
    })
}

#[test]
fn the_request_catalogue_finds_forms_by_what_they_are_about_and_says_when_nothing_matches() {
    on_shared_runtime(async {
        let app = app().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let catalogue = |q: &str| {
            let (app, ada) = (app.clone(), ada.clone());
            let path = format!("/en/tickets/new?product={q}");
            async move { get_with_cookie(&app, ACME, &path, &ada).await.body }
        };
        let list = |page: &str| page.split("catalogue-list").nth(1).unwrap_or_default().split("</ul>").next().unwrap_or_default().to_string();
        // The placeholder's own example: "payroll" is in Compensation's description.
        let payroll = catalogue("payroll").await;
        assert!(list(&payroll).contains("module=compensation"), "{payroll}");
        assert!(!list(&payroll).contains("module=training"));
        // A field label ("Pay period concerned") and a French reader's word.
        assert!(list(&catalogue("pay+period").await).contains("module=compensation"));
        let fr = get_with_cookie(&app, ACME, "/fr/tickets/new?product=paie", &ada).await.body;
        assert!(list(&fr).contains("module=compensation"), "{fr}");
        // Nothing matches: said in words, and every form is still offered.
        let none = catalogue("zeppelin").await;
        assert!(none.contains("No request form matches “zeppelin”"), "{none}");
        assert!(list(&none).contains("module=compensation") && list(&none).contains("module=training"));
    })
}

#[test]
fn pixel_bombs_sent_at_once_are_refused_with_a_message_and_no_ticket_is_filed() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let mut bomb = std::io::Cursor::new(Vec::new());
        image::GrayImage::new(8_000, 8_000).write_to(&mut bomb, image::ImageFormat::Png).unwrap();
        let bomb = bomb.into_inner();
        let files: Vec<(&str, Vec<u8>)> = (0..5).map(|_| ("bomb.png", bomb.clone())).collect();
        let forms = (0..8).map(|_| {
            let (app, req) = (app.clone(), multipart(ACME, "/en/tickets", TICKET_FORM, &files, Some(&ada), "http://127.0.0.1:3000"));
            tokio::spawn(async move { send(&app, req).await })
        });
        let mut back = None;
        for f in forms {
            let r = f.await.unwrap();
            assert_eq!(r.status, StatusCode::SEE_OTHER);
            let to = r.headers[header::LOCATION].to_str().unwrap().to_string();
            assert!(to.starts_with("/en/tickets/new"), "refused, back to the form: {to}");
            back = Some(to);
        }
        let (n,): (i64,) = atrium_core::sqlx::query_as("SELECT COUNT(*) FROM tickets").fetch_one(&state.pool).await.unwrap();
        assert_eq!(n, 0);
        let page = get_with_cookie(&app, ACME, back.unwrap().split('#').next().unwrap(), &ada).await.body;
        assert!(page.contains("“bomb.png” has more pixels than the 25 megapixel limit"), "{page}");
    })
}

#[test]
fn a_file_name_with_control_characters_is_explained_as_such() {
    on_shared_runtime(async {
        let app = app().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let mut png = std::io::Cursor::new(Vec::new());
        image::RgbImage::new(8, 8).write_to(&mut png, image::ImageFormat::Png).unwrap();
        let r = send(&app, multipart(ACME, "/en/tickets", TICKET_FORM, &[("shot\u{1}\u{7}.png", png.into_inner())], Some(&ada), "http://127.0.0.1:3000")).await;
        let to = r.headers[header::LOCATION].to_str().unwrap().to_string();
        let page = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &ada).await.body;
        assert!(!page.contains("larger than 5 MB"), "{page}");
        assert!(page.contains("control characters"), "{page}");
    })
}

/// A request from `peer`, as the listener would pass it on.
fn from(peer: &str, mut req: Request<Body>) -> Request<Body> {
    req.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
    req
}

#[test]
fn rate_limits_hold_per_client_address_and_per_account_and_answer_429_in_the_readers_language() {
    on_shared_runtime(async {
        let (_, state) = app_with_state().await;
        let limits = atrium_core::config::RateLimits::parse("sign-in=3/60,reset=2/600,vote=3/60,search=5/60").unwrap();
        let app = atrium_server::router(state.clone(), atrium_server::RouterOptions { rate_limits: limits, ..Default::default() });
        let wrong = |email: &str| {
            let body = sign_in_form(email, "not-the-password", "/fr").replace("locale=en", "locale=fr");
            let mut r = form(ACME, "/api/sign-in", &body, None);
            r.headers_mut().insert(header::REFERER, "http://127.0.0.1:3000/fr/sign-in".parse().unwrap());
            r
        };
        // One address: three sign-ins, then 429 with Retry-After, in French for a French page.
        for _ in 0..3 {
            assert_eq!(send(&app, from("198.51.100.1:1000", wrong("ghost1@acme.example"))).await.status, StatusCode::FOUND);
        }
        let r = send(&app, from("198.51.100.1:1001", wrong("ghost2@acme.example"))).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = r.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        assert!(r.body.contains("Trop de demandes") && r.body.contains("lang=\"fr\""), "{}", r.body);
        // The same account from elsewhere: its own allowance is used up too.
        let r = send(&app, from("198.51.100.2:1000", wrong("ghost1@acme.example"))).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "another address does not reset an account's limit");
        // Another address for another account is not affected.
        assert_eq!(send(&app, from("198.51.100.3:1000", wrong("ghost3@acme.example"))).await.status, StatusCode::FOUND);

        // Reset mails: two per account, whatever the address they are asked from.
        for (i, expect) in [(1, StatusCode::FOUND), (2, StatusCode::FOUND), (3, StatusCode::TOO_MANY_REQUESTS)] {
            let req = form(ACME, "/api/password-reset-request", "locale=en&email=bob%40acme.example", None);
            assert_eq!(send(&app, from(&format!("203.0.113.{i}:1000"), req)).await.status, expect);
        }
        assert_eq!(mails_to(&state, "bob@acme.example").await, 2);

        // Cross-site posts are refused before they count.
        for _ in 0..5 {
            let mut cross = vote(ACME, Some("http://evil.example"), "locale=en&module=core-hr&slug=employee-records&helpful=yes");
            cross = from("192.0.2.50:1", cross);
            assert_eq!(send(&app, cross).await.status, StatusCode::FORBIDDEN);
        }
        let body = "locale=en&module=core-hr&slug=employee-records&helpful=yes";
        assert_ne!(send(&app, from("192.0.2.50:1", vote(ACME, Some("http://127.0.0.1:3000"), body))).await.status, StatusCode::TOO_MANY_REQUESTS);

        // "What was missing?" answers share the votes' allowance.
        let missing = "locale=en&module=core-hr&slug=employee-records&comment=more";
        for _ in 0..3 {
            assert_ne!(send(&app, from("192.0.2.60:1", form(ACME, "/api/vote-missing", missing, None))).await.status, StatusCode::TOO_MANY_REQUESTS);
        }
        assert_eq!(send(&app, from("192.0.2.60:1", form(ACME, "/api/vote-missing", missing, None))).await.status, StatusCode::TOO_MANY_REQUESTS);

        // The search API answers scripts in JSON.
        let search = |peer: &str| from(peer, Request::get("/api/search?q=import&locale=en").header(header::HOST, ACME).body(Body::empty()).unwrap());
        for _ in 0..5 {
            assert_eq!(send(&app, search("192.0.2.9:1")).await.status, StatusCode::OK);
        }
        let r = send(&app, search("192.0.2.9:2")).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(r.body.contains("\"retry_after\"") && r.headers.contains_key(header::RETRY_AFTER), "{}", r.body);
        assert_eq!(send(&app, search("192.0.2.10:1")).await.status, StatusCode::OK, "another reader searches on");
    })
}

#[test]
fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_allowance_and_others_cannot_forge_one() {
    on_shared_runtime(async {
        let (_, state) = app_with_state().await;
        let options = atrium_server::RouterOptions {
            rate_limits: atrium_core::config::RateLimits::parse("search=2/60").unwrap(),
            trusted_proxies: vec!["10.0.0.7".parse().unwrap()],
            ..Default::default()
        };
        let app = atrium_server::router(state, options);
        let search = |peer: &str, forwarded: &str| {
            let req = Request::get("/api/search?q=import&locale=en").header(header::HOST, ACME).header("x-forwarded-for", forwarded);
            from(peer, req.body(Body::empty()).unwrap())
        };
        for client in ["198.51.100.20", "198.51.100.21"] {
            for _ in 0..2 {
                assert_eq!(send(&app, search("10.0.0.7:9000", client)).await.status, StatusCode::OK, "{client}");
            }
            assert_eq!(send(&app, search("10.0.0.7:9000", client)).await.status, StatusCode::TOO_MANY_REQUESTS, "{client}");
        }
        // A client that is not the proxy cannot dodge its limit with made-up addresses.
        for (i, expect) in [(1, StatusCode::OK), (2, StatusCode::OK), (3, StatusCode::TOO_MANY_REQUESTS)] {
            assert_eq!(send(&app, search("203.0.113.77:1", &format!("192.0.2.{i}"))).await.status, expect);
        }
    })
}

#[test]
fn provider_addresses_on_the_servers_own_network_are_refused_and_open_ports_look_like_closed_ones() {
    on_shared_runtime(async {
        let (app, state) = app_with(|s| s.configure().allow_private_providers = false).await;
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        // Something listens here and would answer; it must never be asked.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let open = listener.local_addr().unwrap().port();
        let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = asked.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                use tokio::io::AsyncWriteExt;
                let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 18\r\n\r\n<html>admin</html>").await;
            }
        });
        let oidc = |issuer: &str| {
            format!("locale=en&name=Probe&issuer={}&client_id=a&client_secret=s&scopes=openid&group_access=&group_roles=", atrium_app::url::query_value(issuer))
        };
        let saml = |url: &str| {
            format!("locale=en&name=Probe&metadata_url={}&metadata_xml=&email_attribute=mail&group_access=&group_roles=", atrium_app::url::query_value(url))
        };
        let location = |r: &Reply| r.headers.get(header::LOCATION).map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
        let mut answers = Vec::new();
        for port in [open, 9] {
            let r = send(&app, form(ACME, "/api/sso-provider", &oidc(&format!("http://127.0.0.1:{port}")), Some(&admin))).await;
            answers.push(location(&r));
            let r = send(&app, form(ACME, "/api/saml-provider", &saml(&format!("http://127.0.0.1:{port}/metadata")), Some(&admin))).await;
            answers.push(location(&r));
        }
        let r = send(&app, form(ACME, "/api/sso-provider", &oidc("http://localhost:9"), Some(&admin))).await;
        assert!(location(&r).contains("error=sso-unreachable"), "a name resolving to loopback: {}", location(&r));
        assert_eq!(answers[0], answers[2], "OpenID: an open port and a closed one get the same answer");
        assert_eq!(answers[1], answers[3], "SAML: an open port and a closed one get the same answer");
        assert!(answers[0].contains("error=sso-unreachable") && answers[1].contains("error=saml-unreachable"), "{answers:?}");
        assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 0, "no connection was made to the server's own network");
        let (n,): (i64,) = atrium_core::sqlx::query_as("SELECT COUNT(*) FROM sso_providers").fetch_one(&state.pool).await.unwrap();
        assert_eq!(n, 0);
    })
}

#[test]
fn with_private_providers_allowed_an_open_port_that_is_not_an_idp_still_gets_the_generic_answer() {
    on_shared_runtime(async {
        let app = app().await;
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let open = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                use tokio::io::AsyncWriteExt;
                let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 18\r\nconnection: close\r\n\r\n<html>admin</html>").await;
            }
        });
        let saml = |url: &str| {
            format!("locale=en&name=Probe&metadata_url={}&metadata_xml=&email_attribute=mail&group_access=&group_roles=", atrium_app::url::query_value(url))
        };
        let to = |r: Reply| r.headers.get(header::LOCATION).map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
        let open_answer = to(send(&app, form(ACME, "/api/saml-provider", &saml(&format!("http://127.0.0.1:{open}/m")), Some(&admin))).await);
        let closed_answer = to(send(&app, form(ACME, "/api/saml-provider", &saml("http://127.0.0.1:9/m"), Some(&admin))).await);
        assert_eq!(open_answer, closed_answer);
        assert!(open_answer.contains("error=saml-unreachable"), "{open_answer}");
    })
}

#[test]
fn maintenance_and_outage_announcements_are_found_by_search_in_their_tenant_only() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let now = state.clock.now();
        let agent = atrium_core::identity::create_user(
            &state.pool,
            "acme",
            "ops@acme.example",
            "Ops",
            None,
            atrium_core::identity::Role::SupportAgent,
            &[],
            atrium_core::db::now(),
        )
        .await
        .unwrap();
        let when = |offset_h: i64| {
            chrono::DateTime::from_timestamp(now + offset_h * 3600, 0).unwrap().with_timezone(&chrono_tz::Europe::Paris).format("%Y-%m-%dT%H:%M").to_string()
        };
        let form = atrium_core::maintenance::AnnouncementForm {
            title: "Payroll exports interrupted".into(),
            body: "Exports to the payroll provider failed for forty minutes.".into(),
            kind: "outage".into(),
            impact: "major".into(),
            modules: vec!["compensation".into()],
            starts_at: when(-3),
            ends_at: when(-2),
            time_zone: "Europe/Paris".into(),
            ..Default::default()
        };
        let valid = atrium_core::maintenance::validate(&form, &["compensation".to_string()], now).unwrap();
        atrium_core::maintenance::publish(&state.pool, &["acme".to_string()], &agent.id, &valid, now).await.unwrap();
        let page = get(&app, ACME, "/en/search?q=outage").await.body;
        assert!(page.contains("Payroll exports interrupted") && page.contains("/en/maintenance#announcement-"), "{page}");
        assert!(page.contains("Maintenance and outages"), "its own type facet: {page}");
        let only = get(&app, ACME, "/en/search?q=payroll&type=announcement").await.body;
        assert!(only.contains("Payroll exports interrupted"), "{only}");
        let fr = get(&app, ACME, "/fr/search?q=panne").await.body;
        assert!(fr.contains("Payroll exports interrupted"), "the French label of an outage finds it: {fr}");
        let globex = get(&app, "localhost:3000", "/en/search?q=outage").await.body;
        assert!(!globex.contains("Payroll exports interrupted"), "another tenant's announcement");
    })
}
