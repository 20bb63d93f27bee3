//! `/<locale>/tickets/<number>`: one ticket, its SLA, its history, and what the reader may do.

use super::{ticket_form::problem_text, use_locale, use_param, NotFoundPage, PageBoundary};
use crate::{
    api::{get_ticket, TicketAction},
    components::{Breadcrumbs, Layout},
    i18n::*,
    locale::Locale,
    model::{SlaView, TicketEventView, TicketView},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn TicketPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let Ok(number) = use_param("number").parse::<i64>() else { return view! { <NotFoundPage/> }.into_any() };
    let (filed, done, error, draft, in_tenant, reply) = use_query_map().with_untracked(|q| {
        // A refused action posted without JavaScript comes back as `?__err=…`.
        let error = q.get("error").or_else(|| q.get("__err").map(|_| "not-allowed".to_string()));
        (q.get("filed").is_some(), q.get("done"), error, q.get("draft"), q.get("tenant"), q.get("reply"))
    });
    let ticket = Resource::new_blocking(|| (), move |_| get_ticket(locale.code().to_string(), number, draft.clone(), in_tenant.clone(), reply.clone()));
    view! {
        <Title text=t_with(locale, "ticket-title", &[("number", number.to_string())])/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || {
                    let (done, error) = (done.clone(), error.clone());
                    Suspend::new(async move {
                        let t = ticket.await?;
                        Ok::<_, crate::error::AppError>(view! { <Ticket locale ticket=t filed done error/> })
                    })
                }}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

/// The SLA clock in words: due and left, paused, stopped, or overdue.
pub fn sla_text(locale: Locale, sla: &SlaView) -> String {
    match sla.state.as_str() {
        "stopped" => t_with(locale, "ticket-sla-stopped", &[("spent", sla.spent.clone()), ("target", sla.target.clone())]),
        "paused" => t_with(locale, "ticket-sla-paused", &[("left", sla.left.clone())]),
        _ if sla.breached => t_with(locale, "ticket-sla-breached", &[("over", sla.left.clone())]),
        _ => t_with(locale, "ticket-sla-due", &[("due", sla.due.clone().unwrap_or_default()), ("left", sla.left.clone())]),
    }
}

pub fn sla_class(sla: &SlaView) -> &'static str {
    if sla.breached {
        "sla sla-breached"
    } else if sla.at_risk {
        "sla sla-at-risk"
    } else {
        "sla"
    }
}

/// The ticket's tenant, for the vendor's support staff (who work every tenant); `None` otherwise.
fn tenant_of(query: &str) -> Option<String> {
    query.strip_prefix("?tenant=").map(str::to_string)
}

fn action_form(
    locale: Locale,
    number: i64,
    tenant: Option<String>,
    action: &'static str,
    label: String,
    extra: Option<AnyView>,
    class: &'static str,
) -> AnyView {
    view! {
        <form method="post" action=TicketAction::PATH class=format!("ticket-action {class}")>
            <input type="hidden" name="locale" value=locale.code()/>
            <input type="hidden" name="number" value=number.to_string()/>
            {tenant.map(|t| view! { <input type="hidden" name="in_tenant" value=t/> })}
            <input type="hidden" name="action" value=action/>
            {extra}
            <button type="submit">{label}</button>
        </form>
    }
    .into_any()
}

