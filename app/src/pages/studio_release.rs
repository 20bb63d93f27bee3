//! `/<locale>/studio/release`: the release-note editor, and the studio list's release notes.
//! The form posts without JavaScript: Preview comes back with the note rendered below it; once
//! hydrated, the preview follows the typing. A note goes through the same review as an article.

use super::{
    studio_fields::{field_error, problem_text},
    studio_review::{AskReview, EditorOutcome, ReviewPanel},
    studio_translations::TranslatedBody,
    use_locale, NotFoundPage, PageBoundary,
};
use crate::{
    api::get_release_editor,
    components::{Breadcrumbs, Layout, StudioBody, StudioBodyLabels},
    i18n::*,
    locale::Locale,
    model::{FeatureValues, ReleaseEditorView, ReleaseRow, ReviewParts},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The studio list's release notes of one language, and the way to write a new one.
#[component]
pub fn ReleasesList(locale: Locale, rows: Vec<ReleaseRow>, language: String) -> impl IntoView {
    let code = locale.code();
    let list = rows
        .into_iter()
        .map(|r| {
            let path = crate::url::query_value(&r.path);
            view! {
                <tr>
                    <td data-label=t(locale, "studio-field-title")>
                        <a href=format!("/{code}/studio/release?path={path}")>{r.title}</a>
                    </td>
                    <td data-label=t(locale, "releases-version")>{r.version}</td>
                    <td data-label=t(locale, "studio-release-date")>{r.date}</td>
                    <td data-label=t(locale, "studio-col-state")>
                        <span class=format!("studio-state studio-state-{}", r.state)>{t(locale, &format!("studio-release-state-{}", r.state))}</span>
                    </td>
                    <td>
                        {(r.latest > 0).then(|| view! { <a href=format!("/{code}/studio/history?path={path}")>{t(locale, "studio-history")}</a> })}
                    </td>
                </tr>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <section class="studio-releases" aria-labelledby="studio-releases-heading">
            <h2 id="studio-releases-heading">{t(locale, "studio-releases-heading")}</h2>
            <p>
                <a class="button primary" href=format!("/{code}/studio/release?language={language}")>{t(locale, "studio-release-new")}</a>
            </p>
            <table class="studio-list">
                <thead>
                    <tr>
                        <th scope="col">{t(locale, "studio-field-title")}</th>
                        <th scope="col">{t(locale, "releases-version")}</th>
                        <th scope="col">{t(locale, "studio-release-date")}</th>
                        <th scope="col">{t(locale, "studio-col-state")}</th>
                        <th scope="col"><span class="visually-hidden">{t(locale, "studio-history")}</span></th>
                    </tr>
                </thead>
                <tbody>{list}</tbody>
            </table>
        </section>
    }
}

#[component]
pub fn ReleaseEditorPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (path, draft, language, translate, outcome) =
        use_query_map().with_untracked(|q| (q.get("path"), q.get("draft"), q.get("language"), q.get("translate"), EditorOutcome::from_query(locale, q)));
    let data =
        Resource::new_blocking(|| (), move |_| get_release_editor(locale.code().to_string(), path.clone(), draft.clone(), language.clone(), translate.clone()));
    view! {
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || {
                    let outcome = outcome.clone();
                    Suspend::new(async move {
                        let editor = data.await?;
                        Ok::<_, crate::error::AppError>(view! { <ReleaseEditor locale editor outcome/> })
                    })
                }}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

/// One feature row: its title, module, state and how to turn it on.
fn feature_row(locale: Locale, i: usize, f: FeatureValues, modules: &[(String, String)]) -> AnyView {
    let id = |name: &str| format!("feature_{name}_{i}");
    let module_options =
        modules.iter().map(|(folder, title)| view! { <option value=folder.clone() selected=*folder == f.module>{title.clone()}</option> }).collect_view();
    let deactivated = f.state == "delivered-deactivated";
    view! {
        <fieldset class="release-feature">
            <legend>{t_with(locale, "studio-release-feature", &[("number", (i + 1).to_string())])}</legend>
            <div class="field-row">
                <p class="field">
                    <label for=id("title")>{t(locale, "studio-field-title")}</label>
                    <input id=id("title") name=id("title") value=f.title/>
                </p>
                <p class="field">
                    <label for=id("module")>{t(locale, "studio-field-module")}</label>
                    <select id=id("module") name=id("module")>
                        <option value="">"—"</option>
                        {module_options}
                    </select>
                </p>
                <p class="field">
                    <label for=id("state")>{t(locale, "studio-release-feature-state")}</label>
                    <select id=id("state") name=id("state")>
                        <option value="active" selected=!deactivated>{t(locale, "releases-state-active")}</option>
                        <option value="delivered-deactivated" selected=deactivated>{t(locale, "releases-state-delivered-deactivated")}</option>
                    </select>
                </p>
            </div>
            <p class="field">
                <label for=id("activation")>{t(locale, "studio-release-activation")}</label>
                <input id=id("activation") name=id("activation") value=f.activation/>
            </p>
        </fieldset>
    }
    .into_any()
}

#[component]
fn ReleaseEditor(locale: Locale, editor: ReleaseEditorView, outcome: EditorOutcome) -> impl IntoView {
    let code = locale.code();
    let ReleaseEditorView { form: f, path, errors, preview_html, languages, modules, latest, published, can_publish, live_href, review, time_zone, source } =
        editor;
    let ReviewParts { reviewers, current: current_review, notes, may_decide } = review;
    let notice = outcome.notice.clone();
    let reviewer_error = errors.iter().find(|e| e.field == "reviewer").map(|e| problem_text(locale, e));
    let body_labels = StudioBodyLabels {
        body: t(locale, "studio-field-body"),
        preview_heading: t(locale, "studio-preview-heading"),
        preview_note: t(locale, "studio-preview-note"),
    };
    let heading = if f.new { t(locale, "studio-release-title-new") } else { t_with(locale, "studio-editor-title", &[("title", f.title.clone())]) };
    let err = {
        let errors = errors.clone();
        move |field: &str| field_error(locale, &errors, field)
    };
    let summary = (!errors.is_empty()).then(|| {
        let items = errors.iter().map(|e| view! { <li>{problem_text(locale, e)}</li> }).collect_view();
        view! {
            <div class="form-errors" role="alert">
                <p>{t(locale, "studio-errors-heading")}</p>
                <ul>{items}</ul>
            </div>
        }
        .into_any()
    });
    // A new note chooses its language and address; a saved one, or a translation (the English
    // note's address in another language), keeps them.
    let where_ = if f.new && source.is_none() {
        view! {
            <div class="field-row">
                <p class="field">
                    <label for="language">{t(locale, "studio-field-language")}</label>
                    <select id="language" name="language">
                        {languages.into_iter().map(|(c, n)| view! { <option value=c.clone() selected=c == f.language>{n}</option> }).collect_view()}
                    </select>
                </p>
                <p class="field">
                    <label for="slug">{t(locale, "studio-field-slug")}</label>
                    <input id="slug" name="slug" value=f.slug.clone() required pattern="[a-z0-9-]+"/>
                    {err("slug")}
                </p>
            </div>
            <input type="hidden" name="new" value="1"/>
        }
        .into_any()
    } else {
        view! {
            <input type="hidden" name="language" value=f.language.clone()/>
            <input type="hidden" name="slug" value=f.slug.clone()/>
            {f.new.then(|| view! { <input type="hidden" name="new" value="1"/> })}
            <p class="studio-where">
                <code>{path.clone()}</code>
                " · "
                {if f.new {
                    t(locale, "studio-state-new-translation")
                } else if latest == 0 {
                    t(locale, "studio-state-folder-long")
                } else {
                    let published = if published > 0 { published.to_string() } else { t(locale, "studio-never-published") };
                    t_with(locale, "studio-revision-state", &[("latest", latest.to_string()), ("published", published)])
                }}
            </p>
        }
        .into_any()
    };
    let features = f.features.into_iter().enumerate().map(|(i, feature)| feature_row(locale, i, feature, &modules)).collect_view();
    let history = format!("/{code}/studio/history?path={}", crate::url::query_value(&path));
    let fields = view! {
        <div class="field-row">
            <p class="field">
                <label for="title">{t(locale, "studio-field-title")}</label>
                <input id="title" name="title" value=f.title.clone() required/>
                {err("title")}
            </p>
            <p class="field narrow">
                <label for="version">{t(locale, "releases-version")}</label>
                <input id="version" name="version" value=f.version.clone() required/>
                {err("version")}
            </p>
        </div>
        <p class="field">
            <label for="summary">{t(locale, "studio-field-summary")}</label>
            <input id="summary" name="summary" value=f.summary.clone()/>
        </p>
        <div class="field-row">
            <p class="field">
                <label for="date">{t(locale, "studio-release-date")}</label>
                <input id="date" name="date" type="date" value=f.date.clone() required/>
                {err("date")}
            </p>
            <p class="field">
                <label for="publish_at">{t_with(locale, "studio-release-publish-at", &[("zone", time_zone.clone())])}</label>
                <input id="publish_at" name="publish_at" type="datetime-local" value=f.publish_at.clone()/>
                {err("publish_at")}
            </p>
        </div>
        <div class="field-row">
            <p class="field">
                <label for="modules">{t(locale, "studio-release-modules")}</label>
                <input id="modules" name="modules" value=f.modules.clone()/>
                {err("modules")}
            </p>
            <p class="field">
                <label for="reminder_on">{t(locale, "studio-release-reminder")}</label>
                <input id="reminder_on" name="reminder_on" type="date" value=f.reminder_on.clone() aria-describedby="reminder-help"/>
                <span class="help" id="reminder-help">{t(locale, "studio-release-reminder-help")}</span>
                {err("reminder_on")}
            </p>
        </div>
    }
    .into_any();
    view! {
        <Title text=heading.clone()/>
        <Layout locale>
            <Breadcrumbs locale items=vec![(t(locale, "studio-title"), Some(format!("/{code}/studio"))), (heading.clone(), None)]/>
            <h1>{heading}</h1>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {summary}
            <p class="studio-links">
                {(latest > 0).then(|| view! { <a href=history.clone()>{t(locale, "studio-history")}</a> })}
                {live_href.map(|h| view! { <a href=h>{t(locale, "studio-view-live")}</a> })}
            </p>
            <form method="post" action=format!("/{code}/studio/release") class="studio-form" id="editor">
                <input type="hidden" name="base" value=f.base.to_string()/>
                {where_}
                {fields}
                <h2>{t(locale, "studio-release-features")}</h2>
                {err("features")}
                {features}
                // Release notes render like articles outside any module: the same live preview.
                <TranslatedBody locale source body=view! {
                    <StudioBody language=f.language.clone() module=String::new() body=f.body.clone() preview_html labels=body_labels/>
                }
                .into_any() source_updated=f.source_updated.clone() in_sync=f.in_sync/>
                {err("body")}
                {err("action")}
                <p class="form-actions">
                    <button type="submit" name="action" value="preview">{t(locale, "studio-preview")}</button>
                    <button type="submit" name="action" value="save">{t(locale, "studio-save")}</button>
                    {can_publish.then(|| view! { <button type="submit" name="action" value="publish" class="primary">{t(locale, "studio-publish")}</button> })}
                </p>
                <AskReview locale reviewers error=reviewer_error can_publish/>
            </form>
            <ReviewPanel locale path=path.clone() review=current_review notes may_decide time_zone outcome/>
        </Layout>
    }
}
