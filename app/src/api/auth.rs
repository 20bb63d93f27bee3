//! Signing in and out with a local account. These are plain form posts (they work without
//! JavaScript) that answer with redirects.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(super) fn set_cookie(value: String) {
    if let (Some(res), Ok(v)) = (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(&value)) {
        res.append_header(http::header::SET_COOKIE, v);
    }
}

/// Sets (or, with `None`, clears) the session cookie.
#[cfg(feature = "ssr")]
pub(super) fn set_session_cookie(token: Option<&str>) {
    let https = use_context::<http::request::Parts>().is_some_and(|p| crate::state::is_https(&p));
    set_cookie(crate::state::session_cookie(token, https));
}

#[server(endpoint = "sign-in")]
pub async fn sign_in(locale: String, email: String, password: String, return_to: Option<String>) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::identity::{self, ChangeReason, LinkPurpose, SignInError};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let state = state()?;
    let return_path = safe_return_path(return_to.as_deref());
    let back = return_path.clone().unwrap_or_else(|| format!("/{locale}"));
    let again = |error: &str| crate::url::with_return_to(format!("/{locale}/sign-in?error={error}"), return_path.as_deref());
    if email.trim().is_empty() || password.is_empty() {
        leptos_axum::redirect(&again("missing"));
        return Ok(());
    }
    let settings = identity::load_settings(&state.pool, &tenant.id).await?;
    match identity::sign_in(&state.pool, &tenant.id, &email, &password, settings.sign_in_policy(), state.clock.now()).await {
        Ok(user) => {
            // A new id at every sign-in: a session id planted before sign-in is worth nothing.
            if let Some(old) = session() {
                identity::end_session(&state.pool, &tenant.id, &old.token, state.clock.now()).await?;
            }
            let now = state.clock.now();
            let due = identity::password_change_due(&state.pool, &tenant.id, &user.id, &settings, now).await?;
            if let Some(reason) = due {
                // No session yet: a short-lived renewal link leads to the new-password form,
                // and the session starts once the password is changed.
                let mut conn = state.pool.acquire().await?;
                let token = identity::issue_link(&mut conn, &tenant.id, &user.id, LinkPurpose::Renewal, now).await?;
                let reason = match reason {
                    ChangeReason::Expired => "expired",
                    ChangeReason::FirstSignIn => "first",
                };
                let url = crate::url::with_return_to(format!("/{locale}/account/link?token={token}&reason={reason}"), return_path.as_deref());
                tracing::info!(tenant = %tenant.id, user = %user.id, reason, "password change required at sign-in");
                leptos_axum::redirect(&url);
                return Ok(());
            }
            let token = identity::start_session(&state.pool, &tenant.id, &user.id, state.clock.now()).await?;
            set_session_cookie(Some(&token));
            tracing::info!(tenant = %tenant.id, user = %user.id, "signed in");
            leptos_axum::redirect(&back);
        }
        Err(SignInError::Invalid) => leptos_axum::redirect(&again("invalid")),
        Err(SignInError::Locked { minutes }) => leptos_axum::redirect(&again(&format!("locked&minutes={minutes}"))),
        Err(SignInError::AccountExpired) => leptos_axum::redirect(&again("expired")),
        Err(SignInError::NotVerified) => leptos_axum::redirect(&again("unverified")),
        Err(SignInError::Db(e)) => return Err(AppError::internal(e)),
    }
    Ok(())
}

#[server(endpoint = "sign-out")]
pub async fn sign_out(locale: String, everywhere: Option<String>) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::identity;
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let state = state()?;
    if let Some(s) = session() {
        let result = if everywhere.is_some() {
            identity::end_all_sessions(&state.pool, &tenant.id, &s.user.id).await
        } else {
            identity::end_session(&state.pool, &tenant.id, &s.token, state.clock.now()).await
        };
        result?;
    }
    set_session_cookie(None);
    leptos_axum::redirect(&format!("/{locale}"));
    Ok(())
}

/// Changes the signed-in user's password. A plain form post: on a problem the reader is sent back
/// to the form with the reasons (`?errors=too-short,needs-digit`), on success with `?changed=1`.
#[server(endpoint = "change-password")]
pub async fn change_password(locale: String, current: String, new: String, confirm: String) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::identity::{self, ChangePasswordError};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = session().ok_or(AppError::SignInRequired)?;
    let state = state()?;
    let back = |query: &str| leptos_axum::redirect(&format!("/{locale}/account/password?{query}"));
    if new != confirm {
        back("errors=mismatch");
        return Ok(());
    }
    let policy = identity::load_settings(&state.pool, &tenant.id).await?.password;
    match identity::change_password(&state.pool, &tenant.id, &session.user.id, &current, &new, &policy, state.clock.now()).await {
        Ok(()) => {
            // Every session ended with the change, this one included: start a fresh one.
            let token = identity::start_session(&state.pool, &tenant.id, &session.user.id, state.clock.now()).await?;
            set_session_cookie(Some(&token));
            back("changed=1");
        }
        Err(ChangePasswordError::WrongCurrent) => back("errors=wrong-current"),
        Err(ChangePasswordError::Policy(v)) => back(&format!("errors={}&min={}", v.iter().map(|x| x.key()).collect::<Vec<_>>().join(","), policy.min_length)),
        Err(ChangePasswordError::Db(e)) => return Err(AppError::internal(e)),
    }
    Ok(())
}

/// The tenant's sign-in methods for the sign-in page.
#[server(endpoint = "sign-in-methods")]
pub async fn get_sign_in_methods() -> Result<crate::model::SignInMethods, AppError> {
    use super::ssr::*;
    let tenant = tenant().await?;
    let app = state()?;
    let providers = atrium_core::sso::providers(&app.pool, &tenant.id).await?;
    let settings = atrium_core::identity::load_settings(&app.pool, &tenant.id).await?;
    Ok(crate::model::SignInMethods {
        auto_redirect: settings.sso_auto_redirect && providers.len() == 1,
        providers: providers.into_iter().map(|p| (p.id, p.name)).collect(),
    })
}