#[component]
fn Ticket(locale: Locale, ticket: TicketView, filed: bool, done: Option<String>, error: Option<String>) -> impl IntoView {
    let code = locale.code();
    let number = ticket.row.number;
    let t = |l: Locale, k: &str| crate::i18n::t(l, k);
    let notice = if filed {
        Some(view! { <p class="notice" role="status">{t(locale, "ticket-filed")}</p> }.into_any())
    } else if done.is_some() {
        Some(view! { <p class="notice" role="status">{t(locale, "ticket-saved")}</p> }.into_any())
    } else {
        error
            .filter(|e| {
                matches!(e.as_str(), "not-allowed" | "conflict" | "closed" | "refuse-needs-reason" | "note-required" | "reopen-expired" | "not-colleague")
            })
            .map(|e| view! { <p class="form-error" role="alert">{t(locale, &format!("ticket-error-{e}"))}</p> }.into_any())
    };
    let facts = view! {
        <dl class="ticket-facts">
            <dt>{t(locale, "col-status")}</dt>
            <dd><span class=format!("status status-{}", ticket.row.status)>{t(locale, &format!("ticket-status-{}", ticket.row.status))}</span></dd>
            <dt>{t(locale, "col-owner")}</dt>
            <dd>{t(locale, &format!("ticket-owner-{}", ticket.row.owner))}</dd>
            // Requests that are not anomalies have a turnaround, read on the same clock.
            <dt>{t(locale, if ticket.kind == "anomaly" { "ticket-sla" } else { "ticket-turnaround" })}</dt>
            <dd class=sla_class(&ticket.row.sla)>{sla_text(locale, &ticket.row.sla)}</dd>
            <dt>{t(locale, "ticket-severity")}</dt>
            <dd>{t(locale, &format!("ticket-severity-{}", ticket.row.severity))}</dd>
            <dt>{t(locale, "ticket-kind")}</dt>
            <dd>{t(locale, &format!("ticket-kind-{}", ticket.kind))}</dd>
            {ticket.impact.clone().map(|i| view! { <dt>{t(locale, "ticket-impact")}</dt><dd>{t(locale, &format!("ticket-impact-{i}"))}</dd> })}
            <dt>{t(locale, "ticket-module")}</dt>
            <dd>{ticket.row.module_title.clone()}</dd>
            <dt>{t(locale, "col-requester")}</dt>
            <dd>{ticket.row.requester.clone()}</dd>
            <dt>{t(locale, "col-assignee")}</dt>
            <dd>{ticket.row.assignee.clone().unwrap_or_else(|| t(locale, "ticket-unassigned"))}</dd>
            <dt>{t(locale, "ticket-level")}</dt>
            <dd>{t(locale, &format!("ticket-level-{}", ticket.row.level))}</dd>
            <dt>{t(locale, "ticket-created")}</dt>
            <dd>{ticket.created.clone()}</dd>
            {ticket.incident_at.clone().map(|i| view! { <dt>{t_with(locale, "ticket-incident-at", &[("zone", super::service_time_zone())])}</dt><dd>{i}</dd> })}
            {(!ticket.action_path.is_empty()).then(|| view! { <dt>{t(locale, "ticket-action-path")}</dt><dd class="action-path">{ticket.action_path.clone()}</dd> })}
            {ticket.article.clone().map(|(href, title)| view! { <dt>{t(locale, "ticket-from-article")}</dt><dd><a href=href>{title}</a></dd> })}
            {ticket.extra.iter().map(|(k, v)| view! { <dt>{k.clone()}</dt><dd>{v.clone()}</dd> }).collect_view()}
            {ticket.follows.clone().map(|(n, href)| view! { <dt>{t(locale, "ticket-follows")}</dt><dd><a href=href>"#" {n}</a></dd> })}
            {ticket.escalation_called.clone().map(|d| view! { <dt>{t(locale, "ticket-escalation")}</dt><dd>{t_with(locale, "ticket-escalation-called", &[("date", d)])}</dd> })}
            {ticket.row.escalation_due.clone().map(|d| {
                // The agent is told what the desk owes the customer; the customer what to expect.
                let key = if ticket.viewer_is_agent { "agent-escalated" } else { "ticket-escalated" };
                view! { <dt>{t(locale, "ticket-escalation")}</dt><dd>{t_with(locale, key, &[("date", d)])}</dd> }
            })}
        </dl>
    }
    .into_any();
    let customer_actions = (!ticket.viewer_is_agent).then(|| {
        let accept = ticket.can_accept.then(|| {
            let refuse_note = view! {
                <label for="refuse-note">{t(locale, "ticket-refuse-reason")}</label>
                <textarea id="refuse-note" name="note" rows="3" required></textarea>
            }
            .into_any();
            view! {
                <div class="proposal" id="proposal" role="group" aria-label=t(locale, "ticket-proposal")>
                    <p>{t(locale, "ticket-proposal-text")}</p>
                    {action_form(locale, number, tenant_of(&ticket.row.tenant_query), "accept", t(locale, "ticket-accept"), None, "primary")}
                    {action_form(locale, number, tenant_of(&ticket.row.tenant_query), "refuse", t(locale, "ticket-refuse"), Some(refuse_note), "")}
                </div>
            }
        });
        let escalate = ticket.can_escalate.then(|| {
            let reason = view! {
                <label for="escalate-note">{t(locale, "ticket-escalate-reason")}</label>
                <textarea id="escalate-note" name="note" rows="2"></textarea>
            }
            .into_any();
            view! { <details class="escalate"><summary>{t(locale, "ticket-escalate")}</summary>{action_form(locale, number, tenant_of(&ticket.row.tenant_query), "escalate", t(locale, "ticket-escalate-submit"), Some(reason), "")}</details> }
        });
        let close = ticket.can_close.then(|| action_form(locale, number, tenant_of(&ticket.row.tenant_query), "close", t(locale, "ticket-close"), None, "secondary"));
        let reopen = ticket.reopen_until.clone().map(|until| {
            let reason = view! {
                <p>{t_with(locale, "ticket-reopen-until", &[("date", until)])}</p>
                <label for="reopen-note">{t(locale, "ticket-reopen-reason")}</label>
                <textarea id="reopen-note" name="note" rows="3" required></textarea>
            }
            .into_any();
            view! {
                <div class="reopen" role="group" aria-label=t(locale, "ticket-reopen")>
                    {action_form(locale, number, tenant_of(&ticket.row.tenant_query), "reopen", t(locale, "ticket-reopen"), Some(reason), "")}
                </div>
            }
        });
        let follow_up = ticket.follow_up.clone().map(|href| {
            view! { <p class="follow-up">{t(locale, "ticket-follow-up-text")} " " <a class="button secondary" href=href>{t(locale, "ticket-follow-up")}</a></p> }
        });
        view! { <section class="ticket-actions">{accept}{close}{escalate}{reopen}{follow_up}</section> }.into_any()
    });
    let agent_actions = ticket.viewer_is_agent.then(|| {
        let statuses = ticket
            .next_statuses
            .iter()
            .map(|s| view! { <option value=s.clone()>{t(locale, &format!("ticket-status-{s}"))}</option> })
            .collect_view();
        let status_fields = view! {
            <label for="status-to">{t(locale, "ticket-set-status")}</label>
            <select id="status-to" name="status" required>{statuses}</select>
            <label for="status-note">{t(locale, "ticket-status-note")}</label>
            <textarea id="status-note" name="note" rows="3"></textarea>
        }
        .into_any();
        let agents = ticket.agents.iter().map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> }).collect_view();
        let assign_fields = view! {
            <label for="assignee">{t(locale, "col-assignee")}</label>
            <select id="assignee" name="assignee">{agents}</select>
        }
        .into_any();
        let can_change = !ticket.next_statuses.is_empty();
        let hand_over = ticket.can_comment.then(|| {
            let levels = [1, 2, 3]
                .into_iter()
                .filter(|l| *l != ticket.row.level)
                .map(|l| view! { <option value=l.to_string()>{t(locale, &format!("ticket-level-{l}"))}</option> })
                .collect_view();
            let fields = view! {
                <label for="hand-over-level">{t(locale, "ticket-hand-over-to")}</label>
                <select id="hand-over-level" name="level" required>{levels}</select>
                <label for="hand-over-note">{t(locale, "ticket-hand-over-note")}</label>
                <textarea id="hand-over-note" name="note" rows="3" required></textarea>
            }
            .into_any();
            view! { <details class="hand-over"><summary>{t(locale, "ticket-hand-over")}</summary>{action_form(locale, number, tenant_of(&ticket.row.tenant_query), "hand-over", t(locale, "ticket-hand-over-submit"), Some(fields), "")}</details> }
        });
        let record_call = ticket.can_record_call.then(|| {
            let note = view! {
                <label for="call-note">{t(locale, "ticket-record-call-note")}</label>
                <textarea id="call-note" name="note" rows="3" required></textarea>
            }
            .into_any();
            action_form(locale, number, tenant_of(&ticket.row.tenant_query), "record-call", t(locale, "ticket-record-call"), Some(note), "")
        });
        let reclassify = ticket.can_comment.then(|| {
            let kinds = ["anomaly", "configuration", "question", "service"]
                .into_iter()
                .map(|k| view! { <option value=k selected=ticket.kind == k>{t(locale, &format!("ticket-kind-{k}"))}</option> })
                .collect_view();
            let modules = ticket
                .modules
                .iter()
                .map(|(folder, title)| view! { <option value=folder.clone() selected=*folder == ticket.module>{title.clone()}</option> })
                .collect_view();
            let fields = view! {
                <label for="reclassify-kind">{t(locale, "ticket-kind")}</label>
                <select id="reclassify-kind" name="kind">{kinds}</select>
                <label for="reclassify-module">{t(locale, "ticket-module")}</label>
                <select id="reclassify-module" name="module">{modules}</select>
                <p class="help">{t(locale, "ticket-reclassify-help")}</p>
            }
            .into_any();
            view! { <details class="reclassify"><summary>{t(locale, "ticket-reclassify")}</summary>{action_form(locale, number, tenant_of(&ticket.row.tenant_query), "reclassify", t(locale, "ticket-reclassify-submit"), Some(fields), "")}</details> }
        });
        view! {
            <section class="ticket-actions agent" aria-label=t(locale, "ticket-agent-actions")>
                {ticket.can_comment.then(|| action_form(locale, number, tenant_of(&ticket.row.tenant_query), "assign-me", t(locale, "ticket-assign-me"), None, "secondary"))}
                {ticket.can_comment.then(|| action_form(locale, number, tenant_of(&ticket.row.tenant_query), "assign", t(locale, "ticket-assign"), Some(assign_fields), ""))}
                {can_change.then(|| action_form(locale, number, tenant_of(&ticket.row.tenant_query), "status", t(locale, "ticket-apply"), Some(status_fields), "primary"))}
                {record_call}
                {hand_over}
                {reclassify}
            </section>
        }
        .into_any()
    });
    let history = ticket.history.iter().cloned().map(|e| view! { <HistoryItem locale e/> }).collect_view().into_any();
    let copies = in_copy(locale, &ticket);
    let reply = ticket.can_comment.then(|| {
        let errors: Vec<String> = ticket.draft_errors.iter().map(|e| problem_text(locale, e)).collect();
        // Choosing a canned reply reloads the page with it in the reply box: no script needed.
        let canned = (!ticket.canned.is_empty()).then(|| {
            let options = ticket.canned.iter().map(|(id, title)| view! { <option value=id.clone()>{title.clone()}</option> }).collect_view();
            view! {
                <form method="get" action=format!("/{code}/tickets/{number}#reply") class="canned-pick">
                    {tenant_of(&ticket.row.tenant_query).map(|t| view! { <input type="hidden" name="tenant" value=t/> })}
                    <label for="canned-reply">{t(locale, "ticket-canned")}</label>
                    <select id="canned-reply" name="reply">{options}</select>
                    <button type="submit" class="secondary">{t(locale, "ticket-canned-insert")}</button>
                    <a href=format!("/{code}/agent/replies")>{t(locale, "ticket-canned-manage")}</a>
                </form>
            }
        });
        view! {
            <section id="reply" aria-labelledby="reply-heading">
                <h2 id="reply-heading">{t(locale, "ticket-reply")}</h2>
                {canned}
                <form method="post" enctype="multipart/form-data" action=format!("/{code}/tickets/{number}/comments{}", ticket.row.tenant_query) class="stack">
                    {(!errors.is_empty()).then(|| view! { <div class="form-error" role="alert">{errors.into_iter().map(|m| view! { <p>{m}</p> }).collect_view()}</div> })}
                    <label for="reply-body">{t(locale, "ticket-reply-body")}</label>
                    <textarea id="reply-body" name="body" rows="5">{crate::components::textarea_text(ticket.draft_body.clone())}</textarea>
                    {ticket.viewer_is_agent.then(|| view! {
                        <div class="choice">
                            <input type="checkbox" id="reply-internal" name="internal" value="1"/>
                            <label for="reply-internal">{t(locale, "ticket-reply-internal")}</label>
                        </div>
                    })}
                    <label for="reply-attachments">{t_with(locale, "ticket-attachments", &[("max", ticket.attachment_max_mb.to_string())])}</label>
                    <input id="reply-attachments" type="file" name="attachments" multiple accept=super::ticket_form::ACCEPTED_FILES/>
                    <button type="submit">{t(locale, "ticket-reply-submit")}</button>
                </form>
            </section>
        }
        .into_any()
    });
    let history = view! {
        <section id="history" aria-labelledby="history-heading">
            <h2 id="history-heading">{t(locale, "ticket-history")}</h2>
            <ol class="history">{history}</ol>
        </section>
    }
    .into_any();
    let description = view! {
        <section class="ticket-description" aria-label=t(locale, "ticket-description")>
            <p class="pre">{ticket.description.clone()}</p>
        </section>
    }
    .into_any();
    let back = if ticket.viewer_is_agent {
        (t(locale, "agent-title"), format!("/{code}/agent"))
    } else {
        (t(locale, "activities-title"), format!("/{code}/activities"))
    };
    view! {
        <Layout locale>
            <Breadcrumbs locale items=vec![(back.0, Some(back.1)), (format!("#{number}"), None)]/>
            <h1><span class="muted">"#" {number} " "</span>{ticket.row.subject.clone()}</h1>
            {notice}
            <div class="ticket-layout">
                <div class="ticket-main">
                    {description}
                    {customer_actions}
                    {agent_actions}
                    {history}
                    {reply}
                </div>
                <aside>{facts}{copies}{raci(locale, &ticket)}</aside>
            </div>
        </Layout>
    }
}

