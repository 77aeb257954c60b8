use crate::api::error::ApiError;
use crate::i18n::*;
use leptos::prelude::*;

/// The error page's body: a plain-language reason and a way to try again.
/// Only the error's kind reaches the browser, never internal text.
#[component]
pub fn ErrorPanel(error: ApiError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    // A refusal is not a failure: trying again would not help.
    if error == ApiError::Forbidden {
        return view! {
            <section class="panel role-refusal" role="alert">
                <h1>{t!(i18n, refusal_title)}</h1>
                <p>{t!(i18n, err_forbidden)}</p>
                <p><leptos_router::components::A href="/" attr:class="btn">{t!(i18n, refusal_back)}</leptos_router::components::A></p>
            </section>
        }
        .into_any();
    }
    let reason = move || crate::text::api_error::api_error_message(i18n.get_locale(), &error);
    view! {
        <section class="panel error-panel" role="alert">
            <h1>{t!(i18n, error_title)}</h1>
            <p>{t!(i18n, error_body)}</p>
            <p class="muted">{reason}</p>
            <button class="btn" on:click=move |_| on_retry.run(())>{t!(i18n, retry)}</button>
        </section>
    }
    .into_any()
}
