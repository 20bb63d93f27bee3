//! Search through the page and the JSON API; each test tries bad input or a rights leak.

mod common;

use atrium_core::identity::DEMO_PASSWORD;
use axum::http::{header, StatusCode};
use common::*;

const ACME: &str = "127.0.0.1:3000";

fn json(r: &Reply) -> serde_json::Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

/// (href, title) of the first result on a search page.
fn first_result(html: &str) -> (String, String) {
    let list = html.split("<ol class=\"search-results\">").nth(1).expect("a result list");
    let href = list.split("<a href=\"").nth(1).unwrap().split('"').next().unwrap().replace("&amp;", "&");
    let title = list.split("class=\"result-title\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    (href, title)
}

#[test]
fn the_search_page_ranks_forgives_typos_and_highlights() {
    on_shared_runtime(async {
        let app = app().await;
        let r = get(&app, ACME, "/en/search?q=pasword+polcy").await;
        assert_eq!(r.status, StatusCode::OK);
        let (href, title) = first_result(&r.body);
        assert_eq!(title, "Password policy");
        assert!(href.starts_with("/en/search/open?log="), "result links go through the click log: {href}");
        assert!(r.body.contains("<mark>"), "highlighted snippet");
    })
}

#[test]
fn module_filter_facets_and_did_you_mean_are_links_that_work_without_javascript() {
    on_shared_runtime(async {
        let app = app().await;
        let r = get(&app, ACME, "/en/search?q=export").await;
        assert!(r.body.contains("href=\"/en/search?q=export&amp;module=administration\""), "facet link");
        let only = get(&app, ACME, "/en/search?q=export&module=administration").await;
        assert!(only.body.contains("Export your data"));
        assert!(!only.body.contains("Training reports"), "other modules are filtered out");
        // Among articles (a release note also mentions the chart); the suggestion keeps the filter.
        let r = get(&app, ACME, "/en/search?q=organsation+chrat&type=article").await;
        assert!(r.body.contains("Did you mean"));
        assert!(r.body.contains("href=\"/en/search?q=organisation+chart&amp;type=article\""), "{}", r.body.split("did-you-mean").nth(1).unwrap_or(""));
        let fr = get(&app, ACME, "/fr/search?q=organigrame").await;
        assert!(fr.body.contains("Organigramme"), "French typo found in French");
    })
}

#[test]
fn bad_queries_get_a_page_never_an_error() {
    on_shared_runtime(async {
        let app = app().await;
        let long = "a".repeat(10_000);
        for q in ["", "%22password", "AND", "-", "%00%07%1B", "%E3%83%91%E3%82%B9+password", long.as_str(), "%FF%FE"] {
            let r = get(&app, ACME, &format!("/en/search?q={q}")).await;
            assert_eq!(r.status, StatusCode::OK, "q={}", &q[..q.len().min(20)]);
            assert!(r.body.contains("<h1>Search</h1>"));
        }
    })
}

#[test]
fn the_json_api_answers_ranked_results_and_clear_errors() {
    on_shared_runtime(async {
        let app = app().await;
        let r = get(&app, ACME, "/api/search?q=importer+salari%C3%A9s&locale=fr&limit=3").await;
        assert_eq!(r.status, StatusCode::OK);
        let v = json(&r);
        assert_eq!(v["results"][0]["path"], "/fr/core-hr/importer-des-salaries");
        assert!(v["results"][0]["score"].as_f64().unwrap() > 0.0);
        assert!(v["results"].as_array().unwrap().len() <= 3);
        assert!(v["modules"]["core-hr"].as_u64().unwrap() >= 1);
        let bad = get(&app, ACME, "/api/search?q=x&locale=xx").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(json(&bad)["error"].as_str().unwrap().contains("locale must be one of"));
        assert_eq!(get(&app, ACME, "/api/search?q=x&limit=0").await.status, StatusCode::BAD_REQUEST);
        assert_eq!(get(&app, ACME, "/api/search?q=x&limit=many").await.status, StatusCode::BAD_REQUEST);
    })
}

#[test]
fn restricted_articles_reach_the_api_only_for_granted_readers() {
    on_shared_runtime(async {
        let app = app().await;
        let anonymous = json(&get(&app, ACME, "/api/search?q=bonus+rules&locale=en").await);
        assert!(!anonymous.to_string().contains("bonus-rules"), "{anonymous}");
        let form_body = format!("locale=en&email=ada%40acme.example&password={}", DEMO_PASSWORD.replace('!', "%21"));
        let r = send(&app, form(ACME, "/api/sign-in", &form_body, None)).await;
        let cookie = r.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
        let ada = json(&get_with_cookie(&app, ACME, "/api/search?q=bonus+rules&locale=en", &cookie).await);
        assert_eq!(ada["results"][0]["path"], "/en/compensation/bonus-rules");
    })
}

#[test]
fn searches_and_opened_results_are_logged_without_identity() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let page = get(&app, ACME, "/en/search?q=calibration").await;
        let (href, _) = first_result(&page.body);
        let r = get(&app, ACME, &href).await;
        assert!(r.status.is_redirection());
        assert_eq!(r.headers[header::LOCATION], "/en/performance/calibration");
        let logged: Vec<(String, i64, Option<String>)> =
            atrium_core::sqlx::query_as("SELECT query, result_count, clicked_path FROM search_log WHERE tenant_id = 'acme'")
                .fetch_all(&state.pool)
                .await
                .unwrap();
        assert_eq!(logged.len(), 1, "{logged:?}");
        let (query, count, clicked) = &logged[0];
        assert_eq!(query, "calibration");
        assert!(page.body.contains(&format!("{count} results found")), "the logged count is the page's");
        assert_eq!(clicked.as_deref(), Some("/en/performance/calibration"));
        // The log has no column that could name the reader.
        use atrium_core::sqlx::{Column, Row};
        let row = atrium_core::sqlx::query("SELECT * FROM search_log").fetch_one(&state.pool).await.unwrap();
        let columns: Vec<&str> = row.columns().iter().map(|c| c.name()).collect();
        assert!(columns.contains(&"query") && columns.iter().all(|c| !c.contains("user") && !c.contains("session") && !c.contains("ip")), "{columns:?}");
    })
}

