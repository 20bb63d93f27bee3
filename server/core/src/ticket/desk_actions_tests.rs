//! Reopening within the window, recording an escalation's call, reclassifying: against a real
//! (in-memory) SQLite, with the refusals a wrong person or a late request gets.

use super::tests::{file, paris, world};
use super::*;

const DAY: i64 = 86_400;

#[tokio::test]
async fn a_customer_reopens_within_the_window_and_the_clock_runs_on_from_where_it_stopped() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-23 09:00")).await;
    let t = change_status(&w.pool, &w.settings, &w.agent, &t, Status::AwaitingApproval, Some("Fixed"), paris("2026-11-23 11:00")).await.unwrap();
    let closed = change_status(&w.pool, &w.settings, &w.ada, &t, Status::Validated, None, paris("2026-11-23 12:00")).await.unwrap();
    assert_eq!(closed.status, Status::Closed);
    let spent = sla_figures(&closed.sla, paris("2026-11-23 12:00"), &w.settings.calendar).spent_secs;
    let now = paris("2026-11-30 10:00");
    assert!(may_reopen(&closed, &w.settings, now));
    // The agent cannot reopen for the customer, nor a colleague who may not see it, nor without a reason.
    assert!(matches!(reopen(&w.pool, &w.settings, &w.agent, &closed, "Again", now).await, Err(TicketError::Forbidden)));
    assert!(matches!(reopen(&w.pool, &w.settings, &w.bob, &closed, "Again", now).await, Err(TicketError::NotFound)));
    assert!(matches!(reopen(&w.pool, &w.settings, &w.ada, &closed, "  ", now).await, Err(TicketError::Invalid(_))));
    let open = reopen(&w.pool, &w.settings, &w.ada, &closed, "The export fails again", now).await.unwrap();
    assert_eq!((open.status, open.closed_at), (Status::Open, None));
    let f = sla_figures(&open.sla, paris("2026-11-30 11:00"), &w.settings.calendar);
    assert!(!f.stopped && !f.paused);
    assert_eq!(f.spent_secs, spent + 3600, "the hour since reopening counts on top of what was spent");
    let history = history(&w.pool, &w.ada, &open).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!((last.from_status, last.to_status, last.body.as_deref()), (Some(Status::Closed), Some(Status::Open), Some("The export fails again")));
    // The desk hears of it like a customer's answer.
    let subjects: Vec<(String,)> = sqlx::query_as("SELECT subject FROM mail_outbox WHERE subject LIKE '%Customer reply%'").fetch_all(&w.pool).await.unwrap();
    assert!(!subjects.is_empty());
    // Reopening twice is refused: it is no longer closed, even to a page read before.
    assert!(matches!(reopen(&w.pool, &w.settings, &w.ada, &open, "Again", now).await, Err(TicketError::NotAllowed { .. })));
    assert!(matches!(reopen(&w.pool, &w.settings, &w.ada, &closed, "Again", now).await, Err(TicketError::Conflict)));
}

#[tokio::test]
async fn past_the_window_a_ticket_stays_closed_and_a_new_request_names_it() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-02 09:00")).await;
    let closed = change_status(&w.pool, &w.settings, &w.ada, &t, Status::Closed, None, paris("2026-11-02 10:00")).await.unwrap();
    let late = closed.closed_at.unwrap() + (w.settings.reopen_days + 1) * DAY;
    assert!(!may_reopen(&closed, &w.settings, late));
    assert!(matches!(reopen(&w.pool, &w.settings, &w.ada, &closed, "Again", late).await, Err(TicketError::ReopenExpired)));
    let never = TicketSettings { reopen_days: 0, ..w.settings.clone() };
    assert!(!may_reopen(&closed, &never, closed.closed_at.unwrap() + 60));
    let mut follow = super::tests::valid(crate::sla::Severity::Minor);
    follow.follows = Some(closed.number);
    let next = create(&w.pool, &w.settings, &w.ada, "en", "http://127.0.0.1:3000", follow.clone(), vec![], late).await.unwrap();
    assert_eq!(next.follows_number, Some(closed.number));
    // Another customer cannot tie a request to a ticket they may not read, nor to an open one.
    let by_bob = create(&w.pool, &w.settings, &w.bob, "en", "http://127.0.0.1:3000", follow, vec![], late).await.unwrap();
    assert_eq!(by_bob.follows_number, None);
    let mut to_open = super::tests::valid(crate::sla::Severity::Minor);
    to_open.follows = Some(next.number);
    assert_eq!(create(&w.pool, &w.settings, &w.ada, "en", "http://127.0.0.1:3000", to_open, vec![], late).await.unwrap().follows_number, None);
}

