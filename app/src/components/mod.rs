mod helpful;
mod layout;

pub use helpful::{HelpfulVote, VoteLabels};
pub use layout::{Breadcrumbs, Layout};
