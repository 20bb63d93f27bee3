//! Reads the content folder. A bad file never stops the server: it is reported with its file and
//! line, skipped, and `atrium check-content` lists every report and exits non-zero.

use super::{markdown, model::*, release::ReleaseNote, ContentStore};
use std::path::Path;

fn problem(file: &str, line: usize, message: impl Into<String>) -> ContentProblem {
    ContentProblem { file: file.to_string(), line, message: message.into() }
}

/// Loads everything under `root`; returns what could be loaded and what could not.
pub fn load(root: &Path) -> (ContentStore, Vec<ContentProblem>) {
    load_with(root, &[])
}

/// Loads `root` with the studio's published texts on top: each `(path, text)` replaces the file
/// at that path relative to `root`, or adds it.
pub fn load_with(root: &Path, published: &[(String, String)]) -> (ContentStore, Vec<ContentProblem>) {
    let mut problems = Vec::new();
    let mut modules = load_modules(root, &mut problems);
    let mut sources = source_files(root, &mut problems);
    for (rel, text) in published {
        // A module's descriptor published in the studio replaces the folder's.
        if let Some(folder) = super::studio::split_module_path(rel) {
            match read_module(folder, rel, text) {
                Ok(module) => {
                    modules.retain(|m| m.folder != module.folder);
                    modules.push(module);
                }
                Err(p) => problems.push(p),
            }
            continue;
        }
        sources.insert(rel.clone(), text.clone());
    }
    sort_modules(&mut modules);
    let mut placed = Placed::default();
    for (rel, text) in &sources {
        placed.place(rel, text, &modules, &mut problems);
    }
    let Placed { articles, releases, links } = placed;
    let store = ContentStore::from_shared(modules, articles, releases).with_synonyms(load_synonyms(root, &mut problems));
    for (index, targets) in links {
        let article = store.article_at(index);
        for (module, slug, line) in targets {
            if !store.exists_or_falls_back(article.tenant.as_deref(), &article.locale, &module, &slug) {
                problems.push(problem(&article.source, line, format!("broken link to article `{module}/{slug}`")));
            }
        }
    }
    (store, problems)
}

/// `previous` with the studio's publications `changes` on top, the folder not read again: each
/// `(path, text)` replaces the article or note at that path, or adds it. Everything else is the
/// very same article or note in memory, so the search index keeps its documents (see
/// `SearchIndex::updated`).
pub fn with_changes(previous: &ContentStore, changes: &[(String, String)]) -> (ContentStore, Vec<ContentProblem>) {
    let changed: std::collections::HashSet<&str> = changes.iter().map(|(path, _)| path.as_str()).collect();
    let mut placed = Placed {
        articles: previous.all_articles().filter(|a| !changed.contains(a.source.as_str())).cloned().collect(),
        releases: previous.all_releases().filter(|r| !changed.contains(r.source.as_str())).cloned().collect(),
        links: Vec::new(),
    };
    let mut problems = Vec::new();
    for (rel, text) in changes {
        placed.place(rel, text, previous.modules(), &mut problems);
    }
    let store = ContentStore::from_shared(previous.modules().to_vec(), placed.articles, placed.releases).with_synonyms(previous.all_synonyms().clone());
    (store, problems)
}

/// What files became: articles (with the article links each holds, by position) and notes.
#[derive(Default)]
struct Placed {
    articles: Vec<std::sync::Arc<Article>>,
    releases: Vec<std::sync::Arc<ReleaseNote>>,
    links: Vec<(usize, Vec<ArticleLink>)>,
}

