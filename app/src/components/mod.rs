mod banner;
mod helpful;
mod layout;
mod search_box;

pub use helpful::{HelpfulVote, VoteLabels};
pub use layout::{Breadcrumbs, Layout};
pub use search_box::{SearchBox, SearchBoxLabels};
mod ticket_text;
pub use banner::MaintenanceBanner;
pub use ticket_text::{TicketText, TicketTextLabels};
