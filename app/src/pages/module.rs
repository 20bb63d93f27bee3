use super::{home::ArticleList, use_language, use_locale, use_param, NotFoundPage, PageBoundary};
use crate::{
    api::get_module,
    components::{Breadcrumbs, Layout},
    i18n::*,
    locale::Locale,
    model::VersionRow,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ModulePage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let folder = use_param("module");
    let lang = use_language();
    let module = Resource::new_blocking(|| (), move |_| get_module(lang.clone(), folder.clone()));
    view! {
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let m = module.await?;
                    Ok::<_, crate::error::AppError>(view! {
                        <Title text=m.title.clone()/>
                        <Layout locale>
                            <Breadcrumbs locale items=vec![(m.title.clone(), None)]/>
                            <h1>{m.title.clone()}</h1>
                            <p class="lead">{m.description.clone()}</p>
                            <section aria-labelledby="articles-heading">
                                <h2 id="articles-heading">{t(locale, "module-articles")}</h2>
                                <ArticleList locale items=m.articles/>
                            </section>
                            {(!m.versions.is_empty()).then(|| view! { <VersionTable locale versions=m.versions/> })}
                        </Layout>
                    })
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}

/// Product versions and their support phase today, with the date of the next change.
#[component]
fn VersionTable(locale: Locale, versions: Vec<VersionRow>) -> impl IntoView {
    view! {
        <section aria-labelledby="versions-heading" class="versions">
            <h2 id="versions-heading">{t(locale, "versions-heading")}</h2>
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{t(locale, "versions-version")}</th>
                            <th scope="col">{t(locale, "versions-released")}</th>
                            <th scope="col">{t(locale, "versions-phase")}</th>
                            <th scope="col">{t(locale, "versions-next")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {versions
                            .into_iter()
                            .map(|v| {
                                let phase = t(locale, &format!("phase-{}", v.phase));
                                view! {
                                    <tr>
                                        <th scope="row">{v.version}</th>
                                        <td><time datetime=v.released.clone()>{v.released.clone()}</time></td>
                                        <td><span class=format!("phase phase-{}", v.phase)>{phase}</span></td>
                                        <td>{v.next_change.unwrap_or_else(|| "—".into())}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="muted">{t(locale, "versions-explainer")}</p>
        </section>
    }
}
