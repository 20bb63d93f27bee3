//! A vendor's year of tickets: 50,000 over 20 customer tenants (most closed), then p50/p99 of
//! My Activities for a customer administrator (first page and a later one), the agents' queue
//! (whole and filtered), a ticket page and the service figures, each beside `/healthz` measured
//! in the same run, in process (no network). `cargo bench -p atrium-server --bench year`;
//! writes target/bench/year.md.

use atrium_core::{config::Config, db, identity::Role, sqlx};
use axum::{
    body::{to_bytes, Body},
    http::{header, Request},
    Router,
};
use std::{collections::HashMap, time::Instant};
use tower::ServiceExt;

const TENANTS: usize = 20;
const TICKETS: usize = 50_000;
const ROUNDS: usize = 60;

async fn send(app: &Router, req: Request<Body>) -> (u16, String, usize) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status().as_u16();
    let cookie = res.headers().get(header::SET_COOKIE).and_then(|c| c.to_str().ok()).unwrap_or_default().split(';').next().unwrap_or_default().to_string();
    let body = to_bytes(res.into_body(), 64 << 20).await.unwrap();
    (status, cookie, body.len())
}

fn get(host: &str, path: &str, cookie: &str) -> Request<Body> {
    Request::get(path).header(header::HOST, host).header(header::COOKIE, cookie).body(Body::empty()).unwrap()
}

