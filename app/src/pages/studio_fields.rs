//! A studio form's problems as sentences in the editor's language, next to their fields.

use crate::{i18n::*, locale::Locale, model::FieldProblem};
use leptos::prelude::*;

/// A studio field problem as a sentence in the reader's language.
pub fn problem_text(locale: Locale, p: &FieldProblem) -> String {
    let detail = p.detail.clone().unwrap_or_default();
    let key = match (p.field.as_str(), p.problem.as_str()) {
        ("versions", "unknown") => "studio-error-unknown-version",
        ("modules", "unknown") | ("features", "unknown-module") => "studio-error-unknown-module",
        ("body", "invalid") => "studio-error-invalid-text",
        ("image", "required") => "studio-error-image-required",
        ("image", "not-stored") => "studio-error-image-not-stored",
        ("image", "not-in-library") => "studio-error-image-not-in-library",
        // Article images keep their own limit, smaller than a ticket's attachments.
        ("image", "too-large") => "studio-error-image-too-large",
        // The image is checked as ticket screenshots are, and told in the same words.
        ("image", problem) => return t_with(locale, &format!("ticket-error-{problem}"), &[("file", detail)]),
        (_, problem) => return t_with(locale, &format!("studio-error-{problem}"), &[("detail", detail)]),
    };
    t_with(locale, key, &[("detail", detail)])
}

pub fn field_error(locale: Locale, errors: &[FieldProblem], field: &str) -> Option<AnyView> {
    let msgs: Vec<String> = errors.iter().filter(|e| e.field == field).map(|e| problem_text(locale, e)).collect();
    (!msgs.is_empty()).then(|| view! { <p class="field-error" id=format!("err-{field}")>{msgs.join(" ")}</p> }.into_any())
}
