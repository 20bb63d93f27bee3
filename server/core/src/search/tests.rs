//! Search over the real demo content.

use super::*;
use crate::content::{self, Reader};
use std::sync::OnceLock;

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let (store, problems) = content::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content"));
        assert!(problems.is_empty(), "{problems:?}");
        SearchIndex::build(&store).unwrap()
    })
}

fn search(locale: &str, query: &str, reader: &Reader) -> SearchResults {
    index()
        .search(&SearchRequest { locale, query, module: None, reader, limit: 10, offset: 0, now: i64::MAX, doc_type: None, features: Features::ALL })
        .unwrap()
}

fn paths(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.path.as_str()).collect()
}

/// The index of `pages` ((source path, text) in the Starlight layout) once imported and loaded.
fn imported_index(pages: &[(&str, &str)]) -> SearchIndex {
    let src = tempfile::tempdir().unwrap();
    for (path, text) in pages {
        let page = src.path().join(path);
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::write(&page, text).unwrap();
    }
    let to = tempfile::tempdir().unwrap();
    crate::import::import(src.path(), crate::import::Layout::Starlight, to.path(), "2026-12-05".parse().unwrap(), &mut |_, _| {}).unwrap();
    let (store, problems) = content::load(to.path());
    assert!(problems.is_empty(), "{problems:?}");
    SearchIndex::build(&store).unwrap()
}

#[test]
fn the_best_match_comes_first_and_is_highlighted() {
    let r = search("en", "import employees", &Reader::anonymous());
    assert_eq!(r.hits[0].path, "/en/core-hr/import-employees", "{:?}", paths(&r));
    assert!(r.hits[0].snippet.contains("<mark>"), "{}", r.hits[0].snippet);
}

/// Words such as "the" and "to" neither decide nor light up results: a question asks what the
/// same words without them ask, and only its meaningful words are marked.
#[test]
fn stop_words_are_neither_matched_nor_highlighted() {
    let question = search("en", "how to import the employees from a file", &Reader::anonymous());
    assert_eq!(paths(&question), paths(&search("en", "how import employees from file", &Reader::anonymous())));
    assert_eq!(question.hits[0].path, "/en/core-hr/import-employees", "{:?}", paths(&question));
    for hit in &question.hits {
        for stop in ["<mark>the</mark>", "<mark>to</mark>", "<mark>a</mark>", "<mark>The</mark>", "<mark>A</mark>"] {
            assert!(!hit.snippet.contains(stop), "{}", hit.snippet);
        }
    }
    // French readers' own stop words go too.
    let fr = search("fr", "importer les salariés depuis un fichier", &Reader::anonymous());
    assert_eq!(fr.hits[0].path, "/fr/core-hr/importer-des-salaries", "{:?}", paths(&fr));
    assert!(fr.hits.iter().all(|h| !h.snippet.contains("<mark>les</mark>") && !h.snippet.contains("<mark>un</mark>")), "{:?}", fr.hits);
}

#[test]
fn typos_are_forgiven_without_drowning_exact_matches() {
    let r = search("en", "pasword polcy", &Reader::anonymous());
    assert_eq!(r.hits.first().map(|h| h.path.as_str()), Some("/en/administration/password-policy"), "{:?}", paths(&r));
    // Short words get no typo budget: "role" must not match "rule".
    let exact = search("en", "roles", &Reader::anonymous());
    assert_eq!(exact.hits[0].path, "/en/administration/user-roles");
}

#[test]
fn the_word_being_typed_matches_as_a_prefix() {
    let r = search("en", "calibr", &Reader::anonymous());
    assert_eq!(r.hits.first().map(|h| h.path.as_str()), Some("/en/performance/calibration"), "{:?}", paths(&r));
}

