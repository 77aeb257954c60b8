//! One's own account: change the password (the current one is needed).
use crate::api::auth::ChangeOwnPassword;
use crate::i18n::*;
use crate::text::api_error::api_error_message;
use crate::ui::components::layout::use_me;
use crate::ui::components::page_title::PageTitle;
use crate::ui::components::password_field::PasswordField;
use crate::ui::navigation::reload_at;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let action = ServerAction::<ChangeOwnPassword>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            // After a one-time password, the whole console opens up.
            if me.get_untracked().is_some_and(|m| m.must_change_password) {
                reload_at("/account?changed=1");
            }
        }
    });
    let query = use_query_map();
    let changed = move || {
        action
            .value()
            .get()
            .map(|r| r.map(|_| ()))
            .or_else(|| query.read().get("changed").map(|_| Ok(())))
    };
    let outcome = move || {
        changed().map(|r| match r {
            Ok(_) => view! { <p class="alert alert-success" role="status">{t!(i18n, password_changed)}</p> }.into_any(),
            Err(e) => view! { <p class="alert alert-danger" role="alert">{api_error_message(i18n.get_locale(), &e)}</p> }.into_any(),
        })
    };
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, account_title), t_string!(i18n, app_name)) />
        <section class="panel narrow">
            <h1>{t!(i18n, account_title)}</h1>
            // The frame's data is a resource: read inside Suspense so the
            // server and the browser render the same thing.
            <Suspense fallback=|| ()>
                // Gone as soon as the change succeeds, before the reload that follows.
                {move || me.get().filter(|m| m.must_change_password && !matches!(action.value().get(), Some(Ok(_)))).map(|_| view! {
                    <p class="alert alert-warning" role="status">{t!(i18n, account_must_change)}</p>
                })}
            </Suspense>
            <h2>{t!(i18n, change_password_submit)}</h2>
            <ActionForm action>
                <PasswordField name="current" id="current-password" label=Signal::derive(move || t_string!(i18n, field_current_password).to_string()) autocomplete="current-password" />
                <PasswordField name="new" id="new-password" label=Signal::derive(move || t_string!(i18n, field_new_password).to_string()) autocomplete="new-password" rule=true />
                {outcome}
                <button class="btn btn-primary" type="submit" disabled=move || action.pending().get()>
                    {t!(i18n, change_password_submit)}
                </button>
            </ActionForm>
        </section>
    }
}
