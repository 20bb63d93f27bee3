//! What operators and load balancers ask a node: is the process up (`/healthz`), and can it serve
//! readers (`/readyz`). Neither needs a tenant, since probes come by address, not by host name.

use atrium_app::state::AppState;
use axum::{extract::State, http::StatusCode, response::IntoResponse, Json};

/// 200 when the database answers and the search index is loaded, with the index's size; 503
/// naming what failed otherwise, so a load balancer stops sending readers to this node.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let database = atrium_core::sqlx::query("SELECT 1").execute(&state.pool).await;
    let documents = state.search().documents();
    let body = serde_json::json!({
        "database": if database.is_ok() { "ok" } else { "unreachable" },
        "search_documents": documents,
    });
    if let Err(e) = database {
        tracing::error!(error = %e, "readiness: database unreachable");
        return (StatusCode::SERVICE_UNAVAILABLE, Json(body));
    }
    (StatusCode::OK, Json(body))
}
