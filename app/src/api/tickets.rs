//! The ticket pages' server functions: the form (with the request catalogue and a refused
//! draft), one ticket, My Activities and the agents' queue.

use crate::{error::AppError, model::*};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod view {
    //! Domain tickets → view models, with times in the support calendar's zone.
    use crate::model::*;
    use atrium_core::{
        content::ContentStore,
        ticket::{sla_figures, Ticket, TicketSettings},
    };

    pub fn time(settings: &TicketSettings, t: i64) -> String {
        chrono::DateTime::from_timestamp(t, 0).unwrap_or_default().with_timezone(&settings.calendar.tz).format("%Y-%m-%d %H:%M %Z").to_string()
    }

    /// `12 h 30 min` of working time.
    pub fn duration(secs: i64) -> String {
        let m = secs.abs() / 60;
        let (h, m) = (m / 60, m % 60);
        match (h, m) {
            (0, m) => format!("{m} min"),
            (h, 0) => format!("{h} h"),
            (h, m) => format!("{h} h {m:02} min"),
        }
    }

    pub fn sla(settings: &TicketSettings, t: &Ticket, now: i64) -> SlaView {
        let f = sla_figures(&t.sla, now, &settings.calendar);
        SlaView {
            state: if f.stopped {
                "stopped"
            } else if f.paused {
                "paused"
            } else {
                "running"
            }
            .into(),
            due: f.due_at.map(|d| time(settings, d)),
            left: duration(f.left_secs),
            spent: duration(f.spent_secs),
            target: duration(t.sla.target_secs),
            percent: f.percent,
            breached: f.breached,
            at_risk: !f.stopped && f.percent >= settings.alert_percent,
        }
    }

    /// `across`: the viewer works every tenant, so links name the ticket's tenant.
    pub fn row(settings: &TicketSettings, store: &ContentStore, locale: &str, t: &Ticket, now: i64, across: Option<&str>) -> TicketRowView {
        TicketRowView {
            number: t.number,
            tenant_query: across.map(|_| format!("?tenant={}", t.tenant_id)).unwrap_or_default(),
            tenant_name: across.unwrap_or_default().to_string(),
            subject: t.subject.clone(),
            status: t.status.key().into(),
            owner: format!("{:?}", t.status.owner()).to_lowercase(),
            severity: t.severity.key().into(),
            // A ticket filed by mail has no module until the desk reclassifies it.
            module_title: match store.module(&t.module) {
                Some(m) => m.title(locale),
                None if t.module.is_empty() => {
                    crate::i18n::t(crate::locale::Locale::from_code(locale).unwrap_or(crate::locale::Locale::En), "ticket-module-none")
                }
                None => t.module.clone(),
            },
            requester: t.requester_name.clone(),
            assignee: t.assignee_name.clone(),
            updated: time(settings, t.updated_at),
            sla: sla(settings, t, now),
            // Once the call is recorded, nothing is owed any more.
            escalation_due: t.escalation_due.filter(|_| t.escalation_called_at.is_none()).map(|d| time(settings, d)),
            level: t.level.number(),
        }
    }
}

