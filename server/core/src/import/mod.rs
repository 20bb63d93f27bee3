//! `atrium import`: brings documentation written for other tools into Atrium's content layout.
//! Top-level sections become modules; MDX and shortcode syntax is cleaned away.
//!
//! - `starlight` (also Docusaurus-like): `<lang>/<section>/…/<page>.md|mdx`, front matter
//!   `title`, `description`, `sidebar.order`.
//! - `hugo`: `<lang>/<section>/…` under Hugo's `content/`; `_index.md` of a section names the module
//!   (`title`, `linkTitle`, `description`, `weight`).
//! - `tldr`: `pages[.<lang>]/<platform>/<command>.md` in tldr's own format.

mod clean;

use serde::Serialize;
use std::{
    collections::{BTreeMap, BTreeSet, HashSet},
    path::{Path, PathBuf},
};

pub use clean::to_markdown;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Starlight,
    Hugo,
    Tldr,
}

impl std::str::FromStr for Layout {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "starlight" | "docusaurus" => Ok(Layout::Starlight),
            "hugo" => Ok(Layout::Hugo),
            "tldr" => Ok(Layout::Tldr),
            other => Err(format!("unknown layout {other:?}: expected starlight, hugo or tldr")),
        }
    }
}

#[derive(Debug, Default)]
pub struct ImportReport {
    pub imported: usize,
    pub modules: BTreeSet<String>,
    /// (source file, reason) for every file left out.
    pub skipped: Vec<(String, String)>,
}

#[derive(Serialize)]
struct FrontOut<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    updated: String,
    order: i32,
}

#[derive(Serialize)]
struct ModuleOut {
    title: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    description: BTreeMap<String, String>,
    order: i32,
}

/// A page read from the source, before it is written.
struct Page {
    locale: String,
    module: String,
    slug: String,
    title: String,
    summary: String,
    order: i32,
    body: String,
}

/// Lower-case letters, digits and dashes: what Atrium accepts as a file name and URL segment.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in slug::slugify(s).chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "page".into()
    } else {
        out
    }
}

fn title_case(section: &str) -> String {
    let words: Vec<String> = section
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        })
        .collect();
    words.join(" ")
}

fn split_front_matter(text: &str) -> (serde_yaml_ng::Value, &str) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) {
        if let Some(end) = rest.find("\n---") {
            let yaml = serde_yaml_ng::from_str(&rest[..end]).unwrap_or(serde_yaml_ng::Value::Null);
            let body = rest[end + 4..].trim_start_matches(['\r', '\n', '-']);
            return (yaml, body);
        }
    }
    (serde_yaml_ng::Value::Null, text)
}

fn yaml_str(v: &serde_yaml_ng::Value, key: &str) -> Option<String> {
    v.get(key).and_then(|x| x.as_str()).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn yaml_int(v: &serde_yaml_ng::Value, path: &[&str]) -> Option<i32> {
    let mut cur = v;
    for p in path {
        cur = cur.get(*p)?;
    }
    cur.as_i64().map(|n| n.clamp(-10_000, 10_000) as i32)
}

/// Maps a source language folder to a content language (`pages.fr` → `fr`, `en-us` → `en`,
/// `pt-BR` → `pt-br`, `zh_TW` → `zh-tw`); `None` for a folder that is not a language.
fn locale_of(folder: &str) -> Option<String> {
    let code = folder.strip_prefix("pages.").unwrap_or(if folder == "pages" { "en" } else { folder });
    let code = code.to_lowercase().replace('_', "-");
    let primary = code.split('-').next()?;
    // The interface's languages are read in one variant: `en-us` is English.
    if crate::is_locale(primary) {
        return Some(primary.to_string());
    }
    // Other regional variants (pt-br, zh-tw) are different languages for readers.
    crate::is_content_language(&code).then_some(code)
}

/// Where a Starlight/Hugo page lands: its module (the top-level section, or `general` for pages at
/// the top) and its slug (the rest of the path, dash-joined; `index` pages take their folder's name).
fn place(parts: &[String]) -> (String, String) {
    let (module, rest): (String, &[String]) = if parts.len() > 2 { (slugify(&parts[1]), &parts[2..]) } else { ("general".into(), &parts[1..]) };
    let mut segments: Vec<String> = rest.iter().map(|s| s.trim_end_matches(".mdx").trim_end_matches(".md").to_string()).collect();
    if matches!(segments.last().map(String::as_str), Some("index" | "_index")) {
        segments.pop();
    }
    let slug = if segments.is_empty() { "overview".to_string() } else { slugify(&segments.join("-")) };
    (module, slug)
}

/// The Atrium URL a source page (`en/guides/typescript.mdx`) is imported to, for relevance tests
/// whose judgements name source files. Ignores slug clashes, which the importer numbers.
pub fn imported_path(source: &str) -> Option<String> {
    let parts: Vec<String> = source.split('/').map(str::to_string).collect();
    let locale = locale_of(parts.first()?)?;
    (parts.len() >= 2).then(|| {
        let (module, slug) = place(&parts);
        format!("/{locale}/{module}/{slug}")
    })
}

/// Reads one source file into a page, or says why it is left out.
fn read_page(root: &Path, path: &Path, layout: Layout) -> Result<Option<Page>, String> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().to_string()).collect();
    if parts.len() < 2 {
        return Err("not inside a language folder".into());
    }
    let locale = locale_of(&parts[0]).ok_or_else(|| format!("folder {:?} is not a language Atrium knows", parts[0]))?;
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let stem = path.file_stem().unwrap_or_default().to_string_lossy().to_string();

    if layout == Layout::Tldr {
        let module = slugify(parts.get(1).map(String::as_str).unwrap_or("common"));
        return Ok(Some(tldr_page(&text, locale, module, slugify(&stem))));
    }

    let (front, body) = split_front_matter(&text);
    // Hugo's section page describes the module; it becomes the descriptor, not an article.
    if layout == Layout::Hugo && stem == "_index" && parts.len() == 3 {
        return Ok(None);
    }
    let (module, slug) = place(&parts);
    let title = yaml_str(&front, "title")
        .or_else(|| body.lines().find_map(|l| l.strip_prefix("# ").map(|t| t.trim().to_string())))
        .unwrap_or_else(|| title_case(&slug));
    let summary = yaml_str(&front, "description").unwrap_or_default();
    let order = yaml_int(&front, &["sidebar", "order"]).or_else(|| yaml_int(&front, &["weight"])).unwrap_or(100);
    Ok(Some(Page { locale, module, slug, title, summary, order, body: clean::to_markdown(body) }))
}

