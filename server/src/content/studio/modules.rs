//! The module editor's form post: save or publish a module's titles and descriptions. A plain
//! form post, so it works without JavaScript: a refused save comes back to the editor as a draft
//! holding every typed value, each problem next to its field.

use super::{failed, field, keep_as_draft, see_other, StudioEditor};
use atrium_app::{
    i18n::t,
    locale::Locale,
    state::{AppState, Session},
};
use atrium_core::{
    content::studio::{self, ModuleForm, ModuleText, StudioError},
    form::FieldError,
};
use axum::{extract::State, http::StatusCode, response::Response, Form};

fn editor_url(locale: &str, form: &ModuleForm) -> String {
    format!("/{locale}/studio/module?folder={}", form.folder)
}

async fn back_to_editor(state: &AppState, session: &Session, locale: &str, form: &ModuleForm, errors: &[FieldError]) -> Response {
    keep_as_draft(state, session, locale, form, errors, &editor_url(locale, form), "editor").await
}

/// `POST /<locale>/studio/module`: `action` is `save` or `publish`. Modules are the vendor's;
/// publishing is the publishers' right, checked here.
pub async fn save(State(state): State<AppState>, StudioEditor { session, locale }: StudioEditor, Form(fields): Form<Vec<(String, String)>>) -> Response {
    let l = Locale::from_code(&locale).unwrap_or(Locale::En);
    if studio::scope(&session.user).is_some() {
        return crate::failure::short_page(StatusCode::FORBIDDEN, l, &t(l, "error-forbidden-title"), &t(l, "error-forbidden-text"));
    }
    let store = state.content();
    let get = |k: &str| field(&fields, k);
    let folder = get("folder");
    if store.module(&folder).is_none() {
        return crate::failure::short_page(StatusCode::NOT_FOUND, l, &t(l, "error-not-found-title"), &t(l, "error-not-found-text"));
    }
    let form = ModuleForm {
        folder,
        base: get("base").parse().unwrap_or(0),
        order: get("order"),
        icon: get("icon"),
        texts: store
            .languages()
            .iter()
            .map(|language| ModuleText {
                language: language.clone(),
                title: get(&format!("title_{language}")),
                description: get(&format!("description_{language}")),
            })
            .collect(),
    };
    let publishing = get("action") == "publish";
    if publishing && !studio::may_publish(&session.user) {
        return back_to_editor(&state, &session, &locale, &form, &[FieldError::new("action", "may-not-publish")]).await;
    }
    let path = form.path();
    // The descriptor as it stands: the studio's newest revision, else the folder's file.
    let current = match studio::history(&state.pool, &path).await {
        Ok(history) => history.into_iter().next().map(|r| r.text).or_else(|| std::fs::read_to_string(state.content_dir.join(&path)).ok()),
        Err(e) => return failed(&locale, e),
    };
    let Some(current) = current else { return failed(&locale, "module descriptor not found") };
    let text = match form.check(&current) {
        Ok(text) => text,
        Err(errors) => return back_to_editor(&state, &session, &locale, &form, &errors).await,
    };
    let now = state.clock.now();
    let number = match studio::save_or_reuse(&state.pool, &path, form.base, &text, publishing, |a, b| a == b, &session.user, now).await {
        Ok(n) => n,
        Err(StudioError::Conflict { latest, .. }) => {
            let kept = ModuleForm { base: latest, ..form };
            let conflict = FieldError::with_detail("action", "conflict", &latest.to_string());
            return back_to_editor(&state, &session, &locale, &kept, &[conflict]).await;
        }
        Err(e) => return failed(&locale, e),
    };
    if publishing {
        if let Err(e) = studio::publish(&state.pool, &path, number, &session.user, now).await {
            return failed(&locale, e);
        }
        return see_other(&format!("{}&published={number}", editor_url(&locale, &form)));
    }
    see_other(&format!("{}&saved={number}", editor_url(&locale, &form)))
}
