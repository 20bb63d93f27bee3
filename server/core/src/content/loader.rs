//! Reads the content folder. A bad file never stops the server: it is reported with its file and
//! line, skipped, and `atrium check-content` lists every report and exits non-zero.

use super::{markdown, model::*, release::ReleaseNote, ContentStore};
use std::{fmt, path::Path};

#[derive(Debug, Clone, PartialEq)]
pub struct ContentProblem {
    /// Path relative to the content folder.
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ContentProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

fn problem(file: &str, line: usize, message: impl Into<String>) -> ContentProblem {
    ContentProblem { file: file.to_string(), line, message: message.into() }
}

/// Loads everything under `root`; returns what could be loaded and what could not.
pub fn load(root: &Path) -> (ContentStore, Vec<ContentProblem>) {
    let mut problems = Vec::new();
    let modules = load_modules(root, &mut problems);
    let mut articles: Vec<Article> = Vec::new();
    let mut releases: Vec<ReleaseNote> = Vec::new();
    let mut links: Vec<(usize, Vec<(String, String)>)> = Vec::new();

    let entries = match std::fs::read_dir(root) {
        Ok(e) => e,
        Err(e) => {
            problems.push(problem(&root.display().to_string(), 0, format!("content folder cannot be read: {e}")));
            return (ContentStore::new(modules, articles, releases), problems);
        }
    };
    let mut locale_dirs: Vec<_> = entries.flatten().filter(|e| e.path().is_dir()).collect();
    locale_dirs.sort_by_key(|e| e.file_name());
    for entry in locale_dirs {
        let locale = entry.file_name().to_string_lossy().to_string();
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
        for file in walkdir::WalkDir::new(entry.path()).sort_by_file_name().into_iter().flatten() {
            let path = file.path();
            if !file.file_type().is_file() || path.extension().and_then(|e| e.to_str()) != Some("md") {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap_or(path).display().to_string();
            if rel.split('/').nth(1) == Some(super::RELEASES_FOLDER) {
                match read_release(path, &rel, &locale, &modules) {
                    Ok(note) => releases.push(note),
                    Err(p) => problems.push(p),
                }
                continue;
            }
            match read_article(path, &rel, &locale, &modules) {
                Ok((article, article_links)) => {
                    if let Some(dup) = articles.iter().find(|a| {
                        a.locale == article.locale
                            && a.module == article.module
                            && (a.slug == article.slug || a.translation_key == article.translation_key)
                    }) {
                        problems.push(problem(
                            &rel,
                            1,
                            format!("duplicate slug or translation key `{}`: already used by {}", article.translation_key, dup.source),
                        ));
                        continue;
                    }
                    links.push((articles.len(), article_links));
                    articles.push(article);
                }
                Err(p) => problems.push(p),
            }
        }
    }

    let store = ContentStore::new(modules, articles, releases).with_synonyms(load_synonyms(root, &mut problems));
    for (index, targets) in links {
        let article = store.article_at(index);
        for (module, slug) in targets {
            if !store.exists_or_falls_back(&article.locale, &module, &slug) {
                problems.push(problem(&article.source, 1, format!("broken link to article `{module}/{slug}`")));
            }
        }
    }
    (store, problems)
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
            Err(e) => problems.push(problem(&rel, e.location().map(|l| l.line()).unwrap_or(1), format!("invalid synonyms: {e} (expected a list of lists of words)"))),
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
        match serde_yaml_ng::from_str::<ModuleDescriptor>(&text) {
            Ok(descriptor) if descriptor.title.contains_key(crate::FALLBACK_LOCALE) => {
                modules.push(Module { folder, descriptor })
            }
            Ok(_) => problems.push(problem(&rel, 1, "module descriptor needs an English title (title: { en: … })")),
            Err(e) => problems.push(problem(&rel, e.location().map(|l| l.line()).unwrap_or(1), e.to_string())),
        }
    }
    modules.sort_by(|a, b| a.descriptor.order.cmp(&b.descriptor.order).then(a.folder.cmp(&b.folder)));
    modules
}

fn read_article(
    path: &Path,
    rel: &str,
    locale: &str,
    modules: &[Module],
) -> Result<(Article, Vec<(String, String)>), ContentProblem> {
    let parts: Vec<&str> = rel.split('/').collect();
    let [_, module, file_name] = parts.as_slice() else {
        return Err(problem(rel, 0, "articles live at <locale>/<module>/<slug>.md"));
    };
    if !modules.iter().any(|m| m.folder == *module) {
        return Err(problem(rel, 0, format!("unknown module `{module}`: add content/_modules/{module}.yml")));
    }
    let slug = valid_slug(rel, file_name)?;
    let text = std::fs::read_to_string(path).map_err(|e| problem(rel, 0, e.to_string()))?;
    let (front, body) = split_front_matter(rel, &text)?;
    let fm: FrontMatter = serde_yaml_ng::from_str(front).map_err(|e| {
        // +1: the opening `---` line comes before the YAML.
        let line = e.location().map(|l| l.line() + 1).unwrap_or(2);
        problem(rel, line, format!("invalid front matter: {e}"))
    })?;
    if fm.title.trim().is_empty() {
        return Err(problem(rel, 2, "front matter `title` is empty"));
    }
    let known = &modules.iter().find(|m| m.folder == *module).expect("checked above").descriptor.versions;
    if let Some(v) = fm.versions.iter().find(|v| !known.iter().any(|k| &k.version == *v)) {
        return Err(problem(rel, 2, format!("unknown version `{v}`: add it to content/_modules/{module}.yml")));
    }
    if fm.visibility == Visibility::Restricted && fm.groups.is_empty() {
        return Err(problem(rel, 2, "a restricted article must name the groups that may read it (groups: [...])"));
    }
    let rendered = markdown::render(body, locale, module);
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
        visibility: fm.visibility,
        groups: fm.groups,
        html: PackedText::pack(&rendered.html),
        toc: rendered.toc,
        plain_text: rendered.plain_text,
        source: rel.to_string(),
    };
    Ok((article, rendered.article_links))
}

fn read_release(path: &Path, rel: &str, locale: &str, modules: &[Module]) -> Result<ReleaseNote, ContentProblem> {
    let parts: Vec<&str> = rel.split('/').collect();
    let [_, _, file_name] = parts.as_slice() else {
        return Err(problem(rel, 0, "release notes live at <locale>/releases/<slug>.md"));
    };
    let slug = valid_slug(rel, file_name)?;
    let text = std::fs::read_to_string(path).map_err(|e| problem(rel, 0, e.to_string()))?;
    let (front, body) = split_front_matter(rel, &text)?;
    super::release::read(front, body, rel, locale, slug, modules)
}

fn valid_slug<'a>(rel: &str, file_name: &'a str) -> Result<&'a str, ContentProblem> {
    let slug = file_name.trim_end_matches(".md");
    if slug.is_empty() || !slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err(problem(rel, 0, "file names must be lower-case letters, digits and dashes (they become the URL)"));
    }
    Ok(slug)
}

/// Splits `---\n<yaml>\n---\n<body>`; a file without the opening line, and one whose front
/// matter is never closed, are told apart (the second at the line the closing one is missing after).
fn split_front_matter<'t>(rel: &str, text: &'t str) -> Result<(&'t str, &'t str), ContentProblem> {
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
        write(dir.path(), "en/releases/no-activation.md", "---\ntitle: W\nversion: \"1\"\ndate: 2026-11-16\nfeatures:\n  - { title: Sync, state: delivered-deactivated }\n---\n");
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
