use super::PageBoundary;
use super::{current_user, use_locale, NotFoundPage};
use crate::{
    api::{get_sign_in_methods, SignIn, SignOut},
    components::Layout,
    i18n::*,
    locale::Locale,
    model::SignInMethods,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Sign-in with a local account: a plain form that posts to the `sign-in` server function.
#[component]
pub fn SignInPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (error, minutes, return_to, notice, detail, password_only) = use_query_map().with_untracked(|q| {
        (
            q.get("error").unwrap_or_default(),
            q.get("minutes").unwrap_or_default(),
            q.get("return_to").unwrap_or_default(),
            q.get("notice").unwrap_or_default(),
            q.get("detail").unwrap_or_default(),
            q.get("password").is_some(),
        )
    });
    let methods = Resource::new_blocking(|| (), |_| get_sign_in_methods());
    let notice = match notice.as_str() {
        "password-set" | "confirmed" => Some(t(locale, &format!("sign-in-notice-{notice}"))),
        _ => None,
    };
    let message = match error.as_str() {
        "invalid" => Some(t(locale, "sign-in-error-invalid")),
        "locked" => Some(t_with(locale, "sign-in-error-locked", &[("minutes", minutes.parse::<u32>().unwrap_or(15).to_string())])),
        "missing" => Some(t(locale, "sign-in-error-missing")),
        "expired" => Some(t(locale, "sign-in-error-expired")),
        "unverified" => Some(t(locale, "sign-in-error-unverified")),
        "sso-denied" => Some(t_with(locale, "sign-in-error-sso-denied", &[("detail", detail.clone())])),
        "sso-unavailable" | "sso-refused" | "sso-expired" | "sso-token" | "sso-state" | "sso-unknown" | "sso-no-account" | "sso-email-unverified" => {
            Some(t(locale, &format!("sign-in-error-{error}")))
        }
        _ => None,
    };
    let signed_in = current_user().map(|name| {
        view! {
            <div class="notice" role="status">
                <p>{t_with(locale, "sign-in-already", &[("name", name)])}</p>
                <form method="post" action=SignOut::PATH>
                    <input type="hidden" name="locale" value=locale.code()/>
                    <input type="hidden" name="everywhere" value="1"/>
                    <button type="submit">{t(locale, "sign-out-everywhere")}</button>
                </form>
            </div>
        }
    });
    view! {
        <Title text=t(locale, "sign-in-title")/>
        <Layout locale>
            <section class="sign-in">
                <h1>{t(locale, "sign-in-title")}</h1>
                <p>{t(locale, "sign-in-intro")}</p>
                {signed_in}
                {notice.map(|m| view! { <p class="notice" role="status" id="sign-in-notice">{m}</p> })}
                {message.map(|m| view! { <p class="form-error" role="alert" id="sign-in-error">{m}</p> })}
                <form class="stack" method="post" action=SignIn::PATH>
                    <input type="hidden" name="locale" value=locale.code()/>
                    <input type="hidden" name="return_to" value=return_to.clone()/>
                    <label for="email">{t(locale, "sign-in-email")}</label>
                    <input id="email" type="email" name="email" autocomplete="username" required aria-describedby="sign-in-error"/>
                    <label for="password">{t(locale, "sign-in-password")}</label>
                    <input id="password" type="password" name="password" autocomplete="current-password" required/>
                    <button type="submit">{t(locale, "sign-in-button")}</button>
                </form>
                <p><a href=format!("/{}/account/forgot", locale.code()) id="forgot-link">{t(locale, "sign-in-forgot")}</a></p>
                <Suspense fallback=|| ()>
                    <PageBoundary>
                        {
                            let return_to = return_to.clone();
                            let quiet = !error.is_empty() || password_only;
                            move || {
                                let return_to = return_to.clone();
                                Suspend::new(async move {
                                    let m = methods.await?;
                                    Ok::<_, crate::error::AppError>(sso_buttons(locale, m, &return_to, quiet))
                                })
                            }
                        }
                    </PageBoundary>
                </Suspense>
            </section>
        </Layout>
    }
    .into_any()
}

/// One button per single sign-on provider; with the tenant's automatic redirect and a single
/// provider, the page load itself goes there (unless the reader came back with an error or asked
/// for the password form with `?password=1`).
fn sso_buttons(locale: Locale, m: SignInMethods, return_to: &str, quiet: bool) -> impl IntoView {
    let start = |id: &str| crate::url::with_return_to(format!("/auth/sso/start?provider={id}&locale={}", locale.code()), Some(return_to));
    if m.auto_redirect && !quiet {
        #[cfg(feature = "ssr")]
        super::redirect_to(&start(&m.providers[0].0));
    }
    (!m.providers.is_empty()).then(|| {
        let links = m
            .providers
            .iter()
            .map(|(id, name)| view! { <li><a class="button sso" href=start(id)>{t_with(locale, "sign-in-with", &[("name", name.clone())])}</a></li> })
            .collect_view();
        view! {
            <section class="sso-methods" aria-labelledby="sso-heading">
                <h2 id="sso-heading">{t(locale, "sign-in-sso")}</h2>
                <ul class="plain">{links}</ul>
            </section>
        }
    })
}
