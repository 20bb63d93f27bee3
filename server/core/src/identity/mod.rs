//! Who is reading: local accounts, access groups and server-side sessions. Every function takes
//! the tenant id and every query filters on it.

mod accounts;
mod links;
mod password;
mod policy;
mod session;
mod settings;
mod user;

pub use accounts::{invitation_mail, invite, list_accounts, parse_groups, reset_mail, update_account, valid_email, AccountError, AccountSummary, NewAccount};
pub use links::{issue_link, open_link, reset_link_for, use_link, LinkError, LinkHolder, LinkPurpose, SetPasswordError};
pub use password::{configure_hashing, HashCost};
pub use policy::{change_password, check as check_password, ChangePasswordError, PasswordPolicy, Violation};
pub use session::{end_all_sessions, end_session, load_session, load_session_for_tenant, start_session, SessionPolicy};
pub use settings::{load_settings, save_settings, IdentitySettings, SettingOutOfRange};
pub use user::{
    agents, create_user, load_user, normalise_email, password_change_due, seed_demo_users, sign_in, ChangeReason, Role, SignInError, SignInPolicy, User,
    DEMO_PASSWORD,
};