/// tldr: `# cmd`, `> description` lines, then `- example:` items each followed by `` `command` ``.
fn tldr_page(text: &str, locale: String, module: String, slug: String) -> Page {
    let mut title = slug.clone();
    let mut summary = Vec::new();
    let mut body = String::new();
    for line in text.lines() {
        if let Some(t) = line.strip_prefix("# ") {
            title = t.trim().to_string();
        } else if let Some(d) = line.strip_prefix("> ") {
            let d = d.trim();
            if !d.starts_with("More information") && !d.starts_with("Plus d'informations") {
                summary.push(d.to_string());
            }
            body.push_str(d);
            body.push_str("\n\n");
        } else if let Some(ex) = line.strip_prefix("- ") {
            body.push_str("## ");
            body.push_str(ex.trim().trim_end_matches(':'));
            body.push_str("\n\n");
        } else if line.starts_with('`') && line.ends_with('`') && line.len() > 1 {
            body.push_str("```sh\n");
            body.push_str(&line[1..line.len() - 1]);
            body.push_str("\n```\n\n");
        }
    }
    Page { locale, module, slug, title, summary: summary.join(" "), order: 100, body }
}

/// Imports every page under `from` into `to`, calling `progress(done, total)` as it goes.
pub fn import(from: &Path, layout: Layout, to: &Path, today: chrono::NaiveDate, progress: &mut dyn FnMut(usize, usize)) -> std::io::Result<ImportReport> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(from)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "mdx")))
        .collect();
    let mut report = ImportReport::default();
    let mut used: HashSet<(String, String, String)> = HashSet::new();
    let mut modules: BTreeMap<String, ModuleOut> = BTreeMap::new();
    for (done, path) in files.iter().enumerate() {
        progress(done + 1, files.len());
        let rel = path.strip_prefix(from).unwrap_or(path).display().to_string();
        let page = match read_page(from, path, layout) {
            Ok(Some(p)) => p,
            Ok(None) => {
                describe_module(&mut modules, from, path);
                continue;
            }
            Err(reason) => {
                report.skipped.push((rel, reason));
                continue;
            }
        };
        let mut slug = page.slug.clone();
        let mut n = 2;
        while !used.insert((page.locale.clone(), page.module.clone(), slug.clone())) {
            slug = format!("{}-{n}", page.slug);
            n += 1;
        }
        let dir = to.join(&page.locale).join(&page.module);
        std::fs::create_dir_all(&dir)?;
        let front = FrontOut { title: &page.title, summary: &page.summary, updated: today.to_string(), order: page.order };
        let yaml = serde_yaml_ng::to_string(&front).map_err(std::io::Error::other)?;
        std::fs::write(dir.join(format!("{slug}.md")), format!("---\n{yaml}---\n{}", page.body))?;
        let entry = modules.entry(page.module.clone()).or_insert_with(|| ModuleOut { title: BTreeMap::new(), description: BTreeMap::new(), order: 100 });
        entry.title.entry(page.locale.clone()).or_insert_with(|| title_case(&page.module));
        entry.title.entry(crate::FALLBACK_LOCALE.to_string()).or_insert_with(|| title_case(&page.module));
        report.modules.insert(page.module);
        report.imported += 1;
    }
    std::fs::create_dir_all(to.join("_modules"))?;
    for (folder, descriptor) in modules {
        let yaml = serde_yaml_ng::to_string(&descriptor).map_err(std::io::Error::other)?;
        std::fs::write(to.join("_modules").join(format!("{folder}.yml")), yaml)?;
    }
    Ok(report)
}

/// A Hugo section's `_index.md`: its title, description and weight name the module.
fn describe_module(modules: &mut BTreeMap<String, ModuleOut>, root: &Path, path: &Path) {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().to_string()).collect();
    let (Some(locale), Some(section)) = (parts.first().and_then(|l| locale_of(l)), parts.get(1)) else { return };
    let Ok(text) = std::fs::read_to_string(path) else { return };
    let (front, _) = split_front_matter(&text);
    let module = slugify(section);
    let entry = modules.entry(module.clone()).or_insert_with(|| ModuleOut { title: BTreeMap::new(), description: BTreeMap::new(), order: 100 });
    if let Some(title) = yaml_str(&front, "linkTitle").or_else(|| yaml_str(&front, "title")) {
        entry.title.insert(locale.clone(), title);
    }
    if let Some(d) = yaml_str(&front, "description") {
        entry.description.insert(locale.clone(), d);
    }
    if let Some(w) = yaml_int(&front, &["weight"]) {
        entry.order = w;
    }
    entry.title.entry(crate::FALLBACK_LOCALE.to_string()).or_insert_with(|| title_case(&module));
}

#[cfg(test)]
mod tests;