impl Placed {
    /// Reads one file's text as the article or release note its path says it is, or reports why not.
    fn place(&mut self, rel: &str, text: &str, modules: &[Module], problems: &mut Vec<ContentProblem>) {
        let (tenant, inner) = super::split_tenant(rel);
        let locale = inner.split('/').next().unwrap_or_default();
        if inner.split('/').nth(1) == Some(super::RELEASES_FOLDER) {
            if tenant.is_some() {
                problems.push(problem(rel, 0, "release notes are the vendor's: a customer's folder holds articles only"));
                return;
            }
            match read_release(text, rel, locale, modules) {
                Ok(note) => self.releases.push(std::sync::Arc::new(note)),
                Err(p) => problems.push(p),
            }
            return;
        }
        match parse_article(rel, text, modules) {
            Ok((article, article_links)) => {
                if let Some(dup) = self.articles.iter().find(|a| {
                    a.tenant == article.tenant
                        && a.locale == article.locale
                        && a.module == article.module
                        && (a.slug == article.slug || a.translation_key == article.translation_key)
                }) {
                    let line = text.lines().position(|l| l.starts_with("translation_key")).map_or(1, |i| i + 1);
                    problems.push(problem(
                        rel,
                        line,
                        format!("duplicate slug or translation key `{}`: already used by {}", article.translation_key, dup.source),
                    ));
                    return;
                }
                self.links.push((self.articles.len(), article_links));
                self.articles.push(std::sync::Arc::new(article));
            }
            Err(found) => problems.extend(found),
        }
    }
}

/// The text of every article and release note file under `root`, by path relative to it, in
/// path order; unreadable files and folders that are not a language are reported.
pub(crate) fn source_files(root: &Path, problems: &mut Vec<ContentProblem>) -> std::collections::BTreeMap<String, String> {
    let mut sources = std::collections::BTreeMap::new();
    let entries = match std::fs::read_dir(root) {
        Ok(e) => e,
        Err(e) => {
            problems.push(problem(&root.display().to_string(), 0, format!("content folder cannot be read: {e}")));
            return sources;
        }
    };
    let mut locale_dirs: Vec<_> = entries.flatten().filter(|e| e.path().is_dir()).collect();
    locale_dirs.sort_by_key(|e| e.file_name());
    for entry in locale_dirs {
        let locale = entry.file_name().to_string_lossy().to_string();
        if locale == super::TENANTS_FOLDER {
            tenant_files(root, &entry.path(), &mut sources, problems);
            continue;
        }
        if locale.starts_with('_') {
            continue;
        }
        if !crate::is_content_language(&locale) {
            problems.push(problem(
                &locale,
                0,
                format!("unknown language folder; expected one of {} or another language's lower-case tag (ja, zh-cn, pt-br…)", crate::LOCALES.join(", ")),
            ));
            continue;
        }
        markdown_files(root, &entry.path(), &mut sources, problems);
    }
    sources
}

/// Every `.md` file under `dir`, by path relative to `root`.
fn markdown_files(root: &Path, dir: &Path, sources: &mut std::collections::BTreeMap<String, String>, problems: &mut Vec<ContentProblem>) {
    for file in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        let path = file.path();
        if !file.file_type().is_file() || path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path).display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => {
                sources.insert(rel, text);
            }
            Err(e) => problems.push(problem(&rel, 0, e.to_string())),
        }
    }
}

/// `_tenants/<tenant>/<locale>/…`: each customer's own articles, in language folders as the
/// vendor's are.
fn tenant_files(root: &Path, dir: &Path, sources: &mut std::collections::BTreeMap<String, String>, problems: &mut Vec<ContentProblem>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut tenants: Vec<_> = entries.flatten().filter(|e| e.path().is_dir()).collect();
    tenants.sort_by_key(|e| e.file_name());
    for tenant in tenants {
        let Ok(languages) = std::fs::read_dir(tenant.path()) else { continue };
        let mut languages: Vec<_> = languages.flatten().filter(|e| e.path().is_dir()).collect();
        languages.sort_by_key(|e| e.file_name());
        for language in languages {
            let code = language.file_name().to_string_lossy().to_string();
            if !crate::is_content_language(&code) {
                let rel = language.path().strip_prefix(root).map(|p| p.display().to_string()).unwrap_or(code);
                problems.push(problem(&rel, 0, "unknown language folder in a customer's folder"));
                continue;
            }
            markdown_files(root, &language.path(), sources, problems);
        }
    }
}

