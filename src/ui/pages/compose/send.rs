//! Review and send: the summary of what blocks sending, the quota meter,
//! the confirmation that restates the push, and the outcome explained.
use super::review::{RepeatGuard, RepeatWarning, ReviewFacts};
use super::state::Composer;
use super::when::{in_zone, Leaving, When, WhenSection};
use crate::api::compose::quota;
use crate::api::error::ApiError;
use crate::api::push::{new_send_ticket, send_push};
use crate::domain::compose::ComposeStep;
use crate::domain::draft::AudienceKind;
use crate::domain::push::outcome::SendOutcome;
use crate::domain::push::validate::{blocking, Severity};
use crate::domain::vocab::PushStatus;
use crate::i18n::*;
use crate::text::api_error::api_error_message;
use crate::text::push::step_name;
use crate::text::violation::violation_message;
use crate::ui::components::history_bits::copy_text;
use crate::ui::components::modal::Modal;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn SendSection(c: Composer, guard: RepeatGuard) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let send = Action::new(move |_: &()| {
        let app = c.draft.with_untracked(|d| d.app_id.clone());
        let key = c.ticket.with_untracked(|t| t.key.clone());
        let request = c.request.get_untracked();
        let repeat_of = guard.repeat_of();
        let at = c.when.with_untracked(When::at_us);
        let supersedes = c.supersedes.get_untracked();
        async move { send_push(app, key, request, repeat_of, at, supersedes).await }
    });
    let leaving = Memo::new(move |_| c.when.with(|w| Leaving::of(c, w)));
    let time_wrong = move || c.when.with(|w| w.problem().is_some());
    let app_id = Memo::new(move |_| c.draft.with(|d| d.app_id.clone()));
    // Loaded in the browser once the page is live (an effect never runs on
    // the server), so the server's HTML and the hydrated page agree.
    let load_meter = Action::new(move |app: &String| quota(app.clone()));
    Effect::new(move |_| {
        let _ = send.version().get();
        load_meter.dispatch(app_id.get());
    });
    // Another tab (or person) sent the same push meanwhile: show which.
    Effect::new(move |_| {
        if let Some(Err(ApiError::RecentRepeat { .. })) = send.value().get() {
            guard.check(c);
        }
    });
    let next = Action::new(move |_: &()| new_send_ticket());
    Effect::new(move |_| {
        if let Some(Ok(ticket)) = next.value().get() {
            c.ticket.set(ticket);
            send.value().set(None);
        }
    });
    let outcome = move || send.value().get();
    let sent_already = move || matches!(outcome(), Some(Ok(_)));
    let blocked = move || c.errors() > 0;
    let close = move || confirming.set(false);
    view! {
        <section class="panel send-panel" aria-labelledby="send-heading">
            <h2 id="send-heading" tabindex="-1">{t!(i18n, compose_send)}</h2>
            <ReviewFacts c />
            <RepeatWarning guard />
            {move || load_meter.value().get().map(|r| match r {
                    Ok(q) => view! {
                        <div class="quota">
                            <label for="quota-meter">{t!(i18n, quota_label)}</label>
                            <meter id="quota-meter" min="0" max=q.quota.to_string() value=q.used_today.to_string()></meter>
                            <p>{move || t_string!(i18n, quota_text, used = q.used_today, quota = q.quota).to_string()}</p>
                            <p class="field-hint">{
                                let q = q.clone();
                                move || if q.used_today >= q.quota {
                                    t_string!(i18n, quota_used_up, at = q.resets_at.clone(), zone = q.time_zone.clone()).to_string()
                                } else if q.next_in_ms > 0 {
                                    t_string!(i18n, quota_next_in, secs = (q.next_in_ms + 999) / 1000).to_string()
                                } else {
                                    t_string!(i18n, quota_next_now, at = q.resets_at.clone(), zone = q.time_zone.clone()).to_string()
                                }
                            }</p>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p class="alert alert-danger">{move || api_error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                })}
            <WhenSection c when=c.when />
            {move || c.supersedes.get().map(|id| view! {
                <p class="alert alert-warning">{move || t_string!(i18n, edit_supersedes, id = id).to_string()}</p>
            })}
            <Summary c guard />
            <button type="button" id="send-button" class="btn btn-primary btn-large"
                disabled=move || blocked() || time_wrong() || guard.holds() || send.pending().get() || sent_already()
                on:click=move |_| confirming.set(true)>{move || match leaving.get() {
                    Leaving::Now => t_string!(i18n, send_button),
                    Leaving::At => t_string!(i18n, schedule_button),
                    Leaving::ForApproval => t_string!(i18n, submit_button),
                }}</button>
            {move || blocked().then(|| view! { <p class="field-hint">{t!(i18n, send_blocked)}</p> })}
            {move || confirming.get().then(|| view! { <Confirm c leaving=leaving.get_untracked() on_cancel=close
                on_send=move || { close(); send.dispatch(()); } /> })}
            {move || send.pending().get().then(|| view! { <p role="status" class="alert">{t!(i18n, sending_now)}</p> })}
            {move || outcome().map(|r| view! { <Outcome r on_next=move || { next.dispatch(()); } /> })}
        </section>
    }
}

/// Every violation, errors first, above the Send button.
#[component]
fn Summary(c: Composer, guard: RepeatGuard) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let mut all = c.violations.get();
        all.sort_by_key(|v| v.severity() != Severity::Error);
        // Not "ready" while the duplicate guard waits for the operator's yes.
        if all.is_empty() && guard.holds() {
            return ().into_any();
        }
        if all.is_empty() {
            return view! { <p class="alert alert-success" role="status">{t!(i18n, ready_to_send)}</p> }
                .into_any();
        }
        let errors = blocking(&all).count();
        let class = if errors > 0 {
            "alert alert-danger"
        } else {
            "alert alert-warning"
        };
        view! {
            <div class=class role="status">
                <p><strong>{t_string!(i18n, problems_count, errors = errors, warnings = all.len() - errors).to_string()}</strong></p>
                <ul class="problem-list">
                    {all.into_iter().map(|v| {
                        let step = ComposeStep::of_path(&v.path);
                        view! {
                        <li>
                            {violation_message(locale, &v)} " "
                            {(step != ComposeStep::Review).then(|| view! {
                                <button type="button" class="btn btn-small" on:click=move |_| c.go(step)>
                                    {t_string!(i18n, fix_in_step, step = step_name(locale, step)).to_string()}
                                </button>
                            })}
                            " " <span class="api-name" aria-hidden="true">{v.path.clone()}</span>
                        </li>
                    }}).collect_view()}
                </ul>
            </div>
        }
        .into_any()
    }
}

