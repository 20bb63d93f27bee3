//! The ticket form as typed, and its validation into a ticket to store. Every problem is a
//! (field, key) pair so the page can show it next to the field in the reader's language.

use super::{FieldError, Impact, Kind};
use crate::sla::Severity;
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub const MAX_SUBJECT: usize = 200;
pub const MAX_DESCRIPTION: usize = 20_000;
pub const MAX_ACTION_PATH: usize = 500;

/// What the reader typed, kept as text so a refused form can be shown again exactly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketForm {
    pub kind: String,
    pub severity: String,
    pub impact: String,
    pub subject: String,
    pub description: String,
    pub module: String,
    pub article_path: String,
    pub action_path: String,
    /// `YYYY-MM-DDTHH:MM` in the support calendar's time zone (an `<input type=datetime-local>`).
    pub incident_at: String,
    /// The request catalogue's extra fields for the chosen module.
    pub extra: Vec<(String, String)>,
    /// Ties suggested articles opened from this form to its filing (deflection report).
    pub form_session: String,
    /// The language support answers and mails in; the page's when empty.
    #[serde(default)]
    pub language: String,
    /// The number of the closed ticket this request follows, when filed from its page.
    #[serde(default)]
    pub follows: String,
}

/// A form that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidTicket {
    pub kind: Kind,
    pub severity: Severity,
    pub impact: Option<Impact>,
    pub subject: String,
    pub description: String,
    pub module: String,
    pub article_path: Option<String>,
    pub action_path: String,
    pub incident_at: Option<i64>,
    pub extra: Vec<(String, String)>,
    pub form_session: Option<String>,
    /// Kept only if it names a closed ticket the requester may see (checked when filing).
    pub follows: Option<i64>,
    /// The turnaround the module's form promises for this kind of request, if its own.
    pub turnaround_days: Option<i64>,
}

impl ValidTicket {
    /// A request with only what every ticket has (for tickets that come from no form: by mail,
    /// the demo); no impact, article, action path, extra fields or link.
    pub fn plain(kind: Kind, severity: Severity, module: &str, subject: String, description: String) -> Self {
        ValidTicket {
            kind,
            severity,
            impact: None,
            subject,
            description,
            module: module.into(),
            article_path: None,
            action_path: String::new(),
            incident_at: None,
            extra: Vec::new(),
            form_session: None,
            follows: None,
            turnaround_days: None,
        }
    }
}

/// An extra field a module's request form asks for (request catalogue).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtraField {
    pub key: String,
    pub required: bool,
}

/// Checks a typed form. `modules` are the product modules one may file against, each with the
/// extra fields its form asks for.
pub fn validate(form: &TicketForm, modules: &[(String, Vec<ExtraField>)], tz: Tz, now: i64) -> Result<ValidTicket, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = Kind::from_key(&form.kind);
    if kind.is_none() {
        errors.push(FieldError::new("kind", "required"));
    }
    let severity = Severity::from_key(&form.severity);
    if severity.is_none() {
        errors.push(FieldError::new("severity", "required"));
    }
    let impact = Impact::from_key(&form.impact);
    if kind == Some(Kind::Anomaly) && impact.is_none() {
        errors.push(FieldError::new("impact", "required"));
    }
    let subject = clean_line(&form.subject);
    if subject.is_empty() {
        errors.push(FieldError::new("subject", "required"));
    } else if subject.chars().count() > MAX_SUBJECT {
        errors.push(FieldError::new("subject", "too-long"));
    }
    // Line breaks and tabs stay; other control characters (a NUL cannot be stored by PostgreSQL) go.
    let description: String = form.description.replace("\r\n", "\n").chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect();
    let description = description.trim().to_string();
    if description.is_empty() {
        errors.push(FieldError::new("description", "required"));
    } else if description.chars().count() > MAX_DESCRIPTION {
        errors.push(FieldError::new("description", "too-long"));
    }
    let module = modules.iter().find(|(m, _)| *m == form.module);
    if module.is_none() {
        errors.push(FieldError::new("module", "required"));
    }
    let action_path = clean_line(&form.action_path);
    if action_path.chars().count() > MAX_ACTION_PATH {
        errors.push(FieldError::new("action_path", "too-long"));
    }
    let incident_at = match form.incident_at.trim() {
        "" => None,
        raw => match NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M").ok().and_then(|n| tz.from_local_datetime(&n).earliest()) {
            Some(t) if t.timestamp() > now + 300 => {
                errors.push(FieldError::new("incident_at", "in-future"));
                None
            }
            Some(t) => Some(t.timestamp()),
            None => {
                errors.push(FieldError::new("incident_at", "invalid"));
                None
            }
        },
    };
    let mut extra = Vec::new();
    if let Some((_, fields)) = module {
        for f in fields {
            let value = form.extra.iter().find(|(k, _)| *k == f.key).map(|(_, v)| clean_line(v)).unwrap_or_default();
            if f.required && value.is_empty() {
                errors.push(FieldError::new(&format!("extra.{}", f.key), "required"));
            } else if value.chars().count() > 500 {
                errors.push(FieldError::new(&format!("extra.{}", f.key), "too-long"));
            } else if !value.is_empty() {
                extra.push((f.key.clone(), value));
            }
        }
    }
    let article_path = Some(form.article_path.trim()).filter(|p| p.starts_with('/') && !p.starts_with("//") && p.len() < 300).map(str::to_string);
    let form_session = Some(form.form_session.trim())
        .filter(|s| !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_string);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidTicket {
        kind: kind.expect("checked"),
        severity: severity.expect("checked"),
        impact: if kind == Some(Kind::Anomaly) { impact } else { None },
        subject,
        description,
        module: form.module.clone(),
        article_path,
        action_path,
        incident_at,
        extra,
        follows: form.follows.trim().parse::<i64>().ok().filter(|n| *n > 0),
        turnaround_days: None,
        form_session,
    })
}

