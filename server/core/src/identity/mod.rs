//! Who is reading: local accounts, access groups and server-side sessions. Every function takes
//! the tenant id and every query filters on it.

mod password;
mod policy;
mod session;
mod user;

pub use password::{hash_password, verify_password};
pub use policy::{change_password, ChangePasswordError, PasswordPolicy, Violation};
pub use session::{end_all_sessions, end_session, load_session, start_session, SessionPolicy};
pub use user::{agents, create_user, load_user, seed_demo_users, sign_in, Role, SignInError, SignInPolicy, User, DEMO_PASSWORD};
