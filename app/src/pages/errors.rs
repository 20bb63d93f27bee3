use super::use_locale;
use crate::{components::Layout, error::AppError, i18n::t, locale::Locale};
use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the response status during server rendering.
#[component]
pub fn StatusCode(code: u16) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(code)) {
        response.set_status(status);
    }
    let _ = code;
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <ErrorPage error=AppError::NotFound/> }
}

/// A friendly page for any error, in the reader's language, with the right status code.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let locale = use_locale().unwrap_or(Locale::En);
    let (title_key, text_key) = match &error {
        AppError::NotFound => ("error-not-found-title", "error-not-found-text"),
        AppError::SignInRequired => ("error-sign-in-title", "error-sign-in-text"),
        AppError::Forbidden => ("error-forbidden-title", "error-forbidden-text"),
        AppError::BadRequest(_) => ("error-bad-request-title", "error-bad-request-text"),
        AppError::Unavailable => ("error-unavailable-title", "error-unavailable-text"),
        _ => ("error-internal-title", "error-internal-text"),
    };
    let title = t(locale, title_key);
    view! {
        <StatusCode code=error.status()/>
        <Title text=title.clone()/>
        <Layout locale>
            <section class="error-page">
                <h1>{title}</h1>
                <p>{t(locale, text_key)}</p>
                <p>
                    <a class="button" href=format!("/{}", locale.code())>{t(locale, "error-back-home")}</a>
                    " "
                    <a href=format!("/{}/search", locale.code())>{t(locale, "error-search")}</a>
                    {(error == AppError::SignInRequired).then(|| view! {
                        " " <a href=format!("/{}/sign-in", locale.code())>{t(locale, "nav-sign-in")}</a>
                    })}
                </p>
            </section>
        </Layout>
    }
}

/// Shows the friendly error page (with its status code) for the first error a page raises.
#[component]
pub fn PageBoundary(children: Children) -> impl IntoView {
    view! {
        <ErrorBoundary fallback=|errors| {
            let error = errors
                .get_untracked()
                .into_iter()
                .next()
                .and_then(|(_, e)| e.into_inner().downcast_ref::<AppError>().cloned())
                .unwrap_or(AppError::Internal);
            view! { <ErrorPage error/> }
        }>{children()}</ErrorBoundary>
    }
}
