//! Server functions: thin adapters from a page's question to `atrium-core`, answering view
//! models. Every one resolves the tenant (and the reader) from the request first.

mod accounts;
mod sso_admin;
mod auth;
mod content;
mod insights;
mod maintenance;
mod releases;
mod surveys;
mod ticket_actions;
mod tickets;
#[cfg(feature = "ssr")]
mod ssr;

pub use accounts::*;
pub use sso_admin::*;
pub use auth::*;
pub use content::*;
pub use insights::*;
pub use maintenance::*;
pub use releases::*;
pub use surveys::*;
pub use ticket_actions::*;
pub use tickets::*;
