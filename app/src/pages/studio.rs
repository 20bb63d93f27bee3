//! `/<locale>/studio`: the content team's list of articles, and `/<locale>/studio/edit`: the
//! editor. Both work without JavaScript: the editor's buttons post a plain form (Preview comes
//! back with the text rendered below it); once hydrated, the preview also follows the typing.

use super::{
    studio_fields::{field_error, problem_text},
    studio_review::{AskReview, EditorOutcome, NeedsReviewList, ReviewPanel, ReviewsList},
    studio_translations::TranslatedBody,
    use_locale, NotFoundPage, PageBoundary,
};
use crate::{
    api::{get_studio, get_studio_editor},
    components::{Breadcrumbs, Layout, StudioBody, StudioBodyLabels},
    i18n::*,
    locale::Locale,
    model::{ReviewParts, StudioEditorView, StudioListView},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StudioPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let language = use_query_map().with_untracked(|q| q.get("language"));
    let data = Resource::new_blocking(|| (), move |_| get_studio(locale.code().to_string(), language.clone()));
    view! {
        <Title text=t(locale, "studio-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let list = data.await?;
                    Ok::<_, crate::error::AppError>(view! { <StudioList locale list/> })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

#[component]
fn StudioList(locale: Locale, list: StudioListView) -> impl IntoView {
    let code = locale.code();
    let StudioListView { company, reviews, needs_review, time_zone, language, languages, modules, rows, releases } = list;
    // Release notes and module descriptions are the vendor's: a customer administrator's studio
    // has neither.
    let releases = company.is_none().then(|| view! { <super::studio_release::ReleasesList locale rows=releases language=language.clone()/> }.into_any());
    let module_links = company.is_none().then(|| {
        let links = modules
            .iter()
            .map(|(folder, title)| view! { <li><a href=format!("/{code}/studio/module?folder={folder}")>{title.clone()}</a></li> })
            .collect_view();
        view! {
            <section class="studio-modules" aria-labelledby="modules-heading">
                <h2 id="modules-heading">{t(locale, "studio-modules-heading")}</h2>
                <p class="muted">{t(locale, "studio-modules-intro")}</p>
                <ul class="studio-module-links">{links}</ul>
            </section>
        }
    });
    // A customer administrator writes their own company's articles: the page says so.
    let intro = match &company {
        Some(name) => t_with(locale, "studio-intro-company", &[("company", name.clone())]),
        None => t(locale, "studio-intro"),
    };
    let language_options = move |selected: String| {
        languages.clone().into_iter().map(move |(c, name)| view! { <option value=c.clone() selected=c == selected>{name}</option> }).collect_view()
    };
    let empty = rows.is_empty().then(|| view! { <p class="muted">{t(locale, "studio-empty")}</p> });
    let table = (!rows.is_empty()).then(|| {
        view! {
            <table class="studio-list">
                <thead>
                    <tr>
                        <th scope="col">{t(locale, "studio-col-title")}</th>
                        <th scope="col">{t(locale, "studio-col-module")}</th>
                        <th scope="col">{t(locale, "studio-col-state")}</th>
                        <th scope="col"><span class="visually-hidden">{t(locale, "studio-history")}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let path = crate::url::query_value(&r.path);
                            let state = t_with(locale, &format!("studio-state-{}", r.state), &[("number", r.latest.to_string())]);
                            view! {
                                <tr>
                                    <td data-label=t(locale, "studio-col-title")>
                                        <a href=format!("/{code}/studio/edit?path={path}")>{r.title}</a>
                                    </td>
                                    <td data-label=t(locale, "studio-col-module")>{r.module_title}</td>
                                    <td data-label=t(locale, "studio-col-state")>
                                        <span class=format!("studio-state studio-state-{}", r.state)>{state}</span>
                                    </td>
                                    <td>
                                        {(r.latest > 0)
                                            .then(|| view! { <a href=format!("/{code}/studio/history?path={path}")>{t(locale, "studio-history")}</a> })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    });
    view! {
        <Layout locale>
            <Breadcrumbs locale items=vec![(t(locale, "studio-title"), None)]/>
            <h1>{t(locale, "studio-title")}</h1>
            <p class="lead">{intro}</p>
            <p class="studio-links">
                <a href=format!("/{code}/studio/translations")>{t(locale, "studio-translations-title")}</a>
                <a href=format!("/{code}/studio/gaps")>{t(locale, "gaps-title")}</a>
                <a href=format!("/{code}/studio/images")>{t(locale, "studio-images-title")}</a>
            </p>
            <ReviewsList locale reviews time_zone/>
            <NeedsReviewList locale rows=needs_review/>
            <div class="studio-tools">
                <form method="get" action=format!("/{code}/studio") class="inline-form">
                    <label for="studio-language">{t(locale, "studio-language")}</label>
                    <select id="studio-language" name="language">{language_options(language.clone())}</select>
                    <button type="submit">{t(locale, "studio-show")}</button>
                </form>
                <form method="get" action=format!("/{code}/studio/edit") class="inline-form" aria-labelledby="studio-new-heading">
                    <h2 id="studio-new-heading" class="visually-hidden">{t(locale, "studio-new-heading")}</h2>
                    <input type="hidden" name="language" value=language.clone()/>
                    <label for="studio-new-module">{t(locale, "studio-field-module")}</label>
                    <select id="studio-new-module" name="module">
                        {modules.into_iter().map(|(folder, title)| view! { <option value=folder>{title}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="primary">{t(locale, "studio-new")}</button>
                </form>
            </div>
            {empty}
            {table}
            {releases}
            {module_links}
        </Layout>
    }
}

#[component]
pub fn StudioEditorPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (path, draft, (language, module, translate, title), outcome) = use_query_map().with_untracked(|q| {
        let outcome = EditorOutcome::from_query(locale, q);
        (q.get("path"), q.get("draft"), (q.get("language"), q.get("module"), q.get("translate"), q.get("title")), outcome)
    });
    let data = Resource::new_blocking(
        || (),
        move |_| get_studio_editor(locale.code().to_string(), path.clone(), draft.clone(), language.clone(), module.clone(), translate.clone(), title.clone()),
    );
    view! {
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || {
                    let outcome = outcome.clone();
                    Suspend::new(async move {
                        let editor = data.await?;
                        Ok::<_, crate::error::AppError>(view! { <Editor locale editor outcome/> })
                    })
                }}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

#[component]
fn Editor(locale: Locale, editor: StudioEditorView, outcome: EditorOutcome) -> impl IntoView {
    let code = locale.code();
    let StudioEditorView {
        company,
        form: f,
        errors,
        preview_html,
        languages,
        modules,
        latest,
        published,
        live_href,
        can_publish,
        review: ReviewParts { reviewers, current: current_review, notes, may_decide },
        library,
        time_zone,
        source,
    } = editor;
    let notice = outcome.notice.clone();
    let reviewer_error = errors.iter().find(|e| e.field == "reviewer").map(|e| problem_text(locale, e));
    let heading = if f.new { t(locale, "studio-editor-title-new") } else { t_with(locale, "studio-editor-title", &[("title", f.title.clone())]) };
    let err = {
        let errors = errors.clone();
        move |field: &str| field_error(locale, &errors, field)
    };
    let invalid = {
        let errors = errors.clone();
        move |field: &str| errors.iter().any(|e| e.field == field).to_string()
    };
    let summary = (!errors.is_empty()).then(|| {
        view! {
            <div class="form-error" role="alert" id="studio-errors">
                <p>{t(locale, "studio-errors-heading")}</p>
                <ul>{errors.iter().map(|e| view! { <li>{problem_text(locale, e)}</li> }).collect_view()}</ul>
            </div>
        }
    });
    let path = f.language.clone() + "/" + &f.module + "/" + &f.slug + ".md";
    let history_href = format!("/{code}/studio/history?path={}", crate::url::query_value(&path));
    let published_text = if published > 0 { published.to_string() } else { t(locale, "studio-never-published") };
    let where_ = if f.new {
        view! {
            <div class="field-row">
                <p class="field">
                    <label for="language">{t(locale, "studio-field-language")}</label>
                    <select id="language" name="language">
                        {languages
                            .into_iter()
                            .map(|(c, name)| view! { <option value=c.clone() selected=c == f.language>{name}</option> })
                            .collect_view()}
                    </select>
                    {err("language")}
                </p>
                <p class="field">
                    <label for="module">{t(locale, "studio-field-module")}</label>
                    <select id="module" name="module" aria-invalid=invalid("module")>
                        {modules
                            .iter()
                            .map(|(folder, title)| view! { <option value=folder.clone() selected=*folder == f.module>{title.clone()}</option> })
                            .collect_view()}
                    </select>
                    {err("module")}
                </p>
                <p class="field">
                    <label for="slug">{t(locale, "studio-field-slug")}</label>
                    <input id="slug" name="slug" value=f.slug.clone() required pattern="[a-z0-9-]+" aria-invalid=invalid("slug")/>
                    {err("slug")}
                </p>
                <input type="hidden" name="new" value="1"/>
            </div>
        }
        .into_any()
    } else {
        let module_title = modules.iter().find(|(m, _)| *m == f.module).map(|(_, t)| t.clone()).unwrap_or_else(|| f.module.clone());
        view! {
            <p class="muted studio-where">
                <code>{path.clone()}</code> " · " {module_title} " · "
                {if latest == 0 {
                    t(locale, "studio-state-folder-long")
                } else {
                    t_with(locale, "studio-revision-state", &[("latest", latest.to_string()), ("published", published_text)])
                }}
            </p>
            <input type="hidden" name="language" value=f.language.clone()/>
            <input type="hidden" name="module" value=f.module.clone()/>
            <input type="hidden" name="slug" value=f.slug.clone()/>
        }
        .into_any()
    };
    let chosen = f.visibility.clone();
    let visibility = move |value: &'static str| {
        view! { <option value=value selected=chosen == value>{t(locale, &format!("studio-visibility-{value}"))}</option> }
    };
    let body_labels = StudioBodyLabels {
        body: t(locale, "studio-field-body"),
        preview_heading: t(locale, "studio-preview-heading"),
        preview_note: t(locale, "studio-preview-note"),
    };
    view! {
        <Title text=heading.clone()/>
        <Layout locale>
            <Breadcrumbs locale items=vec![(t(locale, "studio-title"), Some(format!("/{code}/studio"))), (heading.clone(), None)]/>
            <h1>{heading}</h1>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {company.map(|name| view! { <p class="studio-company">{t_with(locale, "studio-company-only", &[("company", name)])}</p> })}
            {summary}
            <p class="studio-links">
                {(latest > 0).then(|| view! { <a href=history_href.clone()>{t(locale, "studio-history")}</a> })}
                {live_href.map(|h| view! { <a href=h>{t(locale, "studio-view-live")}</a> })}
            </p>
            <form method="post" action=format!("/{code}/studio/save") class="studio-form" id="editor" enctype="multipart/form-data">
                <input type="hidden" name="base" value=f.base.to_string()/>
                {where_}
                <p class="field">
                    <label for="title">{t(locale, "studio-field-title")}</label>
                    <input id="title" name="title" value=f.title.clone() required aria-invalid=invalid("title")/>
                    {err("title")}
                </p>
                <p class="field">
                    <label for="summary">{t(locale, "studio-field-summary")}</label>
                    <input id="summary" name="summary" value=f.summary.clone()/>
                </p>
                <div class="field-row">
                    <p class="field">
                        <label for="tags">{t(locale, "studio-field-tags")}</label>
                        <input id="tags" name="tags" value=f.tags.clone()/>
                    </p>
                    <p class="field narrow">
                        <label for="order">{t(locale, "studio-field-order")}</label>
                        <input id="order" name="order" value=f.order.clone() inputmode="numeric" aria-invalid=invalid("order")/>
                        {err("order")}
                    </p>
                </div>
                <div class="field-row">
                    <p class="field">
                        <label for="visibility">{t(locale, "studio-field-visibility")}</label>
                        <select id="visibility" name="visibility">
                            {visibility("public")}
                            {visibility("signed-in")}
                            {visibility("restricted")}
                        </select>
                    </p>
                    <p class="field">
                        <label for="groups">{t(locale, "studio-field-groups")}</label>
                        <input id="groups" name="groups" value=f.groups.clone() aria-invalid=invalid("groups")/>
                        {err("groups")}
                    </p>
                </div>
                <div class="field-row">
                    <p class="field">
                        <label for="owner">{t(locale, "studio-field-owner")}</label>
                        <input id="owner" name="owner" value=f.owner.clone()/>
                    </p>
                    <p class="field">
                        <label for="review_by">{t(locale, "studio-field-review-by")}</label>
                        <input id="review_by" name="review_by" type="date" value=f.review_by.clone() aria-invalid=invalid("review_by")/>
                        {err("review_by")}
                    </p>
                </div>
                <div class="field-row">
                    <p class="field">
                        <label for="versions">{t(locale, "studio-field-versions")}</label>
                        <input id="versions" name="versions" value=f.versions.clone() aria-invalid=invalid("versions")/>
                        {err("versions")}
                    </p>
                    <p class="field">
                        <label for="translation_key">{t(locale, "studio-field-translation-key")}</label>
                        <input id="translation_key" name="translation_key" value=f.translation_key.clone()/>
                    </p>
                </div>
                {err("body")}
                <TranslatedBody locale source body=view! {
                    <StudioBody language=f.language.clone() module=f.module.clone() body=f.body.clone() preview_html labels=body_labels/>
                }
                .into_any() source_updated=f.source_updated.clone() in_sync=f.in_sync/>
                {err("action")}
                <p class="form-actions">
                    <button type="submit" name="action" value="preview">{t(locale, "studio-preview")}</button>
                    <button type="submit" name="action" value="save">{t(locale, "studio-save")}</button>
                    {can_publish.then(|| view! { <button type="submit" name="action" value="publish" class="primary">{t(locale, "studio-publish")}</button> })}
                </p>
                // After the form's own buttons, so that Enter in a field never adds an image.
                <fieldset class="studio-image" id="image">
                    <legend>{t(locale, "studio-image-heading")}</legend>
                    <p class="help" id="image-help">{t(locale, "studio-image-help")}</p>
                    <div class="field-row">
                        <p class="field">
                            <label for="image-file">{t(locale, "studio-image-file")}</label>
                            <input
                                id="image-file"
                                name="image"
                                type="file"
                                accept="image/png,image/jpeg,image/webp"
                                aria-describedby="image-help"
                                aria-invalid=invalid("image")
                            />
                        </p>
                        <p class="field">
                            <label for="image_alt">{t(locale, "studio-image-alt")}</label>
                            <input id="image_alt" name="image_alt"/>
                        </p>
                    </div>
                    {err("image")}
                    <p class="form-actions">
                        <button type="submit" name="action" value="image">{t(locale, "studio-image-add")}</button>
                    </p>
                    {(!library.is_empty()).then(|| {
                        view! {
                            <div class="field-row">
                                <p class="field">
                                    <label for="library_image">{t(locale, "studio-image-reuse")}</label>
                                    <select id="library_image" name="library_image">
                                        {library.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                                    </select>
                                </p>
                            </div>
                            <p class="form-actions">
                                <button type="submit" name="action" value="reuse">{t(locale, "studio-image-insert")}</button>
                                " "
                                <a href=format!("/{code}/studio/images")>{t(locale, "studio-images-title")}</a>
                            </p>
                        }
                    })}
                </fieldset>
                <AskReview locale reviewers error=reviewer_error can_publish/>
            </form>
            <ReviewPanel
                locale
                path=path.clone()
                review=current_review
                notes
                may_decide
                time_zone
                outcome
            />
        </Layout>
    }
}
