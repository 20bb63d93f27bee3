//! Tickets against a real (in-memory) SQLite: filing, the workflow, history, access, jobs.

use super::*;
use crate::{
    db,
    identity::{self, Role, User},
    sla::Severity,
};
use chrono::TimeZone;

pub(super) fn paris(s: &str) -> i64 {
    let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    chrono_tz::Europe::Paris.from_local_datetime(&naive).earliest().unwrap().timestamp()
}

pub(super) struct World {
    pub(super) pool: db::Pool,
    pub(super) ada: User,
    pub(super) bob: User,
    pub(super) admin: User,
    pub(super) agent: User,
    pub(super) grace: User,
    pub(super) settings: TicketSettings,
}

pub(super) async fn world() -> World {
    let pool = db::connect_for_test().await;
    crate::tenant::seed_demo(&pool).await.unwrap();
    let mk = |t: &'static str, e: &'static str, r: Role| {
        let pool = pool.clone();
        async move { identity::create_user(&pool, t, e, e.split('@').next().unwrap(), None, r, &[], crate::db::now()).await.unwrap() }
    };
    World {
        ada: mk("acme", "ada@acme.example", Role::CustomerUser).await,
        bob: mk("acme", "bob@acme.example", Role::CustomerUser).await,
        admin: mk("acme", "admin@acme.example", Role::CustomerAdmin).await,
        agent: mk("acme", "agent@acme.example", Role::SupportAgent).await,
        grace: mk("globex", "grace@globex.example", Role::CustomerUser).await,
        pool,
        settings: TicketSettings::default(),
    }
}

pub(super) fn valid(severity: Severity) -> ValidTicket {
    ValidTicket {
        kind: Kind::Anomaly,
        severity,
        impact: Some(Impact::Degradation),
        subject: "Payroll export fails".into(),
        description: "The export stops at 50 %.".into(),
        module: "compensation".into(),
        article_path: Some("/en/compensation/payroll-export".into()),
        action_path: "Compensation > Payroll export".into(),
        incident_at: None,
        extra: vec![],
        form_session: None,
        follows: None,
        turnaround_days: None,
    }
}

pub(super) async fn file(w: &World, who: &User, at: i64) -> Ticket {
    create(&w.pool, &w.settings, who, "en", "http://127.0.0.1:3000", valid(Severity::Major), vec![], at).await.unwrap()
}

