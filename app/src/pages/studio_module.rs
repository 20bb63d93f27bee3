//! `/<locale>/studio/module?folder=…`: a module's title and description in each language, its
//! place among the modules and its icon, as the vendor's content team keeps them. A plain form:
//! saving and publishing work without JavaScript; the module's product versions, ticket fields
//! and turnaround stay in its descriptor file, untouched here.

use super::{
    studio_fields::{field_error, problem_text},
    studio_review::EditorOutcome,
    use_locale, NotFoundPage, PageBoundary,
};
use crate::{
    api::get_module_editor,
    components::{textarea_text, Breadcrumbs, Layout},
    i18n::*,
    locale::Locale,
    model::ModuleEditorView,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ModuleEditorPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (folder, draft, outcome) = use_query_map().with_untracked(|q| (q.get("folder"), q.get("draft"), EditorOutcome::from_query(locale, q)));
    let data = Resource::new_blocking(|| (), move |_| get_module_editor(locale.code().to_string(), folder.clone(), draft.clone()));
    view! {
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || {
                    let outcome = outcome.clone();
                    Suspend::new(async move {
                        let editor = data.await?;
                        Ok::<_, crate::error::AppError>(view! { <ModuleEditor locale editor outcome/> })
                    })
                }}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

#[component]
fn ModuleEditor(locale: Locale, editor: ModuleEditorView, outcome: EditorOutcome) -> impl IntoView {
    let code = locale.code();
    let ModuleEditorView { form: f, path, title, errors, latest, published, can_publish } = editor;
    let heading = t_with(locale, "studio-module-editing", &[("title", title)]);
    let err = {
        let errors = errors.clone();
        move |field: &str| field_error(locale, &errors, field)
    };
    let summary = (!errors.is_empty()).then(|| {
        view! {
            <div class="form-error" role="alert">
                <p>{t(locale, "studio-errors-heading")}</p>
                <ul>{errors.iter().map(|e| view! { <li>{problem_text(locale, e)}</li> }).collect_view()}</ul>
            </div>
        }
    });
    let state = if latest == 0 {
        t(locale, "studio-state-folder-long")
    } else {
        let published = if published > 0 { published.to_string() } else { t(locale, "studio-never-published") };
        t_with(locale, "studio-revision-state", &[("latest", latest.to_string()), ("published", published)])
    };
    let history = format!("/{code}/studio/history?path={}", crate::url::query_value(&path));
    let rows = f
        .texts
        .into_iter()
        .map(|(language, name, title, description)| {
            let title_id = format!("title_{language}");
            let description_id = format!("description_{language}");
            view! {
                <fieldset class="studio-module-language">
                    <legend>{name}</legend>
                    <div class="field-row">
                        <p class="field">
                            <label for=title_id.clone()>{t(locale, "studio-field-title")}</label>
                            <input id=title_id.clone() name=title_id.clone() value=title lang=language.clone()/>
                            {err(&title_id)}
                        </p>
                        <p class="field">
                            <label for=description_id.clone()>{t(locale, "studio-module-description")}</label>
                            <textarea id=description_id.clone() name=description_id rows="2" lang=language>{textarea_text(description)}</textarea>
                        </p>
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <Title text=heading.clone()/>
        <Layout locale>
            <Breadcrumbs locale items=vec![(t(locale, "studio-title"), Some(format!("/{code}/studio"))), (heading.clone(), None)]/>
            <h1>{heading}</h1>
            {outcome.notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {summary}
            <p class="studio-links">{(latest > 0).then(|| view! { <a href=history>{t(locale, "studio-history")}</a> })}</p>
            <p class="studio-where"><code>{path}</code> " · " {state}</p>
            <p class="muted">{t(locale, "studio-module-kept")}</p>
            <form method="post" action=format!("/{code}/studio/module") class="studio-form" id="editor">
                <input type="hidden" name="folder" value=f.folder/>
                <input type="hidden" name="base" value=f.base.to_string()/>
                <div class="field-row">
                    <p class="field narrow">
                        <label for="order">{t(locale, "studio-module-order")}</label>
                        <input id="order" name="order" value=f.order inputmode="numeric"/>
                        {err("order")}
                    </p>
                    <p class="field">
                        <label for="icon">{t(locale, "studio-module-icon")}</label>
                        <input id="icon" name="icon" value=f.icon/>
                        {err("icon")}
                    </p>
                </div>
                {rows}
                {err("action")}
                <p class="form-actions">
                    <button type="submit" name="action" value="save">{t(locale, "studio-save")}</button>
                    {can_publish.then(|| view! { <button type="submit" name="action" value="publish" class="primary">{t(locale, "studio-publish")}</button> })}
                </p>
            </form>
        </Layout>
    }
}
