//! OpenID Connect negative cases against a deliberately misbehaving provider served on loopback:
//! each response breaks one rule (algorithm, nonce, audience, expiry, issuer, signature key,
//! at_hash, userinfo subject, issue time) and must end on the sign-in page without a session.
//! The happy path against a real provider (npm oidc-provider) is in end2end/tests/oidc.test.mjs.

mod common;

use axum::{
    extract::State,
    http::{header, StatusCode},
    routing::{get as route_get, post},
    Json, Router,
};
use common::*;
use openidconnect::{
    core::{CoreHmacKey, CoreIdToken, CoreIdTokenClaims, CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey},
    AccessToken, Audience, EmptyAdditionalClaims, EndUserEmail, IssuerUrl, JsonWebKeyId, Nonce, PrivateSigningKey, StandardClaims, SubjectIdentifier,
};
use serde_json::json;
use std::sync::{Arc, Mutex};

const ACME: &str = "127.0.0.1:3000";
const GLOBEX: &str = "localhost:3000";
const SECRET: &str = "crafted-client-secret";

/// The one rule the next token response breaks.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Flaw {
    None,
    Hs256WithClientSecret,
    OtherNonce,
    OtherAudience,
    Expired,
    SignedByAnotherKey,
    AtHashOfAnotherToken,
    UserinfoAboutSomeoneElse,
    IssuedInTheFuture,
}

struct Script {
    issuer: String,
    nonce: String,
    flaw: Flaw,
}

type Shared = Arc<Mutex<Script>>;

fn key(file: &str) -> CoreRsaPrivateSigningKey {
    let pem = std::fs::read_to_string(format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    CoreRsaPrivateSigningKey::from_pem(&pem, Some(JsonWebKeyId::new("k1".into()))).unwrap()
}

async fn discovery(State(s): State<Shared>) -> Json<serde_json::Value> {
    let issuer = s.lock().unwrap().issuer.clone();
    Json(json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "userinfo_endpoint": format!("{issuer}/userinfo"),
        "jwks_uri": format!("{issuer}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        // Advertising HS256 must not make Atrium accept it.
        "id_token_signing_alg_values_supported": ["RS256", "HS256"],
        "authorization_response_iss_parameter_supported": true
    }))
}

async fn jwks() -> Json<serde_json::Value> {
    Json(json!({ "keys": [key("oidc-signing-key.pem").as_verification_key()] }))
}

async fn token(State(s): State<Shared>) -> Json<serde_json::Value> {
    let (issuer, nonce, flaw) = {
        let s = s.lock().unwrap();
        (s.issuer.clone(), s.nonce.clone(), s.flaw)
    };
    let now = chrono::Utc::now();
    let access = AccessToken::new("access-token-1".into());
    let other_access = AccessToken::new("another-access-token".into());
    let mut claims = CoreIdTokenClaims::new(
        IssuerUrl::new(issuer).unwrap(),
        vec![Audience::new(if flaw == Flaw::OtherAudience { "someone-else".into() } else { "atrium".into() })],
        if flaw == Flaw::Expired { now - chrono::Duration::minutes(5) } else { now + chrono::Duration::minutes(5) },
        if flaw == Flaw::IssuedInTheFuture { now + chrono::Duration::hours(1) } else { now },
        StandardClaims::new(SubjectIdentifier::new("subject-bob".into()))
            .set_email(Some(EndUserEmail::new("bob@acme.example".into())))
            .set_email_verified(Some(true)),
        EmptyAdditionalClaims {},
    );
    claims = claims.set_nonce(Some(Nonce::new(if flaw == Flaw::OtherNonce { "not-the-nonce".into() } else { nonce })));
    let hashed = if flaw == Flaw::AtHashOfAnotherToken { &other_access } else { &access };
    let id_token = match flaw {
        Flaw::Hs256WithClientSecret => CoreIdToken::new(claims, &CoreHmacKey::new(SECRET.as_bytes()), CoreJwsSigningAlgorithm::HmacSha256, Some(hashed), None),
        Flaw::SignedByAnotherKey => CoreIdToken::new(claims, &key("oidc-other-key.pem"), CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, Some(hashed), None),
        _ => CoreIdToken::new(claims, &key("oidc-signing-key.pem"), CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, Some(hashed), None),
    }
    .unwrap();
    Json(json!({ "access_token": access.secret(), "token_type": "Bearer", "expires_in": 300, "id_token": id_token.to_string() }))
}