async fn outbox(w: &World) -> Vec<(String, String)> {
    sqlx::query_as("SELECT recipient, subject FROM mail_outbox ORDER BY created_at, id").fetch_all(&w.pool).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tickets_filed_at_the_same_moment_all_succeed_with_distinct_numbers() {
    // On PostgreSQL (make test's second pass) these filings really run at once.
    let w = world().await;
    let mut filings = tokio::task::JoinSet::new();
    for i in 0..8 {
        let (pool, settings, who) = (w.pool.clone(), w.settings.clone(), if i % 2 == 0 { w.ada.clone() } else { w.bob.clone() });
        filings.spawn(async move { create(&pool, &settings, &who, "en", "http://127.0.0.1:3000", valid(Severity::Minor), vec![], 1_800_000_000).await });
    }
    let mut numbers = Vec::new();
    while let Some(filed) = filings.join_next().await {
        numbers.push(filed.unwrap().expect("every filing succeeds").number);
    }
    numbers.sort();
    assert_eq!(numbers, (1..=8).collect::<Vec<i64>>());
}

#[tokio::test]
async fn filing_numbers_tickets_per_tenant_and_mails_the_requester() {
    let w = world().await;
    let t1 = file(&w, &w.ada, paris("2026-11-23 10:00")).await;
    let t2 = file(&w, &w.bob, paris("2026-11-23 10:05")).await;
    let g1 = file(&w, &w.grace, paris("2026-11-23 10:06")).await;
    assert_eq!((t1.number, t2.number, g1.number), (1, 2, 1));
    assert_eq!(t1.status, Status::New);
    assert_eq!(t1.sla.target_secs, 50 * 3600);
    let mails = outbox(&w).await;
    assert_eq!(mails[0], ("ada@acme.example".into(), "Ticket #1 received: Payroll export fails".into()));
}

#[tokio::test]
async fn people_see_their_own_tickets_admins_their_tenants_and_nobody_another_tenants() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-23 10:00")).await;
    assert!(get_for(&w.pool, &w.ada, None, t.number).await.is_ok());
    assert!(get_for(&w.pool, &w.admin, None, t.number).await.is_ok());
    assert!(get_for(&w.pool, &w.agent, None, t.number).await.is_ok());
    assert!(matches!(get_for(&w.pool, &w.bob, None, t.number).await, Err(TicketError::NotFound)));
    // Grace's tenant has no ticket 1 of Ada's: the number resolves inside her own tenant only.
    assert!(matches!(get_for(&w.pool, &w.grace, None, t.number).await, Err(TicketError::NotFound)));
    // Even handed the ticket itself, another user cannot comment or change it.
    let now = paris("2026-11-23 11:00");
    assert!(matches!(comment(&w.pool, &w.settings, &w.bob, &t, "hi", false, vec![], now).await, Err(TicketError::NotFound)));
    assert!(matches!(comment(&w.pool, &w.settings, &w.grace, &t, "hi", false, vec![], now).await, Err(TicketError::NotFound)));
    assert!(matches!(change_status(&w.pool, &w.settings, &w.grace, &t, Status::Closed, None, now).await, Err(TicketError::NotFound)));
    assert_eq!(activities(&w.pool, &w.bob, None, ACTIVITIES_PAGE).await.unwrap().tickets.len(), 0);
    assert_eq!(activities(&w.pool, &w.admin, None, ACTIVITIES_PAGE).await.unwrap().tickets.len(), 1);
    assert!(matches!(queue(&w.pool, &w.ada, &QueueFilter::default(), &w.settings, now).await, Err(TicketError::Forbidden)));
}

