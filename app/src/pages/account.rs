use super::{current_user, use_locale, ErrorPage, NotFoundPage};
use crate::{api::ChangePassword, components::Layout, error::AppError, i18n::*};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/<locale>/account/password`: change one's password, with every broken rule explained.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    if current_user().is_none() {
        return view! { <ErrorPage error=AppError::SignInRequired/> }.into_any();
    }
    let (errors, changed) = use_query_map().with_untracked(|q| (q.get("errors").unwrap_or_default(), q.get("changed").is_some()));
    let min = use_query_map().with_untracked(|q| q.get("min").unwrap_or_default());
    let messages = super::account_links::password_messages(locale, &errors, &min);
    let wrong_current = errors.split(',').any(|k| k == "wrong-current");
    view! {
        <Title text=t(locale, "password-title")/>
        <Layout locale>
            <section class="sign-in">
                <h1>{t(locale, "password-title")}</h1>
                <p>{t(locale, "password-rules")}</p>
                {changed.then(|| view! { <p class="notice" role="status">{t(locale, "password-changed")}</p> })}
                <super::account_links::PasswordProblems messages/>
                <form class="stack" method="post" action=ChangePassword::PATH>
                    <input type="hidden" name="locale" value=locale.code()/>
                    <label for="current">{t(locale, "password-current")}</label>
                    <input id="current" type="password" name="current" autocomplete="current-password" required aria-invalid=wrong_current.to_string()/>
                    <label for="new">{t(locale, "password-new")}</label>
                    <input id="new" type="password" name="new" autocomplete="new-password" required minlength="12" aria-describedby="password-errors"/>
                    <label for="confirm">{t(locale, "password-confirm")}</label>
                    <input id="confirm" type="password" name="confirm" autocomplete="new-password" required/>
                    <button type="submit">{t(locale, "password-submit")}</button>
                </form>
            </section>
        </Layout>
    }
    .into_any()
}
