//! Markdown → safe HTML, with heading ids, a table of contents and article links rewritten to
//! their public URLs.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Other articles this one links to, as (module, slug), for the broken-link report.
    /// (module, slug, line in `markdown`) of each link to another article.
    pub article_links: Vec<(String, String, usize)>,
    /// The words a reader sees, without markup: what search indexes.
    pub plain_text: String,
}

/// How deep blocks, inline markup and raw HTML may nest. Sanitising costs time in the square of
/// the depth (a 50 KB line of `>` took seconds), and no real page comes near it.
pub const MAX_NESTING: usize = 32;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Where `markdown` first nests deeper than [`MAX_NESTING`]: the depth reached and the byte
/// offset of the element that reached it. One linear pass.
pub fn too_deep(markdown: &str) -> Option<(usize, usize)> {
    let (mut blocks, mut html) = (0usize, 0usize);
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match &event {
            Event::Start(_) => blocks += 1,
            Event::End(_) => blocks = blocks.saturating_sub(1),
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let (after, deepest) = raw_html_depth(raw, html);
                if blocks + deepest > MAX_NESTING {
                    return Some((blocks + deepest, range.start));
                }
                html = after;
            }
            _ => {}
        }
        if blocks + html > MAX_NESTING {
            return Some((blocks + html, range.start));
        }
    }
    None
}

/// The depth of open raw HTML elements after `raw`, from `depth` before it, and the deepest it
/// went inside: a start tag opens one (unless void or self-closing), an end tag closes one.
fn raw_html_depth(raw: &str, mut depth: usize) -> (usize, usize) {
    let mut deepest = depth;
    const VOID: &[&str] = &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];
    for tag in raw.split('<').skip(1) {
        let Some(end) = tag.find('>') else { continue };
        let inside = &tag[..end];
        if let Some(closing) = inside.strip_prefix('/') {
            if !closing.is_empty() {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        let name: String = inside.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        if !name.is_empty() && !inside.ends_with('/') && !VOID.contains(&name.as_str()) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    (depth, deepest)
}

/// Renders `markdown` written in `locale` inside `module`. Text nested deeper than
/// [`MAX_NESTING`] is shown as it was written, escaped, instead of being rendered: content
/// files are refused before that ([`too_deep`]), this keeps any other caller's cost linear.
pub fn render(markdown: &str, locale: &str, module: &str) -> Rendered {
    if too_deep(markdown).is_some() {
        let html = format!("<pre>{}</pre>", crate::escape_html(markdown));
        return Rendered { html, toc: Vec::new(), article_links: Vec::new(), plain_text: markdown.to_string() };
    }
    render_checked(markdown, locale, module)
}

/// [`render`] for text already found within [`MAX_NESTING`]: the content loader checks each
/// file first (to report the line), and need not parse it a second time for the same answer.
pub(crate) fn render_checked(markdown: &str, locale: &str, module: &str) -> Rendered {
    let (mut events, starts): (Vec<Event>, Vec<usize>) = Parser::new_ext(markdown, options()).into_offset_iter().map(|(e, r)| (e, r.start)).unzip();

    let toc = assign_heading_ids(&mut events);
    let mut article_links = Vec::new();
    for (event, start) in events.iter_mut().zip(starts) {
        if let Event::Start(Tag::Link { link_type: LinkType::Inline | LinkType::Reference | LinkType::Shortcut, dest_url, .. }) = event {
            if let Some((target_module, slug, anchor)) = article_link(dest_url, module) {
                *dest_url = CowStr::from(format!("/{locale}/{target_module}/{slug}{anchor}"));
                let line = markdown[..start].matches('\n').count() + 1;
                article_links.push((target_module, slug, line));
            }
        }
    }

    let mut plain_text = String::with_capacity(markdown.len());
    for event in &events {
        match event {
            Event::Text(t) | Event::Code(t) => plain_text.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => plain_text.push(' '),
            _ => {}
        }
    }
    // Kept for as long as the content is: without the room reserved while it was written.
    plain_text.shrink_to_fit();
    let mut raw = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut raw, events.into_iter());
    Rendered { html: sanitize(&raw), toc, article_links, plain_text }
}

/// Gives every heading an id (its own `{#id}` or a slug of its text, made unique) and returns
/// the h2/h3 entries for the table of contents.
fn assign_heading_ids(events: &mut [Event]) -> Vec<TocEntry> {
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i] {
            let level = *level;
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                let base = match id {
                    Some(given) => given.to_string(),
                    None => {
                        let s = slug::slugify(&text);
                        if s.is_empty() {
                            "section".to_string()
                        } else {
                            s
                        }
                    }
                };
                let n = used.entry(base.clone()).or_insert(0);
                let unique = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
                *n += 1;
                *id = Some(CowStr::from(unique.clone()));
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    toc.push(TocEntry { level: level as u8, id: unique, title: text.trim().to_string() });
                }
            }
            i = j;
        }
        i += 1;
    }
    toc
}

