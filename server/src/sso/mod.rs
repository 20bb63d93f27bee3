//! Single sign-on's HTTP side: OpenID Connect (which also starts SAML sign-ins) and SAML 2.0,
//! both ending in [`finish`].

mod finish;
pub mod oidc;
pub mod saml;