/// `content/_synonyms/<locale>.yml`: a list of groups, each a list of words or phrases that mean
/// the same thing to readers (`[sso, single sign-on]`). Optional.
fn load_synonyms(root: &Path, problems: &mut Vec<ContentProblem>) -> std::collections::HashMap<String, Vec<Vec<String>>> {
    let mut out = std::collections::HashMap::new();
    for locale in crate::LOCALES {
        let rel = format!("_synonyms/{locale}.yml");
        let Ok(text) = std::fs::read_to_string(root.join(&rel)) else { continue };
        match serde_yaml_ng::from_str::<Vec<Vec<String>>>(&text) {
            Ok(groups) => {
                let groups: Vec<Vec<String>> = groups
                    .into_iter()
                    .map(|g| g.into_iter().map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect::<Vec<_>>())
                    .filter(|g| g.len() >= 2)
                    .collect();
                out.insert(locale.to_string(), groups);
            }
            Err(e) => {
                problems.push(problem(&rel, e.location().map(|l| l.line()).unwrap_or(1), format!("invalid synonyms: {e} (expected a list of lists of words)")))
            }
        }
    }
    out
}

fn load_modules(root: &Path, problems: &mut Vec<ContentProblem>) -> Vec<Module> {
    let dir = root.join("_modules");
    let mut modules = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        problems.push(problem("_modules", 0, "no module descriptors: create content/_modules/<module>.yml"));
        return modules;
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files {
        if path.extension().and_then(|e| e.to_str()) != Some("yml") {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path).display().to_string();
        let folder = path.file_stem().unwrap_or_default().to_string_lossy().to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(problem(&rel, 0, e.to_string()));
                continue;
            }
        };
        match read_module(&folder, &rel, &text) {
            Ok(module) => modules.push(module),
            Err(p) => problems.push(p),
        }
    }
    sort_modules(&mut modules);
    modules
}

fn sort_modules(modules: &mut [Module]) {
    modules.sort_by(|a, b| a.descriptor.order.cmp(&b.descriptor.order).then(a.folder.cmp(&b.folder)));
}

/// A module descriptor's text (`rel` names it in reports), as the module of `folder`.
pub(crate) fn read_module(folder: &str, rel: &str, text: &str) -> Result<Module, ContentProblem> {
    match serde_yaml_ng::from_str::<ModuleDescriptor>(text) {
        Ok(descriptor) if descriptor.title.contains_key(crate::FALLBACK_LOCALE) => Ok(Module { folder: folder.to_string(), descriptor }),
        Ok(_) => Err(problem(rel, 1, "module descriptor needs an English title (title: { en: … })")),
        Err(e) => Err(problem(rel, e.location().map(|l| l.line()).unwrap_or(1), e.to_string())),
    }
}

/// A link from an article to another: module, slug, and the line it is on.
type ArticleLink = (String, String, usize);