/// The people in copy, with what the viewer may do: add a colleague, remove someone, follow.
fn in_copy(locale: Locale, ticket: &TicketView) -> AnyView {
    let number = ticket.row.number;
    let tenant = || tenant_of(&ticket.row.tenant_query);
    let people = ticket
        .in_copy
        .iter()
        .map(|(id, name, agent, removable)| {
            let remove = removable.then(|| {
                let who = view! { <input type="hidden" name="person" value=id.clone()/> }.into_any();
                action_form(
                    locale,
                    number,
                    tenant(),
                    "copy-remove",
                    t_with(locale, "ticket-copy-remove", &[("name", name.clone())]),
                    Some(who),
                    "secondary inline",
                )
            });
            view! { <li>{name.clone()} {agent.then(|| view! { " " <span class="badge">{t(locale, "ticket-badge-support")}</span> })} {remove}</li> }
        })
        .collect_view();
    let open = ticket.can_comment;
    let add = open.then(|| {
        let field = view! {
            <label for="copy-email">{t(locale, "ticket-copy-email")}</label>
            <input id="copy-email" type="email" name="email" required autocomplete="off"/>
        }
        .into_any();
        action_form(locale, number, tenant(), "copy-add", t(locale, "ticket-copy-add"), Some(field), "")
    });
    let follow = ticket.following.filter(|_| open).map(|on| {
        let (action, label) = if on { ("unfollow", "ticket-unfollow") } else { ("follow", "ticket-follow") };
        action_form(locale, number, tenant(), action, t(locale, label), None, "secondary")
    });
    view! {
        <section class="in-copy" aria-labelledby="copy-heading">
            <h2 id="copy-heading">{t(locale, "ticket-copy")}</h2>
            {if ticket.in_copy.is_empty() {
                view! { <p class="muted">{t(locale, "ticket-copy-none")}</p> }.into_any()
            } else {
                view! { <ul>{people}</ul> }.into_any()
            }}
            {add}
            {follow}
        </section>
    }
    .into_any()
}

