//! Tells the server the browser's time zone, in the `tz` cookie, so the next
//! pages it renders show times in the viewer's zone (the server decides the
//! text, and hydration shows the same).
pub fn remember_browser_zone() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(zone) = browser_zone() else { return };
        let Some(document) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        else {
            return;
        };
        let encoded = String::from(js_sys::encode_uri_component(&zone));
        let current = document.cookie().unwrap_or_default();
        if current
            .split(';')
            .any(|c| c.trim() == format!("tz={encoded}"))
        {
            return;
        }
        let _ = document.set_cookie(&format!(
            "tz={encoded}; path=/; max-age=31536000; samesite=lax"
        ));
    }
}

#[cfg(feature = "hydrate")]
fn browser_zone() -> Option<String> {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    let options = format.resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()?
        .as_string()
}