/// Reads one article's text, found at `rel` (`<locale>/<module>/<slug>.md`): every problem of
/// the file, or the article and the links it makes to other articles.
pub(crate) fn parse_article(rel: &str, text: &str, modules: &[Module]) -> Result<(Article, Vec<ArticleLink>), Vec<ContentProblem>> {
    let (tenant, inner) = super::split_tenant(rel);
    let parts: Vec<&str> = inner.split('/').collect();
    let [locale, module, file_name] = parts.as_slice() else {
        return Err(vec![problem(rel, 0, "articles live at <locale>/<module>/<slug>.md")]);
    };
    let mut problems = Vec::new();
    if !modules.iter().any(|m| m.folder == *module) {
        problems.push(problem(rel, 0, format!("unknown module `{module}`: add content/_modules/{module}.yml")));
    }
    if let Err(p) = valid_slug(rel, file_name) {
        problems.push(p);
    }
    let (front, body) = split_front_matter(rel, text).map_err(|p| vec![p])?;
    if let Err(p) = check_nesting(rel, text, front, body) {
        // Nothing more is read of a file nested this deep: that is what costs.
        problems.push(p);
        return Err(problems);
    }
    let fm: FrontMatter = match serde_yaml_ng::from_str(front) {
        Ok(fm) => fm,
        Err(e) => {
            // +1: the opening `---` line comes before the YAML.
            let line = e.location().map(|l| l.line() + 1).unwrap_or(2);
            problems.push(problem(rel, line, format!("invalid front matter: {e}")));
            return Err(problems);
        }
    };
    if fm.title.trim().is_empty() {
        problems.push(problem(rel, key_line(front, "title"), "front matter `title` is empty"));
    }
    let known = modules.iter().find(|m| m.folder == *module).map(|m| m.descriptor.versions.as_slice()).unwrap_or_default();
    for v in fm.versions.iter().filter(|v| !known.iter().any(|k| &k.version == *v)) {
        problems.push(problem(rel, key_line(front, "versions"), format!("unknown version `{v}`: add it to content/_modules/{module}.yml")));
    }
    if fm.visibility == Visibility::Restricted && fm.groups.is_empty() {
        problems.push(problem(rel, key_line(front, "visibility"), "a restricted article must name the groups that may read it (groups: [...])"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let slug = file_name.trim_end_matches(".md");
    let body_line = text[..body.as_ptr() as usize - text.as_ptr() as usize].matches('\n').count();
    // check_nesting above has found the body within bounds.
    let mut rendered = markdown::render_checked(body, locale, module);
    for link in &mut rendered.article_links {
        link.2 += body_line;
    }
    let article = Article {
        locale: locale.to_string(),
        module: module.to_string(),
        slug: slug.to_string(),
        translation_key: fm.translation_key.unwrap_or_else(|| slug.to_string()),
        title: fm.title,
        summary: fm.summary,
        tags: fm.tags,
        updated: fm.updated,
        order: fm.order,
        versions: fm.versions,
        source_updated: fm.source_updated,
        owner: fm.owner.filter(|o| !o.trim().is_empty()),
        review_by: fm.review_by,
        visibility: fm.visibility,
        groups: fm.groups,
        html: PackedText::pack(&rendered.html),
        toc: rendered.toc,
        plain_text: rendered.plain_text,
        source: rel.to_string(),
        tenant: tenant.map(str::to_string),
    };
    Ok((article, rendered.article_links))
}

pub(crate) fn read_release(text: &str, rel: &str, locale: &str, modules: &[Module]) -> Result<ReleaseNote, ContentProblem> {
    let parts: Vec<&str> = rel.split('/').collect();
    let [_, _, file_name] = parts.as_slice() else {
        return Err(problem(rel, 0, "release notes live at <locale>/releases/<slug>.md"));
    };
    let slug = valid_slug(rel, file_name)?;
    let (front, body) = split_front_matter(rel, text)?;
    check_nesting(rel, text, front, body)?;
    super::release::read(front, body, rel, locale, slug, modules)
}

/// The file line of `key:` in the front matter (which starts at line 2), or 2 when absent.
fn key_line(front: &str, key: &str) -> usize {
    front.lines().position(|l| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))).map_or(2, |i| i + 2)
}

fn valid_slug<'a>(rel: &str, file_name: &'a str) -> Result<&'a str, ContentProblem> {
    let slug = file_name.trim_end_matches(".md");
    if slug.is_empty() || !slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err(problem(rel, 0, "file names must be lower-case letters, digits and dashes (they become the URL)"));
    }
    Ok(slug)
}

/// How deep front matter may nest (indentation steps and brackets): YAML parsing costs more with
/// depth, and no real front matter needs more than a few.
const MAX_FRONT_MATTER_NESTING: usize = 16;

