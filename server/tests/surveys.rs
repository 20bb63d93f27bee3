//! Satisfaction surveys over HTTP: sent once when a ticket closes, one-click rating, one answer
//! per ticket, and links that are tampered with, expired or reused get a clear page.

mod common;

use atrium_core::clock::ManualClock;
use axum::http::{header, StatusCode};
use common::*;

const ACME: &str = "127.0.0.1:3000";

/// Files a ticket as Ada, has the agent propose a solution and Ada accept it (closing it), runs
/// the jobs twice (as two nodes would) and returns the survey link from the outbox.
async fn closed_ticket_survey(app: &axum::Router, state: &atrium_app::state::AppState) -> String {
    let ada = signed_in(app, ACME, "ada@acme.example").await;
    let agent = signed_in(app, ACME, "agent@acme.example").await;
    let body = "locale=en&number=1&action=status&status=awaiting-approval&note=Use+the+new+template";
    let fields = [
        ("module", "compensation"),
        ("kind", "question"),
        ("severity", "minor"),
        ("subject", "How do I export?"),
        ("description", "Where is the button?"),
        ("extra.pay-period", "2026-11"),
    ];
    let req = multipart(ACME, "/en/tickets", &fields, &[], Some(&ada), "http://127.0.0.1:3000");
    assert_eq!(send(app, req).await.status, StatusCode::SEE_OTHER);
    send(app, form(ACME, "/api/ticket-action", "locale=en&number=1&action=assign-me", Some(&agent))).await;
    send(app, form(ACME, "/api/ticket-action", body, Some(&agent))).await;
    let r = send(app, form(ACME, "/api/ticket-action", "locale=en&number=1&action=accept", Some(&ada))).await;
    assert_eq!(r.headers[header::LOCATION], "/en/tickets/1?done=accept");
    let mailer = atrium_core::mail::Mailer::new(None, "help@atrium.example").unwrap();
    atrium_server::jobs::run_once(state, &mailer, &atrium_server::jobs::Schedule::single_node()).await;
    atrium_server::jobs::run_once(state, &mailer, &atrium_server::jobs::Schedule::single_node()).await;
    let surveys: Vec<(String,)> =
        atrium_core::sqlx::query_as("SELECT text_body FROM mail_outbox WHERE subject LIKE 'How did we do%'").fetch_all(&state.pool).await.unwrap();
    assert_eq!(surveys.len(), 1, "the survey is sent once");
    let text = &surveys[0].0;
    assert!(text.contains("1 – Very dissatisfied: http://127.0.0.1:3000/en/survey/"), "{text}");
    let link = text.lines().find(|l| l.starts_with("2 – Dissatisfied: ")).unwrap().trim_start_matches("2 – Dissatisfied: ");
    link.trim_start_matches("http://127.0.0.1:3000").to_string()
}

#[test]
fn one_click_rates_a_second_answer_updates_and_the_spent_link_says_so() {
    on_shared_runtime(async {
        let clock = ManualClock::at(1_795_500_000);
        let moved = clock.clone();
        let (app, state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(moved)).await;
        let rate_two = closed_ticket_survey(&app, &state).await;
        assert!(rate_two.ends_with("?rating=2"));
        let page = get(&app, ACME, &rate_two).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Your rating is saved"));
        // Another click in the mail changes the rating rather than adding an answer.
        let rate_four = rate_two.replace("rating=2", "rating=4");
        get(&app, ACME, &rate_four).await;
        let answers: Vec<(i64,)> = atrium_core::sqlx::query_as("SELECT rating FROM surveys").fetch_all(&state.pool).await.unwrap();
        assert_eq!(answers, vec![(4,)]);
        // The form: a low rating with a reason and a comment.
        let token = rate_two.trim_start_matches("/en/survey/").trim_end_matches("?rating=2").to_string();
        let r =
            send(&app, form(ACME, "/api/answer-survey", &format!("locale=en&token={token}&rating=2&reason=too-slow&comment=Three+days+for+a+question"), None))
                .await;
        assert_eq!(r.headers[header::LOCATION], "/en/survey/thanks");
        let row: (i64, Option<String>, Option<String>) =
            atrium_core::sqlx::query_as("SELECT rating, reason, comment FROM surveys").fetch_one(&state.pool).await.unwrap();
        assert_eq!(row, (2, Some("too-slow".into()), Some("Three days for a question".into())));
        // The link is spent: reopening or answering again is refused with a clear page.
        let again = get(&app, ACME, &rate_four).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert!(again.body.contains("This survey was already answered with this link."));
        send(&app, form(ACME, "/api/answer-survey", &format!("locale=en&token={token}&rating=5"), None)).await;
        let rating: (i64,) = atrium_core::sqlx::query_as("SELECT rating FROM surveys").fetch_one(&state.pool).await.unwrap();
        assert_eq!(rating, (2,), "the spent link changes nothing");
        // The support report counts it; only support staff see it.
        let agent = signed_in(&app, ACME, "agent@acme.example").await;
        let report = get_with_cookie(&app, ACME, "/en/insights/support", &agent).await.body;
        assert!(report.contains("id=\"csat-overall\">0 %"), "one answer, rated 2");
        assert!(report.contains("Three days for a question") && report.contains("It took too long"));
        assert!(report.contains("0 % (1 answers)"));
        let csv = get_with_cookie(&app, ACME, "/api/survey-answers.csv", &agent).await;
        assert!(csv.body.contains("acme,1,compensation,Sam Support,2,too-slow,Three days for a question"), "{}", csv.body);
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        assert_eq!(get_with_cookie(&app, ACME, "/en/insights/support", &ada).await.status, StatusCode::FORBIDDEN);
        assert_eq!(get_with_cookie(&app, ACME, "/api/survey-answers.csv", &ada).await.status, StatusCode::FORBIDDEN);
    })
}

#[test]
fn tampered_expired_and_foreign_links_get_a_clear_page_and_change_nothing() {
    on_shared_runtime(async {
        let clock = ManualClock::at(1_795_500_000);
        let moved = clock.clone();
        let (app, state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(moved)).await;
        let link = closed_ticket_survey(&app, &state).await;
        // My Activities prompts for the survey.
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        assert!(get_with_cookie(&app, ACME, "/en/activities", &ada).await.body.contains("How did we do on ticket #1?"));
        let (path, _) = link.split_once('?').unwrap();
        let tampered = [format!("{path}x?rating=1"), path.replacen(".", ".9", 1) + "?rating=1", "/en/survey/not-a-token?rating=1".to_string()];
        for bad in &tampered {
            let r = get(&app, ACME, bad).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
            assert!(r.body.contains("This survey link is damaged or was changed."), "{bad}");
        }
        // The link belongs to Acme's help centre; on Globex's host it opens nothing.
        let r = get(&app, "localhost:3000", &link).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let untouched: (Option<i64>,) = atrium_core::sqlx::query_as("SELECT rating FROM surveys").fetch_one(&state.pool).await.unwrap();
        assert_eq!(untouched, (None,));
        // 30 days later the link has expired, and says so in the reader's language.
        clock.advance(31 * 86_400);
        let r = get(&app, ACME, &link.replacen("/en/", "/fr/", 1)).await;
        assert_eq!(r.status, StatusCode::GONE);
        assert!(r.body.contains("Ce lien d’enquête a expiré."));
        assert!(!get_with_cookie(&app, ACME, "/en/activities", &ada).await.body.contains("How did we do on ticket #1?"));
    })
}
