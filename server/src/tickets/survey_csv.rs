//! `GET /api/survey-answers.csv`: every answered satisfaction survey the support user may see.

use atrium_app::state::{AppState, Session};
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};

pub async fn survey_csv(State(state): State<AppState>, session: Option<Extension<Session>>) -> Response {
    use atrium_core::{identity::Role, survey, ticket};
    let user = match session {
        None => return (StatusCode::UNAUTHORIZED, "Sign in as a support agent to download survey answers.").into_response(),
        Some(Extension(s)) if !ticket::is_agent(&s.user) => {
            return (StatusCode::FORBIDDEN, "Your account does not give access to survey answers.").into_response()
        }
        Some(Extension(s)) => s.user,
    };
    debug_assert!(matches!(user.role, Role::SupportAgent | Role::SuperAdmin));
    let tenants = if ticket::works_across_tenants(&user) {
        match atrium_core::tenant::customer_tenants(&state.pool).await {
            Ok(t) => t.into_iter().map(|(id, _)| id).collect(),
            Err(e) => return failed(e),
        }
    } else {
        vec![user.tenant_id.clone()]
    };
    let answers = match survey::answers(&state.pool, &tenants).await {
        Ok(a) => a,
        Err(e) => return failed(e),
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(["tenant", "ticket", "module", "agent", "rating", "reason", "comment", "answered_at"]);
    for a in answers {
        let when = chrono::DateTime::from_timestamp(a.answered_at, 0).map(|d| d.to_rfc3339()).unwrap_or_default();
        let _ = out.write_record([
            a.tenant_id,
            a.ticket_number.to_string(),
            a.module,
            a.agent.unwrap_or_default(),
            a.rating.to_string(),
            a.reason.unwrap_or_default(),
            a.comment.unwrap_or_default(),
            when,
        ]);
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"survey-answers.csv\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        out.into_inner().unwrap_or_default(),
    )
        .into_response()
}

fn failed(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "survey answers failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "Survey answers could not be read.").into_response()
}
