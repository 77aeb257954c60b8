//! A waiting push's page: what approval and scheduling know (the digest, the
//! time in three zones, who asked and who decided), what the viewer may do
//! now (approve with their password, reject with a reason, withdraw,
//! cancel, send an approved push, give a new time), and every step so far.
use crate::api::error::ApiError;
use crate::api::history::{PushDetail, StepRow};
use crate::api::review::{
    approve_push, cancel_push, reject_push, reschedule_push, send_approved_push, withdraw_push,
};
use crate::domain::account::Permission;
use crate::domain::push::outcome::SendOutcome;
use crate::domain::push::ImPushRequest;
use crate::domain::vocab::{AuditAction, PushStatus};
use crate::i18n::*;
use crate::text::api_error::api_error_message;
use crate::ui::components::layout::use_me;
use crate::ui::components::modal::Modal;
use crate::ui::pages::compose::preview::Preview;
use crate::ui::pages::compose::when::When;
use leptos::prelude::*;
use leptos_router::components::A;

/// A request the panel makes; every one ends with the page read again.
#[derive(Clone)]
enum Ask {
    Approve { digest: String, password: String },
    Reject(String),
    Withdraw,
    Cancel,
    Send,
    Reschedule(i64),
}

#[component]
pub fn ReviewPanel(
    d: PushDetail,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let push_id = d.row.id;
    let status = d.row.status;
    let info = d.review.clone();
    let requester = info.requester_id;
    let training = info.policy.training;
    let is_requester = move || me.get().is_some_and(|m| Some(m.id) == requester);
    let may = move |p: Permission| me.get().is_some_and(|m| m.role.allows(p));
    // The server refuses the requester too; the page does not offer it.
    let may_decide = move || may(Permission::Approve) && (training || !is_requester());
    let act = Action::new(move |ask: &Ask| {
        let ask = ask.clone();
        async move {
            match ask {
                Ask::Approve { digest, password } => approve_push(push_id, digest, password).await,
                Ask::Reject(reason) => reject_push(push_id, reason).await,
                Ask::Withdraw => withdraw_push(push_id).await,
                Ask::Cancel => cancel_push(push_id).await,
                Ask::Send => send_approved_push(push_id).await,
                Ask::Reschedule(at) => reschedule_push(push_id, at).await,
            }
        }
    });
    let error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| match act.value().get() {
        Some(Ok(SendOutcome::Refused { .. })) | Some(Ok(_)) => {
            error.set(None);
            on_change();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let password = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let asking = RwSignal::new(None::<Ask>);
    let new_time = RwSignal::new(When {
        later: true,
        local: String::new(),
    });
    let digest = info.digest.clone().unwrap_or_default();
    let busy = move || act.pending().get();
    view! {
        <section class="panel review-panel" aria-labelledby="review-heading">
            <h2 id="review-heading">{t!(i18n, review_heading)}</h2>
            {training.then(|| view! { <p><span class="badge badge-sandbox">{t!(i18n, training_badge)}</span> " " {t!(i18n, training_note)}</p> })}
            <dl class="facts">
                <dt>{t!(i18n, review_requester)}</dt><dd data-testid="review-requester">{d.row.operator.clone()}</dd>
                {d.row.approver.clone().map(|a| view! {
                    <dt>{t!(i18n, review_approver)}</dt>
                    <dd data-testid="review-approver">{a} {info.approved_at.clone().map(|at| view! { " · " {at} })}</dd>
                })}
                {info.scheduled.clone().map(|t| view! {
                    <dt>{t!(i18n, review_scheduled)}</dt>
                    <dd data-testid="review-scheduled">{t.viewer.clone()} <span class="muted">
                        {move || t_string!(i18n, review_scheduled_zones, app = t.app.clone(), zone = t.app_zone.clone(), utc = t.utc.clone()).to_string()}
                    </span></dd>
                })}
                {info.digest.clone().map(|dg| view! {
                    <dt>{t!(i18n, review_digest)}</dt><dd class="mono digest" data-testid="review-digest">{dg}</dd>
                })}
                {info.reason.clone().map(|r| view! { <dt>{t!(i18n, review_reason)}</dt><dd>{r}</dd> })}
                {info.superseded_by.map(|id| view! {
                    <dt>{t!(i18n, review_superseded_by)}</dt>
                    <dd><A href=format!("/history/{id}")>{move || t_string!(i18n, push_heading, id = id).to_string()}</A></dd>
                })}
            </dl>
            {info.late.then(|| view! { <p class="alert alert-warning">{t!(i18n, review_late)}</p> })}
            {status.is_waiting().then(|| what_is_sent(&d))}
            {(status == PushStatus::AwaitingApproval).then(|| {
                let digest = digest.clone();
                view! {
                <div class="review-actions">
                    {move || (!may_decide() && may(Permission::Approve)).then(|| view! {
                        <p class="muted" data-testid="own-push-note">{t!(i18n, review_own_push)}</p>
                    })}
                    {move || may_decide().then(|| {
                        let digest = digest.clone();
                        view! {
                        <form class="approve-form" on:submit=move |ev| {
                            ev.prevent_default();
                            act.dispatch(Ask::Approve { digest: digest.clone(), password: password.get_untracked() });
                        }>
                            <p>{t!(i18n, review_approve_intro)}</p>
                            <div class="field">
                                <label for="approve-password">{t!(i18n, review_password)}</label>
                                <input id="approve-password" type="password" autocomplete="current-password" required=true
                                    on:input=move |ev| password.set(event_target_value(&ev)) />
                            </div>
                            <button type="submit" class="btn btn-primary" disabled=busy>{t!(i18n, review_approve)}</button>
                        </form>
                        <div class="field">
                            <label for="reject-reason">{t!(i18n, review_reject_reason)}</label>
                            <textarea id="reject-reason" rows="2" maxlength="500"
                                on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        </div>
                        <button type="button" class="btn btn-danger" disabled=move || busy() || reason.with(|r| r.trim().is_empty())
                            on:click=move |_| { act.dispatch(Ask::Reject(reason.get_untracked())); }>{t!(i18n, review_reject)}</button>
                    }})}
                </div>
            }})}
            <div class="dialog-actions start">
                {move || (is_requester() && matches!(status, PushStatus::AwaitingApproval | PushStatus::Approved)).then(|| view! {
                    <button type="button" id="withdraw-button" class="btn" disabled=busy on:click=move |_| asking.set(Some(Ask::Withdraw))>{t!(i18n, review_withdraw)}</button>
                })}
                {move || (status == PushStatus::Scheduled && may(Permission::Send)).then(|| view! {
                    <button type="button" id="cancel-push-button" class="btn btn-danger" disabled=busy on:click=move |_| asking.set(Some(Ask::Cancel))>{t!(i18n, review_cancel)}</button>
                })}
                {move || (status == PushStatus::Approved && may_decide()).then(|| view! {
                    <button type="button" id="send-approved-button" class="btn btn-primary" disabled=busy on:click=move |_| asking.set(Some(Ask::Send))>{t!(i18n, send_now)}</button>
                })}
            </div>
            {move || (matches!(status, PushStatus::Scheduled) && may(Permission::Send)
                || status == PushStatus::Approved && may_decide()).then(|| view! {
                <div class="field reschedule">
                    <label for="reschedule-at">{t!(i18n, review_new_time)}</label>
                    <input type="datetime-local" id="reschedule-at"
                        on:input=move |ev| { let v = event_target_value(&ev); new_time.update(|w| w.local = v); } />
                    <button type="button" class="btn" disabled=move || busy() || new_time.with(|w| w.problem().is_some())
                        on:click=move |_| if let Some(at) = new_time.with_untracked(When::at_us) { act.dispatch(Ask::Reschedule(at)); }>
                        {t!(i18n, review_reschedule)}
                    </button>
                </div>
            })}
            {move || asking.get().map(|ask| {
                let (text, back) = match ask {
                    Ask::Withdraw => (t_string!(i18n, review_withdraw_confirm), "withdraw-button"),
                    Ask::Cancel => (t_string!(i18n, review_cancel_confirm), "cancel-push-button"),
                    _ => (t_string!(i18n, review_send_confirm), "send-approved-button"),
                };
                view! {
                    <Modal labelled_by="review-confirm-text" return_to=back alert=true on_cancel=move || asking.set(None)>
                        <p id="review-confirm-text">{text}</p>
                        <div class="dialog-actions">
                            <button class="btn" on:click=move |_| asking.set(None)>{t!(i18n, cancel)}</button>
                            <button class="btn btn-primary" on:click=move |_| { act.dispatch(ask.clone()); asking.set(None); }>{t!(i18n, review_yes)}</button>
                        </div>
                    </Modal>
                }
            })}
            {move || error.get().map(|e| view! {
                <p class="alert alert-danger" role="alert">{api_error_message(i18n.get_locale(), &e)}</p>
            })}
            {move || (is_requester() && status.is_waiting() && status != PushStatus::Approved).then(|| view! {
                <p><A href=format!("/compose?edit={push_id}")>{t!(i18n, review_edit)}</A></p>
            })}
        </section>
        <section class="panel" aria-labelledby="steps-heading">
            <h2 id="steps-heading">{t!(i18n, steps_heading)}</h2>
            <Steps rows=info.steps.clone() />
        </section>
    }
}

/// For a push not sent yet: the audience as the API reads it, and what
/// phones and the app would show, from the exact request stored.
fn what_is_sent(d: &PushDetail) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let request = serde_json::from_str::<ImPushRequest>(&d.request).ok();
    let condition = request
        .as_ref()
        .and_then(|r| r.condition.as_ref())
        .and_then(|c| serde_json::to_string_pretty(c).ok());
    let app_name = d.row.app_id.clone();
    view! {
        <figure>
            <figcaption>{t!(i18n, review_condition)}</figcaption>
            <pre class="code" tabindex="0" data-testid="review-condition">{condition.unwrap_or_else(|| t_string!(i18n, review_condition_everyone).to_string())}</pre>
        </figure>
        {request.map(|r| view! { <Preview request=Signal::stored(r) app_name=Signal::stored(app_name) /> })}
    }
}

fn step_name(locale: Locale, action: AuditAction) -> String {
    use AuditAction::*;
    match action {
        PushSubmit => td_string!(locale, step_submit),
        PushSchedule => td_string!(locale, step_schedule),
        PushApprove => td_string!(locale, step_approve),
        PushReject => td_string!(locale, step_reject),
        PushWithdraw => td_string!(locale, step_withdraw),
        PushSupersede => td_string!(locale, step_supersede),
        PushCancel => td_string!(locale, step_cancel),
        PushReschedule => td_string!(locale, step_reschedule),
        PushMissed => td_string!(locale, step_missed),
        _ => td_string!(locale, step_other),
    }
    .to_string()
}

#[component]
fn Steps(rows: Vec<StepRow>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="empty">{t!(i18n, steps_none)}</p> }.into_any();
    }
    view! {
        <ol class="timeline" data-testid="steps">
            {rows.into_iter().map(|s| {
                let action = s.action;
                view! {
                    <li>
                        <strong>{move || step_name(i18n.get_locale(), action)}</strong>
                        " · " {s.at.clone()} " · " {s.actor.clone()}
                        {s.note.clone().map(|n| view! { " · " <q>{n}</q> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}
