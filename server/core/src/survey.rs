//! Satisfaction surveys: when a ticket closes, its requester gets one mail with one-click rating
//! links (1–5). Each link carries a token signed with a key kept in the database (so every node
//! checks it), naming the survey and an expiry. A rating updates the survey's one answer; sending
//! the comment form completes it, after which the link is spent.

use crate::{
    db::{self, Pool},
    mail,
    ticket::Ticket,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Reasons offered with a low rating (1 or 2).
pub const REASONS: [&str; 5] = ["too-slow", "not-solved", "unclear", "unfriendly", "other"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the link is damaged or was changed")]
    Tampered,
    #[error("the link has expired")]
    Expired,
    #[error("the survey was already answered with this link")]
    Used,
}

impl TokenError {
    pub fn key(&self) -> &'static str {
        match self {
            TokenError::Tampered => "tampered",
            TokenError::Expired => "expired",
            TokenError::Used => "used",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SurveyError {
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error("rating must be 1 to 5")]
    BadRating,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The signing key, made once by whichever node needs it first.
pub async fn signing_key(pool: &Pool) -> Result<Vec<u8>, sqlx::Error> {
    crate::secret::stored_key(pool, "survey-signing-key").await
}

fn mac(key: &[u8], payload: &str) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(payload.as_bytes());
    m.finalize().into_bytes().to_vec()
}

/// `<survey id>.<expires>.<signature>`, URL-safe.
pub fn token(key: &[u8], survey_id: &str, expires_at: i64) -> String {
    let payload = format!("{survey_id}.{expires_at}");
    format!("{payload}.{}", URL_SAFE_NO_PAD.encode(mac(key, &payload)))
}

/// The survey id a token names, if its signature holds and it has not expired.
pub fn verify(key: &[u8], token: &str, now: i64) -> Result<String, TokenError> {
    let mut parts = token.rsplitn(2, '.');
    let (signature, payload) = (parts.next().unwrap_or_default(), parts.next().ok_or(TokenError::Tampered)?);
    let given = URL_SAFE_NO_PAD.decode(signature).map_err(|_| TokenError::Tampered)?;
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(payload.as_bytes());
    // Constant-time comparison.
    m.verify_slice(&given).map_err(|_| TokenError::Tampered)?;
    let (id, expires) = payload.split_once('.').ok_or(TokenError::Tampered)?;
    let expires: i64 = expires.parse().map_err(|_| TokenError::Tampered)?;
    if now > expires {
        return Err(TokenError::Expired);
    }
    Ok(id.to_string())
}

/// A survey as its page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    pub id: String,
    pub tenant_id: String,
    pub ticket_number: i64,
    pub ticket_subject: String,
    pub rating: Option<i64>,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub completed: bool,
}

/// The survey behind a valid token (in the tenant of the host it is opened on).
pub async fn open(pool: &Pool, tenant_id: &str, token: &str, now: i64) -> Result<Survey, SurveyError> {
    let key = signing_key(pool).await?;
    let id = verify(&key, token, now)?;
    type Row = (String, String, i64, String, Option<i64>, Option<String>, Option<String>, Option<i64>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT s.id, s.tenant_id, t.number, t.subject, s.rating, s.reason, s.comment, s.completed_at \
         FROM surveys s JOIN tickets t ON t.id = s.ticket_id WHERE s.tenant_id = $1 AND s.id = $2",
    )
    .bind(tenant_id)
    .bind(&id)
    .fetch_optional(pool)
    .await?;
    let (id, tenant_id, number, subject, rating, reason, comment, completed) = row.ok_or(TokenError::Tampered)?;
    Ok(Survey { id, tenant_id, ticket_number: number, ticket_subject: subject, rating, reason, comment, completed: completed.is_some() })
}

/// Records a rating (one click from the mail): updates the survey's one answer.
pub async fn rate(pool: &Pool, survey: &Survey, rating: i64, now: i64) -> Result<(), SurveyError> {
    if survey.completed {
        return Err(TokenError::Used.into());
    }
    if !(1..=5).contains(&rating) {
        return Err(SurveyError::BadRating);
    }
    sqlx::query("UPDATE surveys SET rating = $1, answered_at = $2 WHERE tenant_id = $3 AND id = $4 AND completed_at IS NULL")
        .bind(rating)
        .bind(now)
        .bind(&survey.tenant_id)
        .bind(&survey.id)
        .execute(pool)
        .await?;
    Ok(())
}

/// The answer form: rating, a reason for a low one, a comment. Spends the link.
pub async fn complete(pool: &Pool, survey: &Survey, rating: i64, reason: Option<&str>, comment: &str, now: i64) -> Result<(), SurveyError> {
    if !(1..=5).contains(&rating) {
        return Err(SurveyError::BadRating);
    }
    let reason = reason.filter(|r| rating <= 2 && REASONS.contains(r));
    let comment: String = comment.trim().chars().take(4000).collect();
    let done = sqlx::query(
        "UPDATE surveys SET rating = $1, reason = $2, comment = $3, answered_at = $4, completed_at = $4 \
         WHERE tenant_id = $5 AND id = $6 AND completed_at IS NULL",
    )
    .bind(rating)
    .bind(reason)
    .bind((!comment.is_empty()).then_some(comment))
    .bind(now)
    .bind(&survey.tenant_id)
    .bind(&survey.id)
    .execute(pool)
    .await?
    .rows_affected();
    if done != 1 {
        return Err(TokenError::Used.into());
    }
    Ok(())
}

/// Sends the survey of every closed ticket that has none yet (run by the job loop). The unique
/// ticket key makes it once per ticket, however many nodes run this.
pub async fn send_due(pool: &Pool, valid_days: i64, now: i64) -> Result<usize, sqlx::Error> {
    use crate::ticket::{TicketRow, SELECT_TICKET};
    let closed: Vec<TicketRow> =
        sqlx::query_as(&format!("{SELECT_TICKET} WHERE t.status = 'closed' AND NOT EXISTS (SELECT 1 FROM surveys s WHERE s.ticket_id = t.id)"))
            .fetch_all(pool)
            .await?;
    if closed.is_empty() {
        return Ok(0);
    }
    let key = signing_key(pool).await?;
    let mut sent = 0;
    for t in closed.into_iter().map(TicketRow::into_ticket) {
        let id = db::new_id();
        let expires = now + valid_days * 86_400;
        let mut tx = crate::db::begin(pool).await?;
        let inserted = sqlx::query(
            "INSERT INTO surveys (id, tenant_id, ticket_id, module, agent_id, locale, sent_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (ticket_id) DO NOTHING",
        )
        .bind(&id)
        .bind(&t.tenant_id)
        .bind(&t.id)
        .bind(&t.module)
        .bind(&t.assignee_id)
        .bind(&t.locale)
        .bind(now)
        .bind(expires)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            mail::enqueue(&mut tx, &t.tenant_id, &survey_mail(&t, &token(&key, &id, expires)), now).await?;
            sent += 1;
        }
        tx.commit().await?;
    }
    Ok(sent)
}

