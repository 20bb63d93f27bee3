//! Documentation pages' server functions.

use crate::{error::AppError, model::*};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[server(endpoint = "home")]
pub async fn get_home(locale: String) -> Result<HomeView, AppError> {
    use super::ssr::*;
    check_language(&locale)?;
    let _tenant = tenant().await?;
    let store = state()?.content();
    let reader = reader();
    let modules = store
        .modules()
        .iter()
        .map(|m| ModuleCard {
            folder: m.folder.clone(),
            title: m.title(&locale),
            description: m.description(&locale),
            icon: m.descriptor.icon.clone(),
            article_count: store.module_articles(&locale, &m.folder, &reader).len() as i64,
        })
        .collect();
    let recently_updated = store.recently_updated(&locale, &reader, 5).iter().map(|a| link(&store, a, a.locale != locale, &locale)).collect();
    // Release notes are written in the interface's languages; other content languages read the
    // English ones, under the English pages.
    let releases_locale = if atrium_core::is_locale(&locale) { locale.as_str() } else { atrium_core::FALLBACK_LOCALE };
    let mut published = store.releases(releases_locale, state()?.clock.now());
    published.sort_by(|(a, _), (b, _)| b.date.cmp(&a.date).then_with(|| b.version.cmp(&a.version)));
    let latest_releases = published
        .iter()
        .take(3)
        .map(|(n, fallback)| ReleaseLink {
            title: n.title.clone(),
            path: format!("/{releases_locale}/releases/{}", n.slug),
            version: n.version.clone(),
            date: n.date.to_string(),
            summary: n.summary.clone(),
            fallback: *fallback,
        })
        .collect();
    Ok(HomeView { modules, recently_updated, latest_releases })
}

#[server(endpoint = "module")]
pub async fn get_module(locale: String, module: String) -> Result<ModuleView, AppError> {
    use super::ssr::*;
    check_language(&locale)?;
    let _tenant = tenant().await?;
    let state = state()?;
    let store = state.content();
    let m = store.module(&module).ok_or(AppError::NotFound)?;
    let today = state.today();
    let articles = store.module_articles(&locale, &module, &reader()).iter().map(|(a, fallback)| link(&store, a, *fallback, &locale)).collect();
    let versions = m
        .descriptor
        .versions
        .iter()
        .map(|v| {
            let (phase, next) = v.phase_on(today);
            VersionRow {
                version: v.version.clone(),
                released: v.released.to_string(),
                phase: phase.key().to_string(),
                next_change: next.map(|d| d.to_string()),
            }
        })
        .collect();
    Ok(ModuleView { folder: m.folder.clone(), title: m.title(&locale), description: m.description(&locale), articles, versions })
}

/// An article page's answer: the article, or the URL of the same article in this locale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ArticleOutcome {
    Article(Box<ArticleView>),
    Redirect(String),
}

