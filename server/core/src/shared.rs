//! What a node may keep in memory although every node can change it. Each kind of shared data
//! has a row in `shared_versions`, raised in the same transaction as each change ([`changed`]).
//! A node polls the rows ([`Versions::follow`]) and drops its copies when one moves, so a change
//! made on one node is seen on every node within the polling interval; a change made on this
//! node is seen here at once (a local counter moves too).

use crate::db::Pool;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::RwLock;

/// The banner's candidate announcements.
pub const ANNOUNCEMENTS: &str = "announcements";
/// The "was this helpful?" tallies.
pub const VOTES: &str = "votes";
/// The studio's published articles, which each node loads into its content and search index.
pub const CONTENT: &str = "content";

/// The kinds [`Versions`] follows. The tenant directory follows its own row (`tenants`).
const FOLLOWED: [&str; 3] = [ANNOUNCEMENTS, VOTES, CONTENT];

/// Changes made by this process, per followed kind: a copy taken before one of them is stale
/// even before the next poll. Process-wide, so it only ever causes extra reloads.
static LOCAL: [AtomicU64; FOLLOWED.len()] = [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];

fn slot(name: &str) -> usize {
    FOLLOWED.iter().position(|n| *n == name).expect("a followed kind of shared data")
}

/// Marks `name` as changed for every node; call it inside the transaction that makes the change,
/// so that no node can see the change without the mark, and [`committed`] after the commit.
pub async fn changed<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(executor: E, name: &'static str) -> Result<(), sqlx::Error> {
    slot(name);
    sqlx::query("UPDATE shared_versions SET version = version + 1 WHERE name = $1").bind(name).execute(executor).await?;
    Ok(())
}

/// Tells this node at once of a change it just committed, instead of at its next poll. After the
/// commit, not before: a copy loaded in between would be kept as current.
pub fn committed(name: &'static str) {
    LOCAL[slot(name)].fetch_add(1, Ordering::AcqRel);
}

/// The versions this node last read from the database.
#[derive(Default)]
pub struct Versions {
    seen: [AtomicI64; FOLLOWED.len()],
}

/// Which state of a kind of shared data a copy was taken at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp(i64, u64);

impl Versions {
    /// The stamp to keep with a copy taken now, and to compare a kept copy's with.
    pub fn stamp(&self, name: &'static str) -> Stamp {
        let i = slot(name);
        Stamp(self.seen[i].load(Ordering::Acquire), LOCAL[i].load(Ordering::Acquire))
    }

    /// Reads every followed row once.
    pub async fn refresh(&self, pool: &Pool) -> Result<(), sqlx::Error> {
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT name, version FROM shared_versions").fetch_all(pool).await?;
        for (name, version) in rows {
            if let Some(i) = FOLLOWED.iter().position(|n| *n == name) {
                self.seen[i].store(version, Ordering::Release);
            }
        }
        Ok(())
    }

    /// Polls the rows every `every` for as long as the node runs.
    pub async fn follow(self: std::sync::Arc<Self>, pool: Pool, every: std::time::Duration) {
        loop {
            if let Err(e) = self.refresh(&pool).await {
                tracing::warn!(error = %e, "shared data versions unreadable; will retry");
            }
            tokio::time::sleep(every).await;
        }
    }
}

/// A node's copies of one kind of shared data, by key (a tenant, an article), all dropped when
/// that kind changes anywhere. Stamps never repeat, so a copy loaded before a change and kept
/// after it is never served: the next look-up sees another stamp and drops it.
pub struct Copies<V> {
    kind: &'static str,
    held: RwLock<(Option<Stamp>, HashMap<String, V>)>,
}

impl<V: Clone> Copies<V> {
    pub fn new(kind: &'static str) -> Self {
        Copies { kind, held: RwLock::new((None, HashMap::new())) }
    }

    /// The stamp to load a copy under, then to [`Copies::keep`] it with.
    pub fn stamp(&self, versions: &Versions) -> Stamp {
        versions.stamp(self.kind)
    }

    /// The copy for `key`, if one is held and nothing of this kind changed since it was loaded.
    pub fn get(&self, stamp: Stamp, key: &str) -> Option<V> {
        let held = self.held.read().expect("copies lock");
        if held.0 != Some(stamp) {
            return None;
        }
        held.1.get(key).cloned()
    }

    /// The copy for `key` while it is current and `still_good` says so, else what `load` reads,
    /// kept for the next time.
    pub async fn get_or_load<E, F: std::future::Future<Output = Result<V, E>>>(
        &self,
        versions: &Versions,
        key: &str,
        still_good: impl Fn(&V) -> bool,
        load: impl FnOnce() -> F,
    ) -> Result<V, E> {
        // Taken before the load: a change during the load leaves the copy already stale.
        let stamp = self.stamp(versions);
        if let Some(value) = self.get(stamp, key).filter(|v| still_good(v)) {
            return Ok(value);
        }
        let value = load().await?;
        self.keep(stamp, key, value.clone());
        Ok(value)
    }

    /// Keeps `value`, loaded under `stamp`, for `key`.
    pub fn keep(&self, stamp: Stamp, key: &str, value: V) {
        let mut held = self.held.write().expect("copies lock");
        if held.0 != Some(stamp) {
            *held = (Some(stamp), HashMap::new());
        }
        held.1.insert(key.to_string(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_change_moves_the_stamp_here_at_once_and_elsewhere_at_the_next_poll() {
        let pool = crate::db::connect_for_test().await;
        let (here, elsewhere) = (Versions::default(), Versions::default());
        here.refresh(&pool).await.unwrap();
        elsewhere.refresh(&pool).await.unwrap();
        let before = elsewhere.stamp(ANNOUNCEMENTS);
        changed(&pool, ANNOUNCEMENTS).await.unwrap();
        committed(ANNOUNCEMENTS);
        // This process made the change: its stamp moved without a poll.
        assert_ne!(here.stamp(ANNOUNCEMENTS), before);
        // Another node learns of it from the database, at its next poll.
        assert_eq!(elsewhere.stamp(ANNOUNCEMENTS).0, before.0);
        elsewhere.refresh(&pool).await.unwrap();
        let after = elsewhere.stamp(ANNOUNCEMENTS);
        assert_eq!(after.0, before.0 + 1);
        assert_eq!(elsewhere.stamp(ANNOUNCEMENTS), after, "nothing changed since");
    }
}
