//! View models of the ticket pages. Status, severity, kind and owner travel as keys the pages
//! turn into words in the reader's language; times arrive formatted in the support calendar's
//! time zone.

use serde::{Deserialize, Serialize};

/// What the reader typed in the ticket form (the same names as the core's form, so a stored
/// draft reads straight back into it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketFormValues {
    pub kind: String,
    pub severity: String,
    pub impact: String,
    pub subject: String,
    pub description: String,
    pub module: String,
    pub article_path: String,
    pub action_path: String,
    pub incident_at: String,
    pub extra: Vec<(String, String)>,
    pub form_session: String,
    #[serde(default)]
    pub language: String,
    /// The closed ticket this request follows (its number), when filed from that ticket.
    #[serde(default)]
    pub follows: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub problem: String,
    #[serde(default)]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueField {
    pub key: String,
    pub label: String,
    pub required: bool,
}

/// One product module of the request catalogue, with its form's extra fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueModule {
    pub folder: String,
    pub title: String,
    pub description: String,
    pub fields: Vec<CatalogueField>,
    /// Lower-case words the catalogue search matches: product, module, form title,
    /// description, field labels and their synonyms, in the reader's language and English.
    pub keywords: String,
}

impl CatalogueModule {
    /// Whether every word of what the reader typed is found in this form's keywords.
    pub fn matches(&self, query: &str) -> bool {
        let query = query.to_lowercase();
        query.split_whitespace().all(|word| self.keywords.contains(word))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketFormView {
    pub signed_in: bool,
    /// Largest attachment, in megabytes, said next to the field.
    pub attachment_max_mb: usize,
    pub modules: Vec<CatalogueModule>,
    pub values: TicketFormValues,
    pub errors: Vec<FieldProblem>,
    /// The article the form was opened from, shown as context.
    pub article_title: Option<String>,
}

/// A row of My Activities or of the agents' queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketRowView {
    pub number: i64,
    /// `?tenant=<id>` for the vendor's support staff, who work every tenant; empty otherwise.
    pub tenant_query: String,
    pub tenant_name: String,
    pub subject: String,
    pub status: String,
    pub owner: String,
    pub severity: String,
    pub module_title: String,
    pub requester: String,
    pub assignee: Option<String>,
    pub updated: String,
    pub sla: SlaView,
    pub escalation_due: Option<String>,
    /// The support level responsible now: 1, 2 or 3.
    pub level: i64,
}

/// The SLA clock as people read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlaView {
    /// running | paused | stopped
    pub state: String,
    pub due: Option<String>,
    pub left: String,
    pub spent: String,
    pub target: String,
    pub percent: i64,
    pub breached: bool,
    /// Past the preventive-alert share of the target.
    pub at_risk: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketEventView {
    pub author: Option<String>,
    pub by_agent: bool,
    pub at: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub body: Option<String>,
    pub internal: bool,
    /// (link, file name); no link once the file was removed after the retention period.
    /// (address, unless removed; name; whether it is a checked image shown in the page).
    pub files: Vec<(Option<String>, String, bool)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketView {
    pub row: TicketRowView,
    pub attachment_max_mb: usize,
    pub kind: String,
    /// The module's folder (the row carries its title).
    pub module: String,
    pub impact: Option<String>,
    pub description: String,
    pub action_path: String,
    pub article: Option<(String, String)>,
    pub incident_at: Option<String>,
    pub extra: Vec<(String, String)>,
    pub created: String,
    pub history: Vec<TicketEventView>,
    pub viewer_is_agent: bool,
    /// Statuses the viewer may move the ticket to by hand.
    pub next_statuses: Vec<String>,
    pub can_accept: bool,
    pub can_close: bool,
    pub can_escalate: bool,
    pub can_comment: bool,
    /// The customer may reopen the closed ticket until this date.
    pub reopen_until: Option<String>,
    /// Past the reopen window: the form for a new request that follows this one.
    pub follow_up: Option<String>,
    /// The closed ticket this one follows: (number, address).
    pub follows: Option<(i64, String)>,
    /// The escalation's call is awaited and the viewer may record it.
    pub can_record_call: bool,
    /// When the escalation's call was recorded.
    pub escalation_called: Option<String>,
    /// (folder, title) of the modules an agent may reclassify the ticket to.
    pub modules: Vec<(String, String)>,
    /// People in copy: (id, name, whether an agent follows, whether the viewer may remove them).
    pub in_copy: Vec<(String, String, bool, bool)>,
    /// For agents: whether they follow the ticket.
    pub following: Option<bool>,
    /// (id, title) of the desk's canned replies one may insert into the reply.
    pub canned: Vec<(String, String)>,
    /// (id, name) of the agents one can assign to.
    pub agents: Vec<(String, String)>,
    /// A comment refused, as typed, with its problems.
    pub draft_body: String,
    pub draft_errors: Vec<FieldProblem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivitiesView {
    pub tickets: Vec<TicketRowView>,
    /// A customer administrator sees the whole company's tickets.
    pub whole_tenant: bool,
    /// Closed tickets whose satisfaction survey waits for the reader: (number, survey page).
    pub surveys: Vec<(i64, String)>,
    /// How many tickets there are in all, over every page.
    pub total: i64,
    /// The link to the next page, if there is one.
    pub next: Option<String>,
    /// Whether this page follows another (a link back to the first is shown).
    pub later_page: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct QueueFilterView {
    pub tenant: String,
    /// Words looked for in the tickets' text.
    #[serde(default)]
    pub text: String,
    pub status: String,
    pub severity: String,
    pub module: String,
    pub assignee: String,
    pub escalated: bool,
    /// One support level's queue: "1", "2" or "3".
    #[serde(default)]
    pub level: String,
    /// Which page of the matching tickets, from 0.
    pub page: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueView {
    pub tickets: Vec<TicketRowView>,
    pub filter: QueueFilterView,
    pub modules: Vec<(String, String)>,
    pub agents: Vec<(String, String)>,
    /// Customer tenants (id, name), for the vendor's support staff; empty for a tenant's own agents.
    pub tenants: Vec<(String, String)>,
    pub open: i64,
    pub breached: i64,
    pub at_risk: i64,
    pub due_today: i64,
    pub escalations: i64,
    /// (level, open tickets at that level).
    pub by_level: Vec<(i64, i64)>,
    /// Open tickets per status key, for the dashboard's bar chart.
    pub by_status: Vec<(String, i64)>,
    /// How many tickets match the filter, over every page.
    pub matching: i64,
    /// Links to the previous and next pages, keeping the filter.
    pub previous_page: Option<String>,
    pub next_page: Option<String>,
}

/// One of the desk's canned replies, or the one being written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CannedReplyView {
    /// Empty for a new reply.
    pub id: String,
    /// "1", "2" or "3"; empty for every level.
    pub level: String,
    pub title: String,
    pub body: String,
}

/// The canned replies page: the desk's replies and the form (a reply to edit, or a refused one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CannedRepliesView {
    pub replies: Vec<CannedReplyView>,
    pub form: CannedReplyView,
    pub errors: Vec<FieldProblem>,
    /// The names a reply may use between `{{` and `}}`.
    pub placeholders: Vec<String>,
}

/// Which mails an agent receives, for their settings page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentChoicesView {
    pub new_ticket: bool,
    pub customer_reply: bool,
    pub escalation: bool,
    pub at_risk: bool,
    /// The language their mails are written in.
    pub language: String,
}