#[test]
fn each_locale_searches_in_its_own_language() {
    let fr = search("fr", "salarié importé", &Reader::anonymous());
    assert_eq!(fr.hits[0].path, "/fr/core-hr/importer-des-salaries", "{:?}", paths(&fr));
    let de = search("de", "Mitarbeitern importieren", &Reader::anonymous());
    assert_eq!(de.hits[0].path, "/de/core-hr/mitarbeiter-importieren", "{:?}", paths(&de));
    // Swedish has no translations yet: English stand-ins are found under Swedish URLs.
    let sv = search("sv", "pay grades", &Reader::anonymous());
    assert_eq!(sv.hits[0].path, "/sv/compensation/pay-grades");
    assert!(sv.hits[0].fallback);
    // An English article is indexed once, for every locale it stands in for, but never for a
    // locale that has its translation: a French reader typing its English words finds the French one.
    let fr_english_words = search("fr", "import employees", &Reader::anonymous());
    assert!(!paths(&fr_english_words).contains(&"/fr/core-hr/import-employees"), "{:?}", paths(&fr_english_words));
    assert!(fr_english_words.hits.iter().all(|h| !h.fallback || !h.path.contains("import")), "{:?}", paths(&fr_english_words));
}

#[test]
fn restricted_documents_never_reach_results_counts_facets_or_suggestions() {
    let anonymous = Reader::anonymous();
    let bob = Reader { signed_in: true, groups: vec![], tenant: None };
    for reader in [&anonymous, &bob] {
        for q in ["bonus rules", "payroll export", "export vers la paie", "payout formula"] {
            // Every result on one page, so that counts can be checked against what is listed.
            let locale = if q.contains("paie") { "fr" } else { "en" };
            let r = index()
                .search(&SearchRequest {
                    locale,
                    query: q,
                    module: None,
                    reader,
                    limit: 100,
                    offset: 0,
                    now: i64::MAX,
                    doc_type: None,
                    features: Features::ALL,
                })
                .unwrap();
            assert!(
                r.hits.iter().all(|h| !h.path.contains("bonus-rules") && !h.path.contains("payroll-export") && !h.path.contains("export-de-paie")),
                "{q}: {:?}",
                paths(&r)
            );
            assert_eq!(r.total, r.hits.len(), "{q}");
            // A release note is counted under each module it touches.
            let in_compensation = |path: &str| index().entries.iter().any(|e| e.path_in(locale) == path && e.modules().contains(&"compensation"));
            let compensation = r.modules.get("compensation").copied().unwrap_or(0);
            let visible = r.hits.iter().filter(|h| in_compensation(&h.path)).count() as u64;
            assert_eq!(compensation, visible, "{q}: facet counts a hidden document");
        }
        // "payout" appears only in a restricted article: no suggestion may reveal it.
        let r = search("en", "payot", reader);
        assert_eq!(r.total, 0);
        assert_eq!(r.did_you_mean, None);
    }
    let ada = Reader { signed_in: true, groups: vec!["payroll-admins".into()], tenant: None };
    let r = search("en", "bonus rules", &ada);
    assert_eq!(r.hits[0].path, "/en/compensation/bonus-rules");
}

#[test]
fn did_you_mean_comes_from_the_vocabulary() {
    // Among articles, where the tolerant query finds few.
    let anyone = Reader::anonymous();
    let r = index()
        .search(&SearchRequest {
            locale: "en",
            query: "organsation chrat",
            module: None,
            reader: &anyone,
            limit: 10,
            offset: 0,
            now: i64::MAX,
            doc_type: Some("article"),
            features: Features::ALL,
        })
        .unwrap();
    assert_eq!(r.did_you_mean.as_deref(), Some("organisation chart"), "{r:?}");
}

