//! The module editor: a module's titles and descriptions, as the vendor's content team keeps
//! them. Saving and publishing are the server's form handler (it works without JavaScript); this
//! only reads.

use crate::{error::AppError, model::*};
use leptos::prelude::*;

#[server(endpoint = "studio-module")]
pub async fn get_module_editor(locale: String, folder: Option<String>, draft: Option<String>) -> Result<ModuleEditorView, AppError> {
    use super::ssr::*;
    use atrium_core::content::studio::{self, ModuleForm};
    check_locale(&locale)?;
    let _tenant = tenant().await?;
    let session = super::studio::editor()?;
    // Modules are the vendor's documentation.
    if studio::scope(&session.user).is_some() {
        return Err(AppError::Forbidden);
    }
    let state = state()?;
    let store = state.content();
    let folder = folder.filter(|f| store.module(f).is_some()).ok_or(AppError::NotFound)?;
    let path = studio::module_path(&folder);
    let languages = store.languages().to_vec();
    let mut errors = Vec::new();
    let kept = match draft {
        Some(id) => atrium_core::ticket::load_draft(&state.pool, &session.user, &id).await?,
        None => None,
    };
    let form = match kept {
        Some((fields, problems)) => {
            errors = serde_json::from_str(&problems).unwrap_or_default();
            serde_json::from_str::<ModuleForm>(&fields).map_err(|_| AppError::NotFound)?
        }
        None => {
            let (text, number) = super::studio::current_text(&state, &session, &path).await?.ok_or(AppError::NotFound)?;
            ModuleForm::from_text(&path, &text, number, &languages).ok_or(AppError::NotFound)?
        }
    };
    let (latest, published) = studio::numbers(&state.pool, &path).await?;
    let name = |l: &str| atrium_core::language_name(l).unwrap_or_else(|| l.to_string());
    Ok(ModuleEditorView {
        title: store.module(&folder).map(|m| m.title(&locale)).unwrap_or_default(),
        form: ModuleFormValues {
            folder: form.folder,
            base: form.base,
            order: form.order,
            icon: form.icon,
            texts: form.texts.into_iter().map(|t| (t.language.clone(), name(&t.language), t.title, t.description)).collect(),
        },
        path,
        errors,
        latest,
        published,
        can_publish: studio::may_publish(&session.user),
    })
}
