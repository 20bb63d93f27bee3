//! The ticket forms that carry files: filing a ticket and commenting with attachments. They are
//! plain multipart posts (they work without JavaScript) handled here rather than as server
//! functions; a refused form is kept as a draft and the reader is sent back to it with every
//! typed value and each problem next to its field.

use atrium_app::state::{AppState, Session};
use atrium_core::{
    tenant::Tenant,
    ticket::{self, attachment, ExtraField, FieldError, TicketError, TicketForm},
};
use axum::{
    body::Body,
    extract::{Multipart, Path, Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension,
};

/// Largest whole request: every attachment at its limit, plus the text.
pub fn body_limit(attachment_max_bytes: usize) -> usize {
    attachment::MAX_FILES * attachment_max_bytes + (1 << 20)
}

fn see_other(location: &str) -> Response {
    Response::builder().status(StatusCode::SEE_OTHER).header(header::LOCATION, location).body(Body::empty()).expect("redirect")
}

fn sign_in_first(locale: &str, back: &str) -> Response {
    see_other(&format!("/{locale}/sign-in?return_to={}", atrium_app::url::query_value(back)))
}

/// Text fields and checked attachments of a multipart form, with the upload problems found.
#[derive(Default)]
struct Posted {
    text: Vec<(String, String)>,
    attachments: Vec<attachment::Attachment>,
    problems: Vec<FieldError>,
}

impl Posted {
    fn get(&self, name: &str) -> String {
        self.text.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

async fn read_form(mut multipart: Multipart, max_bytes: usize) -> Posted {
    let mut posted = Posted::default();
    let mut files = 0usize;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                // Over the body limit, or a part the parser refused (a file name with control
                // characters, say): each said as what it is, rather than failing the whole page.
                tracing::info!(error = %e, "multipart form cut short");
                let key = if e.status() == StatusCode::PAYLOAD_TOO_LARGE { "too-large" } else { "unreadable" };
                posted.problems.push(FieldError::new("attachments", key));
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "attachments" {
            let filename = field.file_name().unwrap_or_default().to_string();
            let Some(bytes) = crate::tickets::uploads::read_capped(field, max_bytes).await else {
                posted.problems.push(FieldError::with_detail("attachments", "too-large", &filename));
                continue;
            };
            if bytes.is_empty() && filename.is_empty() {
                continue; // the empty file input of a form without an attachment
            }
            files += 1;
            if files > attachment::MAX_FILES {
                if files == attachment::MAX_FILES + 1 {
                    posted.problems.push(FieldError::new("attachments", "too-many"));
                }
                continue;
            }
            match crate::tickets::uploads::check_attachment_off_the_workers(filename.clone(), bytes, max_bytes).await {
                Ok(s) => posted.attachments.push(s),
                Err(e) => posted.problems.push(FieldError::with_detail("attachments", e.key(), &filename)),
            }
        } else if let Ok(value) = field.text().await {
            // 100 kB per text field is far beyond any description.
            posted.text.push((name, value.chars().take(100_000).collect()));
        }
    }
    posted
}

/// The modules one may file against, with the extra fields their request form asks for.
fn catalogue(state: &AppState) -> Vec<(String, Vec<ExtraField>)> {
    state
        .content()
        .modules()
        .iter()
        .map(|m| {
            let fields = m.descriptor.ticket_fields.iter().map(|f| ExtraField { key: f.key.clone(), required: f.required }).collect();
            (m.folder.clone(), fields)
        })
        .collect()
}

/// `POST /<locale>/tickets`: files a ticket from the multipart form.
pub async fn file_ticket(
    State(state): State<AppState>,
    Extension(tenant): Extension<Tenant>,
    session: Option<Extension<Session>>,
    Path(locale): Path<String>,
    multipart: Multipart,
) -> Response {
    let tenant_origin = tenant.origin;
    if !atrium_core::is_locale(&locale) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(Extension(session)) = session else { return sign_in_first(&locale, &format!("/{locale}/tickets/new")) };
    let posted = read_form(multipart, state.tickets.attachment_max_bytes).await;
    let form = TicketForm {
        kind: posted.get("kind"),
        severity: posted.get("severity"),
        impact: posted.get("impact"),
        subject: posted.get("subject"),
        description: posted.get("description"),
        module: posted.get("module"),
        article_path: posted.get("article_path"),
        action_path: posted.get("action_path"),
        incident_at: posted.get("incident_at"),
        extra: posted.text.iter().filter_map(|(k, v)| k.strip_prefix("extra.").map(|k| (k.to_string(), v.clone()))).collect(),
        form_session: posted.get("form_session"),
        language: posted.get("language"),
        follows: posted.get("follows"),
    };
    // The language support answers in: the reader's choice, else the page's.
    let language = if atrium_core::is_locale(&form.language) { form.language.clone() } else { locale.clone() };
    let now = state.clock.now();
    let settings = match ticket::settings_for(&state.pool, &state.tickets, &session.user.tenant_id).await {
        Ok(s) => s,
        Err(e) => return internal(&locale, e),
    };
    let valid = ticket::validate(&form, &catalogue(&state), settings.calendar.tz, now);
    let mut valid = match valid {
        Ok(v) if posted.problems.is_empty() => v,
        Ok(_) => return back_to_form(&state, &session, &locale, &form, posted.problems, now).await,
        Err(mut errors) => {
            errors.extend(posted.problems);
            return back_to_form(&state, &session, &locale, &form, errors, now).await;
        }
    };
    // The module's form may promise its own turnaround for requests that are not anomalies.
    valid.turnaround_days = state.content().module(&valid.module).and_then(|m| m.descriptor.turnaround(valid.kind.key()));
    match ticket::create(&state.pool, &settings, &session.user, &language, &tenant_origin, valid, posted.attachments, now).await {
        Ok(t) => {
            state.mail_kick.kick();
            tracing::info!(tenant = %t.tenant_id, ticket = t.number, "ticket filed");
            see_other(&format!("/{locale}/tickets/{}?filed=1", t.number))
        }
        Err(e) => internal(&locale, e),
    }
}

async fn back_to_form(state: &AppState, session: &Session, locale: &str, form: &TicketForm, errors: Vec<FieldError>, now: i64) -> Response {
    let fields = serde_json::to_string(form).unwrap_or_default();
    let errors = serde_json::to_string(&errors).unwrap_or_default();
    match ticket::save_draft(&state.pool, &session.user, &fields, &errors, now).await {
        Ok(id) => see_other(&format!("/{locale}/tickets/new?draft={id}#ticket-form")),
        Err(e) => internal(locale, e),
    }
}

fn internal(locale: &str, e: impl std::fmt::Display) -> Response {
    crate::failure::not_saved(locale, "ticket form", e)
}

/// `?tenant=<id>`: the customer tenant a vendor support agent works in (ignored for anyone else).
#[derive(serde::Deserialize)]
pub struct InTenant {
    tenant: Option<String>,
}

/// `POST /<locale>/tickets/<number>/comments`: a comment, with screenshots, on a ticket.
pub async fn comment_ticket(
    State(state): State<AppState>,
    session: Option<Extension<Session>>,
    Path((locale, number)): Path<(String, i64)>,
    Query(InTenant { tenant }): Query<InTenant>,
    multipart: Multipart,
) -> Response {
    if !atrium_core::is_locale(&locale) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(Extension(session)) = session else { return sign_in_first(&locale, &format!("/{locale}/tickets/{number}")) };
    let ticket = match ticket::get_for(&state.pool, &session.user, tenant.as_deref(), number).await {
        Ok(t) => t,
        Err(TicketError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return internal(&locale, e),
    };
    let posted = read_form(multipart, state.tickets.attachment_max_bytes).await;
    let body = posted.get("body");
    let internal_note = posted.get("internal") == "1";
    let now = state.clock.now();
    let settings = match ticket::settings_for(&state.pool, &state.tickets, &ticket.tenant_id).await {
        Ok(s) => s,
        Err(e) => return internal(&locale, e),
    };
    let page = match tenant {
        Some(_) if ticket::works_across_tenants(&session.user) => format!("/{locale}/tickets/{number}?tenant={}&", ticket.tenant_id),
        _ => format!("/{locale}/tickets/{number}?"),
    };
    let result = if posted.problems.is_empty() {
        ticket::comment(&state.pool, &settings, &session.user, &ticket, &body, internal_note, posted.attachments, now).await
    } else {
        Err(TicketError::Invalid(posted.problems))
    };
    match result {
        Ok(_) => {
            state.mail_kick.kick();
            see_other(&format!("{page}done=comment#history"))
        }
        Err(TicketError::Invalid(errors)) => {
            let fields = serde_json::json!({ "body": body }).to_string();
            let errors = serde_json::to_string(&errors).unwrap_or_default();
            match ticket::save_draft(&state.pool, &session.user, &fields, &errors, now).await {
                Ok(id) => see_other(&format!("{page}draft={id}#reply")),
                Err(e) => internal(&locale, e),
            }
        }
        Err(TicketError::Closed) => see_other(&format!("{page}error=closed")),
        Err(TicketError::NotFound | TicketError::Forbidden) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => internal(&locale, e),
    }
}

/// `inline` for the images the upload check decoded, `attachment` for anything else, with the
/// name in both the plain and the RFC 5987 forms (for accented names).
fn disposition(content_type: &str, filename: &str) -> String {
    let how = if content_type.starts_with("image/") { "inline" } else { "attachment" };
    let plain: String = filename.chars().map(|c| if c.is_ascii_alphanumeric() || " .-_()".contains(c) { c } else { '_' }).collect();
    let encoded = percent_encoding::utf8_percent_encode(filename, RFC5987_ESCAPED);
    format!("{how}; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
}

/// What RFC 5987 escapes in a header's file name: all but letters, digits and `-._~`.
const RFC5987_ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// `GET /<locale>/tickets/<number>/files/<id>`: an attached file, for whoever may see the ticket.
pub async fn screenshot(
    State(state): State<AppState>,
    session: Option<Extension<Session>>,
    Path((locale, number, id)): Path<(String, i64, String)>,
    Query(InTenant { tenant }): Query<InTenant>,
) -> Response {
    let Some(Extension(session)) = session else { return sign_in_first(&locale, &format!("/{locale}/tickets/{number}")) };
    let found = match ticket::get_for(&state.pool, &session.user, tenant.as_deref(), number).await {
        Ok(t) => ticket::attachment(&state.pool, &state.tickets.files, &session.user, &t, &id).await,
        Err(TicketError::NotFound) => Ok(None),
        Err(e) => return crate::failure::not_served(&locale, "screenshot", e),
    };
    match found {
        Ok(Some((filename, content_type, bytes))) => Response::builder()
            .header(header::CONTENT_TYPE, &content_type)
            // Only checked images are shown in the page; every other file is a download.
            .header(header::CONTENT_DISPOSITION, disposition(&content_type, &filename))
            .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
            .header(header::CACHE_CONTROL, "private, max-age=3600")
            // Even a file that slipped through could not run anything here.
            .header(header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox")
            .body(Body::from(bytes))
            .expect("file response"),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => crate::failure::not_served(&locale, "screenshot", e),
    }
}
