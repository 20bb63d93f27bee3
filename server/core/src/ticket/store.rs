//! Reading and filing tickets. Every query names the tenant; who may see what is decided by
//! [`super::can_see`] on top.

use super::{
    attachment::Attachment, is_agent, AttachmentInfo, EventKind, Impact, Kind, Level, SlaState, Status, Ticket, TicketError, TicketEvent, TicketSettings,
    ValidTicket,
};
use crate::{
    db::{self, Pool},
    identity::{Role, User},
    mail,
    sla::Severity,
};

pub(crate) const SELECT_TICKET: &str = "SELECT t.id, t.tenant_id, t.number, t.requester_id, r.display_name AS requester_name, \
    r.email AS requester_email, t.assignee_id, a.display_name AS assignee_name, t.kind, t.severity, t.impact, t.status, \
    t.subject, t.description, t.module, t.article_path, t.locale, t.action_path, t.origin, t.incident_at, t.extra, \
    t.created_at, t.updated_at, t.status_since, t.sla_target_secs, t.sla_spent_secs, t.sla_running_since, \
    t.sla_stopped_at, t.sla_alerted, t.reminders_sent, t.escalated_at, t.escalation_due, t.escalation_called_at, t.closed_at, t.follows_number, t.level, t.copied \
    FROM tickets t JOIN users r ON r.id = t.requester_id LEFT JOIN users a ON a.id = t.assignee_id";

/// A ticket's SLA clock as stored, read the same way for a full row and a queue entry.
#[derive(sqlx::FromRow)]
struct SlaColumns {
    sla_target_secs: i64,
    sla_spent_secs: i64,
    sla_running_since: Option<i64>,
    sla_stopped_at: Option<i64>,
    sla_alerted: i64,
}

