//! The errors a page or server function can end in, each with the HTTP status it maps to.
//! Details of internal failures are logged on the server, never shown.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    SignInRequired,
    #[error("not allowed")]
    Forbidden,
    #[error("invalid input: {0}")]
    BadRequest(String),
    #[error("internal error")]
    Internal,
    /// The database cannot store anything for now (disk full, read-only); reading still works.
    #[error("storage unavailable")]
    Unavailable,
    #[error("request failed: {0}")]
    ServerFn(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::SignInRequired => 401,
            AppError::Forbidden => 403,
            AppError::BadRequest(_) => 400,
            AppError::Internal | AppError::ServerFn(_) => 500,
            AppError::Unavailable => 503,
        }
    }

    /// Logs the real cause and returns the opaque error shown to users.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        if atrium_core::db::refuses_writes(&cause) {
            tracing::error!(%cause, "storage refuses writes");
            return AppError::Unavailable;
        }
        tracing::error!(%cause, "internal error");
        AppError::Internal
    }
}

/// Failures of the core that no page turns into a message of its own: logged, and shown as the
/// opaque internal error (or "unavailable" while the database refuses writes).
#[cfg(feature = "ssr")]
macro_rules! internal_from {
    ($($failure:ty),*) => {
        $(impl From<$failure> for AppError {
            fn from(e: $failure) -> Self {
                AppError::internal(e)
            }
        })*
    };
}

#[cfg(feature = "ssr")]
internal_from!(
    atrium_core::sqlx::Error,
    atrium_core::tenant::TenantError,
    atrium_core::identity::AccountError,
    atrium_core::search::SearchError,
    atrium_core::survey::SurveyError
);

/// A ticket refusal the page did not turn into a message of its own.
#[cfg(feature = "ssr")]
impl From<atrium_core::ticket::TicketError> for AppError {
    fn from(e: atrium_core::ticket::TicketError) -> Self {
        use atrium_core::ticket::TicketError;
        match e {
            TicketError::NotFound => AppError::NotFound,
            TicketError::Forbidden => AppError::Forbidden,
            TicketError::Db(cause) => AppError::internal(cause),
            other => AppError::BadRequest(other.to_string()),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) => AppError::BadRequest(m),
            other => AppError::ServerFn(other.to_string()),
        }
    }
}
