//! Password hashes: argon2id with the crate's defaults (RFC 9106's second recommendation), in PHC
//! strings that carry their own salt and parameters.

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};

/// The shortest password an account may have.
pub const MIN_LENGTH: usize = 12;

/// Hashing is deliberately slow (tens of milliseconds): run it off the async workers.
pub async fn hash(password: String) -> String {
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .expect("the hashing task does not panic")
}

fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2id with default parameters hashes any password")
        .to_string()
}

/// Whether `password` matches `hash`; a malformed stored hash never matches. Without a stored hash
/// (an unknown email) a dummy one is checked, so the answer takes as long either way.
pub async fn verify(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let stored = hash.unwrap_or_else(|| DUMMY.get_or_init(|| hash_now(&generate())).clone());
        let matched = PasswordHash::new(&stored).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        });
        matched && known
    })
    .await
    .unwrap_or(false)
}

/// The hash of a random password nobody knows, made once.
static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// A password for an account created without one: 20 characters from a 56-letter alphabet with
/// no look-alikes (about 116 bits).
pub fn generate() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_is_argon2id_salted_and_checks_only_its_password() {
        let first = hash("correct horse battery".into()).await;
        let second = hash("correct horse battery".into()).await;
        assert!(first.starts_with("$argon2id$"), "{first}");
        assert_ne!(first, second, "each hash has its own salt");
        assert!(verify("correct horse battery".into(), Some(first.clone())).await);
        assert!(!verify("correct horse battery!".into(), Some(first)).await);
        assert!(!verify("anything".into(), Some("not a hash".into())).await);
        assert!(!verify("anything".into(), None).await);
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let (a, b) = (generate(), generate());
        assert_eq!(a.len(), 20);
        assert!(a.len() >= MIN_LENGTH);
        assert_ne!(a, b);
    }
}
