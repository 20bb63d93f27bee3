//! The random tokens behind cookies and one-click links, and how they are stored: only their
//! SHA-256, so a copy of the database cannot be replayed as cookies or links.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

/// 256 random bits, as 64 hex digits.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What is stored for a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether `token` could be one of ours; anything else is refused before touching the database.
pub fn looks_like_token(token: &str) -> bool {
    token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit())
}

/// A key the nodes share for signing links and addresses, made once by whichever node needs it
/// first and kept in `app_secrets` under `name`.
pub async fn stored_key(pool: &crate::db::Pool, name: &str) -> Result<Vec<u8>, sqlx::Error> {
    let mut fresh = [0u8; 32];
    OsRng.fill_bytes(&mut fresh);
    sqlx::query("INSERT INTO app_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(hex::encode(fresh))
        .bind(crate::db::now())
        .execute(pool)
        .await?;
    let (value,): (String,) = sqlx::query_as("SELECT value FROM app_secrets WHERE name = $1").bind(name).fetch_one(pool).await?;
    Ok(hex::decode(value).unwrap_or_default())
}
