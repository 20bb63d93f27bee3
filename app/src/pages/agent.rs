//! `/<locale>/agent`: the support agents' queue, sorted by SLA due time, with filters and the
//! dashboard counts (open, breached, at risk, due today, escalations) and a small chart.

use super::{
    ticket::{sla_class, sla_text},
    use_locale, NotFoundPage, PageBoundary,
};
use crate::{api::get_queue, components::Layout, i18n::*, model::QueueFilterView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AgentQueuePage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let filter = use_query_map().with_untracked(|q| QueueFilterView {
        tenant: q.get("tenant").unwrap_or_default(),
        text: q.get("q").unwrap_or_default(),
        status: q.get("status").unwrap_or_default(),
        severity: q.get("severity").unwrap_or_default(),
        module: q.get("module").unwrap_or_default(),
        assignee: q.get("assignee").unwrap_or_default(),
        escalated: q.get("escalated").is_some(),
        level: q.get("level").unwrap_or_default(),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0),
    });
    let queue = Resource::new_blocking(|| (), move |_| get_queue(locale.code().to_string(), filter.clone()));
    let code = locale.code();
    view! {
        <Title text=t(locale, "agent-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let q = queue.await?;
                    let f = q.filter.clone();
                    let max = q.by_status.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
                    let chart = q
                        .by_status
                        .iter()
                        .enumerate()
                        .map(|(i, (status, n))| {
                            let width = 10 + 190 * n / max;
                            let y = i as i64 * 22;
                            view! {
                                <g>
                                    <text x="0" y=y + 15>{t(locale, &format!("ticket-status-{status}"))}</text>
                                    <rect x="150" y=y + 3 width=width.to_string() height="16" class=format!("bar status-{status}")></rect>
                                    <text x=(160 + width).to_string() y=y + 15>{*n}</text>
                                </g>
                            }
                        })
                        .collect_view();
                    let chart_height = (q.by_status.len() * 22).to_string();
                    let option = |value: &str, label: String, current: &str| {
                        view! { <option value=value.to_string() selected=value == current>{label}</option> }
                    };
                    let statuses = ["new", "open", "pending", "on-hold", "awaiting-delivery", "awaiting-approval", "validated", "closed"]
                        .into_iter()
                        .map(|s| option(s, t(locale, &format!("ticket-status-{s}")), &f.status))
                        .collect_view();
                    let severities = ["blocking", "major", "minor"].into_iter().map(|s| option(s, t(locale, &format!("ticket-severity-{s}")), &f.severity)).collect_view();
                    let modules = q.modules.iter().map(|(m, title)| option(m, title.clone(), &f.module)).collect_view();
                    let agents = q.agents.iter().map(|(id, name)| option(id, name.clone(), &f.assignee)).collect_view();
                    let across = !q.tenants.is_empty();
                    let tenant_filter = across.then(|| {
                        let tenants = q.tenants.iter().map(|(id, name)| option(id, name.clone(), &f.tenant)).collect_view();
                        view! { <label>{t(locale, "agent-tenant")}<select name="tenant"><option value="">{t(locale, "agent-any")}</option>{tenants}</select></label> }
                    });
                    let rows = q
                        .tickets
                        .iter()
                        .map(|r| view! {
                            <tr class:breached=r.sla.breached class:at-risk=r.sla.at_risk && !r.sla.breached>
                                <td>{r.number}</td>
                                {across.then(|| view! { <td>{r.tenant_name.clone()}</td> })}
                                <td><a href=format!("/{code}/tickets/{}{}", r.number, r.tenant_query)>{r.subject.clone()}</a></td>
                                <td><span class=format!("status status-{}", r.status)>{t(locale, &format!("ticket-status-{}", r.status))}</span></td>
                                <td>{t(locale, &format!("ticket-severity-{}", r.severity))}</td>
                                <td>{r.module_title.clone()}</td>
                                <td>{r.requester.clone()}</td>
                                <td>{r.assignee.clone().unwrap_or_else(|| t(locale, "ticket-unassigned"))}</td>
                                <td class=sla_class(&r.sla)>{sla_text(locale, &r.sla)}</td>
                                <td>{r.escalation_due.clone().map(|d| t_with(locale, "agent-escalated", &[("date", d)]))}</td>
                            </tr>
                        })
                        .collect_view();
                    let levels = ["1", "2", "3"].into_iter().map(|l| option(l, t(locale, &format!("ticket-level-{l}")), &f.level)).collect_view();
                    let empty = q.tickets.is_empty();
                    let counters = view! {
                        <ul class="counters">
                            <li><span class="count">{q.open}</span>{t(locale, "agent-open")}</li>
                            <li class="breached"><span class="count">{q.breached}</span>{t(locale, "agent-breached")}</li>
                            <li class="at-risk"><span class="count">{q.at_risk}</span>{t(locale, "agent-at-risk")}</li>
                            <li><span class="count">{q.due_today}</span>{t(locale, "agent-due-today")}</li>
                            <li><a href=format!("/{code}/agent?escalated=1")><span class="count">{q.escalations}</span>{t(locale, "agent-escalations")}</a></li>
                            {q.by_level.iter().map(|(level, n)| view! {
                                <li><a href=format!("/{code}/agent?level={level}")><span class="count">{*n}</span>{t(locale, &format!("ticket-level-{level}"))}</a></li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any();
                    let filters = view! {
                        <form method="get" class="filters" action=format!("/{code}/agent")>
                            <label>{t(locale, "agent-search")}<input type="search" name="q" value=f.text.clone()/></label>
                            {tenant_filter}
                            <label>{t(locale, "col-status")}<select name="status"><option value="">{t(locale, "agent-any")}</option>{statuses}</select></label>
                            <label>{t(locale, "ticket-severity")}<select name="severity"><option value="">{t(locale, "agent-any")}</option>{severities}</select></label>
                            <label>{t(locale, "ticket-module")}<select name="module"><option value="">{t(locale, "agent-any")}</option>{modules}</select></label>
                            <label>{t(locale, "col-assignee")}<select name="assignee"><option value="">{t(locale, "agent-any")}</option>{option("none", t(locale, "ticket-unassigned"), &f.assignee)}{agents}</select></label>
                            <label>{t(locale, "ticket-level")}<select name="level"><option value="">{t(locale, "agent-any")}</option>{levels}</select></label>
                            <label class="choice"><input type="checkbox" name="escalated" value="1" checked=f.escalated/>{t(locale, "agent-escalations")}</label>
                            <button type="submit">{t(locale, "agent-filter")}</button>
                        </form>
                    }
                    .into_any();
                    Ok::<_, crate::error::AppError>(view! {
                        <Layout locale>
                            <h1>{t(locale, "agent-title")}</h1>
                            <p class="page-actions"><a href=format!("/{code}/agent/replies")>{t(locale, "canned-link")}</a> " · " <a href=format!("/{code}/agent/notifications")>{t(locale, "desk-settings-link")}</a></p>
                            <div class="dashboard">
                                {counters}
                                <svg class="chart" role="img" aria-label=t(locale, "agent-chart") viewBox=format!("0 0 400 {chart_height}") width="400" height=chart_height>
                                    {chart}
                                </svg>
                            </div>
                            {filters}
                            {if empty {
                                view! { <p class="muted">{t(locale, "agent-none")}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="tickets queue">
                                        <thead>
                                            <tr>
                                                <th scope="col">"#"</th>
                                                {across.then(|| view! { <th scope="col">{t(locale, "agent-tenant")}</th> })}
                                                <th scope="col">{t(locale, "col-subject")}</th>
                                                <th scope="col">{t(locale, "col-status")}</th>
                                                <th scope="col">{t(locale, "ticket-severity")}</th>
                                                <th scope="col">{t(locale, "ticket-module")}</th>
                                                <th scope="col">{t(locale, "col-requester")}</th>
                                                <th scope="col">{t(locale, "col-assignee")}</th>
                                                <th scope="col">{t(locale, "ticket-sla")}</th>
                                                <th scope="col">{t(locale, "ticket-escalation")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                    {(q.previous_page.is_some() || q.next_page.is_some()).then(|| view! {
                                        <nav class="pager" aria-label=t(locale, "activities-pages")>
                                            <p class="muted">{t_with(locale, "agent-matching", &[("count", q.matching.to_string())])}</p>
                                            {q.previous_page.clone().map(|href| view! { <a rel="prev" href=href>{t(locale, "agent-previous-page")}</a> })}
                                            " "
                                            {q.next_page.clone().map(|href| view! { <a class="button" rel="next" href=href>{t(locale, "agent-next-page")}</a> })}
                                        </nav>
                                    })}
                                }
                                .into_any()
                            }}
                        </Layout>
                    })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}