/// The last question before a push leaves, as a modal dialog; closing it
/// (Escape, Cancel) gives focus back to the Send button.
#[component]
fn Confirm(
    c: Composer,
    leaving: Leaving,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
    on_send: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let app_name = c.app().map(|a| a.name).unwrap_or_default();
    let everyone = c
        .draft
        .with_untracked(|d| d.audience.kind == AudienceKind::Everyone);
    let typed = RwSignal::new(String::new());
    let expected = app_name.clone();
    let at = c.when.with_untracked(When::at_us).map(|at| {
        let zone = c.app().map(|a| a.time_zone).unwrap_or_else(|| "UTC".into());
        let locale = i18n.get_locale_untracked();
        format!("{} ({zone})", in_zone(at, &zone, locale))
    });
    let may_send = move || !everyone || typed.with(|t| t.trim() == expected);
    view! {
        <Modal labelled_by="confirm-heading" return_to="send-button" on_cancel=move || on_cancel() class="confirm-dialog">
            <h3 id="confirm-heading">{move || match leaving {
                Leaving::Now => t_string!(i18n, confirm_heading),
                Leaving::At => t_string!(i18n, confirm_schedule_heading),
                Leaving::ForApproval => t_string!(i18n, confirm_submit_heading),
            }}</h3>
            <ReviewFacts c />
            {at.map(|at| view! { <p><strong>{move || t_string!(i18n, confirm_leaves_at, at = at.clone()).to_string()}</strong></p> })}
            <p>{move || match leaving {
                Leaving::ForApproval => t_string!(i18n, confirm_submit_body),
                _ => t_string!(i18n, confirm_irreversible),
            }}</p>
            {everyone.then(|| view! {
                <div class="field">
                    <label for="confirm-app-name">{move || t_string!(i18n, confirm_type_name, name = app_name.clone()).to_string()}</label>
                    <input id="confirm-app-name" autocomplete="off" autofocus=true on:input=move |ev| typed.set(event_target_value(&ev)) />
                </div>
            })}
            <div class="dialog-actions">
                <button type="button" class="btn" on:click=move |_| on_cancel()>{t!(i18n, cancel)}</button>
                <button type="button" class="btn btn-primary" disabled=move || !may_send() on:click=move |_| on_send()>{move || match leaving {
                    Leaving::Now => t_string!(i18n, send_now),
                    Leaving::At => t_string!(i18n, schedule_now),
                    Leaving::ForApproval => t_string!(i18n, submit_now),
                }}</button>
            </div>
        </Modal>
    }
}

