//! The content studio's pages: the list of articles, the editor and an article's history.
//! Saving, publishing and restoring are the server's form handlers (they work without
//! JavaScript); these only read.

use crate::{error::AppError, model::*};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(super) mod view {
    use crate::model::*;
    use atrium_core::content::{studio::ArticleForm, ContentStore};

    pub fn languages(store: &ContentStore) -> Vec<(String, String)> {
        store.languages().iter().map(|c| (c.clone(), atrium_core::language_name(c).unwrap_or_else(|| c.clone()))).collect()
    }

    pub fn modules(store: &ContentStore, locale: &str) -> Vec<(String, String)> {
        store.modules().iter().map(|m| (m.folder.clone(), m.title(locale))).collect()
    }

    pub fn form(f: ArticleForm) -> ArticleFormValues {
        ArticleFormValues {
            language: f.language,
            module: f.module,
            slug: f.slug,
            base: f.base,
            new: f.new,
            title: f.title,
            summary: f.summary,
            tags: f.tags,
            order: f.order,
            visibility: f.visibility,
            groups: f.groups,
            versions: f.versions,
            translation_key: f.translation_key,
            body: f.body,
            source_updated: f.source_updated,
            in_sync: f.in_sync,
            owner: f.owner,
            review_by: f.review_by,
        }
    }

    pub fn review(r: &atrium_core::content::studio::Review, title: String, me: &str, tz: &str) -> ReviewRow {
        use atrium_core::content::studio::ReviewState;
        let yours = match r.state {
            ReviewState::InReview => r.reviewer_id == me,
            ReviewState::ChangesRequested => r.requester_id == me,
            ReviewState::Scheduled => false,
        };
        ReviewRow {
            path: r.path.clone(),
            editor: atrium_core::content::studio::editor_page(&r.path).into(),
            title,
            state: r.state.key().into(),
            number: r.number,
            requester: r.requester.clone(),
            reviewer: r.reviewer.clone(),
            yours,
            publish_at: r.publish_at.map(|t| atrium_core::maintenance::local_time(t, tz)).unwrap_or_default(),
        }
    }

    /// The form of the values a page holds; whose article it is is set by the caller, from who
    /// is editing.
    pub fn article_form(v: &ArticleFormValues) -> ArticleForm {
        ArticleForm {
            tenant: String::new(),
            language: v.language.clone(),
            module: v.module.clone(),
            slug: v.slug.clone(),
            base: v.base,
            new: v.new,
            title: v.title.clone(),
            summary: v.summary.clone(),
            tags: v.tags.clone(),
            order: v.order.clone(),
            visibility: v.visibility.clone(),
            groups: v.groups.clone(),
            versions: v.versions.clone(),
            translation_key: v.translation_key.clone(),
            body: v.body.clone(),
            source_updated: v.source_updated.clone(),
            in_sync: v.in_sync,
            owner: v.owner.clone(),
            review_by: v.review_by.clone(),
        }
    }
}

#[cfg(feature = "ssr")]
pub(super) fn editor() -> Result<crate::state::Session, AppError> {
    use atrium_core::identity::Role;
    super::ssr::require_role(&[Role::ContentEditor, Role::SuperAdmin, Role::CustomerAdmin])
}

/// The name of the company whose own articles `session`'s user writes, for a customer
/// administrator; `None` for the vendor's team.
#[cfg(feature = "ssr")]
pub(super) fn company(session: &crate::state::Session, tenant: &atrium_core::tenant::Tenant) -> Option<String> {
    atrium_core::content::studio::scope(&session.user).map(|_| tenant.name.clone())
}

/// The text of `path` as the studio last saved it (with its number), else the content folder's
/// file (number 0).
#[cfg(feature = "ssr")]
pub(super) async fn current_text(state: &crate::state::AppState, session: &crate::state::Session, path: &str) -> Result<Option<(String, i64)>, AppError> {
    use atrium_core::content::studio;
    // Every path read here comes from a form or a URL: only an article's path, never `..`, and
    // only one of the editor's own scope (a customer never reads the vendor's drafts).
    if !studio::may_open(&session.user, path) {
        return Err(AppError::NotFound);
    }
    if let Some(latest) = studio::history(&state.pool, path).await?.into_iter().next() {
        return Ok(Some((latest.text, latest.number)));
    }
    Ok(std::fs::read_to_string(state.content_dir.join(path)).ok().map(|t| (t, 0)))
}

