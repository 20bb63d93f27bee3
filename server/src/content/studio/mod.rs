//! The studio's form posts: preview, save and publish an article, add an image to it, and
//! restore an old revision. Plain form posts, so the studio works without JavaScript: a preview,
//! an added image or a refused save comes back to the editor as a draft holding every typed
//! value, with each problem next to its field. Article images are served here too.

pub(crate) mod modules;
pub(crate) mod releases;

use atrium_app::{
    i18n::t,
    locale::Locale,
    state::{AppState, Session},
};
use atrium_core::{
    content::studio::{self, ArticleForm, StudioError},
    form::FieldError,
    tenant::Tenant,
    ticket::attachment,
};
use axum::{
    body::Body,
    extract::{FromRequest, Multipart, Path, Request, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension, Form,
};

/// The editor's form: its text, and one image of at most the screenshots' size.
pub const BODY_LIMIT: usize = attachment::MAX_BYTES + (2 << 20);

pub(crate) fn see_other(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_string())]).into_response()
}

pub(crate) fn failed(locale: &str, e: impl std::fmt::Display) -> Response {
    crate::failure::not_saved(locale, "article", e)
}

/// The content editor behind a post to `/<locale>/studio/…`, and the interface locale. Anyone
/// else is refused before the form is read: sent to sign in, or not allowed, in their language.
pub struct StudioEditor {
    pub session: Session,
    pub locale: String,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for StudioEditor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Response> {
        let Path(locale) = Path::<String>::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        if !atrium_core::is_locale(&locale) {
            return Err(StatusCode::NOT_FOUND.into_response());
        }
        let Some(session) = parts.extensions.get::<Session>().cloned() else {
            return Err(see_other(&format!("/{locale}/sign-in?return_to=/{locale}/studio")));
        };
        if !studio::may_edit(&session.user) {
            let l = Locale::from_code(&locale).unwrap_or(Locale::En);
            return Err(crate::failure::short_page(StatusCode::FORBIDDEN, l, &t(l, "error-forbidden-title"), &t(l, "error-forbidden-text")));
        }
        Ok(StudioEditor { session, locale })
    }
}

pub(crate) fn field(fields: &[(String, String)], name: &str) -> String {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
}

fn editor_url(locale: &str, form: &ArticleForm) -> String {
    format!("/{locale}/studio/edit?path={}", atrium_app::url::query_value(&form.path()))
}

/// Keeps the form as a draft and sends the editor back to it.
async fn back_to_editor(state: &AppState, session: &Session, locale: &str, form: &ArticleForm, errors: &[FieldError], anchor: &str) -> Response {
    keep_as_draft(state, session, locale, form, errors, &editor_url(locale, form), anchor).await
}

/// Keeps a studio form (an article's or a release note's) and its problems as a draft, and sends
/// the editor back to `editor` (an editor's address with its query) showing it at `anchor`.
pub(crate) async fn keep_as_draft(
    state: &AppState,
    session: &Session,
    locale: &str,
    form: &impl serde::Serialize,
    errors: &[FieldError],
    editor: &str,
    anchor: &str,
) -> Response {
    let fields = serde_json::to_string(form).unwrap_or_default();
    let errors = serde_json::to_string(errors).unwrap_or_default();
    match atrium_core::ticket::save_draft(&state.pool, &session.user, &fields, &errors, state.clock.now()).await {
        Ok(id) => see_other(&format!("{editor}&draft={id}#{anchor}")),
        Err(e) => failed(locale, e),
    }
}

/// What the editor posted: its fields, and the image to add if one was chosen (or why it could
/// not be read).
#[derive(Default)]
struct Posted {
    fields: Vec<(String, String)>,
    image: Option<(String, Vec<u8>)>,
    problem: Option<FieldError>,
}