#[server(endpoint = "article")]
pub async fn get_article(locale: String, module: String, slug: String) -> Result<ArticleOutcome, AppError> {
    use super::ssr::*;
    use atrium_core::content::ArticleLookup;
    check_language(&locale)?;
    let tenant = tenant().await?;
    let state = state()?;
    let store = state.content();
    let (article, fallback) = match store.article(&locale, &module, &slug, &reader()) {
        ArticleLookup::Found { article, fallback } => (article, fallback),
        ArticleLookup::Moved(path) => return Ok(ArticleOutcome::Redirect(path)),
        ArticleLookup::SignInRequired => return Err(AppError::SignInRequired),
        ArticleLookup::NotFound => return Err(AppError::NotFound),
    };
    let english_slug = store.translation(&article, atrium_core::FALLBACK_LOCALE).map(|a| a.slug.clone());
    // Every language of the help centre, English standing in where the article is not translated.
    let translations: Vec<(String, String)> = store
        .languages()
        .iter()
        .map(|l| {
            let path = match store.translation(&article, l) {
                Some(t) => t.path(),
                None => format!("/{l}/{}/{}", article.module, english_slug.clone().unwrap_or_else(|| article.slug.clone())),
            };
            (l.clone(), path)
        })
        .collect();
    let upgrade = store.module(&article.module).and_then(|m| m.upgrade_advice(&article.versions, state.today())).map(|a| UpgradeAdviceView {
        version: a.version,
        phase: a.phase.key().to_string(),
        recommended: a.recommended,
    });
    let helpful_votes = state.tallies.get(&state.pool, &state.versions, &tenant.id, &article.module, &article.translation_key).await?;
    Ok(ArticleOutcome::Article(Box::new(ArticleView {
        content_locale: article.locale.clone(),
        module: article.module.clone(),
        module_title: store.module(&article.module).map(|m| m.title(&locale)).unwrap_or_default(),
        slug: article.slug.clone(),
        title: article.title.clone(),
        summary: article.summary.clone(),
        html: article.html.unpack(),
        toc: article.toc.iter().map(|t| TocItem { level: t.level, id: t.id.clone(), title: t.title.clone() }).collect(),
        updated: article.updated.to_string(),
        fallback,
        newer_source: store.newer_source(&article).map(|en| (en.path(), en.updated.to_string())),
        upgrade,
        translations,
        redirect: None,
        helpful_votes,
    })))
}

/// Results per search page.
pub const SEARCH_PAGE_SIZE: i64 = 10;

/// The search page: ranked, highlighted results the reader may see, module facets, pages, and a
/// "did you mean" when results are few. Logged without the reader's identity.
#[server(endpoint = "search-page")]
pub async fn search_articles(
    locale: String,
    query: String,
    module: Option<String>,
    doc_type: Option<String>,
    page: Option<i64>,
) -> Result<SearchView, AppError> {
    use super::ssr::*;
    use atrium_core::search::{log, Features, SearchRequest};
    check_language(&locale)?;
    let tenant = tenant().await?;
    let state = state()?;
    let store = state.content();
    let query: String = query.chars().take(256).collect();
    let module = module.filter(|m| store.module(m).is_some());
    let doc_type = doc_type.filter(|t| matches!(t.as_str(), "article" | "release" | "announcement"));
    let page = page.unwrap_or(1).clamp(1, 100);
    let reader = reader();
    // Maintenance and outage announcements are the tenant's own: found in its list, shown first
    // on the first page (they concern the reader now), with a type facet of their own.
    let announcements = if doc_type.as_deref().is_none_or(|t| t == "announcement") && !query.trim().is_empty() {
        let list = atrium_core::maintenance::list(&state.pool, &tenant.id, module.as_deref()).await?;
        let ui = crate::locale::Locale::from_code(&locale).unwrap_or(crate::locale::Locale::En);
        let labels = |a: &atrium_core::maintenance::Announcement| {
            let modules: Vec<String> = a.modules.iter().map(|m| store.module(m).map(|x| x.title(&locale)).unwrap_or_else(|| m.clone())).collect();
            format!(
                "{} {} {}",
                crate::i18n::t(ui, &format!("maintenance-kind-{}", a.kind.key())),
                crate::i18n::t(ui, &format!("maintenance-state-{}", a.state.key())),
                modules.join(" ")
            )
        };
        atrium_core::maintenance::matching(&list, &query, &locale, &labels)
            .into_iter()
            .map(|a| SearchHit {
                href: format!("/{}/maintenance#announcement-{}", ui.code(), a.id),
                path: format!("/{}/maintenance#announcement-{}", ui.code(), a.id),
                title: a.title.clone(),
                module_title: crate::i18n::t(ui, &format!("maintenance-kind-{}", a.kind.key())),
                snippet_html: atrium_core::escape_html(&a.body.chars().take(240).collect::<String>()),
                fallback: false,
                doc_type: "announcement".to_string(),
            })
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };
    // Announcements only: the content index is asked for a type no document has.
    let content_type = match doc_type.as_deref() {
        Some("announcement") => Some("none"),
        other => other,
    };
    let results = state.search().search(&SearchRequest {
        locale: &locale,
        query: &query,
        module: module.as_deref(),
        reader: &reader,
        limit: SEARCH_PAGE_SIZE as usize,
        offset: ((page - 1) * SEARCH_PAGE_SIZE) as usize,
        now: state.clock.now(),
        doc_type: content_type,
        features: Features::ALL,
    })?;
    let log_id = if !query.trim().is_empty() && page == 1 {
        log::record_search(&state.pool, &tenant.id, &locale, module.as_deref(), &query, results.total + announcements.len(), state.clock.now()).await?
    } else {
        String::new()
    };
    let module_title = |folder: &str| store.module(folder).map(|m| m.title(&locale)).unwrap_or_else(|| folder.to_string());
    let announcement_count = announcements.len() as i64;
    let first_page = if page == 1 { announcements } else { Vec::new() };
    let hits = first_page
        .into_iter()
        .chain(results.hits.into_iter().map(|h| SearchHit {
            href: if log_id.is_empty() { h.path.clone() } else { format!("/{locale}/search/open?log={log_id}&to={}", h.path) },
            module_title: module_title(&h.module),
            path: h.path,
            title: h.title,
            snippet_html: h.snippet,
            fallback: h.fallback,
            doc_type: h.doc_type,
        }))
        .collect();
    // Facets in the modules' own order.
    let facets = store
        .modules()
        .iter()
        .filter_map(|m| results.modules.get(&m.folder).map(|&count| ModuleFacet { folder: m.folder.clone(), title: m.title(&locale), count: count as i64 }))
        .collect();
    let total = results.total as i64 + announcement_count;
    let mut types: Vec<(String, i64)> = ["article", "release"].iter().filter_map(|t| results.types.get(*t).map(|&c| (t.to_string(), c as i64))).collect();
    if announcement_count > 0 {
        types.push(("announcement".to_string(), announcement_count));
    }
    Ok(SearchView {
        query,
        module,
        doc_type,
        types,
        total,
        page,
        pages: (total + SEARCH_PAGE_SIZE - 1) / SEARCH_PAGE_SIZE,
        hits,
        facets,
        did_you_mean: results.did_you_mean,
    })
}