/// The survey page of a token, on the host the ticket was filed on.
pub fn survey_url(t: &Ticket, token: &str, rating: Option<i64>) -> String {
    let base = format!("{}/{}/survey/{token}", t.origin, t.locale);
    match rating {
        Some(r) => format!("{base}?rating={r}"),
        None => base,
    }
}

fn survey_mail(t: &Ticket, token: &str) -> mail::Mail {
    let l = &t.locale;
    let args = [("number", t.number.to_string()), ("subject", t.subject.clone())];
    mail::Mail {
        to: t.requester_email.clone(),
        unsubscribe: None,
        subject: mail::text(l, "mail-survey-subject", &args),
        paragraphs: vec![mail::text(l, "mail-survey-body", &args)],
        links: (1..=5).rev().map(|r| (mail::text(l, &format!("mail-survey-rating-{r}"), &[]), survey_url(t, token, Some(r)))).collect(),
        ..Default::default()
    }
}

/// The pending survey links of a requester's closed tickets, for the prompt on My Activities:
/// (ticket number, token).
pub async fn pending_for(pool: &Pool, tenant_id: &str, requester_id: &str, now: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT s.id, s.expires_at, t.number FROM surveys s JOIN tickets t ON t.id = s.ticket_id \
         WHERE s.tenant_id = $1 AND t.requester_id = $2 AND s.completed_at IS NULL AND s.expires_at > $3 ORDER BY t.number",
    )
    .bind(tenant_id)
    .bind(requester_id)
    .bind(now)
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let key = signing_key(pool).await?;
    Ok(rows.into_iter().map(|(id, expires, number)| (number, token(&key, &id, expires))).collect())
}

