//! Leptos views. Pages talk to the server only through `api`.
pub mod components;
pub mod navigation;
pub mod pages;
pub mod time_zone;
