//! The desk is told, against a real (in-memory) SQLite: who gets which mail, in which language,
//! with which link.

use super::tests::{file, paris, valid, world};
use super::*;
use crate::{identity, sla::Severity};

async fn mails_to(pool: &crate::db::Pool, to: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT subject, text_body FROM mail_outbox WHERE recipient = $1 ORDER BY created_at, id").bind(to).fetch_all(pool).await.unwrap()
}

#[tokio::test]
async fn each_agent_is_told_what_they_chose_in_their_language_with_a_link_that_opens_the_ticket() {
    let mut w = world().await;
    w.settings.public_url = crate::tenant::PublicUrl::parse("https://help.example.com").unwrap();
    let vendor = identity::create_user(&w.pool, "vendor", "vera@vendor.example", "Vera", None, identity::Role::SupportAgent, &[], 0).await.unwrap();
    // Vera reads French and wants no new tickets; the customer's own agent keeps the defaults.
    let french = AgentChoices { new_ticket: false, locale: "fr".into(), ..AgentChoices::default() };
    set_agent_choices(&w.pool, &vendor, &french, 0).await.unwrap();
    assert_eq!(agent_choices(&w.pool, &vendor).await.unwrap(), french);
    assert_eq!(agent_choices(&w.pool, &w.agent).await.unwrap(), AgentChoices::default());
    // Customers have no desk, and a language the help centre does not speak is refused.
    assert!(matches!(set_agent_choices(&w.pool, &w.ada, &AgentChoices::default(), 0).await, Err(TicketError::Forbidden)));
    let klingon = AgentChoices { locale: "tlh".into(), ..AgentChoices::default() };
    assert!(matches!(set_agent_choices(&w.pool, &vendor, &klingon, 0).await, Err(TicketError::Invalid(_))));

    let t = file(&w, &w.ada, paris("2026-11-23 09:00")).await;
    assert!(mails_to(&w.pool, "vera@vendor.example").await.is_empty(), "Vera chose no new tickets");
    let (subject, body) = mails_to(&w.pool, "agent@acme.example").await.remove(0);
    assert_eq!(subject, "[Acme Logistics #1] New ticket: Payroll export fails");
    assert!(body.contains("The export stops at 50 %.") && body.contains("http://127.0.0.1:3000/en/tickets/1"), "{body}");

    // Vera takes it; Ada's answer goes to her alone, in French, through the vendor's address.
    let t = assign(&w.pool, &w.settings, &vendor, &t, &vendor, paris("2026-11-23 10:00")).await.unwrap();
    let t = change_status(&w.pool, &w.settings, &vendor, &t, Status::Pending, Some("Quelle période ?"), paris("2026-11-23 10:05")).await.unwrap();
    let t = comment(&w.pool, &w.settings, &w.ada, &t, "November.", false, vec![], paris("2026-11-23 11:00")).await.unwrap();
    let (subject, body) = mails_to(&w.pool, "vera@vendor.example").await.remove(0);
    assert_eq!(subject, "[Acme Logistics #1] Réponse du client : Payroll export fails");
    assert!(body.contains("November.") && body.contains("désormais Ouvert"), "{body}");
    assert!(body.contains("https://support.localhost/fr/tickets/1?tenant=acme"), "{body}");
    assert_eq!(mails_to(&w.pool, "agent@acme.example").await.len(), 1, "the assignee is told, not the whole desk");

    // An escalation reaches every agent who wants escalations, with the customer's reason.
    escalate(&w.pool, &w.settings, &w.ada, &t, "The payroll closes tomorrow.", paris("2026-11-23 11:30")).await.unwrap();
    for who in ["vera@vendor.example", "agent@acme.example"] {
        let mails = mails_to(&w.pool, who).await;
        let (subject, body) = mails.last().unwrap();
        assert!(subject.contains("#1]") && (subject.contains("Escalade") || subject.contains("Escalation")), "{who}: {subject}");
        assert!(body.contains("The payroll closes tomorrow."), "{body}");
    }
}

#[tokio::test]
async fn the_assignee_of_a_ticket_at_risk_is_told_beside_the_team_unless_they_opted_out() {
    let w = world().await;
    let t = create(&w.pool, &w.settings, &w.ada, "en", "http://x", valid(Severity::Blocking), vec![], paris("2026-11-23 08:30")).await.unwrap();
    assign(&w.pool, &w.settings, &w.agent, &t, &w.agent, paris("2026-11-23 08:40")).await.unwrap();
    run_ticket_jobs(&w.pool, &w.settings, paris("2026-11-24 10:30")).await.unwrap();
    let (subject, body) = mails_to(&w.pool, "agent@acme.example").await.pop().unwrap();
    assert!(subject.starts_with("[Acme Logistics #1] At risk (80 % of the SLA)"), "{subject}");
    assert!(body.contains("is assigned to you") && body.contains("reaches its SLA target on"), "{body}");
    assert_eq!(mails_to(&w.pool, &w.settings.agents_email).await.len(), 1, "the team still has its alert");

    let quiet = AgentChoices { at_risk: false, ..AgentChoices::default() };
    set_agent_choices(&w.pool, &w.agent, &quiet, 0).await.unwrap();
    let t2 = create(&w.pool, &w.settings, &w.ada, "en", "http://x", valid(Severity::Blocking), vec![], paris("2026-11-23 08:30")).await.unwrap();
    assign(&w.pool, &w.settings, &w.agent, &t2, &w.agent, paris("2026-11-23 08:40")).await.unwrap();
    let before = mails_to(&w.pool, "agent@acme.example").await.len();
    run_ticket_jobs(&w.pool, &w.settings, paris("2026-11-24 10:45")).await.unwrap();
    assert_eq!(mails_to(&w.pool, "agent@acme.example").await.len(), before, "opted out of tickets at risk");
    assert_eq!(mails_to(&w.pool, &w.settings.agents_email).await.len(), 2);
}
