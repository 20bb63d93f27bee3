//! Search relevance and speed on real documentation: the astro docs (and tldr, for scale)
//! imported from `../shared/corpora`, judged by `pairs/astro.{en,fr,de}.tsv` (real link texts →
//! the page they link to). Skips with a message when the corpora are absent.
//!
//! Reports Recall@10 and MRR@10 (the linking page itself is excluded from the results, since it
//! contains the query text), index build time, in-process latency p50/p99 and peak RSS. Latency is
//! also given as a ratio to exact-only matching measured in the same run, so a noisy machine shows
//! what typo tolerance and prefix matching cost.

use atrium_core::{
    content::{self, Reader},
    import::{self, Layout},
    search::{SearchIndex, SearchRequest},
};
use std::{path::Path, time::Instant};

struct Judged {
    recall: f64,
    mrr: f64,
    n: usize,
    latencies_us: Vec<f64>,
}

fn judge(index: &SearchIndex, locale: &str, pairs: &[(String, String, String)], tolerant: bool) -> Judged {
    let reader = Reader::anonymous();
    let (mut found, mut rr, mut latencies_us) = (0usize, 0f64, Vec::with_capacity(pairs.len()));
    for (query, target, source) in pairs {
        let started = Instant::now();
        let results = index
            .search(&SearchRequest { locale, query, module: None, reader: &reader, limit: 11, offset: 0, now: i64::MAX, doc_type: None, tolerant })
            .expect("search");
        latencies_us.push(started.elapsed().as_secs_f64() * 1e6);
        let ranked: Vec<&str> = results.hits.iter().map(|h| h.path.as_str()).filter(|p| p != source).take(10).collect();
        if let Some(rank) = ranked.iter().position(|p| p == target) {
            found += 1;
            rr += 1.0 / (rank as f64 + 1.0);
        }
    }
    let n = pairs.len().max(1);
    Judged { recall: found as f64 / n as f64, mrr: rr / n as f64, n: pairs.len(), latencies_us }
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[((values.len() as f64 - 1.0) * p).round() as usize]
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora");
    let astro = shared.join("astro-docs/src/content/docs");
    if !astro.is_dir() {
        println!("search bench: {} not found; skipped", astro.display());
        return;
    }
    let with_tldr = std::env::var("BENCH_TLDR").map(|v| v != "0").unwrap_or(true);
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
    let index = SearchIndex::build(&store).expect("index");
    let build_s = started.elapsed().as_secs_f64();
    let articles = store.all_articles().count();

    println!("\n| corpus | articles | content load | index build | peak RSS |");
    println!("|---|---|---|---|---|");
    println!(
        "| astro{} | {articles} | {load_s:.2} s | {build_s:.2} s | {:.0} MiB |",
        if with_tldr { " + tldr" } else { "" },
        peak_rss_mib()
    );
    println!("\n| locale | pairs | Recall@10 | MRR@10 | p50 | p99 | p50 ÷ exact-only p50 | exact-only MRR@10 |");
    println!("|---|---|---|---|---|---|---|---|");
    for locale in ["en", "fr", "de"] {
        let Ok(tsv) = std::fs::read_to_string(shared.join(format!("pairs/astro.{locale}.tsv"))) else { continue };
        let pairs: Vec<(String, String, String)> = tsv
            .lines()
            .skip(1)
            .filter_map(|l| {
                let cols: Vec<&str> = l.split('\t').collect();
                let target = import::imported_path(cols.get(1)?)?;
                let source = import::imported_path(cols.get(2)?).unwrap_or_default();
                Some((cols[0].to_string(), target, source))
            })
            .collect();
        let mut tolerant = judge(&index, locale, &pairs, true);
        let mut exact = judge(&index, locale, &pairs, false);
        let p50 = percentile(&mut tolerant.latencies_us, 0.5);
        let p99 = percentile(&mut tolerant.latencies_us, 0.99);
        let exact_p50 = percentile(&mut exact.latencies_us, 0.5);
        println!(
            "| {locale} | {} | {:.3} | {:.3} | {:.0} µs | {:.0} µs | {:.2} | {:.3} |",
            tolerant.n,
            tolerant.recall,
            tolerant.mrr,
            p50,
            p99,
            p50 / exact_p50,
            exact.mrr
        );
    }
    let _ = std::fs::remove_dir_all(&work);
}
