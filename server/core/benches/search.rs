//! Search relevance and speed on real documentation: the astro docs (and tldr, for scale)
//! imported from `../shared/corpora`, judged by `pairs/astro.{en,fr,de}.tsv` (real link texts →
//! the page they link to). Skips with a message when the corpora are absent.
//!
//! Reports Recall@10 and MRR@10 of Atrium and, on the same documents and queries in the same run,
//! of SQLite FTS5 and Lucene 8 (the linking page itself is excluded from every engine's results,
//! since it contains the query text); index build time, peak RSS, in-process latency p50/p99, and
//! what each query feature costs as a ratio of latencies measured in the same run.
//!
//! `BENCH_SLOW=<locale>` lists that locale's twenty slowest queries.
//! `BENCH_PEERS=0` leaves the peers out (a quicker run while working on Atrium's own speed).
//! `BENCH_TUNE=1` also tunes the field weights on the even-numbered pairs and reports them on the
//! odd-numbered ones, against the weights in use.

#[path = "peers/mod.rs"]
mod peers;

use atrium_core::{
    content::{self, Reader},
    import::{self, Layout},
    search::{Features, SearchIndex, SearchRequest, Weights},
};
use peers::Ranked;
use std::{path::Path, time::Instant};

/// A relevance pair: the query, the page it should find, the page the link was on.
struct Pair {
    query: String,
    target: String,
    source: String,
}

fn run_atrium(index: &SearchIndex, locale: &str, pairs: &[&Pair], features: Features) -> Ranked {
    let reader = Reader::anonymous();
    pairs
        .iter()
        .map(|p| {
            let started = Instant::now();
            let request =
                SearchRequest { locale, query: &p.query, module: None, reader: &reader, limit: 11, offset: 0, now: i64::MAX, doc_type: None, features };
            let results = index.search(&request).expect("search");
            (started.elapsed().as_secs_f64() * 1e6, results.hits.into_iter().map(|h| h.path).collect())
        })
        .collect()
}

/// Recall@10 and MRR@10, the linking page left out of each ranking.
fn judge(ranked: &Ranked, pairs: &[&Pair]) -> (f64, f64) {
    let (mut found, mut rr) = (0usize, 0f64);
    for ((_, paths), pair) in ranked.iter().zip(pairs) {
        let top: Vec<&String> = paths.iter().filter(|p| **p != pair.source).take(10).collect();
        if let Some(rank) = top.iter().position(|p| **p == pair.target) {
            found += 1;
            rr += 1.0 / (rank as f64 + 1.0);
        }
    }
    let n = pairs.len().max(1) as f64;
    (found as f64 / n, rr / n)
}

