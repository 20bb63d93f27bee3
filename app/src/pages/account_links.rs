//! Pages reached from account links and from "Forgot your password?": ask for a reset link, and
//! choose a new password (or confirm an address) with a link.

use super::{use_locale, NotFoundPage, PageBoundary};
use crate::{
    api::{get_account_link, RequestPasswordReset, UseAccountLink},
    components::Layout,
    i18n::*,
    locale::Locale,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The messages for the rule keys in `errors` (`too-short,needs-digit`); unknown keys, which
/// anyone can type into the address bar, are ignored.
pub fn password_messages(locale: Locale, errors: &str, min: &str) -> Vec<String> {
    let min = min.parse::<u32>().unwrap_or(12).to_string();
    errors
        .split(',')
        .filter_map(|key| match key {
            "too-short" => Some(t_with(locale, "password-too-short", &[("min", min.clone())])),
            "needs-lowercase" | "needs-uppercase" | "needs-digit" | "needs-symbol" | "contains-name" | "too-common" | "padded-common" | "recently-used"
            | "mismatch" | "wrong-current" => Some(t(locale, &format!("password-{key}"))),
            _ => None,
        })
        .collect()
}

#[component]
pub fn PasswordProblems(messages: Vec<String>) -> impl IntoView {
    (!messages.is_empty()).then(|| {
        view! {
            <ul class="form-error" role="alert" id="password-errors">
                {messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
            </ul>
        }
    })
}

/// `/<locale>/account/forgot`: asks for the address and mails a reset link.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (sent, missing) = use_query_map().with_untracked(|q| (q.get("sent").is_some(), q.get("error").is_some()));
    view! {
        <Title text=t(locale, "forgot-title")/>
        <Layout locale>
            <section class="sign-in">
                <h1>{t(locale, "forgot-title")}</h1>
                {sent.then(|| view! { <p class="notice" role="status" id="forgot-sent">{t(locale, "forgot-sent")}</p> })}
                {missing.then(|| view! { <p class="form-error" role="alert">{t(locale, "forgot-missing")}</p> })}
                <p>{t(locale, "forgot-intro")}</p>
                <form class="stack" method="post" action=RequestPasswordReset::PATH>
                    <input type="hidden" name="locale" value=locale.code()/>
                    <label for="email">{t(locale, "sign-in-email")}</label>
                    <input id="email" type="email" name="email" autocomplete="username" required/>
                    <button type="submit">{t(locale, "forgot-submit")}</button>
                </form>
                <p><a href=format!("/{}/sign-in", locale.code())>{t(locale, "forgot-back")}</a></p>
            </section>
        </Layout>
    }
    .into_any()
}

/// `/<locale>/account/link?token=`: the form behind every account link. It says plainly when a
/// link has expired or was used, and offers a new one.
#[component]
pub fn AccountLinkPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (token, errors, min, reason, return_to) = use_query_map().with_untracked(|q| {
        (
            q.get("token").unwrap_or_default(),
            q.get("errors").unwrap_or_default(),
            q.get("min").unwrap_or_default(),
            q.get("reason").unwrap_or_default(),
            q.get("return_to").unwrap_or_default(),
        )
    });
    let info = Resource::new_blocking(
        {
            let token = token.clone();
            move || token.clone()
        },
        get_account_link,
    );
    view! {
        <Title text=t(locale, "link-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || {
                    let (token, errors, min, reason, return_to) = (token.clone(), errors.clone(), min.clone(), reason.clone(), return_to.clone());
                    Suspend::new(async move {
                        let link = info.await?;
                        let code = locale.code();
                        let body = if link.status != "ok" {
                            view! {
                                <h1>{t(locale, "link-title")}</h1>
                                <p class="form-error" role="alert" id="link-problem">{t(locale, &format!("link-{}", link.status))}</p>
                                <p><a href=format!("/{code}/account/forgot")>{t(locale, "link-ask-again")}</a></p>
                            }
                            .into_any()
                        } else if link.confirm_only {
                            view! {
                                <h1>{t(locale, "link-confirm-title")}</h1>
                                <p>{t_with(locale, "link-confirm-intro", &[("email", link.email.clone())])}</p>
                                <form class="stack" method="post" action=UseAccountLink::PATH>
                                    <input type="hidden" name="locale" value=code/>
                                    <input type="hidden" name="token" value=token/>
                                    <button type="submit">{t(locale, "link-confirm-submit")}</button>
                                </form>
                            }
                            .into_any()
                        } else {
                            let heading = match (link.purpose.as_str(), reason.as_str()) {
                                ("renewal", "expired") => "link-renewal-expired",
                                ("renewal", _) => "link-renewal-first",
                                ("invitation", _) => "link-invitation",
                                _ => "link-reset",
                            };
                            let min_len = if min.is_empty() { link.min_length.to_string() } else { min };
                            view! {
                                <h1>{t(locale, heading)}</h1>
                                <p>{t_with(locale, "link-for", &[("email", link.email.clone())])}</p>
                                <p>{t_with(locale, "password-rules-min", &[("min", link.min_length.to_string())])}</p>
                                <PasswordProblems messages=password_messages(locale, &errors, &min_len)/>
                                <form class="stack" method="post" action=UseAccountLink::PATH>
                                    <input type="hidden" name="locale" value=code/>
                                    <input type="hidden" name="token" value=token/>
                                    <input type="hidden" name="return_to" value=return_to/>
                                    <input type="text" name="username" value=link.email.clone() autocomplete="username" hidden/>
                                    <label for="new">{t(locale, "password-new")}</label>
                                    <input id="new" type="password" name="new" autocomplete="new-password" required minlength=link.min_length.to_string() aria-describedby="password-errors"/>
                                    <label for="confirm">{t(locale, "password-confirm")}</label>
                                    <input id="confirm" type="password" name="confirm" autocomplete="new-password" required/>
                                    <button type="submit">{t(locale, "link-submit")}</button>
                                </form>
                            }
                            .into_any()
                        };
                        Ok::<_, crate::error::AppError>(view! { <Layout locale><section class="sign-in">{body}</section></Layout> })
                    })
                }}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}
