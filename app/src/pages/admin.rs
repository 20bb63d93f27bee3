//! Administration of a tenant: its accounts (invite, role, access groups, last valid day) and
//! its sign-in rules; and, for the vendor's super administrators, the tenants themselves.

use super::{use_locale, NotFoundPage, PageBoundary};
use crate::{
    api::{get_accounts_admin, get_tenants, CreateTenant, InviteAccount, ManageGroup, SaveSignInSettings, UpdateAccount},
    components::Layout,
    i18n::*,
    locale::Locale,
    model::*,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn role_options(locale: Locale, roles: &[String], selected: &str) -> impl IntoView {
    roles.iter().map(|r| view! { <option value=r.clone() selected=r == selected>{t(locale, &format!("role-{r}"))}</option> }).collect_view()
}

/// The outcome line at the top of an admin page, from `?done=` or `?error=&field=&min=&max=`.
fn outcome(locale: Locale) -> Option<AnyView> {
    let (done, error, field, min, max) = use_query_map().with_untracked(|q| {
        (q.get("done"), q.get("error"), q.get("field").unwrap_or_default(), q.get("min").unwrap_or_default(), q.get("max").unwrap_or_default())
    });
    if let Some(error) = error {
        let known = [
            "sso-settings",
            "sso-mapping",
            "sso-unreachable",
            "saml-settings",
            "saml-unreachable",
            "saml-metadata",
            "duplicate",
            "bad-email",
            "missing-name",
            "bad-group",
            "bad-date",
            "weak-temporary",
            "setting",
            "admin",
            "colour",
            "host",
            "host-taken",
            "id-taken",
            "name",
            "id",
        ];
        let key = if known.contains(&error.as_str()) { error } else { "unknown".into() };
        let field_name = if field.is_empty() { String::new() } else { t(locale, &format!("settings-{}", field.replace('_', "-"))) };
        let text = t_with(locale, &format!("admin-error-{key}"), &[("field", field_name), ("min", min), ("max", max)]);
        return Some(view! { <p class="form-error" role="alert" id="admin-outcome">{text}</p> }.into_any());
    }
    done.map(|d| {
        let text = match d.as_str() {
            "invited" | "updated" | "settings" | "sso" | "group-rename" | "group-delete" => t(locale, &format!("admin-done-{d}")),
            id => t_with(locale, "admin-done-tenant", &[("id", id.to_string())]),
        };
        view! { <p class="notice" role="status" id="admin-outcome">{text}</p> }.into_any()
    })
}

/// `/<locale>/admin/accounts`: customer administrators and super administrators.
#[component]
pub fn AccountsAdminPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let data = Resource::new_blocking(|| (), |_| get_accounts_admin());
    view! {
        <Title text=t(locale, "admin-accounts-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let view = data.await?;
                    Ok::<_, crate::error::AppError>(view! {
                        <Layout locale>
                            <h1>{t(locale, "admin-accounts-title")}</h1>
                            {outcome(locale)}
                            {view.super_admin.then(|| view! { <p><a href=format!("/{}/admin/tenants", locale.code())>{t(locale, "admin-tenants-title")}</a></p> })}
                            <AccountTable locale accounts=view.accounts.clone() roles=view.roles.clone()/>
                            <GroupSummary locale accounts=view.accounts.clone()/>
                            <InviteForm locale roles=view.roles.clone()/>
                            <SettingsForm locale s=view.settings.clone()/>
                            <super::admin_sso::ProvidersSection locale providers=view.providers.clone()/>
                        </Layout>
                    })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

#[component]
fn AccountTable(locale: Locale, accounts: Vec<AccountRow>, roles: Vec<String>) -> impl IntoView {
    let code = locale.code();
    let rows = accounts
        .into_iter()
        .map(|a| {
            let status = if !a.verified {
                t(locale, "admin-status-invited")
            } else if a.locked {
                t(locale, "admin-status-locked")
            } else if a.sso_only {
                t(locale, "admin-status-sso")
            } else {
                t(locale, "admin-status-active")
            };
            let form_id = format!("account-form-{}", a.id);
            let edit = if a.editable {
                view! {
                    <td>
                        <select name="role" form=form_id.clone() aria-label=t(locale, "admin-role")>{role_options(locale, &roles, &a.role)}</select>
                    </td>
                    <td><input name="groups" form=form_id.clone() value=a.groups.clone() aria-label=t(locale, "admin-groups")/></td>
                    <td><input type="date" name="valid_until" form=form_id.clone() value=a.valid_until.clone() aria-label=t(locale, "admin-valid-until")/></td>
                    <td>
                        <form id=form_id method="post" action=UpdateAccount::PATH>
                            <input type="hidden" name="locale" value=code/>
                            <input type="hidden" name="id" value=a.id.clone()/>
                            <button type="submit">{t(locale, "admin-save")}</button>
                        </form>
                    </td>
                }
                .into_any()
            } else {
                view! {
                    <td>{t(locale, &format!("role-{}", a.role))}</td>
                    <td>{a.groups.clone()}</td>
                    <td>{a.valid_until.clone()}</td>
                    <td></td>
                }
                .into_any()
            };
            view! {
                <tr id=format!("account-{}", a.id) data-email=a.email.clone()>
                    <td>{a.display_name.clone()}<br/><small>{a.email.clone()}</small></td>
                    <td>{status}</td>
                    {edit}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data accounts">
            <thead>
                <tr>
                    <th>{t(locale, "admin-person")}</th>
                    <th>{t(locale, "admin-status")}</th>
                    <th>{t(locale, "admin-role")}</th>
                    <th>{t(locale, "admin-groups")}</th>
                    <th>{t(locale, "admin-valid-until")}</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Each documentation access group with who holds it, so an administrator sees at a glance who
/// reads which restricted articles (groups are granted per account above, or by single sign-on).
#[component]
fn GroupSummary(locale: Locale, accounts: Vec<AccountRow>) -> impl IntoView {
    let mut groups: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for a in &accounts {
        for g in a.groups.split(',').map(str::trim).filter(|g| !g.is_empty()) {
            groups.entry(g.to_string()).or_default().push(a.display_name.clone());
        }
    }
    let rows = groups
        .into_iter()
        .map(|(g, people)| {
            let label = t_with(locale, "admin-group-new-name", &[("group", g.clone())]);
            view! {
                <tr data-group=g.clone()>
                    <td><code>{g.clone()}</code></td>
                    <td>{people.join(", ")}</td>
                    <td>
                        <form class="inline" method="post" action=ManageGroup::PATH>
                            <input type="hidden" name="locale" value=locale.code()/>
                            <input type="hidden" name="group" value=g.clone()/>
                            <input name="new_name" aria-label=label size="16"/>
                            <button type="submit" name="action" value="rename">{t(locale, "admin-group-rename")}</button>
                            <button type="submit" name="action" value="delete">{t(locale, "admin-group-delete")}</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section id="groups">
            <h2>{t(locale, "admin-groups-title")}</h2>
            <table class="data groups">
                <thead><tr><th>{t(locale, "admin-groups")}</th><th>{t(locale, "admin-groups-members")}</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="hint">{t(locale, "admin-group-content-hint")}</p>
        </section>
    }
}

#[component]
fn InviteForm(locale: Locale, roles: Vec<String>) -> impl IntoView {
    view! {
        <section id="invite">
            <h2>{t(locale, "admin-invite-title")}</h2>
            <p>{t(locale, "admin-invite-intro")}</p>
            <form class="stack" method="post" action=InviteAccount::PATH>
                <input type="hidden" name="locale" value=locale.code()/>
                <label for="invite-email">{t(locale, "sign-in-email")}</label>
                <input id="invite-email" type="email" name="email" required/>
                <label for="invite-name">{t(locale, "admin-name")}</label>
                <input id="invite-name" name="display_name" required/>
                <label for="invite-role">{t(locale, "admin-role")}</label>
                <select id="invite-role" name="role">{role_options(locale, &roles, "customer-user")}</select>
                <label for="invite-groups">{t(locale, "admin-groups")}</label>
                <input id="invite-groups" name="groups" placeholder="payroll-admins"/>
                <label for="invite-valid">{t(locale, "admin-valid-until")}</label>
                <input id="invite-valid" type="date" name="valid_until"/>
                <label for="invite-temporary">{t(locale, "admin-temporary-password")}</label>
                <input id="invite-temporary" type="password" name="temporary_password" autocomplete="new-password"/>
                <button type="submit">{t(locale, "admin-invite-submit")}</button>
            </form>
        </section>
    }
}

#[component]
fn SettingsForm(locale: Locale, s: SignInSettingsView) -> impl IntoView {
    let number = |name: &'static str, value: i64| {
        let id = format!("settings-{}", name.replace('_', "-"));
        view! {
            <label for=id.clone()>{t(locale, &id)}</label>
            <input id=id type="number" name=name value=value.to_string() min="0" required/>
        }
    };
    view! {
        <section id="settings">
            <h2>{t(locale, "admin-settings-title")}</h2>
            <form class="stack" method="post" action=SaveSignInSettings::PATH>
                <input type="hidden" name="locale" value=locale.code()/>
                <fieldset>
                    <legend>{t(locale, "admin-settings-password")}</legend>
                    {number("min_length", s.min_length)}
                    {number("min_lowercase", s.min_lowercase)}
                    {number("min_uppercase", s.min_uppercase)}
                    {number("min_digits", s.min_digits)}
                    {number("min_symbols", s.min_symbols)}
                    {number("history", s.history)}
                    {number("expiry_days", s.expiry_days)}
                    <label><input type="checkbox" name="change_at_first_sign_in" value="1" checked=s.change_at_first_sign_in/>" "{t(locale, "settings-change-at-first-sign-in")}</label>
                </fieldset>
                <fieldset>
                    <legend>{t(locale, "admin-settings-lockout")}</legend>
                    {number("max_failures", s.max_failures)}
                    {number("lock_minutes", s.lock_minutes)}
                </fieldset>
                <fieldset>
                    <legend>{t(locale, "admin-settings-sessions")}</legend>
                    {number("idle_minutes", s.idle_minutes)}
                    {number("absolute_hours", s.absolute_hours)}
                    <label><input type="checkbox" name="sso_auto_redirect" value="1" checked=s.sso_auto_redirect/>" "{t(locale, "settings-sso-auto-redirect")}</label>
                </fieldset>
                <button type="submit">{t(locale, "admin-save")}</button>
            </form>
        </section>
    }
    .into_any()
}

/// `/<locale>/admin/tenants`: the vendor's super administrators create customer tenants.
#[component]
pub fn TenantsPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let data = Resource::new_blocking(|| (), |_| get_tenants());
    view! {
        <Title text=t(locale, "admin-tenants-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let tenants = data.await?;
                    let rows = tenants
                        .into_iter()
                        .map(|t| view! { <tr><td>{t.id}</td><td>{t.name}</td><td>{t.hosts.join(", ")}</td><td class="num">{t.accounts}</td></tr> })
                        .collect_view();
                    Ok::<_, crate::error::AppError>(view! {
                        <Layout locale>
                            <h1>{t(locale, "admin-tenants-title")}</h1>
                            {outcome(locale)}
                            <table class="data tenants">
                                <thead><tr><th>"Id"</th><th>{t(locale, "admin-name")}</th><th>{t(locale, "admin-hosts")}</th><th>{t(locale, "admin-accounts-count")}</th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                            <h2>{t(locale, "admin-tenant-create")}</h2>
                            <form class="stack" method="post" action=CreateTenant::PATH>
                                <input type="hidden" name="locale" value=locale.code()/>
                                <label for="tenant-id">"Id"</label>
                                <input id="tenant-id" name="id" required pattern="[a-z0-9-]{2,40}"/>
                                <label for="tenant-name">{t(locale, "admin-name")}</label>
                                <input id="tenant-name" name="name" required/>
                                <label for="tenant-colour">{t(locale, "admin-colour")}</label>
                                <input id="tenant-colour" type="color" name="colour" value="#0b6e4f"/>
                                <label for="tenant-hosts">{t(locale, "admin-hosts")}</label>
                                <input id="tenant-hosts" name="hosts" required placeholder="help.example.com"/>
                                <label for="tenant-admin-email">{t(locale, "admin-first-admin-email")}</label>
                                <input id="tenant-admin-email" type="email" name="admin_email" required/>
                                <label for="tenant-admin-name">{t(locale, "admin-first-admin-name")}</label>
                                <input id="tenant-admin-name" name="admin_name" required/>
                                <button type="submit">{t(locale, "admin-tenant-submit")}</button>
                            </form>
                        </Layout>
                    })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}
