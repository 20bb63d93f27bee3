//! A publication changes a handful of documents: the index takes just those, where rebuilding it
//! whole took seconds at sixteen thousand articles. The documents that changed (a new article or
//! release note, a new text, a translation that changes where its English source is found) are
//! deleted and added again in the same tantivy index; every structure drawn from it (the lexicon,
//! the field statistics, the snippets' excerpts, the facets) is brought up to date, and the
//! result is a new `SearchIndex`: readers keep the previous one until it is swapped in.

use super::{documents::Entry, facets, lexicon, snippet, stats, vocabulary, SearchError, SearchIndex};
use crate::content::ContentStore;
use std::collections::HashMap;
use tantivy::{ReloadPolicy, Term};

/// Memory for the writer of an update: tantivy's smallest per thread.
const WRITER_BYTES: usize = 15_000_000;

impl SearchIndex {
    /// The index of `store`, made from this one by replacing only the documents that differ from
    /// it, with how many documents were written or removed. Two updates of one index must not run
    /// at once (tantivy allows one writer).
    pub fn updated(&self, store: &ContentStore) -> Result<(SearchIndex, usize), SearchError> {
        let wanted = super::documents::of_store(store);
        let live: HashMap<&str, usize> = self.entries.iter().enumerate().filter(|(i, _)| self.readings[*i].is_some()).map(|(i, e)| (e.source(), i)).collect();
        let mut entries = self.entries.clone();
        let mut readings = self.readings.clone();
        let mut kept = vec![false; self.entries.len()];
        let mut added = Vec::new();
        for (entry, reading) in wanted {
            let reading: Vec<String> = reading.into_iter().map(String::from).collect();
            match live.get(entry.source()) {
                Some(&i) if entry.same(&self.entries[i]) && readings[i].as_ref() == Some(&reading) => kept[i] = true,
                _ => added.push((entry, reading)),
            }
        }
        let removed: Vec<usize> = (0..self.entries.len()).filter(|i| self.readings[*i].is_some() && !kept[*i]).collect();
        if removed.is_empty() && added.is_empty() {
            let same = (self.reader.clone(), self.field_totals.clone(), self.lexicon.clone(), self.excerpts.clone());
            return Ok((self.renewed(store, entries, readings, same), 0));
        }
        // Replaced entries keep their old article in memory until the index is built afresh: once
        // they would pass a quarter of the live ones, it is.
        let dead = self.readings.iter().filter(|r| r.is_none()).count() + removed.len();
        let live = self.readings.len() - dead + added.len();
        if dead * 4 > live {
            let fresh = SearchIndex::build(store)?.with_weights(self.weights).with_result_cache(self.results.capacity());
            return Ok((fresh, live));
        }

        let mut writer = self.index.writer_with_num_threads(1, WRITER_BYTES)?;
        for &i in &removed {
            writer.delete_term(Term::from_field_text(self.fields.source, self.entries[i].source()));
            readings[i] = None;
        }
        let first_new = entries.len();
        for (entry, reading) in added {
            let locales: Vec<&str> = reading.iter().map(String::as_str).collect();
            writer.add_document(entry.document(&self.fields, entries.len(), &locales))?;
            entries.push(entry);
            readings.push(Some(reading));
        }
        writer.commit()?;
        drop(writer);

        // New words take their place in each language's sorted lexicon: the excerpts' ordinals move.
        let reader = self.index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let lexicon = lexicon::Lexicon::build(&reader.searcher(), &self.fields)?;
        let moved: HashMap<&str, Vec<u32>> = self.fields.languages.iter().map(|l| (l.as_str(), self.lexicon.remap(&lexicon, l))).collect();
        let mut excerpts: Vec<snippet::ExcerptTerms> = self
            .excerpts
            .iter()
            .enumerate()
            .map(|(i, excerpt)| match (&readings[i], moved.get(entries[i].lang())) {
                (Some(_), Some(table)) => excerpt.remapped(table),
                // Nothing shows a removed entry's snippet again.
                _ => snippet::ExcerptTerms::default(),
            })
            .collect();
        excerpts.extend(super::excerpts_of(&entries[first_new..], &lexicon));
        let field_totals = stats::FieldTotals::count(&reader.searcher(), super::field_documents(&self.fields, &entries, &readings))?;
        let written = entries.len() - first_new;
        Ok((self.renewed(store, entries, readings, (reader, field_totals, lexicon, excerpts)), written.max(removed.len())))
    }

    /// A `SearchIndex` over the same tantivy index with these entries and what was drawn from it.
    fn renewed(&self, store: &ContentStore, entries: Vec<Entry>, readings: Vec<Option<Vec<String>>>, drawn: Drawn) -> SearchIndex {
        let (reader, field_totals, lexicon, excerpts) = drawn;
        let scheduled = super::documents::scheduled(&entries, &readings);
        SearchIndex {
            index: self.index.clone(),
            reader,
            fields: self.fields.clone(),
            // Rebuilt from the store: an article made restricted must leave the suggestions at once.
            vocabulary: vocabulary::Vocabulary::build(store),
            synonyms: super::synonyms_of(store),
            weights: self.weights,
            field_totals,
            lexicon,
            scheduled,
            facet_table: std::sync::Arc::new(facets::FacetTable::build(&entries)),
            entries,
            readings,
            excerpts,
            results: super::cache::ResultCache::new(self.results.capacity()),
        }
    }
}

