//! The satisfaction survey (reached by its signed link, no sign-in needed) and the support
//! manager's CSAT report.

use crate::{error::AppError, model::*};
use leptos::prelude::*;

/// Opens the survey of a link; with `rating` (one click from the mail) records it first.
#[server(endpoint = "survey")]
pub async fn get_survey(locale: String, token: String, rating: Option<i64>) -> Result<SurveyView, AppError> {
    use super::ssr::*;
    use atrium_core::survey::{self, SurveyError};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let state = state()?;
    let now = state.clock.now();
    let survey = match survey::open(&state.pool, &tenant.id, &token, now).await {
        Ok(s) => s,
        Err(SurveyError::Token(e)) => return Ok(SurveyView::Refused(e.key().into())),
        Err(e) => return Err(AppError::internal(e)),
    };
    if survey.completed {
        return Ok(SurveyView::Refused("used".into()));
    }
    let mut current = survey.rating;
    if let Some(r) = rating.filter(|r| (1..=5).contains(r)) {
        survey::rate(&state.pool, &survey, r, now).await?;
        current = Some(r);
    }
    Ok(SurveyView::Open {
        number: survey.ticket_number,
        subject: survey.ticket_subject,
        rating: current,
        reason: survey.reason,
        comment: survey.comment.unwrap_or_default(),
        reasons: survey::REASONS.iter().map(|r| r.to_string()).collect(),
    })
}

/// The survey form: rating, reason (for 1–2) and comment. Spends the link.
#[server(endpoint = "answer-survey")]
pub async fn answer_survey(locale: String, token: String, rating: i64, reason: Option<String>, comment: Option<String>) -> Result<(), AppError> {
    use super::ssr::*;
    use atrium_core::survey::{self, SurveyError};
    check_locale(&locale)?;
    let tenant = tenant().await?;
    let state = state()?;
    let now = state.clock.now();
    let back = format!("/{locale}/survey/{token}");
    let outcome = match survey::open(&state.pool, &tenant.id, &token, now).await {
        Ok(s) => survey::complete(&state.pool, &s, rating, reason.as_deref(), comment.as_deref().unwrap_or_default(), now).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => leptos_axum::redirect(&format!("/{locale}/survey/thanks")),
        Err(SurveyError::BadRating) => leptos_axum::redirect(&format!("{back}?error=rating")),
        Err(SurveyError::Token(_)) => leptos_axum::redirect(&back),
        Err(SurveyError::Db(e)) => return Err(AppError::internal(e)),
    }
    Ok(())
}

/// CSAT (share of 4–5 ratings) per week, module and agent, with the comments; for support staff.
#[server(endpoint = "support-report")]
pub async fn get_support_report(locale: String) -> Result<SupportReportView, AppError> {
    use super::ssr::*;
    use atrium_core::{identity::Role, survey};
    check_locale(&locale)?;
    let _tenant = tenant().await?;
    let session = require_role(&[Role::SupportAgent, Role::SuperAdmin])?;
    let state = state()?;
    let store = state.content();
    let tenants = report_tenants(&session.user).await?;
    let answers = survey::answers(&state.pool, &tenants).await?;
    let bar = |label: String, list: Vec<&survey::Answer>| {
        let (csat, answers) = survey::csat(list);
        CsatBar { label, csat, answers }
    };
    let tz = state.tickets.calendar.tz;
    let week = |t: i64| {
        use chrono::Datelike;
        let d = chrono::DateTime::from_timestamp(t, 0).unwrap_or_default().with_timezone(&tz);
        let w = d.iso_week();
        format!("{}-W{:02}", w.year(), w.week())
    };
    let group = |key: &dyn Fn(&survey::Answer) -> String| {
        let mut keys: Vec<String> = answers.iter().map(key).collect();
        keys.sort();
        keys.dedup();
        keys.into_iter().map(|k| bar(k.clone(), answers.iter().filter(|a| key(a) == k).collect())).collect::<Vec<_>>()
    };
    let mut by_week = group(&|a| week(a.answered_at));
    by_week.reverse();
    by_week.truncate(12);
    by_week.reverse();
    let module_title = |m: &str| store.module(m).map(|x| x.title(&locale)).unwrap_or_else(|| m.to_string());
    Ok(SupportReportView {
        overall: bar(String::new(), answers.iter().collect()),
        by_week,
        by_module: group(&|a| module_title(&a.module)),
        by_agent: group(&|a| a.agent.clone().unwrap_or_else(|| "—".into())),
        comments: answers
            .iter()
            .filter(|a| a.comment.is_some() || a.reason.is_some())
            .take(100)
            .map(|a| SurveyComment {
                ticket: format!("#{}", a.ticket_number),
                rating: a.rating,
                reason: a.reason.clone(),
                comment: a.comment.clone().unwrap_or_default(),
                answered: chrono::DateTime::from_timestamp(a.answered_at, 0).unwrap_or_default().with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
            })
            .collect(),
    })
}

/// The tenants a support user reports on: every customer for the vendor's desk, else their own.
#[cfg(feature = "ssr")]
pub async fn report_tenants(user: &atrium_core::identity::User) -> Result<Vec<String>, AppError> {
    if atrium_core::ticket::works_across_tenants(user) {
        let state = super::ssr::state()?;
        Ok(atrium_core::tenant::customer_tenants(&state.pool).await?.into_iter().map(|(id, _)| id).collect())
    } else {
        Ok(vec![user.tenant_id.clone()])
    }
}
