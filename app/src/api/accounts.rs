//! Account links (password reset, invitation, forced renewal) and account administration: plain
//! form posts answered with redirects, so they work without JavaScript.

use crate::{error::AppError, model::*};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(super) mod ssr_only {
    use crate::error::AppError;
    use atrium_core::identity::Role;

    /// The vendor's super administrators, who alone create tenants.
    pub fn vendor_super_admin() -> Result<crate::state::Session, AppError> {
        let session = super::super::ssr::require_role(&[Role::SuperAdmin])?;
        if session.user.vendor_staff {
            Ok(session)
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn grantable_roles(by: Role) -> Vec<Role> {
        match by {
            Role::SuperAdmin => vec![Role::CustomerUser, Role::CustomerAdmin, Role::SupportAgent, Role::ContentEditor, Role::SuperAdmin],
            _ => vec![Role::CustomerUser, Role::CustomerAdmin],
        }
    }

    /// `YYYY-MM-DD` (the last valid day, in the service's time zone) → the first second after it.
    pub fn end_of_day(date: &str, tz: chrono_tz::Tz) -> Result<Option<i64>, ()> {
        let date = date.trim();
        if date.is_empty() {
            return Ok(None);
        }
        let day = date.parse::<chrono::NaiveDate>().map_err(|_| ())?;
        let next = day.succ_opt().ok_or(())?.and_hms_opt(0, 0, 0).ok_or(())?;
        use chrono::TimeZone;
        let local = tz.from_local_datetime(&next).earliest().ok_or(())?;
        Ok(Some(local.timestamp()))
    }

    pub fn last_day(valid_until: Option<i64>, tz: chrono_tz::Tz) -> String {
        valid_until.and_then(|t| chrono::DateTime::from_timestamp(t - 1, 0)).map(|d| d.with_timezone(&tz).date_naive().to_string()).unwrap_or_default()
    }
}
#[cfg(feature = "ssr")]
use ssr_only::*;

/// "Forgot your password?": mails a reset link when an active account has this address, and
/// answers the same either way.
#[server(endpoint = "password-reset-request")]
pub async fn request_password_reset(locale: String, email: String) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::{identity, mail};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let app = state()?;
    let now = app.clock.now();
    if email.trim().is_empty() {
        leptos_axum::redirect(&format!("/{locale}/account/forgot?error=missing"));
        return Ok(());
    }
    let mut tx = atrium_core::db::begin(&app.pool).await?;
    if let Some((to, token)) = identity::reset_link_for(&mut tx, &tenant.id, &email, now).await? {
        mail::enqueue(&mut tx, &tenant.id, &identity::reset_mail(&locale, &to, &tenant.origin, &token), now).await?;
        tracing::info!(tenant = %tenant.id, "password reset link sent");
    }
    tx.commit().await?;
    app.mail_kick.kick();
    leptos_axum::redirect(&format!("/{locale}/account/forgot?sent=1"));
    Ok(())
}

/// What an account link opens, to show the right form (or why it no longer works).
#[server(endpoint = "account-link-info")]
pub async fn get_account_link(token: String) -> Result<AccountLinkView, AppError> {
    use super::ssr::*;
    use atrium_core::identity::{self, LinkError, LinkPurpose};
    let tenant = tenant().await?;
    let app = state()?;
    let settings = identity::load_settings(&app.pool, &tenant.id).await?;
    let min_length = settings.password.min_length as u32;
    Ok(match identity::open_link(&app.pool, &tenant.id, token.trim(), app.clock.now()).await? {
        Ok(h) => AccountLinkView {
            status: "ok".into(),
            purpose: h.purpose.key().into(),
            email: h.email,
            confirm_only: h.purpose == LinkPurpose::Invitation && h.has_password,
            min_length,
        },
        Err(e) => AccountLinkView {
            status: match e {
                LinkError::Expired => "expired",
                LinkError::Used => "used",
                LinkError::Unknown => "unknown",
            }
            .into(),
            purpose: String::new(),
            email: String::new(),
            confirm_only: false,
            min_length,
        },
    })
}

/// Uses an account link: sets the new password (or only confirms the address). A renewal at
/// sign-in then starts the session; a reset or invitation leads to the sign-in page.
#[server(endpoint = "account-link")]
pub async fn use_account_link(locale: String, token: String, new: Option<String>, confirm: Option<String>, return_to: Option<String>) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::identity::{self, LinkPurpose, SetPasswordError};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let app = state()?;
    let token = token.trim().to_string();
    let back_to = safe_return_path(return_to.as_deref());
    let back = |query: &str| leptos_axum::redirect(&crate::url::with_return_to(format!("/{locale}/account/link?token={token}&{query}"), back_to.as_deref()));
    if new.is_some() && new != confirm {
        back("errors=mismatch");
        return Ok(());
    }
    let settings = identity::load_settings(&app.pool, &tenant.id).await?;
    match identity::use_link(&app.pool, &tenant.id, &token, new.as_deref().filter(|n| !n.is_empty()), &settings.password, app.clock.now()).await {
        Ok(holder) if holder.purpose == LinkPurpose::Renewal => {
            let session = identity::start_session(&app.pool, &tenant.id, &holder.user_id, app.clock.now()).await?;
            super::auth::set_session_cookie(Some(&session));
            tracing::info!(tenant = %tenant.id, user = %holder.user_id, "password renewed, signed in");
            leptos_axum::redirect(&back_to.unwrap_or_else(|| format!("/{locale}")));
        }
        Ok(holder) => {
            let notice = if holder.purpose == LinkPurpose::Invitation && holder.has_password { "confirmed" } else { "password-set" };
            leptos_axum::redirect(&format!("/{locale}/sign-in?notice={notice}"));
        }
        Err(SetPasswordError::Link(_)) => back(""),
        Err(SetPasswordError::Policy(v)) => {
            back(&format!("errors={}&min={}", v.iter().map(|x| x.key()).collect::<Vec<_>>().join(","), settings.password.min_length))
        }
        Err(SetPasswordError::Db(e)) => return Err(AppError::internal(e)),
    }
    Ok(())
}