async fn sign_in(app: &Router, host: &str, email: &str) -> String {
    let form = format!("locale=en&email={}&password={}&return_to=%2Fen", email.replace('@', "%40"), atrium_core::identity::DEMO_PASSWORD.replace('!', "%21"));
    let req = Request::post("/api/sign-in")
        .header(header::HOST, host)
        .header(header::ORIGIN, format!("http://{host}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .body(Body::from(form))
        .unwrap();
    let (status, cookie, _) = send(app, req).await;
    assert_eq!(status, 302, "sign-in of {email}");
    cookie
}

/// 50,000 tickets in bulk: a year from now backwards, 5 % open, 2 % waiting on the customer.
async fn seed_year(pool: &db::Pool, now: i64) -> (Vec<String>, atrium_core::identity::User) {
    let mut tenants = Vec::new();
    for i in 0..TENANTS {
        let id = format!("customer-{i:02}");
        atrium_core::tenant::ensure_tenant(pool, &id, &format!("Customer {i}"), "#336699", &[&format!("{id}.localhost")]).await.unwrap();
        tenants.push(id);
    }
    let mut people: HashMap<String, Vec<String>> = HashMap::new();
    let mut first_admin = None;
    for t in &tenants {
        let admin = atrium_core::identity::create_user(
            pool,
            t,
            &format!("admin@{t}.example"),
            "Admin",
            Some(atrium_core::identity::DEMO_PASSWORD),
            Role::CustomerAdmin,
            &[],
            now,
        )
        .await
        .unwrap();
        let mut ids = vec![admin.id.clone()];
        first_admin.get_or_insert(admin);
        for u in 0..10 {
            ids.push(
                atrium_core::identity::create_user(pool, t, &format!("user{u}@{t}.example"), "User", None, Role::CustomerUser, &[], now).await.unwrap().id,
            );
        }
        people.insert(t.clone(), ids);
    }
    let statuses =
        ["closed"; 93].iter().chain(["pending", "pending", "open", "new", "on-hold", "awaiting-approval", "validated"].iter()).copied().collect::<Vec<_>>();
    let severities = ["blocking", "major", "minor", "minor"];
    let modules = ["core-hr", "compensation", "time-off", "recruiting", "training", "administration"];
    let mut tx = pool.begin().await.unwrap();
    for n in 0..TICKETS {
        let tenant = &tenants[n % TENANTS];
        let number = (n / TENANTS + 1) as i64;
        let requester = &people[tenant][n % 11];
        let at = now - 365 * 86_400 + (n as i64) * (365 * 86_400 / TICKETS as i64);
        let status = statuses[n % statuses.len()];
        sqlx::query(
            "INSERT INTO tickets (id, tenant_id, number, requester_id, kind, severity, impact, status, subject, description, module, locale, action_path, origin, extra, \
             created_at, updated_at, status_since, sla_target_secs, sla_spent_secs, sla_running_since, sla_alerted, reminders_sent, closed_at) \
             VALUES ($1, $2, $3, $4, 'anomaly', $5, 'degradation', $6, $7, 'The export stops halfway.', $8, 'en', 'Compensation > Export', 'http://127.0.0.1:3000', '{}', \
             $9, $10, $10, 180000, 3600, $11, 0, 0, $12)",
        )
        .bind(db::new_id())
        .bind(tenant)
        .bind(number)
        .bind(requester)
        .bind(severities[n % severities.len()])
        .bind(status)
        .bind(format!("Payroll export {n} stops halfway"))
        .bind(modules[n % modules.len()])
        .bind(at)
        .bind(at + 3600)
        .bind((status != "closed").then_some(at + 3600))
        .bind((status == "closed").then_some(at + 86_400))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    (tenants, first_admin.expect("twenty tenants"))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let data = tempfile::tempdir().unwrap();
        let env: HashMap<String, String> = [
            ("ATRIUM_DATABASE_URL", format!("sqlite://{}?mode=rwc", data.path().join("atrium.db").display())),
            ("ATRIUM_CONTENT_DIR", format!("{root}/content")),
            ("ATRIUM_SITE_DIR", format!("{root}/target/site")),
            ("ATRIUM_DATA_DIR", data.path().display().to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let config = Config::from_sources(None, &env).unwrap();
        let prepared = atrium_server::prepare(&config).await.unwrap();
        let state = prepared.state;
        atrium_core::tenant::seed_demo(&state.pool).await.unwrap();
        atrium_core::identity::seed_demo_users(&state.pool).await.unwrap();
        let now = state.clock.now();
        let started = Instant::now();
        let (tenants, first_admin) = seed_year(&state.pool, now).await;
        eprintln!("seeded {TICKETS} tickets over {TENANTS} tenants in {:.1} s", started.elapsed().as_secs_f64());
        state.tenants.reload(&state.pool).await.unwrap();
        let app = atrium_server::router(state.clone(), atrium_server::RouterOptions::default());
        let host = format!("{}.localhost", tenants[0]);
        let admin = sign_in(&app, &host, &format!("admin@{}.example", tenants[0])).await;
        let desk = sign_in(&app, "support.localhost", "desk@support.example").await;
        let (_, _, first) = send(&app, get(&host, "/en/activities", &admin)).await;
        let later = {
            // The cursor of a page deep in the closed tickets.
            let page = atrium_core::ticket::activities(&state.pool, &first_admin, None, 1_000).await.unwrap();
            format!("/en/activities?after={}", page.next.unwrap())
        };
        let cases: Vec<(&str, String, String, String)> = vec![
            ("/healthz (baseline)", host.clone(), "/healthz".into(), String::new()),
            ("My Activities, first page (customer administrator, 2,500 tickets)", host.clone(), "/en/activities".into(), admin.clone()),
            ("My Activities, page after 1,000 tickets", host.clone(), later, admin.clone()),
            ("Agents' queue, 20 tenants (vendor desk)", "support.localhost".into(), "/en/agent".into(), desk.clone()),
            ("Agents' queue filtered (one tenant, module, severity)", "support.localhost".into(), format!("/en/agent?tenant={}&module=compensation&severity=major", tenants[3]), desk.clone()),
            ("A ticket", host.clone(), "/en/tickets/2400".into(), admin.clone()),
            ("Service figures: availability (maintenance page)", host.clone(), "/en/maintenance".into(), admin.clone()),
            ("Service figures: satisfaction report (vendor desk)", "support.localhost".into(), "/en/insights/support".into(), desk.clone()),
        ];
        let mut rows = Vec::new();
        let mut baseline = 0.0;
        for (name, host, path, cookie) in &cases {
            let mut times = Vec::with_capacity(ROUNDS);
            let mut bytes = 0;
            for _ in 0..ROUNDS {
                let t = Instant::now();
                let (status, _, len) = send(&app, get(host, path, cookie)).await;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                assert!(status == 200, "{path}: {status}");
                bytes = len;
            }
            times.sort_by(|a, b| a.partial_cmp(b).unwrap());
            let (p50, p99) = (percentile(&times, 0.5), percentile(&times, 0.99));
            if baseline == 0.0 {
                baseline = p50.max(0.001);
            }
            rows.push(format!("| {name} | {p50:.2} | {p99:.2} | {:.0}× | {} KB |", p50 / baseline, bytes / 1024));
        }
        let report = format!(
            "# A year of tickets ({TICKETS} over {TENANTS} tenants)\n\nIn process, one request at a time, {ROUNDS} rounds each; the first page of My Activities was {} KB.\n\n| request | p50 ms | p99 ms | p50 ÷ /healthz | page |\n|---|---|---|---|---|\n{}\n",
            first / 1024,
            rows.join("\n")
        );
        println!("{report}");
        let out = std::path::Path::new(root).join("target/bench");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("year.md"), report).unwrap();
    });
}
