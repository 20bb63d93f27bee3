//! A customer administrator's own articles: written and published in the studio, read and found
//! on their company's help centre alone (page, module, search, suggestions, home, feed), never on
//! another tenant's; the vendor's documentation stays read-only to them.

mod common;

use atrium_core::content::{studio, Reader};
use axum::http::StatusCode;
use common::*;

const ACME: &str = "127.0.0.1:3000";
const GLOBEX: &str = "localhost:3000";

fn procedure(slug: &str, action: &str, extra: &[(&str, &str)]) -> String {
    let mut fields = vec![
        ("language", "en"),
        ("module", "core-hr"),
        ("slug", slug),
        ("title", "Our quokkaform approval"),
        ("summary", "How Acme approves a quokkaform"),
        ("order", "1"),
        ("visibility", "public"),
        ("body", "Every quokkaform goes to the site manager first. See [the organisation chart](/en/core-hr/org-chart)."),
        ("action", action),
        ("base", "0"),
        ("new", "1"),
    ];
    fields.extend_from_slice(extra);
    serde_urlencoded::to_string(&fields).unwrap()
}

#[test]
fn a_customer_administrators_article_is_read_and_found_on_their_tenant_alone() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        follow_studio(&state);
        let admin = signed_in(&app, ACME, "admin@acme.example").await;

        // Their studio is their company's: none of the vendor's articles are listed.
        let list = get_with_cookie(&app, ACME, "/en/studio", &admin).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("read on Acme Logistics’s help centre alone"), "{}", list.body);
        assert!(!list.body.contains("Employee records"), "the vendor's articles are not theirs to edit");

        // Published at once (a customer administrator publishes their own), whatever tenant the
        // form claims.
        let to =
            location(&send(&app, form(ACME, "/en/studio/save", &procedure("quokkaform-approval", "publish", &[("tenant", "globex")]), Some(&admin))).await);
        assert!(to.ends_with("&published=1"), "{to}");
        let saved: Vec<String> = studio::latest_numbers(&state.pool).await.unwrap().into_iter().map(|(p, _, _)| p).collect();
        assert_eq!(saved, ["_tenants/acme/en/core-hr/quokkaform-approval.md"]);

        eventually("the article on Acme's page", async || get(&app, ACME, "/en/core-hr/quokkaform-approval").await.status == StatusCode::OK).await;
        let page = get(&app, ACME, "/en/core-hr/quokkaform-approval").await.body;
        assert!(page.contains("Every quokkaform goes to the site manager first"), "{page}");
        assert!(get(&app, ACME, "/en/core-hr").await.body.contains("Our quokkaform approval"), "listed in the module on Acme");
        assert!(get(&app, ACME, "/en/search?q=quokkaform").await.body.contains("Our quokkaform approval"));
        let suggest = |host: &'static str| send(&app, form(host, "/api/suggest", "locale=en&query=quokkaf", None));
        assert!(suggest(ACME).await.body.contains("Our quokkaform approval"), "suggested while typing on Acme");
        // Found on French pages too, in English until translated, as the vendor's are.
        assert!(get(&app, ACME, "/fr/core-hr").await.body.contains("Our quokkaform approval"));

        // Never on another tenant: not the page, the module, search (by page, API or straight
        // from the index, after Acme's reader filled the result cache), nor the home page.
        assert_eq!(get(&app, GLOBEX, "/en/core-hr/quokkaform-approval").await.status, StatusCode::NOT_FOUND);
        assert_eq!(get(&app, GLOBEX, "/fr/core-hr/quokkaform-approval").await.status, StatusCode::NOT_FOUND);
        assert!(!get(&app, GLOBEX, "/en/core-hr").await.body.contains("quokkaform"));
        assert!(!get(&app, GLOBEX, "/en/search?q=quokkaform").await.body.contains("quokkaform approval"));
        assert!(!get(&app, GLOBEX, "/api/search?q=quokkaform&locale=en").await.body.contains("quokkaform-approval"));
        assert!(!get(&app, GLOBEX, "/en").await.body.contains("quokkaform"));
        // The documentation feed: on Acme's, linked on Acme's own address; never on Globex's.
        let feed = get(&app, ACME, "/feeds/articles.atom?locale=en").await;
        assert_eq!(feed.headers[axum::http::header::CONTENT_TYPE], "application/atom+xml; charset=utf-8");
        assert!(feed.body.contains("<title>Our quokkaform approval</title>") && feed.body.contains("/en/core-hr/quokkaform-approval"), "{}", feed.body);
        assert!(feed.body.contains("Organisation chart"), "beside the vendor's documentation");
        assert!(!feed.body.contains("Export to payroll"), "a feed reader is not signed in: no restricted article");
        let elsewhere = get(&app, GLOBEX, "/feeds/articles.atom?locale=en").await.body;
        assert!(elsewhere.contains("Organisation chart") && !elsewhere.contains("quokkaform"), "{elsewhere}");
        // (A server function posted as a plain form answers with a redirect and its JSON.)
        let suggested = suggest(GLOBEX).await.body;
        assert!(suggested.starts_with('[') && !suggested.contains("quokkaform"), "{suggested}");
        assert_eq!(finds_as(&state, &Reader::on("acme"), "en", "quokkaform"), 1);
        assert_eq!(finds_as(&state, &Reader::on("globex"), "en", "quokkaform"), 0);
        assert_eq!(finds_as(&state, &Reader::anonymous(), "en", "quokkaform"), 0);
        let grace = signed_in(&app, GLOBEX, "grace@globex.example").await;
        assert_eq!(get_with_cookie(&app, GLOBEX, "/en/core-hr/quokkaform-approval", &grace).await.status, StatusCode::NOT_FOUND);
        // Nor offered as "did you mean" to a near miss on another tenant.
        assert!(!get(&app, GLOBEX, "/en/search?q=quokkaforn").await.body.contains("quokkaform"));

        // The publication is in the audit log, under Acme.
        let (audited,): (i64,) = atrium_core::sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE tenant_id = 'acme' AND action = 'article-published'")
            .fetch_one(&state.pool)
            .await
            .unwrap();
        assert_eq!(audited, 1);

        // Acme's own articles are Acme's: in its export, and gone with it.
        let export = tempfile::tempdir().unwrap();
        atrium_core::operations::export::export_tenant(&state.pool, &state.tickets.files, "acme", export.path(), state.clock.now()).await.unwrap();
        let revisions = std::fs::read_to_string(export.path().join("content_revisions.csv")).unwrap();
        assert!(revisions.contains("Every quokkaform goes to the site manager first"), "{revisions}");
        atrium_core::operations::destroy::destroy_tenant(&state.pool, &state.tickets.files, "acme", state.clock.now()).await.unwrap();
        for table in ["content_revisions", "content_published"] {
            let (left,): (i64,) = atrium_core::sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&state.pool).await.unwrap();
            assert_eq!(left, 0, "{table}");
        }
    });
}

