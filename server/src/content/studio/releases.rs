//! The release-note editor's form post: preview, save and publish a note. A plain form post, so
//! it works without JavaScript: a preview or a refused save comes back to the editor as a draft
//! holding every typed value, each problem next to its field.

use super::{failed, field, finish, keep_as_draft, same_but_date, saved_paths, then, StudioEditor};
use atrium_app::{
    i18n::t,
    locale::Locale,
    state::{AppState, Session},
};
use atrium_core::{
    content::studio::{self, FeatureRow, ReleaseForm, StudioError},
    form::FieldError,
    tenant::Tenant,
};
use axum::{extract::State, http::StatusCode, Extension, Form};

/// More feature rows than any note has: the form's rows are read until the first one missing.
const MAX_FEATURE_ROWS: usize = 64;

fn editor_url(locale: &str, form: &ReleaseForm) -> String {
    format!("/{locale}/studio/release?path={}", atrium_app::url::query_value(&form.path()))
}

async fn back_to_editor(
    state: &AppState,
    session: &Session,
    locale: &str,
    form: &ReleaseForm,
    errors: &[FieldError],
    anchor: &str,
) -> axum::response::Response {
    keep_as_draft(state, session, locale, form, errors, &editor_url(locale, form), anchor).await
}

/// The form as posted; its feature rows are `feature_<field>_<n>` from 0.
fn read_form(fields: &[(String, String)]) -> ReleaseForm {
    let get = |k: &str| field(fields, k);
    let features = (0..MAX_FEATURE_ROWS)
        .take_while(|i| fields.iter().any(|(k, _)| *k == format!("feature_title_{i}")))
        .map(|i| FeatureRow {
            title: get(&format!("feature_title_{i}")),
            module: get(&format!("feature_module_{i}")),
            state: get(&format!("feature_state_{i}")),
            activation: get(&format!("feature_activation_{i}")),
        })
        .collect();
    ReleaseForm {
        language: get("language"),
        slug: get("slug").trim().to_string(),
        base: get("base").parse().unwrap_or(0),
        new: get("new") == "1",
        title: get("title"),
        version: get("version"),
        date: get("date"),
        publish_at: get("publish_at"),
        modules: get("modules"),
        summary: get("summary"),
        reminder_on: get("reminder_on"),
        features,
        body: get("body"),
        source_updated: get("source_updated"),
        in_sync: get("in_sync") == "1",
    }
}

/// `POST /<locale>/studio/release`: `action` is `preview`, `save`, `review` (ask a publisher for
/// one, as for articles) or `publish`. Release notes are the vendor's; publishing is the
/// publishers' right, checked here.
pub async fn save(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    StudioEditor { session, locale }: StudioEditor,
    Form(fields): Form<Vec<(String, String)>>,
) -> axum::response::Response {
    if studio::scope(&session.user).is_some() {
        let l = Locale::from_code(&locale).unwrap_or(Locale::En);
        return crate::failure::short_page(StatusCode::FORBIDDEN, l, &t(l, "error-forbidden-title"), &t(l, "error-forbidden-text"));
    }
    let form = read_form(&fields);
    let action = field(&fields, "action");
    if action == "preview" {
        return back_to_editor(&state, &session, &locale, &form, &[], "preview").await;
    }
    let then = match then(&state, &tenant, &session, &locale, &action, &field(&fields, "reviewer"), &form, &editor_url(&locale, &form)).await {
        Ok(then) => then,
        Err(back) => return back,
    };
    let saved_paths = match saved_paths(&state, &locale).await {
        Ok(paths) => paths,
        Err(failed) => return failed,
    };
    let text = match form.check(&state.content(), &saved_paths, state.tickets.calendar.tz, state.today()) {
        Ok(text) => text,
        Err(errors) => return back_to_editor(&state, &session, &locale, &form, &errors, "editor").await,
    };
    let path = form.path();
    let now = state.clock.now();
    let number = match studio::save_or_reuse(&state.pool, &path, form.base, &text, then.reuses(), same_but_date, &session.user, now).await {
        Ok(n) => n,
        Err(StudioError::Conflict { latest, .. }) => {
            let kept = ReleaseForm { base: latest, ..form };
            let conflict = FieldError::with_detail("action", "conflict", &latest.to_string());
            return back_to_editor(&state, &session, &locale, &kept, &[conflict], "editor").await;
        }
        Err(e) => return failed(&locale, e),
    };
    finish(&state, &tenant, &session, &locale, then, (&path, number), &form.title, &field(&fields, "note"), &editor_url(&locale, &form)).await
}