#[tokio::test]
async fn recording_the_escalation_call_takes_it_out_of_the_managers_queue() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-23 10:00")).await;
    let now = paris("2026-11-24 10:00");
    assert!(matches!(record_call(&w.pool, &w.agent, &t, "Called", now).await, Err(TicketError::NotAllowed { .. })), "nothing was escalated");
    let t = escalate(&w.pool, &w.settings, &w.ada, &t, "We need a call", now).await.unwrap();
    let escalated = QueueFilter { escalated_only: true, ..Default::default() };
    let count = |q: Vec<QueueEntry>| q.iter().filter(|e| e.escalated).count();
    assert_eq!(count(queue_entries(&w.pool, &w.agent, &QueueFilter::default(), &w.settings, now).await.unwrap()), 1);
    assert!(matches!(record_call(&w.pool, &w.ada, &t, "I called myself", now).await, Err(TicketError::Forbidden)));
    assert!(matches!(record_call(&w.pool, &w.agent, &t, "", now).await, Err(TicketError::Invalid(_))));
    let called = record_call(&w.pool, &w.agent, &t, "Agreed on a fix date with Ada", paris("2026-11-25 15:00")).await.unwrap();
    assert_eq!(called.escalation_called_at, Some(paris("2026-11-25 15:00")));
    assert!(queue_entries(&w.pool, &w.agent, &escalated, &w.settings, now).await.unwrap().is_empty());
    assert_eq!(count(queue_entries(&w.pool, &w.agent, &QueueFilter::default(), &w.settings, now).await.unwrap()), 0);
    // The customer reads what was settled.
    let seen = history(&w.pool, &w.ada, &called).await.unwrap();
    assert!(seen.iter().any(|e| e.kind == EventKind::EscalationCall && e.body.as_deref() == Some("Agreed on a fix date with Ada")));
    assert!(matches!(record_call(&w.pool, &w.agent, &called, "Twice", now).await, Err(TicketError::NotAllowed { .. })));
}

#[tokio::test]
async fn an_agent_reclassifies_type_and_module_while_the_severity_stays_the_customers() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-23 10:00")).await;
    let modules = vec!["compensation".to_string(), "payroll".to_string()];
    let now = paris("2026-11-23 11:00");
    assert!(matches!(reclassify(&w.pool, &w.ada, &t, Kind::Question, "payroll", &modules, 7 * 36_000, now).await, Err(TicketError::Forbidden)));
    assert!(matches!(reclassify(&w.pool, &w.agent, &t, Kind::Question, "nowhere", &modules, 7 * 36_000, now).await, Err(TicketError::Invalid(_))));
    let after = reclassify(&w.pool, &w.agent, &t, Kind::Question, "payroll", &modules, 7 * 36_000, now).await.unwrap();
    assert_eq!((after.kind, after.module.as_str(), after.severity), (Kind::Question, "payroll", t.severity));
    assert_eq!(after.sla.target_secs, 7 * 36_000, "a question's turnaround replaces the anomaly's SLA");
    let seen = history(&w.pool, &w.ada, &after).await.unwrap();
    let line = seen.iter().find(|e| e.kind == EventKind::Reclassified).unwrap();
    assert_eq!(line.body.as_deref(), Some("anomaly question compensation payroll"));
    // The form read before the change cannot overwrite it.
    assert!(matches!(reclassify(&w.pool, &w.agent, &t, Kind::ServiceRequest, "compensation", &modules, 7 * 36_000, now).await, Err(TicketError::Conflict)));
}

