//! Atrium's pages, components and server functions. Pages render on the server; only the
//! `#[island]` components are shipped to the browser as WASM and hydrated.

pub mod api;
mod components;
pub mod error;
pub mod i18n;
pub mod locale;
pub mod model;
mod pages;
#[cfg(feature = "ssr")]
pub mod state;
pub mod url;

pub use pages::{shell, App};