/// The ticket form: the request catalogue, the values to show (a refused draft, or what the
/// page it was opened from pre-fills) and the problems to show next to the fields.
#[server(endpoint = "ticket-form")]
pub async fn get_ticket_form(
    locale: String,
    module: Option<String>,
    article: Option<String>,
    from: Option<String>,
    draft: Option<String>,
    follows: Option<String>,
) -> Result<TicketFormView, AppError> {
    use super::ssr::*;
    check_locale(&locale)?;
    let _tenant = tenant().await?;
    let state = state()?;
    let store = state.content();
    let session = session();
    // Under an article, an anonymous reader is only asked to sign in, and nobody searches the
    // catalogue: the forms' words are gathered for the catalogue page alone.
    let catalogue = article.is_none();
    let modules: Vec<CatalogueModule> =
        if !catalogue && session.is_none() { Vec::new() } else { store.modules().iter().map(|m| catalogue_module(&store, m, &locale, catalogue)).collect() };
    let mut values = TicketFormValues {
        module: module.filter(|m| store.module(m).is_some()).unwrap_or_default(),
        action_path: from.unwrap_or_default().chars().take(300).collect(),
        ..Default::default()
    };
    let mut errors = Vec::new();
    if let (Some(s), Some(id)) = (&session, draft) {
        if let Some((fields, problems)) = atrium_core::ticket::load_draft(&state.pool, &s.user, &id).await? {
            values = serde_json::from_str(&fields).unwrap_or_default();
            errors = serde_json::from_str(&problems).unwrap_or_default();
        }
    }
    // A new request about a closed ticket the reader may see names it, in the same module.
    if let (Some(s), Some(n)) = (&session, follows.as_deref().and_then(|n| n.parse::<i64>().ok())) {
        if let Ok(before) = atrium_core::ticket::get_for(&state.pool, &s.user, None, n).await {
            if before.status == atrium_core::ticket::Status::Closed {
                values.follows = n.to_string();
                if values.module.is_empty() {
                    values.module = before.module.clone();
                }
            }
        }
    }
    // The article the reader was on, if it is one they may read.
    let article_title = article
        .as_deref()
        .or(Some(values.article_path.as_str()))
        .and_then(|path| store.article_at_address(path, &reader()).map(|a| (path.to_string(), a.title.clone(), a.module.clone())));
    if let Some((path, _, module)) = &article_title {
        values.article_path = path.clone();
        if values.module.is_empty() {
            values.module = module.clone();
        }
    }
    if values.form_session.is_empty() {
        values.form_session = atrium_core::db::new_id();
    }
    Ok(TicketFormView {
        signed_in: session.is_some(),
        attachment_max_mb: state.tickets.attachment_max_bytes >> 20,
        modules,
        values,
        errors,
        article_title: article_title.map(|a| a.1),
    })
}

/// One module of the request catalogue; with `keywords`, the words the catalogue's search matches.
#[cfg(feature = "ssr")]
fn catalogue_module(store: &atrium_core::content::ContentStore, m: &atrium_core::content::Module, locale: &str, keywords: bool) -> CatalogueModule {
    let fields: Vec<CatalogueField> =
        m.descriptor.ticket_fields.iter().map(|f| CatalogueField { key: f.key.clone(), label: f.label(locale), required: f.required }).collect();
    let mut words = String::new();
    if keywords {
        for l in [locale, atrium_core::FALLBACK_LOCALE] {
            words.push_str(&format!(" {} {} {}", m.title(l), m.description(l), m.folder.replace('-', " ")));
            for f in &m.descriptor.ticket_fields {
                words.push(' ');
                words.push_str(&f.label(l));
            }
        }
        words = words.to_lowercase();
        // A word a reader uses for the same thing ("payslip" for "pay slip") finds the form too.
        for l in [locale, atrium_core::FALLBACK_LOCALE] {
            for group in store.synonyms(l) {
                if group.iter().any(|w| words.contains(w.as_str())) {
                    words.push(' ');
                    words.push_str(&group.join(" "));
                }
            }
        }
    }
    CatalogueModule { folder: m.folder.clone(), title: m.title(locale), description: m.description(locale), fields, keywords: words }
}

