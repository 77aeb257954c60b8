//! A full page load, used when who is signed in changes: the server then
//! renders the next page for the new session, and the frame starts fresh.
pub fn reload_at(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
