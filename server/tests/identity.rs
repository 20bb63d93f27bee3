//! Signing in with a local account, sessions and what they unlock; each test tries to break a check.

mod common;

use atrium_core::identity::DEMO_PASSWORD;
use axum::http::{header, StatusCode};
use common::*;

const ACME: &str = "127.0.0.1:3000";
const GLOBEX: &str = "localhost:3000";

#[test]
fn signing_in_sets_a_safe_cookie_and_returns_to_the_page() {
    on_shared_runtime(async {
        let app = app().await;
        let r = send(&app, form(ACME, "/api/sign-in", &sign_in_form("ada@acme.example", DEMO_PASSWORD, "/en/compensation"), None)).await;
        assert_eq!(r.status, StatusCode::FOUND);
        assert_eq!(r.headers[header::LOCATION], "/en/compensation");
        let cookie = r.headers[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.starts_with("atrium_session="), "{cookie}");
        for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(attr), "{cookie} lacks {attr}");
        }
        let page = get_with_cookie(&app, ACME, "/en", cookie.split(';').next().unwrap()).await;
        assert!(page.body.contains("Signed in as Ada Lovelace"));
    })
}

#[test]
fn a_granted_user_reads_restricted_articles_and_another_does_not() {
    on_shared_runtime(async {
        let app = app().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let bob = signed_in(&app, ACME, "bob@acme.example").await;
        let r = get_with_cookie(&app, ACME, "/en/compensation/payroll-export", &ada).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Export to payroll"));
        assert!(get_with_cookie(&app, ACME, "/en/compensation", &ada).await.body.contains("Bonus rules"));
        assert!(get_with_cookie(&app, ACME, "/en/search?q=payroll", &ada).await.body.contains("Export to payroll"));
        let r = get_with_cookie(&app, ACME, "/en/compensation/payroll-export", &bob).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(!r.body.contains("Export to payroll"));
        assert!(!get_with_cookie(&app, ACME, "/en/search?q=payroll", &bob).await.body.contains("Export to payroll"));
    })
}

#[test]
fn a_session_from_one_tenant_is_worthless_on_another_tenants_host() {
    on_shared_runtime(async {
        let app = app().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let r = get_with_cookie(&app, GLOBEX, "/en/compensation/payroll-export", &ada).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(!r.body.contains("Ada Lovelace"));
        // And Acme's users cannot sign in on Globex's host.
        let r = send(&app, form(GLOBEX, "/api/sign-in", &sign_in_form("ada@acme.example", DEMO_PASSWORD, "/en"), None)).await;
        assert_eq!(r.headers[header::LOCATION], "/en/sign-in?error=invalid&return_to=/en");
        assert!(r.headers.get(header::SET_COOKIE).is_none());
    })
}

#[test]
fn wrong_passwords_and_unknown_accounts_get_the_same_answer_then_a_lockout() {
    on_shared_runtime(async {
        let app = app().await;
        for email in ["bob@acme.example", "nobody@acme.example"] {
            for _ in 0..4 {
                let r = send(&app, form(ACME, "/api/sign-in", &sign_in_form(email, "wrong", "/en"), None)).await;
                assert_eq!(r.headers[header::LOCATION], "/en/sign-in?error=invalid&return_to=/en", "{email}");
            }
            let r = send(&app, form(ACME, "/api/sign-in", &sign_in_form(email, "wrong", "/en"), None)).await;
            assert_eq!(r.headers[header::LOCATION], "/en/sign-in?error=locked&minutes=15&return_to=/en", "{email}");
        }
        // Locked even with the right password, and the page says so in the reader's language.
        let r = send(&app, form(ACME, "/api/sign-in", &sign_in_form("bob@acme.example", DEMO_PASSWORD, "/en"), None)).await;
        assert!(r.headers[header::LOCATION].to_str().unwrap().contains("error=locked"));
        assert!(r.headers.get(header::SET_COOKIE).is_none());
        let page = get(&app, ACME, "/fr/sign-in?error=locked&minutes=15").await;
        assert!(page.body.contains("la connexion est bloquée pendant 15 minutes"));
    })
}

#[test]
fn return_to_never_leaves_the_site() {
    on_shared_runtime(async {
        let app = app().await;
        for evil in ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"] {
            let body = format!(
                "locale=en&email=ada%40acme.example&password={}&return_to={}",
                DEMO_PASSWORD.replace('!', "%21"),
                evil.replace('/', "%2F").replace(':', "%3A").replace('\\', "%5C")
            );
            let r = send(&app, form(ACME, "/api/sign-in", &body, None)).await;
            assert_eq!(r.headers[header::LOCATION], "/en", "return_to {evil}");
        }
    })
}