/// Refuses a file that nests deeper than it may, in its front matter or its body, at the line
/// where it does, before anything costly is done with it.
fn check_nesting(rel: &str, text: &str, front: &str, body: &str) -> Result<(), ContentProblem> {
    // Both are slices of `text`: their offsets give their first lines.
    let line_at = |slice: &str, offset: usize| {
        let start = slice.as_ptr() as usize - text.as_ptr() as usize;
        text[..start + offset].matches('\n').count() + 1
    };
    let mut brackets = 0usize;
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut quoted: Option<char> = None;
        let mut deepest = brackets;
        for c in line.chars() {
            match (quoted, c) {
                (Some(q), c) if c == q => quoted = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quoted = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    brackets += 1;
                    deepest = deepest.max(brackets);
                }
                (None, ']' | '}') => brackets = brackets.saturating_sub(1),
                _ => {}
            }
        }
        let depth = indent / 2 + deepest;
        if depth > MAX_FRONT_MATTER_NESTING {
            return Err(problem(rel, line_at(front, offset), format!("front matter nests {depth} levels deep; at most {MAX_FRONT_MATTER_NESTING}")));
        }
        offset += line.len();
    }
    if let Some((depth, at)) = markdown::too_deep(body) {
        let max = markdown::MAX_NESTING;
        return Err(problem(
            rel,
            line_at(body, at),
            format!("text nests {depth} levels deep (quotes, lists, emphasis or HTML inside each other); at most {max}"),
        ));
    }
    Ok(())
}