/// One answered survey, for the support manager's report.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub tenant_id: String,
    pub ticket_number: i64,
    pub module: String,
    pub agent: Option<String>,
    pub rating: i64,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub answered_at: i64,
}

/// Every answered survey of these tenants, newest first.
pub async fn answers(pool: &Pool, tenants: &[String]) -> Result<Vec<Answer>, sqlx::Error> {
    let mut out = Vec::new();
    for tenant in tenants {
        type Row = (String, i64, String, Option<String>, i64, Option<String>, Option<String>, i64);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT s.tenant_id, t.number, s.module, u.display_name, s.rating, s.reason, s.comment, s.answered_at \
             FROM surveys s JOIN tickets t ON t.id = s.ticket_id LEFT JOIN users u ON u.id = s.agent_id \
             WHERE s.tenant_id = $1 AND s.rating IS NOT NULL",
        )
        .bind(tenant)
        .fetch_all(pool)
        .await?;
        out.extend(rows.into_iter().map(|(tenant_id, ticket_number, module, agent, rating, reason, comment, answered_at)| Answer {
            tenant_id,
            ticket_number,
            module,
            agent,
            rating,
            reason,
            comment,
            answered_at,
        }));
    }
    out.sort_by_key(|a| std::cmp::Reverse(a.answered_at));
    Ok(out)
}

/// CSAT: the share of answers rating 4 or 5, in per cent, with the number of answers.
pub fn csat<'a>(answers: impl IntoIterator<Item = &'a Answer>) -> (i64, i64) {
    let (mut happy, mut n) = (0, 0);
    for a in answers {
        n += 1;
        if a.rating >= 4 {
            happy += 1;
        }
    }
    (if n == 0 { 0 } else { (happy * 100 + n / 2) / n }, n)
}

/// For the demo (`seed-demo --with-tickets`): sends the surveys of closed tickets and answers
/// Acme's, so the satisfaction pages have figures. Returns how many were answered.
pub async fn seed_demo_answers(pool: &Pool, valid_days: i64, now: i64) -> Result<usize, SurveyError> {
    send_due(pool, valid_days, now).await?;
    let key = signing_key(pool).await?;
    let waiting: Vec<(String, i64)> =
        sqlx::query_as("SELECT id, expires_at FROM surveys WHERE tenant_id = 'acme' AND answered_at IS NULL ORDER BY id").fetch_all(pool).await?;
    for (id, expires_at) in &waiting {
        let survey = open(pool, "acme", &token(&key, id, *expires_at), now).await?;
        complete(pool, &survey, 5, None, "Quick and clear answer, thank you.", now).await?;
    }
    Ok(waiting.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_holds_only_as_signed_and_only_until_it_expires() {
        let key = b"0123456789abcdef0123456789abcdef";
        let t = token(key, "survey-1", 1_000);
        assert_eq!(verify(key, &t, 999), Ok("survey-1".to_string()));
        assert_eq!(verify(key, &t, 1_001), Err(TokenError::Expired));
        // Changing the id or the expiry, or signing with another key, breaks it.
        assert_eq!(verify(key, &t.replace("survey-1", "survey-2"), 999), Err(TokenError::Tampered));
        assert_eq!(verify(key, &t.replace(".1000.", ".9999999999."), 999), Err(TokenError::Tampered));
        assert_eq!(verify(b"another key", &t, 999), Err(TokenError::Tampered));
        for junk in ["", ".", "a.b", "a.b.c", "survey-1.1000.!!!"] {
            assert_eq!(verify(key, junk, 999), Err(TokenError::Tampered), "{junk:?}");
        }
    }

    #[test]
    fn csat_is_the_share_of_fours_and_fives() {
        let a =
            |rating| Answer { tenant_id: "t".into(), ticket_number: 1, module: "m".into(), agent: None, rating, reason: None, comment: None, answered_at: 0 };
        let all = [a(5), a(4), a(3), a(1)];
        assert_eq!(csat(&all), (50, 4));
        assert_eq!(csat(&[a(5), a(5), a(2)]), (67, 3));
        assert_eq!(csat(&[]), (0, 0));
    }
}
