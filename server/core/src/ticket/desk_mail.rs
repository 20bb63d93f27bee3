//! Telling the desk: which agents are mailed when a ticket needs them, as each agent chose, in
//! the agent's language, with a link that opens the ticket where that agent signs in.

use super::{is_agent, Ticket, TicketError, TicketSettings};
use crate::{db::Pool, identity::User, mail};
use serde::{Deserialize, Serialize};

/// What the desk is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskNews {
    /// A customer filed a ticket.
    NewTicket,
    /// The customer answered, or reopened the ticket by answering.
    CustomerReply,
    /// The customer asked for a Customer Success manager.
    Escalation,
    /// The SLA clock reached the alert share of its target.
    AtRisk,
}

impl DeskNews {
    pub const ALL: [DeskNews; 4] = [DeskNews::NewTicket, DeskNews::CustomerReply, DeskNews::Escalation, DeskNews::AtRisk];

    pub fn key(self) -> &'static str {
        match self {
            DeskNews::NewTicket => "new-ticket",
            DeskNews::CustomerReply => "customer-reply",
            DeskNews::Escalation => "escalation",
            DeskNews::AtRisk => "at-risk",
        }
    }
}

/// Which mails an agent receives and in which language. Everything is on until the agent says
/// otherwise: a desk that stays silent by default is the defect this exists to mend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentChoices {
    pub new_ticket: bool,
    pub customer_reply: bool,
    pub escalation: bool,
    pub at_risk: bool,
    pub locale: String,
}

impl Default for AgentChoices {
    fn default() -> Self {
        AgentChoices { new_ticket: true, customer_reply: true, escalation: true, at_risk: true, locale: crate::FALLBACK_LOCALE.into() }
    }
}

impl AgentChoices {
    pub fn wants(&self, news: DeskNews) -> bool {
        match news {
            DeskNews::NewTicket => self.new_ticket,
            DeskNews::CustomerReply => self.customer_reply,
            DeskNews::Escalation => self.escalation,
            DeskNews::AtRisk => self.at_risk,
        }
    }
}

type ChoiceRow = (Option<i64>, Option<i64>, Option<i64>, Option<i64>, Option<String>);

fn choices_from(row: ChoiceRow) -> AgentChoices {
    match row {
        (Some(n), Some(r), Some(e), Some(a), Some(locale)) => {
            AgentChoices { new_ticket: n != 0, customer_reply: r != 0, escalation: e != 0, at_risk: a != 0, locale }
        }
        _ => AgentChoices::default(),
    }
}

/// What `agent` chose; the defaults when they never chose.
pub async fn agent_choices(pool: &Pool, agent: &User) -> Result<AgentChoices, sqlx::Error> {
    let row: Option<ChoiceRow> =
        sqlx::query_as("SELECT new_ticket, customer_reply, escalation, at_risk, locale FROM agent_notifications WHERE tenant_id = $1 AND user_id = $2")
            .bind(&agent.tenant_id)
            .bind(&agent.id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(choices_from).unwrap_or_default())
}

/// Records what `agent` chose. Only agents have a desk to be told about.
pub async fn set_agent_choices(pool: &Pool, agent: &User, choices: &AgentChoices, now: i64) -> Result<(), TicketError> {
    if !is_agent(agent) {
        return Err(TicketError::Forbidden);
    }
    if !crate::LOCALES.contains(&choices.locale.as_str()) {
        return Err(TicketError::Invalid(vec![super::FieldError::new("locale", "unknown")]));
    }
    sqlx::query(
        "INSERT INTO agent_notifications (tenant_id, user_id, new_ticket, customer_reply, escalation, at_risk, locale, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, user_id) DO UPDATE SET new_ticket = $3, customer_reply = $4, \
         escalation = $5, at_risk = $6, locale = $7, updated_at = $8",
    )
    .bind(&agent.tenant_id)
    .bind(&agent.id)
    .bind(choices.new_ticket as i64)
    .bind(choices.customer_reply as i64)
    .bind(choices.escalation as i64)
    .bind(choices.at_risk as i64)
    .bind(&choices.locale)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

/// How many tickets wait for `agent` now: new or open ones nobody has taken, and their own the
/// customer handed back. The header shows it on every page an agent opens.
pub async fn waiting_for(pool: &Pool, agent: &User) -> Result<i64, sqlx::Error> {
    const WAITING: &str = "t.status IN ('new', 'open') AND (t.assignee_id IS NULL OR t.assignee_id = $1)";
    // Every statement binds exactly what it names: PostgreSQL refuses a surplus parameter.
    if super::works_across_tenants(agent) {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM tickets t WHERE t.tenant_id IN (SELECT id FROM tenants WHERE is_vendor = 0) AND {WAITING}"))
            .bind(&agent.id)
            .fetch_one(pool)
            .await
    } else {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM tickets t WHERE t.tenant_id = $2 AND {WAITING}"))
            .bind(&agent.id)
            .bind(&agent.tenant_id)
            .fetch_one(pool)
            .await
    }
}

/// An agent who may work the ticket, with what they chose.
struct DeskAgent {
    id: String,
    email: String,
    tenant_id: String,
    choices: AgentChoices,
}

/// The ticket's tenant's agents and the vendor's, whose accounts are still valid.
async fn desk_agents(conn: &mut sqlx::AnyConnection, tenant: &str, now: i64) -> Result<Vec<DeskAgent>, sqlx::Error> {
    type Row = (String, String, String, Option<i64>, Option<i64>, Option<i64>, Option<i64>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT u.id, u.email, u.tenant_id, n.new_ticket, n.customer_reply, n.escalation, n.at_risk, n.locale \
         FROM users u JOIN tenants t ON t.id = u.tenant_id \
         LEFT JOIN agent_notifications n ON n.tenant_id = u.tenant_id AND n.user_id = u.id \
         WHERE u.role IN ('support-agent', 'super-admin') AND (u.tenant_id = $1 OR t.is_vendor = 1) \
         AND (u.valid_until IS NULL OR u.valid_until > $2) ORDER BY u.email",
    )
    .bind(tenant)
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, email, tenant_id, n, r, e, a, locale)| DeskAgent { id, email, tenant_id, choices: choices_from((n, r, e, a, locale)) })
        .collect())
}

