//! What readers search for, for content editors.

use crate::{error::AppError, model::*};
use leptos::prelude::*;

#[server(endpoint = "search-insights")]
pub async fn search_insights(locale: String, module: Option<String>) -> Result<InsightsView, AppError> {
    use super::ssr::*;
    use atrium_core::{identity::Role, search::log};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    require_role(&[Role::ContentEditor, Role::SuperAdmin])?;
    let state = state()?;
    let store = state.content();
    let module = module.filter(|m| store.module(m).is_some());
    let stats = log::report(&state.pool, &tenant.id, &locale, module.as_deref(), 200).await?;
    let row = |s: &log::QueryStat| QueryRow { query: s.query.clone(), searches: s.searches, zero_results: s.zero_results, clicks: s.clicks };
    let mut zero: Vec<QueryRow> = stats.iter().filter(|s| s.zero_results > 0).map(row).collect();
    zero.sort_by(|a, b| b.zero_results.cmp(&a.zero_results).then_with(|| a.query.cmp(&b.query)));
    let reader = atrium_core::content::Reader { signed_in: true, groups: Vec::new(), tenant: Some(tenant.id.clone()) };
    let deflections = atrium_core::ticket::deflections(&state.pool, &tenant.id, state.clock.now())
        .await?
        .into_iter()
        .filter(|(path, _)| path.starts_with(&format!("/{locale}/")))
        .map(|(path, n)| {
            let title = store.article_at_address(&path, &reader).map_or_else(|| path.clone(), |a| a.title.clone());
            (path, title, n)
        })
        .collect();
    Ok(InsightsView {
        deflections,
        modules: store.modules().iter().map(|m| (m.folder.clone(), m.title(&locale))).collect(),
        top: stats.iter().take(50).map(row).collect(),
        zero_results: zero.into_iter().take(50).collect(),
        module,
    })
}
