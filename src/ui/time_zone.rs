//! Tells the server the browser's time zone, in the `tz` cookie, so the next
//! pages it renders show times in the viewer's zone (the server decides the
//! text, and hydration shows the same).
pub fn remember_browser_zone() {
    #[cfg(feature = "hydrate")]
    {
        let Some(zone) = browser_zone() else { return };
        let encoded = String::from(js_sys::encode_uri_component(&zone));
        super::browser_cookie::remember(crate::domain::cookies::TIME_ZONE, &encoded);
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