/// Reads the editor's post: multipart from the page (it may carry an image), or urlencoded.
async fn read_post(request: Request) -> Result<Posted, Response> {
    let multipart = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let Form(fields) = Form::<Vec<(String, String)>>::from_request(request, &()).await.map_err(IntoResponse::into_response)?;
        return Ok(Posted { fields, ..Posted::default() });
    }
    let mut parts = Multipart::from_request(request, &()).await.map_err(IntoResponse::into_response)?;
    let mut posted = Posted::default();
    loop {
        let field = match parts.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                let key = if e.status() == StatusCode::PAYLOAD_TOO_LARGE { "too-large" } else { "unreadable" };
                posted.problem = Some(FieldError::new("image", key));
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "image" {
            let filename = field.file_name().unwrap_or_default().to_string();
            match crate::tickets::uploads::read_capped(field, attachment::MAX_BYTES).await {
                None => posted.problem = Some(FieldError::with_detail("image", "too-large", &filename)),
                // The empty file input of a form posted without an image.
                Some(bytes) if bytes.is_empty() && filename.is_empty() => {}
                Some(bytes) => posted.image = Some((filename, bytes)),
            }
        } else if let Ok(value) = field.text().await {
            posted.fields.push((name, value));
        }
    }
    Ok(posted)
}

/// Checks and stores the posted image and adds its Markdown at the end of the body, or says
/// why not next to the image field.
async fn add_image(state: &AppState, session: &Session, form: &mut ArticleForm, posted: Posted, alt: &str) -> Result<(), FieldError> {
    let Some((filename, bytes)) = posted.image else {
        return Err(posted.problem.unwrap_or_else(|| FieldError::new("image", "required")));
    };
    let image =
        crate::tickets::uploads::check_off_the_workers(filename.clone(), bytes).await.map_err(|e| FieldError::with_detail("image", e.key(), &filename))?;
    let scope = studio::scope(&session.user);
    let markdown =
        studio::add_image(&state.pool, &state.tickets.files, &session.user, scope.as_deref(), &image, alt, state.clock.now()).await.map_err(|e| {
            tracing::error!(error = %e, "article image not stored");
            FieldError::new("image", "not-stored")
        })?;
    append_image(form, markdown);
    Ok(())
}

/// Adds an image's Markdown at the end of the body, where the editor moves it.
fn append_image(form: &mut ArticleForm, markdown: String) {
    let body = form.body.trim_end();
    form.body = if body.is_empty() { markdown } else { format!("{body}\n\n{markdown}\n") };
}

/// `POST /<locale>/studio/images`: removes one unused image of the editor's library (`id`), or
/// every unused one (`all`). An image something shows, or one uploaded within the last day (it
/// may wait in an unsaved draft), is kept whatever is posted.
pub async fn remove_images(
    State(state): State<AppState>,
    StudioEditor { session, locale }: StudioEditor,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let id = field(&fields, "id");
    let one = (field(&fields, "all") != "1").then_some(id.as_str());
    if one.is_some_and(str::is_empty) {
        return StatusCode::BAD_REQUEST.into_response();
    }
    let scope = studio::scope(&session.user);
    match studio::remove_unused(&state.pool, &state.tickets.files, &state.content(), scope.as_deref(), one, &session.user, state.clock.now()).await {
        Ok(n) => see_other(&format!("/{locale}/studio/images?removed={n}")),
        Err(e) => failed(&locale, e),
    }
}

