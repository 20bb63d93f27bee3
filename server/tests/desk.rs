//! The support desk over HTTP: agents choose which mails they receive, see what waits for them in
//! the header, and are mailed as they chose. Each security test tries to break a check.

mod common;

use axum::http::{header, StatusCode};
use common::*;

const ACME: &str = "127.0.0.1:3000";
const VENDOR: &str = "support.localhost:3000";
const GLOBEX: &str = "localhost:3000";
const SAVE: &str = "/api/save-agent-choices";

async fn choices(state: &atrium_app::state::AppState, email: &str) -> Option<(i64, i64, i64, i64, String)> {
    atrium_core::sqlx::query_as(
        "SELECT n.new_ticket, n.customer_reply, n.escalation, n.at_risk, n.locale FROM agent_notifications n JOIN users u ON u.id = n.user_id WHERE u.email = $1",
    )
    .bind(email)
    .fetch_optional(&state.pool)
    .await
    .unwrap()
}

#[test]
fn an_agent_chooses_their_mails_with_a_plain_form_and_nobody_else_can() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let agent = signed_in(&app, ACME, "agent@acme.example").await;
        let page = get_with_cookie(&app, ACME, "/en/agent/notifications", &agent).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.body.matches("type=\"checkbox\"").count(), 4, "{}", page.body);
        assert_eq!(page.body.matches("checked").count(), 4, "everything is on until the agent chooses");

        // A customer has no desk: the page and the form refuse, and nothing is stored.
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        assert_eq!(get_with_cookie(&app, ACME, "/en/agent/notifications", &ada).await.status, StatusCode::FORBIDDEN);
        let r = send(&app, form(ACME, SAVE, "locale=en&language=en&new_ticket=on", Some(&ada))).await;
        assert!(r.body.contains("Forbidden"), "{} {}", r.status, r.body);
        assert_eq!(choices(&state, "ada@acme.example").await, None);
        // Nor may another site post the agent's form for them.
        let mut forged = form(ACME, SAVE, "locale=en&language=en", Some(&agent));
        forged.headers_mut().insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        assert_eq!(send(&app, forged).await.status, StatusCode::FORBIDDEN);
        assert_eq!(choices(&state, "agent@acme.example").await, None);

        // Only escalations, in French: unticked boxes are simply absent from the post.
        let r = send(&app, form(ACME, SAVE, "locale=en&language=fr&escalation=on", Some(&agent))).await;
        assert_eq!(r.headers[header::LOCATION], "/en/agent/notifications?saved=1");
        assert_eq!(choices(&state, "agent@acme.example").await, Some((0, 0, 1, 0, "fr".into())));
        let page = get_with_cookie(&app, ACME, "/en/agent/notifications?saved=1", &agent).await;
        assert!(page.body.contains("Your choices are saved."));
        assert_eq!(page.body.matches("checked").count(), 1);
        assert!(page.body.contains("value=\"fr\" selected"), "{}", page.body);

        // A language the help centre does not speak is explained and changes nothing.
        let r = send(&app, form(ACME, SAVE, "locale=de&language=tlh&new_ticket=on", Some(&agent))).await;
        assert_eq!(r.headers[header::LOCATION], "/de/agent/notifications?error=language");
        assert!(get_with_cookie(&app, ACME, "/de/agent/notifications?error=language", &agent).await.body.contains("Wählen Sie eine der Sprachen"));
        assert_eq!(choices(&state, "agent@acme.example").await, Some((0, 0, 1, 0, "fr".into())));
    })
}

