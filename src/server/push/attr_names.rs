//! The app's attribute names, read with im_get_attr_name and kept for a few
//! minutes, so the composer's picker costs no call per keystroke or visit.
//! A refresh, and every send with an attribute condition, reads them again.
use crate::server::im::client::{CallError, ImClient};
use std::collections::HashMap;
use std::sync::Mutex;

/// How long names are served from memory before they are read again.
pub const FRESH_FOR_US: i64 = 5 * 60 * 1_000_000;

#[derive(Default)]
pub struct AttrNameCache {
    by_app: Mutex<HashMap<String, (i64, Vec<String>)>>,
}

impl AttrNameCache {
    /// The names in slot order ("0" to "9").
    pub async fn get(
        &self,
        app_id: &str,
        im: &ImClient,
        now_us: i64,
        refresh: bool,
    ) -> Result<Vec<String>, CallError> {
        if !refresh {
            let cached = self.lock().get(app_id).cloned();
            if let Some((_, names)) = cached.filter(|(at, _)| now_us - at < FRESH_FOR_US) {
                return Ok(names);
            }
        }
        let names: Vec<String> = im.get_attr_name().await?.into_values().collect();
        self.put(app_id, names.clone(), now_us);
        Ok(names)
    }

    /// Called after the names are read or changed elsewhere.
    pub fn put(&self, app_id: &str, names: Vec<String>, now_us: i64) {
        self.lock().insert(app_id.to_string(), (now_us, names));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (i64, Vec<String>)>> {
        // A panic while holding this lock leaves only a map of names behind.
        self.by_app.lock().unwrap_or_else(|p| p.into_inner())
    }
}
