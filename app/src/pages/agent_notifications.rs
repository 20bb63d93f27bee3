//! `/<locale>/agent/notifications`: which mails the signed-in agent receives, and in which
//! language. A plain form, so it works without JavaScript.

use super::{use_locale, NotFoundPage, PageBoundary};
use crate::{
    api::{get_agent_choices, SaveAgentChoices},
    components::{Breadcrumbs, Layout},
    i18n::*,
    locale::Locale,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AgentNotificationsPage() -> impl IntoView {
    let Some(locale) = use_locale() else { return view! { <NotFoundPage/> }.into_any() };
    let (saved, error) = use_query_map().with_untracked(|q| (q.get("saved").is_some(), q.get("error").is_some()));
    let choices = Resource::new_blocking(|| (), |_| get_agent_choices());
    let code = locale.code();
    view! {
        <Title text=t(locale, "desk-settings-title")/>
        <Suspense fallback=|| ()>
            <PageBoundary>
                {move || Suspend::new(async move {
                    let c = choices.await?;
                    let kinds = [
                        ("new_ticket", c.new_ticket, "desk-settings-new-ticket"),
                        ("customer_reply", c.customer_reply, "desk-settings-customer-reply"),
                        ("escalation", c.escalation, "desk-settings-escalation"),
                        ("at_risk", c.at_risk, "desk-settings-at-risk"),
                    ]
                    .into_iter()
                    .map(|(name, on, key)| {
                        view! {
                            <label class="check">
                                <input type="checkbox" name=name value="on" checked=on/>
                                " "
                                {t(locale, key)}
                            </label>
                        }
                    })
                    .collect_view();
                    let languages = Locale::ALL
                        .into_iter()
                        .map(|l| view! { <option value=l.code() selected=l.code() == c.language>{l.native_name()}</option> })
                        .collect_view();
                    Ok::<_, crate::error::AppError>(
                        view! {
                            <Layout locale>
                                <section class="desk-settings">
                                    <Breadcrumbs locale items=vec![(t(locale, "nav-agent"), Some(format!("/{code}/agent"))), (t(locale, "desk-settings-title"), None)]/>
                                    <h1>{t(locale, "desk-settings-title")}</h1>
                                    <p>{t(locale, "desk-settings-intro")}</p>
                                    {saved.then(|| view! { <p class="notice" role="status">{t(locale, "desk-settings-saved")}</p> })}
                                    {error.then(|| view! { <p class="form-error" role="alert">{t(locale, "desk-settings-error-language")}</p> })}
                                    <form class="stack" method="post" action=SaveAgentChoices::PATH>
                                        <input type="hidden" name="locale" value=code/>
                                        <fieldset>
                                            <legend>{t(locale, "desk-settings-which")}</legend>
                                            {kinds}
                                        </fieldset>
                                        <p class="hint">{t(locale, "desk-settings-fallback")}</p>
                                        <label for="language">{t(locale, "desk-settings-language")}</label>
                                        <select id="language" name="language">{languages}</select>
                                        <button type="submit">{t(locale, "desk-settings-save")}</button>
                                    </form>
                                </section>
                            </Layout>
                        }
                        .into_any(),
                    )
                })}
            </PageBoundary>
        </Suspense>
    }
    .into_any()
}
