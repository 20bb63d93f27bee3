//! Images in articles: an editor adds one from the studio's form (no JavaScript needed), it is
//! checked as ticket screenshots are, shown in the preview and the published page, and served on
//! every tenant for the vendor's documentation, on its own tenant alone for a customer's article.

mod common;

use atrium_core::sqlx;
use axum::http::{header, StatusCode};
use common::*;

const ACME: &str = "127.0.0.1:3000";
const GLOBEX: &str = "localhost:3000";

fn fields<'a>(action: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("language", "en"),
        ("module", "core-hr"),
        ("slug", "badge-photos"),
        ("base", "0"),
        ("new", "1"),
        ("title", "Badge photos"),
        ("order", "5"),
        ("visibility", "public"),
        ("body", body),
        ("image_alt", "The badge screen"),
        ("action", action),
    ]
}

async fn add_image(app: &axum::Router, cookie: &str, body: &str, file: (&str, Vec<u8>)) -> String {
    let origin = format!("http://{ACME}");
    location(&send(app, multipart_files(ACME, "/en/studio/save", &fields("image", body), "image", &[file], Some(cookie), &origin)).await)
}

async fn stored(state: &atrium_app::state::AppState) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM content_images").fetch_one(&state.pool).await.unwrap();
    n
}

/// The `/media/…` address in a page.
fn media_url(page: &str) -> String {
    let at = page.find("/media/").expect("an image address");
    page[at..].split(['"', ')']).next().unwrap().to_string()
}

#[test]
fn an_image_added_in_the_editor_is_checked_previewed_published_and_served() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        follow_studio(&state);
        let rita = signed_in(&app, ACME, "rita@acme.example").await;

        // Added at the end of the text, everything typed kept, and shown in the preview.
        let to = add_image(&app, &rita, "Staff wear a badge with their photo.", ("badge.png", png())).await;
        assert!(to.contains("draft=") && to.ends_with("#body"), "{to}");
        let editor = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &rita).await.body;
        assert!(
            editor.contains("value=\"Badge photos\"") && editor.contains("Staff wear a badge with their photo.\n\n![The badge screen](/media/"),
            "{editor}"
        );
        let url = media_url(&editor);
        assert!(editor.contains(&format!("<img src=\"{url}\" alt=\"The badge screen\"")), "in the preview: {editor}");

        // Served as the image it is, to anyone on any tenant (it belongs to the vendor's
        // documentation), and never as anything a browser would run.
        for host in [ACME, GLOBEX] {
            let r = get(&app, host, &url).await;
            assert_eq!(r.status, StatusCode::OK, "{host}");
            assert_eq!(r.headers[header::CONTENT_TYPE], "image/png");
            assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            assert!(r.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("sandbox"));
        }
        assert_eq!(get(&app, ACME, &url.replace(".png", ".jpg")).await.status, StatusCode::NOT_FOUND, "only under its own type");
        assert_eq!(get(&app, ACME, "/media/00000000000000000000000000000000.png").await.status, StatusCode::NOT_FOUND);

        // Published, the page shows it.
        let body = format!("Staff wear a badge with their photo.\n\n![The badge screen]({url})");
        let publish = serde_urlencoded::to_string(fields("publish", &body)).unwrap();
        assert!(location(&send(&app, form(ACME, "/en/studio/save", &publish, Some(&rita))).await).ends_with("&published=1"));
        eventually("the published page", async || get(&app, ACME, "/en/core-hr/badge-photos").await.status == StatusCode::OK).await;
        assert!(get(&app, ACME, "/en/core-hr/badge-photos").await.body.contains(&format!("<img src=\"{url}\" alt=\"The badge screen\"")));
    });
}

#[test]
fn what_is_not_a_clean_image_is_refused_next_to_the_field_and_the_text_is_kept() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let mut executable = b"MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode".to_vec();
        executable.resize(4096, 0);
        let mut polyglot = png();
        polyglot.extend_from_slice(b"PK\x03\x04 a zip archive riding after the image");
        for (file, message) in [
            (("invoice.png", executable), "“invoice.png” is not a PNG, JPEG or WebP image."),
            (("chart.png", polyglot), "“chart.png” contains another kind of file hidden in the image"),
            (("empty.png", Vec::new()), "“empty.png” is not a PNG, JPEG or WebP image."),
        ] {
            let to = add_image(&app, &rita, "Text typed before the upload.", file).await;
            assert!(to.ends_with("#image"), "{to}");
            let editor = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &rita).await.body;
            assert!(editor.contains(message), "{message}: {editor}");
            assert!(editor.contains("Text typed before the upload.") && !editor.contains("/media/"), "the text is kept, nothing added");
        }
        assert_eq!(stored(&state).await, 0, "nothing was stored");
        // Too large: refused before it is read whole.
        let to = add_image(&app, &rita, "Kept.", ("huge.png", vec![0u8; 5 * 1024 * 1024 + 1])).await;
        assert!(get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &rita).await.body.contains("is larger than 5 MB"));
        // Nobody but an editor may add one.
        let ada = signed_in(&app, ACME, "ada@acme.example").await;
        let origin = format!("http://{ACME}");
        let r = send(&app, multipart_files(ACME, "/en/studio/save", &fields("image", "x"), "image", &[("a.png", png())], Some(&ada), &origin)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(stored(&state).await, 0);
    });
}

