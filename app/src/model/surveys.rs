//! View models of the satisfaction survey and the support manager's report.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SurveyView {
    /// The link works: the ticket, and the answer so far.
    Open { number: i64, subject: String, rating: Option<i64>, reason: Option<String>, comment: String, reasons: Vec<String> },
    /// tampered | expired | used
    Refused(String),
}

/// One bar of a CSAT chart: label, CSAT in per cent, answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsatBar {
    pub label: String,
    pub csat: i64,
    pub answers: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyComment {
    pub ticket: String,
    pub rating: i64,
    pub reason: Option<String>,
    pub comment: String,
    pub answered: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportReportView {
    pub overall: CsatBar,
    pub by_week: Vec<CsatBar>,
    pub by_module: Vec<CsatBar>,
    pub by_agent: Vec<CsatBar>,
    pub comments: Vec<SurveyComment>,
}
