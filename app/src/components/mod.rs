mod banner;
mod helpful;
mod layout;
mod search_box;
mod studio_body;

pub use helpful::{HelpfulVote, VoteLabels};
pub use layout::{Breadcrumbs, Layout};
pub use search_box::{SearchBox, SearchBoxLabels};
pub use studio_body::{StudioBody, StudioBodyLabels};
mod ticket_text;
pub use banner::MaintenanceBanner;
pub use ticket_text::{TicketText, TicketTextLabels};

/// Text for a `<textarea>`'s content. Leptos writes a textarea's children into the server's
/// HTML without escaping them (as it does a script's), so typed text holding `</textarea>` would
/// end the field and the rest would be read as markup. In the browser the text is a plain text
/// node and needs nothing.
pub fn textarea_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    return html_escape::encode_text(&text).into_owned();
    #[cfg(not(feature = "ssr"))]
    text
}
