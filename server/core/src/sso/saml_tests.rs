// What can be checked without an IdP: metadata checks, our own metadata, and responses refused
// before or at the signature. Signed responses are tested against SimpleSAMLphp end to end.

use super::*;

const IDP: &str = "https://idp.example/saml";

fn certificate_base64() -> String {
    include_str!("fixtures/saml-idp.crt").lines().filter(|l| !l.starts_with("-----")).collect()
}

fn idp_metadata(with_certificate: bool) -> String {
    let key = if with_certificate {
        format!(
            r#"<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"#,
            certificate_base64()
        )
    } else {
        String::new()
    };
    format!(
        r#"<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{IDP}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">{key}
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"#
    )
}

fn settings(allow_idp_initiated: bool) -> SamlSettings {
    SamlSettings { idp_metadata_xml: idp_metadata(true), metadata_url: None, allow_idp_initiated, mapping: ClaimMapping::default() }
}

/// An unsigned response, valid in every other respect, for the SP at https://help.acme.example.
fn unsigned_response(in_response_to: Option<&str>) -> String {
    let now = Utc::now();
    let at = |secs: i64| (now + chrono::Duration::seconds(secs)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let irt = in_response_to.map(|id| format!(r#" InResponseTo="{id}""#)).unwrap_or_default();
    format!(
        r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="{now}" Destination="https://help.acme.example/auth/saml/acs"{irt}>
<saml:Issuer>{IDP}</saml:Issuer>
<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
<saml:Assertion ID="_a1" Version="2.0" IssueInstant="{now}">
<saml:Issuer>{IDP}</saml:Issuer>
<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">frank</saml:NameID>
<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{later}" Recipient="https://help.acme.example/auth/saml/acs"{irt}/></saml:SubjectConfirmation></saml:Subject>
<saml:Conditions NotBefore="{before}" NotOnOrAfter="{later}"><saml:AudienceRestriction><saml:Audience>https://help.acme.example/auth/saml/metadata</saml:Audience></saml:AudienceRestriction></saml:Conditions>
<saml:AttributeStatement>
<saml:Attribute Name="email"><saml:AttributeValue>frank@acme.example</saml:AttributeValue></saml:Attribute>
<saml:Attribute Name="name"><saml:AttributeValue>Frank Saml</saml:AttributeValue></saml:Attribute>
<saml:Attribute Name="groups"><saml:AttributeValue>hr-payroll</saml:AttributeValue><saml:AttributeValue>finance</saml:AttributeValue></saml:Attribute>
</saml:AttributeStatement>
</saml:Assertion>
</samlp:Response>"#,
        now = at(0),
        before = at(-30),
        later = at(300),
    )
}

fn sp() -> SpUrls {
    sp_urls("https://help.acme.example")
}

#[test]
fn metadata_without_a_signing_certificate_is_refused() {
    // samael would accept unsigned responses from such an IdP.
    let err = check_metadata(&idp_metadata(false)).unwrap_err();
    assert!(err.to_string().contains("no signing certificate"), "{err}");
    let summary = check_metadata(&idp_metadata(true)).unwrap();
    assert_eq!(summary.entity_id, IDP);
    assert_eq!(summary.sso_url, "https://idp.example/sso");
    assert_eq!(summary.signing_certificates, 1);
    assert!(matches!(check_metadata("<html>not metadata</html>"), Err(SamlError::Metadata(_))));
}

#[test]
fn our_metadata_names_the_tenant_acs_and_no_logout() {
    let xml = sp_metadata_xml("https://help.acme.example").unwrap();
    assert!(xml.contains(r#"entityID="https://help.acme.example/auth/saml/metadata""#), "{xml}");
    assert!(xml.contains(r#"Location="https://help.acme.example/auth/saml/acs""#), "{xml}");
    assert!(xml.contains(r#"WantAssertionsSigned="true""#), "{xml}");
    assert!(!xml.contains("SingleLogoutService"), "{xml}");
}

#[test]
fn a_request_redirects_to_the_idp_with_its_id() {
    let (url, id) = begin(&settings(false), &sp()).unwrap();
    assert!(url.starts_with("https://idp.example/sso?SAMLRequest="), "{url}");
    assert!(!id.is_empty());
    let (_, other) = begin(&settings(false), &sp()).unwrap();
    assert_ne!(id, other, "every request has its own id");
}

#[test]
fn unsigned_responses_are_refused_even_when_everything_else_holds() {
    let xml = unsigned_response(None);
    assert_eq!(peek(&xml).unwrap(), Unverified { in_response_to: None, issuer: Some(IDP.into()) });
    let err = verify(&settings(true), &sp(), &xml, None).unwrap_err();
    assert!(matches!(err, SamlError::Refused(_)), "{err:?}");
    assert_eq!(err.key(), "sso-refused");
    let err = verify(&settings(true), &sp(), &unsigned_response(Some("_ours")), Some("_ours")).unwrap_err();
    assert!(matches!(err, SamlError::Refused(_)), "{err:?}");
}

#[test]
fn unsolicited_responses_need_the_tenant_to_allow_them() {
    let err = verify(&settings(false), &sp(), &unsigned_response(None), None).unwrap_err();
    assert!(matches!(err, SamlError::IdpInitiatedRefused), "{err:?}");
}

#[test]
fn the_profile_comes_from_the_mapped_attributes() {
    let xml = unsigned_response(None);
    let response: Response = xml.parse().unwrap();
    let assertion = response.assertion.unwrap();
    let profile = profile_from(&assertion, &ClaimMapping::default()).unwrap();
    assert_eq!(profile.subject, "frank");
    assert_eq!(profile.email.as_deref(), Some("frank@acme.example"));
    assert_eq!(profile.name.as_deref(), Some("Frank Saml"));
    assert_eq!(profile.groups, vec!["hr-payroll".to_string(), "finance".to_string()]);
    let unmapped = ClaimMapping { email_claim: "mail".into(), ..ClaimMapping::default() };
    assert_eq!(profile_from(&assertion, &unmapped).unwrap().email, None);
    assert!(remember_until(&assertion) > Utc::now().timestamp() + 300);
}

#[test]
fn garbage_is_malformed_not_a_crash() {
    assert!(matches!(decode("%%%"), Err(SamlError::Malformed(_))));
    assert!(matches!(peek("<notsaml/>"), Err(SamlError::Malformed(_))));
    assert!(matches!(peek(""), Err(SamlError::Malformed(_))));
}
