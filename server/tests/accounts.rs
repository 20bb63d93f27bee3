//! Account lifecycle over HTTP: reset by emailed link, invitations that confirm the address,
//! forced password changes, per-tenant sign-in settings, account and tenant administration.
//! Each test tries to break a check: other tenants, other roles, reused links, cross-site posts.

mod common;

use atrium_core::{clock::ManualClock, identity::DEMO_PASSWORD};
use axum::http::{header, StatusCode};
use common::*;

const ACME: &str = "127.0.0.1:3000";
const GLOBEX: &str = "localhost:3000";
const VENDOR: &str = "support.localhost:3000";
const NEW_PASSWORD: &str = "Tulip-harbour-Quartz-77";

fn enc(s: &str) -> String {
    atrium_app::url::query_value(s)
}

fn location(r: &Reply) -> String {
    r.headers.get(header::LOCATION).map(|l| l.to_str().unwrap().to_string()).unwrap_or_default()
}

/// The link token in the newest mail to `to`.
async fn link_in_mail(state: &atrium_app::state::AppState, to: &str) -> String {
    let (body,): (String,) = atrium_core::sqlx::query_as("SELECT text_body FROM mail_outbox WHERE recipient = $1 ORDER BY created_at DESC, id DESC")
        .bind(to)
        .fetch_one(&state.pool)
        .await
        .unwrap();
    let at = body.find("/account/link?token=").expect("a link in the mail") + "/account/link?token=".len();
    body[at..at + 64].to_string()
}

async fn mail_count(state: &atrium_app::state::AppState, to: &str) -> i64 {
    let (n,): (i64,) = atrium_core::sqlx::query_as("SELECT COUNT(*) FROM mail_outbox WHERE recipient = $1").bind(to).fetch_one(&state.pool).await.unwrap();
    n
}

fn set_password(token: &str, new: &str, confirm: &str) -> String {
    format!("locale=en&token={token}&new={}&confirm={}", enc(new), enc(confirm))
}

#[test]
fn a_reset_link_from_the_mail_sets_a_new_password_once_and_only_on_its_tenant() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let bob = signed_in(&app, ACME, "bob@acme.example").await;
        // The same answer for an account and for nobody; only the account gets mail.
        for email in ["bob%40acme.example", "nobody%40acme.example"] {
            let r = send(&app, form(ACME, "/api/password-reset-request", &format!("locale=en&email={email}"), None)).await;
            assert_eq!(location(&r), "/en/account/forgot?sent=1");
        }
        assert_eq!(mail_count(&state, "nobody@acme.example").await, 0);
        let token = link_in_mail(&state, "bob@acme.example").await;
        let page = get(&app, ACME, &format!("/en/account/link?token={token}")).await;
        assert!(page.body.contains("Choose a new password") && page.body.contains("bob@acme.example"), "{}", page.body);
        // Globex's host does not know Acme's link.
        assert!(get(&app, GLOBEX, &format!("/en/account/link?token={token}")).await.body.contains("not valid on this help centre"));
        let r = send(&app, form(GLOBEX, "/api/account-link", &set_password(&token, NEW_PASSWORD, NEW_PASSWORD), None)).await;
        assert!(!location(&r).contains("notice="), "{}", location(&r));
        // A weak password is explained and the link still works.
        let r = send(&app, form(ACME, "/api/account-link", &set_password(&token, "bob", "bob"), None)).await;
        let back = location(&r);
        assert!(back.contains("errors=") && back.contains("too-short"), "{back}");
        assert!(get(&app, ACME, &back).await.body.contains("Use at least 12 characters."));
        let r = send(&app, form(ACME, "/api/account-link", &set_password(&token, NEW_PASSWORD, NEW_PASSWORD), None)).await;
        assert_eq!(location(&r), "/en/sign-in?notice=password-set");
        // Used: explained in plain words; the open session of whoever knew the old one is over.
        assert!(get(&app, ACME, &format!("/en/account/link?token={token}")).await.body.contains("already been used"));
        assert!(!get_with_cookie(&app, ACME, "/en", &bob).await.body.contains("Signed in as"));
        let r = send(&app, form(ACME, "/api/sign-in", &sign_in_form("bob@acme.example", NEW_PASSWORD, "/en"), None)).await;
        assert_eq!(location(&r), "/en");
        // A cross-site post cannot ask for resets.
        let mut cross = form(ACME, "/api/password-reset-request", "locale=en&email=bob%40acme.example", None);
        cross.headers_mut().insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        assert_eq!(send(&app, cross).await.status, StatusCode::FORBIDDEN);
    })
}