#[server(endpoint = "studio")]
pub async fn get_studio(locale: String, language: Option<String>) -> Result<StudioListView, AppError> {
    use super::ssr::*;
    use atrium_core::content::studio::{self, ArticleForm};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = editor()?;
    let state = state()?;
    let store = state.content();
    let scope = studio::scope(&session.user);
    let in_scope = |path: &str| atrium_core::content::split_tenant(path).0 == scope.as_deref();
    let language = language.filter(|l| store.has_language(l)).unwrap_or_else(|| locale.clone());
    let mut saved = studio::latest_numbers(&state.pool).await?;
    saved.retain(|(path, _, _)| in_scope(path));
    let module_title = |m: &str| store.module(m).map(|x| x.title(&locale)).unwrap_or_else(|| m.to_string());
    let state_of = |path: &str| match saved.iter().find(|(p, _, _)| p == path) {
        None => ("folder", 0),
        Some((_, latest, Some(published))) if published == latest => ("published", *latest),
        Some((_, latest, Some(_))) => ("changed", *latest),
        Some((_, latest, None)) => ("draft", *latest),
    };
    let mut rows: Vec<StudioRow> = store
        .all_articles()
        .filter(|a| a.locale == language && a.tenant == scope)
        .map(|a| {
            let (state, latest) = state_of(&a.source);
            StudioRow { path: a.source.clone(), title: a.title.clone(), module_title: module_title(&a.module), state: state.into(), latest }
        })
        .collect();
    // Articles saved but never published are not in the content yet: their latest revision says
    // what they are.
    let unpublished: Vec<&(String, i64, Option<i64>)> =
        saved.iter().filter(|(p, _, published)| published.is_none() && !rows.iter().any(|r| &r.path == p)).collect();
    for (path, latest, _) in unpublished {
        let Some((lang, module, _)) = studio::split_path(path) else { continue };
        if lang != language || module == atrium_core::content::RELEASES_FOLDER {
            continue;
        }
        let Some(revision) = studio::revision(&state.pool, path, *latest).await? else { continue };
        let title = ArticleForm::from_text(path, &revision.text, *latest).map(|f| f.title).unwrap_or_else(|| path.clone());
        rows.push(StudioRow { path: path.clone(), title, module_title: module_title(module), state: "draft".into(), latest: *latest });
    }
    rows.sort_by(|a, b| (&a.module_title, &a.title).cmp(&(&b.module_title, &b.title)));
    let tz = state.tickets.calendar.tz.name();
    let mut reviews = Vec::new();
    for r in studio::reviews(&state.pool).await?.into_iter().filter(|r| in_scope(&r.path)) {
        let title = studio::revision(&state.pool, &r.path, r.number)
            .await?
            .and_then(|rev| studio::title_of(&r.path, &rev.text, state.tickets.calendar.tz))
            .unwrap_or_else(|| r.path.clone());
        reviews.push(view::review(&r, title, &session.user.id, tz));
    }
    // The reader's own turn first.
    reviews.sort_by_key(|r| !r.yours);
    let needs_review = store
        .needs_review(scope.as_deref(), &language, state.today(), state.clock.now())
        .into_iter()
        .map(|(a, reason)| {
            let (reason, date, version) = match reason {
                atrium_core::content::ReviewReason::Due(d) => ("due", d.to_string(), String::new()),
                atrium_core::content::ReviewReason::Release { version, date } => ("release", date.to_string(), version),
            };
            NeedsReviewRow {
                path: a.source.clone(),
                title: a.title.clone(),
                module_title: module_title(&a.module),
                owner: a.owner.clone().unwrap_or_default(),
                reason: reason.into(),
                date,
                version,
            }
        })
        .collect();
    let releases = match scope {
        Some(_) => Vec::new(),
        None => release_rows(&state, &store, &saved, &language).await?,
    };
    Ok(StudioListView {
        releases,
        company: company(&session, &tenant),
        reviews,
        needs_review,
        time_zone: tz.to_string(),
        language,
        languages: view::languages(&store),
        modules: view::modules(&store, &locale),
        rows,
    })
}

