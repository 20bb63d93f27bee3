//! What operators and load balancers ask a node: is the process up (`/healthz`), and can it serve
//! readers (`/readyz`). Neither needs a tenant, since probes come by address, not by host name.

use atrium_app::state::AppState;
use axum::{extract::State, http::StatusCode, response::IntoResponse, Json};

/// 200 when the database answers and accepts writes and the search index is loaded, with the
/// index's size; 503 naming what failed otherwise, so a load balancer stops sending this node the
/// readers it could not serve (a full disk or a read-only file system fails the write).
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let database = match atrium_core::db::probe_write(&state.pool, state.clock.now()).await {
        Ok(()) => "ok",
        Err(e) if atrium_core::db::refuses_writes(&e) => {
            tracing::error!(error = %e, "readiness: database refuses writes");
            "read-only or full"
        }
        Err(e) => {
            tracing::error!(error = %e, "readiness: database unreachable");
            "unreachable"
        }
    };
    let documents = state.search().documents();
    let body = serde_json::json!({ "database": database, "search_documents": documents });
    let status = if database == "ok" { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(body))
}