/// `GET /media/<id>.<ext>`: an article image. The vendor's are served on every tenant; a
/// customer's own on theirs alone. Served as the checked image it is, able to run nothing.
pub async fn media(State(state): State<AppState>, Extension(tenant): Extension<Tenant>, Path(file): Path<String>) -> Response {
    match studio::image(&state.pool, &state.tickets.files, &file).await {
        Ok(Some(image)) if image.scope.as_deref().is_none_or(|s| s == tenant.id) => Response::builder()
            .header(header::CONTENT_TYPE, image.content_type)
            .header(header::CONTENT_DISPOSITION, format!("inline; filename=\"{}\"", image.filename.replace('"', "")))
            .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
            .header(header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox")
            // The address names one stored image forever: a new upload gets a new one.
            .header(header::CACHE_CONTROL, if image.scope.is_some() { "private, max-age=86400" } else { "public, max-age=31536000, immutable" })
            .body(Body::from(image.bytes))
            .expect("image response"),
        Ok(_) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "article image not served");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `POST /<locale>/studio/save`: `action` is `preview`, `image` (add the chosen image), `save`,
/// `review` (ask for one) or `publish`.
pub async fn save(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    StudioEditor { session, locale }: StudioEditor,
    request: Request,
) -> Response {
    let mut posted = match read_post(request).await {
        Ok(p) => p,
        Err(refused) => return refused,
    };
    let fields = std::mem::take(&mut posted.fields);
    let get = |k: &str| field(&fields, k);
    let mut form = ArticleForm {
        // Whose article it is follows from who saves it, never from the form.
        tenant: studio::scope(&session.user).unwrap_or_default(),
        language: get("language"),
        module: get("module"),
        slug: get("slug").trim().to_string(),
        base: get("base").parse().unwrap_or(0),
        new: get("new") == "1",
        title: get("title"),
        summary: get("summary"),
        tags: get("tags"),
        order: get("order"),
        visibility: get("visibility"),
        groups: get("groups"),
        versions: get("versions"),
        translation_key: get("translation_key"),
        body: get("body"),
        source_updated: get("source_updated"),
        in_sync: get("in_sync") == "1",
        owner: get("owner"),
        review_by: get("review_by"),
    };
    let action = get("action");
    if action == "preview" {
        return back_to_editor(&state, &session, &locale, &form, &[], "preview").await;
    }
    if action == "image" {
        return match add_image(&state, &session, &mut form, posted, &get("image_alt")).await {
            Ok(()) => back_to_editor(&state, &session, &locale, &form, &[], "body").await,
            Err(problem) => back_to_editor(&state, &session, &locale, &form, &[problem], "image").await,
        };
    }
    if action == "reuse" {
        let scope = studio::scope(&session.user);
        return match studio::reuse_image(&state.pool, scope.as_deref(), &get("library_image"), &get("image_alt")).await {
            Ok(Some(markdown)) => {
                append_image(&mut form, markdown);
                back_to_editor(&state, &session, &locale, &form, &[], "body").await
            }
            Ok(None) => back_to_editor(&state, &session, &locale, &form, &[FieldError::new("image", "not-in-library")], "image").await,
            Err(e) => failed(&locale, e),
        };
    }
    let then = match then(&state, &tenant, &session, &locale, &action, &get("reviewer"), &form, &editor_url(&locale, &form)).await {
        Ok(then) => then,
        Err(back) => return back,
    };
    let saved_paths = match saved_paths(&state, &locale).await {
        Ok(paths) => paths,
        Err(failed) => return failed,
    };
    let text = match form.check(&state.content(), &saved_paths, state.today()) {
        Ok(text) => text,
        Err(errors) => return back_to_editor(&state, &session, &locale, &form, &errors, "editor").await,
    };
    let path = form.path();
    let now = state.clock.now();
    let number = match studio::save_or_reuse(&state.pool, &path, form.base, &text, then.reuses(), same_but_date, &session.user, now).await {
        Ok(n) => n,
        Err(StudioError::Conflict { latest, .. }) => {
            // Their text is kept; saving again from here saves over the newer revision, now
            // that they have been told of it.
            let mut kept = form.clone();
            kept.base = latest;
            let conflict = FieldError::with_detail("action", "conflict", &latest.to_string());
            return back_to_editor(&state, &session, &locale, &kept, &[conflict], "editor").await;
        }
        Err(e) => return failed(&locale, e),
    };
    finish(&state, &tenant, &session, &locale, then, (&path, number), &form.title, &get("note"), &editor_url(&locale, &form)).await
}

/// What a studio post asks for beyond keeping the text: publishing it, or a review by a publisher.
pub(crate) enum Then {
    Save,
    Publish,
    Review(atrium_core::identity::User),
}

impl Then {
    /// Whether the newest revision is reused when the text did not change.
    fn reuses(&self) -> bool {
        !matches!(self, Then::Save)
    }
}

/// The post's `action` (with the `reviewer` chosen); when refused, the form is kept as a draft and
/// the answer sends the editor back to `editor` with the problem next to its field. Only
/// publishers publish, and a review goes to one of this tenant's publishers in the same scope.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn then(
    state: &AppState,
    tenant: &Tenant,
    session: &Session,
    locale: &str,
    action: &str,
    reviewer: &str,
    form: &impl serde::Serialize,
    editor: &str,
) -> Result<Then, Response> {
    let refused = match action {
        "publish" if !studio::may_publish(&session.user) => FieldError::new("action", "may-not-publish"),
        "publish" => return Ok(Then::Publish),
        "review" => match chosen_reviewer(state, tenant, session, reviewer).await {
            Ok(Some(r)) => return Ok(Then::Review(r)),
            Ok(None) => FieldError::new("reviewer", "no-reviewer"),
            Err(e) => return Err(failed(locale, e)),
        },
        _ => return Ok(Then::Save),
    };
    let anchor = if refused.field == "reviewer" { "review" } else { "editor" };
    Err(keep_as_draft(state, session, locale, form, &[refused], editor, anchor).await)
}

/// Every path the studio has saved: a new article's or note's address must not be one of them.
pub(crate) async fn saved_paths(state: &AppState, locale: &str) -> Result<Vec<String>, Response> {
    match studio::latest_numbers(&state.pool).await {
        Ok(list) => Ok(list.into_iter().map(|(path, _, _)| path).collect()),
        Err(e) => Err(failed(locale, e)),
    }
}

/// After revision `number` of `path` is saved: asks for the review or publishes, as `then` says,
/// and sends the editor back to `editor` (its address with a query) saying what was done.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn finish(
    state: &AppState,
    tenant: &Tenant,
    session: &Session,
    locale: &str,
    then: Then,
    (path, number): (&str, i64),
    title: &str,
    note: &str,
    editor: &str,
) -> Response {
    let now = state.clock.now();
    match then {
        Then::Review(reviewer) => {
            let step = studio::Step { by: &session.user, to: &reviewer, locale, origin: &tenant.origin, title: title.trim(), now };
            if let Err(e) = studio::request_review(&state.pool, path, number, note, &step).await {
                return failed(locale, e);
            }
            state.mail_kick.kick();
            see_other(&format!("{editor}&asked={number}#review"))
        }
        Then::Publish => match studio::publish(&state.pool, path, number, &session.user, now).await {
            Ok(()) => see_other(&format!("{editor}&published={number}")),
            Err(e) => failed(locale, e),
        },
        Then::Save => see_other(&format!("{editor}&saved={number}")),
    }
}

