//! The application audit log (service document §9.1.1): what users did, kept one year. It holds
//! ids, never passwords or message text.

use crate::db;

/// What happened. The key is what the log stores and exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    SignedIn,
    SignedOut,
    PasswordChanged,
    AccountInvited,
    AccountChanged,
    TicketFiled,
    TenantExported,
    ArticlePublished,
    ArticleRestored,
    ImageRemoved,
}

impl Action {
    pub fn key(self) -> &'static str {
        match self {
            Action::SignedIn => "signed-in",
            Action::SignedOut => "signed-out",
            Action::PasswordChanged => "password-changed",
            Action::AccountInvited => "account-invited",
            Action::AccountChanged => "account-changed",
            Action::TicketFiled => "ticket-filed",
            Action::TenantExported => "tenant-exported",
            Action::ArticlePublished => "article-published",
            Action::ArticleRestored => "article-restored",
            Action::ImageRemoved => "image-removed",
        }
    }
}

/// Writes one entry. `actor` is the user who acted (None for operators' commands), `subject`
/// what they acted on (a user or ticket id).
pub async fn record<'e, E>(executor: E, tenant_id: &str, actor: Option<&str>, action: Action, subject: Option<&str>, at: i64) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("INSERT INTO audit_log (id, tenant_id, actor_id, action, subject, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(db::new_id())
        .bind(tenant_id)
        .bind(actor)
        .bind(action.key())
        .bind(subject)
        .bind(at)
        .execute(executor)
        .await?;
    Ok(())
}
