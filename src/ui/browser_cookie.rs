//! Cookies the browser keeps for the server's next render (language, time
//! zone). Written with `document.cookie` directly: leptos-use's cookie
//! signal brought the `cookie` and `time` crates into the front page's
//! WASM for what is one line of text.

/// Sets `name` to `value` (already URI-encoded) for every page of the site,
/// unless the browser already holds exactly that.
pub fn remember(name: &str, value: &str) {
    #[cfg(feature = "hydrate")]
    {
        use crate::domain::cookies::MAX_AGE_SECONDS;
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        else {
            return;
        };
        let pair = format!("{name}={value}");
        let current = document.cookie().unwrap_or_default();
        if current.split(';').any(|c| c.trim() == pair) {
            return;
        }
        let _ = document.set_cookie(&format!(
            "{pair}; path=/; max-age={MAX_AGE_SECONDS}; samesite=lax"
        ));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (name, value);
}
