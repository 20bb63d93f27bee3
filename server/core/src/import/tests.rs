//! The importer on small fixtures of each layout; the result must load without problems.

use super::*;
use std::fs;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn today() -> chrono::NaiveDate {
    "2026-11-23".parse().unwrap()
}

fn run(from: &Path, layout: Layout) -> (tempfile::TempDir, ImportReport) {
    let to = tempfile::tempdir().unwrap();
    let mut calls = 0;
    let report = import(from, layout, to.path(), today(), &mut |done, total| {
        calls += 1;
        assert!(done <= total);
    })
    .unwrap();
    assert!(calls > 0, "progress is reported");
    (to, report)
}

#[test]
fn a_starlight_folder_becomes_modules_and_articles() {
    let src = tempfile::tempdir().unwrap();
    let r = src.path();
    write(r, "en/guides/deploy.mdx", "---\ntitle: Deploy your site\ndescription: Ship it.\nsidebar:\n  order: 3\n---\nimport { Steps } from '@astrojs/starlight/components';\n\n<Steps>\n1. Build.\n</Steps>\n");
    write(r, "fr/guides/deploy.mdx", "---\ntitle: Déployer votre site\n---\nTexte.\n");
    write(r, "en/guides/upgrade-to/v5.mdx", "---\ntitle: Upgrade to v5\n---\nBody.\n");
    write(r, "en/getting-started.mdx", "---\ntitle: Getting started\n---\nHello.\n");
    write(r, "ja/guides/deploy.mdx", "---\ntitle: デプロイ\n---\n本文\n");
    write(r, "pt-BR/guides/deploy.mdx", "---\ntitle: Publicar seu site\n---\nTexto.\n");
    write(r, "drafts/guides/deploy.mdx", "---\ntitle: Not a language\n---\nText.\n");
    let (to, report) = run(r, Layout::Starlight);
    assert_eq!(report.imported, 6);
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    assert!(report.skipped[0].1.contains("\"drafts\""));
    // Languages beyond the interface's seven keep their pages, under their own tag.
    assert!(fs::read_to_string(to.path().join("ja/guides/deploy.md")).unwrap().contains("title: デプロイ"));
    assert!(to.path().join("pt-br/guides/deploy.md").exists());
    let deploy = fs::read_to_string(to.path().join("en/guides/deploy.md")).unwrap();
    assert!(deploy.contains("title: Deploy your site") && deploy.contains("summary: Ship it.") && deploy.contains("order: 3"), "{deploy}");
    assert!(!deploy.contains("import {") && !deploy.contains("<Steps>"), "{deploy}");
    assert!(to.path().join("en/guides/upgrade-to-v5.md").exists());
    assert!(to.path().join("en/general/getting-started.md").exists());
    let (store, problems) = crate::content::load(to.path());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(store.all_articles().count(), 6);
    assert_eq!(store.module("guides").unwrap().title("en"), "Guides");
    assert!(store.has_language("ja") && store.has_language("pt-br") && !store.has_language("drafts"));
}

#[test]
fn a_hugo_folder_takes_module_names_from_section_pages() {
    let src = tempfile::tempdir().unwrap();
    let r = src.path();
    write(r, "en/payroll/_index.md", "---\ntitle: Payroll and pay\nlinkTitle: Payroll\ndescription: Pay your people.\nweight: 2\n---\n");
    write(r, "en/payroll/run.md", "---\ntitle: Run payroll\nweight: 1\n---\nText {{< figure src=\"a.png\" >}} here.\n");
    write(r, "de/payroll/run.md", "---\ntitle: Lohnlauf\n---\nText.\n");
    let (to, report) = run(r, Layout::Hugo);
    assert_eq!(report.imported, 2);
    let descriptor = fs::read_to_string(to.path().join("_modules/payroll.yml")).unwrap();
    assert!(descriptor.contains("en: Payroll") && descriptor.contains("Pay your people.") && descriptor.contains("order: 2"), "{descriptor}");
    let run_md = fs::read_to_string(to.path().join("en/payroll/run.md")).unwrap();
    assert!(!run_md.contains("{{"), "{run_md}");
    let (_, problems) = crate::content::load(to.path());
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn tldr_pages_become_articles_with_examples_as_sections() {
    let src = tempfile::tempdir().unwrap();
    let r = src.path();
    write(
        r,
        "pages/common/tar.md",
        "# tar\n\n> Archiving utility.\n> More information: <https://example.org>.\n\n- Create an archive:\n\n`tar cf {{target.tar}} {{file1}}`\n",
    );
    write(r, "pages.sv/linux/apt.md", "# apt\n\n> Pakethanterare.\n\n- Installera ett paket:\n\n`apt install {{paket}}`\n");
    let (to, report) = run(r, Layout::Tldr);
    assert_eq!(report.imported, 2);
    let tar = fs::read_to_string(to.path().join("en/common/tar.md")).unwrap();
    assert!(tar.contains("title: tar") && tar.contains("summary: Archiving utility."), "{tar}");
    assert!(tar.contains("## Create an archive") && tar.contains("```sh\ntar cf {{target.tar}} {{file1}}\n```"), "{tar}");
    assert!(to.path().join("sv/linux/apt.md").exists());
    let (_, problems) = crate::content::load(to.path());
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn file_names_become_safe_unique_slugs() {
    assert_eq!(slugify("Über Uns!"), "uber-uns");
    assert_eq!(slugify("0-Introduction"), "0-introduction");
    assert_eq!(slugify("***"), "page");
    assert_eq!(imported_path("en/guides/upgrade-to/v5.mdx").as_deref(), Some("/en/guides/upgrade-to-v5"));
    assert_eq!(imported_path("fr/tutorial/0-introduction/index.mdx").as_deref(), Some("/fr/tutorial/0-introduction"));
    assert_eq!(imported_path("en/getting-started.mdx").as_deref(), Some("/en/general/getting-started"));
    assert_eq!("tldr".parse::<Layout>(), Ok(Layout::Tldr));
    assert!("word".parse::<Layout>().unwrap_err().contains("starlight, hugo or tldr"));
}