#[test]
fn the_header_counts_the_tickets_waiting_for_each_agent_and_the_mails_follow_their_choices() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let agent = signed_in(&app, ACME, "agent@acme.example").await;
        let dana = signed_in(&app, VENDOR, "desk@support.example").await;
        let waiting = |body: &str| body.split("(Tickets waiting for you: ").nth(1).map(|rest| rest.split(')').next().unwrap().to_string());
        assert_eq!(waiting(&get_with_cookie(&app, ACME, "/en", &agent).await.body), None, "no count when nothing waits");

        // Dana (the vendor's desk) wants no new tickets.
        let r = send(&app, form(VENDOR, SAVE, "locale=en&language=en&customer_reply=on&escalation=on&at_risk=on", Some(&dana))).await;
        assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let r = send(&app, multipart(ACME, "/en/tickets", TICKET_FORM, &[], Some(&ada), "http://127.0.0.1:3000")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

        assert_eq!(waiting(&get_with_cookie(&app, ACME, "/en", &agent).await.body).as_deref(), Some("1"));
        assert_eq!(waiting(&get_with_cookie(&app, VENDOR, "/en", &dana).await.body).as_deref(), Some("1"), "the vendor's desk counts every customer");
        assert_eq!(waiting(&get_with_cookie(&app, ACME, "/en", &ada).await.body), None, "customers have no desk count");
        let to: Vec<(String, String)> =
            atrium_core::sqlx::query_as("SELECT recipient, subject FROM mail_outbox WHERE subject LIKE '%New ticket%' ORDER BY recipient")
                .fetch_all(&state.pool)
                .await
                .unwrap();
        let recipients: Vec<&str> = to.iter().map(|(r, _)| r.as_str()).collect();
        assert!(recipients.contains(&"agent@acme.example") && recipients.contains(&"root@support.example"), "{to:?}");
        assert!(!recipients.contains(&"desk@support.example"), "Dana chose no new tickets: {to:?}");
        assert!(!recipients.contains(&"agent@globex.example"), "another tenant's agent hears nothing: {to:?}");
    })
}