/// The publisher `chosen` in a request for review, if they may review what `session`'s editor
/// writes: a customer's own article goes to that customer's administrators, never to the
/// vendor's team, and nobody reviews their own.
pub(crate) async fn chosen_reviewer(
    state: &AppState,
    tenant: &Tenant,
    session: &Session,
    chosen: &str,
) -> Result<Option<atrium_core::identity::User>, StudioError> {
    let found = atrium_core::identity::load_user(&state.pool, &tenant.id, chosen).await?;
    Ok(found.filter(|r| studio::may_publish(r) && studio::scope(r) == studio::scope(&session.user) && r.id != session.user.id))
}

/// Two texts that differ at most in their `updated:` line.
pub(crate) fn same_but_date(a: &str, b: &str) -> bool {
    let strip = |s: &str| s.lines().filter(|l| !l.starts_with("updated:")).collect::<Vec<_>>().join("\n");
    strip(a) == strip(b)
}

/// `POST /<locale>/studio/restore`: saves an old revision's text as the newest one.
pub async fn restore(State(state): State<AppState>, StudioEditor { session, locale }: StudioEditor, Form(fields): Form<Vec<(String, String)>>) -> Response {
    let get = |k: &str| field(&fields, k);
    let path = get("path");
    let (Ok(number), Ok(base)) = (get("number").parse::<i64>(), get("base").parse::<i64>()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if !studio::may_open(&session.user, &path) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let history = format!("/{locale}/studio/history?path={}", atrium_app::url::query_value(&path));
    match studio::restore(&state.pool, &path, number, base, &session.user, state.clock.now()).await {
        Ok(n) => {
            // Back to the editor the revision belongs to: a release note's or an article's.
            see_other(&format!("{}&saved={n}&restored={number}", studio::editor_address(&locale, &path)))
        }
        Err(StudioError::Conflict { .. }) => see_other(&format!("{history}&conflict=1")),
        Err(StudioError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => failed(&locale, e),
    }
}

/// `POST /<locale>/studio/review`: the reviewer sends the revision under review back with
/// comments (`decision=changes`), or approves it (`decision=approve`), published now or at
/// `publish_at`, a local time in the service's time zone.
pub async fn review(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    StudioEditor { session, locale }: StudioEditor,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let get = |k: &str| field(&fields, k);
    let path = get("path");
    if !studio::may_open(&session.user, &path) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let back = format!("/{locale}/studio/{}?path={}", studio::editor_page(&path), atrium_app::url::query_value(&path));
    if !studio::may_publish(&session.user) {
        return see_other(&format!("{back}&review_error=may-not-publish#review"));
    }
    let current = match studio::review(&state.pool, &path).await {
        Ok(Some(r)) if r.state == studio::ReviewState::InReview => r,
        Ok(_) => return see_other(&format!("{back}&review_error=not-in-review#review")),
        Err(e) => return failed(&locale, e),
    };
    let requester = match atrium_core::identity::load_user(&state.pool, &tenant.id, &current.requester_id).await {
        Ok(Some(u)) => u,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return failed(&locale, e),
    };
    let title = match studio::revision(&state.pool, &path, current.number).await {
        Ok(r) => r.and_then(|r| studio::title_of(&path, &r.text, state.tickets.calendar.tz)).unwrap_or_else(|| path.clone()),
        Err(e) => return failed(&locale, e),
    };
    let now = state.clock.now();
    let step = studio::Step { by: &session.user, to: &requester, locale: &locale, origin: &tenant.origin, title: &title, now };
    let comments = get("comments");
    let done = match get("decision").as_str() {
        "changes" if comments.trim().is_empty() => return see_other(&format!("{back}&review_error=required#review")),
        "changes" => studio::send_back(&state.pool, &path, &comments, &step).await.map(|()| "sent-back"),
        "approve" => {
            let publish_at = match get("publish_at").trim() {
                "" => None,
                local => match local_time(&state, local) {
                    Some(t) => Some(t),
                    None => return see_other(&format!("{back}&review_error=bad-time#review")),
                },
            };
            studio::approve(&state.pool, &path, &comments, publish_at, &step).await.map(|approved| match approved {
                studio::Approved::Published(_) => "published",
                studio::Approved::Scheduled(_) => "scheduled",
            })
        }
        _ => return StatusCode::BAD_REQUEST.into_response(),
    };
    match done {
        Ok(key) => {
            state.mail_kick.kick();
            see_other(&format!("{back}&review={key}#review"))
        }
        Err(StudioError::NotFound) => see_other(&format!("{back}&review_error=not-in-review#review")),
        Err(e) => failed(&locale, e),
    }
}

/// A `datetime-local` value (`2026-12-24T09:00`) in the service's time zone, as a timestamp.
fn local_time(state: &AppState, value: &str) -> Option<i64> {
    use chrono::TimeZone;
    let naive = chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M").ok()?;
    state.tickets.calendar.tz.from_local_datetime(&naive).earliest().map(|t| t.timestamp())
}
