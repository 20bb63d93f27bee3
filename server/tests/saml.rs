//! SAML 2.0 without an IdP: the administration form's checks, and what the assertion consumer
//! service does with responses it cannot verify or that belong to another tenant. Signed
//! responses from a real SimpleSAMLphp are tested in end2end/tests/saml.test.mjs.

mod common;

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use base64::Engine;
use common::*;
use std::io::Read;

const ACME: &str = "127.0.0.1:3000";
const GLOBEX: &str = "localhost:3000";
const IDP: &str = "https://idp.acme.example/saml";

fn metadata(with_certificate: bool) -> String {
    let cert: String = include_str!("../core/src/sso/fixtures/saml-idp.crt").lines().filter(|l| !l.starts_with("-----")).collect();
    let key = if with_certificate {
        format!(
            r#"<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"#
        )
    } else {
        String::new()
    };
    format!(
        r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{IDP}"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">{key}<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.acme.example/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>"#
    )
}

fn saml_form(metadata_url: &str, metadata_xml: &str) -> String {
    format!(
        "locale=en&name=Acme+ADFS&metadata_url={}&metadata_xml={}&allow_idp_initiated=1&email_attribute=mail&group_access=hr%3Dpayroll-admins&group_roles=",
        atrium_app::url::query_value(metadata_url),
        atrium_app::url::query_value(metadata_xml)
    )
}

fn location(r: &Reply) -> String {
    r.headers.get(header::LOCATION).map(|l| l.to_str().unwrap().to_string()).unwrap_or_default()
}

fn starts_session(r: &Reply) -> bool {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("atrium_session=") && !c.to_str().unwrap().starts_with("atrium_session=;"))
}

