//! Content over HTTP: reloading it when the folder or the studio changes it, its feeds, and the
//! studio's form posts (articles, release notes, module descriptions, images).

pub(crate) mod feeds;
pub mod reload;
pub(crate) mod studio;
