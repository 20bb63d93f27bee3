use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use std::sync::OnceLock;

/// argon2id cost parameters, from the configuration (`ATRIUM_ARGON2_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for HashCost {
    /// 19 MiB and 2 passes: OWASP's recommended minimum for argon2id.
    fn default() -> Self {
        HashCost { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 }
    }
}

impl HashCost {
    pub fn params(self) -> Result<Params, String> {
        Params::new(self.memory_kib, self.iterations, self.parallelism, None).map_err(|e| e.to_string())
    }
}

static COST: OnceLock<HashCost> = OnceLock::new();

/// Sets the cost of new hashes once, at start-up. Existing hashes carry their own parameters
/// in their PHC string, so they keep verifying after a change.
pub fn configure_hashing(cost: HashCost) -> Result<(), String> {
    cost.params()?;
    let _ = COST.set(cost);
    Ok(())
}

fn hasher() -> Argon2<'static> {
    let params = COST.get().copied().unwrap_or_default().params().expect("checked in configure_hashing");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Argon2 runs at most this many at once, on tokio's blocking threads: each takes tens of
/// milliseconds of CPU and its memory cost, which on the async workers would hold up every page
/// they serve meanwhile.
fn hashing_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
}

async fn off_the_workers<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let _slot = hashing_slots().acquire().await.expect("the hashing semaphore is never closed");
    tokio::task::spawn_blocking(work).await.expect("password hashing does not panic")
}

/// [`hash_password`] on the blocking pool.
pub async fn hash(password: &str) -> String {
    let password = password.to_string();
    off_the_workers(move || hash_password(&password)).await
}

/// Whether `password` matches any of `hashes`, checked on the blocking pool.
pub async fn matches_any(password: &str, hashes: Vec<String>) -> bool {
    if hashes.is_empty() {
        return false;
    }
    let password = password.to_string();
    off_the_workers(move || hashes.iter().any(|h| verify_password(&password, h))).await
}

/// [`verify_password`] on the blocking pool; without a hash, burns the same time and fails, so a
/// missing account is not faster to reject.
pub async fn verify(password: &str, hash: Option<&str>) -> bool {
    let (password, hash) = (password.to_string(), hash.map(str::to_string));
    off_the_workers(move || match hash {
        Some(h) => verify_password(&password, &h),
        None => {
            verify_against_nothing(&password);
            false
        }
    })
    .await
}

pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher().hash_password(password.as_bytes(), &salt).expect("argon2 hashing").to_string()
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false)
}

/// Burns the same time as a real verification, so a missing account is not faster to reject.
fn verify_against_nothing(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("not a real password"));
    let _ = verify_password(password, hash);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash_password("Correct horse 1!");
        let b = hash_password("Correct horse 1!");
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "salted");
        assert!(verify_password("Correct horse 1!", &a));
        assert!(!verify_password("correct horse 1!", &a));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn a_hash_made_with_other_costs_still_verifies() {
        let cheap = Argon2::new(Algorithm::Argon2id, Version::V0x13, HashCost { memory_kib: 8192, iterations: 1, parallelism: 1 }.params().unwrap());
        let hash = cheap.hash_password(b"Tulip-harbour-77", &SaltString::generate(&mut OsRng)).unwrap().to_string();
        assert!(hash.contains("m=8192,t=1"));
        assert!(verify_password("Tulip-harbour-77", &hash));
        assert!(HashCost { memory_kib: 1, iterations: 0, parallelism: 1 }.params().is_err());
    }
}