/// Recognises links to other articles: `slug.md`, `../module/slug.md`, `/module/slug.md`, each
/// with an optional `#anchor`. Anything with a scheme, or not ending in `.md`, is left alone.
fn article_link(dest: &str, current_module: &str) -> Option<(String, String, String)> {
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with('#') {
        return None;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, format!("#{a}")),
        None => (dest, String::new()),
    };
    let path = path.strip_suffix(".md")?;
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != "." && *p != "..").collect();
    match parts.as_slice() {
        [slug] => Some((current_module.to_string(), slug.to_string(), anchor)),
        [module, slug] => Some((module.to_string(), slug.to_string(), anchor)),
        _ => None,
    }
}

/// Raw HTML in Markdown is allowed, but only what ammonia keeps: no scripts, no event handlers,
/// no `style` attribute anywhere (a table cell's style could cover the whole page). A table
/// column's alignment, which pulldown-cmark writes as a style, becomes one of three classes.
fn sanitize(html: &str) -> String {
    let html = html
        .replace(r#" style="text-align: left""#, r#" class="align-left""#)
        .replace(r#" style="text-align: center""#, r#" class="align-center""#)
        .replace(r#" style="text-align: right""#, r#" class="align-right""#);
    let mut builder = ammonia::Builder::default();
    let heading_tags: HashSet<&str> = ["h1", "h2", "h3", "h4", "h5", "h6"].into_iter().collect();
    for tag in heading_tags {
        builder.add_tag_attributes(tag, &["id"]);
    }
    builder
        .add_tags(&["input"])
        .add_tag_attributes("input", &["type", "checked", "disabled"])
        .add_tag_attributes("code", &["class"])
        .add_tag_attributes("div", &["class", "id"])
        .add_tag_attributes("sup", &["class", "id"])
        .add_tag_attributes("li", &["id"])
        .add_allowed_classes("td", &["align-left", "align-center", "align-right"])
        .add_allowed_classes("th", &["align-left", "align-center", "align-right"])
        .add_tag_attributes("img", &["loading"]);
    builder.clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_style_attribute_survives_but_table_alignment_does() {
        let md = "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n<table><tr><td style=\"position:fixed;inset:0;background:red\">x</td></tr></table>\n\n\
                  <p style=\"display:none\">p</p><div STYLE=\"color:red\" class=\"note\">d</div><span style=x>s</span>";
        let r = render(md, "en", "core-hr");
        assert!(!r.html.to_ascii_lowercase().contains("style"), "{}", r.html);
        assert!(r.html.contains(r#"<th class="align-left">a</th>"#) && r.html.contains(r#"<td class="align-right">2</td>"#), "{}", r.html);
    }

    #[test]
    fn headings_get_unique_ids_and_a_table_of_contents() {
        let r = render("# Title\n\n## Set up\n\ntext\n\n## Set up\n\n### Détails à vérifier\n", "fr", "core-hr");
        assert!(r.html.contains(r#"<h2 id="set-up">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="set-up-1">"#), "{}", r.html);
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["set-up", "set-up-1", "details-a-verifier"]);
        assert_eq!(r.toc[2].level, 3);
    }

    #[test]
    fn article_links_become_public_urls() {
        let r = render("See [import](import-employees.md#csv) and [SSO](../administration/sso.md).", "de", "core-hr");
        assert!(r.html.contains(r#"href="/de/core-hr/import-employees#csv""#), "{}", r.html);
        assert!(r.html.contains(r#"href="/de/administration/sso""#), "{}", r.html);
        let found: Vec<(&str, &str)> = r.article_links.iter().map(|(m, s, _)| (m.as_str(), s.as_str())).collect();
        assert_eq!(found, [("core-hr", "import-employees"), ("administration", "sso")]);
    }

    #[test]
    fn external_links_are_untouched() {
        let r = render("[x](https://example.com/a.md)", "en", "m");
        assert!(r.html.contains("https://example.com/a.md"));
        assert!(r.article_links.is_empty());
    }

    #[test]
    fn scripts_and_event_handlers_are_removed() {
        let r = render("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<a href=\"javascript:alert(1)\">x</a>", "en", "m");
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
    }

    #[test]
    fn nesting_is_bounded_and_found_where_it_goes_too_deep() {
        let fine = "> quote\n>\n> - item\n>   - *deeper* **still**\n\n<div><div><p>raw</p></div></div>\n";
        assert_eq!(too_deep(fine), None);
        let quotes = format!("intro\n\n{} deep\n", ">".repeat(50_000));
        let (depth, at) = too_deep(&quotes).expect("too deep");
        assert_eq!((depth, at), (MAX_NESTING + 1, "intro\n\n".len() + MAX_NESTING));
        let divs = format!("text\n\n{}x{}\n", "<div>".repeat(100), "</div>".repeat(100));
        assert!(too_deep(&divs).is_some(), "raw HTML nesting counts too");
        let shown = render(&quotes, "en", "m");
        assert!(shown.html.starts_with("<pre>") && !shown.html.contains("<blockquote"), "shown escaped, not rendered");
    }

    #[test]
    fn tables_footnotes_tasks_and_strikethrough_render() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~ text[^1]\n\n[^1]: A note.\n";
        let r = render(md, "en", "m");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains(r#"type="checkbox""#));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn code_blocks_keep_their_language_class() {
        let r = render("```toml\na = 1\n```", "en", "m");
        assert!(r.html.contains(r#"<code class="language-toml">"#), "{}", r.html);
    }
}