#[test]
fn facets_count_per_module_and_the_module_filter_narrows() {
    let anyone = Reader::anonymous();
    let all = search("en", "export", &anyone);
    assert!(all.modules.len() >= 2, "{:?}", all.modules);
    let only = index()
        .search(&SearchRequest {
            locale: "en",
            query: "export",
            module: Some("administration"),
            reader: &anyone,
            limit: 10,
            offset: 0,
            now: i64::MAX,
            doc_type: None,
            features: Features::ALL,
        })
        .unwrap();
    assert!(only.hits.iter().all(|h| h.module == "administration"));
    assert_eq!(only.total as u64, all.modules["administration"]);
    // Pages do not overlap.
    let first = index()
        .search(&SearchRequest {
            locale: "en",
            query: "employee",
            module: None,
            reader: &anyone,
            limit: 2,
            offset: 0,
            now: i64::MAX,
            doc_type: None,
            features: Features::ALL,
        })
        .unwrap();
    let second = index()
        .search(&SearchRequest {
            locale: "en",
            query: "employee",
            module: None,
            reader: &anyone,
            limit: 2,
            offset: 2,
            now: i64::MAX,
            doc_type: None,
            features: Features::ALL,
        })
        .unwrap();
    assert!(first.hits.iter().all(|h| !second.hits.contains(h)));
    assert_eq!(first.total, second.total);
}

#[test]
fn bad_input_answers_quickly_and_sensibly() {
    let anyone = Reader::anonymous();
    assert_eq!(search("en", "", &anyone).total, 0);
    assert_eq!(search("en", "   \t ", &anyone).total, 0);
    assert_eq!(search("en", "AND OR NOT - + * ~ ^", &anyone).hits.len(), search("en", "and or not", &anyone).hits.len());
    assert!(search("en", "\"password policy", &anyone).total > 0, "unbalanced quote");
    assert!(search("en", "password\u{0}\u{7} policy\u{1b}", &anyone).hits[0].path.ends_with("password-policy"), "control characters");
    assert!(search("en", "パスワード password", &anyone).hits.iter().any(|h| h.path.ends_with("password-policy")), "mixed scripts");
    let long = "password ".repeat(1200);
    let start = std::time::Instant::now();
    let r = search("en", &long, &anyone);
    assert!(r.total > 0);
    // Not a timing test: a generous bound that only catches pathological blow-ups.
    assert!(start.elapsed().as_secs() < 5);
    // Snippets escape the document's own text.
    assert!(search("en", "csv", &anyone).hits.iter().all(|h| !h.snippet.contains("<script")));
}

#[test]
fn synonyms_from_the_content_folder_widen_the_search() {
    // "organigram" is nowhere in the English articles; the synonym file maps it to "org chart".
    let r = search("en", "organigram", &Reader::anonymous());
    assert_eq!(r.hits.first().map(|h| h.path.as_str()), Some("/en/core-hr/org-chart"), "{:?}", paths(&r));
    let r = search("en", "login rules", &Reader::anonymous());
    assert_eq!(r.hits.first().map(|h| h.path.as_str()), Some("/en/administration/password-policy"), "{:?}", paths(&r));
}

#[test]
fn synonym_rewrites_replace_whole_words_only() {
    let groups = vec![vec!["sso".to_string(), "single sign-on".to_string()]];
    assert_eq!(query::synonym_variants(&groups, "Configure SSO"), ["configure single sign-on"]);
    assert!(query::synonym_variants(&groups, "ssone").is_empty());
}

/// A page with Japanese, Chinese or Korean text is found by a word of it, highlighted, although
/// those languages have no stemmer and no spaces.
#[test]
fn cjk_words_are_found_inside_sentences() {
    let index = imported_index(&[(
        "en/guides/passwords.md",
        "---\ntitle: Passwords\n---\nChanging it: パスワードを変更するには設定を開きます。如何重置密码。비밀번호 재설정.\n",
    )]);
    for query in ["パスワード", "密码", "재설정"] {
        let r = index
            .search(&SearchRequest {
                locale: "en",
                query,
                module: None,
                reader: &Reader::anonymous(),
                limit: 10,
                offset: 0,
                now: i64::MAX,
                doc_type: None,
                features: Features::ALL,
            })
            .unwrap();
        assert_eq!(paths(&r), ["/en/guides/passwords"], "{query}");
        assert!(r.hits[0].snippet.contains("<mark>"), "{query}: {}", r.hits[0].snippet);
    }
    // Characters of the page in another order are not the page's words.
    let r = index
        .search(&SearchRequest {
            locale: "en",
            query: "码密",
            module: None,
            reader: &Reader::anonymous(),
            limit: 10,
            offset: 0,
            now: i64::MAX,
            doc_type: None,
            features: Features::NONE,
        })
        .unwrap();
    assert_eq!(r.total, 0);
}

