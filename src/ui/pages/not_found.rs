use crate::i18n::*;
use crate::ui::components::page_title::PageTitle;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, not_found_title), t_string!(i18n, app_name)) />
        <section class="panel empty-state">
            <p class="big-code" aria-hidden="true">"404"</p>
            <h1>{t!(i18n, not_found_title)}</h1>
            <p>{t!(i18n, not_found_body)}</p>
            <a class="btn btn-primary" href="/">{t!(i18n, back_home)}</a>
        </section>
    }
}
