//! The key of the audit chain. Each event's MAC is keyed, so whoever can
//! write to the database but does not hold this key cannot rewrite the chain
//! and make it verify. The key lives outside the database: an environment
//! variable, a file named in the configuration (a mounted secret), or, for a
//! single server on SQLite, a file of its own made on the first start.
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Keyed MACs are written with this prefix; a bare 64-digit hash is an
/// event from before the chain was keyed.
pub const KEYED: &str = "k1:";

#[derive(Clone)]
pub struct AuditKey(Option<Arc<[u8]>>);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "AuditKey(set)"
        } else {
            "AuditKey(none)"
        })
    }
}

/// Where the key comes from, as configured.
#[derive(Debug, Clone, Default)]
pub enum KeySource {
    /// `PUSH_CONSOLE_AUDIT_KEY` holds the key itself.
    Env(SecretString),
    /// `audit_key_file`: a file holding it.
    File(PathBuf),
    /// Neither: `<data_dir>/audit.key`, made on the first start (SQLite only).
    #[default]
    DataDir,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the audit key must be at least 32 characters")]
    TooShort,
    #[error("cannot read the audit key file {0}: {1}")]
    Read(String, std::io::Error),
    #[error("cannot create the audit key file {0}: {1}")]
    Create(String, std::io::Error),
    #[error(
        "on PostgreSQL every replica must use the same audit key: set PUSH_CONSOLE_AUDIT_KEY or audit_key_file"
    )]
    SharedKeyNeeded,
}

/// A file name for the key made on the first start.
pub const DATA_DIR_KEY_FILE: &str = "audit.key";

impl AuditKey {
    /// No key: reading and querying the log work, appending does not.
    pub fn none() -> AuditKey {
        AuditKey(None)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<AuditKey, KeyError> {
        if bytes.len() < 32 {
            return Err(KeyError::TooShort);
        }
        Ok(AuditKey(Some(bytes.into())))
    }

    pub fn load(
        source: &KeySource,
        data_dir: &Path,
        shared_db: bool,
    ) -> Result<AuditKey, KeyError> {
        match source {
            KeySource::Env(secret) => {
                AuditKey::from_bytes(secret.expose_secret().trim().as_bytes())
            }
            KeySource::File(path) => read_key(path),
            KeySource::DataDir if shared_db => Err(KeyError::SharedKeyNeeded),
            KeySource::DataDir => {
                let path = data_dir.join(DATA_DIR_KEY_FILE);
                if !path.exists() {
                    create_key_file(&path)?;
                }
                read_key(&path)
            }
        }
    }

    /// The keyed MAC of `data`, as stored: `k1:` and 64 hex digits.
    pub fn mac(&self, data: &[u8]) -> Result<String, sqlx::Error> {
        let key = self.0.as_ref().ok_or_else(|| {
            sqlx::Error::Configuration("the audit log's key is not loaded".into())
        })?;
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
        mac.update(data);
        Ok(format!("{KEYED}{}", hex(&mac.finalize().into_bytes())))
    }

    pub fn is_set(&self) -> bool {
        self.0.is_some()
    }

    /// The key ready for many MACs: HMAC's padded key blocks hashed once.
    pub fn prepared(&self) -> Result<PreparedKey, sqlx::Error> {
        let key = self.0.as_ref().ok_or_else(|| {
            sqlx::Error::Configuration("the audit log's key is not loaded".into())
        })?;
        Ok(PreparedKey(
            Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length"),
        ))
    }
}

/// A key's HMAC state before any data, cloned for each MAC the verifier checks.
#[derive(Clone)]
pub struct PreparedKey(Hmac<Sha256>);

impl PreparedKey {
    /// Whether the MAC of `data` is `hex` (64 lowercase hex digits), with
    /// nothing allocated.
    pub fn mac_hex_is(&self, data: &[u8], hex: &str) -> bool {
        let mut mac = self.0.clone();
        mac.update(data);
        let bytes = mac.finalize().into_bytes();
        let hex = hex.as_bytes();
        hex.len() == 2 * bytes.len()
            && bytes.iter().zip(hex.chunks_exact(2)).all(|(b, pair)| {
                pair[0] == HEX_DIGITS[usize::from(b >> 4)]
                    && pair[1] == HEX_DIGITS[usize::from(b & 0xf)]
            })
    }
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(HEX_DIGITS[usize::from(b >> 4)]));
        out.push(char::from(HEX_DIGITS[usize::from(b & 0xf)]));
    }
    out
}

fn read_key(path: &Path) -> Result<AuditKey, KeyError> {
    let text =
        std::fs::read_to_string(path).map_err(|e| KeyError::Read(path.display().to_string(), e))?;
    AuditKey::from_bytes(text.trim().as_bytes())
}

/// 32 random bytes as hex, readable by the owner only; never overwritten.
fn create_key_file(path: &Path) -> Result<(), KeyError> {
    use std::io::Write;
    let err = |e| KeyError::Create(path.display().to_string(), e);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut file) => {
            let key: [u8; 32] = rand::random();
            writeln!(file, "{}", hex(&key)).map_err(err)?;
            file.sync_all().map_err(err)
        }
        // Another process made it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(err(e)),
    }
}