#[test]
fn the_queue_finds_tickets_by_their_words_and_comments_within_the_agents_reach() {
    on_shared_runtime(async {
        let (app, _) = app_with_state().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let file = |subject: &'static str, description: &'static str| {
            let mut fields: Vec<(&str, &str)> = TICKET_FORM.iter().filter(|(k, _)| *k != "subject" && *k != "description").copied().collect();
            fields.extend([("subject", subject), ("description", description)]);
            fields
        };
        for (subject, description) in [("Payroll export stops halfway", "At 50 %."), ("Bonus column is empty", "Since the November payroll.")] {
            let r = send(&app, multipart(ACME, "/en/tickets", &file(subject, description), &[], Some(&ada), "http://127.0.0.1:3000")).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
        let agent = signed_in(&app, ACME, "agent@acme.example").await;
        let r = send(
            &app,
            multipart(ACME, "/en/tickets/2/comments", &[("body", "Only at the Lyon site."), ("internal", "1")], &[], Some(&agent), "http://127.0.0.1:3000"),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let found = |body: &str| -> Vec<String> {
            ["Payroll export stops halfway", "Bonus column is empty"].iter().filter(|s| body.contains(&format!(">{s}</a>"))).map(|s| s.to_string()).collect()
        };
        let search = |q: &'static str, who: &'static str, cookie: String| {
            let app = app.clone();
            async move {
                let page = get_with_cookie(&app, who, &format!("/en/agent?q={q}"), &cookie).await;
                assert_eq!(page.status, StatusCode::OK);
                page.body
            }
        };
        assert_eq!(found(&search("PAYROLL", ACME, agent.clone()).await).len(), 2, "subject and description, any case");
        assert_eq!(found(&search("lyon", ACME, agent.clone()).await), ["Bonus column is empty"], "an internal note's words");
        assert!(found(&search("_", ACME, agent.clone()).await).is_empty(), "LIKE's wildcards match themselves");
        let body = search("payroll", ACME, agent.clone()).await;
        assert!(body.contains("name=\"q\" value=\"payroll\""), "the field keeps the words");
        // Another tenant's agent finds nothing of Acme's.
        let gus = signed_in(&app, GLOBEX, "agent@globex.example").await;
        assert!(found(&search("payroll", GLOBEX, gus).await).is_empty());
    })
}

/// Where a form post was sent back to (a refused server function answers with a 302 of its own).
fn went(r: &Reply) -> String {
    r.headers.get(header::LOCATION).map(|l| l.to_str().unwrap().to_string()).unwrap_or_default()
}

/// A fresh help centre where Ada filed ticket 1: the app, Ada's and Acme's agent's sessions.
async fn one_ticket_filed_by_ada() -> (axum::Router, String, String) {
    let (app, _state) = app_with_state().await;
    let ada = signed_in(&app, ACME, "ada@acme.example").await;
    let agent = signed_in(&app, ACME, "agent@acme.example").await;
    let r = send(&app, multipart(ACME, "/en/tickets", TICKET_FORM, &[], Some(&ada), "http://127.0.0.1:3000")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    (app, ada, agent)
}

fn action(number: u32, what: &str) -> String {
    format!("locale=en&number={number}&action={what}")
}

#[test]
fn a_closed_ticket_reopens_within_the_window_and_later_a_new_request_follows_it_without_javascript() {
    on_shared_runtime(async {
        let clock = atrium_core::clock::ManualClock::at(1_793_610_000);
        let moved = clock.clone();
        let (app, _state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(moved)).await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let bob = signed_in(&app, ACME, "bob@acme.example").await;
        for _ in 0..2 {
            let r = send(&app, multipart(ACME, "/en/tickets", TICKET_FORM, &[], Some(&ada), "http://127.0.0.1:3000")).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER);
            let r = send(
                &app,
                form(ACME, "/api/ticket-action", &action(1 + (r.headers[header::LOCATION].to_str().unwrap().contains("/2?") as u32), "close"), Some(&ada)),
            )
            .await;
            assert!(went(&r).contains("done=close"), "{}", went(&r));
        }
        let page = get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await.body;
        assert!(page.contains("You can reopen this ticket until"), "the window's end is shown");
        // A reason is required; a colleague who may not see the ticket cannot reopen it.
        let r = send(&app, form(ACME, "/api/ticket-action", &action(1, "reopen"), Some(&ada))).await;
        assert_eq!(went(&r), "/en/tickets/1?error=note-required");
        assert!(get_with_cookie(&app, ACME, "/en/tickets/1?error=note-required", &ada).await.body.contains("this field is required"));
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&note=again", action(1, "reopen")), Some(&bob))).await;
        assert!(!went(&r).contains("done="), "{}", went(&r));
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&note=It+fails+again", action(1, "reopen")), Some(&ada))).await;
        assert_eq!(went(&r), "/en/tickets/1?done=reopen");
        let page = get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await.body;
        assert!(page.contains("status status-open") && page.contains("It fails again"));
        // Three weeks later ticket 2 is past the window: a new request names it.
        clock.advance(21 * 86_400);
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let page = get_with_cookie(&app, ACME, "/en/tickets/2", &ada).await.body;
        assert!(!page.contains("Reopen the ticket") && page.contains("/en/tickets/new?follows=2"));
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&note=again", action(2, "reopen")), Some(&ada))).await;
        assert_eq!(went(&r), "/en/tickets/2?error=reopen-expired");
        let new_form = get_with_cookie(&app, ACME, "/en/tickets/new?follows=2", &ada).await.body;
        assert!(new_form.contains("This request follows ticket #2") && new_form.contains(r#"name="follows" value="2""#));
        let mut fields = TICKET_FORM.to_vec();
        fields.push(("follows", "2"));
        let r = send(&app, multipart(ACME, "/en/tickets", &fields, &[], Some(&ada), "http://127.0.0.1:3000")).await;
        assert_eq!(went(&r), "/en/tickets/3?filed=1");
        let page = get_with_cookie(&app, ACME, "/en/tickets/3", &ada).await.body;
        assert!(page.contains("Follows ticket") && page.contains(r#"href="/en/tickets/2""#));
    })
}

#[test]
fn a_manager_records_the_escalation_call_and_an_agent_reclassifies_while_customers_cannot() {
    on_shared_runtime(async {
        let (app, ada, agent) = one_ticket_filed_by_ada().await;
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&note=Call+me", action(1, "escalate")), Some(&ada))).await;
        assert!(went(&r).contains("done=escalate"));
        let queue = get_with_cookie(&app, ACME, "/en/agent?escalated=1", &agent).await.body;
        assert!(queue.contains("Payroll export stops halfway"));
        // The customer cannot record the call; the agent must say what was settled.
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&note=done", action(1, "record-call")), Some(&ada))).await;
        assert!(!went(&r).contains("done="));
        let page = get_with_cookie(&app, ACME, "/en/tickets/1", &agent).await.body;
        assert!(page.contains("Record the call"));
        let r = send(&app, form(ACME, "/api/ticket-action", &action(1, "record-call"), Some(&agent))).await;
        assert_eq!(went(&r), "/en/tickets/1?error=note-required");
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&note=Fix+date+agreed", action(1, "record-call")), Some(&agent))).await;
        assert_eq!(went(&r), "/en/tickets/1?done=record-call");
        let queue = get_with_cookie(&app, ACME, "/en/agent?escalated=1", &agent).await.body;
        assert!(!queue.contains("Payroll export stops halfway"), "the escalation left the managers' queue");
        let page = get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await.body;
        assert!(page.contains("Customer Success call held") && page.contains("Fix date agreed") && !page.contains("Record the call"));
        // Reclassifying: agents only, to a module that exists; the severity stays.
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&kind=question&module=core-hr", action(1, "reclassify")), Some(&ada))).await;
        assert!(!went(&r).contains("done="));
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&kind=question&module=..%2Fsecret", action(1, "reclassify")), Some(&agent))).await;
        assert!(!went(&r).contains("done="));
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&kind=question&module=core-hr", action(1, "reclassify")), Some(&agent))).await;
        assert_eq!(went(&r), "/en/tickets/1?done=reclassify");
        let page = get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await.body;
        assert!(page.contains("Request reclassified") && page.contains("Type: Anomaly → Question; module: Compensation → Core HR"), "history in words");
        assert!(page.contains("Major") && !page.contains("Degradation"), "the severity stays; the impact of an anomaly is no longer shown");
    })
}

#[test]
fn level_one_hands_over_to_level_two_whose_queue_shows_it_and_the_customer_sees_who_is_responsible() {
    on_shared_runtime(async {
        let (app, ada, agent) = one_ticket_filed_by_ada().await;
        let page = get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await.body;
        assert!(page.contains("Who does what") && page.contains("Level 1 – Customer Care"));
        // A customer cannot hand over; an agent must write a note for the next level.
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&level=2&note=x", action(1, "hand-over")), Some(&ada))).await;
        assert!(!went(&r).contains("done="));
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&level=2", action(1, "hand-over")), Some(&agent))).await;
        assert_eq!(went(&r), "/en/tickets/1?error=note-required");
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&level=2&note=Reproduced+on+2026.3", action(1, "hand-over")), Some(&agent))).await;
        assert_eq!(went(&r), "/en/tickets/1?done=hand-over");
        let level_two = get_with_cookie(&app, ACME, "/en/agent?level=2", &agent).await.body;
        assert!(level_two.contains("Payroll export stops halfway"));
        assert!(!get_with_cookie(&app, ACME, "/en/agent?level=1", &agent).await.body.contains("Payroll export stops halfway"));
        let agent_view = get_with_cookie(&app, ACME, "/en/tickets/1", &agent).await.body;
        assert!(agent_view.contains("Level 1 – Customer Care → Level 2 – Technical Support") && agent_view.contains("Reproduced on 2026.3"));
        let customer_view = get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await.body;
        assert!(customer_view.contains("status status-on-hold") && !customer_view.contains("Reproduced on 2026.3"));
        assert!(customer_view.contains("<dd>Level 2 – Technical Support</dd>"), "the level responsible now is shown");
    })
}

#[test]
fn an_agent_answers_with_a_canned_reply_filled_in_for_the_ticket_and_other_desks_cannot_touch_it() {
    on_shared_runtime(async {
        let (app, ada, agent) = one_ticket_filed_by_ada().await;
        let text = "Hello {{customer}}, ticket {{number}} is fixed in 2026.4.";
        // A placeholder the help centre does not know is refused, and the text comes back as typed.
        let typed = format!("locale=en&title=Fixed&level=1&body={}", form_value("Dear {{name}}, fixed."));
        let r = send(&app, form(ACME, "/api/save-canned-reply", &typed, Some(&agent))).await;
        let back = went(&r);
        assert!(back.starts_with("/en/agent/replies?draft="), "{back}");
        let page = get_with_cookie(&app, ACME, &back, &agent).await.body;
        assert!(page.contains("name is not a placeholder") && page.contains("Dear {{name}}, fixed."));
        let r = send(&app, form(ACME, "/api/save-canned-reply", &format!("locale=en&title=Fixed&level=1&body={}", form_value(text)), Some(&agent))).await;
        assert_eq!(went(&r), "/en/agent/replies?saved=1");
        // Customers neither see nor write the desk's replies.
        assert_eq!(get_with_cookie(&app, ACME, "/en/agent/replies", &ada).await.status, StatusCode::FORBIDDEN);
        let r = send(&app, form(ACME, "/api/save-canned-reply", "locale=en&title=Mine&body=Mine", Some(&ada))).await;
        assert!(!went(&r).contains("saved=1"));
        // A reply for Level 2 is not offered on a ticket Level 1 has.
        let r = send(&app, form(ACME, "/api/save-canned-reply", "locale=en&title=Level+two+only&level=2&body=Deep+dive", Some(&agent))).await;
        assert_eq!(went(&r), "/en/agent/replies?saved=1");
        let page = get_with_cookie(&app, ACME, "/en/tickets/1", &agent).await.body;
        assert!(!page.contains("Level two only"));
        let id = page.split(r#"<option value=""#).find_map(|s| s.split_once(r#"">Fixed<"#).map(|(id, _)| id.to_string())).expect("the reply is offered");
        let page = get_with_cookie(&app, ACME, &format!("/en/tickets/1?reply={id}"), &agent).await.body;
        assert!(page.contains(">Hello Ada Lovelace, ticket 1 is fixed in 2026.4.</textarea>"), "filled in the reply box");
        assert!(!get_with_cookie(&app, ACME, &format!("/en/tickets/1?reply={id}"), &ada).await.body.contains("fixed in 2026.4"));
        // Another tenant's agent cannot delete it.
        let gus = signed_in(&app, GLOBEX, "agent@globex.example").await;
        let r = send(&app, form(GLOBEX, "/api/delete-canned-reply", &format!("locale=en&id={id}"), Some(&gus))).await;
        assert!(!went(&r).contains("deleted=1"));
        assert!(get_with_cookie(&app, ACME, "/en/agent/replies", &agent).await.body.contains("Hello {{customer}}"));
        let r = send(&app, form(ACME, "/api/delete-canned-reply", &format!("locale=en&id={id}"), Some(&agent))).await;
        assert_eq!(went(&r), "/en/agent/replies?deleted=1");
        assert!(!get_with_cookie(&app, ACME, "/en/agent/replies", &agent).await.body.contains("Hello {{customer}}"));
    })
}

fn form_value(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[test]
fn a_customer_puts_a_colleague_in_copy_who_then_reads_and_answers_but_never_another_tenants_address() {
    on_shared_runtime(async {
        let (app, ada, agent) = one_ticket_filed_by_ada().await;
        let bob = signed_in(&app, ACME, "bob@acme.example").await;
        assert_eq!(get_with_cookie(&app, ACME, "/en/tickets/1", &bob).await.status, StatusCode::NOT_FOUND);
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&email=grace%40globex.example", action(1, "copy-add")), Some(&ada))).await;
        assert_eq!(went(&r), "/en/tickets/1?error=not-colleague");
        assert!(get_with_cookie(&app, ACME, "/en/tickets/1?error=not-colleague", &ada).await.body.contains("Only a colleague of the same company"));
        // Bob cannot put himself in copy of a ticket he may not see.
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&email=bob%40acme.example", action(1, "copy-add")), Some(&bob))).await;
        assert!(!went(&r).contains("done="));
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&email=bob%40acme.example", action(1, "copy-add")), Some(&ada))).await;
        assert_eq!(went(&r), "/en/tickets/1?done=copy-add");
        let page = get_with_cookie(&app, ACME, "/en/tickets/1", &bob).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Bob Martin put in copy"), "the history says who was added");
        assert!(get_with_cookie(&app, ACME, "/en/activities", &bob).await.body.contains("Payroll export stops halfway"), "in Bob's activities");
        let r = send(&app, multipart(ACME, "/en/tickets/1/comments", &[("body", "Same on site B")], &[], Some(&bob), "http://127.0.0.1:3000")).await;
        assert_eq!(went(&r), "/en/tickets/1?done=comment#history");
        let r = send(&app, form(ACME, "/api/ticket-action", &action(1, "follow"), Some(&agent))).await;
        assert_eq!(went(&r), "/en/tickets/1?done=follow");
        assert!(get_with_cookie(&app, ACME, "/en/tickets/1", &agent).await.body.contains("Stop following"));
        let r = send(&app, form(ACME, "/api/ticket-action", &action(1, "follow"), Some(&bob))).await;
        assert!(!went(&r).contains("done="), "customers do not follow, they are put in copy");
        // An agent adds the vendor's Dana as a follower; a customer cannot name the vendor's desk.
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&email=desk%40support.example", action(1, "copy-add")), Some(&ada))).await;
        assert_eq!(went(&r), "/en/tickets/1?error=not-colleague");
        let r = send(&app, form(ACME, "/api/ticket-action", &format!("{}&email=desk%40support.example", action(1, "copy-add")), Some(&agent))).await;
        assert_eq!(went(&r), "/en/tickets/1?done=copy-add");
        assert!(get_with_cookie(&app, ACME, "/en/tickets/1", &ada).await.body.contains("Dana Desk put in copy"));
    })
}

#[test]
fn a_request_that_is_not_an_anomaly_shows_the_turnaround_its_form_promises() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let with = |module: &'static str, kind: &'static str| {
            let mut fields: Vec<(&str, &str)> = TICKET_FORM.iter().copied().filter(|(k, _)| !matches!(*k, "module" | "kind" | "impact")).collect();
            fields.extend([("module", module), ("kind", kind)]);
            fields
        };
        for (module, kind) in [("administration", "configuration"), ("compensation", "question")] {
            let r = send(&app, multipart(ACME, "/en/tickets", &with(module, kind), &[], Some(&ada), "http://127.0.0.1:3000")).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
        let targets: Vec<(i64, i64)> = atrium_core::sqlx::query_as("SELECT number, sla_target_secs FROM tickets WHERE tenant_id = 'acme' ORDER BY number")
            .fetch_all(&state.pool)
            .await
            .unwrap();
        assert_eq!(targets, [(1, 3 * 36_000), (2, 7 * 36_000)], "the administration form's own three days; the default seven");
        let page = get_with_cookie(&app, ACME, "/en/tickets/2", &ada).await.body;
        assert!(page.contains("<dt>Turnaround</dt>") && page.contains("70 h"), "shown like the SLA");
    })
}