/// The accounts page: every account of the tenant, the roles this administrator may give, and
/// the tenant's sign-in settings.
#[server(endpoint = "accounts-admin")]
pub async fn get_accounts_admin() -> Result<AccountsAdminView, AppError> {
    use super::ssr::*;
    use atrium_core::identity::{self, Role};
    let tenant = tenant().await?;
    let session = accounts_admin()?;
    let app = state()?;
    let roles = grantable_roles(session.user.role);
    let accounts = identity::list_accounts(&app.pool, &tenant.id, app.clock.now()).await?;
    let s = identity::load_settings(&app.pool, &tenant.id).await?;
    Ok(AccountsAdminView {
        accounts: accounts
            .into_iter()
            .map(|a| AccountRow {
                editable: roles.contains(&a.role) && a.id != session.user.id,
                id: a.id,
                email: a.email,
                display_name: a.display_name,
                role: a.role.key().into(),
                groups: a.groups.join(", "),
                valid_until: last_day(a.valid_until, app.tickets.calendar.tz),
                verified: a.email_verified,
                locked: a.locked,
                sso_only: a.sso_only,
            })
            .collect(),
        roles: roles.iter().map(|r| r.key().to_string()).collect(),
        settings: SignInSettingsView {
            min_length: s.password.min_length as i64,
            min_lowercase: s.password.min_lowercase as i64,
            min_uppercase: s.password.min_uppercase as i64,
            min_digits: s.password.min_digits as i64,
            min_symbols: s.password.min_symbols as i64,
            history: s.password.history as i64,
            max_failures: s.max_failures,
            lock_minutes: s.lock_minutes,
            expiry_days: s.expiry_days,
            change_at_first_sign_in: s.change_at_first_sign_in,
            idle_minutes: s.idle_minutes,
            absolute_hours: s.absolute_hours,
            sso_auto_redirect: s.sso_auto_redirect,
        },
        super_admin: session.user.role == Role::SuperAdmin,
        providers: atrium_core::sso::providers(&app.pool, &tenant.id).await?.into_iter().map(super::sso_admin::provider_row).collect(),
    })
}