#[test]
fn the_click_log_never_redirects_off_the_help_centre() {
    on_shared_runtime(async {
        let app = app().await;
        for to in ["https://evil.example/", "//evil.example/x", "/fr/core-hr/x", "/en/..\\evil", "javascript:alert(1)"] {
            let r = get(&app, ACME, &format!("/en/search/open?log=x&to={}", to.replace('\\', "%5C"))).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "to={to}");
        }
    })
}

async fn signed_in(app: &axum::Router, email: &str) -> String {
    let body = format!("locale=en&email={}&password={}", email.replace('@', "%40"), DEMO_PASSWORD.replace('!', "%21"));
    let r = send(app, form(ACME, "/api/sign-in", &body, None)).await;
    r.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string()
}

#[test]
fn content_editors_see_top_and_zero_result_queries_and_others_do_not() {
    on_shared_runtime(async {
        let app = app().await;
        for q in ["payslip", "payslip", "import", "zzzz+nothing"] {
            get(&app, ACME, &format!("/en/search?q={q}")).await;
        }
        // Another tenant's searches never show up in Acme's insights.
        get(&app, "localhost:3000", "/en/search?q=globex+secret").await;
        let editor = signed_in(&app, "editor@acme.example").await;
        let page = get_with_cookie(&app, ACME, "/en/insights/search", &editor).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<th scope=\"row\">payslip</th><td>2</td>"), "{}", page.body);
        let zero_table = page.body.split("id=\"zero-heading\"").nth(1).unwrap();
        assert!(zero_table.contains("<th scope=\"row\">zzzz nothing</th><td>1</td><td>1</td><td>0</td>"), "{zero_table}");
        assert!(!zero_table.contains(">import<"), "a query with results is not in the zero-result table");
        assert!(!page.body.contains("globex secret"));
        let csv = get_with_cookie(&app, ACME, "/api/search-insights.csv?locale=en", &editor).await;
        assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert!(csv.body.starts_with("query,searches,zero_results,clicks\npayslip,2,"), "{}", csv.body);
        assert!(csv.body.contains("\nzzzz nothing,1,1,0\n"), "{}", csv.body);

        // A customer user and an anonymous reader are refused, on the page and the CSV alike.
        let bob = signed_in(&app, "bob@acme.example").await;
        let r = get_with_cookie(&app, ACME, "/en/insights/search", &bob).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(!r.body.contains("payslip"));
        assert_eq!(get_with_cookie(&app, ACME, "/api/search-insights.csv", &bob).await.status, StatusCode::FORBIDDEN);
        assert_eq!(get(&app, ACME, "/en/insights/search").await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(get(&app, ACME, "/api/search-insights.csv").await.status, StatusCode::UNAUTHORIZED);
        // The editor's cookie is worthless on the other tenant's host.
        assert_eq!(get_with_cookie(&app, "localhost:3000", "/api/search-insights.csv", &editor).await.status, StatusCode::UNAUTHORIZED);
    })
}

