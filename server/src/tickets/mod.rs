//! Tickets over HTTP: the ticket form's and comments' posts with their attachments, a ticket's
//! files, and the satisfaction answers as CSV.

pub(crate) mod forms;
pub(crate) mod survey_csv;
pub(crate) mod uploads;
