//! The banner shows on every page, so each node keeps every tenant's candidate announcements in
//! memory instead of reading them per request. A copy is used while nothing changed announcements
//! on any node (see [`crate::shared`]) and for at most [`FRESH_SECS`] of the clock, since the
//! candidates are those whose window is not over and starts within the notice period from the
//! time they were read.

use super::{Announcement, NOTICE_DAYS};
use crate::{db::Pool, shared};
use std::sync::Arc;

/// How long, in the clock's seconds, a copy serves; it covers announcements starting up to this
/// much past the notice period, so it stays complete for that long.
const FRESH_SECS: i64 = 60;

pub struct BannerCache(shared::Copies<(i64, Arc<Vec<Announcement>>)>);

impl Default for BannerCache {
    fn default() -> Self {
        BannerCache(shared::Copies::new(shared::ANNOUNCEMENTS))
    }
}

impl BannerCache {
    /// The tenant's announcements the banner may show at `now` (see [`super::banner`]).
    pub async fn candidates(&self, pool: &Pool, versions: &shared::Versions, tenant: &str, now: i64) -> Result<Arc<Vec<Announcement>>, sqlx::Error> {
        let fresh = |(read_at, _): &(i64, Arc<Vec<Announcement>>)| (0..FRESH_SECS).contains(&(now - read_at));
        let load = || async move {
            let list = super::store::banner_candidates(pool, tenant, now, now + NOTICE_DAYS * 86_400 + FRESH_SECS).await?;
            Ok::<_, sqlx::Error>((now, Arc::new(list)))
        };
        Ok(self.0.get_or_load(versions, tenant, fresh, load).await?.1)
    }
}
