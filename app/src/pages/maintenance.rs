//! `/<locale>/maintenance`: IT maintenance and outages. What is on or coming, the recurring
//! windows of the week, the past, the Atom and iCalendar subscriptions, and for support agents
//! the publishing form and the lifecycle buttons.

use super::{ticket_form::problem_text, use_locale, NotFoundPage, PageBoundary};
use crate::{
    api::{get_maintenance, unsubscribe_maintenance, RescheduleAnnouncement, SetAnnouncementState, SubscribeMaintenance},
    components::Layout,
    i18n::*,
    locale::Locale,
    model::{AnnouncementView, AvailabilityView, MaintenanceView, SubscriptionView},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MaintenancePage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (module, draft, notice) = use_query_map().with_untracked(|q| {
        let notice = Notice {
            published: q.get("published").is_some(),
            done: q.get("done"),
            subscription: q.get("subscription"),
            error: q.get("error"),
            detail: q.get("detail").unwrap_or_default(),
        };
        (q.get("module"), q.get("draft"), notice)
    });
    let data = Resource::new_blocking(|| (), move |_| get_maintenance(locale.code().to_string(), module.clone(), draft.clone()));
    view! {
        <Title text=t(locale, "maintenance-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || {
                    let notice = notice.clone();
                    Suspend::new(async move {
                        let m = data.await?;
                        Ok::<_, crate::error::AppError>(view! { <Maintenance locale m notice/> })
                    })
                }}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

/// What the last form post did, from the redirect's query.
#[derive(Clone, Default)]
struct Notice {
    published: bool,
    done: Option<String>,
    subscription: Option<String>,
    error: Option<String>,
    detail: String,
}

impl Notice {
    fn view(&self, locale: Locale) -> Option<AnyView> {
        let ok = |key: &str| Some(view! { <p class="notice" role="status">{t(locale, key)}</p> }.into_any());
        if let Some(e) = &self.error {
            let text = match e.as_str() {
                "too-soon" => t_with(locale, "maintenance-error-too-soon", &[("date", self.detail.clone())]),
                "before-start" => t(locale, "maintenance-error-before-start"),
                "invalid" => t(locale, "maintenance-error-date"),
                _ => t(locale, "maintenance-error-state"),
            };
            return Some(view! { <p class="form-error" role="alert">{text}</p> }.into_any());
        }
        if self.published {
            return ok("maintenance-published");
        }
        if self.done.as_deref() == Some("dates") {
            return ok("maintenance-rescheduled");
        }
        match self.subscription.as_deref() {
            Some("on") => ok("maintenance-subscribed"),
            Some("off") => ok("maintenance-unsubscribed"),
            _ => None,
        }
    }
}

#[component]
fn Maintenance(locale: Locale, m: MaintenanceView, notice: Notice) -> impl IntoView {
    let code = locale.code();
    let feed_query = if m.module.is_empty() { String::new() } else { format!("&module={}", m.module) };
    let modules = m.modules.iter().map(|(f, title)| view! { <option value=f.clone() selected=*f == m.module>{title.clone()}</option> }).collect_view();
    let recurring = m
        .recurring
        .iter()
        .map(|(key, window)| view! { <li><strong>{t(locale, &format!("maintenance-recurring-{key}"))}</strong> " · " {window.clone()}</li> })
        .collect_view();
    let items = if m.announcements.is_empty() {
        view! { <p class="muted">{t(locale, "maintenance-none")}</p> }.into_any()
    } else {
        m.announcements.iter().cloned().map(|a| view! { <AnnouncementItem locale a/> }).collect_view().into_any()
    };
    let notice = notice.view(locale);
    let form = m.can_publish.then(|| view! { <PublishForm locale m=m.clone()/> });
    view! {
        <Layout locale>
            <h1>{t(locale, "maintenance-title")}</h1>
            {notice}
            <form method="get" class="filters" action=format!("/{code}/maintenance")>
                <label>{t(locale, "ticket-module")}
                    <select name="module"><option value="">{t(locale, "agent-any")}</option>{modules}</select>
                </label>
                <button type="submit">{t(locale, "agent-filter")}</button>
            </form>
            <p class="feeds">
                {t(locale, "maintenance-subscribe")} " "
                <a href=format!("/feeds/maintenance.atom?locale={code}{feed_query}")>"Atom"</a> " · "
                <a href=format!("/feeds/maintenance.ics?locale={code}{feed_query}")>"iCalendar"</a>
            </p>
            <SubscribeForm locale s=m.subscription.clone() modules=m.modules.clone()/>
            <AvailabilitySection locale a=m.availability.clone()/>
            <section aria-labelledby="announcements-heading">
                <h2 id="announcements-heading">{t(locale, "maintenance-announcements")}</h2>
                {items}
            </section>
            <section aria-labelledby="recurring-heading">
                <h2 id="recurring-heading">{t_with(locale, "maintenance-recurring", &[("zone", super::service_time_zone())])}</h2>
                <ul class="recurring">{recurring}</ul>
            </section>
            {form}
        </Layout>
    }
}

/// Email subscription: for a signed-in reader, their address, one module or all, and a way out.
#[component]
fn SubscribeForm(locale: Locale, s: SubscriptionView, modules: Vec<(String, String)>) -> impl IntoView {
    let code = locale.code();
    if !s.signed_in {
        return view! {
            <p id="subscribe" class="muted">
                <a href=format!("/{code}/sign-in?return_to=/{code}/maintenance%23subscribe")>{t(locale, "maintenance-subscribe-sign-in")}</a>
            </p>
        }
        .into_any();
    }
    let options =
        modules.into_iter().map(|(f, title)| view! { <option value=f.clone() selected=s.subscribed && s.module == f>{title}</option> }).collect_view();
    let status = if s.subscribed {
        t_with(locale, "maintenance-subscription-on", &[("email", s.email.clone())])
    } else {
        t_with(locale, "maintenance-subscription-none", &[("email", s.email.clone())])
    };
    view! {
        <section id="subscribe" class="subscribe" aria-labelledby="subscribe-heading">
            <h2 id="subscribe-heading">{t(locale, "maintenance-subscribe-email")}</h2>
            <p>{status}</p>
            <form method="post" action=SubscribeMaintenance::PATH class="inline">
                <input type="hidden" name="locale" value=code/>
                <label for="sub-module">{t(locale, "ticket-module")}</label>
                <select id="sub-module" name="module"><option value="">{t(locale, "maintenance-all-modules")}</option>{options}</select>
                <button type="submit">{t(locale, if s.subscribed { "maintenance-subscription-change" } else { "maintenance-subscription-start" })}</button>
            </form>
            {s.subscribed.then(|| view! {
                <form method="post" action=SubscribeMaintenance::PATH class="inline">
                    <input type="hidden" name="locale" value=code/>
                    <input type="hidden" name="module" value="off"/>
                    <button type="submit" class="link-button">{t(locale, "maintenance-subscription-stop")}</button>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// `/<locale>/maintenance/unsubscribe?token=`: the one-click link of subscription mails.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let token = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    let done = Resource::new_blocking(|| (), move |_| unsubscribe_maintenance(locale.code().to_string(), token.clone()));
    view! {
        <Title text=t(locale, "maintenance-unsubscribe-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let ended = done.await?;
                    let key = if ended { "maintenance-unsubscribe-done" } else { "maintenance-unsubscribe-unknown" };
                    Ok::<_, crate::error::AppError>(view! {
                        <Layout locale>
                            <h1>{t(locale, "maintenance-unsubscribe-title")}</h1>
                            <p role="status">{t(locale, key)}</p>
                            <p><a href=format!("/{}/maintenance#subscribe", locale.code())>{t(locale, "maintenance-title")}</a></p>
                        </Layout>
                    })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

/// A percentage in the reader's notation: `99.94 %` in English, `99,94 %` elsewhere.
fn percent(locale: Locale, value: f64) -> String {
    let text = format!("{value:.2}");
    if locale.code() == "en" {
        format!("{text} %")
    } else {
        format!("{} %", text.replace('.', ","))
    }
}

#[component]
fn AvailabilitySection(locale: Locale, a: AvailabilityView) -> impl IntoView {
    let counted = a
        .counted
        .iter()
        .map(|(title, window, minutes)| view! { <tr><td>{title.clone()}</td><td>{window.clone()}</td><td class="num">{*minutes}</td></tr> })
        .collect_view();
    let verdict = if a.meets { "maintenance-availability-met" } else { "maintenance-availability-missed" };
    view! {
        <section aria-labelledby="availability-heading" class="availability">
            <h2 id="availability-heading">{t(locale, "maintenance-availability")}</h2>
            <p class=if a.meets { "figure ok" } else { "figure missed" }>
                <strong id="availability-figure">{percent(locale, a.percent)}</strong>
                " · " {t_with(locale, verdict, &[("commitment", percent(locale, a.commitment))])}
            </p>
            <p class="muted">{t_with(locale, "maintenance-availability-formula", &[("unavailable", a.unavailable_minutes.to_string()), ("total", a.total_minutes.to_string())])}</p>
            {(!a.counted.is_empty()).then(|| view! {
                <table class="availability-outages">
                    <caption>{t(locale, "maintenance-availability-counted")}</caption>
                    <thead><tr>
                        <th scope="col">{t(locale, "maintenance-field-title")}</th>
                        <th scope="col">{t(locale, "maintenance-availability-window")}</th>
                        <th scope="col">{t(locale, "maintenance-availability-minutes")}</th>
                    </tr></thead>
                    <tbody>{counted}</tbody>
                </table>
            })}
        </section>
    }
}

#[component]
fn AnnouncementItem(locale: Locale, a: AnnouncementView) -> impl IntoView {
    let updates = a
        .updates
        .iter()
        .map(|(at, state, note)| view! { <li><time>{at.clone()}</time> " · " {t(locale, &format!("maintenance-state-{state}"))} {note.clone().map(|n| view! { " — " {n} })}</li> })
        .collect_view();
    let actions = a
        .next_states
        .iter()
        .map(|s| {
            view! {
                <form method="post" action=SetAnnouncementState::PATH class="inline">
                    <input type="hidden" name="locale" value=locale.code()/>
                    <input type="hidden" name="id" value=a.id.clone()/>
                    <input type="hidden" name="to_state" value=s.clone()/>
                    <input type="text" name="note" placeholder=t(locale, "maintenance-note") aria-label=t(locale, "maintenance-note")/>
                    <button type="submit">{t(locale, &format!("maintenance-to-{s}"))}</button>
                </form>
            }
        })
        .collect_view();
    let dates = (!a.starts_input.is_empty()).then(|| {
        view! {
            <details class="reschedule">
                <summary>{t(locale, "maintenance-change-dates")}</summary>
                <form method="post" action=RescheduleAnnouncement::PATH class="stack">
                    <input type="hidden" name="locale" value=locale.code()/>
                    <input type="hidden" name="id" value=a.id.clone()/>
                    <label for=format!("s-{}", a.id)>{t(locale, "maintenance-field-starts")}</label>
                    <input id=format!("s-{}", a.id) type="datetime-local" name="starts_at" value=a.starts_input.clone() required/>
                    <label for=format!("e-{}", a.id)>{t(locale, "maintenance-field-ends")}</label>
                    <input id=format!("e-{}", a.id) type="datetime-local" name="ends_at" value=a.ends_input.clone() required/>
                    <label for=format!("n-{}", a.id)>{t(locale, "maintenance-note")}</label>
                    <input id=format!("n-{}", a.id) name="note"/>
                    <button type="submit">{t(locale, "maintenance-change-dates")}</button>
                </form>
            </details>
        }
    });
    view! {
        <article class=format!("announcement kind-{}", a.kind) id=format!("announcement-{}", a.id)>
            <h3>{a.title.clone()}</h3>
            <p class="meta">
                <span class="badge">{t(locale, &format!("maintenance-kind-{}", a.kind))}</span>
                <span class="badge">{t(locale, &format!("maintenance-state-{}", a.state))}</span>
                " " {t(locale, "maintenance-impact")} ": " {t(locale, &format!("maintenance-impact-{}", a.impact))}
            </p>
            <p><strong>{a.window.clone()}</strong></p>
            {(!a.modules.is_empty()).then(|| view! { <p>{t(locale, "maintenance-modules")} ": " {a.modules.join(", ")}</p> })}
            {a.emergency_reason.clone().map(|r| view! { <p class="notice">{t(locale, "maintenance-emergency")} ": " {r}</p> })}
            <div class="prose" inner_html=a.body_html.clone()></div>
            <ol class="updates">{updates}</ol>
            {actions}
            {dates}
        </article>
    }
}

#[component]
fn PublishForm(locale: Locale, m: MaintenanceView) -> impl IntoView {
    let v = m.values;
    let errors = m.errors;
    let err = |f: &str| {
        let msgs: Vec<String> = errors
            .iter()
            .filter(|e| e.field == f)
            .map(|e| match e.problem.as_str() {
                "too-soon" => t_with(locale, "maintenance-error-too-soon", &[("date", e.detail.clone().unwrap_or_default())]),
                "before-start" => t(locale, "maintenance-error-before-start"),
                _ => problem_text(locale, e),
            })
            .collect();
        (!msgs.is_empty()).then(|| view! { <p class="field-error" id=format!("err-{f}")>{msgs.join(" ")}</p> })
    };
    let kinds = ["planned", "unplanned", "outage", "resolved"]
        .into_iter()
        .map(|k| view! { <option value=k selected=v.kind == k>{t(locale, &format!("maintenance-kind-{k}"))}</option> })
        .collect_view();
    let impacts = ["none", "minor", "major", "critical"]
        .into_iter()
        .map(|i| view! { <option value=i selected=v.impact == i>{t(locale, &format!("maintenance-impact-{i}"))}</option> })
        .collect_view();
    let modules = m
        .modules
        .iter()
        .map(|(f, title)| {
            let id = format!("affects-{f}");
            view! { <div class="choice"><input type="checkbox" id=id.clone() name="modules" value=f.clone() checked=v.modules.contains(f)/><label for=id>{title.clone()}</label></div> }
        })
        .collect_view();
    view! {
        <section id="publish" aria-labelledby="publish-heading">
            <details open=!errors.is_empty()>
                <summary><h2 id="publish-heading">{t(locale, "maintenance-publish")}</h2></summary>
                <form method="post" action=format!("/{}/maintenance", locale.code()) class="stack ticket-form">
                    {(!errors.is_empty()).then(|| view! { <p class="form-error" role="alert">{t(locale, "maintenance-not-published")}</p> })}
                    <label for="a-title">{t(locale, "maintenance-field-title")}</label>
                    <input id="a-title" name="title" value=v.title.clone() required maxlength="200"/>
                    {err("title")}
                    <label for="a-kind">{t(locale, "maintenance-field-kind")}</label>
                    <select id="a-kind" name="kind">{kinds}</select>
                    <label for="a-impact">{t(locale, "maintenance-impact")}</label>
                    <select id="a-impact" name="impact">{impacts}</select>
                    <fieldset><legend>{t(locale, "maintenance-modules")}</legend>{modules}</fieldset>
                    <label for="a-starts">{t(locale, "maintenance-field-starts")}</label>
                    <input id="a-starts" type="datetime-local" name="starts_at" value=v.starts_at.clone() required/>
                    {err("starts_at")}
                    <label for="a-ends">{t(locale, "maintenance-field-ends")}</label>
                    <input id="a-ends" type="datetime-local" name="ends_at" value=v.ends_at.clone() required/>
                    {err("ends_at")}
                    <label for="a-tz">{t(locale, "maintenance-field-tz")}</label>
                    <input id="a-tz" name="time_zone" value=v.time_zone.clone() required/>
                    {err("time_zone")}
                    <div class="choice"><input type="checkbox" id="a-emergency" name="emergency" value="1" checked=v.emergency/><label for="a-emergency">{t(locale, "maintenance-field-emergency")}</label></div>
                    <label for="a-reason">{t(locale, "maintenance-field-reason")}</label>
                    <input id="a-reason" name="emergency_reason" value=v.emergency_reason.clone()/>
                    {err("emergency_reason")}
                    <div class="choice"><input type="checkbox" id="a-downtime" name="counts_as_downtime" value="1" checked=v.counts_as_downtime/><label for="a-downtime">{t(locale, "maintenance-field-downtime")}</label></div>
                    <label for="a-body">{t(locale, "maintenance-field-body")}</label>
                    <textarea id="a-body" name="body" rows="6">{crate::components::textarea_text(v.body.clone())}</textarea>
                    <button type="submit">{t(locale, "maintenance-publish")}</button>
                </form>
            </details>
        </section>
    }
}
