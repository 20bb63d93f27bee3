//! The single sign-on section of the accounts page: each OpenID Connect and SAML provider of the
//! tenant, editable, and a form for a new one of each kind.

use crate::{
    api::{SaveOidcProvider, SaveSamlProvider},
    i18n::*,
    locale::Locale,
    model::ProviderRow,
};
use leptos::{prelude::*, server_fn::ServerFn};

fn blank(kind: &str) -> ProviderRow {
    ProviderRow {
        id: format!("new-{kind}"),
        name: String::new(),
        kind: kind.into(),
        issuer: String::new(),
        client_id: String::new(),
        scopes: "openid email profile".into(),
        metadata_url: String::new(),
        allow_idp_initiated: false,
        email_attribute: "email".into(),
        name_attribute: "name".into(),
        groups_attribute: "groups".into(),
        group_access: String::new(),
        group_roles: String::new(),
        auto_provision: false,
    }
}

/// Group mappings and provisioning: the same for both kinds.
fn mapping_fields(locale: Locale, p: &ProviderRow) -> impl IntoView {
    let f = |field: &str| format!("sso-{}-{field}", p.id);
    view! {
        <label for=f("access")>{t(locale, "admin-sso-group-access")}</label>
        <textarea id=f("access") name="group_access" rows="2" placeholder="hr-payroll=payroll-admins">{crate::components::textarea_text(p.group_access.clone())}</textarea>
        <label for=f("roles")>{t(locale, "admin-sso-group-roles")}</label>
        <textarea id=f("roles") name="group_roles" rows="2" placeholder="it-admins=customer-admin">{crate::components::textarea_text(p.group_roles.clone())}</textarea>
        <label><input type="checkbox" name="auto_provision" value="1" checked=p.auto_provision/>" "{t(locale, "admin-sso-auto-provision")}</label>
    }
}

fn oidc_form(locale: Locale, p: ProviderRow) -> AnyView {
    let f = |field: &str| format!("sso-{}-{field}", p.id);
    let new = p.id.starts_with("new");
    let heading = if new { t(locale, "admin-sso-new") } else { p.name.clone() };
    view! {
        <form class="stack provider" method="post" action=SaveOidcProvider::PATH>
            <h3>{heading}</h3>
            <input type="hidden" name="locale" value=locale.code()/>
            <label for=f("name")>{t(locale, "admin-sso-name")}</label>
            <input id=f("name") name="name" value=p.name.clone() required readonly=!new/>
            <label for=f("issuer")>{t(locale, "admin-sso-issuer")}</label>
            <input id=f("issuer") name="issuer" type="url" value=p.issuer.clone() required placeholder="https://login.example.com"/>
            <label for=f("client")>{t(locale, "admin-sso-client-id")}</label>
            <input id=f("client") name="client_id" value=p.client_id.clone() required/>
            <label for=f("secret")>{t(locale, "admin-sso-client-secret")}</label>
            <input id=f("secret") name="client_secret" type="password" autocomplete="off" required=new/>
            <label for=f("scopes")>{t(locale, "admin-sso-scopes")}</label>
            <input id=f("scopes") name="scopes" value=p.scopes.clone()/>
            {mapping_fields(locale, &p)}
            <p class="hint">{t(locale, "admin-sso-redirect-hint")}<code>"/auth/oidc/callback"</code></p>
            <button type="submit">{t(locale, "admin-save")}</button>
        </form>
    }
    .into_any()
}

fn saml_form(locale: Locale, p: ProviderRow) -> AnyView {
    let f = |field: &str| format!("sso-{}-{field}", p.id);
    let new = p.id.starts_with("new");
    let heading = if new { t(locale, "admin-saml-new") } else { format!("{} (SAML: {})", p.name, p.issuer) };
    view! {
        <form class="stack provider" method="post" action=SaveSamlProvider::PATH>
            <h3>{heading}</h3>
            <input type="hidden" name="locale" value=locale.code()/>
            <label for=f("name")>{t(locale, "admin-sso-name")}</label>
            <input id=f("name") name="name" value=p.name.clone() required readonly=!new/>
            <label for=f("metadata-url")>{t(locale, "admin-saml-metadata-url")}</label>
            <input id=f("metadata-url") name="metadata_url" type="url" value=p.metadata_url.clone() placeholder="https://idp.example.com/metadata"/>
            <label for=f("metadata-xml")>{t(locale, "admin-saml-metadata-xml")}</label>
            <textarea id=f("metadata-xml") name="metadata_xml" rows="3"></textarea>
            <label><input type="checkbox" name="allow_idp_initiated" value="1" checked=p.allow_idp_initiated/>" "{t(locale, "admin-saml-idp-initiated")}</label>
            <label for=f("email")>{t(locale, "admin-saml-email-attribute")}</label>
            <input id=f("email") name="email_attribute" value=p.email_attribute.clone()/>
            <label for=f("display")>{t(locale, "admin-saml-name-attribute")}</label>
            <input id=f("display") name="name_attribute" value=p.name_attribute.clone()/>
            <label for=f("groups")>{t(locale, "admin-saml-groups-attribute")}</label>
            <input id=f("groups") name="groups_attribute" value=p.groups_attribute.clone()/>
            {mapping_fields(locale, &p)}
            <p class="hint">{t(locale, "admin-saml-metadata-hint")}<a href="/auth/saml/metadata">"/auth/saml/metadata"</a></p>
            <button type="submit">{t(locale, "admin-save")}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn ProvidersSection(locale: Locale, providers: Vec<ProviderRow>) -> impl IntoView {
    let forms = providers
        .into_iter()
        .chain([blank("oidc"), blank("saml")])
        .map(|p| if p.kind == "saml" { saml_form(locale, p) } else { oidc_form(locale, p) })
        .collect_view();
    view! {
        <section id="sso">
            <h2>{t(locale, "admin-sso-title")}</h2>
            {forms}
        </section>
    }
    .into_any()
}