#[test]
fn an_invited_account_confirms_its_address_then_must_choose_its_own_password() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        let invite = format!(
            "locale=en&email=carol%40acme.example&display_name=Carol+Jones&role=customer-user&groups=payroll-admins&valid_until=&temporary_password={}",
            enc("Temporary-Quartz-42")
        );
        let r = send(&app, form(ACME, "/api/account-invite", &invite, Some(&admin))).await;
        assert_eq!(location(&r), "/en/admin/accounts?done=invited");
        // Twice: a clear error, not a second account.
        let r = send(&app, form(ACME, "/api/account-invite", &invite, Some(&admin))).await;
        assert!(location(&r).contains("error=duplicate"));
        assert!(get_with_cookie(&app, ACME, &location(&r), &admin).await.body.contains("An account with this email address already exists."));
        let list = get_with_cookie(&app, ACME, "/en/admin/accounts", &admin).await.body;
        assert!(list.contains("carol@acme.example") && list.contains("Invited, not confirmed"), "listed as invited");

        // Not confirmed: the right password is not enough.
        let r = send(&app, form(ACME, "/api/sign-in", &sign_in_form("carol@acme.example", "Temporary-Quartz-42", "/en"), None)).await;
        assert!(location(&r).contains("error=unverified"), "{}", location(&r));
        let token = link_in_mail(&state, "carol@acme.example").await;
        assert!(get(&app, ACME, &format!("/en/account/link?token={token}")).await.body.contains("Confirm your email address"));
        let r = send(&app, form(ACME, "/api/account-link", &format!("locale=en&token={token}"), None)).await;
        assert_eq!(location(&r), "/en/sign-in?notice=confirmed");

        // The temporary password leads to a forced change, with no session before it.
        let r = send(&app, form(ACME, "/api/sign-in", &sign_in_form("carol@acme.example", "Temporary-Quartz-42", "/en/compensation"), None)).await;
        let renew = location(&r);
        assert!(renew.starts_with("/en/account/link?token=") && renew.contains("reason=first"), "{renew}");
        assert!(r.headers.get(header::SET_COOKIE).is_none(), "no session before the change");
        assert!(get(&app, ACME, &renew).await.body.contains("Choose your own password before you go on"));
        let renewal = &renew["/en/account/link?token=".len()..][..64];
        let r =
            send(&app, form(ACME, "/api/account-link", &format!("{}&return_to=%2Fen%2Fcompensation", set_password(renewal, NEW_PASSWORD, NEW_PASSWORD)), None))
                .await;
        assert_eq!(location(&r), "/en/compensation");
        let carol = r.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
        assert_eq!(get_with_cookie(&app, ACME, "/en/compensation/payroll-export", &carol).await.status, StatusCode::OK, "granted group works");
    })
}