#[tokio::test]
async fn the_whole_workflow_keeps_an_append_only_history() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-20 18:00")).await;
    let t = assign(&w.pool, &w.settings, &w.agent, &t, &w.agent, paris("2026-11-23 09:00")).await.unwrap();
    assert_eq!(t.status, Status::Open, "assigning opens the ticket");
    let t = change_status(&w.pool, &w.settings, &w.agent, &t, Status::Pending, Some("Which pay period?"), paris("2026-11-23 10:00")).await.unwrap();
    // A customer may not pretend to be an agent.
    assert!(matches!(
        change_status(&w.pool, &w.settings, &w.ada, &t, Status::AwaitingApproval, None, paris("2026-11-23 10:30")).await,
        Err(TicketError::NotAllowed { .. })
    ));
    let t = comment(&w.pool, &w.settings, &w.ada, &t, "November 2026.", false, vec![], paris("2026-11-24 09:00")).await.unwrap();
    assert_eq!(t.status, Status::Open, "the customer's answer hands the ticket back");
    comment(&w.pool, &w.settings, &w.agent, &t, "Customer uses the old template.", true, vec![], paris("2026-11-24 09:10")).await.unwrap();
    let t =
        change_status(&w.pool, &w.settings, &w.agent, &t, Status::AwaitingApproval, Some("Use the new template."), paris("2026-11-24 10:00")).await.unwrap();
    let t = change_status(&w.pool, &w.settings, &w.ada, &t, Status::Validated, None, paris("2026-11-25 09:00")).await.unwrap();
    assert_eq!(t.status, Status::Closed, "validation closes the ticket");
    // 30 min Friday + 1.5 h Monday until Pending + 1 h Tuesday until Awaiting Approval.
    assert_eq!(t.sla.spent_secs, 3 * 3600);
    assert!(matches!(comment(&w.pool, &w.settings, &w.ada, &t, "thanks", false, vec![], paris("2026-11-25 10:00")).await, Err(TicketError::Closed)));

    let seen_by_ada = history(&w.pool, &w.ada, &t).await.unwrap();
    let seen_by_agent = history(&w.pool, &w.agent, &t).await.unwrap();
    assert_eq!(seen_by_agent.len(), seen_by_ada.len() + 1, "internal notes are for agents only");
    assert!(!seen_by_ada.iter().any(|e| e.body.as_deref() == Some("Customer uses the old template.")));
    let moves: Vec<(Option<Status>, Option<Status>)> =
        seen_by_ada.iter().filter(|e| e.kind == EventKind::Status).map(|e| (e.from_status, e.to_status)).collect();
    use Status::*;
    assert_eq!(
        moves,
        vec![
            (Some(New), Some(Open)),
            (Some(Open), Some(Pending)),
            (Some(Pending), Some(Open)),
            (Some(Open), Some(AwaitingApproval)),
            (Some(AwaitingApproval), Some(Validated)),
            (Some(Validated), Some(Closed))
        ]
    );
    let mails = outbox(&w).await;
    let to = |who: &str| mails.iter().filter(|m| m.0 == who).map(|m| m.1.as_str()).collect::<Vec<_>>();
    assert_eq!(
        to("ada@acme.example"),
        ["Ticket #1 received: Payroll export fails", "Ticket #1 needs your answer", "A solution is proposed for ticket #1", "Ticket #1 is closed"]
    );
    // The desk hears of the new ticket and, once it is assigned, the assignee of the answer.
    assert_eq!(to("agent@acme.example"), ["[Acme Logistics #1] New ticket: Payroll export fails", "[Acme Logistics #1] Customer reply: Payroll export fails"]);
    assert_eq!(mails.len(), 6, "{mails:?}");
    // Every mail about the ticket is in its thread; only the people's answers lack Auto-Submitted.
    let threads: Vec<(Option<String>,)> = sqlx::query_as("SELECT thread FROM mail_outbox").fetch_all(&w.pool).await.unwrap();
    assert!(threads.iter().all(|(th,)| th.as_deref() == Some(format!("ticket-{}", t.id).as_str())), "{threads:?}");
}

#[tokio::test]
async fn a_concurrent_change_is_refused_rather_than_lost() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-23 10:00")).await;
    change_status(&w.pool, &w.settings, &w.agent, &t, Status::OnHold, None, paris("2026-11-23 10:01")).await.unwrap();
    // `t` is now stale: it still says New.
    assert!(matches!(change_status(&w.pool, &w.settings, &w.agent, &t, Status::Pending, None, paris("2026-11-23 10:02")).await, Err(TicketError::Conflict)));
}

#[tokio::test]
async fn a_silent_ticket_gets_two_reminders_once_each_then_closes() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-02 10:00")).await;
    let start = paris("2026-11-02 11:00");
    change_status(&w.pool, &w.settings, &w.agent, &t, Status::Pending, Some("Attachment please"), start).await.unwrap();
    let at = |days: i64, hours: i64| start + days * 86_400 + hours * 3600;
    let mut totals = JobReport::default();
    // Run the job every 6 hours for 30 days, twice per tick as two nodes would.
    for tick in 0..(30 * 4) {
        for _node in 0..2 {
            let r = run_ticket_jobs(&w.pool, &w.settings, at(0, tick * 6)).await.unwrap();
            totals.reminders += r.reminders;
            totals.closed += r.closed;
        }
    }
    assert_eq!((totals.reminders, totals.closed), (2, 1));
    let t = get_for(&w.pool, &w.ada, None, t.number).await.unwrap();
    assert_eq!(t.status, Status::Closed);
    assert_eq!(t.closed_at, Some(at(28, 0)));
    let subjects: Vec<String> = outbox(&w).await.into_iter().map(|m| m.1).collect();
    let reminders = subjects.iter().filter(|s| s.starts_with("Reminder")).count();
    assert_eq!(reminders, 2);
    assert_eq!(subjects.last().unwrap(), "Ticket #1 is closed");
    let history = history(&w.pool, &w.ada, &t).await.unwrap();
    let reminder_times: Vec<i64> = history.iter().filter(|e| e.kind == EventKind::Reminder).map(|e| e.at).collect();
    assert_eq!(reminder_times, vec![at(14, 0), at(21, 0)]);
}

