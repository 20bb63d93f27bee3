//! `/<locale>/activities`: My Activities. The reader's tickets (a customer administrator's: the
//! whole company's), what waits on them first, with the solution to accept right there; then the
//! ticket form.

use super::{
    ticket::{sla_class, sla_text},
    ticket_form::ContextualTicketForm,
    use_locale, NotFoundPage, PageBoundary,
};
use crate::{
    api::{get_activities, TicketAction},
    components::Layout,
    i18n::*,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (done, error, after) = use_query_map().with_untracked(|q| (q.get("done"), q.get("error"), q.get("after")));
    let list = Resource::new_blocking(move || after.clone(), move |after| get_activities(locale.code().to_string(), after));
    let code = locale.code();
    view! {
        <Title text=t(locale, "activities-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || {
                    let (done, error) = (done.clone(), error.clone());
                    Suspend::new(async move {
                        let view = list.await?;
                        let whole = view.whole_tenant;
                        let shown = view.tickets.len();
                        let pager = (view.next.is_some() || view.later_page).then(|| view! {
                            <nav class="pager" aria-label=t(locale, "activities-pages")>
                                <p class="muted">{t_with(locale, "activities-count", &[("shown", shown.to_string()), ("total", view.total.to_string())])}</p>
                                {view.later_page.then(|| view! { <a href=format!("/{code}/activities")>{t(locale, "activities-first-page")}</a> })}
                                " "
                                {view.next.clone().map(|href| view! { <a class="button" rel="next" href=href>{t(locale, "activities-next-page")}</a> })}
                            </nav>
                        });
                        let surveys = (!view.surveys.is_empty()).then(|| {
                            let items = view
                                .surveys
                                .iter()
                                .map(|(number, href)| {
                                    let links = (1..=5)
                                        .map(|r| view! { <a class="rating" href=format!("{href}?rating={r}") title=t(locale, &format!("survey-rating-{r}"))>{r}</a> })
                                        .collect_view();
                                    view! { <li>{t_with(locale, "activities-survey", &[("number", number.to_string())])} " " {links}</li> }
                                })
                                .collect_view();
                            view! { <section class="notice survey-prompt" aria-label=t(locale, "survey-title")><ul>{items}</ul></section> }
                        });
                        let rows = view
                            .tickets
                            .into_iter()
                            .map(|r| {
                                let waiting = r.owner == "customer" && r.status != "validated";
                                let accept = (r.status == "awaiting-approval").then(|| view! {
                                    <form method="post" action=TicketAction::PATH class="inline">
                                        <input type="hidden" name="locale" value=code/>
                                        <input type="hidden" name="number" value=r.number.to_string()/>
                                        <input type="hidden" name="action" value="accept"/>
                                        <input type="hidden" name="return_to" value=format!("/{code}/activities")/>
                                        <button type="submit">{t(locale, "ticket-accept")}</button>
                                    </form>
                                    <a href=format!("/{code}/tickets/{}#proposal", r.number)>{t(locale, "ticket-refuse")}</a>
                                });
                                let answer = (r.status == "pending").then(|| view! {
                                    <a class="button" href=format!("/{code}/tickets/{}#reply", r.number)>{t(locale, "activities-answer")}</a>
                                });
                                view! {
                                    <tr class:waiting=waiting>
                                        <td>{r.number}</td>
                                        <td><a href=format!("/{code}/tickets/{}", r.number)>{r.subject.clone()}</a></td>
                                        {whole.then(|| view! { <td>{r.requester.clone()}</td> })}
                                        <td><span class=format!("status status-{}", r.status)>{t(locale, &format!("ticket-status-{}", r.status))}</span></td>
                                        <td>{t(locale, &format!("ticket-owner-{}", r.owner))}</td>
                                        <td class=sla_class(&r.sla)>{sla_text(locale, &r.sla)}</td>
                                        <td>{r.updated.clone()}</td>
                                        <td>{accept}{answer}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        let empty = rows.is_empty();
                        let notice = done.map(|_| view! { <p class="notice" role="status">{t(locale, "ticket-saved")}</p> }.into_any()).or_else(|| {
                            error.filter(|e| matches!(e.as_str(), "not-allowed" | "conflict" | "closed")).map(|e| {
                                view! { <p class="form-error" role="alert">{t(locale, &format!("ticket-error-{e}"))}</p> }.into_any()
                            })
                        });
                        Ok::<_, crate::error::AppError>(view! {
                            <Layout locale>
                                <h1>{t(locale, "activities-title")}</h1>
                                {notice}
                                <p>{t(locale, if whole { "activities-intro-admin" } else { "activities-intro" })}</p>
                                {surveys}
                                {if empty {
                                    view! { <p class="muted">{t(locale, "activities-none")}</p> }.into_any()
                                } else {
                                    view! {
                                        <table class="tickets">
                                            <thead>
                                                <tr>
                                                    <th scope="col">"#"</th>
                                                    <th scope="col">{t(locale, "col-subject")}</th>
                                                    {whole.then(|| view! { <th scope="col">{t(locale, "col-requester")}</th> })}
                                                    <th scope="col">{t(locale, "col-status")}</th>
                                                    <th scope="col">{t(locale, "col-owner")}</th>
                                                    <th scope="col">{t(locale, "ticket-sla")}</th>
                                                    <th scope="col">{t(locale, "col-updated")}</th>
                                                    <th scope="col"><span class="visually-hidden">{t(locale, "col-actions")}</span></th>
                                                </tr>
                                            </thead>
                                            <tbody>{rows}</tbody>
                                        </table>
                                        {pager}
                                    }
                                    .into_any()
                                }}
                                <ContextualTicketForm locale/>
                            </Layout>
                        })
                    })
                }}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}
