//! The release-note editor: the content team writes the weekly notes in the studio. Saving and
//! publishing are the server's form handler (it works without JavaScript); this only reads.

use crate::{error::AppError, model::*};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(super) mod view {
    use crate::model::*;
    use atrium_core::content::studio::{FeatureRow, ReleaseForm, FREE_FEATURE_ROWS};

    /// The form's values, with empty feature rows to add more.
    pub fn form(f: ReleaseForm) -> ReleaseFormValues {
        let mut features: Vec<FeatureValues> =
            f.features.into_iter().map(|r: FeatureRow| FeatureValues { title: r.title, module: r.module, state: r.state, activation: r.activation }).collect();
        features.extend((0..FREE_FEATURE_ROWS).map(|_| FeatureValues { state: "active".into(), ..Default::default() }));
        ReleaseFormValues {
            language: f.language,
            slug: f.slug,
            base: f.base,
            new: f.new,
            title: f.title,
            version: f.version,
            date: f.date,
            publish_at: f.publish_at,
            modules: f.modules,
            summary: f.summary,
            reminder_on: f.reminder_on,
            features,
            body: f.body,
            source_updated: f.source_updated,
            in_sync: f.in_sync,
        }
    }
}

#[server(endpoint = "studio-release")]
pub async fn get_release_editor(
    locale: String,
    path: Option<String>,
    draft: Option<String>,
    language: Option<String>,
    translate: Option<String>,
) -> Result<ReleaseEditorView, AppError> {
    use super::ssr::*;
    use atrium_core::content::studio::{self, ReleaseForm};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = super::studio::editor()?;
    // Release notes are the vendor's.
    if studio::scope(&session.user).is_some() {
        return Err(AppError::Forbidden);
    }
    let state = state()?;
    let store = state.content();
    let tz = state.tickets.calendar.tz;
    let mut errors = Vec::new();
    let kept = match draft {
        Some(id) => atrium_core::ticket::load_draft(&state.pool, &session.user, &id).await?,
        None => None,
    };
    let form = match (kept, path.as_deref()) {
        (Some((fields, problems)), _) => {
            errors = serde_json::from_str(&problems).unwrap_or_default();
            serde_json::from_str::<ReleaseForm>(&fields).map_err(|_| AppError::NotFound)?
        }
        (None, Some(path)) => {
            studio::split_release_path(path).ok_or(AppError::NotFound)?;
            let (text, number) = super::studio::current_text(&state, &session, path).await?.ok_or(AppError::NotFound)?;
            ReleaseForm::from_text(path, &text, number, tz).ok_or(AppError::NotFound)?
        }
        // A new translation starts as a copy of the English note, to translate in place.
        (None, None) if translate.is_some() => {
            let source = translate.as_deref().unwrap_or_default();
            let (text, _) = super::studio::current_text(&state, &session, source).await?.ok_or(AppError::NotFound)?;
            let english = ReleaseForm::from_text(source, &text, 0, tz).filter(|f| f.language == atrium_core::FALLBACK_LOCALE).ok_or(AppError::NotFound)?;
            let language = language.filter(|l| store.has_language(l) && l != atrium_core::FALLBACK_LOCALE).ok_or(AppError::NotFound)?;
            ReleaseForm { language, base: 0, new: true, in_sync: true, source_updated: String::new(), ..english }
        }
        (None, None) => ReleaseForm {
            language: language.filter(|l| store.has_language(l)).unwrap_or_else(|| atrium_core::FALLBACK_LOCALE.to_string()),
            new: true,
            date: state.today().to_string(),
            ..Default::default()
        },
    };
    let path = form.path();
    let (latest, published) = studio::numbers(&state.pool, &path).await?;
    let served = store.all_releases().any(|r| r.source == path);
    let review = super::studio::review_parts(&state, &tenant.id, &session, &path, &form.title).await?;
    let source = match form.source(&store) {
        Some(english) => {
            let body = super::studio::current_text(&state, &session, &english.source)
                .await?
                .and_then(|(text, n)| ReleaseForm::from_text(&english.source, &text, n, tz))
                .map(|f| f.body);
            let kept = form.source_updated.parse::<chrono::NaiveDate>().ok();
            let translation = store.all_releases().find(|r| r.source == path);
            Some(TranslationSource {
                title: english.title.clone(),
                updated: english.updated.to_string(),
                body: body.unwrap_or_default(),
                newer: !form.new && english.updated > kept.or(translation.map(|t| t.updated)).unwrap_or(english.updated),
            })
        }
        None => None,
    };
    Ok(ReleaseEditorView {
        review,
        source,
        preview_html: form.preview_html(),
        live_href: (served && !form.new).then(|| format!("/{}/releases/{}", form.language, form.slug)),
        path,
        form: view::form(form),
        errors,
        languages: super::studio::view::languages(&store),
        modules: super::studio::view::modules(&store, &locale),
        latest,
        published,
        can_publish: studio::may_publish(&session.user),
        time_zone: tz.name().to_string(),
    })
}
