//! The page's title in the reader's language.
use leptos::prelude::*;
use leptos_meta::Title;

/// Renders the title as plain text, then, in the browser, sets it again
/// whenever `text` changes (a language switch). leptos_meta's `Title` with a
/// reactive `text` is rendered after the page's reactive owner may already
/// be gone, which under load panicked the server's render.
#[component]
pub fn PageTitle(text: impl Fn() -> String + Send + Sync + 'static) -> impl IntoView {
    let now = text();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let title = text();
        document().set_title(&title);
    });
    #[cfg(not(feature = "hydrate"))]
    drop(text);
    view! { <Title text=now /> }
}