#[test]
fn a_customers_own_image_is_served_on_their_tenant_alone() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        let to = add_image(&app, &admin, "Our badge desk.", ("desk.png", png())).await;
        let editor = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &admin).await.body;
        let url = media_url(&editor);
        assert_eq!(stored(&state).await, 1);
        assert_eq!(get(&app, ACME, &url).await.status, StatusCode::OK);
        assert_eq!(get(&app, GLOBEX, &url).await.status, StatusCode::NOT_FOUND);
    });
}

/// The id in a `/media/<id>.<ext>` address.
fn media_id(url: &str) -> String {
    url.trim_start_matches("/media/").split('.').next().unwrap().to_string()
}

#[test]
fn the_image_library_shows_what_uses_each_image_reinserts_one_and_removes_only_unused_ones_after_a_day() {
    on_shared_runtime(async {
        // Monday 7 December 2026, 10:00 in Paris.
        let (app, state, clock) = app_with_clock(1_796_634_000).await;
        follow_studio(&state);
        let rita = signed_in(&app, ACME, "rita@acme.example").await;

        // One image goes into a published article; another waits in a draft never saved.
        let to = add_image(&app, &rita, "Staff wear a badge.", ("badge.png", png())).await;
        let badge = media_url(&get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &rita).await.body);
        let body = format!("Staff wear a badge.\n\n![The badge screen]({badge})");
        let publish = serde_urlencoded::to_string(fields("publish", &body)).unwrap();
        assert!(location(&send(&app, form(ACME, "/en/studio/save", &publish, Some(&rita))).await).ends_with("&published=1"));
        let to = add_image(&app, &rita, "A spare.", ("spare.png", png())).await;
        let spare = media_url(&get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &rita).await.body);

        let library = get_with_cookie(&app, ACME, "/en/studio/images", &rita).await.body;
        assert!(library.contains("href=\"/en/studio/edit?path=en/core-hr/badge-photos.md\">Badge photos"), "{library}");
        assert!(library.contains("spare.png") && library.contains("it may be in a draft not saved yet"), "{library}");
        assert!(!library.contains(&format!("name=\"id\" value=\"{}\"", media_id(&spare))), "no Remove during its first day");
        let remove = |what: String| serde_urlencoded::to_string([("id", what)]).unwrap();
        let r = send(&app, form(ACME, "/en/studio/images", &remove(media_id(&spare)), Some(&rita))).await;
        assert_eq!(location(&r), "/en/studio/images?removed=0", "kept on its first day: it may sit in a draft");
        assert_eq!(stored(&state).await, 2);

        // Another article reuses the published image from the library, without uploading it again.
        let mut reuse = fields("reuse", "Show your badge at the door.");
        reuse.retain(|(k, _)| *k != "slug" && *k != "title" && *k != "image_alt");
        reuse.extend([("slug", "door"), ("title", "At the door"), ("image_alt", "")]);
        let id = media_id(&badge);
        reuse.push(("library_image", &id));
        let to = location(&send(&app, form(ACME, "/en/studio/save", &serde_urlencoded::to_string(&reuse).unwrap(), Some(&rita))).await);
        let editor = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &rita).await.body;
        assert!(editor.contains(&format!("Show your badge at the door.\n\n![badge]({badge})")), "{editor}");
        assert_eq!(stored(&state).await, 2, "nothing uploaded twice");

        // A day later the spare goes, the used one stays whatever is posted.
        clock.advance(25 * 3600);
        let rita = signed_in(&app, ACME, "rita@acme.example").await;
        let library = get_with_cookie(&app, ACME, "/en/studio/images", &rita).await.body;
        assert!(library.contains(&format!("name=\"id\" value=\"{}\"", media_id(&spare))), "{library}");
        let r = send(&app, form(ACME, "/en/studio/images", &remove(media_id(&badge)), Some(&rita))).await;
        assert_eq!(location(&r), "/en/studio/images?removed=0", "an image an article shows is never removed");
        let r = send(&app, form(ACME, "/en/studio/images", &remove(media_id(&spare)), Some(&rita))).await;
        assert_eq!(location(&r), "/en/studio/images?removed=1");
        assert!(get_with_cookie(&app, ACME, "/en/studio/images?removed=1", &rita).await.body.contains("1 unused image removed."));
        assert_eq!(get(&app, ACME, &spare).await.status, StatusCode::NOT_FOUND);
        assert_eq!(get(&app, ACME, &badge).await.status, StatusCode::OK);
        let (logged,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'image-removed' AND subject = $1").bind(&spare).fetch_one(&state.pool).await.unwrap();
        assert_eq!(logged, 1);

        // A customer administrator's library is their company's own: the vendor's image is
        // neither listed, nor inserted, nor removed from there.
        let admin = signed_in(&app, ACME, "admin@acme.example").await;
        let theirs = get_with_cookie(&app, ACME, "/en/studio/images", &admin).await.body;
        assert!(!theirs.contains(&badge) && theirs.contains("No image has been uploaded yet."), "{theirs}");
        let to = location(&send(&app, form(ACME, "/en/studio/save", &serde_urlencoded::to_string(&reuse).unwrap(), Some(&admin))).await);
        let refused = get_with_cookie(&app, ACME, to.split('#').next().unwrap(), &admin).await.body;
        assert!(refused.contains("That image is not in your library any more.") && !refused.contains(&format!("]({badge})")), "{refused}");
        let r = send(&app, form(ACME, "/en/studio/images", &serde_urlencoded::to_string([("all", "1")]).unwrap(), Some(&admin))).await;
        assert_eq!(location(&r), "/en/studio/images?removed=0");
        assert_eq!(stored(&state).await, 1);
    });
}