/// One mail to the desk: who, in which language, and where the link leads.
struct Recipient {
    email: String,
    locale: String,
    /// The tenant whose sign-in the link goes through.
    tenant_id: String,
}

/// Who hears of `news`: the agents who chose it (for a reply, only the assignee when there is
/// one), else the deployment's queue address so that nothing goes unseen. A ticket at risk is
/// told here to its assignee only: the SLA job tells the team's address itself. Agents following
/// the ticket (`followers`) hear of answers and risks too, as they chose.
fn recipients(news: DeskNews, assignee: Option<&str>, followers: &[String], agents: &[DeskAgent], queue: &str) -> Vec<Recipient> {
    let to = |a: &DeskAgent| Recipient { email: a.email.clone(), locale: a.choices.locale.clone(), tenant_id: a.tenant_id.clone() };
    let assignee = assignee.and_then(|id| agents.iter().find(|a| a.id == id));
    let queue = Recipient { email: queue.to_string(), locale: crate::FALLBACK_LOCALE.into(), tenant_id: String::new() };
    let mut out: Vec<Recipient> = match (news, assignee) {
        (DeskNews::CustomerReply | DeskNews::AtRisk, Some(a)) => a.choices.wants(news).then(|| to(a)).into_iter().collect(),
        (DeskNews::AtRisk, None) => vec![],
        _ => agents.iter().filter(|a| a.choices.wants(news)).map(to).collect(),
    };
    if matches!(news, DeskNews::CustomerReply | DeskNews::AtRisk) {
        for a in agents.iter().filter(|a| followers.contains(&a.id) && a.choices.wants(news)) {
            if !out.iter().any(|r| r.email == a.email) {
                out.push(to(a));
            }
        }
    }
    let someone_named = news == DeskNews::AtRisk || (news == DeskNews::CustomerReply && assignee.is_some());
    if out.is_empty() && !someone_named {
        out.push(queue);
    }
    out
}

/// What the mail says beyond its kind: who did it, and their words.
pub(super) struct DeskText<'a> {
    pub author: &'a str,
    pub words: Option<&'a str>,
    /// For a ticket at risk: the SLA share reached, when the target falls, and the sentence
    /// that says whether it is near or past.
    pub percent: i64,
    pub due: String,
    pub sla_key: Option<&'static str>,
}

impl<'a> DeskText<'a> {
    pub fn said(author: &'a str, words: &'a str) -> Self {
        DeskText { author, words: Some(words), percent: 0, due: String::new(), sla_key: None }
    }
}

