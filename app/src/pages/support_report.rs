//! `/<locale>/insights/support`: the support manager's satisfaction report. CSAT (share of 4–5
//! ratings) per week, module and agent as SVG bar charts drawn on the server, so they show
//! without JavaScript; the comments; a CSV export.

use super::{use_locale, NotFoundPage, PageBoundary};
use crate::{api::get_support_report, components::Layout, i18n::*, locale::Locale, model::CsatBar};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SupportReportPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let report = Resource::new_blocking(|| (), move |_| get_support_report(locale.code().to_string()));
    view! {
        <Title text=t(locale, "report-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let r = report.await?;
                    let comments = r
                        .comments
                        .into_iter()
                        .map(|c| view! {
                            <tr>
                                <td>{c.ticket}</td>
                                <td>{c.rating}</td>
                                <td>{c.reason.map(|k| t(locale, &format!("survey-reason-{k}")))}</td>
                                <td class="pre">{c.comment}</td>
                                <td>{c.answered}</td>
                            </tr>
                        })
                        .collect_view();
                    Ok::<_, crate::error::AppError>(view! {
                        <Layout locale>
                            <h1>{t(locale, "report-title")}</h1>
                            <p class="counters-line">
                                <strong id="csat-overall">{format!("{} %", r.overall.csat)}</strong>
                                " " {t_with(locale, "report-overall", &[("answers", r.overall.answers.to_string())])}
                                " · " <a href="/api/survey-answers.csv" download="survey-answers.csv">{t(locale, "insights-csv")}</a>
                            </p>
                            <CsatChart locale id="by-week" heading=t(locale, "report-by-week") bars=r.by_week/>
                            <CsatChart locale id="by-module" heading=t(locale, "report-by-module") bars=r.by_module/>
                            <CsatChart locale id="by-agent" heading=t(locale, "report-by-agent") bars=r.by_agent/>
                            <section aria-labelledby="comments-heading">
                                <h2 id="comments-heading">{t(locale, "report-comments")}</h2>
                                <table class="tickets" id="survey-comments">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t(locale, "report-ticket")}</th>
                                            <th scope="col">{t(locale, "report-rating")}</th>
                                            <th scope="col">{t(locale, "survey-reason")}</th>
                                            <th scope="col">{t(locale, "survey-comment")}</th>
                                            <th scope="col">{t(locale, "col-updated")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{comments}</tbody>
                                </table>
                            </section>
                        </Layout>
                    })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

/// Horizontal bars, one per group: CSAT in per cent, with the number of answers.
#[component]
fn CsatChart(locale: Locale, id: &'static str, heading: String, bars: Vec<CsatBar>) -> impl IntoView {
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let height = (bars.len().max(1) * 24).to_string();
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let y = i as i64 * 24;
            let width = 2 + 2 * b.csat;
            let label = t_with(locale, "report-bar", &[("csat", b.csat.to_string()), ("answers", b.answers.to_string())]);
            view! {
                <g>
                    <title>{format!("{}: {label}", b.label)}</title>
                    <text x="0" y=y + 16>{b.label}</text>
                    <rect x="190" y=y + 4 width=width.to_string() height="16" class="bar"></rect>
                    <text x=(200 + width).to_string() y=y + 16>{label}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby=labelled_by>
            <h2 id=heading_id>{heading.clone()}</h2>
            <svg class="chart" id=id role="img" aria-label=heading viewBox=format!("0 0 560 {height}") width="560" height=height.clone()>
                {rows}
            </svg>
        </section>
    }
}