/// Who does what on the ticket now, after the service document's RACI for processing an incident
/// (§3.1.1): the level that has it is responsible, Customer Care stays accountable.
fn raci(locale: Locale, ticket: &TicketView) -> AnyView {
    let level = ticket.row.level;
    let mut responsible = t(locale, &format!("ticket-level-{level}"));
    if let Some(name) = &ticket.row.assignee {
        responsible = format!("{responsible} ({name})");
    }
    let mut consulted: Vec<String> = [1, 2, 3].into_iter().filter(|l| *l != level && *l != 1).map(|l| t(locale, &format!("ticket-level-{l}"))).collect();
    consulted.push(t(locale, "ticket-raci-csm"));
    view! {
        <section class="raci" aria-labelledby="raci-heading">
            <h2 id="raci-heading">{t(locale, "ticket-raci")}</h2>
            <dl>
                <dt>{t(locale, "ticket-raci-responsible")}</dt>
                <dd>{responsible}</dd>
                <dt>{t(locale, "ticket-raci-accountable")}</dt>
                <dd>{t(locale, "ticket-level-1")}</dd>
                <dt>{t(locale, "ticket-raci-consulted")}</dt>
                <dd>{consulted.join(", ")}</dd>
                <dt>{t(locale, "ticket-raci-informed")}</dt>
                <dd>{t_with(locale, "ticket-raci-customer", &[("requester", ticket.row.requester.clone())])}</dd>
            </dl>
        </section>
    }
    .into_any()
}

