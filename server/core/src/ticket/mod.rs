//! Support tickets: filing, the status workflow, the SLA clock, history, reminders and
//! auto-close (service document §2.5–2.6).

mod actions;
pub mod attachment;
mod by_mail;
mod canned;
mod copies;
mod demo;
mod desk_actions;
mod desk_mail;
pub mod documents;
mod form;
mod jobs;
mod model;
mod store;
mod tenant_sla;
mod tiers;
pub mod workflow;

pub use actions::*;
pub use by_mail::{read_support_mailbox, receive_mail, receive_relayed, MailOutcome, SupportAddress};
pub use canned::{canned_replies, delete_canned_reply, fill, save_canned_reply, CannedReply, PLACEHOLDERS};
pub use copies::{add_copy, follow, in_copy, remove_copy, InCopy};
pub use demo::seed_demo_desk;
pub use desk_actions::{may_reopen, reclassify, record_call, reopen};
pub use desk_mail::{agent_choices, set_agent_choices, waiting_for, AgentChoices, DeskNews};
pub use form::*;
pub use jobs::*;
pub use model::*;
pub use store::*;
pub(crate) use store::{TicketRow, SELECT_TICKET};
pub use tenant_sla::*;
pub use tiers::{hand_over, handover_body};
pub use workflow::{may_change, sla_figures, Actor, SlaFigures};

pub use crate::form::FieldError;
use crate::{
    identity::{Role, User},
    sla::{Severity, WorkingCalendar},
};

/// The rules a deployment may tune; the defaults are the service document's.
#[derive(Debug, Clone)]
pub struct TicketSettings {
    pub calendar: WorkingCalendar,
    /// Working-hours targets for Blocking, Major and Minor.
    pub targets_hours: [i64; 3],
    /// Days in Pending / Awaiting Approval after which each reminder goes out.
    pub reminder_days: Vec<i64>,
    /// Days in Pending / Awaiting Approval after which the ticket closes by itself.
    pub auto_close_days: i64,
    /// Days after closing during which the customer may reopen a ticket; later, a new request
    /// names the one it follows.
    pub reopen_days: i64,
    /// Working days promised to configuration requests, questions and service requests (quotes
    /// for Advanced Services), which have no severity-based target; a module's form may differ.
    pub turnaround_days: [i64; 3],
    /// Share of the SLA target at which agents get the preventive alert.
    pub alert_percent: i64,
    /// Where SLA alerts go.
    pub agents_email: String,
    /// A Customer Success manager answers an escalation within this many working days.
    pub escalation_working_days: i64,
    /// How long a satisfaction survey link stays valid.
    pub survey_valid_days: i64,
    /// Where files attached to tickets are kept.
    pub files: crate::files::FileStore,
    /// Largest file attached to a ticket or comment.
    pub attachment_max_bytes: usize,
    /// The deployment's public address, from which the links in agents' mails start.
    pub public_url: crate::tenant::PublicUrl,
}

impl Default for TicketSettings {
    fn default() -> Self {
        TicketSettings {
            calendar: WorkingCalendar::default(),
            targets_hours: [15, 50, 100],
            // The support policy's "up to 7 working days"; §3.6.1's quote within 15 business days.
            turnaround_days: [7, 7, 15],
            reminder_days: vec![14, 21],
            auto_close_days: 28,
            reopen_days: 14,
            alert_percent: 80,
            agents_email: "support@atrium.example".into(),
            escalation_working_days: 5,
            survey_valid_days: 30,
            files: crate::files::FileStore::Database,
            attachment_max_bytes: documents::DEFAULT_MAX_BYTES,
            public_url: crate::tenant::PublicUrl::default(),
        }
    }
}

impl TicketSettings {
    pub fn target_secs(&self, severity: Severity) -> i64 {
        let i = Severity::ALL.iter().position(|s| *s == severity).unwrap_or(0);
        self.targets_hours[i] * 3600
    }

    /// The working seconds a request has: an anomaly's SLA by severity, or the turnaround of
    /// another kind of request (`form_days`, the module form's own, else the deployment's).
    pub fn target_for(&self, kind: Kind, severity: Severity, form_days: Option<i64>) -> i64 {
        let days = match kind {
            Kind::Anomaly => return self.target_secs(severity),
            Kind::ConfigurationRequest => self.turnaround_days[0],
            Kind::Question => self.turnaround_days[1],
            Kind::ServiceRequest => self.turnaround_days[2],
        };
        let working_day = (self.calendar.closes - self.calendar.opens).num_seconds();
        form_days.unwrap_or(days) * working_day
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TicketError {
    #[error("no such ticket")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error("a ticket cannot go from {from:?} to {to:?} this way")]
    NotAllowed { from: Status, to: Status },
    #[error("the ticket was changed meanwhile")]
    Conflict,
    #[error("the ticket is closed")]
    Closed,
    #[error("the ticket was closed too long ago to be reopened")]
    ReopenExpired,
    #[error("invalid form")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Support staff see and work every ticket of their tenant.
pub fn is_agent(user: &User) -> bool {
    matches!(user.role, Role::SupportAgent | Role::SuperAdmin)
}

/// The vendor's support staff work the tickets of every customer tenant.
pub fn works_across_tenants(user: &User) -> bool {
    user.vendor_staff && is_agent(user)
}

/// Whether `user` may read `ticket`: its requester, a colleague in copy, a customer administrator
/// or an agent of the same tenant, or the vendor's support staff. The tenant itself is already
/// part of every query.
pub fn can_see(user: &User, ticket: &Ticket) -> bool {
    works_across_tenants(user)
        || (user.tenant_id == ticket.tenant_id
            && (is_agent(user) || user.role == Role::CustomerAdmin || user.id == ticket.requester_id || ticket.copied.contains(&user.id)))
}

#[cfg(test)]
mod by_mail_tests;
#[cfg(test)]
mod desk_actions_tests;
#[cfg(test)]
mod desk_mail_tests;
#[cfg(test)]
mod tests;
