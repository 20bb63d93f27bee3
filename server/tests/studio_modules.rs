//! Module descriptions in the studio: the vendor's content team renames a module and rewrites its
//! description in each language; the home and module pages follow, the module's product versions
//! and ticket fields are kept, and nobody else may change them.

mod common;

use axum::http::StatusCode;
use common::*;

const ACME: &str = "127.0.0.1:3000";

fn module_form(base: &str, fr_title: &str, order: &str, action: &str) -> String {
    serde_urlencoded::to_string([
        ("folder", "compensation"),
        ("base", base),
        ("order", order),
        ("icon", "coins"),
        ("title_en", "Compensation"),
        ("description_en", "Salary reviews, pay grades, bonuses and payroll export."),
        ("title_fr", fr_title),
        ("description_fr", "Les révisions, les grilles et les primes des quokkas."),
        ("title_de", "Vergütung"),
        ("description_de", ""),
        ("action", action),
    ])
    .unwrap()
}

#[test]
fn a_publisher_renames_a_module_in_french_and_its_versions_and_ticket_fields_are_kept() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        follow_studio(&state);
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let list = get_with_cookie(&app, ACME, "/fr/studio", &rita).await.body;
        assert!(list.contains("href=\"/fr/studio/module?folder=compensation\""), "the studio lists the modules to edit: {list}");
        let editor = get_with_cookie(&app, ACME, "/fr/studio/module?folder=compensation", &rita).await.body;
        assert!(editor.contains("value=\"Rémunération\"") && editor.contains("name=\"title_de\""), "{editor}");

        // A problem comes back next to its field, the typed text kept.
        let to = location(&send(&app, form(ACME, "/fr/studio/module", &module_form("0", "Dossiers quokka", "first", "publish"), Some(&rita))).await);
        let refused = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &rita).await.body;
        assert!(refused.contains("value=\"Dossiers quokka\"") && refused.contains("id=\"err-order\""), "{refused}");

        let before = state.content().module("compensation").unwrap().descriptor.clone();
        let to = location(&send(&app, form(ACME, "/fr/studio/module", &module_form("0", "Dossiers quokka", "5", "publish"), Some(&rita))).await);
        assert!(to.ends_with("&published=1"), "{to}");
        eventually("the new French title on the home page", async || get(&app, ACME, "/fr").await.body.contains("Dossiers quokka")).await;
        let module = get(&app, ACME, "/fr/compensation").await.body;
        assert!(module.contains("les primes des quokkas"), "{module}");
        // German had no description: readers get the English one; English is unchanged.
        assert!(get(&app, ACME, "/de/compensation").await.body.contains("Salary reviews, pay grades, bonuses and payroll export."));
        assert!(get(&app, ACME, "/en").await.body.contains("Compensation"));
        // What the form does not show is kept: the product versions, the ticket form's fields.
        let store = state.content();
        let after = &store.module("compensation").unwrap().descriptor;
        assert_eq!(after.title["fr"], "Dossiers quokka");
        assert_eq!(after.versions.len(), before.versions.len());
        assert!(!after.ticket_fields.is_empty() && after.ticket_fields == before.ticket_fields);
        // The history leads back to the module editor.
        let history = get_with_cookie(&app, ACME, "/fr/studio/history?path=_modules/compensation.yml", &rita).await.body;
        assert!(history.contains("href=\"/fr/studio/module?folder=compensation\""), "{history}");
    });
}

#[test]
fn only_the_vendors_publishers_publish_module_descriptions() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let eddie = signed_in(&app, ACME, "editor@acme.example").await;
        let to = location(&send(&app, form(ACME, "/en/studio/module", &module_form("0", "Dossiers quokka", "5", "publish"), Some(&eddie))).await);
        assert!(get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &eddie).await.body.contains("value=\"Dossiers quokka\""));
        let to = location(&send(&app, form(ACME, "/en/studio/module", &module_form("0", "Dossiers quokka", "5", "save"), Some(&eddie))).await);
        assert!(to.ends_with("&saved=1"), "an editor saves a draft: {to}");
        assert_eq!(atrium_core::content::studio::numbers(&state.pool, "_modules/compensation.yml").await.unwrap(), (1, 0), "saved, not published");
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        assert_eq!(get_with_cookie(&app, ACME, "/en/studio/module?folder=compensation", &admin).await.status, StatusCode::FORBIDDEN);
        let r = send(&app, form(ACME, "/en/studio/module", &module_form("1", "Piraté", "5", "publish"), Some(&admin))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(atrium_core::content::studio::numbers(&state.pool, "_modules/compensation.yml").await.unwrap(), (1, 0));
    });
}