#[tokio::test]
async fn level_one_hands_over_to_level_two_with_a_note_and_gets_the_ticket_back() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-23 10:00")).await;
    assert_eq!(t.level, Level::CustomerCare);
    let now = paris("2026-11-23 11:00");
    let t = assign(&w.pool, &w.settings, &w.agent, &t, &w.agent, now).await.unwrap();
    assert!(matches!(hand_over(&w.pool, &w.settings, &w.ada, &t, Level::TechnicalSupport, "Please", now).await, Err(TicketError::Forbidden)));
    assert!(matches!(hand_over(&w.pool, &w.settings, &w.agent, &t, Level::TechnicalSupport, " ", now).await, Err(TicketError::Invalid(_))));
    assert!(matches!(hand_over(&w.pool, &w.settings, &w.agent, &t, Level::CustomerCare, "Me", now).await, Err(TicketError::NotAllowed { .. })));
    let at_two = hand_over(&w.pool, &w.settings, &w.agent, &t, Level::TechnicalSupport, "Export log attached; reproduced on 2026.3", now).await.unwrap();
    assert_eq!((at_two.level, at_two.status, at_two.assignee_id.as_deref()), (Level::TechnicalSupport, Status::OnHold, None));
    // Each level's queue shows its own tickets.
    let of = |level| QueueFilter { level: Some(level), ..Default::default() };
    assert_eq!(queue_entries(&w.pool, &w.agent, &of(Level::TechnicalSupport), &w.settings, now).await.unwrap().len(), 1);
    assert!(queue_entries(&w.pool, &w.agent, &of(Level::CustomerCare), &w.settings, now).await.unwrap().is_empty());
    // The note is for the desk: agents read it, the customer does not.
    let note = "Export log attached; reproduced on 2026.3";
    assert!(history(&w.pool, &w.agent, &at_two)
        .await
        .unwrap()
        .iter()
        .any(|e| e.kind == EventKind::HandedOver && e.body.as_deref().is_some_and(|b| b.ends_with(note))));
    assert!(!history(&w.pool, &w.ada, &at_two).await.unwrap().iter().any(|e| e.body.as_deref().is_some_and(|b| b.contains(note))));
    let back =
        hand_over(&w.pool, &w.settings, &w.agent, &at_two, Level::CustomerCare, "Fixed in 2026.4, please confirm", paris("2026-11-24 11:00")).await.unwrap();
    assert_eq!((back.level, back.status), (Level::CustomerCare, Status::Open));
    // A page read while Level 2 had it cannot hand it on once it is back.
    assert!(matches!(hand_over(&w.pool, &w.settings, &w.agent, &at_two, Level::Development, "Stale", now).await, Err(TicketError::Conflict)));
}