#[component]
fn HistoryItem(locale: Locale, e: TicketEventView) -> impl IntoView {
    let status = |s: &Option<String>| s.as_ref().map(|s| t(locale, &format!("ticket-status-{s}"))).unwrap_or_default();
    let what = match e.kind.as_str() {
        "created" => t(locale, "ticket-event-created"),
        "status" => t_with(locale, "ticket-event-status", &[("from", status(&e.from_status)), ("to", status(&e.to_status))]),
        "assigned" => t_with(locale, "ticket-event-assigned", &[("name", e.body.clone().unwrap_or_default())]),
        "reminder" => t_with(locale, "ticket-event-reminder", &[("date", e.body.clone().unwrap_or_default())]),
        "sla-alert" => t_with(locale, "ticket-event-sla-alert", &[("percent", e.body.clone().unwrap_or_default())]),
        "escalated" => t(locale, "ticket-event-escalated"),
        "escalation-call" => t(locale, "ticket-event-escalation-call"),
        "reclassified" => t(locale, "ticket-event-reclassified"),
        "handed-over" => t(locale, "ticket-event-handed-over"),
        "copied" => match e.body.as_deref().unwrap_or_default().split_once(' ') {
            Some(("-", name)) => t_with(locale, "ticket-event-uncopied", &[("name", name.to_string())]),
            Some((_, name)) => t_with(locale, "ticket-event-copied", &[("name", name.to_string())]),
            None => String::new(),
        },
        _ => String::new(),
    };
    // Assignment, reminder and alert bodies are already in the line above.
    let body =
        matches!(e.kind.as_str(), "comment" | "status" | "escalated" | "escalation-call" | "reclassified" | "handed-over").then(|| e.body.clone()).flatten();
    let who = e.author.clone().unwrap_or_else(|| t(locale, "ticket-system"));
    let class = if e.internal {
        "event internal"
    } else if e.by_agent {
        "event agent"
    } else {
        "event"
    };
    view! {
        <li class=class>
            <p class="event-head">
                <strong>{who}</strong>
                {e.by_agent.then(|| view! { <span class="badge">{t(locale, "ticket-badge-support")}</span> })}
                {e.internal.then(|| view! { <span class="badge internal">{t(locale, "ticket-internal")}</span> })}
                " · " <time>{e.at.clone()}</time>
                {(!what.is_empty()).then(|| view! { " · " <span>{what}</span> })}
            </p>
            {body.map(|b| view! { <p class="pre">{b}</p> })}
            {(!e.files.is_empty()).then(|| view! {
                <ul class="files">
                    {e.files.iter().map(|(href, name, shown)| match (href, shown) {
                        (Some(href), true) => view! {
                            <li><a href=href.clone()><img src=href.clone() alt=name.clone() loading="lazy" width="160"/><span>{name.clone()}</span></a></li>
                        }.into_any(),
                        (Some(href), false) => view! {
                            <li class="document"><a href=href.clone() download=name.clone()><span class="file-icon" aria-hidden="true">"⤓"</span><span>{name.clone()}</span></a></li>
                        }.into_any(),
                        (None, _) => view! {
                            <li class="removed"><span>{name.clone()}</span> <em>{t(locale, "ticket-file-removed")}</em></li>
                        }.into_any(),
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}