/// Invites a person: the account exists at once but signs in only after the emailed link has
/// confirmed the address.
#[server(endpoint = "account-invite")]
pub async fn invite_account(
    locale: String,
    email: String,
    display_name: String,
    role: String,
    groups: Option<String>,
    valid_until: Option<String>,
    temporary_password: Option<String>,
) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::{
        identity::{self, AccountError, NewAccount, Role},
        mail,
    };
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = accounts_admin()?;
    let app = state()?;
    let back = |error: &str| leptos_axum::redirect(&format!("/{locale}/admin/accounts?error={error}#invite"));
    let Some(role) = Role::from_key(&role).filter(|r| grantable_roles(session.user.role).contains(r)) else {
        return Err(AppError::Forbidden);
    };
    let groups = match identity::parse_groups(groups.as_deref().unwrap_or_default()) {
        Ok(g) => g,
        Err(_) => {
            back("bad-group");
            return Ok(());
        }
    };
    let Ok(valid_until) = end_of_day(valid_until.as_deref().unwrap_or_default(), state()?.tickets.calendar.tz) else {
        back("bad-date");
        return Ok(());
    };
    let account = NewAccount { email, display_name, role, groups, valid_until, temporary_password: temporary_password.filter(|p| !p.is_empty()) };
    let settings = identity::load_settings(&app.pool, &tenant.id).await?;
    let now = app.clock.now();
    let temporary_hash = account.hashed_password().await;
    let mut tx = atrium_core::db::begin(&app.pool).await?;
    match identity::invite(&mut tx, &tenant.id, &account, temporary_hash.as_deref(), &settings, now).await {
        Ok((new_id, token)) => {
            let to = identity::normalise_email(&account.email);
            let mail = identity::invitation_mail(&locale, &to, &tenant.name, &tenant.origin, &token, account.temporary_password.is_some());
            mail::enqueue(&mut tx, &tenant.id, &mail, now).await?;
            atrium_core::operations::audit::record(
                &mut *tx,
                &tenant.id,
                Some(&session.user.id),
                atrium_core::operations::audit::Action::AccountInvited,
                Some(&new_id),
                now,
            )
            .await?;
            tx.commit().await?;
            app.mail_kick.kick();
            tracing::info!(tenant = %tenant.id, by = %session.user.id, "account invited");
            leptos_axum::redirect(&format!("/{locale}/admin/accounts?done=invited"));
        }
        Err(e) => {
            drop(tx);
            back(match e {
                AccountError::Duplicate => "duplicate",
                AccountError::BadEmail => "bad-email",
                AccountError::MissingName => "missing-name",
                AccountError::BadGroup(_) => "bad-group",
                AccountError::Policy(_) => "weak-temporary",
                AccountError::NotFound => "not-found",
                AccountError::Db(e) => return Err(AppError::internal(e)),
            });
        }
    }
    Ok(())
}

/// Changes an account's role, access groups and last valid day.
#[server(endpoint = "account-update")]
pub async fn update_account(locale: String, id: String, role: String, groups: Option<String>, valid_until: Option<String>) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::identity::{self, AccountError, Role};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = accounts_admin()?;
    let app = state()?;
    let grantable = grantable_roles(session.user.role);
    let back = |q: &str| leptos_axum::redirect(&format!("/{locale}/admin/accounts?{q}#account-{id}"));
    let Some(role) = Role::from_key(&role).filter(|r| grantable.contains(r)) else { return Err(AppError::Forbidden) };
    // The account must be one this administrator may manage, in this tenant, and not their own
    // (nobody removes their own administrator role by mistake).
    let current = identity::load_user(&app.pool, &tenant.id, &id).await?.ok_or(AppError::NotFound)?;
    if !grantable.contains(&current.role) || current.id == session.user.id {
        return Err(AppError::Forbidden);
    }
    let Ok(groups) = identity::parse_groups(groups.as_deref().unwrap_or_default()) else {
        back("error=bad-group");
        return Ok(());
    };
    let Ok(valid_until) = end_of_day(valid_until.as_deref().unwrap_or_default(), state()?.tickets.calendar.tz) else {
        back("error=bad-date");
        return Ok(());
    };
    match identity::update_account(&app.pool, &tenant.id, &id, role, &groups, valid_until).await {
        Ok(()) => {
            atrium_core::operations::audit::record(
                &app.pool,
                &tenant.id,
                Some(&session.user.id),
                atrium_core::operations::audit::Action::AccountChanged,
                Some(&id),
                app.clock.now(),
            )
            .await?;
            back("done=updated")
        }
        Err(AccountError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(AppError::internal(e)),
    }
    tracing::info!(tenant = %tenant.id, by = %session.user.id, account = %id, "account updated");
    Ok(())
}