/// The cookie an anonymous reader's votes are counted by: one vote per browser and article.
#[cfg(feature = "ssr")]
const VOTER_COOKIE: &str = "atrium_voter";

/// What a vote, or what was missing, is about: the article (one the reader may see), and the
/// page to go back to without JavaScript (a path on this site, never an open redirect; checked
/// before anything is stored).
#[cfg(feature = "ssr")]
struct VotedOn {
    back: Option<String>,
    tenant: atrium_core::tenant::Tenant,
    state: crate::state::AppState,
    article: std::sync::Arc<atrium_core::content::Article>,
}

#[cfg(feature = "ssr")]
async fn voted_on(locale: &str, module: &str, slug: &str, return_to: Option<&str>) -> Result<VotedOn, AppError> {
    use super::ssr::*;
    use atrium_core::content::ArticleLookup;
    let back = match return_to {
        Some(path) => Some(
            safe_return_path(Some(path))
                .ok_or_else(|| AppError::BadRequest("return_to must be a path on this site".into()))?
                .split(['?', '#'])
                .next()
                .unwrap_or("/")
                .to_string(),
        ),
        None => None,
    };
    let tenant = tenant().await?;
    let state = state()?;
    let ArticleLookup::Found { article, .. } = state.content().article(locale, module, slug, &reader()) else {
        return Err(AppError::NotFound);
    };
    Ok(VotedOn { back, tenant, state, article })
}