/// The language's release notes as the studio lists them: those readers get (published, or
/// scheduled for later), then drafts never published; newest first.
#[cfg(feature = "ssr")]
async fn release_rows(
    state: &crate::state::AppState,
    store: &atrium_core::content::ContentStore,
    saved: &[(String, i64, Option<i64>)],
    language: &str,
) -> Result<Vec<ReleaseRow>, AppError> {
    use atrium_core::content::studio::{self, ReleaseForm};
    let now = state.clock.now();
    let mut rows: Vec<ReleaseRow> = store
        .all_releases()
        .filter(|r| r.locale == language)
        .map(|r| {
            let (state, latest) = match saved.iter().find(|(p, _, _)| *p == r.source) {
                None => ("folder", 0),
                Some((_, latest, Some(published))) if published == latest => (if r.published_by(now) { "published" } else { "scheduled" }, *latest),
                Some((_, latest, _)) => ("changed", *latest),
            };
            ReleaseRow { path: r.source.clone(), title: r.title.clone(), version: r.version.clone(), date: r.date.to_string(), state: state.into(), latest }
        })
        .collect();
    let drafts: Vec<&(String, i64, Option<i64>)> = saved.iter().filter(|(p, _, published)| published.is_none() && !rows.iter().any(|r| &r.path == p)).collect();
    for (path, latest, _) in drafts {
        if studio::split_release_path(path).is_none_or(|(l, _)| l != language) {
            continue;
        }
        let Some(revision) = studio::revision(&state.pool, path, *latest).await? else { continue };
        let form = ReleaseForm::from_text(path, &revision.text, *latest, state.tickets.calendar.tz).unwrap_or_default();
        rows.push(ReleaseRow { path: path.clone(), title: form.title, version: form.version, date: form.date, state: "draft".into(), latest: *latest });
    }
    rows.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.version.cmp(&a.version)));
    Ok(rows)
}

