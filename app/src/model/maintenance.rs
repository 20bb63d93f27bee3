//! View models of the maintenance and outages page and of the banner on every page.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementView {
    pub id: String,
    pub kind: String,
    pub title: String,
    /// Rendered from Markdown and sanitised on the server.
    pub body_html: String,
    /// The window in the announcement's own time zone, e.g. `2026-12-01 22:00 – 2026-12-02 02:00 (Europe/Paris)`.
    pub window: String,
    pub impact: String,
    pub modules: Vec<String>,
    pub state: String,
    pub emergency_reason: Option<String>,
    /// (when, state, note)
    pub updates: Vec<(String, String, Option<String>)>,
    pub next_states: Vec<String>,
    /// The window as `datetime-local` values in its time zone, for the publisher's date form
    /// (empty when the reader may not change it).
    pub starts_input: String,
    pub ends_input: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementFormValues {
    pub title: String,
    pub body: String,
    pub kind: String,
    pub impact: String,
    pub modules: Vec<String>,
    pub starts_at: String,
    pub ends_at: String,
    pub time_zone: String,
    pub emergency: bool,
    pub emergency_reason: String,
    pub counts_as_downtime: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaintenanceView {
    pub announcements: Vec<AnnouncementView>,
    /// The recurring windows of the next 7 days: (name key, window).
    pub recurring: Vec<(String, String)>,
    pub modules: Vec<(String, String)>,
    pub module: String,
    pub can_publish: bool,
    pub values: AnnouncementFormValues,
    pub errors: Vec<super::FieldProblem>,
    pub availability: AvailabilityView,
    pub subscription: SubscriptionView,
}

/// The reader's email subscription to announcements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionView {
    pub signed_in: bool,
    pub email: String,
    pub subscribed: bool,
    /// The one module subscribed to; empty for every announcement.
    pub module: String,
}

/// Overall availability over the last six months (service document §2.6.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvailabilityView {
    /// Rounded down to two decimals, so a figure below the commitment never shows as meeting it.
    pub percent: f64,
    pub commitment: f64,
    pub unavailable_minutes: i64,
    pub total_minutes: i64,
    pub meets: bool,
    /// The outages counted: (title, window, minutes in the period).
    pub counted: Vec<(String, String, i64)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BannerView {
    pub id: String,
    pub title: String,
    pub window: String,
    /// Open now, rather than coming up.
    pub active: bool,
    pub kind: String,
}
