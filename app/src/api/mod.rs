//! Server functions: thin adapters from a page's question to `atrium-core`, answering view
//! models. Every one resolves the tenant (and the reader) from the request first.
// A server function takes a form's fields one by one, as the form posts them; the client stubs
// the macro writes for the browser carry no attribute of the function's own.
#![allow(clippy::too_many_arguments)]

mod accounts;
mod auth;
mod content;
mod desk;
mod gaps;
mod insights;
mod maintenance;
mod releases;
mod sso_admin;
#[cfg(feature = "ssr")]
mod ssr;
mod studio;
mod studio_images;
mod studio_module;
mod studio_release;
mod surveys;
mod ticket_actions;
mod tickets;

pub use accounts::*;
pub use auth::*;
pub use content::*;
pub use desk::*;
pub use gaps::*;
pub use insights::*;
pub use maintenance::*;
pub use releases::*;
pub use sso_admin::*;
pub use studio::*;
pub use studio_images::*;
pub use studio_module::*;
pub use studio_release::*;
pub use surveys::*;
pub use ticket_actions::*;
pub use tickets::*;
