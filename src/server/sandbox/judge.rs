//! The sandbox's own reading of an im_push body. It works on the raw JSON and
//! shares nothing with `domain`, so a serialization mistake of ours shows up
//! as a rejection here, as it would at Tencent. The order of checks follows
//! the API's error table: format first, then the condition, then the message.
use serde_json::{Map, Value};

/// Why a body is refused: the API's error code and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: i64,
    pub info: &'static str,
}

fn refuse(code: i64, info: &'static str) -> Refusal {
    Refusal { code, info }
}

/// Judges an im_push body against the documented rules. `attr_names` are the
/// app's attribute names as set with im_set_attr_name.
pub fn judge_push(body: &Value, attr_names: &[String]) -> Result<(), Refusal> {
    let Some(obj) = body.as_object() else {
        return Err(refuse(90001, "request body is not a JSON object"));
    };
    match obj.get("MsgRandom") {
        Some(v) if v.as_u64().is_some_and(|n| n <= u64::from(u32::MAX)) => {}
        _ => {
            return Err(refuse(
                90005,
                "MsgRandom is missing or not a 32-bit unsigned integer",
            ))
        }
    }
    match obj.get("From_Account") {
        None => {}
        Some(Value::String(s))
            if !s.is_empty() && s.len() <= 32 && !s.chars().any(char::is_whitespace) => {}
        Some(_) => return Err(refuse(70107, "From_Account is not a valid account")),
    }
    if let Some(life) = obj.get("MsgLifeTime") {
        match life.as_i64() {
            Some(n) if (0..=604_800).contains(&n) => {}
            _ => return Err(refuse(90026, "MsgLifeTime is out of range")),
        }
    }
    if let Some(condition) = obj.get("Condition") {
        judge_condition(condition, attr_names)?;
    }
    let body = match obj.get("MsgBody") {
        Some(Value::Array(items)) => items,
        Some(_) => return Err(refuse(90007, "MsgBody is not an array")),
        None => return Err(refuse(90002, "MsgBody is missing")),
    };
    if body.is_empty() {
        return Err(refuse(90002, "MsgBody is empty"));
    }
    let mut customs = 0;
    for element in body {
        if element.get("MsgType").and_then(Value::as_str) == Some("TIMCustomElem") {
            customs += 1;
        }
        judge_element(element)?;
    }
    if customs > 1 {
        return Err(refuse(90002, "more than one TIMCustomElem"));
    }
    let size = serde_json::to_vec(&obj["MsgBody"])
        .map(|v| v.len())
        .unwrap_or(usize::MAX);
    if size > 12 * 1024 {
        return Err(refuse(80002, "message body is longer than 12 KB"));
    }
    if let Some(info) = obj.get("OfflinePushInfo") {
        judge_offline(info)?;
    }
    for key in obj.keys() {
        if !matches!(
            key.as_str(),
            "From_Account"
                | "MsgRandom"
                | "MsgLifeTime"
                | "Condition"
                | "MsgBody"
                | "OfflinePushInfo"
        ) {
            return Err(refuse(90010, "unknown field in the request"));
        }
    }
    Ok(())
}

fn judge_condition(condition: &Value, attr_names: &[String]) -> Result<(), Refusal> {
    let Some(c) = condition.as_object() else {
        return Err(refuse(90027, "Condition is not an object"));
    };
    let has_tags = c.contains_key("TagsAnd") || c.contains_key("TagsOr");
    let has_attrs = c.contains_key("AttrsAnd") || c.contains_key("AttrsOr");
    if has_tags && has_attrs {
        return Err(refuse(90039, "tag and attribute conditions combined"));
    }
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for (key, value) in c {
        match key.as_str() {
            "TagsAnd" | "TagsOr" => {
                let Some(tags) = value.as_array() else {
                    return Err(refuse(90027, "tag list is not an array"));
                };
                if tags.len() > 10 {
                    return Err(refuse(90032, "more than 10 tags in a condition"));
                }
                for tag in tags {
                    let Some(tag) = tag.as_str() else {
                        return Err(refuse(90027, "a tag is not a string"));
                    };
                    if tag.is_empty() {
                        return Err(refuse(90040, "a tag in the condition is empty"));
                    }
                    if tag.len() > 50 {
                        return Err(refuse(90020, "a tag is longer than 50 bytes"));
                    }
                    if seen
                        .iter()
                        .any(|(list, t)| *t == tag && *list != key.as_str())
                    {
                        return Err(refuse(90022, "the same tag is in TagsOr and TagsAnd"));
                    }
                    seen.push((key.as_str(), tag));
                }
            }
            "AttrsAnd" | "AttrsOr" => {
                let Some(attrs) = value.as_object() else {
                    return Err(refuse(90027, "attribute condition is not an object"));
                };
                judge_attrs(attrs, attr_names)?;
            }
            _ => return Err(refuse(90027, "unknown condition")),
        }
    }
    Ok(())
}

