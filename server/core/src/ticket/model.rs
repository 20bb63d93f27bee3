//! What a ticket is made of, in the service document's own terms (§2.5–2.6).

use crate::sla::Severity;
use serde::{Deserialize, Serialize};

/// The service document's statuses (§2.5.1), in workflow order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    New,
    Open,
    Pending,
    OnHold,
    AwaitingDelivery,
    AwaitingApproval,
    Validated,
    Closed,
}

/// Whose move it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Owner {
    Vendor,
    Customer,
    Nobody,
}

impl Status {
    pub const ALL: [Status; 8] =
        [Status::New, Status::Open, Status::Pending, Status::OnHold, Status::AwaitingDelivery, Status::AwaitingApproval, Status::Validated, Status::Closed];

    pub fn key(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Open => "open",
            Status::Pending => "pending",
            Status::OnHold => "on-hold",
            Status::AwaitingDelivery => "awaiting-delivery",
            Status::AwaitingApproval => "awaiting-approval",
            Status::Validated => "validated",
            Status::Closed => "closed",
        }
    }

    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn owner(self) -> Owner {
        match self {
            Status::New | Status::Open | Status::OnHold | Status::AwaitingDelivery => Owner::Vendor,
            Status::Pending | Status::AwaitingApproval | Status::Validated => Owner::Customer,
            Status::Closed => Owner::Nobody,
        }
    }

    /// The SLA clock does not run while the customer has the ball (§2.6.2).
    pub fn pauses_sla(self) -> bool {
        matches!(self, Status::Pending | Status::AwaitingApproval)
    }

    /// The solution was accepted or the ticket closed: the SLA clock has stopped for good.
    pub fn stops_sla(self) -> bool {
        matches!(self, Status::Validated | Status::Closed)
    }

    /// Waiting on the customer, so reminders and auto-close apply.
    pub fn waits_on_customer(self) -> bool {
        self.pauses_sla()
    }
}

/// The request types the service document asks for (§2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Anomaly,
    ConfigurationRequest,
    Question,
    ServiceRequest,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Anomaly, Kind::ConfigurationRequest, Kind::Question, Kind::ServiceRequest];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Anomaly => "anomaly",
            Kind::ConfigurationRequest => "configuration",
            Kind::Question => "question",
            Kind::ServiceRequest => "service",
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// Impact of an incident (the cloud provider's support policy): asked for anomalies only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Impact {
    NoImpact,
    Degradation,
    ServiceDisruption,
}

impl Impact {
    pub const ALL: [Impact; 3] = [Impact::NoImpact, Impact::Degradation, Impact::ServiceDisruption];

    pub fn key(self) -> &'static str {
        match self {
            Impact::NoImpact => "none",
            Impact::Degradation => "degradation",
            Impact::ServiceDisruption => "disruption",
        }
    }

    pub fn from_key(key: &str) -> Option<Impact> {
        Impact::ALL.into_iter().find(|i| i.key() == key)
    }
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Blocking, Severity::Major, Severity::Minor];

    pub fn key(self) -> &'static str {
        match self {
            Severity::Blocking => "blocking",
            Severity::Major => "major",
            Severity::Minor => "minor",
        }
    }

    pub fn from_key(key: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// The support levels of the service document (§3.1): who works the ticket now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    CustomerCare = 1,
    TechnicalSupport = 2,
    Development = 3,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::CustomerCare, Level::TechnicalSupport, Level::Development];

    pub fn number(self) -> i64 {
        self as i64
    }

    pub fn from_number(n: i64) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.number() == n)
    }
}

/// A stored ticket, as every page and job reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: String,
    pub tenant_id: String,
    pub number: i64,
    pub requester_id: String,
    pub requester_name: String,
    pub requester_email: String,
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    pub kind: Kind,
    pub severity: Severity,
    pub impact: Option<Impact>,
    pub status: Status,
    pub subject: String,
    pub description: String,
    pub module: String,
    pub article_path: Option<String>,
    pub locale: String,
    pub action_path: String,
    /// Scheme and host the ticket was filed on; links in mails lead there.
    pub origin: String,
    pub incident_at: Option<i64>,
    pub extra: Vec<(String, String)>,
    pub created_at: i64,
    pub updated_at: i64,
    pub status_since: i64,
    pub sla: SlaState,
    pub reminders_sent: i64,
    pub escalated_at: Option<i64>,
    pub escalation_due: Option<i64>,
    /// When a Customer Success manager recorded the call the escalation asked for.
    pub escalation_called_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// The closed ticket this one follows, filed once that one could no longer be reopened.
    pub follows_number: Option<i64>,
    /// The support level responsible now.
    pub level: Level,
    /// Ids of the people in copy: the customer's colleagues and agents following the ticket.
    pub copied: Vec<String>,
}

/// The stored SLA clock of a ticket; see [`crate::ticket::sla_figures`] for what it means now.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SlaState {
    pub target_secs: i64,
    pub spent_secs: i64,
    pub running_since: Option<i64>,
    pub stopped_at: Option<i64>,
    pub alerted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    Created,
    Status,
    Comment,
    Assigned,
    Attachment,
    Reminder,
    SlaAlert,
    Escalated,
    EscalationCall,
    Reclassified,
    HandedOver,
    Copied,
}

impl EventKind {
    pub fn key(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Status => "status",
            EventKind::Comment => "comment",
            EventKind::Assigned => "assigned",
            EventKind::Attachment => "attachment",
            EventKind::Reminder => "reminder",
            EventKind::SlaAlert => "sla-alert",
            EventKind::Escalated => "escalated",
            EventKind::EscalationCall => "escalation-call",
            EventKind::Reclassified => "reclassified",
            EventKind::HandedOver => "handed-over",
            EventKind::Copied => "copied",
        }
    }

    pub fn from_key(key: &str) -> Option<EventKind> {
        [
            EventKind::Created,
            EventKind::Status,
            EventKind::Comment,
            EventKind::Assigned,
            EventKind::Attachment,
            EventKind::Reminder,
            EventKind::SlaAlert,
            EventKind::Escalated,
            EventKind::EscalationCall,
            EventKind::Reclassified,
            EventKind::HandedOver,
            EventKind::Copied,
        ]
        .into_iter()
        .find(|k| k.key() == key)
    }
}

/// One line of a ticket's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketEvent {
    pub id: String,
    pub author_name: Option<String>,
    pub author_is_agent: bool,
    pub at: i64,
    pub kind: EventKind,
    pub from_status: Option<Status>,
    pub to_status: Option<Status>,
    pub body: Option<String>,
    pub internal: bool,
    pub attachments: Vec<AttachmentInfo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    pub id: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    /// The file was removed after the retention period; its name stays in the history.
    pub removed: bool,
}