/// One ticket with its history, for whoever may see it (anyone else gets "not found").
#[server(endpoint = "ticket")]
pub async fn get_ticket(locale: String, number: i64, draft: Option<String>, in_tenant: Option<String>, reply: Option<String>) -> Result<TicketView, AppError> {
    use super::ssr::*;
    use atrium_core::ticket::{self, may_change, Actor, Status};
    check_locale(&locale)?;
    let (session, t) = visible_ticket(number, in_tenant.as_deref()).await?;
    let state = state()?;
    let store = state.content();
    let user = &session.user;
    let now = state.clock.now();
    let settings = &ticket_settings(&t.tenant_id).await?;
    let across = ticket::works_across_tenants(user).then(|| t.tenant_id.clone());
    let history = ticket::history(&state.pool, user, &t).await?;
    let agent = ticket::is_agent(user);
    let actor = if agent { Actor::Agent } else { Actor::Customer };
    let module = store.module(&t.module);
    let extra = t
        .extra
        .iter()
        .map(|(k, v)| {
            let label = module.and_then(|m| m.descriptor.ticket_fields.iter().find(|f| &f.key == k)).map_or(k.clone(), |f| f.label(&locale));
            (label, v.clone())
        })
        .collect();
    let article = t.article_path.as_ref().map(|p| (p.clone(), store.article_at_address(p, &reader()).map_or_else(|| p.clone(), |a| a.title.clone())));
    let (mut draft_body, mut draft_errors) = (String::new(), Vec::new());
    if let Some(id) = draft {
        if let Some((fields, problems)) = ticket::load_draft(&state.pool, user, &id).await? {
            let fields: serde_json::Value = serde_json::from_str(&fields).unwrap_or_default();
            draft_body = fields["body"].as_str().unwrap_or_default().to_string();
            draft_errors = serde_json::from_str(&problems).unwrap_or_default();
        }
    }
    let agents = if agent { atrium_core::identity::agents(&state.pool, &t.tenant_id).await? } else { Vec::new() };
    let people = ticket::in_copy(&state.pool, &t).await?;
    let may_remove = |id: &str| agent || user.id == id || user.id == t.requester_id || user.role == atrium_core::identity::Role::CustomerAdmin;
    // The desk's canned replies; the one chosen starts the reply, filled in for this ticket.
    // A reply written for one support level is offered on that level's tickets only.
    let canned: Vec<_> = if agent { ticket::canned_replies(&state.pool, user).await? } else { Vec::new() }
        .into_iter()
        .filter(|r| r.level.is_none_or(|l| l == t.level))
        .collect();
    if let Some(chosen) = reply.and_then(|id| canned.iter().find(|r| r.id == id)) {
        if draft_body.is_empty() {
            draft_body = ticket::fill(chosen, &t, user);
        }
    }
    let module_title = |folder: &str| store.module(folder).map_or_else(|| folder.to_string(), |m| m.title(&locale));
    // A reclassification is kept as `kind old new module old new`; readers see it in words.
    let lang = crate::locale::Locale::from_code(&locale).ok_or(AppError::NotFound)?;
    let reclassified = |body: &str| {
        let parts: Vec<&str> = body.split(' ').collect();
        match parts.as_slice() {
            [kind_from, kind_to, module_from, module_to] => crate::i18n::t_with(
                lang,
                "ticket-event-reclassified-body",
                &[
                    ("kind_from", crate::i18n::t(lang, &format!("ticket-kind-{kind_from}"))),
                    ("kind_to", crate::i18n::t(lang, &format!("ticket-kind-{kind_to}"))),
                    ("module_from", module_title(module_from)),
                    ("module_to", module_title(module_to)),
                ],
            ),
            _ => body.to_string(),
        }
    };
    // A handover is kept as `from to` then the note; agents read the levels in words.
    let handed_over = |body: &str| {
        let (levels, note) = body.split_once('\n').unwrap_or((body, ""));
        let names: Vec<String> = levels.split(' ').map(|n| crate::i18n::t(lang, &format!("ticket-level-{n}"))).collect();
        format!("{}\n{note}", names.join(" → "))
    };
    let tenant_query = across.as_ref().map(|id| format!("?tenant={id}")).unwrap_or_default();
    Ok(TicketView {
        attachment_max_mb: settings.attachment_max_bytes >> 20,
        row: view::row(settings, &store, &locale, &t, now, across.as_deref()),
        kind: t.kind.key().into(),
        module: t.module.clone(),
        // The impact is asked of anomalies only; kept, but not shown, once reclassified.
        impact: t.impact.filter(|_| t.kind == ticket::Kind::Anomaly).map(|i| i.key().to_string()),
        description: t.description.clone(),
        action_path: t.action_path.clone(),
        article,
        incident_at: t.incident_at.map(|i| view::time(settings, i)),
        extra,
        created: view::time(settings, t.created_at),
        history: history
            .into_iter()
            .map(|e| TicketEventView {
                author: e.author_name,
                by_agent: e.author_is_agent,
                at: view::time(settings, e.at),
                kind: e.kind.key().into(),
                from_status: e.from_status.map(|s| s.key().to_string()),
                to_status: e.to_status.map(|s| s.key().to_string()),
                body: match e.kind {
                    ticket::EventKind::Reclassified => e.body.as_deref().map(reclassified),
                    ticket::EventKind::HandedOver => e.body.as_deref().map(handed_over),
                    _ => e.body,
                },
                internal: e.internal,
                files: e
                    .attachments
                    .into_iter()
                    .map(|a| {
                        let shown = a.content_type.starts_with("image/");
                        ((!a.removed).then(|| format!("/{locale}/tickets/{number}/files/{}{tenant_query}", a.id)), a.filename, shown)
                    })
                    .collect(),
            })
            .collect(),
        viewer_is_agent: agent,
        next_statuses: if agent {
            Status::ALL.into_iter().filter(|s| may_change(t.status, *s, Actor::Agent)).map(|s| s.key().to_string()).collect()
        } else {
            Vec::new()
        },
        can_accept: may_change(t.status, Status::Validated, actor),
        can_close: !agent && may_change(t.status, Status::Closed, actor),
        can_escalate: !agent && t.status != Status::Closed && t.escalated_at.is_none(),
        can_comment: t.status != Status::Closed,
        reopen_until: (!agent && ticket::may_reopen(&t, settings, now))
            .then(|| t.closed_at.map(|at| view::time(settings, at + settings.reopen_days * 86_400)))
            .flatten(),
        follow_up: (!agent && t.status == Status::Closed && !ticket::may_reopen(&t, settings, now)).then(|| format!("/{locale}/tickets/new?follows={number}")),
        follows: t.follows_number.map(|n| (n, format!("/{locale}/tickets/{n}{tenant_query}"))),
        can_record_call: agent && t.escalated_at.is_some() && t.escalation_called_at.is_none(),
        escalation_called: t.escalation_called_at.map(|at| view::time(settings, at)),
        modules: if agent { store.modules().iter().map(|m| (m.folder.clone(), m.title(&locale))).collect() } else { Vec::new() },
        agents,
        canned: canned.into_iter().map(|r| (r.id, r.title)).collect(),
        following: agent.then(|| t.copied.contains(&user.id)),
        in_copy: people.into_iter().map(|p| (p.id.clone(), p.name, p.agent, t.status != Status::Closed && may_remove(&p.id))).collect(),
        draft_body,
        draft_errors,
    })
}

