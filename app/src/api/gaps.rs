//! The content-gap report: what to write or fix next, for the content team.

use crate::{error::AppError, model::*};
use leptos::prelude::*;

#[server(endpoint = "studio-gaps")]
pub async fn get_content_gaps(locale: String, language: Option<String>) -> Result<GapsView, AppError> {
    use super::ssr::*;
    use atrium_core::{content::studio, gaps};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session =
        require_role(&[atrium_core::identity::Role::ContentEditor, atrium_core::identity::Role::SuperAdmin, atrium_core::identity::Role::CustomerAdmin])?;
    let state = state()?;
    let store = state.content();
    let language = language.filter(|l| store.has_language(l)).unwrap_or_else(|| locale.clone());
    let scope = studio::scope(&session.user);
    let found = gaps::report(&state.pool, &store, &tenant.id, scope.as_deref(), &language, state.today(), state.clock.now()).await?;
    let rows = found
        .into_iter()
        .take(100)
        .map(|g| {
            let (kind, title, href) = match &g.target {
                gaps::Target::Query(q) => ("query", q.clone(), format!("/{locale}/studio/edit?language={language}&title={}", crate::url::query_value(q))),
                gaps::Target::Article(a) => ("article", a.title.clone(), format!("/{locale}/studio/edit?path={}", crate::url::query_value(&a.source))),
            };
            GapRow {
                kind: kind.into(),
                title,
                href,
                score: g.score,
                no_results: g.no_results,
                tickets_after: g.tickets_after,
                not_helpful: g.not_helpful,
                missing: g.missing,
                suggested_then_filed: g.suggested_then_filed,
                review_due: g.review_due.map(|d| d.to_string()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(GapsView { language, languages: super::studio::view::languages(&store), rows })
}
