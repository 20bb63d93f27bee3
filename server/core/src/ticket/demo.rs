//! A desk with something on it for the demo (`atrium seed-demo`): Acme's tickets in every status,
//! with answers, a colleague in copy, a handover to Level 2, an escalation, a breached SLA and a
//! ticket just filed, and the desk's canned replies. Seeded once: a tenant with tickets is left
//! as it is.

use super::{
    assign, canned::save_canned_reply, change_status, comment, copies::add_copy, create, escalate, tiers::hand_over, Impact, Kind, Level, Status, TicketError,
    TicketSettings, ValidTicket,
};
use crate::{db::Pool, identity::User, sla::Severity};

const HOUR: i64 = 3_600;
const DAY: i64 = 24 * HOUR;

async fn person(pool: &Pool, tenant: &str, email: &str) -> Result<User, TicketError> {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM users WHERE tenant_id = $1 AND email = $2").bind(tenant).bind(email).fetch_one(pool).await?;
    crate::identity::load_user(pool, tenant, &id).await?.ok_or(TicketError::NotFound)
}

fn request(kind: Kind, severity: Severity, module: &str, subject: &str, description: &str) -> ValidTicket {
    let mut v = ValidTicket::plain(kind, severity, module, subject.into(), description.into());
    v.impact = (kind == Kind::Anomaly).then_some(Impact::Degradation);
    v
}

