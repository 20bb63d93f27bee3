//! The content-gap report: what to write or fix next, ranked by joining what is measured apart —
//! searches that found nothing, searches followed within the hour by a ticket on the same subject,
//! articles voted not helpful (with what readers said was missing), articles suggested on the
//! ticket form that did not prevent the ticket, and articles past their review date.
//!
//! A row is either a query (an article to write) or an article (one to fix). Its score weighs each
//! signal by what it costs: a ticket that followed a search counts three, a "not helpful" vote or a
//! suggestion that did not prevent a ticket two, a search with no result one, a review date passed
//! two.

use crate::{
    content::{Article, ContentStore, ReviewReason},
    db::Pool,
};
use chrono::NaiveDate;
use std::{collections::HashMap, sync::Arc};

/// How far back the report looks.
pub const WINDOW_SECONDS: i64 = 90 * 86_400;
/// A ticket filed this long after a search on the same subject counts against that search.
const TICKET_AFTER_SECONDS: i64 = 3_600;

/// What a row asks the content team to do.
#[derive(Debug, Clone)]
pub enum Target {
    /// Readers looked for this and found nothing useful: an article to write.
    Query(String),
    /// An article that is not doing its job: one to fix.
    Article(Arc<Article>),
}

#[derive(Debug, Clone)]
pub struct Gap {
    pub target: Target,
    pub score: i64,
    /// Searches for it that found nothing.
    pub no_results: i64,
    /// Tickets filed within the hour after a search for it, on the same subject.
    pub tickets_after: i64,
    pub not_helpful: i64,
    /// What readers who voted "not helpful" said was missing, newest first.
    pub missing: Vec<String>,
    /// Tickets filed after this article was suggested on the ticket form and opened.
    pub suggested_then_filed: i64,
    pub review_due: Option<NaiveDate>,
}

impl Gap {
    fn new(target: Target) -> Self {
        Gap { target, score: 0, no_results: 0, tickets_after: 0, not_helpful: 0, missing: Vec::new(), suggested_then_filed: 0, review_due: None }
    }

    fn scored(mut self) -> Self {
        self.score = self.no_results + 3 * self.tickets_after + 2 * self.not_helpful + 2 * self.suggested_then_filed + 2 * i64::from(self.review_due.is_some());
        self
    }
}

/// The words that say what a text is about: lower case, four letters or more.
fn subject_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 4).map(str::to_lowercase).collect()
}

/// The report for `tenant`'s readers of `language`, about the articles of `scope` (the vendor's
/// for `None`), from the events since `now - WINDOW_SECONDS`; highest score first.
pub async fn report(
    pool: &Pool,
    store: &ContentStore,
    tenant: &str,
    scope: Option<&str>,
    language: &str,
    today: NaiveDate,
    now: i64,
) -> Result<Vec<Gap>, sqlx::Error> {
    let since = now - WINDOW_SECONDS;
    let mut queries: HashMap<String, Gap> = HashMap::new();
    let mut articles: HashMap<String, Gap> = HashMap::new();
    let in_scope = |a: &Arc<Article>| a.tenant.as_deref() == scope;

    // Searches, and the tickets that followed them on the same subject.
    let searches: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT LOWER(query), result_count, created_at FROM search_log WHERE tenant_id = $1 AND locale = $2 AND created_at >= $3")
            .bind(tenant)
            .bind(language)
            .bind(since)
            .fetch_all(pool)
            .await?;
    let tickets: Vec<(String, i64)> =
        sqlx::query_as("SELECT subject, created_at FROM tickets WHERE tenant_id = $1 AND created_at >= $2").bind(tenant).bind(since).fetch_all(pool).await?;
    // By time, so that each search looks only at the tickets of the hour after it.
    let mut tickets: Vec<(i64, Vec<String>)> = tickets.into_iter().map(|(subject, at)| (at, subject_words(&subject))).collect();
    tickets.sort_by_key(|(at, _)| *at);
    for (query, results, at) in searches {
        let query = query.split_whitespace().collect::<Vec<_>>().join(" ");
        if query.is_empty() {
            continue;
        }
        let words = subject_words(&query);
        let hour = &tickets[tickets.partition_point(|(t, _)| *t < at)..];
        let followed =
            hour.iter().take_while(|(t, _)| *t <= at + TICKET_AFTER_SECONDS).filter(|(_, subject)| words.iter().any(|w| subject.contains(w))).count() as i64;
        if results > 0 && followed == 0 {
            continue;
        }
        let gap = queries.entry(query.clone()).or_insert_with(|| Gap::new(Target::Query(query)));
        gap.no_results += i64::from(results == 0);
        gap.tickets_after += followed;
    }

    // "Not helpful" votes, with what was missing, on the article as this language's readers get it.
    let votes: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT module, translation_key, comment FROM article_feedback WHERE tenant_id = $1 AND locale = $2 AND helpful = 0 AND created_at >= $3 ORDER BY created_at DESC",
    )
    .bind(tenant)
    .bind(language)
    .bind(since)
    .fetch_all(pool)
    .await?;
    for (module, key, comment) in votes {
        let found = store.translation_in(scope, &module, &key, language).or_else(|| store.translation_in(scope, &module, &key, crate::FALLBACK_LOCALE));
        let Some(article) = found.filter(|a| in_scope(a)) else { continue };
        let gap = articles.entry(article.source.clone()).or_insert_with(|| Gap::new(Target::Article(article.clone())));
        gap.not_helpful += 1;
        gap.missing.extend(comment.filter(|c| !c.trim().is_empty()));
    }

    // Articles suggested on the ticket form, opened, and the ticket filed all the same.
    let filed: Vec<(String, i64)> = sqlx::query_as(
        "SELECT article_path, COUNT(DISTINCT form_session) FROM ticket_deflections WHERE tenant_id = $1 AND filed = 1 AND opened_at >= $2 GROUP BY article_path",
    )
    .bind(tenant)
    .bind(since)
    .fetch_all(pool)
    .await?;
    let reader = crate::content::Reader { signed_in: true, groups: Vec::new(), tenant: Some(tenant.to_string()) };
    for (path, n) in filed {
        if !path.starts_with(&format!("/{language}/")) {
            continue;
        }
        let Some(article) = store.article_at_address(&path, &reader).filter(in_scope) else { continue };
        articles.entry(article.source.clone()).or_insert_with(|| Gap::new(Target::Article(article.clone()))).suggested_then_filed += n;
    }

    // Articles past their review date.
    for (article, reason) in store.needs_review(scope, language, today, now) {
        if let ReviewReason::Due(date) = reason {
            articles.entry(article.source.clone()).or_insert_with(|| Gap::new(Target::Article(article.clone()))).review_due = Some(date);
        }
    }

    let mut rows: Vec<Gap> = queries.into_values().chain(articles.into_values()).map(Gap::scored).collect();
    let name = |g: &Gap| match &g.target {
        Target::Query(q) => q.clone(),
        Target::Article(a) => a.title.clone(),
    };
    rows.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| name(a).cmp(&name(b))));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_ticket_is_on_a_searchs_subject_when_they_share_a_word_of_four_letters() {
        let subject = super::subject_words("Payroll export stops halfway");
        assert!(super::subject_words("payroll export").iter().any(|w| subject.contains(w)));
        assert!(!super::subject_words("the org chart").iter().any(|w| subject.contains(w)), "short words do not count");
    }
}