/// One line of text: control characters out, runs of spaces kept single.
fn clean_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modules() -> Vec<(String, Vec<ExtraField>)> {
        vec![("payroll".into(), vec![ExtraField { key: "pay-period".into(), required: true }]), ("learning".into(), vec![])]
    }

    fn good() -> TicketForm {
        TicketForm {
            kind: "anomaly".into(),
            severity: "major".into(),
            impact: "degradation".into(),
            subject: "  Export\tfails  ".into(),
            description: "It fails.\r\nEvery time.".into(),
            module: "payroll".into(),
            action_path: "Payroll > Export".into(),
            incident_at: "2026-11-23T09:15".into(),
            extra: vec![("pay-period".into(), "2026-11".into()), ("smuggled".into(), "x".into())],
            ..Default::default()
        }
    }

    const NOW: i64 = 1_795_500_000; // 2026-11-24 07:00 in Paris

    #[test]
    fn a_complete_form_becomes_a_ticket() {
        let t = validate(&good(), &modules(), chrono_tz::Europe::Paris, NOW).unwrap();
        assert_eq!(t.subject, "Export fails");
        assert_eq!(t.description, "It fails.\nEvery time.");
        let odd = validate(&TicketForm { description: "Null\0 byte\u{7}.\n\tIndented".into(), ..good() }, &modules(), chrono_tz::Europe::Paris, NOW).unwrap();
        assert_eq!(odd.description, "Null byte.\n\tIndented");
        assert_eq!(t.impact, Some(Impact::Degradation));
        assert_eq!(t.extra, vec![("pay-period".to_string(), "2026-11".to_string())], "unknown extra fields are dropped");
        assert_eq!(t.incident_at, Some(chrono_tz::Europe::Paris.with_ymd_and_hms(2026, 11, 23, 9, 15, 0).unwrap().timestamp()));
    }

    #[test]
    fn every_problem_is_named_with_its_field() {
        let form = TicketForm { kind: "x".into(), subject: " ".into(), module: "nope".into(), incident_at: "yesterday".into(), ..Default::default() };
        let errors = validate(&form, &modules(), chrono_tz::Europe::Paris, NOW).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["kind", "severity", "subject", "description", "module", "incident_at"]);
    }

    #[test]
    fn anomalies_need_an_impact_and_modules_their_extra_fields() {
        let mut form = good();
        form.impact.clear();
        form.extra.clear();
        let errors = validate(&form, &modules(), chrono_tz::Europe::Paris, NOW).unwrap_err();
        assert_eq!(errors, vec![FieldError::new("impact", "required"), FieldError::new("extra.pay-period", "required")]);
        form.kind = "question".into();
        form.module = "learning".into();
        assert_eq!(validate(&form, &modules(), chrono_tz::Europe::Paris, NOW).unwrap().impact, None);
    }

    #[test]
    fn an_incident_cannot_be_in_the_future_and_subjects_have_a_limit() {
        let mut form = good();
        form.incident_at = "2027-01-01T10:00".into();
        form.subject = "x".repeat(MAX_SUBJECT + 1);
        let errors = validate(&form, &modules(), chrono_tz::Europe::Paris, NOW).unwrap_err();
        assert_eq!(errors, vec![FieldError::new("subject", "too-long"), FieldError::new("incident_at", "in-future")]);
    }
}
