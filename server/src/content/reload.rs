//! Picking up content changes without a restart: the content folder is watched, `kill -HUP`
//! forces a reload, and an article published in the studio on any node reloads every node.
//! A folder change re-reads the folder and rebuilds the search index; a publication changes only
//! what was published, in the content and in the index. Either way the work is done off the
//! request path, then content and index are swapped in at once; pages and searches meanwhile
//! are answered from the previous version, and a failed reload keeps it.

use atrium_app::state::AppState;
use std::{
    collections::HashMap,
    hash::{DefaultHasher, Hash, Hasher},
    path::{Path, PathBuf},
    time::Duration,
};

/// Changes closer together than this are one reload (an editor saving, a `git pull`).
const SETTLE: Duration = Duration::from_millis(400);

/// One reload at a time: an update writes into the index in use, which tantivy lets one writer
/// do, and whichever reload runs last has read the database last.
static RELOADING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The studio's publications a node's content reflects: path → hash of the text.
type Applied = HashMap<String, u64>;

fn applied(published: &[(String, String)]) -> Applied {
    published
        .iter()
        .map(|(path, text)| {
            let mut h = DefaultHasher::new();
            text.hash(&mut h);
            (path.clone(), h.finish())
        })
        .collect()
}

/// Re-reads `dir` and the studio's publications and swaps the new content and index in. Bad files
/// are skipped and logged, as at start-up.
pub async fn reload(state: &AppState, dir: &Path) -> Result<(), String> {
    let _one = RELOADING.lock().await;
    reload_all(state, dir).await.map(|_| ())
}

async fn reload_all(state: &AppState, dir: &Path) -> Result<Applied, String> {
    let dir = dir.to_path_buf();
    let cache_bytes = state.search().result_cache_bytes();
    let published = atrium_core::content::studio::published(&state.pool).await.map_err(|e| e.to_string())?;
    let applied = applied(&published);
    let rebuilt = tokio::task::spawn_blocking(move || {
        let (store, _problems) = crate::load_content(&dir, &published);
        atrium_core::search::SearchIndex::build(&store).map(|index| (store, index.with_result_cache(cache_bytes)))
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())?;
    state.replace_content(rebuilt.0, rebuilt.1);
    crate::return_freed_memory();
    Ok(applied)
}

/// Brings the node up to the studio's publications: only what changed since `since` (the
/// publications its content reflects) is read and indexed; with nothing to compare with, or a
/// publication withdrawn, everything is reloaded. Returns the publications now reflected.
pub async fn follow_publications(state: &AppState, dir: &Path, since: Option<&Applied>) -> Result<Applied, String> {
    let _one = RELOADING.lock().await;
    let published = atrium_core::content::studio::published(&state.pool).await.map_err(|e| e.to_string())?;
    let now = applied(&published);
    let Some(since) = since.filter(|before| before.keys().all(|path| now.contains_key(path))) else {
        return reload_all(state, dir).await;
    };
    let changes: Vec<(String, String)> = published.into_iter().filter(|(path, _)| since.get(path) != now.get(path)).collect();
    if changes.is_empty() {
        return Ok(now);
    }
    // A module's new descriptor touches every page of the module: everything is read again.
    if changes.iter().any(|(path, _)| atrium_core::content::studio::split_module_path(path).is_some()) {
        return reload_all(state, dir).await;
    }
    let (store, index) = (state.content(), state.search());
    let (store, index, written) = tokio::task::spawn_blocking(move || {
        let (store, problems) = atrium_core::content::with_changes(&store, &changes);
        for p in &problems {
            tracing::warn!(problem = %p, "published text skipped");
        }
        index.updated(&store).map(|(index, written)| (store, index, written))
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())?;
    state.replace_content(store, index);
    tracing::info!(documents = written, "publication indexed");
    Ok(now)
}

async fn reload_logged(state: &AppState, dir: &Path, why: &str) {
    let _one = RELOADING.lock().await;
    match reload_all(state, dir).await {
        Ok(_) => tracing::info!(why, "content and search index reloaded"),
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

/// Follows the studio's publications, on this node or another (seen at the next poll of the
/// shared versions). Runs for as long as the node does.
pub async fn follow_studio(state: AppState, dir: PathBuf, every: Duration) {
    let mut loaded = state.versions.stamp(atrium_core::shared::CONTENT);
    // What start-up loaded, as of the stamp just read (a publication since moves the stamp); if it
    // cannot be read, the first publication seen reloads everything.
    let mut reflected = atrium_core::content::studio::published(&state.pool).await.ok().map(|p| applied(&p));
    if state.versions.stamp(atrium_core::shared::CONTENT) != loaded {
        // Published while reading: the text read may be newer than the content, so reload all.
        reflected = None;
    }
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
            match follow_publications(&state, &dir, reflected.as_ref()).await {
                Ok(now) => reflected = Some(now),
                Err(e) => tracing::error!(error = %e, "publication not taken in; keeping the previous content"),
            }
        }
    }
}