#[test]
fn the_vendors_articles_stay_read_only_to_a_customer_administrator() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        // Neither opened, nor its history read, nor restored, nor reviewed.
        for url in [
            "/en/studio/edit?path=en/core-hr/employee-records.md",
            "/en/studio/history?path=en/core-hr/employee-records.md",
            "/en/studio/edit?path=_tenants/globex/en/core-hr/x.md",
        ] {
            assert_eq!(get_with_cookie(&app, ACME, url, &admin).await.status, StatusCode::NOT_FOUND, "{url}");
        }
        let restore = "path=en%2Fcore-hr%2Femployee-records.md&number=1&base=1";
        assert_eq!(send(&app, form(ACME, "/en/studio/restore", restore, Some(&admin))).await.status, StatusCode::NOT_FOUND);
        let review = "path=en%2Fcore-hr%2Femployee-records.md&decision=approve";
        assert_eq!(send(&app, form(ACME, "/en/studio/review", review, Some(&admin))).await.status, StatusCode::NOT_FOUND);

        // A new article at the vendor's address is refused, so it never hides the vendor's.
        let to = location(&send(&app, form(ACME, "/en/studio/save", &procedure("employee-records", "publish", &[]), Some(&admin))).await);
        assert!(to.contains("draft="), "{to}");
        assert!(get_with_cookie(&app, ACME, &to, &admin).await.body.contains("Another article already has this address"), "told next to the address");
        assert!(studio::latest_numbers(&state.pool).await.unwrap().is_empty(), "nothing was stored");

        // The vendor's content team does not edit a customer's own article either.
        let to = location(&send(&app, form(ACME, "/en/studio/save", &procedure("quokkaform-approval", "save", &[]), Some(&admin))).await);
        assert!(to.ends_with("&saved=1"), "{to}");
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let url = "/en/studio/edit?path=_tenants/acme/en/core-hr/quokkaform-approval.md";
        assert_eq!(get_with_cookie(&app, ACME, url, &rita).await.status, StatusCode::NOT_FOUND);
        assert!(!get_with_cookie(&app, ACME, "/en/studio", &rita).await.body.contains("quokkaform"));
        // Nor is it reviewed by them: a customer administrator asks another of their company's.
        let admin_page = get_with_cookie(&app, ACME, "/en/studio/edit?path=_tenants/acme/en/core-hr/quokkaform-approval.md", &admin).await.body;
        assert!(!admin_page.contains("Rita Reviewer"), "the vendor's publishers are not offered");
        let rita_id: (String,) = atrium_core::sqlx::query_as("SELECT id FROM users WHERE email = 'rita@acme.example'").fetch_one(&state.pool).await.unwrap();
        let ask = procedure("quokkaform-approval", "review", &[("reviewer", &rita_id.0)]).replace("new=1", "new=0").replace("base=0", "base=1");
        let to = location(&send(&app, form(ACME, "/en/studio/save", &ask, Some(&admin))).await);
        assert!(to.contains("draft=") && to.ends_with("#review"), "refused: {to}");
        assert!(atrium_core::content::studio::reviews(&state.pool).await.unwrap().is_empty());
        // A customer who is not their company's administrator has no studio.
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        assert_eq!(get_with_cookie(&app, ACME, "/en/studio", &ada).await.status, StatusCode::FORBIDDEN);
    });
}
