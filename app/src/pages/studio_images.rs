//! `/<locale>/studio/images`: the image library of the editor's articles (the vendor's, or their
//! own company's), each image with what shows it and the Markdown to show it elsewhere. Images
//! that nothing shows any more are removed one by one or all at once, by plain form posts.

use super::{use_locale, NotFoundPage, PageBoundary};
use crate::{
    api::get_image_library,
    components::{Breadcrumbs, Layout},
    i18n::*,
    locale::Locale,
    model::{ImageLibraryView, LibraryImageRow},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ImageLibraryPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let removed = use_query_map().with_untracked(|q| q.get("removed").and_then(|n| n.parse::<i64>().ok()));
    let data = Resource::new_blocking(|| (), move |_| get_image_library(locale.code().to_string()));
    view! {
        <Title text=t(locale, "studio-images-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let view = data.await?;
                    Ok::<_, crate::error::AppError>(view! { <Library locale view removed/> })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

fn image_row(locale: Locale, image: LibraryImageRow) -> impl IntoView {
    let code = locale.code();
    let unused = image.used_in.is_empty();
    let used = if unused {
        view! { <span class="muted">{t(locale, "studio-images-unused")}</span> }.into_any()
    } else {
        view! {
            <ul class="plain">
                {image.used_in.into_iter().map(|(title, href)| view! { <li><a href=href>{title}</a></li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let action = if image.removable {
        view! {
            <form method="post" action=format!("/{code}/studio/images")>
                <input type="hidden" name="id" value=image.id.clone()/>
                <button type="submit" class="secondary">{t(locale, "studio-images-remove")}</button>
            </form>
        }
        .into_any()
    } else if unused {
        // Unused but new: it may be waiting in an editor's unsaved draft.
        view! { <span class="muted">{t(locale, "studio-images-kept")}</span> }.into_any()
    } else {
        ().into_any()
    };
    view! {
        <tr>
            <td data-label=t(locale, "studio-images-col-image")>
                <img src=image.url.clone() alt=image.filename.clone() width="96" loading="lazy" class="studio-thumb"/>
            </td>
            <td data-label=t(locale, "studio-images-col-file")>
                <strong>{image.filename.clone()}</strong>
                <span class="muted">" · " {t_with(locale, "studio-images-size", &[("size", image.size_kb.to_string())])}</span>
                <br/>
                <span class="muted">{t_with(locale, "studio-images-uploaded", &[("name", image.uploaded_by.clone()), ("at", image.uploaded_at.clone())])}</span>
                <br/>
                <code class="studio-markdown">{image.markdown.clone()}</code>
            </td>
            <td data-label=t(locale, "studio-images-col-used")>{used}</td>
            <td>{action}</td>
        </tr>
    }
}

#[component]
fn Library(locale: Locale, view: ImageLibraryView, removed: Option<i64>) -> impl IntoView {
    let code = locale.code();
    let ImageLibraryView { company, images } = view;
    let removable = images.iter().filter(|i| i.removable).count();
    let intro = match company {
        Some(name) => t_with(locale, "studio-images-intro-company", &[("company", name)]),
        None => t(locale, "studio-images-intro"),
    };
    let body = if images.is_empty() {
        view! { <p class="muted">{t(locale, "studio-images-empty")}</p> }.into_any()
    } else {
        view! {
            <table class="studio-list studio-images">
                <thead>
                    <tr>
                        <th scope="col">{t(locale, "studio-images-col-image")}</th>
                        <th scope="col">{t(locale, "studio-images-col-file")}</th>
                        <th scope="col">{t(locale, "studio-images-col-used")}</th>
                        <th scope="col"><span class="visually-hidden">{t(locale, "studio-images-remove")}</span></th>
                    </tr>
                </thead>
                <tbody>{images.into_iter().map(|i| image_row(locale, i)).collect_view()}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <Layout locale>
            <Breadcrumbs locale items=vec![(t(locale, "studio-title"), Some(format!("/{code}/studio"))), (t(locale, "studio-images-title"), None)]/>
            <h1>{t(locale, "studio-images-title")}</h1>
            <p class="lead">{intro}</p>
            {removed.map(|n| view! { <p class="notice" role="status">{t_count(locale, "studio-images-removed", n)}</p> })}
            {(removable > 1).then(|| {
                view! {
                    <form method="post" action=format!("/{code}/studio/images") class="studio-tools">
                        <input type="hidden" name="all" value="1"/>
                        <button type="submit" class="secondary">{t_count(locale, "studio-images-remove-all", removable as i64)}</button>
                    </form>
                }
            })}
            {body}
        </Layout>
    }
}
