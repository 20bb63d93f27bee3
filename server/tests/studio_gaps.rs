//! The content-gap report from real events: searches that found nothing, a search followed by a
//! ticket on the same subject, "not helpful" votes with what was missing, a suggested article
//! that did not prevent a ticket; ranked by what each cost, each row a link to act on it.

mod common;

use axum::http::StatusCode;
use common::*;

const ACME: &str = "127.0.0.1:3000";

fn vote(slug: &str, helpful: &str) -> String {
    format!("locale=en&module=core-hr&slug={slug}&helpful={helpful}&return_to=%2Fen%2Fcore-hr%2F{slug}")
}

#[test]
fn the_gap_report_ranks_what_readers_and_tickets_say_is_missing() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let (ada, bob) = (signed_in(&app, ACME, "ada@acme.example").await, signed_in(&app, ACME, "bob@acme.example").await);

        // A search that finds nothing.
        assert!(get_with_cookie(&app, ACME, "/en/search?q=zorblax+quokka", &ada).await.body.contains("zorblax quokka"));
        // Bob searches, opens the article the ticket form suggests, and files the ticket anyway.
        get_with_cookie(&app, ACME, "/en/search?q=payroll+export", &bob).await;
        let opened = "form_session=form-1&article=%2Fen%2Fcore-hr%2Fimport-employees";
        send(&app, form(ACME, "/api/suggestion-opened", opened, Some(&bob))).await;
        let mut ticket = TICKET_FORM.to_vec();
        ticket.push(("form_session", "form-1"));
        assert_eq!(send(&app, multipart(ACME, "/en/tickets", &ticket, &[], Some(&bob), "http://127.0.0.1:3000")).await.status, StatusCode::SEE_OTHER);
        // Two readers find the organisation chart not helpful; Ada says what was missing, by the
        // form the article page shows after her "no" (no JavaScript needed).
        for cookie in [&ada, &bob] {
            assert_eq!(send(&app, form(ACME, "/api/vote-helpful", &vote("org-chart", "no"), Some(cookie))).await.status, StatusCode::FOUND);
        }
        let page = get_with_cookie(&app, ACME, "/en/core-hr/org-chart?voted=no", &ada).await.body;
        assert!(page.contains("What was missing?") && page.contains("/api/vote-missing"), "{page}");
        let missing = "locale=en&module=core-hr&slug=org-chart&comment=How+to+export+the+chart+to+Visio&return_to=%2Fen%2Fcore-hr%2Forg-chart";
        let r = send(&app, form(ACME, "/api/vote-missing", missing, Some(&ada))).await;
        assert_eq!(r.headers["location"], "/en/core-hr/org-chart?voted=no&missing=sent#feedback");
        let thanked = get_with_cookie(&app, ACME, "/en/core-hr/org-chart?voted=no&missing=sent", &ada).await.body;
        assert!(thanked.contains("the content team reads every answer"), "{thanked}");
        // A comment stands only beside a "not helpful" vote of the same reader.
        let yes = send(&app, form(ACME, "/api/vote-helpful", &vote("import-employees", "yes"), Some(&ada))).await;
        assert_eq!(yes.status, StatusCode::FOUND);
        let stray = missing.replace("org-chart", "import-employees");
        // (Refused: the server function answers with its error, which the page shows.)
        let refused = send(&app, form(ACME, "/api/vote-missing", &stray, Some(&ada))).await.body;
        assert!(refused.contains("BadRequest") && refused.contains("vote to add to"), "{refused}");
        let refused = send(&app, form(ACME, "/api/vote-missing", missing, None)).await.body;
        assert!(refused.contains("no vote to add to"), "no vote, no comment: {refused}");

        // Ranked: two "not helpful" votes (4), a search followed by a ticket on its subject (3), a
        // suggestion that did not prevent it (2), a search that found nothing (1).
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let report = get_with_cookie(&app, ACME, "/en/studio/gaps", &rita).await;
        assert_eq!(report.status, StatusCode::OK);
        let body = report.body;
        let at = |what: &str| body.find(what).unwrap_or_else(|| panic!("{what} in the report: {body}"));
        assert!(at("Organisation chart") < at("payroll export"));
        assert!(at("payroll export") < at("Import employees from a spreadsheet"));
        assert!(at("Import employees from a spreadsheet") < at("zorblax quokka"));
        assert!(body.contains("2 readers found it not helpful") && body.contains("How to export the chart to Visio"));
        assert!(body.contains("1 ticket filed within the hour after this search"));
        assert!(body.contains("Suggested on the ticket form, and the ticket was filed all the same"));
        assert!(body.contains("1 search found nothing"));

        // A query's row starts a new article from it; an article's row opens it.
        assert!(body.contains("href=\"/en/studio/edit?path=en/core-hr/org-chart.md\""), "{body}");
        let write = "/en/studio/edit?language=en&title=zorblax+quokka";
        assert!(body.contains(&write.replace('&', "&amp;")), "{body}");
        let draft = get_with_cookie(&app, ACME, write, &rita).await.body;
        assert!(draft.contains("value=\"zorblax quokka\"") && draft.contains("value=\"zorblax-quokka\""), "{draft}");

        // Acme's events stay Acme's, and only the content team reads the report.
        let store = state.content();
        let globex = atrium_core::gaps::report(&state.pool, &store, "globex", None, "en", state.today(), state.clock.now()).await.unwrap();
        assert!(globex.iter().all(|g| matches!(&g.target, atrium_core::gaps::Target::Article(_))), "no Acme query on Globex's report");
        assert!(globex.iter().all(|g| g.not_helpful == 0 && g.suggested_then_filed == 0));
        assert_eq!(get_with_cookie(&app, ACME, "/en/studio/gaps", &ada).await.status, StatusCode::FORBIDDEN);
    });
}