/// Renames or deletes an access group on every account of the tenant at once (and in its single
/// sign-on group mappings).
#[server(endpoint = "access-group")]
pub async fn manage_group(locale: String, group: String, action: String, new_name: Option<String>) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::identity::AccountError;
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = accounts_admin()?;
    let app = state()?;
    let back = |q: &str| leptos_axum::redirect(&format!("/{locale}/admin/accounts?{q}#groups"));
    let change = match action.as_str() {
        "rename" => atrium_core::access_groups::rename_group(&app.pool, &tenant.id, &group, new_name.as_deref().unwrap_or_default(), app.clock.now()).await,
        "delete" => atrium_core::access_groups::delete_group(&app.pool, &tenant.id, &group, app.clock.now()).await,
        _ => return Err(AppError::BadRequest("unknown action".into())),
    };
    match change {
        Ok(c) => {
            tracing::info!(tenant = %tenant.id, by = %session.user.id, group, action, accounts = c.accounts, providers = c.providers, "access group changed");
            back(&format!("done=group-{action}"));
        }
        Err(AccountError::BadGroup(_)) => back("error=bad-group"),
        Err(e) => return Err(AppError::internal(e)),
    }
    Ok(())
}

/// Saves the tenant's sign-in rules; a value out of range sends the form back naming the field,
/// and the previous rules stay.
#[server(endpoint = "sign-in-settings")]
#[allow(clippy::too_many_arguments)]
pub async fn save_sign_in_settings(
    locale: String,
    min_length: String,
    min_lowercase: String,
    min_uppercase: String,
    min_digits: String,
    min_symbols: String,
    history: String,
    max_failures: String,
    lock_minutes: String,
    expiry_days: String,
    idle_minutes: String,
    absolute_hours: String,
    change_at_first_sign_in: Option<String>,
    sso_auto_redirect: Option<String>,
) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::identity::{self, IdentitySettings, PasswordPolicy};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = accounts_admin()?;
    let app = state()?;
    let back = |q: &str| leptos_axum::redirect(&format!("/{locale}/admin/accounts?{q}#settings"));
    let fields = [
        ("min_length", &min_length),
        ("min_lowercase", &min_lowercase),
        ("min_uppercase", &min_uppercase),
        ("min_digits", &min_digits),
        ("min_symbols", &min_symbols),
        ("history", &history),
        ("max_failures", &max_failures),
        ("lock_minutes", &lock_minutes),
        ("expiry_days", &expiry_days),
        ("idle_minutes", &idle_minutes),
        ("absolute_hours", &absolute_hours),
    ];
    let mut n = [0i64; 11];
    for (i, (field, text)) in fields.iter().enumerate() {
        match text.trim().parse::<i64>() {
            Ok(v) if v >= 0 => n[i] = v,
            _ => {
                back(&format!("error=setting&field={field}"));
                return Ok(());
            }
        }
    }
    let settings = IdentitySettings {
        password: PasswordPolicy {
            min_length: n[0] as usize,
            min_lowercase: n[1] as usize,
            min_uppercase: n[2] as usize,
            min_digits: n[3] as usize,
            min_symbols: n[4] as usize,
            history: n[5] as usize,
        },
        max_failures: n[6],
        lock_minutes: n[7],
        expiry_days: n[8],
        idle_minutes: n[9],
        absolute_hours: n[10],
        change_at_first_sign_in: change_at_first_sign_in.is_some(),
        sso_auto_redirect: sso_auto_redirect.is_some(),
    };
    match identity::save_settings(&app.pool, &tenant.id, &settings, app.clock.now()).await? {
        Ok(()) => {
            tracing::info!(tenant = %tenant.id, by = %session.user.id, "sign-in settings saved");
            back("done=settings");
        }
        Err(problems) => {
            let p = &problems[0];
            back(&format!("error=setting&field={}&min={}&max={}", p.field, p.min, p.max));
        }
    }
    Ok(())
}

