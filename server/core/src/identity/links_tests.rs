use super::*;
use crate::db;
use crate::identity::{invite, password_change_due, seed_demo_users, sign_in, IdentitySettings, NewAccount, Role, SignInError, SignInPolicy, DEMO_PASSWORD};

async fn setup() -> Pool {
    let pool = db::connect_for_test().await;
    crate::tenant::seed_demo(&pool).await.unwrap();
    seed_demo_users(&pool).await.unwrap();
    pool
}

async fn reset_token(pool: &Pool, tenant: &str, email: &str, now: i64) -> Option<String> {
    let mut conn = pool.acquire().await.unwrap();
    reset_link_for(&mut conn, tenant, email, now).await.unwrap().map(|(_, t)| t)
}

const NEW: &str = "Tulip-harbour-Quartz-77";

#[tokio::test]
async fn a_reset_link_works_once_on_its_own_tenant_and_lifts_the_lockout() {
    let pool = setup().await;
    let now = db::now();
    let p = SignInPolicy { max_failures: 3, lock_secs: 600 };
    for _ in 0..3 {
        let _ = sign_in(&pool, "acme", "ada@acme.example", "bad", p, crate::db::now()).await;
    }
    assert!(matches!(sign_in(&pool, "acme", "ada@acme.example", DEMO_PASSWORD, p, crate::db::now()).await, Err(SignInError::Locked { .. })));
    let token = reset_token(&pool, "acme", "ADA@acme.example", now).await.unwrap();
    // The link is Acme's: Globex's host does not know it.
    assert_eq!(open_link(&pool, "globex", &token, now).await.unwrap(), Err(LinkError::Unknown));
    assert!(matches!(use_link(&pool, "globex", &token, Some(NEW), &PasswordPolicy::default(), now).await, Err(SetPasswordError::Link(LinkError::Unknown))));
    // A weak password is refused and the link stays usable.
    assert!(matches!(use_link(&pool, "acme", &token, Some("weak"), &PasswordPolicy::default(), now).await, Err(SetPasswordError::Policy(_))));
    let holder = use_link(&pool, "acme", &token, Some(NEW), &PasswordPolicy::default(), now).await.unwrap();
    assert_eq!(holder.email, "ada@acme.example");
    assert!(sign_in(&pool, "acme", "ada@acme.example", NEW, p, crate::db::now()).await.is_ok(), "new password works, lock lifted");
    assert!(matches!(
        use_link(&pool, "acme", &token, Some("Another-Quartz-harbour-88"), &PasswordPolicy::default(), now).await,
        Err(SetPasswordError::Link(LinkError::Used))
    ));
}

#[tokio::test]
async fn reset_links_expire_are_replaced_and_are_rate_limited() {
    let pool = setup().await;
    let now = db::now();
    let first = reset_token(&pool, "acme", "bob@acme.example", now).await.unwrap();
    let second = reset_token(&pool, "acme", "bob@acme.example", now).await.unwrap();
    assert_eq!(open_link(&pool, "acme", &first, now).await.unwrap(), Err(LinkError::Used), "a newer link replaces the older");
    assert!(open_link(&pool, "acme", &second, now).await.unwrap().is_ok());
    assert_eq!(open_link(&pool, "acme", &second, now + 3600).await.unwrap(), Err(LinkError::Expired));
    assert!(reset_token(&pool, "acme", "bob@acme.example", now).await.is_some());
    assert!(reset_token(&pool, "acme", "bob@acme.example", now).await.is_none(), "three an hour at most");
    assert!(reset_token(&pool, "acme", "nobody@acme.example", now).await.is_none());
    assert_eq!(open_link(&pool, "acme", "zz", now).await.unwrap(), Err(LinkError::Unknown));
}

#[tokio::test]
async fn an_invited_account_is_inactive_until_its_address_is_confirmed() {
    let pool = setup().await;
    let now = db::now();
    let settings = IdentitySettings::default();
    let mut conn = pool.acquire().await.unwrap();
    let account = NewAccount {
        email: "Carol@Acme.example".into(),
        display_name: "Carol".into(),
        role: Role::CustomerUser,
        groups: vec!["payroll-admins".into()],
        valid_until: None,
        temporary_password: Some("Temporary-Quartz-42".into()),
    };
    let (carol, token) = invite(&mut conn, "acme", &account, account.hashed_password().await.as_deref(), &settings, now).await.unwrap();
    assert!(matches!(
        invite(&mut conn, "acme", &account, account.hashed_password().await.as_deref(), &settings, now).await,
        Err(crate::identity::AccountError::Duplicate)
    ));
    drop(conn);
    let p = SignInPolicy::default();
    assert_eq!(sign_in(&pool, "acme", "carol@acme.example", "Temporary-Quartz-42", p, crate::db::now()).await.unwrap_err(), SignInError::NotVerified);
    // Nobody can reset an unconfirmed account's password.
    assert!(reset_token(&pool, "acme", "carol@acme.example", now).await.is_none());
    // The invitation with a temporary password only confirms the address, whatever is posted.
    use_link(&pool, "acme", &token, Some("Ignored-Quartz-99"), &settings.password, now).await.unwrap();
    assert!(sign_in(&pool, "acme", "carol@acme.example", "Temporary-Quartz-42", p, crate::db::now()).await.is_ok());
    assert_eq!(password_change_due(&pool, "acme", &carol, &settings, now).await.unwrap(), Some(crate::identity::ChangeReason::FirstSignIn));
    // A renewal link then sets her own password and the forced change is over.
    let renew = issue_link(&mut pool.acquire().await.unwrap(), "acme", &carol, LinkPurpose::Renewal, now).await.unwrap();
    use_link(&pool, "acme", &renew, Some(NEW), &settings.password, now).await.unwrap();
    assert_eq!(password_change_due(&pool, "acme", &carol, &settings, now).await.unwrap(), None);
    let expiring = IdentitySettings { expiry_days: 30, ..settings };
    assert_eq!(password_change_due(&pool, "acme", &carol, &expiring, now + 31 * 86400).await.unwrap(), Some(crate::identity::ChangeReason::Expired));
}

#[tokio::test]
async fn an_account_past_its_validity_end_date_cannot_sign_in_and_loses_its_sessions() {
    let pool = setup().await;
    let ada = sign_in(&pool, "acme", "ada@acme.example", DEMO_PASSWORD, SignInPolicy::default(), crate::db::now()).await.unwrap();
    let session = crate::identity::start_session(&pool, "acme", &ada.id, crate::db::now()).await.unwrap();
    crate::identity::update_account(&pool, "acme", &ada.id, Role::CustomerUser, &[], Some(db::now() - 1)).await.unwrap();
    assert_eq!(
        sign_in(&pool, "acme", "ada@acme.example", DEMO_PASSWORD, SignInPolicy::default(), crate::db::now()).await.unwrap_err(),
        SignInError::AccountExpired
    );
    assert!(crate::identity::load_session(&pool, "acme", &session, Default::default(), crate::db::now()).await.unwrap().is_none());
    // Wrong password: the same answer as for anyone, the end date is not revealed.
    assert_eq!(sign_in(&pool, "acme", "ada@acme.example", "wrong", SignInPolicy::default(), crate::db::now()).await.unwrap_err(), SignInError::Invalid);
    // Another tenant cannot change Ada's account.
    assert!(crate::identity::update_account(&pool, "globex", &ada.id, Role::CustomerAdmin, &[], None).await.is_err());
}