#[test]
fn only_administrators_manage_accounts_and_only_within_their_tenant_and_rights() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        assert_eq!(get_with_cookie(&app, ACME, "/en/admin/accounts", &ada).await.status, StatusCode::FORBIDDEN);
        assert_eq!(get(&app, ACME, "/en/admin/accounts").await.status, StatusCode::UNAUTHORIZED);
        let id = |email: &'static str| {
            let pool = state.pool.clone();
            async move {
                let (id,): (String,) = atrium_core::sqlx::query_as("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&pool).await.unwrap();
                id
            }
        };
        let update = |id: &str, role: &str, groups: &str| format!("locale=en&id={id}&role={role}&groups={groups}&valid_until=");
        let groups_of = |email: &'static str| {
            let pool = state.pool.clone();
            async move {
                let rows: Vec<(String,)> =
                    atrium_core::sqlx::query_as("SELECT g.group_name FROM user_groups g JOIN users u ON u.id = g.user_id WHERE u.email = $1")
                        .bind(email)
                        .fetch_all(&pool)
                        .await
                        .unwrap();
                rows.into_iter().map(|(g,)| g).collect::<Vec<_>>()
            }
        };
        let bob = id("bob@acme.example").await;
        // A customer cannot grant groups, not even to themself.
        send(&app, form(ACME, "/api/account-update", &update(&bob, "customer-user", "payroll-admins"), Some(&ada))).await;
        assert!(groups_of("bob@acme.example").await.is_empty());
        // The administrator cannot hand out agent or super administrator rights…
        send(&app, form(ACME, "/api/account-update", &update(&bob, "super-admin", ""), Some(&admin))).await;
        let (role,): (String,) = atrium_core::sqlx::query_as("SELECT role FROM users WHERE id = $1").bind(&bob).fetch_one(&state.pool).await.unwrap();
        assert_eq!(role, "customer-user");
        // …nor change an agent's account, nor another tenant's.
        let agent = id("agent@acme.example").await;
        send(&app, form(ACME, "/api/account-update", &update(&agent, "customer-user", ""), Some(&admin))).await;
        let (role,): (String,) = atrium_core::sqlx::query_as("SELECT role FROM users WHERE id = $1").bind(&agent).fetch_one(&state.pool).await.unwrap();
        assert_eq!(role, "support-agent");
        let grace = id("grace@globex.example").await;
        send(&app, form(ACME, "/api/account-update", &update(&grace, "customer-user", ""), Some(&admin))).await;
        assert_eq!(groups_of("grace@globex.example").await, ["payroll-admins"]);
        // Another site cannot post for the administrator.
        let mut cross = form(ACME, "/api/account-update", &update(&bob, "customer-user", "payroll-admins"), Some(&admin));
        cross.headers_mut().insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        assert_eq!(send(&app, cross).await.status, StatusCode::FORBIDDEN);
        // A bad group name is explained; a good change takes effect on Bob's next page.
        let r = send(&app, form(ACME, "/api/account-update", &update(&bob, "customer-user", "Payroll+Admins%3B"), Some(&admin))).await;
        assert!(location(&r).contains("error=bad-group"));
        let bob_session = signed_in(&app, ACME, "bob@acme.example").await;
        assert_eq!(get_with_cookie(&app, ACME, "/en/compensation/payroll-export", &bob_session).await.status, StatusCode::NOT_FOUND);
        let r = send(&app, form(ACME, "/api/account-update", &update(&bob, "customer-user", "payroll-admins"), Some(&admin))).await;
        assert!(location(&r).contains("done=updated"), "{}", location(&r));
        let page = get_with_cookie(&app, ACME, "/en/admin/accounts", &admin).await.body;
        let row = page.split("data-group=\"payroll-admins\"").nth(1).expect("the group is listed").split("</tr>").next().unwrap();
        assert!(row.contains("Ada Lovelace") && row.contains("Bob Martin"), "{row}");
        assert_eq!(get_with_cookie(&app, ACME, "/en/compensation/payroll-export", &bob_session).await.status, StatusCode::OK);
        // A last valid day in the past ends his sessions and his sign-ins.
        let r =
            send(&app, form(ACME, "/api/account-update", &format!("locale=en&id={bob}&role=customer-user&groups=&valid_until=2026-01-31"), Some(&admin))).await;
        assert!(location(&r).contains("done=updated"));
        assert!(!get_with_cookie(&app, ACME, "/en", &bob_session).await.body.contains("Signed in as"));
        let r = send(&app, form(ACME, "/api/sign-in", &sign_in_form("bob@acme.example", DEMO_PASSWORD, "/en"), None)).await;
        assert!(location(&r).contains("error=expired"));
        assert!(get(&app, ACME, &location(&r)).await.body.contains("This account is no longer valid."));
    })
}