#[test]
fn remembered_results_are_never_shared_across_rights_or_publishing_times() {
    let ada = Reader { signed_in: true, groups: vec!["payroll-admins".into(), "hr".into()], tenant: None };
    let ada_reordered = Reader { signed_in: true, groups: vec!["hr".into(), "payroll-admins".into()], tenant: None };
    for _ in 0..2 {
        // The anonymous answer is remembered first; it must not be what Ada gets, nor hers his.
        let anonymous = search("en", "bonus rules", &Reader::anonymous());
        assert!(paths(&anonymous).iter().all(|p| !p.contains("bonus-rules")), "{:?}", paths(&anonymous));
        assert_eq!(search("en", "bonus rules", &ada).hits[0].path, "/en/compensation/bonus-rules");
        assert_eq!(search("en", "bonus rules", &ada_reordered).hits[0].path, "/en/compensation/bonus-rules");
    }
    // A scheduled release note appears in results once its time has come, though the same query
    // was answered (and remembered) before.
    let (store, _) = content::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content"));
    let note = store.all_releases().filter(|n| n.locale == "en").max_by_key(|n| n.publish_at).expect("a release note");
    let index = SearchIndex::build(&store).unwrap();
    let at = |now: i64| {
        let r = index
            .search(&SearchRequest {
                locale: "en",
                query: &note.title,
                module: None,
                reader: &Reader::anonymous(),
                limit: 10,
                offset: 0,
                now,
                doc_type: Some("release"),
                features: Features::ALL,
            })
            .unwrap();
        r.hits.iter().any(|h| h.path == format!("/en/releases/{}", note.slug))
    };
    assert!(!at(note.publish_at - 1), "found before its time");
    assert!(at(note.publish_at), "not found at its time");
    assert!(!at(note.publish_at - 1), "the earlier answer is still the one before its time");
}

/// A French reader's French words search the French articles only: an English article standing
/// in for a missing translation is not listed because it shares a word ("import"); a word only
/// English knows still finds it.
#[test]
fn stand_ins_answer_only_the_words_the_readers_language_lacks() {
    let index = imported_index(&[
        ("en/guides/import-staff.md", "---\ntitle: Import staff\n---\nImport staff from a spreadsheet.\n"),
        ("fr/guides/import-staff.md", "---\ntitle: Importer le personnel\n---\nImportez le personnel depuis un tableur.\n"),
        ("en/guides/webhooks.md", "---\ntitle: Webhooks\n---\nImport events are sent to your webhooks.\n"),
    ]);
    let fr = |query| {
        index
            .search(&SearchRequest {
                locale: "fr",
                query,
                module: None,
                reader: &Reader::anonymous(),
                limit: 10,
                offset: 0,
                now: i64::MAX,
                doc_type: None,
                features: Features::ALL,
            })
            .unwrap()
    };
    let french = fr("importer le personnel");
    assert_eq!(paths(&french), ["/fr/guides/import-staff"]);
    let english_term = fr("webhooks");
    assert_eq!(paths(&english_term), ["/fr/guides/webhooks"]);
    assert!(english_term.hits[0].fallback);
}

