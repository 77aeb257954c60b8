//! The digest an approval names: SHA-256 of the request's canonical JSON
//! (object keys sorted, no spaces), so the same request always has the same
//! digest and any change to what would be sent changes it.
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The canonical form of a JSON text, or `None` if it is not JSON.
pub fn canonical(json: &str) -> Option<String> {
    let value: Value = serde_json::from_str(json).ok()?;
    let mut out = String::with_capacity(json.len());
    write(&value, &mut out);
    Some(out)
}

fn write(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// The lowercase hex SHA-256 of the canonical form of `request_json`; a
/// text that is not JSON has no digest an approval could name.
pub fn of(request_json: &str) -> Option<String> {
    let canonical = canonical(request_json)?;
    let hash = Sha256::digest(canonical.as_bytes());
    Some(hash.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_order_and_spacing_do_not_change_the_digest() {
        let a =
            r#"{"MsgRandom":7,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"你好"}}]}"#;
        let b = r#"{ "MsgBody": [ { "MsgContent": {"Text": "你好"}, "MsgType": "TIMTextElem" } ], "MsgRandom": 7 }"#;
        assert_eq!(of(a), of(b));
        assert_eq!(of(a).unwrap().len(), 64);
    }

    #[test]
    fn any_change_to_what_is_sent_changes_it() {
        let a =
            r#"{"MsgRandom":7,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}"#;
        let b =
            r#"{"MsgRandom":8,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}"#;
        let c =
            r#"{"MsgRandom":7,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi!"}}]}"#;
        assert_ne!(of(a), of(b));
        assert_ne!(of(a), of(c));
        assert_eq!(of("not json"), None);
    }

    #[test]
    fn the_canonical_form_is_the_known_text() {
        // Fixed by hand, so a change of serializer cannot move it unseen.
        assert_eq!(
            canonical(r#"{"b":[1, "x"], "a":{"d":null,"c":true}}"#).unwrap(),
            r#"{"a":{"c":true,"d":null},"b":[1,"x"]}"#
        );
        assert_eq!(
            of("{}").unwrap(),
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
    }
}
