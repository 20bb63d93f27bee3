//! The LMTP listener a mail relay delivers the support address to (`ATRIUM_LMTP_ADDR`): each mail
//! is handled as one read from the support mailbox, and a mail that could not be stored is
//! refused for now so that the relay delivers it again.

use atrium_app::state::AppState;
use atrium_core::mail::lmtp::{self, Handled};
use std::sync::Arc;
use tokio::{net::TcpListener, sync::Semaphore};

/// Sessions served at once; a relay opening more waits for its next try.
const SESSIONS: usize = 16;

/// Accepts relay sessions on `listener` until the process ends.
pub async fn serve(listener: TcpListener, state: AppState, mail_from: String) {
    let sessions = Arc::new(Semaphore::new(SESSIONS));
    let host = mail_from.rsplit('@').next().unwrap_or("atrium").trim_end_matches('>').to_string();
    // Room for the largest mail the form would take (its files encoded in base64) and its text.
    let max_bytes = state.tickets.attachment_max_bytes * 8 + (1 << 20);
    loop {
        let Ok((stream, peer)) = listener.accept().await else { continue };
        let Ok(permit) = sessions.clone().try_acquire_owned() else {
            tracing::warn!(%peer, "mail relay: too many sessions; closed");
            continue;
        };
        let (state, host, from) = (state.clone(), host.clone(), mail_from.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let served = lmtp::session(stream, &host, max_bytes, |raw| {
                let (state, from) = (state.clone(), from.clone());
                async move { handle(&state, &from, &raw).await }
            })
            .await;
            if let Err(e) = served {
                tracing::info!(%peer, error = %e, "mail relay: session ended");
            }
        });
    }
}

async fn handle(state: &AppState, mail_from: &str, raw: &[u8]) -> Handled {
    let now = state.clock.now();
    match atrium_core::ticket::receive_relayed(&state.pool, &state.tickets, mail_from, raw, now).await {
        Ok(outcome) => {
            tracing::info!(?outcome, "mail relay: mail received");
            state.mail_kick.kick();
            Handled::Done
        }
        Err(e) => {
            tracing::error!(error = %e, "mail relay: mail not stored; the relay will retry");
            Handled::TryLater
        }
    }
}