/// Records a "was this helpful?" vote. With JavaScript the island calls it and updates in place;
/// without, the form posts here with `return_to` and the reader is sent back to the article.
#[server(endpoint = "vote-helpful")]
pub async fn vote_helpful(locale: String, module: String, slug: String, helpful: String, return_to: Option<String>) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::feedback::Voter;
    use atrium_core::secret::{looks_like_token, new_token};
    check_language(&locale).map_err(|_| AppError::BadRequest("unknown locale".into()))?;
    let helpful = match helpful.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::BadRequest("helpful must be yes or no".into())),
    };
    let VotedOn { back, tenant, state, article } = voted_on(&locale, &module, &slug, return_to.as_deref()).await?;
    // One vote per reader and article: a signed-in reader by account, anyone else by a random
    // voter cookie given with their first vote.
    let voter = match session() {
        Some(s) => Voter::User(s.user.id),
        None => {
            let parts = use_context::<http::request::Parts>();
            let known = parts.as_ref().and_then(|p| crate::state::cookie(&p.headers, VOTER_COOKIE)).filter(|c| looks_like_token(c));
            let cookie = known.unwrap_or_else(|| {
                let token = new_token();
                let https = parts.as_ref().is_some_and(crate::state::is_https);
                super::auth::set_cookie(crate::state::set_cookie_value(VOTER_COOKIE, Some(&token), 365 * 86_400, https));
                token
            });
            Voter::Browser(cookie)
        }
    };
    atrium_core::feedback::record_vote(&state.pool, &tenant.id, &locale, &article.module, &article.translation_key, &voter, helpful, state.clock.now()).await?;
    if let Some(back) = back {
        leptos_axum::redirect(&format!("{back}?voted={}#feedback", if helpful { "yes" } else { "no" }));
    }
    Ok(())
}

/// What a reader who voted "not helpful" says was missing, added to their vote for the content
/// team's gap report. Without JavaScript the form posts here with `return_to`.
#[server(endpoint = "vote-missing")]
pub async fn vote_missing(locale: String, module: String, slug: String, comment: String, return_to: Option<String>) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::feedback::Voter;
    check_language(&locale).map_err(|_| AppError::BadRequest("unknown locale".into()))?;
    if comment.trim().is_empty() {
        return Err(AppError::BadRequest("say what was missing".into()));
    }
    let VotedOn { back, tenant, state, article } = voted_on(&locale, &module, &slug, return_to.as_deref()).await?;
    // The voter who voted: by account, or by the voter cookie their vote gave them.
    let voter = match session() {
        Some(s) => Voter::User(s.user.id),
        None => use_context::<http::request::Parts>()
            .and_then(|p| crate::state::cookie(&p.headers, VOTER_COOKIE))
            .filter(|c| atrium_core::secret::looks_like_token(c))
            .map(Voter::Browser)
            .ok_or_else(|| AppError::BadRequest("no vote to add to".into()))?,
    };
    let added = atrium_core::feedback::record_missing(&state.pool, &tenant.id, &article.module, &article.translation_key, &voter, &comment).await?;
    if !added {
        return Err(AppError::BadRequest("no \"not helpful\" vote to add to".into()));
    }
    if let Some(back) = back {
        leptos_axum::redirect(&format!("{back}?voted=no&missing=sent#feedback"));
    }
    Ok(())
}

/// Titles matching what the reader is typing, for the header's search-as-you-type list. Not
/// logged: only submitted searches are.
#[server(endpoint = "suggest")]
pub async fn suggest(locale: String, query: String) -> Result<Vec<Suggestion>, AppError> {
    use super::ssr::*;
    use atrium_core::search::{Features, SearchRequest};
    check_language(&locale)?;
    let _tenant = tenant().await?;
    let state = state()?;
    let store = state.content();
    let query: String = query.chars().take(256).collect();
    let reader = reader();
    let results = state.search().search(&SearchRequest {
        locale: &locale,
        query: &query,
        module: None,
        reader: &reader,
        limit: 6,
        offset: 0,
        now: state.clock.now(),
        doc_type: None,
        features: Features::ALL,
    })?;
    Ok(results
        .hits
        .into_iter()
        .map(|h| Suggestion { module_title: store.module(&h.module).map(|m| m.title(&locale)).unwrap_or_default(), path: h.path, title: h.title })
        .collect())
}