/// Imported Japanese and Brazilian Portuguese pages are found by their readers (`/ja/…`,
/// `/pt-br/…`) in their own language, with English standing in for pages not translated; other
/// languages' pages stay out, and a language no content is written in finds nothing.
#[test]
fn imported_languages_are_searched_in_their_own_words() {
    let index = imported_index(&[
        ("en/guides/deploy.md", "---\ntitle: Deploy your site\n---\nDeploy the site to a server.\n"),
        ("ja/guides/deploy.md", "---\ntitle: サイトをデプロイする\n---\nサイトをサーバーにデプロイします。\n"),
        ("pt-br/guides/deploy.md", "---\ntitle: Publicar seu site\n---\nPublique os componentes do site num servidor.\n"),
        ("en/guides/webhooks.md", "---\ntitle: Webhooks\n---\nEvents are sent to your webhooks.\n"),
    ]);
    let find = |locale, query| {
        index
            .search(&SearchRequest {
                locale,
                query,
                module: None,
                reader: &Reader::anonymous(),
                limit: 10,
                offset: 0,
                now: i64::MAX,
                doc_type: None,
                features: Features::ALL,
            })
            .unwrap()
    };
    let ja = find("ja", "デプロイ");
    assert_eq!(paths(&ja), ["/ja/guides/deploy"]);
    assert!(ja.hits[0].snippet.contains("<mark>") && !ja.hits[0].fallback, "{:?}", ja.hits[0]);
    // Portuguese stemming: the singular finds the plural.
    assert_eq!(paths(&find("pt-br", "componente")), ["/pt-br/guides/deploy"]);
    // English stands in for the page Japanese lacks, under the Japanese reader's URL.
    let stand_in = find("ja", "webhooks");
    assert_eq!(paths(&stand_in), ["/ja/guides/webhooks"]);
    assert!(stand_in.hits[0].fallback);
    // The English page translated into Japanese is not listed twice for a Japanese reader.
    assert!(find("ja", "deploy").hits.iter().all(|h| !h.fallback), "{:?}", paths(&find("ja", "deploy")));
    assert_eq!(find("en", "デプロイ").total, 0, "an English reader does not get Japanese pages");
    assert_eq!(find("ko", "deploy"), SearchResults::default(), "no Korean content: nothing found");
}

/// A long query the strict rule (every word but one) leaves with fewer than a handful of results,
/// such as a link text quoting a page's title with words around it, also lists the pages with
/// half of its words, after those with all but one; a query with results enough is not widened.
#[test]
fn a_long_query_with_few_results_is_widened_after_its_best_matches() {
    let page = |title: &str, body: &str| format!("---\ntitle: {title}\n---\n{body}\n");
    let index = imported_index(&[
        ("en/guides/deploy.md", &page("Deploy your site", "Deploy the site to a server.")),
        ("en/guides/all-but-one.md", &page("Calibration", "Deploy a site to a server after calibration.")),
        ("en/guides/tokens.md", &page("Tokens", "Design tokens and calibration.")),
        ("en/guides/unrelated.md", &page("Webhooks", "Events are sent to your webhooks.")),
        ("en/guides/deploy-only.md", &page("Care", "Deploy with care.")),
        ("en/guides/site-a.md", &page("Site A", "Deploy site A.")),
        ("en/guides/site-b.md", &page("Site B", "Deploy site B.")),
        ("en/guides/site-c.md", &page("Site C", "Deploy site C.")),
    ]);
    let find = |query, limit| {
        index
            .search(&SearchRequest {
                locale: "en",
                query,
                module: None,
                reader: &Reader::anonymous(),
                limit,
                offset: 0,
                now: i64::MAX,
                doc_type: None,
                features: Features::NONE,
            })
            .unwrap()
    };
    let widened = find("deploy site server calibration tokens", 10);
    assert_eq!(paths(&widened)[..2], ["/en/guides/all-but-one", "/en/guides/deploy"], "{:?}", paths(&widened));
    assert!(!paths(&widened).contains(&"/en/guides/unrelated"));
    // Two words: both are needed, and the widened query (either of them) only follows.
    let two = find("calibration tokens", 10);
    assert_eq!(paths(&two)[0], "/en/guides/tokens", "{:?}", paths(&two));
    assert_eq!(paths(&two).len(), 2, "{:?}", paths(&two));
    // Five pages have both words: a page with one of them is not listed.
    let enough = find("deploy site", 10);
    assert_eq!(enough.total, 5, "{:?}", paths(&enough));
    assert!(!paths(&enough).contains(&"/en/guides/deploy-only"));
}
