//! The HTTP side of Atrium: the axum router around the Leptos app, its middleware, and start-up.

pub mod content_reload;
pub mod jobs;
pub mod metrics;
mod maintenance_routes;
mod release_routes;
mod middleware;
mod ops_routes;
pub mod page_cache;
mod router;
mod search_api;
mod saml_routes;
mod sso_routes;
mod startup;
mod survey_csv;
mod ticket_forms;

pub use router::{router, RouterOptions};
pub use startup::{load_content, prepare, Prepared};