#[tokio::test]
async fn an_answer_resets_the_reminders() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-02 10:00")).await;
    let start = paris("2026-11-02 11:00");
    let t = change_status(&w.pool, &w.settings, &w.agent, &t, Status::Pending, None, start).await.unwrap();
    run_ticket_jobs(&w.pool, &w.settings, start + 15 * 86_400).await.unwrap();
    let t = get_for(&w.pool, &w.ada, None, t.number).await.unwrap();
    assert_eq!(t.reminders_sent, 1);
    let t = comment(&w.pool, &w.settings, &w.ada, &t, "here", false, vec![], start + 16 * 86_400).await.unwrap();
    let t = change_status(&w.pool, &w.settings, &w.agent, &t, Status::AwaitingApproval, None, start + 17 * 86_400).await.unwrap();
    let r = run_ticket_jobs(&w.pool, &w.settings, start + 32 * 86_400).await.unwrap();
    assert_eq!(r, JobReport { reminders: 1, closed: 0, alerts: 0 }, "a new wait starts a new count");
    assert_eq!(get_for(&w.pool, &w.ada, None, t.number).await.unwrap().status, Status::AwaitingApproval);
}

#[tokio::test]
async fn agents_are_alerted_once_at_eighty_percent_of_the_target() {
    let w = world().await;
    let mut v = valid(Severity::Blocking);
    v.subject = "Nobody can sign in".into();
    let t = create(&w.pool, &w.settings, &w.ada, "en", "http://x", v, vec![], paris("2026-11-23 08:30")).await.unwrap();
    // 15 h target: 80 % is 12 h of working time → Tuesday 10:30.
    assert_eq!(run_ticket_jobs(&w.pool, &w.settings, paris("2026-11-24 10:29")).await.unwrap().alerts, 0);
    assert_eq!(run_ticket_jobs(&w.pool, &w.settings, paris("2026-11-24 10:30")).await.unwrap().alerts, 1);
    assert_eq!(run_ticket_jobs(&w.pool, &w.settings, paris("2026-11-24 12:00")).await.unwrap().alerts, 0);
    let mails = outbox(&w).await;
    assert_eq!(mails.last().unwrap().0, w.settings.agents_email);
    assert!(mails.last().unwrap().1.contains("80 %"), "{:?}", mails.last());
    let q = queue(&w.pool, &w.agent, &QueueFilter::default(), &w.settings, paris("2026-11-24 12:00")).await.unwrap();
    assert_eq!(q[0].id, t.id);
    assert!(q[0].sla.alerted);
}

#[tokio::test]
async fn a_ticket_first_seen_past_its_target_is_alerted_as_breached() {
    let w = world().await;
    let mut v = valid(Severity::Blocking);
    v.subject = "Payroll export stuck".into();
    create(&w.pool, &w.settings, &w.ada, "en", "http://x", v, vec![], paris("2026-11-23 08:30")).await.unwrap();
    // The jobs did not run until a week later (a node was down): 15 h were long used.
    assert_eq!(run_ticket_jobs(&w.pool, &w.settings, paris("2026-11-30 12:00")).await.unwrap().alerts, 1);
    let (_, subject) = outbox(&w).await.last().unwrap().clone();
    assert!(subject.contains("SLA breached"), "{subject}");
    let (body,): (String,) = sqlx::query_as("SELECT text_body FROM mail_outbox ORDER BY created_at DESC, id DESC").fetch_one(&w.pool).await.unwrap();
    assert!(body.contains("passed its SLA target") && !body.contains("reaches its SLA target"), "{body}");
}