/// A language the interface is not translated into but the content is (the demo's Japanese
/// article): its pages, search and API answer under `/ja/…` with the English interface around
/// the Japanese text; a language no content is written in is not found.
#[test]
fn content_in_other_languages_is_read_and_searched_under_its_own_tag() {
    on_shared_runtime(async {
        let app = app().await;
        let article = get(&app, ACME, "/ja/core-hr/import-employees").await;
        assert_eq!(article.status, StatusCode::OK);
        assert!(article.body.contains("<article lang=\"ja\" class=\"article\">"), "the text is marked Japanese");
        assert!(article.body.contains("スプレッドシートから従業員をインポートする"));
        assert!(article.body.contains("Was this article helpful?") && article.body.contains("<html lang=\"en\""), "the interface is English");
        assert!(article.body.contains("href=\"/ja/core-hr\""), "links stay in Japanese content");
        assert!(article.body.contains("href=\"/en/core-hr/import-employees\""), "the language menu leads to the English article");
        assert!(article.body.contains("日本語"), "the menu names the page's language");
        // Every page's language menu offers Japanese: the home page leads to /ja, an article not
        // translated into Japanese to its English stand-in under the Japanese URL.
        let home = get(&app, ACME, "/en").await;
        assert!(home.body.contains("href=\"/ja\" hreflang=\"ja\" lang=\"ja\">日本語</a>"), "the home page offers Japanese");
        let english = get(&app, ACME, "/en/administration/password-policy").await;
        assert!(english.body.contains("href=\"/ja/administration/password-policy\""));
        let stand_in = get(&app, ACME, "/ja/administration/password-policy").await;
        assert_eq!(stand_in.status, StatusCode::OK);
        assert!(stand_in.body.contains("Password policy"));
        let search = get(&app, ACME, "/ja/search?q=%E3%82%A4%E3%83%B3%E3%83%9D%E3%83%BC%E3%83%88").await;
        let (href, title) = first_result(&search.body);
        assert_eq!(title, "スプレッドシートから従業員をインポートする");
        assert!(href.ends_with("to=/ja/core-hr/import-employees"), "{href}");
        let api = json(&get(&app, ACME, "/api/search?q=%E3%83%89%E3%83%A9%E3%82%A4%E3%83%A9%E3%83%B3&locale=ja").await);
        assert_eq!(api["results"][0]["path"], "/ja/core-hr/import-employees", "{api}");
        // An English reader does not get the Japanese page.
        let en = json(&get(&app, ACME, "/api/search?q=%E3%83%89%E3%83%A9%E3%82%A4%E3%83%A9%E3%83%B3&locale=en").await);
        assert_eq!(en["total"], 0, "{en}");
        // No Korean content: no Korean pages, and the API says which languages there are.
        assert_eq!(get(&app, ACME, "/ko/core-hr/import-employees").await.status, StatusCode::NOT_FOUND);
        let ko = get(&app, ACME, "/api/search?q=x&locale=ko").await;
        assert_eq!(ko.status, StatusCode::BAD_REQUEST);
        assert!(json(&ko)["error"].as_str().unwrap().contains("en, fr, de, nl, es, sv, da, ja"), "{}", ko.body);
    })
}