#[test]
fn tenant_settings_drive_the_password_policy_expiry_and_sessions() {
    on_shared_runtime(async {
        let clock = ManualClock::at(atrium_core::db::now());
        let moved = clock.clone();
        let (app, state) = app_with(move |s| s.configure().clock = std::sync::Arc::new(moved)).await;
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        let settings = |min_length: &str, expiry: &str, idle: &str| {
            format!(
                "locale=en&min_length={min_length}&min_lowercase=1&min_uppercase=1&min_digits=1&min_symbols=1&history=5&max_failures=5&lock_minutes=15&expiry_days={expiry}&idle_minutes={idle}&absolute_hours=12&change_at_first_sign_in=1"
            )
        };
        // Out of range: the field is named and nothing changes.
        let r = send(&app, form(ACME, "/api/sign-in-settings", &settings("4", "0", "120"), Some(&admin))).await;
        assert_eq!(location(&r), "/en/admin/accounts?error=setting&field=min_length&min=8&max=128#settings");
        assert!(get_with_cookie(&app, ACME, &location(&r), &admin).await.body.contains("“Minimum length” must be between 8 and 128. Nothing was changed."));
        let r = send(&app, form(ACME, "/api/sign-in-settings", &settings("abc", "0", "120"), Some(&admin))).await;
        assert!(location(&r).contains("field=min_length"));
        let r = send(&app, form(ACME, "/api/sign-in-settings", &settings("16", "30", "5"), Some(&admin))).await;
        assert!(location(&r).contains("done=settings"), "{}", location(&r));
        // A customer cannot weaken them.
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        send(&app, form(ACME, "/api/sign-in-settings", &settings("8", "0", "120"), Some(&ada))).await;
        let s = atrium_core::identity::load_settings(&state.pool, "acme").await.unwrap();
        assert_eq!((s.password.min_length, s.expiry_days, s.idle_minutes), (16, 30, 5));
        assert_eq!(atrium_core::identity::load_settings(&state.pool, "globex").await.unwrap().password.min_length, 12, "Globex keeps its own");

        // 16 characters now: a 15-character password is refused with the tenant's minimum.
        let r = send(
            &app,
            form(
                ACME,
                "/api/change-password",
                &format!("locale=en&current={}&new={}&confirm={}", enc(DEMO_PASSWORD), enc("Tulip-harbour-7"), enc("Tulip-harbour-7")),
                Some(&ada),
            ),
        )
        .await;
        assert!(get_with_cookie(&app, ACME, &location(&r), &ada).await.body.contains("Use at least 16 characters."));

        // Idle for 6 minutes with a 5-minute limit: signed out.
        atrium_core::sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 360").execute(&state.pool).await.unwrap();
        assert!(!get_with_cookie(&app, ACME, "/en", &ada).await.body.contains("Signed in as"));

        // 31 days later the password has expired: the right one leads to a renewal first.
        clock.advance(31 * 86400);
        let r = send(&app, form(ACME, "/api/sign-in", &sign_in_form("ada@acme.example", DEMO_PASSWORD, "/en"), None)).await;
        assert!(location(&r).contains("reason=expired") && r.headers.get(header::SET_COOKIE).is_none(), "{}", location(&r));
        assert!(get(&app, ACME, &location(&r)).await.body.contains("Your password has expired"));
        // Globex's users are not affected.
        let r = send(&app, form(GLOBEX, "/api/sign-in", &sign_in_form("grace@globex.example", DEMO_PASSWORD, "/en"), None)).await;
        assert_eq!(location(&r), "/en");
    })
}