/// Seeds Acme's desk unless it already has tickets; returns whether it did.
pub async fn seed_demo_desk(pool: &Pool, base: &TicketSettings, now: i64) -> Result<bool, TicketError> {
    let (filed,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tickets WHERE tenant_id = 'acme'").fetch_one(pool).await?;
    if filed > 0 {
        return Ok(false);
    }
    let settings = super::settings_for(pool, base, "acme").await?;
    let s = &settings;
    let (ada, bob, sam) =
        (person(pool, "acme", "ada@acme.example").await?, person(pool, "acme", "bob@acme.example").await?, person(pool, "acme", "agent@acme.example").await?);
    let mut conn = pool.acquire().await?;
    let origin = crate::tenant::origin_of(&mut conn, &s.public_url, "acme").await?.unwrap_or_else(|| s.public_url.origin());
    drop(conn);
    let file = |who: &User, v: ValidTicket, at: i64| {
        let (who, origin) = (who.clone(), origin.clone());
        async move { create(pool, s, &who, "en", &origin, v, Vec::new(), at).await }
    };

    // A blocking anomaly four days old, past its SLA, that Sam is working on.
    let mut breach = request(
        Kind::Anomaly,
        Severity::Blocking,
        "compensation",
        "Payroll export stops at 50 %",
        "Since this morning the export to payroll stops halfway, with no message.",
    );
    breach.impact = Some(Impact::ServiceDisruption);
    let t = file(&ada, breach, now - 4 * DAY).await?;
    let t = assign(pool, s, &sam, &t, &sam, now - 4 * DAY + HOUR).await?;
    comment(pool, s, &sam, &t, "We can reproduce it with more than 500 employees. A fix is being prepared.", false, Vec::new(), now - 4 * DAY + 2 * HOUR)
        .await?;

    // A question waiting on Ada.
    let t = file(
        &ada,
        request(Kind::Question, Severity::Minor, "core-hr", "Who can see the salary history?", "Which roles can read an employee's salary history?"),
        now - 3 * DAY,
    )
    .await?;
    let t = assign(pool, s, &sam, &t, &sam, now - 3 * DAY + HOUR).await?;
    let note = "Managers see it for their teams only. Do you want HR business partners to see it too?";
    change_status(pool, s, &sam, &t, Status::Pending, Some(note), now - 3 * DAY + 2 * HOUR).await?;

    // A solution proposed, Bob in copy.
    let t = file(
        &ada,
        request(
            Kind::Anomaly,
            Severity::Major,
            "performance",
            "Review forms do not save comments",
            "Comments typed in the annual review form are lost on saving.",
        ),
        now - 6 * DAY,
    )
    .await?;
    let t = add_copy(pool, &ada, &t, "bob@acme.example", now - 6 * DAY + HOUR).await?;
    let t = assign(pool, s, &sam, &t, &sam, now - 6 * DAY + 2 * HOUR).await?;
    comment(pool, s, &bob, &t, "Same for my team's reviews.", false, Vec::new(), now - 5 * DAY).await?;
    let t = super::get_by_id(pool, "acme", &t.id).await?.ok_or(TicketError::NotFound)?;
    change_status(pool, s, &sam, &t, Status::AwaitingApproval, Some("Fixed in 2026.2.3, deployed this morning."), now - DAY).await?;

    // Handed over to Level 2, On Hold for Customer Care.
    let t = file(
        &bob,
        request(Kind::Anomaly, Severity::Major, "training", "Course certificates show the wrong date", "Certificates printed this week show last year's date."),
        now - 2 * DAY,
    )
    .await?;
    let t = assign(pool, s, &sam, &t, &sam, now - 2 * DAY + HOUR).await?;
    hand_over(pool, s, &sam, &t, Level::TechnicalSupport, "Reproduced on 2026.2; the date format comes from the template engine.", now - 2 * DAY + 2 * HOUR)
        .await?;

    // Escalated: Ada asks for a Customer Success manager.
    let t = file(
        &ada,
        request(
            Kind::ServiceRequest,
            Severity::Minor,
            "recruiting",
            "Quote for a second careers site",
            "We would like a second careers site for our Spanish subsidiary.",
        ),
        now - 8 * DAY,
    )
    .await?;
    escalate(pool, s, &ada, &t, "We need an answer before our budget meeting.", now - 2 * DAY).await?;

    // Awaiting delivery of a fix.
    let t = file(
        &bob,
        request(
            Kind::Anomaly,
            Severity::Minor,
            "administration",
            "SSO button label is cut",
            "On the sign-in page the single sign-on button's label is cut on phones.",
        ),
        now - 10 * DAY,
    )
    .await?;
    let t = assign(pool, s, &sam, &t, &sam, now - 10 * DAY + HOUR).await?;
    change_status(pool, s, &sam, &t, Status::AwaitingDelivery, Some("Fixed in 2026.3, out on 15 December."), now - 9 * DAY).await?;

    // Solved and closed yesterday: Ada may still reopen it.
    let t = file(
        &ada,
        request(
            Kind::ConfigurationRequest,
            Severity::Minor,
            "administration",
            "Add a password expiry of 90 days",
            "Please set our password expiry to 90 days.",
        ),
        now - 5 * DAY,
    )
    .await?;
    let t = assign(pool, s, &sam, &t, &sam, now - 5 * DAY + HOUR).await?;
    let t = change_status(pool, s, &sam, &t, Status::AwaitingApproval, Some("Done: passwords now expire after 90 days."), now - 4 * DAY).await?;
    change_status(pool, s, &ada, &t, Status::Validated, None, now - DAY).await?;

    // Just filed, nobody has it yet.
    file(
        &bob,
        request(Kind::Question, Severity::Minor, "compensation", "Bonus column missing in the export", "The bonus column is empty in this month's export."),
        now - HOUR,
    )
    .await?;

    for (title, level, body) in [
        ("Which export template", None, "Hello {{customer}},\n\nthank you for ticket {{number}}. Which export template do you use? A screenshot of its settings helps us most.\n\n{{agent}}"),
        ("Fixed in the next release", Some(Level::CustomerCare), "Hello {{customer}},\n\nthe fix for “{{subject}}” comes with the next weekly release. This article explains the change: {{article}}\n\n{{agent}}"),
    ] {
        save_canned_reply(pool, &sam, None, level, title, body, now).await?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_demo_desk_has_a_ticket_in_each_state_a_newcomer_should_see_and_is_seeded_once() {
        let pool = crate::db::connect_for_test().await;
        crate::tenant::seed_demo(&pool).await.unwrap();
        crate::identity::seed_demo_users(&pool).await.unwrap();
        let now = crate::db::now();
        assert!(seed_demo_desk(&pool, &TicketSettings::default(), now).await.unwrap());
        assert!(!seed_demo_desk(&pool, &TicketSettings::default(), now).await.unwrap(), "seeded once");
        let statuses: Vec<(String,)> = sqlx::query_as("SELECT status FROM tickets WHERE tenant_id = 'acme' ORDER BY number").fetch_all(&pool).await.unwrap();
        let statuses: Vec<&str> = statuses.iter().map(|(s,)| s.as_str()).collect();
        for wanted in ["open", "pending", "awaiting-approval", "on-hold", "awaiting-delivery", "closed", "new"] {
            assert!(statuses.contains(&wanted), "{wanted} in {statuses:?}");
        }
        let (escalated, level_two): (i64, i64) =
            sqlx::query_as("SELECT SUM(CASE WHEN escalated_at IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN level = 2 THEN 1 ELSE 0 END) FROM tickets")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!((escalated, level_two), (1, 1));
        let sam = person(&pool, "acme", "agent@acme.example").await.unwrap();
        assert_eq!(super::super::canned_replies(&pool, &sam).await.unwrap().len(), 2);
        let breached: Vec<super::super::Ticket> = super::super::queue(&pool, &sam, &Default::default(), &TicketSettings::default(), now).await.unwrap();
        assert!(breached.iter().any(|t| super::super::sla_figures(&t.sla, now, &TicketSettings::default().calendar).breached), "one SLA is breached");
    }
}
