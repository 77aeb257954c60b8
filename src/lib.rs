//! push-console: a dashboard for Tencent Cloud IM's all-member push API.
//!
//! Layers (see the README's source map): `ui -> api -> domain`, and `server`
//! only behind `api`. `domain` is pure and compiled for the browser too.
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
pub mod app;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod startup;
pub mod text;
pub mod ui;

/// The browser's entry point: hydrate the server-rendered page, then mark the
/// document so tests (and people) know it is interactive.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Some routes live in their own WASM chunk: hydration waits for the
    // current one's code to load, so it runs as a task.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        else {
            return;
        };
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-hydrated", "true");
        }
        ui::time_zone::remember_browser_zone();
    });
}
