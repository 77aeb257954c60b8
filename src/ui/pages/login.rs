//! Sign-in. Wrong name, wrong password and disabled user read the same.
use crate::api::auth::Login;
use crate::i18n::*;
use crate::text::api_error::api_error_message;
use crate::ui::components::page_title::PageTitle;
use crate::ui::components::password_field::PasswordField;
use crate::ui::navigation::reload_at;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Login>::new();
    let query = use_query_map();
    let just_set_up = move || query.read().get("setup").is_some_and(|v| v == "done");
    Effect::new(move |_| {
        if let Some(Ok(me)) = action.value().get() {
            let to = if me.must_change_password {
                "/account"
            } else {
                "/"
            };
            reload_at(to);
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
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, login_title), t_string!(i18n, app_name)) />
        <section class="panel narrow">
            <h1>{t!(i18n, login_title)}</h1>
            {move || just_set_up().then(|| view! { <p class="alert alert-success" role="status">{t!(i18n, setup_done)}</p> })}
            <ActionForm action>
                <div class="field">
                    <label for="login-name">{t!(i18n, field_name)}</label>
                    <input id="login-name" name="name" autocomplete="username" required=true maxlength="64" />
                </div>
                <PasswordField name="password" id="login-password" label=Signal::derive(move || t_string!(i18n, field_password).to_string()) autocomplete="current-password" />
                {move || error().map(|e| view! { <p class="alert alert-danger" role="alert">{e}</p> })}
                <button class="btn btn-primary" type="submit" disabled=move || action.pending().get()>
                    {t!(i18n, login_submit)}
                </button>
            </ActionForm>
        </section>
    }
}
