use crate::api::error::ApiError;
use crate::i18n::*;
use leptos::prelude::*;

/// The error page's body: a plain-language reason and a way to try again.
/// Only the error's kind reaches the browser, never internal text.
#[component]
pub fn ErrorPanel(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = move || crate::text::api_error::api_error_message(i18n.get_locale(), &error);
    view! {
        <section class="panel error-panel" role="alert">
            <h1>{t!(i18n, error_title)}</h1>
            <p>{t!(i18n, error_body)}</p>
            <p class="muted">{reason}</p>
            <button class="btn" on:click=move |_| on_retry.run(())>{t!(i18n, retry)}</button>
        </section>
    }
}
