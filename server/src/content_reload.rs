//! Picking up content changes without a restart: the content folder is watched, `kill -HUP`
//! forces a reload, and an article published in the studio on any node reloads every node.
//! Either way the content is re-read and the search index rebuilt off the
//! request path, then both are swapped in at once; pages and searches during the rebuild are
//! answered from the previous version, and a failed rebuild keeps it.

use atrium_app::state::AppState;
use std::{
    path::{Path, PathBuf},
    time::Duration,
};

/// Changes closer together than this are one reload (an editor saving, a `git pull`).
const SETTLE: Duration = Duration::from_millis(400);

/// Re-reads `dir` and the studio's publications and swaps the new content and index in. Bad files
/// are skipped and logged, as at start-up.
pub async fn reload(state: &AppState, dir: &Path) -> Result<(), String> {
    let dir = dir.to_path_buf();
    let cache_bytes = state.search().result_cache_bytes();
    let published = atrium_core::content::studio::published(&state.pool).await.map_err(|e| e.to_string())?;
    let rebuilt = tokio::task::spawn_blocking(move || {
        let (store, _problems) = crate::load_content(&dir, &published);
        atrium_core::search::SearchIndex::build(&store).map(|index| (store, index.with_result_cache(cache_bytes)))
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())?;
    state.replace_content(rebuilt.0, rebuilt.1);
    crate::return_freed_memory();
    Ok(())
}

async fn reload_logged(state: &AppState, dir: &Path, why: &str) {
    match reload(state, dir).await {
        Ok(()) => tracing::info!(why, "content and search index reloaded"),
        Err(e) => tracing::error!(error = %e, why, "reload failed; keeping the previous content"),
    }
}

/// Watches `dir` (recursively) and reloads after each burst of changes. Returns the watcher,
/// which must be kept alive; `None` (logged) when the platform refuses to watch.
pub fn watch(state: AppState, dir: PathBuf) -> Option<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut watcher = match notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            let _ = tx.send(());
        }
    }) {
        Ok(w) => w,
        Err(e) => {
            tracing::warn!(error = %e, "content folder not watched; reload with kill -HUP");
            return None;
        }
    };
    if let Err(e) = watcher.watch(&dir, RecursiveMode::Recursive) {
        tracing::warn!(error = %e, dir = %dir.display(), "content folder not watched; reload with kill -HUP");
        return None;
    }
    tokio::spawn(async move {
        while rx.recv().await.is_some() {
            // Let the burst settle, then reload once for all of it.
            loop {
                match tokio::time::timeout(SETTLE, rx.recv()).await {
                    Ok(Some(())) => continue,
                    Ok(None) => return,
                    Err(_) => break,
                }
            }
            reload_logged(&state, &dir, "content changed").await;
        }
    });
    Some(watcher)
}

/// `kill -HUP <pid>` reloads on demand (for folders on file systems that cannot be watched).
#[cfg(unix)]
pub async fn reload_on_sighup(state: AppState, dir: PathBuf) {
    let Ok(mut hangups) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else { return };
    while hangups.recv().await.is_some() {
        reload_logged(&state, &dir, "SIGHUP").await;
    }
}

/// Reloads whenever an article is published in the studio, on this node or another (seen at
/// the next poll of the shared versions). Runs for as long as the node does.
pub async fn follow_studio(state: AppState, dir: PathBuf, every: Duration) {
    let mut loaded = state.versions.stamp(atrium_core::shared::CONTENT);
    loop {
        tokio::time::sleep(every).await;
        if state.versions.stamp(atrium_core::shared::CONTENT) != loaded {
            // A publication on this node moves the local half of the stamp at once and the shared
            // half at the next poll: reading the shared versions now makes that one reload, not two.
            if let Err(e) = state.versions.refresh(&state.pool).await {
                tracing::warn!(error = %e, "shared data versions unreadable; reloading anyway");
            }
            // Taken before the reload reads: a publication during it is picked up next time.
            loaded = state.versions.stamp(atrium_core::shared::CONTENT);
            reload_logged(&state, &dir, "article published").await;
        }
    }
}