#[server(endpoint = "studio-editor")]
pub async fn get_studio_editor(
    locale: String,
    path: Option<String>,
    draft: Option<String>,
    language: Option<String>,
    module: Option<String>,
    translate: Option<String>,
    title: Option<String>,
) -> Result<StudioEditorView, AppError> {
    use super::ssr::*;
    use atrium_core::content::studio::{self, ArticleForm};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let session = editor()?;
    let state = state()?;
    let store = state.content();
    let mut errors = Vec::new();
    let kept = match draft {
        Some(id) => atrium_core::ticket::load_draft(&state.pool, &session.user, &id).await?,
        None => None,
    };
    let scope = studio::scope(&session.user);
    let form = match (kept, path.as_deref()) {
        (Some((fields, problems)), _) => {
            errors = serde_json::from_str(&problems).unwrap_or_default();
            let form = serde_json::from_str::<ArticleForm>(&fields).map_err(|_| AppError::NotFound)?;
            ArticleForm { tenant: scope.clone().unwrap_or_default(), ..form }
        }
        (None, Some(path)) => {
            let (text, number) = current_text(&state, &session, path).await?.ok_or(AppError::NotFound)?;
            ArticleForm::from_text(path, &text, number).ok_or(AppError::NotFound)?
        }
        // A new translation starts as a copy of the English article, to translate in place.
        (None, None) if translate.is_some() => {
            let source = translate.as_deref().unwrap_or_default();
            let (text, _) = current_text(&state, &session, source).await?.ok_or(AppError::NotFound)?;
            let english = ArticleForm::from_text(source, &text, 0).ok_or(AppError::NotFound)?;
            let language = language.filter(|l| store.has_language(l) && l != atrium_core::FALLBACK_LOCALE).ok_or(AppError::NotFound)?;
            let key = if english.translation_key.is_empty() { english.slug.clone() } else { english.translation_key.clone() };
            ArticleForm { language, base: 0, new: true, translation_key: key, in_sync: true, source_updated: String::new(), ..english }
        }
        // A new article, started from what readers searched for when the gap report links here.
        (None, None) => ArticleForm {
            slug: title.as_deref().map(atrium_core::import::slugify).unwrap_or_default(),
            title: title.map(|t| t.trim().chars().take(200).collect()).unwrap_or_default(),
            tenant: scope.unwrap_or_default(),
            language: language.filter(|l| store.has_language(l)).unwrap_or_else(|| locale.clone()),
            module: module.filter(|m| store.module(m).is_some()).unwrap_or_default(),
            new: true,
            order: "100".into(),
            visibility: "public".into(),
            ..Default::default()
        },
    };
    let path = form.path();
    let (latest, published) = studio::numbers(&state.pool, &path).await?;
    let served = store.all_articles().any(|a| a.source == path);
    let tz = state.tickets.calendar.tz.name();
    let source = match form.source(&store) {
        Some(english) => {
            let body =
                current_text(&state, &session, &english.source).await?.and_then(|(text, n)| ArticleForm::from_text(&english.source, &text, n)).map(|f| f.body);
            let kept = form.source_updated.parse::<chrono::NaiveDate>().ok();
            Some(TranslationSource {
                title: english.title.clone(),
                updated: english.updated.to_string(),
                body: body.unwrap_or_default(),
                newer: !form.new
                    && english.updated > kept.unwrap_or_else(|| store.all_articles().find(|a| a.source == path).map_or(english.updated, |a| a.updated)),
            })
        }
        None => None,
    };
    Ok(StudioEditorView {
        company: company(&session, &tenant),
        review: review_parts(&state, &tenant.id, &session, &path, &form.title).await?,
        // Named by file and upload time: several uploads often share a file name.
        library: studio::image_choices(&state.pool, studio::scope(&session.user).as_deref())
            .await?
            .into_iter()
            .map(|(id, name, at)| (id, format!("{name} · {}", atrium_core::maintenance::local_time(at, tz))))
            .collect(),
        time_zone: tz.to_string(),
        source,
        preview_html: form.preview_html(),
        live_href: (served && !form.new).then(|| format!("/{}/{}/{}", form.language, form.module, form.slug)),
        form: view::form(form),
        errors,
        languages: view::languages(&store),
        modules: view::modules(&store, &locale),
        latest,
        published,
        can_publish: studio::may_publish(&session.user),
    })
}

#[server(endpoint = "studio-history")]
pub async fn get_studio_history(locale: String, path: String, from: Option<i64>, to: Option<i64>) -> Result<StudioHistoryView, AppError> {
    use super::ssr::*;
    use atrium_core::content::studio;
    check_locale(&locale)?;
    let _tenant = tenant().await?;
    let session = editor()?;
    let state = state()?;
    if !studio::may_open(&session.user, &path) {
        return Err(AppError::NotFound);
    }
    let history = studio::history(&state.pool, &path).await?;
    let latest = history.first().map_or(0, |r| r.number);
    let (_, published) = studio::numbers(&state.pool, &path).await?;
    let to = to.filter(|n| history.iter().any(|r| r.number == *n)).unwrap_or(latest);
    let from = from.filter(|n| *n < to && (*n == 0 || history.iter().any(|r| r.number == *n))).unwrap_or(to - 1).max(0);
    let text_of = |n: i64| history.iter().find(|r| r.number == n).map(|r| r.text.clone());
    // Before the studio's first revision: the folder's file, if the article started there.
    let old = text_of(from).or_else(|| std::fs::read_to_string(state.content_dir.join(&path)).ok()).unwrap_or_default();
    let new = text_of(to).unwrap_or_default();
    let tz = state.tickets.calendar.tz.name();
    let title = studio::title_of(&path, &new, state.tickets.calendar.tz).unwrap_or_else(|| path.clone());
    Ok(StudioHistoryView {
        editor_href: studio::editor_address(&locale, &path),
        title,
        revisions: history
            .iter()
            .map(|r| RevisionRow {
                number: r.number,
                author: r.author.clone(),
                at: atrium_core::maintenance::local_time(r.at, tz),
                published: r.number == published,
            })
            .collect(),
        diff: studio::diff(&old, &new).into_iter().map(|l| DiffRow { change: change_key(l.change).into(), text: l.text }).collect(),
        path,
        from,
        to,
        latest,
        time_zone: tz.to_string(),
    })
}

