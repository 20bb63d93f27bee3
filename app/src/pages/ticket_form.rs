//! The ticket form (at the bottom of every article, on the home page, on My Activities) and the
//! request catalogue page `/<locale>/tickets/new`.

use super::{use_locale, NotFoundPage, PageBoundary};
use crate::{
    api::get_ticket_form,
    components::{Layout, TicketText, TicketTextLabels},
    i18n::*,
    locale::Locale,
    model::{FieldProblem, TicketFormView},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};

/// What the file pickers offer: the kinds the server accepts (it checks each file's content).
pub const ACCEPTED_FILES: &str =
    "image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp,.pdf,.csv,.tsv,.txt,.log,.docx,.xlsx,.pptx,.odt,.ods,.doc,.xls,.ppt,.msg,.zip";

/// A field problem as a sentence in the reader's language.
pub fn problem_text(locale: Locale, p: &FieldProblem) -> String {
    let file = p.detail.clone().unwrap_or_default();
    match p.problem.as_str() {
        "not-an-image" | "too-large" | "polyglot" | "too-many-pixels" | "bad-filename" | "not-accepted" | "mismatch" | "archive" => {
            t_with(locale, &format!("ticket-error-{}", p.problem), &[("file", file)])
        }
        "too-many" | "too-long" | "invalid" | "in-future" | "unreadable" => t(locale, &format!("ticket-error-{}", p.problem)),
        _ => t(locale, "ticket-error-required"),
    }
}

fn problem_for(locale: Locale, errors: &[FieldProblem], field: &str) -> Option<String> {
    let msgs: Vec<String> = errors.iter().filter(|e| e.field == field).map(|e| problem_text(locale, e)).collect();
    (!msgs.is_empty()).then(|| msgs.join(" "))
}

fn field_error(locale: Locale, errors: &[FieldProblem], field: &str) -> Option<AnyView> {
    problem_for(locale, errors, field).map(|m| view! { <p class="field-error" id=format!("err-{field}")>{m}</p> }.into_any())
}

