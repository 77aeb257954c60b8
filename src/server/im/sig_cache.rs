//! One UserSig per app, reused until shortly before it expires, then renewed.
//! Safe to share between tasks: the lock is held only while reading or
//! replacing the cached value, never across I/O.
use super::usersig;
use crate::server::clock::SharedClock;
#[cfg(test)]
use secrecy::ExposeSecret;
use secrecy::SecretString;
use std::sync::Mutex;

/// Tencent recommends at least 24 h of validity (70001's text).
pub const VALIDITY_SECS: i64 = 2 * 24 * 3600;
/// Renew this long before expiry, so a signature never expires mid-request.
pub const RENEW_BEFORE_SECS: i64 = 6 * 3600;

pub struct SigCache {
    key: SecretString,
    sdk_app_id: u64,
    identifier: String,
    clock: SharedClock,
    current: Mutex<Option<Cached>>,
}

struct Cached {
    sig: SecretString,
    expires_at: i64,
}

impl std::fmt::Debug for SigCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigCache")
            .field("sdk_app_id", &self.sdk_app_id)
            .field("identifier", &self.identifier)
            .finish_non_exhaustive()
    }
}

impl SigCache {
    pub fn new(key: SecretString, sdk_app_id: u64, identifier: String, clock: SharedClock) -> Self {
        SigCache {
            key,
            sdk_app_id,
            identifier,
            clock,
            current: Mutex::new(None),
        }
    }

    /// A UserSig valid for at least `RENEW_BEFORE_SECS` more seconds.
    pub fn get(&self) -> SecretString {
        let now = self.clock.now_secs();
        let mut guard = self
            .current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(c) = guard
            .as_ref()
            .filter(|c| c.expires_at - now > RENEW_BEFORE_SECS)
        {
            return c.sig.clone();
        }
        let sig = usersig::generate(
            &self.key,
            self.sdk_app_id,
            &self.identifier,
            now,
            VALIDITY_SECS,
            None,
        );
        let sig = SecretString::from(sig);
        *guard = Some(Cached {
            sig: sig.clone(),
            expires_at: now + VALIDITY_SECS,
        });
        sig
    }

    /// Forgets the cached signature (after a 70001 "expired" answer, say).
    pub fn invalidate(&self) {
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    #[cfg(test)]
    fn verify_for_tests(&self, sig: &SecretString) -> bool {
        usersig::verify(
            sig.expose_secret(),
            &self.key,
            self.sdk_app_id,
            &self.identifier,
            self.clock.now_secs(),
        )
        .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::clock::ManualClock;
    use std::sync::Arc;

    fn cache(clock: Arc<ManualClock>) -> SigCache {
        SigCache::new(
            SecretString::from("k"),
            1_400_000_001,
            "administrator".into(),
            clock,
        )
    }

    #[test]
    fn reused_until_near_expiry_then_renewed() {
        let clock = ManualClock::at_secs(1_700_000_000);
        let c = cache(clock.clone());
        let first = c.get();
        assert!(c.verify_for_tests(&first));
        clock.advance_secs(VALIDITY_SECS - RENEW_BEFORE_SECS - 1);
        assert_eq!(
            c.get().expose_secret(),
            first.expose_secret(),
            "still fresh enough"
        );
        clock.advance_secs(1);
        let renewed = c.get();
        assert_ne!(renewed.expose_secret(), first.expose_secret());
        assert!(c.verify_for_tests(&renewed));
    }

    #[test]
    fn invalidate_forces_a_new_signature() {
        let clock = ManualClock::at_secs(1_700_000_000);
        let c = cache(clock.clone());
        let first = c.get();
        clock.advance_secs(1);
        c.invalidate();
        assert_ne!(c.get().expose_secret(), first.expose_secret());
    }

    #[test]
    fn many_threads_share_one_signature() {
        let clock = ManualClock::at_secs(1_700_000_000);
        let c = Arc::new(cache(clock));
        let sigs: Vec<String> = (0..8)
            .map(|_| {
                let c = c.clone();
                std::thread::spawn(move || c.get().expose_secret().to_string())
            })
            .map(|h| h.join().unwrap())
            .collect();
        assert!(sigs.windows(2).all(|w| w[0] == w[1]));
    }
}
