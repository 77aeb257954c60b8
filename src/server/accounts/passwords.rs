//! Argon2id with OWASP's parameters (m = 19456 KiB, t = 2, p = 1), stored as
//! PHC strings. Hashing takes tens of milliseconds of CPU, so it runs on the
//! blocking pool, never on the async threads.
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// How many Argon2 verifications ran: lets tests see that an unknown name
/// costs one, exactly like a known name.
pub static VERIFICATIONS: AtomicU64 = AtomicU64::new(0);

fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("OWASP's parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> String {
    let mut salt = [0u8; 16];
    rand::rng().fill(&mut salt);
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a salt");
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("hashing with valid parameters cannot fail")
        .to_string()
}

pub async fn hash(password: SecretString) -> Result<String, tokio::task::JoinError> {
    tokio::task::spawn_blocking(move || hash_now(password.expose_secret())).await
}

/// A hash of nothing anyone knows: unknown names are checked against it, so
/// they cost the same time as known ones and answer the same way.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let random: [u8; 24] = rand::rng().random();
        hash_now(&format!("{random:?}"))
    })
}

/// Verifies `password` against `stored`, or against the dummy hash when there
/// is no such user (the answer is then always false).
pub async fn verify(
    password: SecretString,
    stored: Option<String>,
) -> Result<bool, tokio::task::JoinError> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let phc = stored.unwrap_or_else(|| dummy_hash().to_string());
        VERIFICATIONS.fetch_add(1, Ordering::Relaxed);
        let matches = PasswordHash::new(&phc)
            .map(|parsed| {
                argon2()
                    .verify_password(password.expose_secret().as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        known && matches
    })
    .await
}

/// Warms the dummy hash so the first unknown name is not slower than the rest.
pub fn warm_up() {
    let _ = dummy_hash();
}

/// A password for a new or reset account, shown once: 16 characters from an
/// alphabet without look-alikes (about 90 bits).
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..16)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_phc_strings_with_owasp_parameters() {
        let phc = hash(SecretString::from("correct horse battery"))
            .await
            .unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify(
            SecretString::from("correct horse battery"),
            Some(phc.clone())
        )
        .await
        .unwrap());
        assert!(
            !verify(SecretString::from("wrong horse battery"), Some(phc))
                .await
                .unwrap()
        );
        assert!(!verify(SecretString::from("anything at all"), None)
            .await
            .unwrap());
    }

    #[test]
    fn one_time_passwords_are_long_and_differ() {
        let (a, b) = (one_time_password(), one_time_password());
        assert_eq!(a.chars().count(), 16);
        assert_ne!(a, b);
    }
}
