//! One push in full: what was sent (the exact body), what came back, every
//! attempt, and for an unknown outcome the retry with the same MsgRandom.
use crate::api::error::ApiError;
use crate::api::history::{get_push, AttemptRow, PushDetail};
use crate::api::push::retry_push;
use crate::domain::account::Permission;
use crate::domain::vocab::PushStatus;
use crate::i18n::*;
use crate::text::push::status_name;
use crate::ui::components::error_panel::ErrorPanel;
use crate::ui::components::history_bits::{audience_text, StatusBadge, TaskIdCell, ZoneNote};
use crate::ui::components::layout::use_me;
use crate::ui::components::modal::Modal;
use crate::ui::components::page_title::PageTitle;
use crate::ui::pages::push_review::ReviewPanel;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PushDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.get().get("id").and_then(|v| v.parse::<i64>().ok()));
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_push(id).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, push_detail_title), t_string!(i18n, app_name)) />
        <p><A href="/history">{t!(i18n, back_to_history)}</A></p>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || detail.get().map(|r| match r {
                Ok(Some(d)) => view! { <Detail d on_change=move || detail.refetch() /> }.into_any(),
                Ok(None) => view! {
                    <div class="page-head"><h1>{t!(i18n, push_not_found)}</h1></div>
                }.into_any(),
                Err(error) => view! { <ErrorPanel error on_retry=move |_| detail.refetch() /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Detail(d: PushDetail, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let may_retry = move || me.get().is_some_and(|m| m.role.allows(Permission::Send));
    let confirming = RwSignal::new(false);
    let push_id = d.row.id;
    let retry = Action::new(move |_: &()| retry_push(push_id));
    let retry_error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| match retry.value().get() {
        Some(Ok(_)) => {
            retry_error.set(None);
            on_change();
        }
        Some(Err(e)) => retry_error.set(Some(e)),
        None => {}
    });
    let row = d.row.clone();
    let audience = move || audience_text(i18n.get_locale(), &row);
    let unknown = d.row.status == PushStatus::Unknown;
    view! {
        <div class="page-head">
            <h1>{move || t_string!(i18n, push_heading, id = push_id).to_string()}</h1>
            <p class="lead">{audience}</p>
        </div>
        {unknown.then(|| view! {
            <section class="panel alert-warning" aria-labelledby="unknown-heading">
                <h2 id="unknown-heading">{t!(i18n, unknown_heading)}</h2>
                <p>{t!(i18n, unknown_body)}</p>
                {move || may_retry().then(|| view! {
                    <button id="retry-button" class="btn btn-primary" on:click=move |_| confirming.set(true) disabled=move || retry.pending().get()>
                        {t!(i18n, retry_same)}
                    </button>
                })}
            </section>
        })}
        {move || confirming.get().then(|| view! {
            <Modal labelled_by="retry-confirm-text" return_to="retry-button" alert=true on_cancel=move || confirming.set(false)>
                <p id="retry-confirm-text">{t!(i18n, retry_confirm)}</p>
                <div class="dialog-actions">
                    <button class="btn" on:click=move |_| confirming.set(false)>{t!(i18n, cancel)}</button>
                    <button class="btn btn-primary" on:click=move |_| { retry.dispatch(()); confirming.set(false); }>{t!(i18n, retry_same)}</button>
                </div>
            </Modal>
        })}
        {move || retry_error.get().map(|e| view! {
            <p class="alert alert-danger" role="alert">{crate::text::api_error::api_error_message(i18n.get_locale(), &e)}</p>
        })}
        {(!d.review.steps.is_empty()).then(|| view! { <ReviewPanel d=d.clone() on_change /> })}
        <section class="panel" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{t!(i18n, push_summary)}</h2>
            <ZoneNote zone=d.time_zone.clone() />
            <dl class="facts">
                <dt>{t!(i18n, col_status)}</dt><dd><StatusBadge status=d.row.status /></dd>
                <dt>{t!(i18n, col_task_id)}</dt><dd>{match d.row.task_id.clone() {
                    Some(task_id) => view! { <TaskIdCell task_id /> }.into_any(),
                    None => view! { "—" }.into_any(),
                }}</dd>
                <dt>{t!(i18n, col_time)}</dt><dd>{d.row.at.clone()}</dd>
                <dt>{t!(i18n, col_app)}</dt><dd>{d.row.app_id.clone()}</dd>
                <dt>{t!(i18n, col_operator)}</dt><dd>{d.row.operator.clone()}</dd>
                <dt>{t!(i18n, field_msg_random)}</dt><dd class="mono">{d.msg_random}</dd>
                {d.error_code.map(|c| view! { <dt>{t!(i18n, field_error_code)}</dt><dd class="mono">{c}</dd> })}
                {d.error_info.clone().map(|info| view! { <dt>{t!(i18n, field_error_info)}</dt><dd class="mono">{info}</dd> })}
            </dl>
            {d.error_code.map(|code| view! {
                {move || crate::text::im_error::explain(i18n.get_locale(), code).map(|(what, next)| view! {
                    <p class="alert alert-danger"><strong>{what}</strong>" " {next}</p>
                })}
            })}
            {d.refusal.clone().map(|r| view! {
                <p class="alert alert-danger">{move || crate::text::refusal::refusal_text(i18n.get_locale(), &r)}</p>
            })}
        </section>
        {move || may_retry().then(|| view! {
            <p><A href=format!("/compose?from={push_id}")>{t!(i18n, duplicate_into_composer)}</A></p>
        })}
        <section class="panel" aria-labelledby="attempts-heading">
            <h2 id="attempts-heading">{t!(i18n, attempts_heading)}</h2>
            <Attempts rows=d.attempts.clone() />
        </section>
        <section class="panel" aria-labelledby="request-heading">
            <h2 id="request-heading">{t!(i18n, request_heading)}</h2>
            <p class="muted">{t!(i18n, request_note)}</p>
            <div class="request-views">
                <figure>
                    <figcaption>{t!(i18n, request_as_sent)}</figcaption>
                    <pre class="code code-wrap" tabindex="0" data-testid="request-sent">{d.request.clone()}</pre>
                </figure>
                <figure>
                    <figcaption>{t!(i18n, request_pretty)}</figcaption>
                    <pre class="code" tabindex="0" data-testid="request-pretty">{d.request_pretty.clone()}</pre>
                </figure>
            </div>
        </section>
    }
}

#[component]
fn Attempts(rows: Vec<AttemptRow>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="empty">{t!(i18n, attempts_none)}</p> }.into_any();
    }
    view! {
        <ol class="timeline">
            {rows.into_iter().map(|a| {
                let outcome = a.outcome;
                view! {
                    <li>
                        <strong>{move || t_string!(i18n, attempt_n, n = a.attempt).to_string()}</strong>
                        " · " {a.started.clone()}
                        {a.finished.clone().map(|f| view! { " → " {f} })}
                        " · " {a.operator.clone()} " · "
                        <span>{move || status_name(i18n.get_locale(), outcome)}</span>
                        {a.task_id.clone().map(|t| view! { " · " {t!(i18n, col_task_id)} " " <span class="mono">{t}</span> })}
                        {a.error_code.map(|c| view! { " · " {t!(i18n, field_error_code)} " " <span class="mono">{c}</span> })}
                        {a.error_info.clone().map(|i| view! { " · " <span class="mono">{i}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}
