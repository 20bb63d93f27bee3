//! The engines Atrium's search is measured against, on the same documents and queries in the
//! same run: SQLite FTS5 (in process, through sqlx) and Lucene 8 (Debian's jars, a small Java
//! program). Each returns, per query, its latency and its ranked paths.

use atrium_core::content::{ContentStore, Visibility};
use std::{path::Path, process::Command, time::Instant};

/// One document as a peer indexes it: the title, and everything else Atrium indexes as text.
pub struct PeerDoc {
    pub path: String,
    pub title: String,
    pub text: String,
}

/// Per query: microseconds, and the paths found, best first (at most 11).
pub type Ranked = Vec<(f64, Vec<String>)>;

/// The public documents a reader of `locale` searches in Atrium: its translations and the
/// English articles standing in for missing ones, under the same paths.
pub fn documents(store: &ContentStore, locale: &str) -> Vec<PeerDoc> {
    let flat = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut docs = Vec::new();
    for module in store.modules() {
        for (article, _fallback) in store.module_articles_unfiltered(locale, &module.folder) {
            if article.visibility != Visibility::Public {
                continue;
            }
            let path = article.path_in(locale);
            let headings: Vec<&str> = article.toc.iter().map(|t| t.title.as_str()).collect();
            let text = format!("{} {} {} {}", headings.join(" "), article.summary, article.tags.join(" "), article.plain_text);
            docs.push(PeerDoc { path, title: flat(&article.title), text: flat(&text) });
        }
    }
    docs
}

fn words(query: &str) -> Vec<String> {
    query.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// SQLite FTS5 with bm25: `porter unicode61 remove_diacritics 2` for English, `unicode61
/// remove_diacritics 2` otherwise, the title weighted like Atrium's, the query's words OR'ed
/// (an implicit AND of whole link texts finds little).
pub fn fts5(locale: &str, docs: &[PeerDoc], queries: &[String], title_weight: f32) -> Ranked {
    use sqlx::{sqlite::SqlitePoolOptions, Row};
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let pool = SqlitePoolOptions::new().max_connections(1).connect("sqlite::memory:").await.expect("sqlite");
        let tokenize = if locale == "en" { "porter unicode61 remove_diacritics 2" } else { "unicode61 remove_diacritics 2" };
        sqlx::query(&format!("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, title, body, tokenize = '{tokenize}')"))
            .execute(&pool)
            .await
            .expect("fts5 table");
        let mut tx = pool.begin().await.expect("begin");
        for d in docs {
            sqlx::query("INSERT INTO docs (path, title, body) VALUES (?, ?, ?)")
                .bind(&d.path)
                .bind(&d.title)
                .bind(&d.text)
                .execute(&mut *tx)
                .await
                .expect("insert");
        }
        tx.commit().await.expect("commit");
        let sql = format!("SELECT path FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs, 0.0, {title_weight}, 1.0) LIMIT 11");
        let mut out = Vec::with_capacity(queries.len());
        for q in queries {
            let expr = words(q).iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" OR ");
            let started = Instant::now();
            let paths = if expr.is_empty() {
                Vec::new()
            } else {
                sqlx::query(&sql).bind(&expr).fetch_all(&pool).await.expect("fts5 query").iter().map(|r| r.get::<String, _>(0)).collect()
            };
            out.push((started.elapsed().as_secs_f64() * 1e6, paths));
        }
        out
    })
}

/// The Lucene jars the Java peer needs: Debian's liblucene8-java.
fn lucene_classpath() -> Option<String> {
    let jars: Vec<String> = ["lucene-core", "lucene-analyzers-common", "lucene-queryparser"]
        .iter()
        .filter_map(|name| {
            std::fs::read_dir("/usr/share/java").ok()?.flatten().map(|e| e.path()).find(|p| {
                let f = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
                f.starts_with(&format!("{name}-8")) && f.ends_with(".jar")
            })
        })
        .map(|p| p.display().to_string())
        .collect();
    (jars.len() == 3).then(|| jars.join(":"))
}

/// Lucene 8, BM25 with English/French/German analyzers; `None`, with a message, when Java or the
/// jars are missing.
pub fn lucene(locale: &str, docs: &[PeerDoc], queries: &[String], title_weight: f32, work: &Path) -> Option<Ranked> {
    let Some(classpath) = lucene_classpath() else {
        println!("search bench: Lucene 8 jars not found in /usr/share/java (apt install liblucene8-java); Lucene skipped");
        return None;
    };
    let docs_file = work.join(format!("lucene-{locale}.docs.tsv"));
    let queries_file = work.join(format!("lucene-{locale}.queries.txt"));
    let results_file = work.join(format!("lucene-{locale}.results.tsv"));
    let tsv: String = docs.iter().map(|d| format!("{}\t{}\t{}\n", d.path, d.title, d.text)).collect();
    std::fs::write(&docs_file, tsv).ok()?;
    let lines: String = queries.iter().map(|q| format!("{}\n", q.replace(['\n', '\r'], " "))).collect();
    std::fs::write(&queries_file, lines).ok()?;
    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peers/LuceneBench.java");
    let status = Command::new("java")
        .args(["-cp", &classpath])
        .arg(program)
        .arg(locale)
        .args([&docs_file, &queries_file, &results_file])
        .arg(title_weight.to_string())
        .status();
    if !status.as_ref().is_ok_and(|s| s.success()) {
        println!("search bench: the Lucene peer failed ({status:?}); Lucene skipped");
        return None;
    }
    let results = std::fs::read_to_string(&results_file).ok()?;
    Some(
        results
            .lines()
            .map(|l| {
                let mut cols = l.split('\t');
                let micros = cols.next().and_then(|c| c.parse().ok()).unwrap_or(0.0);
                (micros, cols.map(str::to_string).collect())
            })
            .collect(),
    )
}