#[component]
fn Outcome(
    r: Result<SendOutcome, ApiError>,
    on_next: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let next = move || view! { <button type="button" class="btn" on:click=move |_| on_next()>{t!(i18n, send_another)}</button> };
    let history =
        |id: i64| view! { <A href=format!("/history/{id}")>{t!(i18n, view_in_history)}</A> };
    match r {
        Ok(SendOutcome::Sent { push_id, task_id }) => {
            let copy = task_id.clone();
            view! {
                <div class="alert alert-success" role="status">
                    <p><strong>{t!(i18n, sent_heading)}</strong></p>
                    <p>{t!(i18n, col_task_id)} " " <code class="mono" data-testid="task-id">{task_id}</code> " "
                        <button type="button" class="btn btn-small" on:click=move |_| copy_text(&copy)>{t!(i18n, copy)}</button></p>
                    <p>{history(push_id)} " " {next()}</p>
                </div>
            }
            .into_any()
        }
        Ok(SendOutcome::Failed { push_id, code, .. }) => view! {
            <div class="alert alert-danger" role="alert">
                <p><strong>{t!(i18n, failed_heading)}</strong></p>
                {code.map(|code| view! { {move || crate::text::im_error::explain(i18n.get_locale(), code).map(|(what, todo)| view! { <p>{what} " " {todo}</p> })} })}
                <p>{history(push_id)} " " {next()}</p>
            </div>
        }
        .into_any(),
        Ok(SendOutcome::Unknown { push_id }) | Ok(SendOutcome::InProgress { push_id }) => view! {
            <div class="alert alert-warning" role="alert">
                <p><strong>{t!(i18n, unknown_heading)}</strong></p>
                <p>{t!(i18n, unknown_body)}</p>
                <p>{history(push_id)}</p>
            </div>
        }
        .into_any(),
        Ok(SendOutcome::Refused { push_id, reason }) => view! {
            <div class="alert alert-danger" role="alert">
                <p><strong>{t!(i18n, refused_heading)}</strong></p>
                <p>{move || crate::text::refusal::refusal_text(i18n.get_locale(), &reason)}</p>
                <p>{history(push_id)} " " {next()}</p>
            </div>
        }
        .into_any(),
        Ok(SendOutcome::Held { push_id, status }) => view! {
            <div class="alert alert-success" role="status" data-testid="held-outcome">
                <p><strong>{move || match status {
                    PushStatus::AwaitingApproval => t_string!(i18n, held_submitted),
                    PushStatus::Scheduled => t_string!(i18n, held_scheduled),
                    _ => t_string!(i18n, held_other),
                }}</strong></p>
                <p>{move || crate::text::push::status_name(i18n.get_locale(), status)}</p>
                <p>{history(push_id)} " " {next()}</p>
            </div>
        }
        .into_any(),
        Err(e) => view! {
            <div class="alert alert-danger" role="alert">
                <p>{move || api_error_message(i18n.get_locale(), &e)}</p>
            </div>
        }
        .into_any(),
    }
}