#[cfg(feature = "ssr")]
fn change_key(c: atrium_core::content::studio::Change) -> &'static str {
    use atrium_core::content::studio::Change;
    match c {
        Change::Same => "same",
        Change::Removed => "removed",
        Change::Added => "added",
        Change::Gap => "gap",
    }
}

/// Renders typed Markdown as readers will see it: the live preview while typing, with the
/// same renderer and sanitiser as the Preview button's round trip.
/// Where `path`'s review stands, for its editor: whom the editor may ask (this tenant's
/// publishers in the same scope, not themselves), the review, its thread, and whether the reader
/// decides it.
#[cfg(feature = "ssr")]
pub(super) async fn review_parts(
    state: &crate::state::AppState,
    tenant_id: &str,
    session: &crate::state::Session,
    path: &str,
    title: &str,
) -> Result<ReviewParts, AppError> {
    use atrium_core::content::studio;
    let tz = state.tickets.calendar.tz.name();
    let review = studio::review(&state.pool, path).await?;
    let may_decide = studio::may_publish(&session.user) && review.as_ref().is_some_and(|r| r.state == studio::ReviewState::InReview);
    let notes = studio::notes(&state.pool, path).await?;
    let reviewers = studio::publishers(&state.pool, tenant_id, studio::scope(&session.user).as_deref())
        .await?
        .into_iter()
        .filter(|(id, _)| *id != session.user.id)
        .collect();
    Ok(ReviewParts {
        reviewers,
        current: review.map(|r| view::review(&r, title.to_string(), &session.user.id, tz)),
        notes: notes
            .into_iter()
            .map(|n| ReviewNote { number: n.number, kind: n.kind, author: n.author, body: n.body, at: atrium_core::maintenance::local_time(n.at, tz) })
            .collect(),
        may_decide,
    })
}

#[server(endpoint = "studio-preview")]
pub async fn preview_article(language: String, module: String, body: String) -> Result<String, AppError> {
    editor()?;
    let form = view::article_form(&ArticleFormValues { language, module, body, ..Default::default() });
    Ok(form.preview_html())
}

#[server(endpoint = "studio-translations")]
pub async fn get_translations(locale: String, language: Option<String>) -> Result<TranslationsView, AppError> {
    use super::ssr::*;
    check_locale(&locale)?;
    let _tenant = tenant().await?;
    let session = editor()?;
    let state = state()?;
    let store = state.content();
    let languages: Vec<(String, String)> = view::languages(&store).into_iter().filter(|(c, _)| c != atrium_core::FALLBACK_LOCALE).collect();
    let first = languages.first().map(|(c, _)| c.clone()).unwrap_or_default();
    let language =
        language
            .filter(|l| languages.iter().any(|(c, _)| c == l))
            .unwrap_or_else(|| if locale == atrium_core::FALLBACK_LOCALE { first } else { locale.clone() });
    let scope = atrium_core::content::studio::scope(&session.user);
    // Release notes are the vendor's: a customer administrator translates none.
    let releases = match scope {
        Some(_) => Vec::new(),
        None => store
            .release_translation_status(&language)
            .into_iter()
            .map(|(source, translation, state)| TranslationRow {
                module_title: source.version.clone(),
                source_title: source.title.clone(),
                source_path: source.source.clone(),
                state: state.key().into(),
                translation_path: translation.as_ref().map(|t| t.source.clone()),
                translation_title: translation.map(|t| t.title.clone()),
            })
            .collect(),
    };
    let rows = store
        .translation_status(scope.as_deref(), &language)
        .into_iter()
        .map(|(source, translation, state)| TranslationRow {
            module_title: store.module(&source.module).map(|m| m.title(&locale)).unwrap_or_default(),
            source_title: source.title.clone(),
            source_path: source.source.clone(),
            state: state.key().into(),
            translation_path: translation.as_ref().map(|t| t.source.clone()),
            translation_title: translation.map(|t| t.title.clone()),
        })
        .collect();
    Ok(TranslationsView { language, languages, rows, releases })
}