fn percentile(ranked: &Ranked, p: f64) -> f64 {
    let mut values: Vec<f64> = ranked.iter().map(|(t, _)| *t).collect();
    values.sort_by(|a, b| a.total_cmp(b));
    values.get(((values.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0)
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn load_pairs(shared: &Path, locale: &str) -> Vec<Pair> {
    let Ok(tsv) = std::fs::read_to_string(shared.join(format!("pairs/astro.{locale}.tsv"))) else { return Vec::new() };
    tsv.lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let target = import::imported_path(cols.get(1)?)?;
            let source = import::imported_path(cols.get(2)?).unwrap_or_default();
            Some(Pair { query: cols[0].to_string(), target, source })
        })
        .collect()
}

const LOCALES: [&str; 3] = ["en", "fr", "de"];

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora");
    let astro = shared.join("astro-docs/src/content/docs");
    if !astro.is_dir() {
        println!("search bench: {} not found; skipped", astro.display());
        return;
    }
    let with_tldr = std::env::var("BENCH_TLDR").map(|v| v != "0").unwrap_or(true);
    let with_peers = std::env::var("BENCH_PEERS").map(|v| v != "0").unwrap_or(true);
    let work = std::env::temp_dir().join(format!("atrium-search-bench-{}", std::process::id()));
    let today = "2026-11-23".parse().unwrap();
    import::import(&astro, Layout::Starlight, &work, today, &mut |_, _| {}).expect("import astro");
    if with_tldr && shared.join("tldr").is_dir() {
        import::import(&shared.join("tldr"), Layout::Tldr, &work, today, &mut |_, _| {}).expect("import tldr");
    }
    let started = Instant::now();
    let (store, _problems) = content::load(&work);
    let load_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    // Every query is measured the first time it is asked (no remembered results), but in the
    // repeated-query table at the end.
    let mut index = SearchIndex::build(&store).expect("index").with_result_cache(0);
    let build_s = started.elapsed().as_secs_f64();
    let articles = store.all_articles().count();
    let rss = peak_rss_mib();

    println!("\n| corpus | articles | documents indexed | segments | content load | index build | peak RSS |");
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| astro{} | {articles} | {} | {} | {load_s:.2} s | {build_s:.2} s | {rss:.0} MiB |",
        if with_tldr { " + tldr" } else { "" },
        index.documents(),
        index.segments()
    );

    let pairs: Vec<(&str, Vec<Pair>)> = LOCALES.iter().map(|l| (*l, load_pairs(&shared, l))).collect();
    if std::env::var("BENCH_TUNE").is_ok_and(|v| v == "1") {
        index = tune(index, &pairs);
    }

    println!("\n| locale | pairs | engine | Recall@10 | MRR@10 | p50 | p99 |");
    println!("|---|---|---|---|---|---|---|");
    let mut costs = Vec::new();
    for (locale, locale_pairs) in &pairs {
        let all: Vec<&Pair> = locale_pairs.iter().collect();
        if all.is_empty() {
            continue;
        }
        let queries: Vec<String> = all.iter().map(|p| p.query.clone()).collect();
        let docs = if with_peers { peers::documents(&store, locale) } else { Vec::new() };
        let title_weight = Weights::TUNED.title / Weights::TUNED.body;
        let mut engines: Vec<(&str, Ranked)> = vec![("Atrium (every feature)", run_atrium(&index, locale, &all, Features::ALL))];
        if with_peers {
            engines.push(("SQLite FTS5", peers::fts5(locale, &docs, &queries, title_weight)));
            if let Some(ranked) = peers::lucene(locale, &docs, &queries, title_weight, &work) {
                engines.push(("Lucene 8", ranked));
            }
        }
        if std::env::var("BENCH_MISSES").is_ok_and(|v| v == *locale) {
            print_misses(&engines[0].1, &all);
        }
        if std::env::var("BENCH_SLOW").is_ok_and(|v| v == *locale) {
            print_slowest(&engines[0].1, &all);
        }
        for (engine, ranked) in &engines {
            let (recall, mrr) = judge(ranked, &all);
            let (p50, p99) = (percentile(ranked, 0.5), percentile(ranked, 0.99));
            println!("| {locale} | {} | {engine} | {recall:.3} | {mrr:.3} | {p50:.0} µs | {p99:.0} µs |", all.len());
        }
        costs.push((*locale, feature_costs(&index, locale, &all)));
    }

    println!("\n| locale | exact words only p50 | every feature p50 | ÷ exact | without typos | without prefix | without facets | without snippets |");
    println!("|---|---|---|---|---|---|---|---|");
    for (locale, c) in costs {
        println!("| {locale} | {:.0} µs | {:.0} µs | {:.2} | {:.0} µs | {:.0} µs | {:.0} µs | {:.0} µs |", c[0], c[1], c[1] / c[0], c[2], c[3], c[4], c[5]);
    }

    // The same queries asked again, as readers repeat each other and search as you type repeats
    // beginnings: answered from the result cache the server has by default.
    let index = index.with_result_cache(atrium_core::search::DEFAULT_RESULT_CACHE_BYTES);
    println!("\n| locale | repeated query (result cache) p50 | p99 | first time p50 (table above) |");
    println!("|---|---|---|---|");
    for (locale, locale_pairs) in &pairs {
        let all: Vec<&Pair> = locale_pairs.iter().collect();
        if all.is_empty() {
            continue;
        }
        let first = run_atrium(&index, locale, &all, Features::ALL);
        let again = run_atrium(&index, locale, &all, Features::ALL);
        println!("| {locale} | {:.1} µs | {:.1} µs | {:.0} µs |", percentile(&again, 0.5), percentile(&again, 0.99), percentile(&first, 0.5));
    }
    let _ = std::fs::remove_dir_all(&work);
}