/// Every tenant, for the vendor's super administrators.
#[server(endpoint = "tenants")]
pub async fn get_tenants() -> Result<Vec<TenantRow>, AppError> {
    use super::ssr::*;
    let _tenant = tenant().await?;
    let _session = vendor_super_admin()?;
    let rows = atrium_core::tenant::list_tenants(&state()?.pool).await?;
    Ok(rows.into_iter().map(|(id, name, hosts, accounts)| TenantRow { id, name, hosts, accounts }).collect())
}

/// Creates a customer tenant with its host names and invites its first administrator, whose
/// link leads to the new tenant's own host.
#[server(endpoint = "tenant-create")]
pub async fn create_tenant(
    locale: String,
    id: String,
    name: String,
    colour: String,
    hosts: String,
    admin_email: String,
    admin_name: String,
) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::{
        identity::{self, NewAccount, Role},
        mail,
        tenant::{self as tenants, TenantError},
    };
    check_locale(&locale)?;
    let _tenant = tenant().await?;
    let session = vendor_super_admin()?;
    let app = state()?;
    let back = |q: &str| leptos_axum::redirect(&format!("/{locale}/admin/tenants?{q}"));
    let id = id.trim().to_lowercase();
    let hosts: Vec<String> = hosts.split([',', ' ', '\n']).map(str::trim).filter(|h| !h.is_empty()).map(String::from).collect();
    let admin_email = identity::normalise_email(&admin_email);
    if !identity::valid_email(&admin_email) || admin_name.trim().is_empty() {
        back("error=admin");
        return Ok(());
    }
    match tenants::create_tenant(&app.pool, &id, &name, colour.trim(), &hosts).await {
        Ok(()) => {}
        Err(TenantError::Db(e)) => return Err(AppError::internal(e)),
        Err(e) => {
            let key = match e {
                TenantError::BadColour(_) => "colour",
                TenantError::BadHost(_) => "host",
                TenantError::HostTaken(_) => "host-taken",
                TenantError::IdTaken(_) => "id-taken",
                TenantError::MissingName => "name",
                _ => "id",
            };
            back(&format!("error={key}"));
            return Ok(());
        }
    }
    app.tenants.reload(&app.pool).await?;
    let now = app.clock.now();
    let account = NewAccount {
        email: admin_email.clone(),
        display_name: admin_name,
        role: Role::CustomerAdmin,
        groups: vec![],
        valid_until: None,
        temporary_password: None,
    };
    let mut tx = atrium_core::db::begin(&app.pool).await?;
    let (_, token) = identity::invite(&mut tx, &id, &account, None, &Default::default(), now).await?;
    // The link leads to the new tenant's canonical address (its first host, with the configured
    // scheme and port), never to whatever host this request named.
    let their_origin = app.tenants.for_host(&hosts[0]).map(|t| t.origin).ok_or_else(|| AppError::internal("new tenant not in the directory"))?;
    let mail = identity::invitation_mail(&locale, &admin_email, name.trim(), &their_origin, &token, false);
    mail::enqueue(&mut tx, &id, &mail, now).await?;
    tx.commit().await?;
    app.mail_kick.kick();
    tracing::info!(tenant = %id, by = %session.user.id, "tenant created");
    back(&format!("done={id}"));
    Ok(())
}
