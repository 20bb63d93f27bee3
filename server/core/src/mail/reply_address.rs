//! The address a ticket's mails are answered at: the help centre's own, with the ticket named
//! and signed after a `+` (`help+<ticket><signature>@atrium.example`). Mail servers deliver such
//! an address to the plain mailbox (Dovecot's `recipient_delimiter`, Gmail and Microsoft 365 do
//! by default), so one support mailbox receives the answers to every ticket; the signature keeps
//! anyone from writing to a ticket by guessing its address.

use hmac::{Hmac, Mac};
use lettre::message::Mailbox;
use sha2::Sha256;

/// Hex digits of the signature kept in the address: 64 bits, far beyond guessing by mail.
const SIGNATURE_HEX: usize = 16;

/// The name under which the nodes share the signing key.
pub const KEY_NAME: &str = "reply-address-key";

fn signature(key: &[u8], ticket_id: &str) -> String {
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    m.update(ticket_id.as_bytes());
    hex::encode(m.finalize().into_bytes())[..SIGNATURE_HEX].to_string()
}

/// The address answers to `ticket_id`'s mails go to; `None` for an id that cannot be carried in
/// an address (ours are UUIDs).
pub fn reply_address(key: &[u8], from: &Mailbox, ticket_id: &str) -> Option<Mailbox> {
    let compact: String = ticket_id.chars().filter(|c| *c != '-').collect::<String>().to_ascii_lowercase();
    if compact.len() != 32 || !compact.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let user = from.email.user();
    let address = format!("{user}+{compact}{}@{}", signature(key, ticket_id), from.email.domain());
    Some(Mailbox::new(from.name.clone(), address.parse().ok()?))
}

/// The ticket an address names, if it is one of ours (same mailbox and domain as `from`) and
/// its signature holds. Mail systems may change the case of an address: compared without case.
pub fn ticket_in(key: &[u8], from: &Mailbox, address: &str) -> Option<String> {
    let (local, domain) = address.trim().rsplit_once('@')?;
    if !domain.eq_ignore_ascii_case(from.email.domain()) {
        return None;
    }
    let (user, tag) = local.split_once('+')?;
    if !user.eq_ignore_ascii_case(from.email.user()) || tag.len() != 32 + SIGNATURE_HEX {
        return None;
    }
    let tag = tag.to_ascii_lowercase();
    let (compact, given) = tag.split_at(32);
    if !compact.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let id = format!("{}-{}-{}-{}-{}", &compact[..8], &compact[8..12], &compact[12..16], &compact[16..20], &compact[20..]);
    // Compared in constant time: both sides have SIGNATURE_HEX digits.
    let expected = signature(key, &id);
    let same = expected.bytes().zip(given.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    same.then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_address_names_its_ticket_and_cannot_be_forged_or_moved() {
        let from: Mailbox = "Help Centre <help@atrium.example>".parse().unwrap();
        let id = "0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b";
        let address = reply_address(b"key", &from, id).unwrap();
        let text = address.email.to_string();
        assert!(text.starts_with("help+0190a5b27c3d7e4f8a9b0c1d2e3f4a5b") && text.ends_with("@atrium.example"), "{text}");
        assert!(text.split('@').next().unwrap().len() <= 64, "a local part has at most 64 characters");
        assert_eq!(address.name.as_deref(), Some("Help Centre"));
        assert_eq!(ticket_in(b"key", &from, &text).as_deref(), Some(id));
        assert_eq!(ticket_in(b"key", &from, &text.to_uppercase()).as_deref(), Some(id), "case changed by a mail system");
        // Another key, another ticket's id with this signature, another domain or mailbox: nothing.
        assert_eq!(ticket_in(b"other key", &from, &text), None);
        let other = reply_address(b"key", &from, "0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5c").unwrap().email.to_string();
        let swapped =
            format!("{}{}", &other[..other.len() - SIGNATURE_HEX - "@atrium.example".len()], &text[text.len() - SIGNATURE_HEX - "@atrium.example".len()..]);
        assert_eq!(ticket_in(b"key", &from, &swapped), None, "{swapped}");
        assert_eq!(ticket_in(b"key", &from, &text.replace("atrium.example", "evil.example")), None);
        assert_eq!(ticket_in(b"key", &from, &text.replace("help+", "sales+")), None);
        assert_eq!(ticket_in(b"key", &from, "help@atrium.example"), None);
        assert_eq!(reply_address(b"key", &from, "not-a-uuid"), None);
    }
}