/// `BENCH_MISSES=<locale>`: the queries whose page is not first, with what came first instead.
fn print_misses(ranked: &Ranked, pairs: &[&Pair]) {
    for ((_, paths), pair) in ranked.iter().zip(pairs) {
        let top: Vec<&String> = paths.iter().filter(|p| **p != pair.source).take(3).collect();
        if top.first().is_none_or(|p| **p != pair.target) {
            println!("miss: {:?} → {} · got {:?}", pair.query, pair.target, top);
        }
    }
}

/// `BENCH_SLOW=<locale>`: the twenty queries that took longest, slowest first.
fn print_slowest(ranked: &Ranked, pairs: &[&Pair]) {
    let mut timed: Vec<(f64, &str)> = ranked.iter().zip(pairs).map(|((t, _), p)| (*t, p.query.as_str())).collect();
    timed.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (t, query) in timed.into_iter().take(20) {
        println!("slow: {t:.0} µs {query:?}");
    }
}

/// p50 latency with no features, every feature, and every feature but one (typos, prefix,
/// facets, snippets), measured in alternating rounds so machine noise hits each alike.
fn feature_costs(index: &SearchIndex, locale: &str, pairs: &[&Pair]) -> [f64; 6] {
    let all = Features::ALL;
    let variants = [
        Features::NONE,
        all,
        Features { typos: false, ..all },
        Features { prefix: false, ..all },
        Features { facets: false, ..all },
        Features { snippets: false, ..all },
    ];
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    for _round in 0..2 {
        for (k, features) in variants.iter().enumerate() {
            samples[k].extend(run_atrium(index, locale, pairs, *features).into_iter().map(|(t, _)| t));
        }
    }
    let mut out = [0.0; 6];
    for (k, mut s) in samples.into_iter().enumerate() {
        s.sort_by(|a, b| a.total_cmp(b));
        out[k] = s[s.len() / 2];
    }
    out
}

/// Coordinate descent over the field weights (body fixed at 1, title > headings > summary > body)
/// and the reader's-language boost, maximising MRR@10 on the
/// even-numbered pairs of every locale; reports the result on the odd-numbered ones.
fn tune(mut index: SearchIndex, pairs: &[(&str, Vec<Pair>)]) -> SearchIndex {
    let ranking = Features { facets: false, snippets: false, ..Features::ALL };
    let half = |odd: usize| -> Vec<(&str, Vec<&Pair>)> { pairs.iter().map(|(l, p)| (*l, p.iter().skip(odd).step_by(2).collect())).collect() };
    let (tuning, held_out) = (half(0), half(1));
    let score = |index: &SearchIndex, set: &[(&str, Vec<&Pair>)]| -> f64 {
        let (mut sum, mut n) = (0.0, 0usize);
        for (locale, p) in set {
            sum += judge(&run_atrium(index, locale, p, ranking), p).1 * p.len() as f64;
            n += p.len();
        }
        sum / n.max(1) as f64
    };
    let candidates: [&[f32]; 4] =
        [&[1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0], &[1.2, 1.5, 2.0, 3.0, 4.0, 6.0], &[1.1, 1.25, 1.5, 2.0, 3.0], &[1.0, 1.25, 1.5, 2.0, 3.0]];
    // The order holds whatever the pairs prefer: a reader typing an article's title
    // expects that article first.
    let ordered = |w: &Weights| w.title > w.headings && w.headings > w.summary && w.summary > w.body;
    let mut best = Weights::TUNED;
    index = index.with_weights(best);
    let mut best_score = score(&index, &tuning);
    println!("\ntuning: in use {best:?}: MRR@10 {best_score:.4} (tuning half)");
    for _round in 0..2 {
        for (k, values) in candidates.iter().enumerate() {
            for v in values.iter() {
                let mut w = best;
                *[&mut w.title, &mut w.headings, &mut w.summary, &mut w.own_language][k] = *v;
                if !ordered(&w) {
                    continue;
                }
                index = index.with_weights(w);
                let s = score(&index, &tuning);
                if s > best_score + 1e-4 {
                    (best, best_score) = (w, s);
                    println!("tuning: {w:?}: MRR@10 {s:.4}");
                }
            }
        }
    }
    index = index.with_weights(Weights::TUNED);
    let before = score(&index, &held_out);
    index = index.with_weights(best);
    let after = score(&index, &held_out);
    println!("tuning: held-out half: in use {before:.4}, tuned {best:?} {after:.4}");
    index.with_weights(Weights::TUNED)
}