/// A response posted to the ACS the way an IdP's page posts it: from another site.
fn acs_post(host: &str, xml: &str) -> Request<Body> {
    let body = format!("SAMLResponse={}", atrium_app::url::query_value(&base64::engine::general_purpose::STANDARD.encode(xml)));
    Request::post("/auth/saml/acs")
        .header(header::HOST, host)
        .header(header::ORIGIN, "https://idp.acme.example")
        .header("sec-fetch-site", "cross-site")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

fn unsigned_response(in_response_to: Option<&str>) -> String {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let irt = in_response_to.map(|id| format!(r#" InResponseTo="{id}""#)).unwrap_or_default();
    format!(
        r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0" IssueInstant="{now}"{irt}><saml:Issuer>{IDP}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="_a" Version="2.0" IssueInstant="{now}"><saml:Issuer>{IDP}</saml:Issuer><saml:Subject><saml:NameID>frank</saml:NameID></saml:Subject></saml:Assertion></samlp:Response>"#
    )
}

async fn providers(state: &atrium_app::state::AppState) -> i64 {
    let (n,): (i64,) = atrium_core::sqlx::query_as("SELECT COUNT(*) FROM sso_providers").fetch_one(&state.pool).await.unwrap();
    n
}

#[test]
fn administrators_add_saml_providers_only_with_a_signing_certificate() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        // A customer cannot add one, nor can another site.
        send(&app, form(ACME, "/api/saml-provider", &saml_form("", &metadata(true)), Some(&ada))).await;
        let mut cross = form(ACME, "/api/saml-provider", &saml_form("", &metadata(true)), Some(&admin));
        cross.headers_mut().insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert_eq!(send(&app, cross).await.status, StatusCode::FORBIDDEN);
        // Without a signing certificate samael would take unsigned responses: refused.
        let r = send(&app, form(ACME, "/api/saml-provider", &saml_form("", &metadata(false)), Some(&admin))).await;
        assert!(location(&r).contains("error=saml-metadata"), "{}", location(&r));
        assert!(get_with_cookie(&app, ACME, &location(&r), &admin)
            .await
            .body
            .contains("needs an entity id, a sign-on address (HTTP-Redirect) and a signing certificate"));
        let r = send(&app, form(ACME, "/api/saml-provider", &saml_form("", "<html>login</html>"), Some(&admin))).await;
        assert!(location(&r).contains("error=saml-metadata"));
        let r = send(&app, form(ACME, "/api/saml-provider", &saml_form("http://127.0.0.1:9/metadata", ""), Some(&admin))).await;
        assert!(location(&r).contains("error=saml-unreachable"), "{}", location(&r));
        let r = send(&app, form(ACME, "/api/saml-provider", &saml_form("", ""), Some(&admin))).await;
        assert!(location(&r).contains("error=saml-settings"));
        assert_eq!(providers(&state).await, 0, "nothing saved so far");

        let r = send(&app, form(ACME, "/api/saml-provider", &saml_form("", &metadata(true)), Some(&admin))).await;
        assert!(location(&r).contains("done=sso"), "{}", location(&r));
        let page = get_with_cookie(&app, ACME, "/en/admin/accounts", &admin).await.body;
        assert!(page.contains(IDP) && page.contains("hr=payroll-admins") && page.contains(r#"value="mail""#));
        assert!(get(&app, ACME, "/en/sign-in").await.body.contains("Sign in with Acme ADFS"));
        assert!(!get(&app, GLOBEX, "/en/sign-in").await.body.contains("Sign in with Acme ADFS"));
    })
}

#[test]
fn the_acs_refuses_responses_it_cannot_verify_or_that_answer_another_tenant() {
    on_shared_runtime(async {
        let (app, _state) = app_with_state().await;
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        send(&app, form(ACME, "/api/saml-provider", &saml_form("", &metadata(true)), Some(&admin))).await;
        let sign_in = get(&app, ACME, "/en/sign-in").await.body;
        let id = sign_in.split("/auth/sso/start?provider=").nth(1).unwrap().split(['&', '"']).next().unwrap().to_string();

        // SP-initiated: a redirect to the IdP with a deflated AuthnRequest for this tenant's ACS.
        let r = get(&app, ACME, &format!("/auth/sso/start?provider={id}&locale=en")).await;
        let to = location(&r);
        assert!(to.starts_with("https://idp.acme.example/sso?SAMLRequest="), "{to}");
        let request = authn_request(&to);
        assert!(request.contains(&format!("AssertionConsumerServiceURL=\"http://{ACME}/auth/saml/acs\"")), "{request}");
        let first_id = request_id(&request);
        // The provider is Acme's: Globex's host does not start it.
        assert_eq!(location(&get(&app, GLOBEX, &format!("/auth/sso/start?provider={id}&locale=en")).await), "/en/sign-in?error=sso-unknown");

        // Cross-site posts reach the ACS (the IdP's page posts there), and garbage is refused.
        let r = send(&app, acs_post(ACME, "not xml at all")).await;
        assert_eq!((r.status, location(&r).as_str()), (StatusCode::SEE_OTHER, "/en/sign-in?error=sso-refused"));
        // Unsigned, answering our request: refused at the signature, and the request is spent.
        let r = send(&app, acs_post(ACME, &unsigned_response(Some(&first_id)))).await;
        assert_eq!(location(&r), "/en/sign-in?error=sso-refused");
        assert!(!starts_session(&r));
        assert_eq!(location(&send(&app, acs_post(ACME, &unsigned_response(Some(&first_id)))).await), "/en/sign-in?error=sso-state");
        // Acme's request is unknown on Globex, and an unsolicited response there has no provider.
        let r = get(&app, ACME, &format!("/auth/sso/start?provider={id}&locale=en")).await;
        let second_id = request_id(&authn_request(&location(&r)));
        assert_eq!(location(&send(&app, acs_post(GLOBEX, &unsigned_response(Some(&second_id)))).await), "/en/sign-in?error=sso-state");
        assert_eq!(location(&send(&app, acs_post(GLOBEX, &unsigned_response(None))).await), "/en/sign-in?error=sso-unknown");
        // An unsolicited unsigned response on Acme (IdP-initiated allowed): still the signature.
        let r = send(&app, acs_post(ACME, &unsigned_response(None))).await;
        assert_eq!(location(&r), "/en/sign-in?error=sso-refused");
        assert!(!starts_session(&r));
        // Our metadata is per tenant, at its canonical address whichever of its hosts is asked
        // (Globex's first host by name, with the configured port).
        for host in [GLOBEX, "globex.localhost:8080"] {
            let m = get(&app, host, "/auth/saml/metadata").await.body;
            assert!(m.contains("entityID=\"http://globex.localhost:3000/auth/saml/metadata\""), "{m}");
        }
    })
}

/// The AuthnRequest an HTTP-Redirect to the IdP carries (deflated, then base64).
fn authn_request(redirect: &str) -> String {
    let url = openidconnect::url::Url::parse(redirect).unwrap();
    let encoded = url.query_pairs().find(|(k, _)| k == "SAMLRequest").map(|(_, v)| v.into_owned()).unwrap();
    let mut request = String::new();
    flate2::read::DeflateDecoder::new(&base64::engine::general_purpose::STANDARD.decode(encoded).unwrap()[..]).read_to_string(&mut request).unwrap();
    request
}

fn request_id(request: &str) -> String {
    request.split(" ID=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}
