//! Admins manage who may use the console. Every change is audited on the
//! server; disabling or resetting signs the person out at once.
use crate::api::error::ApiError;
use crate::api::users::{
    list_users, reset_user_password, set_user_enabled, set_user_role, AddUser, UserRow,
    WithPassword,
};
use crate::domain::account::Role;
use crate::i18n::*;
use crate::text::account::role_name;
use crate::text::api_error::api_error_message;
use crate::ui::components::error_panel::ErrorPanel;
use crate::ui::components::layout::use_me;
use crate::ui::components::modal::Modal;
use crate::ui::components::page_title::PageTitle;
use leptos::prelude::*;

/// An action waiting for the admin's "yes".
#[derive(Clone)]
enum Pending {
    Disable(UserRow),
    Reset(UserRow),
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let users = Resource::new(|| (), |_| list_users());
    let add = ServerAction::<AddUser>::new();
    let shown_password = RwSignal::new(None::<WithPassword>);
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(None::<Pending>);

    Effect::new(move |_| match add.value().get() {
        Some(Ok(added)) => {
            shown_password.set(Some(added));
            error.set(None);
            users.refetch();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let change = Action::new(move |job: &Job| {
        let job = job.clone();
        async move {
            match job {
                Job::Role(id, role) => set_user_role(id, role).await.map(|_| None),
                Job::Enabled(id, on) => set_user_enabled(id, on).await.map(|_| None),
                Job::Reset(id) => reset_user_password(id).await.map(Some),
            }
        }
    });
    Effect::new(move |_| match change.value().get() {
        Some(Ok(password)) => {
            if password.is_some() {
                shown_password.set(password);
            }
            error.set(None);
            users.refetch();
        }
        Some(Err(e)) => {
            error.set(Some(e));
            users.refetch();
        }
        None => {}
    });

    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, users_title), t_string!(i18n, app_name)) />
        <div class="page-head">
            <h1>{t!(i18n, users_title)}</h1>
            <p class="lead">{t!(i18n, users_intro)}</p>
        </div>
        {move || error.get().map(|e| view! { <p class="alert alert-danger" role="alert">{api_error_message(i18n.get_locale(), &e)}</p> })}
        {move || shown_password.get().map(|w| view! {
            <section class="panel alert-success" role="status" aria-live="polite">
                <h2>{t_string!(i18n, one_time_heading, name = w.user.name.clone()).to_string()}</h2>
                <p><code class="mono one-time-password">{w.one_time_password.clone()}</code></p>
                <p>{t!(i18n, one_time_body)}</p>
                <button class="btn" on:click=move |_| shown_password.set(None)>{t!(i18n, dismiss)}</button>
            </section>
        })}
        {move || pending.get().map(|p| {
            let (text, job, opener) = match &p {
                Pending::Disable(u) => (t_string!(i18n, confirm_disable, name = u.name.clone()).to_string(), Job::Enabled(u.id, false), format!("disable-{}", u.id)),
                Pending::Reset(u) => (t_string!(i18n, confirm_reset, name = u.name.clone()).to_string(), Job::Reset(u.id), format!("reset-{}", u.id)),
            };
            view! {
                <Modal labelled_by="confirm-text" return_to=opener alert=true on_cancel=move || pending.set(None)>
                    <p id="confirm-text">{text}</p>
                    <div class="dialog-actions">
                        <button class="btn" on:click=move |_| pending.set(None)>{t!(i18n, cancel)}</button>
                        <button class="btn btn-danger" on:click=move |_| { change.dispatch(job.clone()); pending.set(None); }>{t!(i18n, confirm_yes)}</button>
                    </div>
                </Modal>
            }
        })}
        <section class="panel" aria-labelledby="users-heading">
            <h2 id="users-heading" class="visually-hidden">{t!(i18n, users_caption)}</h2>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || users.get().map(|r| match r {
                    Ok(rows) => view! { <UsersTable rows change pending /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error on_retry=move |_| users.refetch() /> }.into_any(),
                })}
            </Transition>
        </section>
        <section class="panel" aria-labelledby="add-user-heading">
            <h2 id="add-user-heading">{t!(i18n, add_user_heading)}</h2>
            <ActionForm action=add attr:class="inline-form">
                <div class="field">
                    <label for="add-name">{t!(i18n, field_name)}</label>
                    <input id="add-name" name="name" required=true maxlength="64" autocomplete="off" />
                </div>
                <div class="field">
                    <label for="add-role">{t!(i18n, field_role)}</label>
                    <select id="add-role" name="role">
                        {Role::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=r == Role::Operator>{move || role_name(i18n.get_locale(), r)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button class="btn btn-primary" type="submit" disabled=move || add.pending().get()>{t!(i18n, add_user_submit)}</button>
            </ActionForm>
        </section>
    }
}

#[derive(Clone)]
enum Job {
    Role(i64, Role),
    Enabled(i64, bool),
    Reset(i64),
}

#[component]
fn UsersTable(
    rows: Vec<UserRow>,
    change: Action<Job, Result<Option<WithPassword>, ApiError>>,
    pending: RwSignal<Option<Pending>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">{t!(i18n, users_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, col_user)}</th>
                        <th scope="col">{t!(i18n, col_role)}</th>
                        <th scope="col">{t!(i18n, col_status)}</th>
                        <th scope="col">{t!(i18n, col_last_login)}</th>
                        <th scope="col">{t!(i18n, col_actions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|u| {
                        let is_me = move || me.get().is_some_and(|m| m.id == u.id);
                        let (id, role, enabled) = (u.id, u.role, u.enabled);
                        let select_id = format!("role-{id}");
                        let for_disable = u.clone();
                        let for_reset = u.clone();
                        let name = u.name.clone();
                        view! {
                            <tr>
                                <th scope="row">{u.name.clone()}</th>
                                <td>
                                    <label class="visually-hidden" for=select_id.clone()>{move || t_string!(i18n, role_of, name = name.clone()).to_string()}</label>
                                    <select id=select_id disabled=is_me on:change=move |ev| {
                                        if let Some(r) = Role::parse(&event_target_value(&ev)) {
                                            change.dispatch(Job::Role(id, r));
                                        }
                                    }>
                                        {Role::ALL.into_iter().map(|r| view! {
                                            <option value=r.as_str() selected=r == role>{move || role_name(i18n.get_locale(), r)}</option>
                                        }).collect_view()}
                                    </select>
                                </td>
                                <td>
                                    {move || if enabled { t_string!(i18n, status_enabled) } else { t_string!(i18n, status_disabled) }}
                                    {u.must_change_password.then(|| view! { <span class="muted">" · " {t!(i18n, status_must_change)}</span> })}
                                </td>
                                <td class="nowrap">{u.last_login.clone().unwrap_or_else(|| "—".into())}</td>
                                <td class="actions">
                                    {if enabled {
                                        view! { <button id=format!("disable-{id}") class="btn btn-small" disabled=is_me on:click=move |_| pending.set(Some(Pending::Disable(for_disable.clone())))>{t!(i18n, user_disable)}</button> }.into_any()
                                    } else {
                                        view! { <button class="btn btn-small" on:click=move |_| { change.dispatch(Job::Enabled(id, true)); }>{t!(i18n, user_enable)}</button> }.into_any()
                                    }}
                                    <button id=format!("reset-{id}") class="btn btn-small" on:click=move |_| pending.set(Some(Pending::Reset(for_reset.clone())))>{t!(i18n, user_reset_password)}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
