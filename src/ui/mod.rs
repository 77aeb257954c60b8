//! Leptos views. Pages talk to the server only through `api`.
pub mod browser_cookie;
pub mod components;
pub mod lazy_pages;
pub mod navigation;
pub mod pages;
pub mod time_zone;