/// My Activities: the reader's tickets (a customer administrator's: the company's), what waits
/// on them first.
#[server(endpoint = "activities")]
pub async fn get_activities(locale: String, after: Option<String>) -> Result<ActivitiesView, AppError> {
    use super::ssr::*;
    check_locale(&locale)?;
    let _tenant = tenant().await?;
    let session = session().ok_or(AppError::SignInRequired)?;
    let state = state()?;
    let store = state.content();
    let now = state.clock.now();
    let settings = ticket_settings(&session.user.tenant_id).await?;
    let page = atrium_core::ticket::activities(&state.pool, &session.user, after.as_deref(), atrium_core::ticket::ACTIVITIES_PAGE).await?;
    Ok(ActivitiesView {
        tickets: page.tickets.iter().map(|t| view::row(&settings, &store, &locale, t, now, None)).collect(),
        total: page.total,
        next: page.next.map(|cursor| format!("/{locale}/activities?after={cursor}")),
        later_page: after.is_some(),
        whole_tenant: session.user.role == atrium_core::identity::Role::CustomerAdmin,
        surveys: atrium_core::survey::pending_for(&state.pool, &session.user.tenant_id, &session.user.id, now)
            .await?
            .into_iter()
            .map(|(number, token)| (number, format!("/{locale}/survey/{token}")))
            .collect(),
    })
}

/// Tickets on one page of the agents' queue.
pub const QUEUE_PAGE: usize = 100;

