use atrium_app::state::{AppState, AppStateInner};
use atrium_core::{config::Config, content, db, tenant::TenantDirectory};
use leptos::config::{Env, LeptosOptions};
use std::{
    path::Path,
    sync::{Arc, RwLock},
};

pub struct Prepared {
    pub state: AppState,
    pub problems: Vec<content::ContentProblem>,
}

/// Loads content, logging (not failing on) each bad file.
/// Loads the content folder with the studio's `published` articles on top.
pub fn load_content(dir: &Path, published: &[(String, String)]) -> (content::ContentStore, Vec<content::ContentProblem>) {
    let (store, problems) = content::load_with(dir, published);
    for p in &problems {
        tracing::warn!(problem = %p, "content file skipped");
    }
    tracing::info!(articles = store.all_articles().count(), modules = store.modules().len(), "content loaded");
    (store, problems)
}

/// The name the build gave the hashed assets (`target/site/pkg/OUTPUT_NAME`), or `atrium`.
fn output_name(site_dir: &Path) -> String {
    std::fs::read_to_string(site_dir.join("pkg").join("OUTPUT_NAME"))
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "atrium".to_string())
}

/// Opens storage, loads tenants and content: everything `serve` needs before it listens.
pub async fn prepare(config: &Config) -> Result<Prepared, String> {
    std::fs::create_dir_all(&config.data_dir).map_err(|e| format!("data directory {} cannot be created: {e}", config.data_dir.display()))?;
    let pool = db::connect(&config.database_url).await.map_err(|e| e.to_string())?;
    let tenants = TenantDirectory::load(&pool, config.public_url.clone()).await.map_err(|e| e.to_string())?;
    let published = content::studio::published(&pool).await.map_err(|e| e.to_string())?;
    let (store, problems) = load_content(&config.content_dir, &published);
    let started = std::time::Instant::now();
    let index = atrium_core::search::SearchIndex::build(&store).map_err(|e| e.to_string())?.with_result_cache(config.search_cache_mb << 20);
    tracing::info!(ms = started.elapsed().as_millis() as u64, "search index built");
    crate::return_freed_memory();
    let leptos_options = LeptosOptions::builder()
        .output_name(output_name(&config.site_dir))
        .site_root(config.site_dir.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(Env::PROD)
        .build();
    let state = AppState::new(AppStateInner {
        pool: pool.clone(),
        tenants: Arc::new(tenants),
        content: Arc::new(RwLock::new(Arc::new(store))),
        content_dir: config.content_dir.clone(),
        search: Arc::new(RwLock::new(Arc::new(index))),
        leptos_options,
        clock: Arc::new(atrium_core::clock::SystemClock),
        tickets: Arc::new(config.tickets.clone()),
        mail_kick: Default::default(),
        search_log: atrium_core::search::log::LogQueue::start(pool.clone()),
        allow_private_providers: config.allow_private_providers,
        versions: Default::default(),
        banner: Default::default(),
        tallies: Default::default(),
    });
    Ok(Prepared { state, problems })
}