#[tokio::test]
async fn an_escalation_is_due_in_five_working_days_and_listed_for_managers() {
    let w = world().await;
    let t = file(&w, &w.ada, paris("2026-11-23 10:00")).await;
    file(&w, &w.ada, paris("2026-11-23 10:01")).await;
    assert!(matches!(escalate(&w.pool, &w.settings, &w.agent, &t, "", paris("2026-11-23 11:00")).await, Err(TicketError::Forbidden)));
    let t = escalate(&w.pool, &w.settings, &w.ada, &t, "We need a call", paris("2026-11-27 17:00")).await.unwrap();
    assert_eq!(t.escalation_due, Some(paris("2026-12-04 17:00")));
    let filter = QueueFilter { escalated_only: true, ..Default::default() };
    let q = queue(&w.pool, &w.agent, &filter, &w.settings, paris("2026-11-27 17:00")).await.unwrap();
    assert_eq!(q.iter().map(|t| t.number).collect::<Vec<_>>(), vec![1]);
}

#[tokio::test]
async fn a_tenant_may_have_its_own_targets_and_holidays() {
    let w = world().await;
    set_tenant_sla(&w.pool, "acme", Some("8,24,80"), Some("2026-11-24"), crate::db::now()).await.unwrap();
    assert!(matches!(set_tenant_sla(&w.pool, "acme", Some("8,24"), None, crate::db::now()).await, Err(TenantSlaError::Targets(_))));
    assert!(matches!(set_tenant_sla(&w.pool, "acme", None, Some("24/11/2026"), crate::db::now()).await, Err(TenantSlaError::Holidays(_))));
    assert!(matches!(set_tenant_sla(&w.pool, "nobody", None, None, crate::db::now()).await, Err(TenantSlaError::UnknownTenant(_))));
    let acme = settings_for(&w.pool, &w.settings, "acme").await.unwrap();
    let globex = settings_for(&w.pool, &w.settings, "globex").await.unwrap();
    assert_eq!((acme.target_secs(Severity::Major), globex.target_secs(Severity::Major)), (24 * 3600, 50 * 3600));
    // Acme's Tuesday is a holiday: 8 h from Monday 16:30 is 2 h Monday, then Wednesday until 14:30.
    let monday = paris("2026-11-23 16:30");
    let sla = SlaState { target_secs: 8 * 3600, spent_secs: 0, running_since: Some(monday), stopped_at: None, alerted: false };
    assert_eq!(sla_figures(&sla, monday, &acme.calendar).due_at, Some(paris("2026-11-25 14:30")));
    assert_eq!(sla_figures(&sla, monday, &globex.calendar).due_at, Some(paris("2026-11-24 14:30")));
    // Setting one term keeps the other.
    set_tenant_sla(&w.pool, "acme", None, Some("2026-12-24"), crate::db::now()).await.unwrap();
    assert_eq!(settings_for(&w.pool, &w.settings, "acme").await.unwrap().targets_hours, [8, 24, 80]);
}