async fn userinfo(State(s): State<Shared>) -> Json<serde_json::Value> {
    let someone_else = s.lock().unwrap().flaw == Flaw::UserinfoAboutSomeoneElse;
    Json(json!({ "sub": if someone_else { "subject-mallory" } else { "subject-bob" }, "email": "bob@acme.example", "email_verified": true }))
}

/// The crafted provider on a free loopback port; returns its issuer and script.
async fn crafted_provider() -> (String, Shared) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let shared: Shared = Arc::new(Mutex::new(Script { issuer: issuer.clone(), nonce: String::new(), flaw: Flaw::None }));
    let app = Router::new()
        .route("/.well-known/openid-configuration", route_get(discovery))
        .route("/jwks", route_get(jwks))
        .route("/token", post(token))
        .route("/userinfo", route_get(userinfo))
        .with_state(shared.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (issuer, shared)
}

fn query(url: &str, name: &str) -> Option<String> {
    let q = url.split_once('?')?.1;
    q.split('&').find_map(|kv| kv.strip_prefix(&format!("{name}=")).map(|v| v.replace("%2F", "/").replace("%3A", ":")))
}

/// Starts a sign-in on `host`; returns the state, after telling the provider the nonce it got.
async fn start(app: &Router, host: &str, provider_id: &str, shared: &Shared) -> String {
    let r = get(app, host, &format!("/auth/sso/start?provider={provider_id}&locale=en&return_to=%2Fen%2Fcompensation")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let to = r.headers[header::LOCATION].to_str().unwrap().to_string();
    assert!(query(&to, "code_challenge").is_some() && query(&to, "code_challenge_method").as_deref() == Some("S256"), "PKCE: {to}");
    shared.lock().unwrap().nonce = query(&to, "nonce").expect("a nonce");
    query(&to, "state").expect("a state")
}

#[test]
fn every_broken_rule_in_a_providers_answer_is_refused() {
    on_shared_runtime(async {
        let (issuer, shared) = crafted_provider().await;
        let (app, state) = app_with_state().await;
        let settings = atrium_core::sso::ProviderSettings::Oidc(atrium_core::sso::OidcSettings {
            issuer: issuer.clone(),
            client_id: "atrium".into(),
            client_secret: SECRET.into(),
            scopes: vec!["openid".into(), "email".into()],
            allowed_algs: vec!["RS256".into()],
            mapping: Default::default(),
        });
        let id = atrium_core::sso::save_provider(&state.pool, "acme", "Crafted", &settings, atrium_core::db::now()).await.unwrap();
        let callback = |state: &str, iss: Option<&str>| {
            let mut url = format!("/auth/oidc/callback?code=c1&state={state}");
            if let Some(i) = iss {
                url.push_str(&format!("&iss={}", atrium_app::url::query_value(i)));
            }
            url
        };

        for flaw in [
            Flaw::Hs256WithClientSecret,
            Flaw::OtherNonce,
            Flaw::OtherAudience,
            Flaw::Expired,
            Flaw::SignedByAnotherKey,
            Flaw::AtHashOfAnotherToken,
            Flaw::UserinfoAboutSomeoneElse,
            Flaw::IssuedInTheFuture,
        ] {
            shared.lock().unwrap().flaw = flaw;
            let s = start(&app, ACME, &id, &shared).await;
            let r = get(&app, ACME, &callback(&s, Some(&issuer))).await;
            assert_eq!(r.headers[header::LOCATION], "/en/sign-in?error=sso-refused", "{flaw:?}");
            assert!(r.headers.get(header::SET_COOKIE).is_none(), "{flaw:?} started a session");
        }

        // The issuer parameter: missing although advertised, or naming someone else.
        shared.lock().unwrap().flaw = Flaw::None;
        for iss in [None, Some("http://evil.example")] {
            let s = start(&app, ACME, &id, &shared).await;
            let r = get(&app, ACME, &callback(&s, iss)).await;
            assert_eq!(r.headers[header::LOCATION], "/en/sign-in?error=sso-refused", "iss {iss:?}");
        }

        // A state started on Acme is worth nothing on Globex's host, and nothing the second time.
        let s = start(&app, ACME, &id, &shared).await;
        assert_eq!(get(&app, GLOBEX, &callback(&s, Some(&issuer))).await.headers[header::LOCATION], "/en/sign-in?error=sso-state");
        let s = start(&app, ACME, &id, &shared).await;
        let r = get(&app, ACME, &callback(&s, Some(&issuer))).await;
        assert_eq!(r.headers[header::LOCATION], "/en/compensation", "the well-formed answer signs in");
        let cookie = r.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
        assert!(get_with_cookie(&app, ACME, "/en", &cookie).await.body.contains("Signed in as Bob Martin"));
        assert_eq!(get(&app, ACME, &callback(&s, Some(&issuer))).await.headers[header::LOCATION], "/en/sign-in?error=sso-state");

        // The provider's own refusal is shown in plain words, and a provider of Acme is unknown on Globex.
        let s = start(&app, ACME, &id, &shared).await;
        let r = get(&app, ACME, &format!("/auth/oidc/callback?state={s}&error=access_denied&error_description=Your+account+is+disabled")).await;
        let to = r.headers[header::LOCATION].to_str().unwrap().to_string();
        assert!(to.starts_with("/en/sign-in?error=sso-denied"), "{to}");
        assert!(get(&app, ACME, &to).await.body.contains("It said: Your account is disabled"));
        let r = get(&app, GLOBEX, &format!("/auth/sso/start?provider={id}&locale=en")).await;
        assert_eq!(r.headers[header::LOCATION], "/en/sign-in?error=sso-unknown");
        // The sign-in page offers the provider on Acme only.
        assert!(get(&app, ACME, "/en/sign-in").await.body.contains("Sign in with Crafted"));
        assert!(!get(&app, GLOBEX, "/en/sign-in").await.body.contains("Sign in with Crafted"));
    })
}

#[test]
fn administrators_add_providers_that_answer_and_cannot_map_claims_to_staff_roles() {
    on_shared_runtime(async {
        let (issuer, _shared) = crafted_provider().await;
        let (app, state) = app_with_state().await;
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let form_for = |issuer: &str, roles: &str| {
            format!(
                "locale=en&name=Acme+Okta&issuer={}&client_id=atrium&client_secret=s3cret&scopes=openid+email&group_access=hr-payroll%3Dpayroll-admins&group_roles={}&auto_provision=1",
                atrium_app::url::query_value(issuer),
                atrium_app::url::query_value(roles)
            )
        };
        let count = || {
            let pool = state.pool.clone();
            async move {
                let (n,): (i64,) = atrium_core::sqlx::query_as("SELECT COUNT(*) FROM sso_providers").fetch_one(&pool).await.unwrap();
                n
            }
        };
        let location = |r: &Reply| r.headers.get(header::LOCATION).map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
        // A customer cannot add one; a staff role cannot come from claims; a dead issuer is caught.
        send(&app, form(ACME, "/api/sso-provider", &form_for(&issuer, ""), Some(&ada))).await;
        let r = send(&app, form(ACME, "/api/sso-provider", &form_for(&issuer, "it=super-admin"), Some(&admin))).await;
        assert!(location(&r).contains("error=sso-mapping"), "{}", location(&r));
        let r = send(&app, form(ACME, "/api/sso-provider", &form_for("http://127.0.0.1:9", ""), Some(&admin))).await;
        assert!(location(&r).contains("error=sso-unreachable"), "{}", location(&r));
        assert!(get_with_cookie(&app, ACME, &location(&r), &admin).await.body.contains("did not answer its discovery document"));
        let r = send(&app, form(ACME, "/api/sso-provider", &form_for("ftp://login.example", ""), Some(&admin))).await;
        assert!(location(&r).contains("error=sso-settings"));
        assert_eq!(count().await, 0, "nothing saved so far");

        let r = send(&app, form(ACME, "/api/sso-provider", &form_for(&issuer, "it-admins=customer-admin"), Some(&admin))).await;
        assert!(location(&r).contains("done=sso"), "{}", location(&r));
        let page = get_with_cookie(&app, ACME, "/en/admin/accounts", &admin).await.body;
        assert!(page.contains("hr-payroll=payroll-admins") && page.contains("it-admins=customer-admin"));
        assert!(!page.contains("s3cret"), "the secret is never shown back");
        assert!(get(&app, ACME, "/en/sign-in").await.body.contains("Sign in with Acme Okta"));
        // Saving again without a secret keeps the stored one.
        let keep = form_for(&issuer, "").replace("client_secret=s3cret", "client_secret=");
        assert!(location(&send(&app, form(ACME, "/api/sso-provider", &keep, Some(&admin))).await).contains("done=sso"));
        let p = atrium_core::sso::providers(&state.pool, "acme").await.unwrap();
        let atrium_core::sso::ProviderSettings::Oidc(o) = &p[0].settings else { panic!("an OpenID provider") };
        assert_eq!((p.len(), o.client_secret.as_str()), (1, "s3cret"));
    })
}
