//! Running the service: one node at a time for the scheduled jobs, the application audit log,
//! retention purges, a tenant's data export and destruction, and online SQLite backups.

pub mod audit;
pub mod backup;
pub mod catalogue;
pub mod destroy;
pub mod export;
pub mod lease;
pub mod purge;

pub use purge::{purge, PurgeReport, Retention};
