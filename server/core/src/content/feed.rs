//! The documentation's Atom feed: the articles a reader of one help centre may read without
//! signing in, most recently updated first, so that a feed reader learns of new and changed
//! documentation as it learns of release notes.

use super::Article;
use chrono::{NaiveTime, TimeZone};
use std::sync::Arc;

/// `articles` as Atom, each linked at the reader's `locale` (an English article standing in for a
/// missing translation is read there too). `site` is the help centre's canonical origin.
pub fn articles_atom(articles: &[Arc<Article>], site: &str, locale: &str, title: &str) -> String {
    use atom_syndication::{CategoryBuilder, EntryBuilder, FeedBuilder, LinkBuilder, Text};
    // An article carries a day, not a time: midnight UTC of that day.
    let at = |a: &Article| chrono::Utc.from_utc_datetime(&a.updated.and_time(NaiveTime::MIN)).fixed_offset();
    let entries: Vec<_> = articles
        .iter()
        .map(|a| {
            let owner = a.tenant.as_deref().unwrap_or("vendor");
            EntryBuilder::default()
                .id(format!("urn:atrium:article:{owner}:{}:{}:{}", a.locale, a.module, a.slug))
                .title(Text::plain(a.title.clone()))
                .updated(at(a))
                .summary(Some(Text::plain(a.summary.clone())))
                .links(vec![LinkBuilder::default().href(format!("{site}/{locale}/{}/{}", a.module, a.slug)).rel("alternate").build()])
                .categories(vec![CategoryBuilder::default().term(a.module.clone()).build()])
                .build()
        })
        .collect();
    let home = format!("{site}/{locale}");
    FeedBuilder::default()
        .id(format!("{home}#articles"))
        .title(Text::plain(title))
        .lang(Some(locale.to_string()))
        .updated(articles.iter().map(|a| at(a)).max().unwrap_or_default())
        .links(vec![LinkBuilder::default().href(home).rel("alternate").build()])
        .entries(entries)
        .build()
        .to_string()
}