#[test]
fn a_super_administrator_creates_a_tenant_that_answers_on_its_own_host() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let root = signed_in(&app, VENDOR, "root@support.example").await;
        let acme_admin = signed_in(&app, ACME, "admin@acme.example").await;
        assert_eq!(get_with_cookie(&app, ACME, "/en/admin/tenants", &acme_admin).await.status, StatusCode::FORBIDDEN);
        let create = |id: &str, hosts: &str| {
            format!("locale=en&id={id}&name=Initech&colour=%23224466&hosts={hosts}&admin_email=peter%40initech.example&admin_name=Peter+Gibbons")
        };
        // A customer administrator cannot create one.
        send(&app, form(ACME, "/api/tenant-create", &create("initech", "initech.localhost"), Some(&acme_admin))).await;
        assert_eq!(get(&app, "initech.localhost:3000", "/en").await.status, StatusCode::NOT_FOUND);
        // Taking Acme's host is refused and nothing is created.
        let r = send(&app, form(VENDOR, "/api/tenant-create", &create("initech", "initech.localhost+acme.localhost"), Some(&root))).await;
        assert!(location(&r).contains("error=host-taken"), "{}", location(&r));
        assert_eq!(get(&app, "initech.localhost:3000", "/en").await.status, StatusCode::NOT_FOUND);
        let r = send(&app, form(VENDOR, "/api/tenant-create", &create("initech", "initech.localhost"), Some(&root))).await;
        assert_eq!(location(&r), "/en/admin/tenants?done=initech");
        assert!(get_with_cookie(&app, VENDOR, "/en/admin/tenants", &root).await.body.contains("initech.localhost"));
        let home = get(&app, "initech.localhost:3000", "/en").await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(home.body.contains("Initech"));
        // The first administrator's invitation leads to the new host and works there only.
        let (body,): (String,) =
            atrium_core::sqlx::query_as("SELECT text_body FROM mail_outbox WHERE recipient = 'peter@initech.example'").fetch_one(&state.pool).await.unwrap();
        assert!(body.contains("http://initech.localhost:3000/en/account/link?token="), "{body}");
        let token = link_in_mail(&state, "peter@initech.example").await;
        assert!(get(&app, ACME, &format!("/en/account/link?token={token}")).await.body.contains("not valid on this help centre"));
        let r = send(&app, form("initech.localhost:3000", "/api/account-link", &set_password(&token, NEW_PASSWORD, NEW_PASSWORD), None)).await;
        assert_eq!(location(&r), "/en/sign-in?notice=password-set");
        let peter = signed_in_with(&app, "initech.localhost:3000", "peter@initech.example", NEW_PASSWORD).await;
        assert_eq!(get_with_cookie(&app, "initech.localhost:3000", "/en/admin/accounts", &peter).await.status, StatusCode::OK);
    })
}