#[tokio::test]
async fn the_vendors_desk_works_every_tenant_and_nobody_else_can_name_another_tenant() {
    let w = world().await;
    let desk = identity::create_user(&w.pool, "vendor", "desk@support.example", "Dana", None, Role::SupportAgent, &[], crate::db::now()).await.unwrap();
    assert!(desk.vendor_staff && !w.agent.vendor_staff);
    let acme = file(&w, &w.ada, paris("2026-11-23 10:00")).await;
    let globex = file(&w, &w.grace, paris("2026-11-23 10:05")).await;
    assert_eq!(get_for(&w.pool, &desk, Some("globex"), 1).await.unwrap().id, globex.id);
    assert_eq!(get_for(&w.pool, &desk, Some("acme"), 1).await.unwrap().id, acme.id);
    // Naming another tenant means nothing to a customer or to a customer tenant's own agent.
    assert_eq!(get_for(&w.pool, &w.ada, Some("globex"), 1).await.unwrap().id, acme.id);
    assert_eq!(get_for(&w.pool, &w.agent, Some("globex"), 1).await.unwrap().id, acme.id);
    assert!(matches!(get_for(&w.pool, &w.bob, Some("globex"), 1).await, Err(TicketError::NotFound)));
    let now = paris("2026-11-23 11:00");
    let all = queue(&w.pool, &desk, &QueueFilter::default(), &w.settings, now).await.unwrap();
    assert_eq!(all.len(), 2);
    let only_globex = QueueFilter { tenant: Some("globex".into()), ..Default::default() };
    assert_eq!(queue(&w.pool, &desk, &only_globex, &w.settings, now).await.unwrap().iter().map(|t| t.id.clone()).collect::<Vec<_>>(), vec![globex.id.clone()]);
    // A tenant's own agent sees its tenant only, whatever the filter says.
    let agent_view = queue(&w.pool, &w.agent, &only_globex, &w.settings, now).await.unwrap();
    assert_eq!(agent_view.iter().map(|t| t.tenant_id.as_str()).collect::<Vec<_>>(), vec!["acme"]);
    let t = assign(&w.pool, &w.settings, &desk, &globex, &desk, now).await.unwrap();
    assert_eq!((t.status, t.assignee_name.as_deref()), (Status::Open, Some("Dana")));
    // A customer tenant's agent cannot be given another tenant's ticket.
    assert!(matches!(assign(&w.pool, &w.settings, &desk, &t, &w.agent, now).await, Err(TicketError::Forbidden)));
}

#[tokio::test]
async fn my_activities_come_a_page_at_a_time_waiting_first_and_never_twice() {
    let w = world().await;
    let start = paris("2026-01-05 09:00");
    for i in 0..120 {
        file(&w, &w.ada, start + i * 3600).await;
    }
    file(&w, &w.grace, start).await;
    // Ten wait on the customer, most of the older half is closed, the rest is open.
    sqlx::query("UPDATE tickets SET status = 'pending' WHERE tenant_id = 'acme' AND number % 12 = 0").execute(&w.pool).await.unwrap();
    sqlx::query("UPDATE tickets SET status = 'closed' WHERE tenant_id = 'acme' AND number <= 60 AND number % 12 <> 0").execute(&w.pool).await.unwrap();
    let mut seen = Vec::new();
    let (mut after, mut pages) = (None, 0);
    loop {
        let page = activities(&w.pool, &w.admin, after.as_deref(), 50).await.unwrap();
        assert_eq!(page.total, 120, "counted in the database, over every page");
        seen.extend(page.tickets.iter().map(|t| (t.status, t.updated_at, t.number)));
        pages += 1;
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!((pages, seen.len()), (3, 120));
    let mut numbers: Vec<i64> = seen.iter().map(|s| s.2).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 120, "no ticket twice, none left out");
    assert!(seen[..10].iter().all(|s| s.0 == Status::Pending), "what waits on the customer comes first");
    assert!(seen[10..].iter().take_while(|s| s.0 != Status::Closed).all(|s| s.0 == Status::New));
    assert!(seen[seen.len() - 55..].iter().all(|s| s.0 == Status::Closed), "closed ones last");
    let open: Vec<_> = seen.iter().filter(|s| s.0 == Status::New).collect();
    assert!(open.windows(2).all(|p| p[0].1 > p[1].1), "most recently updated first within a group");
    let bob = activities(&w.pool, &w.bob, None, 50).await.unwrap();
    assert_eq!((bob.total, bob.tickets.len()), (0, 0), "only the reader's own tickets");
    let forged = activities(&w.pool, &w.admin, Some("x.1; DROP TABLE tickets"), 50).await.unwrap();
    assert_eq!(forged.tickets.first().map(|t| t.number), Some(seen[0].2), "a bad cursor starts at the first page");
}
