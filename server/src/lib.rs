//! The HTTP side of Atrium: the axum router around the Leptos app, its middleware, and start-up.

pub mod content;
mod failure;
pub mod jobs;
pub mod listener;
pub mod mail_relay;
mod maintenance;
mod middleware;
pub mod ops;
pub mod page_cache;
pub mod rate_limit;
mod router;
mod search;
mod sso;
mod startup;
mod tickets;

pub use router::{router, RouterOptions};
pub use startup::{load_content, prepare, Prepared};

/// Hands the memory freed after a large one-off job (building the search index) back to the
/// system. The `atrium` binary allocates with mimalloc, which otherwise keeps freed pages for
/// reuse: the server would stay tens of MiB larger than it needs after start-up or a reload.
pub fn return_freed_memory() {
    // SAFETY: `mi_collect` takes no pointers; it may be called at any time from any thread.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
