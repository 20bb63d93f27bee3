//! What operators watch: readiness and the Prometheus metrics.

pub mod metrics;
pub(crate) mod readiness;