#[test]
fn signing_out_ends_the_session_on_the_server() {
    on_shared_runtime(async {
        let app = app().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let r = send(&app, form(ACME, "/api/sign-out", "locale=en", Some(&ada))).await;
        assert_eq!(r.status, StatusCode::FOUND);
        assert!(r.headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
        // The old cookie, replayed, opens nothing.
        let r = get_with_cookie(&app, ACME, "/en/compensation/payroll-export", &ada).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    })
}

#[test]
fn sign_in_and_sign_out_refuse_cross_site_posts() {
    on_shared_runtime(async {
        let app = app().await;
        let mut req = form(ACME, "/api/sign-in", &sign_in_form("ada@acme.example", DEMO_PASSWORD, "/en"), None);
        req.headers_mut().insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        let r = send(&app, req).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(r.headers.get(header::SET_COOKIE).is_none());
    })
}

#[test]
fn signing_out_everywhere_ends_every_session_of_the_user_only() {
    on_shared_runtime(async {
        let app = app().await;
        let laptop = signed_in(&app, ACME, "ada@acme.example").await;
        let phone = signed_in(&app, ACME, "ada@acme.example").await;
        let bob = signed_in(&app, ACME, "bob@acme.example").await;
        let page = get_with_cookie(&app, ACME, "/en/sign-in", &laptop).await;
        assert!(page.body.contains("Sign out on every device"));
        let r = send(&app, form(ACME, "/api/sign-out", "locale=en&everywhere=1", Some(&laptop))).await;
        assert_eq!(r.status, StatusCode::FOUND);
        for cookie in [&laptop, &phone] {
            assert_eq!(get_with_cookie(&app, ACME, "/en/compensation/payroll-export", cookie).await.status, StatusCode::NOT_FOUND);
        }
        assert!(get_with_cookie(&app, ACME, "/en", &bob).await.body.contains("Signed in as Bob Martin"), "other users stay signed in");
    })
}

#[test]
fn changing_a_password_explains_each_broken_rule_then_rotates_the_session() {
    on_shared_runtime(async {
        let app = app().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let change = |current: &str, new: &str, confirm: &str, cookie: Option<&str>| {
            let enc = |s: &str| s.replace('!', "%21").replace(' ', "+");
            form(ACME, "/api/change-password", &format!("locale=fr&current={}&new={}&confirm={}", enc(current), enc(new), enc(confirm)), cookie)
        };
        let r = send(&app, change(DEMO_PASSWORD, "ada", "ada", Some(&ada))).await;
        let location = r.headers[header::LOCATION].to_str().unwrap().to_string();
        assert!(location.starts_with("/fr/account/password?errors="), "{location}");
        for key in ["too-short", "needs-uppercase", "needs-digit", "needs-symbol", "contains-name", "too-common"] {
            assert!(location.contains(key), "{location} lacks {key}");
        }
        let page = get_with_cookie(&app, ACME, &location, &ada).await;
        assert!(page.body.contains("Utilisez au moins 12 caractères.") && page.body.contains("N’utilisez pas votre nom"), "messages in French");
        let r = send(&app, change("not-it", "Tulip-harbour-Quartz-77", "Tulip-harbour-Quartz-77", Some(&ada))).await;
        assert_eq!(r.headers[header::LOCATION], "/fr/account/password?errors=wrong-current");
        let r = send(&app, change(DEMO_PASSWORD, "Tulip-harbour-Quartz-77", "Tulip-harbour-Quartz-78", Some(&ada))).await;
        assert_eq!(r.headers[header::LOCATION], "/fr/account/password?errors=mismatch");
        // Without a session nothing changes.
        let r = send(&app, change(DEMO_PASSWORD, "Tulip-harbour-Quartz-77", "Tulip-harbour-Quartz-77", None)).await;
        assert!(!r.headers.get(header::LOCATION).is_some_and(|l| l.to_str().unwrap().contains("changed")), "{:?}", r.headers);

        let r = send(&app, change(DEMO_PASSWORD, "Tulip-harbour-Quartz-77", "Tulip-harbour-Quartz-77", Some(&ada))).await;
        assert_eq!(r.headers[header::LOCATION], "/fr/account/password?changed=1");
        let fresh = r.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
        assert_ne!(fresh, ada, "a new session id after the change");
        assert_eq!(get_with_cookie(&app, ACME, "/en/compensation/payroll-export", &ada).await.status, StatusCode::NOT_FOUND, "old session ended");
        assert_eq!(get_with_cookie(&app, ACME, "/en/compensation/payroll-export", &fresh).await.status, StatusCode::OK);
        let old = send(&app, form(ACME, "/api/sign-in", &sign_in_form("ada@acme.example", DEMO_PASSWORD, "/en"), None)).await;
        assert!(old.headers[header::LOCATION].to_str().unwrap().contains("error=invalid"), "the old password no longer works");
    })
}