/// What an index draws from its tantivy index: the reader at its commit, the field statistics,
/// the lexicon and the excerpts analysed against it.
type Drawn = (tantivy::IndexReader, stats::FieldTotals, lexicon::Lexicon, Vec<snippet::ExcerptTerms>);

#[cfg(test)]
mod tests {
    use crate::content::{self, Reader};
    use crate::search::{Features, SearchIndex, SearchRequest, SearchResults};

    fn ask(index: &SearchIndex, locale: &str, query: &str) -> SearchResults {
        let request = SearchRequest {
            locale,
            query,
            module: None,
            reader: &Reader::anonymous(),
            limit: 50,
            offset: 0,
            now: i64::MAX,
            doc_type: None,
            features: Features::ALL,
        };
        index.search(&request).unwrap()
    }

    /// Total, (path, snippet) of each hit, and (module, count) of each facet.
    type Seen = (usize, Vec<(String, String)>, Vec<(String, u64)>);

    /// What a reader sees of results, order aside: close scores may swap places between an
    /// index with deleted documents and a fresh one.
    fn seen(r: &SearchResults) -> Seen {
        let mut hits: Vec<(String, String)> = r.hits.iter().map(|h| (h.path.clone(), h.snippet.clone())).collect();
        hits.sort();
        (r.total, hits, r.modules.clone().into_iter().collect())
    }

    #[test]
    fn an_update_answers_as_a_rebuild_would_and_the_previous_index_is_untouched() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let (before, problems) = content::load(&root);
        assert!(problems.is_empty(), "{problems:?}");
        let index = SearchIndex::build(&before).unwrap();
        let import = std::fs::read_to_string(root.join("en/core-hr/import-employees.md")).unwrap();
        let changes: Vec<(String, String)> = vec![
            // A new text for an English article.
            ("en/core-hr/import-employees.md".into(), import.replace("Use the import when", "Quokkaupdate imports: use the import when")),
            // A new French article.
            (
                "fr/core-hr/badges.md".into(),
                "---\ntitle: Badges des salariés\nsummary: Imprimer les badges.\nupdated: 2026-12-01\norder: 9\n---\nLe badge quokkabadge porte la photo.\n".into(),
            ),
            // A German translation: its English source stops standing in for German readers.
            (
                "de/core-hr/org-chart-visio-export.md".into(),
                "---\ntitle: Organigramm nach Visio exportieren\nsummary: Das Organigramm als Visio-Datei.\nupdated: 2026-12-01\norder: 5\n---\nDer Export quokkavisio erzeugt eine VSDX-Datei.\n"
                    .into(),
            ),
        ];
        let (after, problems) = content::with_changes(&before, &changes);
        assert!(problems.is_empty(), "{problems:?}");
        let (updated, written) = index.updated(&after).unwrap();
        // The three published, and the English source now found by fewer readers: not the whole index.
        assert_eq!(written, 4);
        assert_eq!(updated.documents(), SearchIndex::build(&after).unwrap().documents());
        let rebuilt = SearchIndex::build(&after).unwrap();
        for (locale, query) in [
            ("en", "quokkaupdate"),
            ("en", "import employees"),
            ("en", "spreadsheet dry run"),
            ("fr", "quokkabadge"),
            ("fr", "badges salariés"),
            ("fr", "importer"),
            ("de", "quokkavisio"),
            ("de", "visio"),
            ("de", "organigramm"),
            ("en", "week bonuses"),
        ] {
            assert_eq!(seen(&ask(&updated, locale, query)), seen(&ask(&rebuilt, locale, query)), "{locale}: {query}");
        }
        assert!(ask(&updated, "en", "quokkaupdate").hits[0].snippet.contains("<mark>Quokkaupdate</mark>"));
        // Readers still on the previous index get its answers, untouched by the update.
        assert_eq!(ask(&index, "en", "quokkaupdate").total, 0);
        assert_eq!(ask(&index, "de", "visio").hits.iter().filter(|h| h.path.contains("org-chart-visio-export")).count(), 1);
        // Nothing changed: nothing written.
        assert_eq!(updated.updated(&after).unwrap().1, 0);
    }

    #[test]
    fn replaced_entries_never_pile_up_the_index_is_built_afresh_first() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let (mut store, _) = content::load(&root);
        let mut index = SearchIndex::build(&store).unwrap();
        let live = index.entries.len();
        let import = std::fs::read_to_string(root.join("en/core-hr/import-employees.md")).unwrap();
        for n in 0..live {
            let text = import.replace("Use the import when", &format!("Quokkaround{n}: use the import when"));
            store = content::with_changes(&store, &[("en/core-hr/import-employees.md".into(), text)]).0;
            index = index.updated(&store).unwrap().0;
            assert!(index.entries.len() * 4 <= live * 5 + 4, "{} entries for {live} documents after {n} updates", index.entries.len());
        }
        assert_eq!(index.documents(), SearchIndex::build(&store).unwrap().documents());
        let found = ask(&index, "en", &format!("quokkaround{}", live - 1));
        assert!(found.hits.iter().any(|h| h.snippet.contains(&format!("<mark>Quokkaround{}</mark>", live - 1))), "the latest text is found");
        // Typo tolerance may bring the article up for an old word, but only ever with its latest text.
        for hit in ask(&index, "en", "quokkaround0").hits {
            assert!(!hit.snippet.contains("Quokkaround0:"), "{}", hit.snippet);
        }
    }
}
