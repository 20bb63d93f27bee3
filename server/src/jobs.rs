//! Background work in the server process: ticket reminders, auto-close and SLA alerts, then the
//! mail outbox. Runs every `jobs_interval_secs`, and at once when a request queued a mail.

use atrium_app::state::AppState;
use atrium_core::mail::Mailer;
use std::time::Duration;

/// One pass: what the ticket rules ask for at the state's clock, then the mail it produced.
pub async fn run_once(state: &AppState, mailer: &Mailer) {
    let now = state.clock.now();
    match atrium_core::ticket::run_ticket_jobs(&state.pool, &state.tickets, now).await {
        Ok(r) if r != Default::default() => tracing::info!(reminders = r.reminders, closed = r.closed, alerts = r.alerts, "ticket jobs ran"),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "ticket jobs failed; will retry"),
    }
    match atrium_core::survey::send_due(&state.pool, state.tickets.survey_valid_days, now).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(surveys = n, "satisfaction surveys sent"),
        Err(e) => tracing::error!(error = %e, "surveys failed; will retry"),
    }
    if let Err(e) = mailer.send_pending(&state.pool, now).await {
        tracing::error!(error = %e, "mail outbox failed; will retry");
    }
}

/// Runs [`run_once`] forever; the server spawns it next to the listener.
pub async fn run_forever(state: AppState, mailer: Mailer, interval: Duration) {
    loop {
        run_once(&state, &mailer).await;
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = state.mail_kick.kicked() => {}
        }
    }
}
