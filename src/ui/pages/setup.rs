//! First run: while no user exists, every page leads here.
use crate::api::auth::SetupFirstAdmin;
use crate::i18n::*;
use crate::text::api_error::api_error_message;
use crate::ui::components::page_title::PageTitle;
use crate::ui::components::password_field::PasswordField;
use crate::ui::navigation::reload_at;
use leptos::prelude::*;

#[component]
pub fn SetupPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetupFirstAdmin>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            reload_at("/login?setup=done");
        }
    });
    let error = move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| api_error_message(i18n.get_locale(), &e))
    };
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, setup_title), t_string!(i18n, app_name)) />
        <section class="panel narrow">
            <h1>{t!(i18n, setup_title)}</h1>
            <p class="lead">{t!(i18n, setup_intro)}</p>
            <ActionForm action>
                <div class="field">
                    <label for="setup-name">{t!(i18n, field_name)}</label>
                    <input id="setup-name" name="name" autocomplete="username" required=true maxlength="64" />
                </div>
                <PasswordField name="password" id="setup-password" label=Signal::derive(move || t_string!(i18n, field_password).to_string()) autocomplete="new-password" rule=true />
                {move || error().map(|e| view! { <p class="alert alert-danger" role="alert">{e}</p> })}
                <button class="btn btn-primary" type="submit" disabled=move || action.pending().get()>
                    {t!(i18n, setup_submit)}
                </button>
            </ActionForm>
        </section>
    }
}