impl SlaColumns {
    fn into_state(self) -> SlaState {
        SlaState {
            target_secs: self.sla_target_secs,
            spent_secs: self.sla_spent_secs,
            running_since: self.sla_running_since,
            stopped_at: self.sla_stopped_at,
            alerted: self.sla_alerted != 0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TicketRow {
    id: String,
    tenant_id: String,
    number: i64,
    requester_id: String,
    requester_name: String,
    requester_email: String,
    assignee_id: Option<String>,
    assignee_name: Option<String>,
    kind: String,
    severity: String,
    impact: Option<String>,
    status: String,
    subject: String,
    description: String,
    module: String,
    article_path: Option<String>,
    locale: String,
    action_path: String,
    origin: String,
    incident_at: Option<i64>,
    extra: String,
    created_at: i64,
    updated_at: i64,
    status_since: i64,
    #[sqlx(flatten)]
    sla: SlaColumns,
    reminders_sent: i64,
    escalated_at: Option<i64>,
    escalation_due: Option<i64>,
    escalation_called_at: Option<i64>,
    closed_at: Option<i64>,
    follows_number: Option<i64>,
    level: i64,
    copied: String,
}

impl TicketRow {
    pub(crate) fn into_ticket(self) -> Ticket {
        Ticket {
            id: self.id,
            tenant_id: self.tenant_id,
            number: self.number,
            requester_id: self.requester_id,
            requester_name: self.requester_name,
            requester_email: self.requester_email,
            assignee_id: self.assignee_id,
            assignee_name: self.assignee_name,
            kind: Kind::from_key(&self.kind).unwrap_or(Kind::Question),
            severity: Severity::from_key(&self.severity).unwrap_or(Severity::Minor),
            impact: self.impact.as_deref().and_then(Impact::from_key),
            status: Status::from_key(&self.status).unwrap_or(Status::Open),
            subject: self.subject,
            description: self.description,
            module: self.module,
            article_path: self.article_path,
            locale: self.locale,
            action_path: self.action_path,
            origin: self.origin,
            incident_at: self.incident_at,
            extra: serde_json::from_str(&self.extra).unwrap_or_default(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            status_since: self.status_since,
            sla: self.sla.into_state(),
            reminders_sent: self.reminders_sent,
            escalated_at: self.escalated_at,
            escalation_due: self.escalation_due,
            escalation_called_at: self.escalation_called_at,
            closed_at: self.closed_at,
            follows_number: self.follows_number,
            level: Level::from_number(self.level).unwrap_or(Level::CustomerCare),
            copied: self.copied.split_whitespace().map(str::to_string).collect(),
        }
    }
}

/// Files a ticket with its screenshots; mails the requester in the same transaction.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    pool: &Pool,
    settings: &TicketSettings,
    requester: &User,
    locale: &str,
    origin: &str,
    valid: ValidTicket,
    screenshots: Vec<Attachment>,
    now: i64,
) -> Result<Ticket, TicketError> {
    // Two nodes may pick the same next number; the unique key refuses one, which tries again.
    for _ in 0..5 {
        match insert_ticket(pool, settings, requester, locale, origin, &valid, &screenshots, now).await {
            Ok(filed) => return Ok(filed),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(TicketError::Conflict)
}

#[allow(clippy::too_many_arguments)]
async fn insert_ticket(
    pool: &Pool,
    settings: &TicketSettings,
    requester: &User,
    locale: &str,
    origin: &str,
    v: &ValidTicket,
    screenshots: &[Attachment],
    now: i64,
) -> Result<Ticket, sqlx::Error> {
    let tenant = &requester.tenant_id;
    let mut tx = crate::db::begin(pool).await?;
    crate::db::lock_numbering(&mut tx, tenant).await?;
    let (number,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(number), 0) + 1 FROM tickets WHERE tenant_id = $1").bind(tenant).fetch_one(&mut *tx).await?;
    let id = db::new_id();
    // A followed ticket is named only if it is closed and the requester may read it.
    let follows = match v.follows {
        Some(n) => {
            let row: Option<TicketRow> = sqlx::query_as(&format!("{SELECT_TICKET} WHERE t.tenant_id = $1 AND t.number = $2 AND t.status = 'closed'"))
                .bind(tenant)
                .bind(n)
                .fetch_optional(&mut *tx)
                .await?;
            row.map(TicketRow::into_ticket).filter(|t| super::can_see(requester, t)).map(|t| t.number)
        }
        None => None,
    };
    sqlx::query(
        "INSERT INTO tickets (id, tenant_id, number, requester_id, kind, severity, impact, status, subject, description, \
         module, article_path, locale, action_path, origin, incident_at, extra, created_at, updated_at, status_since, \
         sla_target_secs, sla_spent_secs, sla_running_since, sla_alerted, reminders_sent, follows_number) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'new', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $17, $18, 0, $17, 0, 0, $19)",
    )
    .bind(&id)
    .bind(tenant)
    .bind(number)
    .bind(&requester.id)
    .bind(v.kind.key())
    .bind(v.severity.key())
    .bind(v.impact.map(|i| i.key()))
    .bind(&v.subject)
    .bind(&v.description)
    .bind(&v.module)
    .bind(&v.article_path)
    .bind(locale)
    .bind(&v.action_path)
    .bind(origin)
    .bind(v.incident_at)
    .bind(serde_json::to_string(&v.extra).unwrap_or_else(|_| "[]".into()))
    .bind(now)
    .bind(settings.target_for(v.kind, v.severity, v.turnaround_days))
    .bind(follows)
    .execute(&mut *tx)
    .await?;
    let event = insert_event(&mut tx, tenant, &id, Some(&requester.id), now, EventKind::Created, None, Some(Status::New), None, false).await?;
    insert_screenshots(&mut tx, &settings.files, tenant, &id, &event, screenshots, now).await?;
    if let Some(session) = &v.form_session {
        sqlx::query("UPDATE ticket_deflections SET filed = 1 WHERE tenant_id = $1 AND form_session = $2").bind(tenant).bind(session).execute(&mut *tx).await?;
    }
    let args = [
        ("number", number.to_string()),
        ("subject", v.subject.clone()),
        ("name", requester.display_name.clone()),
        ("severity", mail::text(locale, &format!("mail-severity-{}", v.severity.key()), &[])),
    ];
    let m = mail::Mail {
        to: requester.email.clone(),
        unsubscribe: None,
        subject: mail::text(locale, "mail-created-subject", &args),
        paragraphs: vec![mail::text(locale, "mail-reply-above", &[]), mail::text(locale, "mail-created-body", &args)],
        links: vec![(mail::text(locale, "mail-view-ticket", &[]), format!("{origin}/{locale}/tickets/{number}"))],
        thread: Some(mail::ticket_thread(&id)),
        ..Default::default()
    };
    mail::enqueue(&mut tx, tenant, &m, now).await?;
    let filed = get_by_id(&mut *tx, tenant, &id).await?.ok_or(sqlx::Error::RowNotFound)?;
    let text = super::desk_mail::DeskText::said(&requester.display_name, &v.description);
    super::desk_mail::tell_desk(&mut tx, settings, &filed, super::DeskNews::NewTicket, text, now).await?;
    crate::operations::audit::record(&mut *tx, tenant, Some(&requester.id), crate::operations::audit::Action::TicketFiled, Some(&id), now).await?;
    tx.commit().await?;
    Ok(filed)
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_event(
    conn: &mut sqlx::AnyConnection,
    tenant: &str,
    ticket_id: &str,
    author: Option<&str>,
    at: i64,
    kind: EventKind,
    from: Option<Status>,
    to: Option<Status>,
    body: Option<&str>,
    internal: bool,
) -> Result<String, sqlx::Error> {
    let id = db::new_id();
    sqlx::query(
        "INSERT INTO ticket_events (id, tenant_id, ticket_id, author_id, at, kind, from_status, to_status, body, internal) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(tenant)
    .bind(ticket_id)
    .bind(author)
    .bind(at)
    .bind(kind.key())
    .bind(from.map(|s| s.key()))
    .bind(to.map(|s| s.key()))
    .bind(body)
    .bind(internal as i64)
    .execute(conn)
    .await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_screenshots(
    conn: &mut sqlx::AnyConnection,
    files: &crate::files::FileStore,
    tenant: &str,
    ticket_id: &str,
    event_id: &str,
    screenshots: &[Attachment],
    now: i64,
) -> Result<(), sqlx::Error> {
    for s in screenshots {
        let id = db::new_id();
        // Written before the row: a failed transaction leaves at worst an unreferenced file.
        let data = files.put(tenant, &id, &s.bytes).await.map_err(sqlx::Error::Io)?;
        sqlx::query(
            "INSERT INTO ticket_attachments (id, tenant_id, ticket_id, event_id, filename, content_type, size, data, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(tenant)
        .bind(ticket_id)
        .bind(event_id)
        .bind(&s.filename)
        .bind(s.content_type)
        .bind(s.bytes.len() as i64)
        .bind(data)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The ticket, read from the pool or inside the transaction that is changing it.
pub async fn get_by_id<'c, E: sqlx::Executor<'c, Database = sqlx::Any>>(executor: E, tenant: &str, id: &str) -> Result<Option<Ticket>, sqlx::Error> {
    let row: Option<TicketRow> =
        sqlx::query_as(&format!("{SELECT_TICKET} WHERE t.tenant_id = $1 AND t.id = $2")).bind(tenant).bind(id).fetch_optional(executor).await?;
    Ok(row.map(TicketRow::into_ticket))
}

/// The ticket with this number in the viewer's tenant, if `viewer` may see it. The vendor's
/// support staff name the customer tenant in `tenant`; for anyone else it is ignored. A ticket
/// one may not see is answered exactly like one that does not exist.
pub async fn get_for(pool: &Pool, viewer: &User, tenant: Option<&str>, number: i64) -> Result<Ticket, TicketError> {
    let tenant = match tenant {
        Some(t) if super::works_across_tenants(viewer) => t,
        _ => viewer.tenant_id.as_str(),
    };
    let row: Option<TicketRow> =
        sqlx::query_as(&format!("{SELECT_TICKET} WHERE t.tenant_id = $1 AND t.number = $2")).bind(tenant).bind(number).fetch_optional(pool).await?;
    row.map(TicketRow::into_ticket).filter(|t| super::can_see(viewer, t)).ok_or(TicketError::NotFound)
}

/// A ticket's history, oldest first; agent-internal notes only for agents.
pub async fn history(pool: &Pool, viewer: &User, ticket: &Ticket) -> Result<Vec<TicketEvent>, sqlx::Error> {
    let internal_too = is_agent(viewer);
    type Row = (String, Option<String>, Option<String>, i64, String, Option<String>, Option<String>, Option<String>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT e.id, u.display_name, u.role, e.at, e.kind, e.from_status, e.to_status, e.body, e.internal \
         FROM ticket_events e LEFT JOIN users u ON u.id = e.author_id \
         WHERE e.tenant_id = $1 AND e.ticket_id = $2 AND (e.internal = 0 OR $3 = 1) ORDER BY e.at, e.id",
    )
    .bind(&ticket.tenant_id)
    .bind(&ticket.id)
    .bind(internal_too as i64)
    .fetch_all(pool)
    .await?;
    let files: Vec<(String, String, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT event_id, id, filename, content_type, size, purged_at FROM ticket_attachments WHERE tenant_id = $1 AND ticket_id = $2 ORDER BY created_at, id",
    )
    .bind(&ticket.tenant_id)
    .bind(&ticket.id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, role, at, kind, from, to, body, internal)| {
            let attachments = files
                .iter()
                .filter(|f| f.0 == id)
                .map(|f| AttachmentInfo { id: f.1.clone(), filename: f.2.clone(), content_type: f.3.clone(), size: f.4, removed: f.5.is_some() })
                .collect();
            Some(TicketEvent {
                author_is_agent: matches!(role.as_deref().and_then(Role::from_key), Some(Role::SupportAgent | Role::SuperAdmin)),
                author_name: name,
                at,
                kind: EventKind::from_key(&kind)?,
                from_status: from.as_deref().and_then(Status::from_key),
                to_status: to.as_deref().and_then(Status::from_key),
                body,
                internal: internal != 0,
                attachments,
                id,
            })
        })
        .collect())
}

/// A screenshot's name, type and bytes, if `viewer` may see its ticket (and, for one attached
/// to an internal note, is an agent).
pub async fn attachment(
    pool: &Pool,
    files: &crate::files::FileStore,
    viewer: &User,
    ticket: &Ticket,
    attachment_id: &str,
) -> Result<Option<(String, String, Vec<u8>)>, sqlx::Error> {
    if !super::can_see(viewer, ticket) {
        return Ok(None);
    }
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT a.filename, a.content_type, a.data, e.internal FROM ticket_attachments a JOIN ticket_events e ON e.id = a.event_id \
         WHERE a.tenant_id = $1 AND a.ticket_id = $2 AND a.id = $3 AND a.purged_at IS NULL",
    )
    .bind(&ticket.tenant_id)
    .bind(&ticket.id)
    .bind(attachment_id)
    .fetch_optional(pool)
    .await?;
    let Some((name, kind, data, _)) = row.filter(|r| r.3 == 0 || is_agent(viewer)) else { return Ok(None) };
    let bytes = files.get(&ticket.tenant_id, attachment_id, &data).await.map_err(sqlx::Error::Io)?;
    Ok(bytes.map(|b| (name, kind, b)))
}

/// Tickets on one page of My Activities.
pub const ACTIVITIES_PAGE: usize = 50;

/// One page of My Activities, the place the next one starts, and how many there are in all.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivitiesPage {
    pub tickets: Vec<Ticket>,
    /// Given to [`activities`] as `after` for the next page; `None` on the last one.
    pub next: Option<String>,
    pub total: i64,
}

/// The order of My Activities: what waits on the reader, then the rest open, then the closed;
/// each group most recently updated first.
fn activity_group(status: Status) -> usize {
    match status {
        Status::Pending | Status::AwaitingApproval => 0,
        Status::Closed => 2,
        _ => 1,
    }
}

/// My Activities: the reader's tickets and those they are in copy of (a customer administrator's:
/// the whole tenant's), what
/// waits on the reader first, then the most recently updated, a page at a time from `after` (a
/// keyset cursor from the previous page: group, update time, number). Each group is one indexed
/// query that stops at the page's end, so a tenant's year of tickets costs no more than a page.
pub async fn activities(pool: &Pool, viewer: &User, after: Option<&str>, limit: usize) -> Result<ActivitiesPage, sqlx::Error> {
    let all = viewer.role == Role::CustomerAdmin || is_agent(viewer);
    let cursor: Option<(usize, i64, i64)> = after.and_then(|a| {
        let mut parts = a.split('.').map(str::parse::<i64>);
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(Ok(g)), Some(Ok(u)), Some(Ok(n)), None) if (0..=2).contains(&g) => Some((g as usize, u, n)),
            _ => None,
        }
    });
    let (total,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM tickets t WHERE t.tenant_id = $1 AND (t.requester_id = $2 OR $3 = 1 OR t.copied LIKE '%' || $2 || '%')")
            .bind(&viewer.tenant_id)
            .bind(&viewer.id)
            .bind(all as i64)
            .fetch_one(pool)
            .await?;
    let mut tickets = Vec::new();
    for group in cursor.map_or(0, |c| c.0)..=2 {
        // Status keys come from the enum, never from input.
        let keys: Vec<String> = Status::ALL.into_iter().filter(|s| activity_group(*s) == group).map(|s| format!("'{}'", s.key())).collect();
        let resume = cursor.filter(|c| c.0 == group);
        let (after_clause, limit_param) =
            if resume.is_some() { (" AND (t.updated_at < $4 OR (t.updated_at = $4 AND t.number < $5))", "$6") } else { ("", "$4") };
        let sql = format!(
            "{SELECT_TICKET} WHERE t.tenant_id = $1 AND (t.requester_id = $2 OR $3 = 1 OR t.copied LIKE '%' || $2 || '%') AND t.status IN ({}){after_clause} \
             ORDER BY t.updated_at DESC, t.number DESC LIMIT {limit_param}",
            keys.join(", "),
        );
        let mut query = sqlx::query_as::<_, TicketRow>(&sql).bind(&viewer.tenant_id).bind(&viewer.id).bind(all as i64);
        if let Some((_, updated, number)) = resume {
            query = query.bind(updated).bind(number);
        }
        let rows = query.bind((limit + 1 - tickets.len()) as i64).fetch_all(pool).await?;
        tickets.extend(rows.into_iter().map(TicketRow::into_ticket));
        if tickets.len() > limit {
            break;
        }
    }
    let next = (tickets.len() > limit).then(|| {
        tickets.truncate(limit);
        let last = tickets.last().expect("a full page");
        format!("{}.{}.{}", activity_group(last.status), last.updated_at, last.number)
    });
    Ok(ActivitiesPage { tickets, next, total })
}

/// What the agents' queue can be narrowed to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueueFilter {
    pub status: Option<Status>,
    pub severity: Option<Severity>,
    pub module: Option<String>,
    /// `Some("")` for unassigned tickets.
    pub assignee: Option<String>,
    pub escalated_only: bool,
    pub include_closed: bool,
    /// For the vendor's support staff: one customer tenant only.
    pub tenant: Option<String>,
    /// Words to find in the subject, the description or a comment (internal notes too),
    /// in any letter case.
    pub text: Option<String>,
    /// One support level's queue.
    pub level: Option<Level>,
}

/// Closed tickets shown at most when the queue is filtered on them, the most recent first.
pub const CLOSED_IN_QUEUE: usize = 200;

/// What the queue sorts and counts by, read without the rest of a ticket's row: a busy queue
/// reads thousands of these and full rows only for the page it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueEntry {
    pub id: String,
    pub tenant_id: String,
    pub number: i64,
    pub status: Status,
    pub escalated: bool,
    pub escalation_due: Option<i64>,
    pub level: Level,
    pub sla: SlaState,
}

const SELECT_ENTRY: &str =
    "SELECT t.id, t.tenant_id, t.number, t.status, t.escalated_at, t.escalation_due, t.escalation_called_at, t.level, t.sla_target_secs, t.sla_spent_secs, \
    t.sla_running_since, t.sla_stopped_at, t.sla_alerted FROM tickets t";

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: String,
    tenant_id: String,
    number: i64,
    status: String,
    escalated_at: Option<i64>,
    escalation_due: Option<i64>,
    escalation_called_at: Option<i64>,
    level: i64,
    #[sqlx(flatten)]
    sla: SlaColumns,
}

impl EntryRow {
    fn into_entry(self) -> QueueEntry {
        QueueEntry {
            id: self.id,
            tenant_id: self.tenant_id,
            number: self.number,
            status: Status::from_key(&self.status).unwrap_or(Status::Open),
            // Once the call is recorded, the escalation is done and leaves the managers' count.
            escalated: self.escalated_at.is_some() && self.escalation_called_at.is_none(),
            escalation_due: self.escalation_due,
            level: Level::from_number(self.level).unwrap_or(Level::CustomerCare),
            sla: self.sla.into_state(),
        }
    }
}

/// The agents' queue: matching tickets, the one due soonest first (paused ones after running ones).
pub async fn queue(pool: &Pool, agent: &User, filter: &QueueFilter, settings: &TicketSettings, now: i64) -> Result<Vec<Ticket>, TicketError> {
    let entries = queue_entries(pool, agent, filter, settings, now).await?;
    Ok(tickets_of(pool, &entries).await?)
}

/// The queue's entries in its order, without the tickets' full rows.
pub async fn queue_entries(pool: &Pool, agent: &User, filter: &QueueFilter, settings: &TicketSettings, now: i64) -> Result<Vec<QueueEntry>, TicketError> {
    if !is_agent(agent) {
        return Err(TicketError::Forbidden);
    }
    // The vendor's staff see every customer tenant, read one tenant at a time.
    let tenants: Vec<String> = if super::works_across_tenants(agent) {
        crate::tenant::customer_tenants(pool).await?.into_iter().map(|(id, _)| id).filter(|id| filter.tenant.as_ref().is_none_or(|t| t == id)).collect()
    } else {
        vec![agent.tenant_id.clone()]
    };
    // The filters run in the database (indexed by tenant, status and update time), so a year of
    // closed tickets is never read to show the open ones.
    let closed = filter.status == Some(Status::Closed);
    let mut conditions = vec!["t.tenant_id = $1".to_string()];
    let mut binds: Vec<String> = Vec::new();
    let mut bind = |value: String, conditions: &mut Vec<String>, clause: &dyn Fn(usize) -> String| {
        binds.push(value);
        conditions.push(clause(binds.len() + 1));
    };
    if let Some(status) = filter.status {
        bind(status.key().to_string(), &mut conditions, &|n| format!("t.status = ${n}"));
    } else if !filter.include_closed {
        conditions.push(format!("t.status <> '{}'", Status::Closed.key()));
    }
    if let Some(severity) = filter.severity {
        bind(severity.key().to_string(), &mut conditions, &|n| format!("t.severity = ${n}"));
    }
    if let Some(module) = &filter.module {
        bind(module.clone(), &mut conditions, &|n| format!("t.module = ${n}"));
    }
    match filter.assignee.as_deref() {
        None => {}
        Some("") => conditions.push("t.assignee_id IS NULL".into()),
        Some(a) => bind(a.to_string(), &mut conditions, &|n| format!("t.assignee_id = ${n}")),
    }
    if let Some(level) = filter.level {
        conditions.push(format!("t.level = {}", level.number()));
    }
    if filter.escalated_only {
        conditions.push("t.escalated_at IS NOT NULL AND t.escalation_called_at IS NULL".into());
    }
    if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        // LIKE's own wildcards in what the agent typed match themselves.
        let pattern = format!("%{}%", text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        bind(pattern, &mut conditions, &|n| {
            format!(
                "(LOWER(t.subject) LIKE ${n} ESCAPE '\\' OR LOWER(t.description) LIKE ${n} ESCAPE '\\' OR EXISTS (SELECT 1 FROM ticket_events e \
                 WHERE e.tenant_id = t.tenant_id AND e.ticket_id = t.id AND e.kind = 'comment' AND LOWER(e.body) LIKE ${n} ESCAPE '\\'))"
            )
        });
    }
    // Closed tickets have no clock left: the most recently closed, a bounded number of them.
    let tail = if closed { format!(" ORDER BY t.updated_at DESC LIMIT {CLOSED_IN_QUEUE}") } else { String::new() };
    let sql = format!("{SELECT_ENTRY} WHERE {}{tail}", conditions.join(" AND "));
    let mut rows: Vec<EntryRow> = Vec::new();
    for tenant in &tenants {
        let mut query = sqlx::query_as::<_, EntryRow>(&sql).bind(tenant);
        for value in &binds {
            query = query.bind(value);
        }
        rows.extend(query.fetch_all(pool).await?);
    }
    let mut entries: Vec<(i64, QueueEntry)> = rows
        .into_iter()
        .map(EntryRow::into_entry)
        .map(|e| {
            let f = super::sla_figures(&e.sla, now, &settings.calendar);
            let key = if filter.escalated_only { e.escalation_due.unwrap_or(i64::MAX) } else { f.due_at.unwrap_or(i64::MAX / 2 + f.left_secs) };
            (key, e)
        })
        .collect();
    if !closed {
        entries.sort_by_key(|(due, e)| (*due, e.number));
    }
    Ok(entries.into_iter().map(|(_, e)| e).collect())
}

/// The full tickets of `entries`, in their order (each read within its own tenant).
pub async fn tickets_of(pool: &Pool, entries: &[QueueEntry]) -> Result<Vec<Ticket>, sqlx::Error> {
    let mut found: std::collections::HashMap<String, Ticket> = std::collections::HashMap::with_capacity(entries.len());
    let mut tenants: Vec<&str> = entries.iter().map(|e| e.tenant_id.as_str()).collect();
    tenants.sort_unstable();
    tenants.dedup();
    for tenant in tenants {
        let ids: Vec<&str> = entries.iter().filter(|e| e.tenant_id == tenant).map(|e| e.id.as_str()).collect();
        // A few hundred at a time keeps each statement within every backend's parameter limit.
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!("{SELECT_TICKET} WHERE t.tenant_id = $1 AND t.id IN ({})", placeholders.join(", "));
            let mut query = sqlx::query_as::<_, TicketRow>(&sql).bind(tenant);
            for id in chunk {
                query = query.bind(*id);
            }
            for row in query.fetch_all(pool).await? {
                let t = row.into_ticket();
                found.insert(t.id.clone(), t);
            }
        }
    }
    Ok(entries.iter().filter_map(|e| found.remove(&e.id)).collect())
}

/// Keeps a refused form for its author; returns the id the page is sent back with.
pub async fn save_draft(pool: &Pool, user: &User, fields: &str, errors: &str, now: i64) -> Result<String, sqlx::Error> {
    let id = db::new_id();
    // Drafts are only needed for the round trip back to the form.
    sqlx::query("DELETE FROM ticket_drafts WHERE created_at < $1").bind(now - 86_400).execute(pool).await?;
    sqlx::query("INSERT INTO ticket_drafts (id, tenant_id, user_id, fields, errors, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&id)
        .bind(&user.tenant_id)
        .bind(&user.id)
        .bind(fields)
        .bind(errors)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(id)
}

/// A draft's (fields, errors) JSON, for its own author only.
pub async fn load_draft(pool: &Pool, user: &User, id: &str) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT fields, errors FROM ticket_drafts WHERE tenant_id = $1 AND user_id = $2 AND id = $3")
        .bind(&user.tenant_id)
        .bind(&user.id)
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// A suggested article opened from a ticket form.
pub async fn suggestion_opened(pool: &Pool, tenant: &str, form_session: &str, article_path: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO ticket_deflections (id, tenant_id, form_session, article_path, opened_at, filed) VALUES ($1, $2, $3, $4, $5, 0)")
        .bind(db::new_id())
        .bind(tenant)
        .bind(form_session)
        .bind(article_path)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

/// Articles that answered a would-be ticket: opened from the form, whose form was then never
/// filed (counted once the reader has had an hour to come back), most deflections first.
pub async fn deflections(pool: &Pool, tenant: &str, now: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT article_path, COUNT(DISTINCT form_session) AS n FROM ticket_deflections \
         WHERE tenant_id = $1 AND filed = 0 AND opened_at < $2 GROUP BY article_path ORDER BY n DESC, article_path LIMIT 50",
    )
    .bind(tenant)
    .bind(now - 3600)
    .fetch_all(pool)
    .await
}