/// The agents' queue with its filters and dashboard counts; agents only.
#[server(endpoint = "agent-queue")]
pub async fn get_queue(locale: String, filter: QueueFilterView) -> Result<QueueView, AppError> {
    use super::ssr::*;
    use atrium_core::{
        identity::Role,
        sla::Severity,
        ticket::{self, QueueFilter, Status},
    };
    check_locale(&locale)?;
    let _tenant = tenant().await?;
    let session = require_role(&[Role::SupportAgent, Role::SuperAdmin])?;
    let state = state()?;
    let store = state.content();
    let now = state.clock.now();
    let settings = &ticket_settings(&session.user.tenant_id).await?;
    let wanted = QueueFilter {
        status: Status::from_key(&filter.status),
        severity: Severity::from_key(&filter.severity),
        module: Some(filter.module.clone()).filter(|m| !m.is_empty()),
        assignee: match filter.assignee.as_str() {
            "" => None,
            "none" => Some(String::new()),
            id => Some(id.to_string()),
        },
        escalated_only: filter.escalated,
        include_closed: false,
        tenant: Some(filter.tenant.clone()).filter(|t| !t.is_empty()),
        text: Some(filter.text.clone()).filter(|t| !t.trim().is_empty()),
        level: filter.level.parse().ok().and_then(ticket::Level::from_number),
    };
    let across = ticket::works_across_tenants(&session.user);
    let tenants = if across { atrium_core::tenant::customer_tenants(&state.pool).await? } else { Vec::new() };
    // Each ticket's clock reads its own tenant's calendar.
    let mut per_tenant: std::collections::HashMap<String, atrium_core::ticket::TicketSettings> = Default::default();
    for (id, _) in &tenants {
        per_tenant.insert(id.clone(), ticket_settings(id).await?);
    }
    let row = |t: &atrium_core::ticket::Ticket| {
        let name = tenants.iter().find(|(id, _)| *id == t.tenant_id).map(|(_, n)| n.as_str());
        view::row(per_tenant.get(&t.tenant_id).unwrap_or(settings), &store, &locale, t, now, name.filter(|_| across))
    };
    let matching = ticket::queue_entries(&state.pool, &session.user, &wanted, settings, now).await?;
    // The dashboard counts every open ticket: the same list when nothing is filtered.
    let all_open = if wanted == QueueFilter::default() {
        matching.clone()
    } else {
        ticket::queue_entries(&state.pool, &session.user, &QueueFilter::default(), settings, now).await?
    };
    // The dashboard counts every open ticket from its SLA figures alone; only the page shown
    // is turned into rows.
    let today = view::time(settings, now)[..10].to_string();
    let (mut breached, mut at_risk, mut due_today) = (0, 0, 0);
    for t in &all_open {
        let own = per_tenant.get(&t.tenant_id).unwrap_or(settings);
        let f = atrium_core::ticket::sla_figures(&t.sla, now, &own.calendar);
        breached += i64::from(f.breached);
        at_risk += i64::from(!f.breached && !f.stopped && f.percent >= own.alert_percent);
        due_today += i64::from(f.due_at.is_some_and(|d| view::time(own, d).starts_with(&today)));
    }
    let pages = matching.len().div_ceil(QUEUE_PAGE).max(1);
    let page = filter.page.min(pages - 1);
    let on_page: Vec<ticket::QueueEntry> = matching.iter().skip(page * QUEUE_PAGE).take(QUEUE_PAGE).cloned().collect();
    let shown: Vec<TicketRowView> = ticket::tickets_of(&state.pool, &on_page).await?.iter().map(row).collect();
    let page_link = |n: usize| {
        let mut q: Vec<(&str, String)> = [
            ("q", &filter.text),
            ("tenant", &filter.tenant),
            ("status", &filter.status),
            ("severity", &filter.severity),
            ("module", &filter.module),
            ("assignee", &filter.assignee),
            ("level", &filter.level),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect();
        if filter.escalated {
            q.push(("escalated", "1".into()));
        }
        q.push(("page", n.to_string()));
        let query: Vec<String> = q.iter().map(|(k, v)| format!("{k}={}", crate::url::query_value(v))).collect();
        format!("/{locale}/agent?{}", query.join("&"))
    };
    let by_status = Status::ALL
        .into_iter()
        .filter(|s| *s != Status::Closed)
        .map(|s| (s.key().to_string(), all_open.iter().filter(|t| t.status == s).count() as i64))
        .collect();
    Ok(QueueView {
        matching: matching.len() as i64,
        previous_page: (page > 0).then(|| page_link(page - 1)),
        next_page: (page + 1 < pages).then(|| page_link(page + 1)),
        tickets: shown,
        tenants: tenants.clone(),
        modules: store.modules().iter().map(|m| (m.folder.clone(), m.title(&locale))).collect(),
        agents: atrium_core::identity::agents(&state.pool, &session.user.tenant_id).await?,
        open: all_open.len() as i64,
        breached,
        at_risk,
        due_today,
        escalations: all_open.iter().filter(|t| t.escalated).count() as i64,
        by_level: ticket::Level::ALL.into_iter().map(|l| (l.number(), all_open.iter().filter(|t| t.level == l).count() as i64)).collect(),
        by_status,
        filter,
    })
}
