//! Release notes: `content/<locale>/releases/<slug>.md`, one per weekly release, with the
//! version, the modules it touches and each feature's state. `publish_at` schedules a note: it
//! stays out of every page, feed and search until then, with no restart needed.

use super::{markdown, ContentProblem, Module};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FeatureState {
    /// On for everyone from this release.
    Active,
    /// Shipped but off until an administrator turns it on (`activation` says how).
    DeliveredDeactivated,
}

impl FeatureState {
    pub fn key(self) -> &'static str {
        match self {
            FeatureState::Active => "active",
            FeatureState::DeliveredDeactivated => "delivered-deactivated",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseFeature {
    pub title: String,
    #[serde(default)]
    pub module: Option<String>,
    pub state: FeatureState,
    /// How to turn a delivered-deactivated feature on.
    #[serde(default)]
    pub activation: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReleaseFrontMatter {
    pub title: String,
    pub version: String,
    pub date: NaiveDate,
    #[serde(default)]
    pub modules: Vec<String>,
    #[serde(default)]
    pub summary: String,
    /// RFC 3339 (`2026-11-30T18:30:00+01:00`); defaults to the release date, 00:00 Paris time.
    #[serde(default)]
    pub publish_at: Option<String>,
    /// The service document: a major feature delivered straight to production is announced
    /// ahead, with a reminder two months before; on this day the note's subscribers are mailed.
    #[serde(default)]
    pub reminder_on: Option<NaiveDate>,
    #[serde(default)]
    pub features: Vec<ReleaseFeature>,
    /// The day the note was last changed; the release date when absent. A translation compares
    /// its `source_updated` with its English note's.
    #[serde(default)]
    pub updated: Option<NaiveDate>,
    /// For a translation: the English note's `updated` day it was brought in line with.
    #[serde(default)]
    pub source_updated: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReleaseNote {
    pub locale: String,
    pub slug: String,
    pub title: String,
    pub version: String,
    pub date: NaiveDate,
    pub modules: Vec<String>,
    pub summary: String,
    /// Unix seconds from which the note is visible.
    pub publish_at: i64,
    /// When subscribers are reminded of the coming release (see the front matter's).
    pub reminder_on: Option<NaiveDate>,
    pub features: Vec<ReleaseFeature>,
    /// The day it was last changed (its release date if never since).
    pub updated: NaiveDate,
    /// For a translation: the English note's `updated` day it follows.
    pub source_updated: Option<NaiveDate>,
    pub html: String,
    #[serde(skip)]
    pub plain_text: String,
    pub source: String,
}

impl ReleaseNote {
    pub fn path(&self) -> String {
        format!("/{}/releases/{}", self.locale, self.slug)
    }

    pub fn published_by(&self, now: i64) -> bool {
        self.publish_at <= now
    }

    /// The words search indexes: the summary, every feature and how to activate it, the body.
    pub fn search_text(&self) -> String {
        let mut text = self.summary.clone();
        for f in &self.features {
            text.push_str(&format!("\n{} {}", f.title, f.activation.clone().unwrap_or_default()));
        }
        text.push('\n');
        text.push_str(&self.plain_text);
        text
    }
}

pub(super) fn read(front: &str, body: &str, rel: &str, locale: &str, slug: &str, modules: &[Module]) -> Result<ReleaseNote, ContentProblem> {
    let problem = |line: usize, message: String| ContentProblem { file: rel.to_string(), line, message };
    let fm: ReleaseFrontMatter = serde_yaml_ng::from_str(front).map_err(|e| {
        let line = e.location().map(|l| l.line() + 1).unwrap_or(2);
        problem(line, format!("invalid release note front matter: {e}"))
    })?;
    if fm.title.trim().is_empty() || fm.version.trim().is_empty() {
        return Err(problem(2, "a release note needs a `title` and a `version`".into()));
    }
    let known = |m: &String| modules.iter().any(|x| &x.folder == m);
    if let Some(m) = fm.modules.iter().chain(fm.features.iter().filter_map(|f| f.module.as_ref())).find(|m| !known(m)) {
        return Err(problem(2, format!("unknown module `{m}` in release note")));
    }
    if fm.reminder_on.is_some_and(|r| r >= fm.date) {
        return Err(problem(2, "`reminder_on` must come before the release `date`".into()));
    }
    if let Some(f) = fm.features.iter().find(|f| f.state == FeatureState::DeliveredDeactivated && f.activation.as_deref().is_none_or(|a| a.trim().is_empty())) {
        return Err(problem(2, format!("feature `{}` is delivered deactivated: say how to activate it (activation: …)", f.title)));
    }
    let publish_at = match &fm.publish_at {
        Some(raw) => DateTime::parse_from_rfc3339(raw.trim())
            .map_err(|e| problem(2, format!("`publish_at` must be a date and time with its offset, like 2026-11-30T18:30:00+01:00: {e}")))?
            .timestamp(),
        None => chrono_tz::Europe::Paris.from_local_datetime(&fm.date.and_time(NaiveTime::MIN)).earliest().map(|d| d.timestamp()).unwrap_or_default(),
    };
    // The loader's check_nesting has found the body within bounds.
    let rendered = markdown::render_checked(body, locale, "");
    let mut modules = fm.modules;
    for f in &fm.features {
        if let Some(m) = &f.module {
            if !modules.contains(m) {
                modules.push(m.clone());
            }
        }
    }
    Ok(ReleaseNote {
        locale: locale.to_string(),
        slug: slug.to_string(),
        title: fm.title,
        version: fm.version.trim().to_string(),
        date: fm.date,
        modules,
        summary: fm.summary,
        publish_at,
        reminder_on: fm.reminder_on,
        features: fm.features,
        updated: fm.updated.unwrap_or(fm.date),
        source_updated: fm.source_updated,
        html: rendered.html,
        plain_text: rendered.plain_text,
        source: rel.to_string(),
    })
}

/// The notes as Atom, newest first. `site` is the absolute origin (`https://help.example.com`);
/// `state_label` names a feature's state and the activation prompt in the feed's language.
pub fn atom(notes: &[(std::sync::Arc<ReleaseNote>, bool)], site: &str, locale: &str, title: &str, state_label: &dyn Fn(&str) -> String) -> String {
    use atom_syndication::{CategoryBuilder, ContentBuilder, EntryBuilder, FeedBuilder, LinkBuilder, Text};
    let at = |t: i64| DateTime::from_timestamp(t, 0).unwrap_or_default().fixed_offset();
    let page = format!("{site}/{locale}/releases");
    let entries: Vec<_> = notes
        .iter()
        .map(|(n, _)| {
            let mut html = String::new();
            if !n.summary.is_empty() {
                html.push_str(&format!("<p>{}</p>", crate::escape_html(&n.summary)));
            }
            if !n.features.is_empty() {
                html.push_str("<ul>");
                for f in &n.features {
                    html.push_str(&format!("<li><strong>{}</strong> — {}", crate::escape_html(&f.title), crate::escape_html(&state_label(f.state.key()))));
                    if let Some(a) = &f.activation {
                        html.push_str(&format!(" · {} {}", crate::escape_html(&state_label("activation")), crate::escape_html(a)));
                    }
                    html.push_str("</li>");
                }
                html.push_str("</ul>");
            }
            html.push_str(&n.html);
            EntryBuilder::default()
                .id(format!("urn:atrium:release:{}:{}", n.locale, n.slug))
                .title(Text::plain(format!("{} ({})", n.title, n.version)))
                .updated(at(n.publish_at))
                .published(Some(at(n.publish_at)))
                .links(vec![LinkBuilder::default().href(format!("{page}/{}", n.slug)).rel("alternate").build()])
                .categories(n.modules.iter().map(|m| CategoryBuilder::default().term(m.clone()).build()).collect::<Vec<_>>())
                .content(Some(ContentBuilder::default().value(Some(html)).content_type(Some("html".into())).build()))
                .build()
        })
        .collect();
    FeedBuilder::default()
        .id(format!("{page}#feed"))
        .title(Text::plain(title))
        .lang(Some(locale.to_string()))
        .updated(at(notes.iter().map(|(n, _)| n.publish_at).max().unwrap_or(0)))
        .links(vec![LinkBuilder::default().href(page.clone()).rel("alternate").build()])
        .entries(entries)
        .build()
        .to_string()
}