#[tokio::test]
async fn canned_replies_belong_to_one_desk_and_fill_in_the_ticket() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-23 10:00")).await;
    let now = paris("2026-11-23 11:00");
    let body = "Hello {{customer}},\n\nabout #{{number}} “{{ subject }}”: see {{article}}.\n{{agent}}";
    assert!(matches!(save_canned_reply(&w.pool, &w.ada, None, None, "Hi", body, now).await, Err(TicketError::Forbidden)));
    let Err(TicketError::Invalid(e)) = save_canned_reply(&w.pool, &w.agent, None, None, "Hi", "Dear {{name}}", now).await else { panic!("refused") };
    assert_eq!((e[0].problem.as_str(), e[0].detail.as_deref()), ("unknown-placeholder", Some("name")));
    assert!(matches!(save_canned_reply(&w.pool, &w.agent, None, None, " ", "", now).await, Err(TicketError::Invalid(e)) if e.len() == 2));
    let id = save_canned_reply(&w.pool, &w.agent, None, Some(Level::CustomerCare), "Export fix", body, now).await.unwrap();
    let replies = canned_replies(&w.pool, &w.agent).await.unwrap();
    assert_eq!((replies.len(), replies[0].level), (1, Some(Level::CustomerCare)));
    let filled = fill(&replies[0], &t, &w.agent);
    assert_eq!(filled, "Hello ada,\n\nabout #1 “Payroll export fails”: see http://127.0.0.1:3000/en/compensation/payroll-export.\nagent");
    // Another tenant's agent neither sees, changes nor deletes it.
    let globex_agent =
        crate::identity::create_user(&w.pool, "globex", "gus@globex.example", "Gus", None, crate::identity::Role::SupportAgent, &[], now).await.unwrap();
    assert!(canned_replies(&w.pool, &globex_agent).await.unwrap().is_empty());
    assert!(matches!(save_canned_reply(&w.pool, &globex_agent, Some(&id), None, "Mine", "Mine", now).await, Err(TicketError::NotFound)));
    assert!(matches!(delete_canned_reply(&w.pool, &globex_agent, &id).await, Err(TicketError::NotFound)));
    save_canned_reply(&w.pool, &w.agent, Some(&id), None, "Export fix (all levels)", body, now).await.unwrap();
    assert_eq!(canned_replies(&w.pool, &w.agent).await.unwrap()[0].level, None);
    delete_canned_reply(&w.pool, &w.agent, &id).await.unwrap();
    assert!(canned_replies(&w.pool, &w.agent).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_colleague_in_copy_reads_answers_and_gets_the_mails_while_other_tenants_cannot_be_copied() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-23 10:00")).await;
    let now = paris("2026-11-23 11:00");
    assert!(get_for(&w.pool, &w.bob, None, t.number).await.is_err(), "not in copy yet");
    // Another tenant's address, an unknown one, and a colleague who may not see it cannot act.
    for refused in ["grace@globex.example", "nobody@acme.example"] {
        let Err(TicketError::Invalid(e)) = add_copy(&w.pool, &w.ada, &t, refused, now).await else { panic!("{refused} refused") };
        assert_eq!(e[0].problem, "not-colleague");
    }
    assert!(matches!(add_copy(&w.pool, &w.bob, &t, "bob@acme.example", now).await, Err(TicketError::NotFound)));
    let t = add_copy(&w.pool, &w.ada, &t, " Bob@Acme.example ", now).await.unwrap();
    assert_eq!(t.copied, vec![w.bob.id.clone()]);
    let seen_by_bob = get_for(&w.pool, &w.bob, None, t.number).await.unwrap();
    let t = comment(&w.pool, &w.settings, &w.bob, &seen_by_bob, "Same here on site B", false, vec![], now).await.unwrap();
    // The agent's answer goes to Ada and to Bob.
    let t = follow(&w.pool, &w.agent, &t, true, now).await.unwrap();
    comment(&w.pool, &w.settings, &w.agent, &t, "Fixed in 2026.4", false, vec![], now).await.unwrap();
    let to: Vec<(String,)> =
        sqlx::query_as("SELECT recipient FROM mail_outbox WHERE text_body LIKE '%Fixed in 2026.4%' ORDER BY recipient").fetch_all(&w.pool).await.unwrap();
    assert_eq!(to.into_iter().map(|(r,)| r).collect::<Vec<_>>(), ["ada@acme.example", "bob@acme.example"]);
    let people = in_copy(&w.pool, &t).await.unwrap();
    assert_eq!(people.iter().map(|p| (p.email.as_str(), p.agent)).collect::<Vec<_>>(), [("bob@acme.example", false), ("agent@acme.example", true)]);
    // Bob takes himself out; then he no longer sees the ticket.
    let t = get_by_id(&w.pool, &t.tenant_id, &t.id).await.unwrap().unwrap();
    let t = remove_copy(&w.pool, &w.bob, &t, &w.bob.id, now).await.unwrap();
    assert!(get_for(&w.pool, &w.bob, None, t.number).await.is_err());
    assert!(history(&w.pool, &w.ada, &t).await.unwrap().iter().any(|e| e.kind == EventKind::Copied && e.body.as_deref() == Some("- bob")));
}

#[tokio::test]
async fn requests_that_are_not_anomalies_get_the_promised_turnaround_on_the_working_clock() {
    let w = world().await;
    // Monday 09:00 plus seven working days of ten hours: Wednesday of the next week, 09:00.
    let monday = paris("2026-11-23 09:00");
    let mut question = super::tests::valid(crate::sla::Severity::Minor);
    question.kind = Kind::Question;
    let t = create(&w.pool, &w.settings, &w.ada, "en", "http://127.0.0.1:3000", question.clone(), vec![], monday).await.unwrap();
    assert_eq!(t.sla.target_secs, 7 * 10 * 3600);
    assert_eq!(sla_figures(&t.sla, monday, &w.settings.calendar).due_at, Some(paris("2026-12-02 09:00")));
    let mut quote = question.clone();
    quote.kind = Kind::ServiceRequest;
    let t = create(&w.pool, &w.settings, &w.ada, "en", "http://127.0.0.1:3000", quote, vec![], monday).await.unwrap();
    assert_eq!(t.sla.target_secs, 15 * 10 * 3600, "a quote for Advanced Services within 15 business days");
    // A module's form promises its own; an anomaly keeps its severity's SLA whatever the form says.
    question.turnaround_days = Some(3);
    assert_eq!(create(&w.pool, &w.settings, &w.ada, "en", "http://127.0.0.1:3000", question, vec![], monday).await.unwrap().sla.target_secs, 3 * 10 * 3600);
    let mut anomaly = super::tests::valid(crate::sla::Severity::Major);
    anomaly.turnaround_days = Some(3);
    assert_eq!(create(&w.pool, &w.settings, &w.ada, "en", "http://127.0.0.1:3000", anomaly, vec![], monday).await.unwrap().sla.target_secs, 50 * 3600);
}