/// The form itself. `open` shows it unfolded (on its own page, or when it came back refused).
#[component]
pub fn TicketFormSection(locale: Locale, form: TicketFormView, #[prop(optional)] open: bool) -> impl IntoView {
    let code = locale.code();
    let here = use_location().pathname.get_untracked();
    if !form.signed_in {
        let href = format!("/{code}/sign-in?return_to={}", crate::url::query_value(&here));
        return view! {
            <section class="ticket-form-section" id="ticket-form" aria-labelledby="ticket-heading">
                <h2 id="ticket-heading">{t(locale, "ticket-form-heading")}</h2>
                <p>{t_with(locale, "ticket-form-intro", &[("zone", super::service_time_zone())])}</p>
                <p><a class="button" href=href>{t(locale, "ticket-sign-in-needed")}</a></p>
            </section>
        }
        .into_any();
    }
    let TicketFormView { modules, values, errors, article_title, attachment_max_mb, .. } = form;
    let open = open || !errors.is_empty();
    let err = |f: &str| field_error(locale, &errors, f);
    let invalid = |f: &str| errors.iter().any(|e| e.field == f).to_string();
    let summary = (!errors.is_empty()).then(|| {
        view! {
            <div class="form-error" role="alert" id="ticket-errors">
                <p>{t(locale, "ticket-errors-heading")}</p>
                {errors.iter().any(|e| e.field != "attachments").then(|| view! { <p>{t(locale, "ticket-files-again")}</p> })}
            </div>
        }
    });
    let module_options =
        modules.iter().map(|m| view! { <option value=m.folder.clone() selected=m.folder == values.module>{m.title.clone()}</option> }).collect_view();
    // Every module's extra fields are in the page; CSS shows the chosen module's only, so the
    // catalogue works without JavaScript.
    let extra_fields = modules
        .iter()
        .filter(|m| !m.fields.is_empty())
        .map(|m| {
            let fields = m
                .fields
                .iter()
                .map(|f| {
                    let name = format!("extra.{}", f.key);
                    let id = format!("extra-{}-{}", m.folder, f.key);
                    let value = values.extra.iter().find(|(k, _)| *k == f.key).map(|(_, v)| v.clone()).unwrap_or_default();
                    let e = if m.folder == values.module { field_error(locale, &errors, &name) } else { None };
                    let label = if f.required { format!("{} *", f.label) } else { f.label.clone() };
                    view! {
                        <label for=id.clone()>{label}</label>
                        <input id=id name=name value=value maxlength="500"/>
                        {e}
                    }
                })
                .collect_view();
            let shown = m.folder == values.module && errors.iter().any(|e| e.field.starts_with("extra."));
            view! {
                <fieldset class="extra-fields" class:shown=shown data-module=m.folder.clone()>
                    <legend>{t_with(locale, "ticket-extra-legend", &[("module", m.title.clone())])}</legend>
                    {fields}
                </fieldset>
            }
        })
        .collect_view()
        .into_any();
    let extra_css: String = modules
        .iter()
        .filter(|m| !m.fields.is_empty() && m.folder.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(|m| format!(".ticket-form:has(#ticket-module option[value={0}]:checked) .extra-fields[data-module={0}] {{ display: block; }}\n", m.folder))
        .collect();
    let chosen_language = if values.language.is_empty() { code.to_string() } else { values.language.clone() };
    let languages =
        Locale::ALL.into_iter().map(|l| view! { <option value=l.code() selected=l.code() == chosen_language>{l.native_name()}</option> }).collect_view();
    let kinds = ["anomaly", "configuration", "question", "service"]
        .into_iter()
        .map(|k| view! { <option value=k selected=values.kind == k>{t(locale, &format!("ticket-kind-{k}"))}</option> })
        .collect_view();
    let severities = ["blocking", "major", "minor"]
        .into_iter()
        .map(|s| {
            let id = format!("severity-{s}");
            view! {
                <div class="choice">
                    <input type="radio" id=id.clone() name="severity" value=s checked=values.severity == s required/>
                    <label for=id>
                        <strong>{t(locale, &format!("ticket-severity-{s}"))}</strong>
                        <span class="help">{t(locale, &format!("ticket-severity-{s}-help"))}</span>
                    </label>
                </div>
            }
        })
        .collect_view()
        .into_any();
    let impacts = ["none", "degradation", "disruption"]
        .into_iter()
        .map(|i| view! { <option value=i selected=values.impact == i>{t(locale, &format!("ticket-impact-{i}"))}</option> })
        .collect_view();
    let text = view! {
        <TicketText locale=code.to_string() props=TicketTextLabels {
            subject_label: t(locale, "ticket-subject"),
            description_label: t(locale, "ticket-description"),
            description_help: t(locale, "ticket-description-help"),
            subject: values.subject.clone(),
            description: values.description.clone(),
            subject_error: problem_for(locale, &errors, "subject"),
            description_error: problem_for(locale, &errors, "description"),
            suggestions_label: t(locale, "ticket-suggestions"),
            form_session: values.form_session.clone(),
        }/>
    }
    .into_any();
    let context = article_title.map(|title| view! { <p class="ticket-context">{t(locale, "ticket-from-article")} " " <strong>{title}</strong></p> });
    let body = view! {
        <form id="ticket-form-fields" class="ticket-form stack" method="post" enctype="multipart/form-data" action=format!("/{code}/tickets")>
            {summary}
            {context}
            <input type="hidden" name="form_session" value=values.form_session.clone()/>
            {(!values.follows.is_empty()).then(|| view! {
                <input type="hidden" name="follows" value=values.follows.clone()/>
                <p class="ticket-context">{t_with(locale, "ticket-form-follows", &[("number", values.follows.clone())])}</p>
            })}
            <label for="ticket-module">{t(locale, "ticket-module")} " *"</label>
            <select id="ticket-module" name="module" required aria-invalid=invalid("module")>
                <option value="">{t(locale, "ticket-choose")}</option>
                {module_options}
            </select>
            {err("module")}
            <style>{extra_css}</style>
            {extra_fields}
            {(!values.article_path.is_empty()).then(|| view! {
                <label for="ticket-article">{t(locale, "ticket-related-article")}</label>
                <input id="ticket-article" name="article_path" value=values.article_path.clone() maxlength="300"/>
            })}
            <label for="ticket-language">{t(locale, "ticket-language")}</label>
            <select id="ticket-language" name="language">{languages}</select>
            <label for="ticket-action-path">{t(locale, "ticket-action-path")}</label>
            <p class="help" id="help-action-path">{t(locale, "ticket-action-path-help")}</p>
            <input id="ticket-action-path" name="action_path" value=values.action_path.clone() maxlength="500" aria-describedby="help-action-path"/>
            {err("action_path")}
            <label for="ticket-kind">{t(locale, "ticket-kind")} " *"</label>
            <select id="ticket-kind" name="kind" required aria-invalid=invalid("kind")>
                <option value="">{t(locale, "ticket-choose")}</option>
                {kinds}
            </select>
            {err("kind")}
            <fieldset class="severity" aria-invalid=invalid("severity")>
                <legend>{t(locale, "ticket-severity")} " *"</legend>
                {severities}
            </fieldset>
            {err("severity")}
            <div class="impact-field">
                <label for="ticket-impact">{t(locale, "ticket-impact")}</label>
                <select id="ticket-impact" name="impact" aria-invalid=invalid("impact")>
                    <option value="">{t(locale, "ticket-choose")}</option>
                    {impacts}
                </select>
                {err("impact")}
            </div>
            {text}
            <label for="ticket-incident-at">{t_with(locale, "ticket-incident-at", &[("zone", super::service_time_zone())])}</label>
            <input id="ticket-incident-at" type="datetime-local" name="incident_at" value=values.incident_at.clone() aria-invalid=invalid("incident_at")/>
            {err("incident_at")}
            <label for="ticket-attachments">{t_with(locale, "ticket-attachments", &[("max", attachment_max_mb.to_string())])}</label>
            <input id="ticket-attachments" type="file" name="attachments" multiple accept=ACCEPTED_FILES aria-invalid=invalid("attachments")/>
            {err("attachments")}
            <button type="submit">{t(locale, "ticket-submit")}</button>
        </form>
    }
    .into_any();
    view! {
        <section class="ticket-form-section" id="ticket-form" aria-labelledby="ticket-heading">
            <details open=open>
                <summary><h2 id="ticket-heading">{t(locale, "ticket-form-heading")}</h2></summary>
                <p>{t_with(locale, "ticket-form-intro", &[("zone", super::service_time_zone())])}</p>
                {body}
            </details>
        </section>
    }
    .into_any()
}

/// The form loaded for the page it sits on: pre-filled with the module and article, and the
/// breadcrumb the reader followed as the action path.
#[component]
pub fn ContextualTicketForm(
    locale: Locale,
    #[prop(optional)] module: Option<String>,
    #[prop(optional)] article: Option<String>,
    #[prop(optional)] from: Option<String>,
) -> impl IntoView {
    let form = Resource::new_blocking(|| (), move |_| get_ticket_form(locale.code().to_string(), module.clone(), article.clone(), from.clone(), None, None));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                form.await.ok().map(|form| view! { <TicketFormSection locale form/> })
            })}
        </Suspense>
    }
}

