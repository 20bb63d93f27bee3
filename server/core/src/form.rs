//! What forms share across domains (tickets, announcements): a field's error as a key the page
//! turns into a sentence in the reader's language.

/// A form field and what is wrong with it, as a key the page turns into a sentence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: String,
    /// What the problem is about when the field holds several things (a file's name).
    #[serde(default)]
    pub detail: Option<String>,
}

impl FieldError {
    pub fn new(field: &str, problem: &str) -> Self {
        FieldError { field: field.into(), problem: problem.into(), detail: None }
    }

    pub fn with_detail(field: &str, problem: &str, detail: &str) -> Self {
        FieldError { field: field.into(), problem: problem.into(), detail: Some(detail.chars().take(120).collect()) }
    }
}
