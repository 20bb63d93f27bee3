//! What server functions reach on the server: given to Leptos as context by the server binary.

use atrium_core::{content::ContentStore, db::Pool, search::SearchIndex, tenant::TenantDirectory};
use std::sync::{Arc, RwLock};

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub tenants: Arc<TenantDirectory>,
    /// Swapped whole when content is reloaded, so readers never see half a reload.
    pub content: Arc<RwLock<Arc<ContentStore>>>,
    /// Built from the same content and swapped with it; a search during a rebuild uses the old one.
    pub search: Arc<RwLock<Arc<SearchIndex>>>,
    pub leptos_options: leptos::config::LeptosOptions,
    /// What "now" is for tickets and jobs; tests move it.
    pub clock: Arc<dyn atrium_core::clock::Clock>,
    pub tickets: Arc<atrium_core::ticket::TicketSettings>,
    pub mail_kick: atrium_core::mail::MailKick,
}

impl AppState {
    pub fn content(&self) -> Arc<ContentStore> {
        self.content.read().expect("content lock").clone()
    }

    pub fn search(&self) -> Arc<SearchIndex> {
        self.search.read().expect("search lock").clone()
    }

    /// Swaps in new content and its search index together.
    pub fn replace_content(&self, store: ContentStore, index: SearchIndex) {
        *self.content.write().expect("content lock") = Arc::new(store);
        *self.search.write().expect("search lock") = Arc::new(index);
    }
}

/// Lets `leptos_axum` find its options in the router state.
impl axum::extract::FromRef<AppState> for leptos::config::LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The name of the session cookie; its value is an opaque random token.
pub const SESSION_COOKIE: &str = "atrium_session";

/// A signed-in reader, put on the request by the session middleware.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: atrium_core::identity::User,
    pub token: String,
}