/// Splits `---\n<yaml>\n---\n<body>`; a file without the opening line, and one whose front
/// matter is never closed, are told apart (the second at the line the closing one is missing after).
pub(crate) fn split_front_matter<'t>(rel: &str, text: &'t str) -> Result<(&'t str, &'t str), ContentProblem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return Err(problem(rel, 1, "missing front matter: the file must start with a --- line"));
    };
    let Some(end) = rest.find("\n---") else {
        let lines = text.lines().count();
        return Err(problem(rel, lines, "front matter is not closed: add a --- line after it (it opens at line 1)"));
    };
    let front = &rest[..end];
    let body = rest[end + 4..].trim_start_matches(['\r', '\n']);
    Ok((front, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    #[test]
    fn deep_nesting_is_refused_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "_modules/core-hr.yml", "title: { en: Core HR }\ndescription:\n  en: Records.\norder: 1\n");
        write(dir.path(), "en/core-hr/fine.md", "---\ntitle: Fine\nupdated: 2026-11-20\n---\n> a quote\n");
        let quotes = format!("---\ntitle: Quotes\nupdated: 2026-11-20\n---\nintro\n\n{} deep\n", ">".repeat(50_000));
        write(dir.path(), "en/core-hr/quotes.md", &quotes);
        let front = format!("---\ntitle: Front\nupdated: 2026-11-20\ntags: {}{}\n---\nbody\n", "[".repeat(20_000), "]".repeat(20_000));
        write(dir.path(), "en/core-hr/front.md", &front);
        let (store, problems) = crate::content::load(dir.path());
        assert_eq!(store.all_articles().count(), 1, "the good article loads: {problems:?}");
        let at = |file: &str| problems.iter().find(|p| p.file.ends_with(file)).unwrap_or_else(|| panic!("{file}: {problems:?}"));
        assert_eq!(at("quotes.md").line, 7, "{}", at("quotes.md"));
        assert!(at("quotes.md").message.contains("at most 32"), "{}", at("quotes.md"));
        assert_eq!(at("front.md").line, 4, "{}", at("front.md"));
        assert!(at("front.md").message.contains("front matter nests"), "{}", at("front.md"));
    }

    #[test]
    fn an_unclosed_front_matter_is_named_as_such_at_the_end_of_the_file() {
        let missing = split_front_matter("en/core-hr/a.md", "# Title\ntext\n").unwrap_err();
        assert_eq!((missing.line, missing.message.contains("must start with a --- line")), (1, true));
        let unclosed = split_front_matter("en/core-hr/b.md", "---\ntitle: B\nupdated: 2026-01-01\n\nText without the closing line\n").unwrap_err();
        assert!(unclosed.message.contains("not closed"), "{unclosed}");
        assert_eq!(unclosed.line, 5);
        assert!(split_front_matter("x.md", "---\ntitle: C\n---\nBody\n").is_ok());
    }

    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "_modules/core-hr.yml", "title: { en: Core HR, fr: Dossier salarié }\norder: 1\n");
        write(root, "en/core-hr/import.md", "---\ntitle: Import employees\nupdated: 2026-01-01\n---\n# Import\n\nSee [fields](fields.md).\n");
        write(root, "en/core-hr/fields.md", "---\ntitle: Fields\nupdated: 2026-01-01\norder: 1\n---\nText\n");
        write(root, "fr/core-hr/importer.md", "---\ntitle: Importer\nupdated: 2026-01-01\ntranslation_key: import\n---\nVoir [champs](fields.md).\n");
        dir
    }

    #[test]
    fn every_problem_of_a_file_is_reported_at_its_own_line() {
        let dir = fixture();
        let root = dir.path();
        write(root, "en/core-hr/many.md", "---\ntitle: \"\"\nupdated: 2026-01-01\nversions: [\"9.9\"]\nvisibility: restricted\n---\n# Many\n\nFirst line.\n\nSee [gone](gone.md) and [fields](fields.md).\n\n[also gone](../core-hr/missing.md)\n");
        let (_, problems) = load(root);
        let lines: Vec<(usize, &str)> = problems.iter().filter(|p| p.file.ends_with("many.md")).map(|p| (p.line, p.message.as_str())).collect();
        assert!(lines.iter().any(|(l, m)| *l == 2 && m.contains("title")), "{lines:?}");
        assert!(lines.iter().any(|(l, m)| *l == 4 && m.contains("unknown version `9.9`")), "{lines:?}");
        assert!(lines.iter().any(|(l, m)| *l == 5 && m.contains("restricted")), "{lines:?}");
        write(root, "en/core-hr/many.md", "---\ntitle: Many\nupdated: 2026-01-01\n---\n# Many\n\nFirst line.\n\nSee [gone](gone.md) and [fields](fields.md).\n\n[also gone](../core-hr/missing.md)\n");
        let (_, problems) = load(root);
        let links: Vec<(usize, &str)> = problems.iter().filter(|p| p.file.ends_with("many.md")).map(|p| (p.line, p.message.as_str())).collect();
        assert_eq!(links, [(9, "broken link to article `core-hr/gone`"), (11, "broken link to article `core-hr/missing`")]);
    }

    #[test]
    fn a_good_folder_loads_without_problems() {
        let dir = fixture();
        let (store, problems) = load(dir.path());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(store.all_articles().count(), 3);
        assert_eq!(store.all_articles().filter(|a| a.locale == "en").count(), 2);
    }

    #[test]
    fn bad_files_are_reported_with_file_and_line_and_skipped() {
        let dir = fixture();
        let root = dir.path();
        write(root, "en/core-hr/bad-yaml.md", "---\ntitle: Broken\nupdated: not-a-date\n---\nx\n");
        write(root, "en/unknown/thing.md", "---\ntitle: T\nupdated: 2026-01-01\n---\nx\n");
        write(root, "en/core-hr/no-front.md", "just text\n");
        write(root, "en/core-hr/zz-dup.md", "---\ntitle: Dup\nupdated: 2026-01-01\ntranslation_key: import\n---\nx\n");
        write(root, "en/core-hr/links.md", "---\ntitle: Links\nupdated: 2026-01-01\n---\n[gone](missing.md)\n");
        let (store, problems) = load(root);
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(text.iter().any(|p| p.starts_with("en/core-hr/bad-yaml.md:3:")), "{text:?}");
        assert!(text.iter().any(|p| p.starts_with("en/unknown/thing.md") && p.contains("unknown module")), "{text:?}");
        assert!(text.iter().any(|p| p.starts_with("en/core-hr/no-front.md:1:")), "{text:?}");
        assert!(text.iter().any(|p| p.starts_with("en/core-hr/zz-dup.md") && p.contains("duplicate")), "{text:?}");
        assert!(text.iter().any(|p| p.contains("broken link to article `core-hr/missing`")), "{text:?}");
        // The good articles are still served.
        assert!(store.all_articles().any(|a| a.slug == "import"));
        assert!(!store.all_articles().any(|a| a.slug == "bad-yaml"));
    }

    #[test]
    fn a_restricted_article_without_groups_is_refused() {
        let dir = fixture();
        write(dir.path(), "en/core-hr/secret.md", "---\ntitle: S\nupdated: 2026-01-01\nvisibility: restricted\n---\nx\n");
        let (_, problems) = load(dir.path());
        assert!(problems.iter().any(|p| p.file == "en/core-hr/secret.md" && p.message.contains("groups")));
    }

    #[test]
    fn release_notes_load_and_bad_ones_are_reported() {
        let dir = fixture();
        write(
            dir.path(),
            "en/releases/week-47.md",
            "---\ntitle: Week 47\nversion: \"2026.2.6\"\ndate: 2026-11-16\nmodules: [core-hr]\npublish_at: 2026-11-16T18:30:00+01:00\nfeatures:\n  - { title: Dry run, state: active }\n  - { title: Sync, state: delivered-deactivated, activation: Turn it on in Settings }\n---\nDetails.\n",
        );
        write(
            dir.path(),
            "en/releases/no-activation.md",
            "---\ntitle: W\nversion: \"1\"\ndate: 2026-11-16\nfeatures:\n  - { title: Sync, state: delivered-deactivated }\n---\n",
        );
        write(dir.path(), "en/releases/bad-module.md", "---\ntitle: W\nversion: \"1\"\ndate: 2026-11-16\nmodules: [payroll]\n---\n");
        write(dir.path(), "en/releases/bad-time.md", "---\ntitle: W\nversion: \"1\"\ndate: 2026-11-16\npublish_at: next monday\n---\n");
        let (store, problems) = load(dir.path());
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(text.iter().any(|p| p.starts_with("en/releases/no-activation.md") && p.contains("how to activate")), "{text:?}");
        assert!(text.iter().any(|p| p.starts_with("en/releases/bad-module.md") && p.contains("unknown module `payroll`")), "{text:?}");
        assert!(text.iter().any(|p| p.starts_with("en/releases/bad-time.md") && p.contains("publish_at")), "{text:?}");
        assert_eq!(text.len(), 3, "{text:?}");
        let all = store.releases("en", i64::MAX);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].0.publish_at, 1_794_850_200);
        // Not before its time; English stands in for a locale without its own notes.
        assert!(store.releases("en", 1_794_850_199).is_empty());
        let fr = store.releases("fr", i64::MAX);
        assert!(fr[0].1, "flagged as an English stand-in");
        assert_eq!(fr[0].0.slug, "week-47");
    }

    #[test]
    fn synonyms_load_lower_cased_and_a_bad_file_is_reported() {
        let dir = fixture();
        write(dir.path(), "_synonyms/en.yml", "- [SSO, Single Sign-On]\n- [alone]\n");
        write(dir.path(), "_synonyms/fr.yml", "sso: oops\n");
        let (store, problems) = load(dir.path());
        assert_eq!(store.synonyms("en"), [vec!["sso".to_string(), "single sign-on".to_string()]]);
        assert!(store.synonyms("fr").is_empty());
        assert!(problems.iter().any(|p| p.file == "_synonyms/fr.yml" && p.message.contains("list of lists")), "{problems:?}");
    }
}