fn judge_attrs(attrs: &Map<String, Value>, attr_names: &[String]) -> Result<(), Refusal> {
    for (name, value) in attrs {
        let Some(value) = value.as_str() else {
            return Err(refuse(90033, "an attribute value is not a string"));
        };
        if !attr_names.iter().any(|n| n == name) || value.is_empty() || value.len() > 50 {
            return Err(refuse(90033, "invalid attribute"));
        }
    }
    Ok(())
}

/// Required fields per element type, and those that must hold the number 2.
fn element_rules(msg_type: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match msg_type {
        "TIMTextElem" => (&["Text"], &[]),
        "TIMLocationElem" => (&["Desc", "Latitude", "Longitude"], &[]),
        "TIMFaceElem" => (&["Index"], &[]),
        "TIMCustomElem" => (&["Data"], &[]),
        "TIMSoundElem" => (&["Url", "UUID"], &["Download_Flag"]),
        "TIMImageElem" => (&["UUID", "ImageFormat", "ImageInfoArray"], &[]),
        "TIMFileElem" => (&["Url", "UUID"], &["Download_Flag"]),
        "TIMVideoFileElem" => (
            &[
                "VideoUrl",
                "VideoUUID",
                "ThumbUrl",
                "ThumbUUID",
                "ThumbWidth",
                "ThumbHeight",
            ],
            &["VideoDownloadFlag", "ThumbDownloadFlag"],
        ),
        _ => return None,
    })
}

fn judge_element(element: &Value) -> Result<(), Refusal> {
    let bad = || refuse(90010, "a message element does not match the message format");
    let msg_type = element
        .get("MsgType")
        .and_then(Value::as_str)
        .ok_or_else(bad)?;
    let content = element
        .get("MsgContent")
        .and_then(Value::as_object)
        .ok_or_else(bad)?;
    let (required, must_be_two) =
        element_rules(msg_type).ok_or_else(|| refuse(90002, "unsupported MsgType"))?;
    for field in required {
        match content.get(*field) {
            None | Some(Value::Null) => return Err(bad()),
            Some(Value::String(s)) if s.trim().is_empty() => return Err(bad()),
            Some(_) => {}
        }
    }
    for field in must_be_two {
        if content.get(*field).and_then(Value::as_i64) != Some(2) {
            return Err(bad());
        }
    }
    if msg_type == "TIMImageElem" {
        let infos = content["ImageInfoArray"]
            .as_array()
            .filter(|a| !a.is_empty())
            .ok_or_else(bad)?;
        for info in infos {
            // Uppercase URL: `Url` here is a known mistake of some SDKs.
            if info
                .get("URL")
                .and_then(Value::as_str)
                .is_none_or(|u| u.is_empty())
                || info.get("Url").is_some()
            {
                return Err(bad());
            }
        }
    }
    if msg_type == "TIMLocationElem" {
        let within = |field: &str, limit: f64| {
            content[field]
                .as_f64()
                .is_some_and(|v| (-limit..=limit).contains(&v))
        };
        if !within("Latitude", 90.0) || !within("Longitude", 180.0) {
            return Err(bad());
        }
    }
    if msg_type == "TIMImageElem" {
        let format_ok = matches!(content["ImageFormat"].as_i64(), Some(1 | 2 | 3 | 4 | 255));
        let types_ok = content["ImageInfoArray"].as_array().is_some_and(|a| {
            a.iter()
                .all(|i| matches!(i.get("Type").and_then(Value::as_i64), Some(1..=3)))
        });
        if !format_ok || !types_ok {
            return Err(bad());
        }
    }
    for value in content.values() {
        if value.is_null() {
            return Err(refuse(90010, "a field is null"));
        }
    }
    Ok(())
}

fn judge_offline(info: &Value) -> Result<(), Refusal> {
    let Some(info) = info.as_object() else {
        return Err(refuse(90010, "OfflinePushInfo is not an object"));
    };
    if let Some(flag) = info.get("PushFlag") {
        if !matches!(flag.as_i64(), Some(0 | 1)) {
            return Err(refuse(90010, "PushFlag must be 0 or 1"));
        }
    }
    for value in info.values() {
        if value.is_null() {
            return Err(refuse(90010, "a field is null"));
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "judge_tests.rs"]
mod tests;
