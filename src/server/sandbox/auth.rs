//! The sandbox's check of the URL parameters and the UserSig, in the order and
//! with the codes of Tencent's servers (im-api.md §1.1, §3.3, §6).
use super::judge::Refusal;
use crate::server::im::usersig::{self, VerifyError};
use secrecy::SecretString;
use std::collections::HashMap;

/// The one app the sandbox serves.
#[derive(Debug, Clone)]
pub struct SandboxApp {
    pub sdk_app_id: u64,
    pub admin: String,
    pub key: SecretString,
}

fn refuse(code: i64, info: &'static str) -> Refusal {
    Refusal { code, info }
}

/// Checks the query of one REST call at `now` (Unix seconds).
pub fn check_query(
    query: &HashMap<String, String>,
    app: &SandboxApp,
    now: i64,
) -> Result<(), Refusal> {
    let sdk_app_id = query
        .get("sdkappid")
        .ok_or_else(|| refuse(60012, "sdkappid is missing"))?;
    let sdk_app_id: u64 = sdk_app_id
        .parse()
        .map_err(|_| refuse(60002, "sdkappid is not a number"))?;
    if sdk_app_id != app.sdk_app_id {
        return Err(refuse(70020, "SDKAppID not found"));
    }
    let identifier = query
        .get("identifier")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| refuse(60004, "identifier is missing"))?;
    let sig = query
        .get("usersig")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| refuse(70002, "usersig is empty"))?;
    if query
        .get("random")
        .and_then(|r| r.parse::<u32>().ok())
        .is_none()
    {
        return Err(refuse(
            60002,
            "random is missing or not a 32-bit unsigned integer",
        ));
    }
    if query.get("contenttype").map(String::as_str) != Some("json") {
        return Err(refuse(60002, "contenttype must be json"));
    }
    let decoded = usersig::decode(sig).map_err(|_| refuse(70003, "usersig is invalid"))?;
    if decoded.sdk_app_id != sdk_app_id {
        return Err(refuse(
            70014,
            "sdkappid in the URL differs from the one in the usersig",
        ));
    }
    if &decoded.identifier != identifier {
        return Err(refuse(
            70013,
            "identifier in the URL differs from the one in the usersig",
        ));
    }
    usersig::verify(sig, &app.key, sdk_app_id, identifier, now).map_err(|e| match e {
        VerifyError::Expired => refuse(70001, "usersig expired"),
        VerifyError::Signature => refuse(70009, "usersig signature check failed"),
        _ => refuse(70003, "usersig is invalid"),
    })?;
    if identifier != &app.admin {
        return Err(refuse(90009, "the request needs an App administrator"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;

    fn app() -> SandboxApp {
        SandboxApp {
            sdk_app_id: 1_400_000_001,
            admin: "administrator".into(),
            key: SecretString::from("sandbox-key"),
        }
    }

    fn query(edit: impl FnOnce(&mut HashMap<String, String>)) -> HashMap<String, String> {
        let sig = usersig::generate(&app().key, 1_400_000_001, "administrator", NOW, 3600, None);
        let mut q: HashMap<String, String> = [
            ("sdkappid", "1400000001".to_string()),
            ("identifier", "administrator".to_string()),
            ("usersig", sig),
            ("random", "99999999".to_string()),
            ("contenttype", "json".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        edit(&mut q);
        q
    }

    fn code(q: HashMap<String, String>, now: i64) -> Option<i64> {
        check_query(&q, &app(), now).err().map(|r| r.code)
    }

    #[test]
    fn a_correct_call_passes() {
        assert_eq!(code(query(|_| {}), NOW), None);
    }

    #[test]
    fn each_url_mistake_has_its_code() {
        assert_eq!(
            code(query(|q| drop(q.remove("sdkappid"))), NOW),
            Some(60012)
        );
        assert_eq!(
            code(
                query(|q| drop(q.insert("sdkappid".into(), "1400000002".into()))),
                NOW
            ),
            Some(70020)
        );
        assert_eq!(
            code(
                query(|q| drop(q.insert("usersig".into(), String::new()))),
                NOW
            ),
            Some(70002)
        );
        assert_eq!(
            code(
                query(|q| drop(q.insert("random".into(), "4294967296".into()))),
                NOW
            ),
            Some(60002)
        );
        assert_eq!(
            code(
                query(|q| drop(q.insert("contenttype".into(), "xml".into()))),
                NOW
            ),
            Some(60002)
        );
        assert_eq!(
            code(
                query(|q| drop(q.insert("usersig".into(), "garbage".into()))),
                NOW
            ),
            Some(70003)
        );
        assert_eq!(
            code(
                query(|q| drop(q.insert("identifier".into(), "someone".into()))),
                NOW
            ),
            Some(70013)
        );
    }

    #[test]
    fn a_wrong_key_gives_70009_and_an_old_sig_70001() {
        let other = usersig::generate(
            &SecretString::from("another-key"),
            1_400_000_001,
            "administrator",
            NOW,
            3600,
            None,
        );
        assert_eq!(
            code(query(|q| drop(q.insert("usersig".into(), other))), NOW),
            Some(70009)
        );
        assert_eq!(code(query(|_| {}), NOW + 3601), Some(70001));
    }

    #[test]
    fn a_valid_sig_of_a_non_admin_gives_90009() {
        let user = usersig::generate(&app().key, 1_400_000_001, "alice", NOW, 3600, None);
        let q = query(|q| {
            q.insert("usersig".into(), user);
            q.insert("identifier".into(), "alice".into());
        });
        assert_eq!(code(q, NOW), Some(90009));
    }
}
