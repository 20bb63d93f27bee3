//! Counts per module and per type of the documents a query matches, read from memory through each
//! document's entry number. tantivy's facet collector decoded every matching document's facet
//! terms and looked their names up on each query; the bench measured it at a tenth of a query.

use super::documents::Entry;
use std::{collections::BTreeMap, sync::Arc};
use tantivy::{
    collector::{Collector, SegmentCollector},
    columnar::Column,
    DocId, Score, SegmentOrdinal, SegmentReader,
};

/// The modules and type of every entry, as small numbers.
pub(crate) struct FacetTable {
    modules: Vec<String>,
    /// Entry i's modules are `module_ids[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    module_ids: Vec<u16>,
    /// 0 for an article, 1 for a release note.
    types: Vec<u8>,
}

const TYPES: [&str; 2] = ["article", "release"];

impl FacetTable {
    pub fn build(entries: &[Entry]) -> Self {
        let mut table = FacetTable { modules: Vec::new(), starts: vec![0], module_ids: Vec::new(), types: Vec::new() };
        let mut ids: BTreeMap<&str, u16> = BTreeMap::new();
        for entry in entries {
            for module in entry.modules() {
                let next = ids.len() as u16;
                let id = *ids.entry(module).or_insert_with(|| {
                    table.modules.push(module.to_string());
                    next
                });
                table.module_ids.push(id);
            }
            table.starts.push(table.module_ids.len() as u32);
            table.types.push(u8::from(entry.doc_type() == TYPES[1]));
        }
        table
    }
}

/// Matching documents per module id and per type.
#[derive(Default)]
pub(crate) struct FacetCounts {
    modules: Vec<u64>,
    types: [u64; 2],
}

impl FacetCounts {
    /// (module → count, type → count), without the zeros.
    pub fn named(&self, table: &FacetTable) -> (BTreeMap<String, u64>, BTreeMap<String, u64>) {
        let modules = self.modules.iter().enumerate().filter(|(_, n)| **n > 0).map(|(id, n)| (table.modules[id].clone(), *n)).collect();
        let types = self.types.iter().zip(TYPES).filter(|(n, _)| **n > 0).map(|(n, t)| (t.to_string(), *n)).collect();
        (modules, types)
    }
}

/// Counts the matching documents of each module and type.
pub(crate) struct CountFacets(pub Arc<FacetTable>);

impl Collector for CountFacets {
    type Fruit = FacetCounts;
    type Child = SegmentFacets;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let counts = FacetCounts { modules: vec![0; self.0.modules.len()], types: [0; 2] };
        Ok(SegmentFacets { table: self.0.clone(), entries: reader.fast_fields().u64("entry")?, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut total = FacetCounts { modules: vec![0; self.0.modules.len()], types: [0; 2] };
        for fruit in fruits {
            for (t, n) in total.modules.iter_mut().zip(fruit.modules) {
                *t += n;
            }
            for (t, n) in total.types.iter_mut().zip(fruit.types) {
                *t += n;
            }
        }
        Ok(total)
    }
}

pub(crate) struct SegmentFacets {
    table: Arc<FacetTable>,
    entries: Column<u64>,
    counts: FacetCounts,
}

impl SegmentCollector for SegmentFacets {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(entry) = self.entries.first(doc).map(|e| e as usize) else { return };
        let (Some(&from), Some(&to), Some(&kind)) = (self.table.starts.get(entry), self.table.starts.get(entry + 1), self.table.types.get(entry)) else {
            return;
        };
        for &id in &self.table.module_ids[from as usize..to as usize] {
            self.counts.modules[id as usize] += 1;
        }
        self.counts.types[kind as usize] += 1;
    }

    fn harvest(self) -> FacetCounts {
        self.counts
    }
}