#[test]
fn an_access_group_is_renamed_or_removed_for_everyone_at_once_within_the_tenant() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let grace = signed_in(&app, GLOBEX, "grace@globex.example").await;
        let article = "/en/compensation/payroll-export";
        assert_eq!(get_with_cookie(&app, ACME, article, &ada).await.status, StatusCode::OK);
        // The single sign-on mapping that grants the group is renamed with it.
        let mapping = atrium_core::sso::ClaimMapping { group_access: vec![("hr-payroll".into(), "payroll-admins".into())], ..Default::default() };
        let oidc = atrium_core::sso::OidcSettings {
            issuer: "https://login.acme.example".into(),
            client_id: "atrium".into(),
            client_secret: "s".into(),
            scopes: vec!["openid".into()],
            allowed_algs: vec!["RS256".into()],
            mapping,
        };
        atrium_core::sso::save_provider(&state.pool, "acme", "Acme Okta", &atrium_core::sso::ProviderSettings::Oidc(oidc), atrium_core::db::now())
            .await
            .unwrap();
        let post = |host: &'static str, body: String, cookie: String| {
            let app = app.clone();
            async move { send(&app, form(host, "/api/access-group", &body, Some(&cookie))).await }
        };

        // A customer cannot, a bad name is refused, and nothing changes.
        post(ACME, "locale=en&group=payroll-admins&action=delete".into(), ada.clone()).await;
        let r = post(ACME, "locale=en&group=payroll-admins&action=rename&new_name=Payroll+Team!".into(), admin.clone()).await;
        assert!(location(&r).contains("error=bad-group"), "{}", location(&r));
        assert_eq!(get_with_cookie(&app, ACME, article, &ada).await.status, StatusCode::OK);

        let r = post(ACME, "locale=en&group=payroll-admins&action=rename&new_name=payroll-team".into(), admin.clone()).await;
        assert!(location(&r).contains("done=group-rename"), "{}", location(&r));
        let page = get_with_cookie(&app, ACME, &location(&r), &admin).await.body;
        assert!(page.contains("The group is renamed on every account.") && page.contains(r#"data-group="payroll-team""#));
        // The article still names payroll-admins: Ada's open session no longer reads it.
        assert_eq!(get_with_cookie(&app, ACME, article, &ada).await.status, StatusCode::NOT_FOUND);
        let providers = atrium_core::sso::providers(&state.pool, "acme").await.unwrap();
        assert_eq!(providers[0].mapping().group_access, vec![("hr-payroll".to_string(), "payroll-team".to_string())]);
        // Globex's group of the same name is Globex's.
        assert_eq!(get_with_cookie(&app, GLOBEX, article, &grace).await.status, StatusCode::OK);

        let r = post(ACME, "locale=en&group=payroll-team&action=delete".into(), admin.clone()).await;
        assert!(location(&r).contains("done=group-delete"));
        assert!(!get_with_cookie(&app, ACME, "/en/admin/accounts", &admin).await.body.contains("payroll-team"));
        assert!(atrium_core::sso::providers(&state.pool, "acme").await.unwrap()[0].mapping().group_access.is_empty());
        assert_eq!(get_with_cookie(&app, GLOBEX, article, &grace).await.status, StatusCode::OK);
    })
}

/// Sessions and lock-outs follow the help centre's clock, the one tests move: two idle hours end
/// a session, and a lock-out ends when its minutes have passed.
#[test]
fn sessions_and_lockouts_follow_the_clock() {
    on_shared_runtime(async {
        let clock = ManualClock::at(1_795_424_400);
        let moved = clock.clone();
        let (app, _) = app_with(move |s| s.configure().clock = std::sync::Arc::new(moved)).await;
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        assert!(get_with_cookie(&app, ACME, "/en/activities", &ada).await.body.contains("Ada Lovelace"));
        clock.advance(3 * 3600);
        let page = get_with_cookie(&app, ACME, "/en/activities", &ada).await;
        assert!(!page.body.contains("Ada Lovelace"), "three idle hours end the session");

        let wrong = sign_in_form("bob@acme.example", "Wrong-password-1!", "/en");
        for _ in 0..5 {
            send(&app, form(ACME, "/api/sign-in", &wrong, None)).await;
        }
        let right = sign_in_form("bob@acme.example", DEMO_PASSWORD, "/en");
        let locked = send(&app, form(ACME, "/api/sign-in", &right, None)).await;
        assert!(!locked.headers.contains_key(header::SET_COOKIE), "five wrong passwords lock the address");
        clock.advance(16 * 60);
        let after = send(&app, form(ACME, "/api/sign-in", &right, None)).await;
        assert!(after.headers.contains_key(header::SET_COOKIE), "the lock-out ends after its 15 minutes: {}", location(&after));
    })
}
