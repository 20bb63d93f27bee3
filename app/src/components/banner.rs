use crate::{api::get_banner, i18n::*, locale::Locale};
use leptos::prelude::*;

/// The maintenance banner at the top of every page: during an open window, and in the week
/// before a planned one.
#[component]
pub fn MaintenanceBanner(locale: Locale) -> impl IntoView {
    let banner = Resource::new_blocking(|| (), move |_| get_banner(locale.code().to_string()));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                banner.await.ok().flatten().map(|b| {
                    let key = if b.active { "maintenance-banner-now" } else { "maintenance-banner-soon" };
                    view! {
                        <div class=format!("maintenance-banner kind-{}", b.kind) role="status">
                            <strong>{t(locale, key)}</strong> " " {b.title} " · " {b.window} " · "
                            <a href=format!("/{}/maintenance#announcement-{}", locale.code(), b.id)>{t(locale, "maintenance-details")}</a>
                        </div>
                    }
                })
            })}
        </Suspense>
    }
}