/// Mails the desk about `news` on `ticket`, inside the transaction that made the change.
pub(super) async fn tell_desk(
    tx: &mut sqlx::AnyConnection,
    settings: &TicketSettings,
    ticket: &Ticket,
    news: DeskNews,
    text: DeskText<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let agents = desk_agents(tx, &ticket.tenant_id, now).await?;
    let (tenant_name,): (String,) = sqlx::query_as("SELECT name FROM tenants WHERE id = $1").bind(&ticket.tenant_id).fetch_one(&mut *tx).await?;
    let vendor: Option<(String,)> = sqlx::query_as("SELECT id FROM tenants WHERE is_vendor = 1 ORDER BY id").fetch_optional(&mut *tx).await?;
    let vendor_origin = match &vendor {
        Some((id,)) => crate::tenant::origin_of(tx, &settings.public_url, id).await?,
        None => None,
    };
    for r in recipients(news, ticket.assignee_id.as_deref(), &ticket.copied, &agents, &settings.agents_email) {
        let lang = r.locale.as_str();
        // An agent of the ticket's own tenant opens it there; the vendor's desk (and the queue
        // address, the vendor's mailbox) through the vendor's address, naming the tenant.
        let link = match (&vendor_origin, r.tenant_id == ticket.tenant_id) {
            (Some(origin), false) => format!("{origin}/{lang}/tickets/{}?tenant={}", ticket.number, ticket.tenant_id),
            _ => format!("{}/{lang}/tickets/{}", ticket.origin, ticket.number),
        };
        let args = [
            ("tenant", tenant_name.clone()),
            ("number", ticket.number.to_string()),
            ("subject", ticket.subject.clone()),
            ("author", text.author.to_string()),
            ("severity", mail::text(lang, &format!("mail-severity-{}", ticket.severity.key()), &[])),
            ("status", mail::text(lang, &format!("mail-status-{}", ticket.status.key()), &[])),
            ("days", settings.escalation_working_days.to_string()),
            ("percent", text.percent.to_string()),
            ("due", text.due.clone()),
        ];
        let key = news.key();
        let mut paragraphs = vec![mail::text(lang, "mail-reply-above", &[]), mail::text(lang, &format!("mail-desk-{key}-body"), &args)];
        paragraphs.extend(text.sla_key.map(|k| mail::text(lang, k, &args)));
        paragraphs.extend(text.words.map(str::trim).filter(|w| !w.is_empty()).map(str::to_string));
        paragraphs.push(mail::text(lang, "mail-desk-why", &[]));
        let m = mail::Mail {
            to: r.email,
            subject: mail::text(lang, &format!("mail-desk-{key}-subject"), &args),
            paragraphs,
            links: vec![(mail::text(lang, "mail-view-ticket", &[]), link)],
            thread: Some(thread(ticket)),
            ..Default::default()
        };
        mail::enqueue(tx, &ticket.tenant_id, &m, now).await?;
    }
    Ok(())
}

/// The thread every mail about `ticket` belongs to.
pub(super) fn thread(ticket: &Ticket) -> String {
    mail::ticket_thread(&ticket.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(id: &str, choices: AgentChoices) -> DeskAgent {
        DeskAgent { id: id.into(), email: format!("{id}@desk.example"), tenant_id: "vendor".into(), choices }
    }

    fn emails(r: Vec<Recipient>) -> Vec<String> {
        r.into_iter().map(|r| r.email).collect()
    }

    #[test]
    fn each_kind_of_news_reaches_the_people_who_chose_it_and_never_nobody() {
        let quiet = AgentChoices { new_ticket: false, customer_reply: false, escalation: false, at_risk: false, ..AgentChoices::default() };
        let agents = vec![agent("ann", AgentChoices::default()), agent("bob", AgentChoices { new_ticket: false, ..AgentChoices::default() })];
        let q = "queue@desk.example";
        assert_eq!(emails(recipients(DeskNews::NewTicket, None, &[], &agents, q)), ["ann@desk.example"]);
        assert_eq!(emails(recipients(DeskNews::Escalation, None, &[], &agents, q)), ["ann@desk.example", "bob@desk.example"]);
        // Unassigned, a reply goes to whoever chose replies; at risk, nobody more than the team.
        assert_eq!(emails(recipients(DeskNews::CustomerReply, None, &[], &agents, q)), ["ann@desk.example", "bob@desk.example"]);
        assert!(recipients(DeskNews::AtRisk, None, &[], &agents, q).is_empty());
        let t = Some("bob");
        assert_eq!(emails(recipients(DeskNews::CustomerReply, t, &[], &agents, q)), ["bob@desk.example"]);
        assert_eq!(emails(recipients(DeskNews::AtRisk, t, &[], &agents, q)), ["bob@desk.example"]);
        // An agent following the ticket hears of answers beside the assignee, not of new tickets.
        let following = ["ann".to_string()];
        assert_eq!(emails(recipients(DeskNews::CustomerReply, t, &following, &agents, q)), ["bob@desk.example", "ann@desk.example"]);
        assert_eq!(emails(recipients(DeskNews::CustomerReply, Some("ann"), &following, &agents, q)), ["ann@desk.example"]);
        // When nobody wants new tickets, the queue address still hears of them; an assignee who
        // turned replies off is not replaced by the whole desk.
        let silent = vec![agent("ann", quiet.clone()), agent("bob", quiet)];
        assert_eq!(emails(recipients(DeskNews::NewTicket, t, &[], &silent, q)), [q]);
        assert!(recipients(DeskNews::CustomerReply, t, &[], &silent, q).is_empty());
    }
}
