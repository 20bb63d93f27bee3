//! The HTTP side of Atrium: the axum router around the Leptos app, its middleware, and start-up.

mod middleware;
mod router;
mod search_api;
mod startup;

pub use router::router;
pub use startup::{load_content, prepare, Prepared};
