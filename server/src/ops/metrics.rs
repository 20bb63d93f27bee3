//! Prometheus metrics at `/metrics`, through the `metrics` facade and its Prometheus exporter:
//! requests by route and status with latency histograms (recorded here), search latency (in the
//! core), job runs (in the jobs), and at scrape time the index size, tickets by status and tickets
//! past their SLA target.

use atrium_app::state::AppState;
use axum::{
    extract::{MatchedPath, Request, State},
    http::{header, HeaderMap, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::{sync::OnceLock, time::Instant};

/// Seconds: from a cached page (a millisecond) to a slow search or ticket filing.
const LATENCY_BUCKETS: &[f64] = &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// How often recorded samples are folded into the histograms' buckets.
const UPKEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// The process-wide recorder, installed on first use (one per process, however many routers
/// the tests build).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("duration_seconds".into()), LATENCY_BUCKETS)
            .expect("latency buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics will be empty");
        }
        // Each timed request leaves a sample that only a scrape or an upkeep folds into the
        // buckets: without a scraper, the HTTP search bench saw memory grow by 12 MB per 240,000
        // requests. One thread folds them every few seconds for the life of the process.
        let upkeep = handle.clone();
        let started = std::thread::Builder::new().name("metrics-upkeep".into()).spawn(move || loop {
            std::thread::sleep(UPKEEP_EVERY);
            upkeep.run_upkeep();
        });
        if let Err(e) = started {
            tracing::warn!(error = %e, "metrics upkeep not started; /metrics scrapes alone will fold samples");
        }
        handle
    })
}

/// The route pattern that served a request, carried out to [`track_requests`] on the response.
#[derive(Clone)]
struct RouteLabel(String);

/// Innermost: only here has the router matched the request to its route pattern.
pub async fn label_route(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string());
    let mut res = next.run(req).await;
    if let Some(route) = route {
        res.extensions_mut().insert(RouteLabel(route));
    }
    res
}

/// Outermost: counts every request (unknown hosts and paths too) by method, route and status.
pub async fn track_requests(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().as_str().to_string();
    let res = next.run(req).await;
    let route = res.extensions().get::<RouteLabel>().map(|r| r.0.clone()).unwrap_or_else(|| "unmatched".into());
    let status = res.status().as_u16().to_string();
    metrics::counter!("atrium_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("atrium_http_request_duration_seconds", "method" => method, "route" => route).record(started.elapsed().as_secs_f64());
    res
}

/// The token `/metrics` asks for, when one is configured.
#[derive(Clone)]
pub struct MetricsToken(pub Option<String>);

/// Prometheus text format. With a token configured, only `Authorization: Bearer <token>`.
pub async fn metrics(State(state): State<AppState>, axum::Extension(token): axum::Extension<MetricsToken>, headers: HeaderMap) -> Response {
    if let Some(expected) = &token.0 {
        let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        // Hashes are compared, so the comparison's timing tells nothing about the token.
        let matches = given.is_some_and(|g| atrium_core::secret::token_hash(g) == atrium_core::secret::token_hash(expected));
        if !matches {
            return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "metrics need the configured bearer token\n").into_response();
        }
    }
    metrics::gauge!("atrium_search_documents").set(state.search().documents() as f64);
    metrics::gauge!("atrium_content_articles").set(state.content().all_articles().count() as f64);
    if let Err(e) = ticket_gauges(&state).await {
        tracing::warn!(error = %e, "metrics: ticket counts unavailable");
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], handle().render()).into_response()
}

/// Tickets by status over every tenant, open tickets whose SLA clock is past its target, and mails
/// that may or may not have arrived (see `atrium mail-uncertain`).
async fn ticket_gauges(state: &AppState) -> Result<(), atrium_core::sqlx::Error> {
    for (status, n) in atrium_core::ticket::counts_by_status(&state.pool).await? {
        metrics::gauge!("atrium_tickets", "status" => status.key()).set(n as f64);
    }
    match atrium_core::ticket::breached_count(&state.pool, &state.tickets, state.clock.now()).await {
        Ok(n) => metrics::gauge!("atrium_tickets_sla_breached").set(n as f64),
        Err(e) => tracing::warn!(error = %e, "metrics: SLA breaches unavailable"),
    }
    let uncertain = atrium_core::mail::uncertain_mails(&state.pool, state.clock.now()).await?;
    metrics::gauge!("atrium_mail_uncertain").set(uncertain.len() as f64);
    Ok(())
}
