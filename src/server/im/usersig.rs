//! UserSig v2 (TLSSigAPIv2, HMAC-SHA256), as in im-api.md §3: generation,
//! verification (for the sandbox), and a per-app cache renewed before expiry.
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};
use sha2::Sha256;
use std::io::{Read, Write};

type HmacSha256 = Hmac<Sha256>;

/// The four (or five) content lines, each ending in a real LF, in the fixed
/// order identifier, sdkappid, time, expire, userbuf.
fn content(
    identifier: &str,
    sdk_app_id: u64,
    time: i64,
    expire: i64,
    userbuf: Option<&str>,
) -> String {
    let mut s = format!("TLS.identifier:{identifier}\nTLS.sdkappid:{sdk_app_id}\nTLS.time:{time}\nTLS.expire:{expire}\n");
    if let Some(buf) = userbuf {
        s.push_str(&format!("TLS.userbuf:{buf}\n"));
    }
    s
}

fn mac(key: &SecretString, content: &str) -> HmacSha256 {
    // The key is used as its UTF-8 bytes, not hex-decoded.
    let mut mac = HmacSha256::new_from_slice(key.expose_secret().as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(content.as_bytes());
    mac
}

/// `TLS.sig`: standard base64 of the HMAC.
pub fn tls_sig(
    key: &SecretString,
    identifier: &str,
    sdk_app_id: u64,
    time: i64,
    expire: i64,
    userbuf: Option<&[u8]>,
) -> String {
    let buf = userbuf.map(|b| STANDARD.encode(b));
    STANDARD.encode(
        mac(
            key,
            &content(identifier, sdk_app_id, time, expire, buf.as_deref()),
        )
        .finalize()
        .into_bytes(),
    )
}

/// A complete UserSig valid for `expire` seconds from `time` (Unix seconds).
pub fn generate(
    key: &SecretString,
    sdk_app_id: u64,
    identifier: &str,
    time: i64,
    expire: i64,
    userbuf: Option<&[u8]>,
) -> String {
    let mut doc = json!({
        "TLS.ver": "2.0",
        "TLS.identifier": identifier,
        "TLS.sdkappid": sdk_app_id,
        "TLS.expire": expire,
        "TLS.time": time,
        "TLS.sig": tls_sig(key, identifier, sdk_app_id, time, expire, userbuf),
    });
    if let Some(buf) = userbuf {
        doc["TLS.userbuf"] = Value::String(STANDARD.encode(buf));
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(doc.to_string().as_bytes())
        .expect("writing to memory");
    let compressed = z.finish().expect("writing to memory");
    STANDARD
        .encode(compressed)
        .replace('+', "*")
        .replace('/', "-")
        .replace('=', "_")
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("usersig is empty")]
    Empty,
    #[error("usersig cannot be decoded")]
    Malformed,
    #[error("sdkappid does not match")]
    SdkAppId,
    #[error("identifier does not match")]
    Identifier,
    #[error("usersig expired")]
    Expired,
    #[error("signature does not match")]
    Signature,
}

/// The decoded, not yet trusted, fields of a UserSig.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub identifier: String,
    pub sdk_app_id: u64,
    pub time: i64,
    pub expire: i64,
    pub userbuf: Option<String>,
    pub sig: String,
}

pub fn decode(usersig: &str) -> Result<Decoded, VerifyError> {
    if usersig.is_empty() {
        return Err(VerifyError::Empty);
    }
    let b64 = usersig
        .replace('*', "+")
        .replace('-', "/")
        .replace('_', "=");
    let compressed = STANDARD.decode(b64).map_err(|_| VerifyError::Malformed)?;
    let mut json = Vec::new();
    // A usersig is a few hundred bytes; refuse to inflate a bomb.
    flate2::read::ZlibDecoder::new(compressed.as_slice())
        .take(64 * 1024)
        .read_to_end(&mut json)
        .map_err(|_| VerifyError::Malformed)?;
    let v: Value = serde_json::from_slice(&json).map_err(|_| VerifyError::Malformed)?;
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let n = |k: &str| v.get(k).and_then(Value::as_i64);
    Ok(Decoded {
        identifier: s("TLS.identifier").ok_or(VerifyError::Malformed)?,
        sdk_app_id: v
            .get("TLS.sdkappid")
            .and_then(Value::as_u64)
            .ok_or(VerifyError::Malformed)?,
        time: n("TLS.time").ok_or(VerifyError::Malformed)?,
        expire: n("TLS.expire").ok_or(VerifyError::Malformed)?,
        userbuf: s("TLS.userbuf"),
        sig: s("TLS.sig").ok_or(VerifyError::Malformed)?,
    })
}

/// Checks a UserSig the way Tencent's servers do (im-api.md §3.3), comparing
/// the signature in constant time.
pub fn verify(
    usersig: &str,
    key: &SecretString,
    sdk_app_id: u64,
    identifier: &str,
    now: i64,
) -> Result<Decoded, VerifyError> {
    let d = decode(usersig)?;
    if d.sdk_app_id != sdk_app_id {
        return Err(VerifyError::SdkAppId);
    }
    if d.identifier != identifier {
        return Err(VerifyError::Identifier);
    }
    let expected = STANDARD
        .decode(&d.sig)
        .map_err(|_| VerifyError::Signature)?;
    mac(
        key,
        &content(
            &d.identifier,
            d.sdk_app_id,
            d.time,
            d.expire,
            d.userbuf.as_deref(),
        ),
    )
    .verify_slice(&expected)
    .map_err(|_| VerifyError::Signature)?;
    if now > d.time.saturating_add(d.expire) {
        return Err(VerifyError::Expired);
    }
    Ok(d)
}

#[cfg(test)]
#[path = "usersig_tests.rs"]
mod tests;