/// `/<locale>/tickets/new`: the request catalogue (forms per product module, searchable by name),
/// then the chosen module's form; also where a refused form comes back to.
#[component]
pub fn NewTicketPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (module, product, draft, from, follows) =
        use_query_map().with_untracked(|q| (q.get("module"), q.get("product"), q.get("draft"), q.get("from"), q.get("follows")));
    let form =
        Resource::new_blocking(|| (), move |_| get_ticket_form(locale.code().to_string(), module.clone(), None, from.clone(), draft.clone(), follows.clone()));
    let code = locale.code();
    view! {
        <Title text=t(locale, "ticket-new-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || {
                    let product = product.clone();
                    Suspend::new(async move {
                        let form = form.await?;
                        let needle = product.clone().unwrap_or_default().trim().to_string();
                        let chosen = !form.values.module.is_empty() || !form.errors.is_empty();
                        let found: Vec<_> = form.modules.iter().filter(|m| m.matches(&needle)).collect();
                        // Nothing matched: say so, and list every form rather than none.
                        let none = (!needle.is_empty() && found.is_empty())
                            .then(|| view! { <p class="notice" role="status">{t_with(locale, "ticket-catalogue-none", &[("query", needle.clone())])}</p> });
                        let shown = if found.is_empty() { form.modules.iter().collect() } else { found };
                        let cards = shown
                            .into_iter()
                            .map(|m| view! {
                                <li>
                                    <a href=format!("/{code}/tickets/new?module={}", m.folder)>{m.title.clone()}</a>
                                    <p class="muted">{m.description.clone()}</p>
                                </li>
                            })
                            .collect_view();
                        Ok::<_, crate::error::AppError>(view! {
                            <Layout locale>
                                <h1>{t(locale, "ticket-new-title")}</h1>
                                <section class="catalogue" aria-labelledby="catalogue-heading">
                                    <h2 id="catalogue-heading">{t(locale, "ticket-catalogue")}</h2>
                                    <form method="get" class="search-row" action=format!("/{code}/tickets/new")>
                                        <label class="visually-hidden" for="product">{t(locale, "ticket-catalogue-search")}</label>
                                        <input id="product" type="search" name="product" value=product.unwrap_or_default() placeholder=t(locale, "ticket-catalogue-search")/>
                                        <button type="submit">{t(locale, "search-button")}</button>
                                    </form>
                                    {none}
                                    <ul class="catalogue-list">{cards}</ul>
                                </section>
                                <TicketFormSection locale form open=chosen/>
                            </Layout>
                        })
                    })
                }}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}
