//! /audience/jobs/:id: one bulk job's live progress, its controls, and the
//! lines and accounts it could not use.
use super::jobs::poll;
use super::AudienceTabs;
use crate::api::audience_jobs::{control_job, get_job, JobControl, JobDetail};
use crate::i18n::*;
use crate::text::api_error::api_error_message;
use crate::text::audience::job_status_name;
use crate::text::audience::{change_text, file_label, job_stop_text as stop_text};
use crate::ui::components::error_panel::ErrorPanel;
use crate::ui::components::modal::Modal;
use crate::ui::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn JobPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let load = Action::new(move |id: &i64| get_job(*id));
    Effect::new(move |_| {
        load.dispatch(id());
    });
    let detail = RwSignal::new(None::<JobDetail>);
    Effect::new(move |_| {
        if let Some(Ok(d)) = load.value().get() {
            detail.set(Some(d));
        }
    });
    let live =
        move || detail.with_untracked(|d| d.as_ref().is_some_and(|d| d.job.status.is_active()));
    poll(std::time::Duration::from_secs(1), live, move || {
        if !load.pending().get_untracked() {
            load.dispatch(id());
        }
    });
    let control = Action::new(move |c: &JobControl| control_job(id(), *c));
    Effect::new(move |_| {
        if control.value().get().is_some() {
            load.dispatch(id());
        }
    });
    view! {
        <PageTitle text=move || format!("{} #{} · {}", t_string!(i18n, job_title), id(), t_string!(i18n, app_name)) />
        <div class="page-head">
            <h1>{move || format!("{} #{}", t_string!(i18n, job_title), id())}</h1>
        </div>
        <AudienceTabs />
        {move || match (detail.get(), load.value().get()) {
            (Some(d), _) => view! { <JobBody d control /> }.into_any(),
            (None, Some(Err(error))) => view! { <ErrorPanel error on_retry=move |_| { load.dispatch(id()); } /> }.into_any(),
            _ => view! { <p class="muted">{t!(i18n, loading)}</p> }.into_any(),
        }}
        {move || control.value().get().and_then(Result::err).map(|e| view! {
            <p class="alert alert-danger" role="alert">{move || api_error_message(i18n.get_locale(), &e)}</p>
        })}
    }
}

fn duration_words(locale: Locale, secs: i64) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    td_string!(locale, hms, h = h, m = m, s = s).to_string()
}

#[component]
fn JobBody(
    d: JobDetail,
    control: Action<JobControl, Result<bool, crate::api::error::ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let j = d.job;
    let pct = if j.total > 0 {
        (j.done * 100) / j.total
    } else {
        0
    };
    let confirm_cancel = RwSignal::new(false);
    let status = j.status;
    let can_pause = status.allows(JobControl::Pause);
    let can_resume = status.allows(JobControl::Resume);
    let can_cancel = status.allows(JobControl::Cancel);
    let change = j.change.clone();
    let stop = j.stop;
    let facts = (
        j.file_name.clone(),
        j.app_id.clone(),
        j.created.clone(),
        j.creator.clone(),
    );
    let secs_left = j.secs_left;
    let per_sec = j.accounts_per_sec;
    view! {
        <section class="panel" aria-labelledby="job-summary">
            <h2 id="job-summary">{move || change_text(i18n.get_locale(), &change)}</h2>
            <p class="muted">{move || format!("{} · {} · {} · {}", file_label(i18n.get_locale(), &facts.0), facts.1, facts.2, facts.3)}</p>
            <p><span class=format!("badge badge-{}", status.as_str()) role="status">{move || job_status_name(i18n.get_locale(), status)}</span></p>
            {stop.map(|why| view! { <p class="alert alert-warning">{move || stop_text(i18n.get_locale(), why)}</p> })}
            <div class="progress-block">
                <label for="job-progress">{t!(i18n, job_progress_label)}</label>
                <progress id="job-progress" max=j.total.to_string() value=j.done.to_string()
                    aria-valuetext=format!("{pct} %")>{format!("{pct} %")}</progress>
                <p class="progress-text">{format!("{} / {} · {pct} %", j.done, j.total)}</p>
            </div>
            <dl class="facts">
                <dt>{t!(i18n, job_rate_now)}</dt>
                <dd>{move || t_string!(i18n, accounts_per_sec, n = format!("{per_sec:.0}")).to_string()}</dd>
                <dt>{t!(i18n, job_time_left)}</dt>
                <dd>{move || secs_left.map_or_else(|| t_string!(i18n, none_dash).to_string(), |s| duration_words(i18n.get_locale(), s))}</dd>
                <dt>{t!(i18n, job_failed_accounts)}</dt>
                <dd>{j.failed}</dd>
                <dt>{t!(i18n, job_malformed_lines)}</dt>
                <dd>{j.malformed}</dd>
                <dt>{t!(i18n, job_requests)}</dt>
                <dd>{j.requests}</dd>
                <dt>{t!(i18n, job_rate_set)}</dt>
                <dd>{j.rate}</dd>
            </dl>
            <div class="inline-form">
                {can_pause.then(|| view! { <button class="btn" type="button" disabled=move || control.pending().get() on:click=move |_| { control.dispatch(JobControl::Pause); }>{t!(i18n, job_pause)}</button> })}
                {can_resume.then(|| view! { <button class="btn btn-primary" type="button" disabled=move || control.pending().get() on:click=move |_| { control.dispatch(JobControl::Resume); }>{t!(i18n, job_resume)}</button> })}
                {can_cancel.then(|| view! { <button id="cancel-job-button" class="btn btn-danger" type="button" on:click=move |_| confirm_cancel.set(true)>{t!(i18n, job_cancel)}</button> })}
            </div>
            {move || confirm_cancel.get().then(|| view! {
                <Modal labelled_by="cancel-text" return_to="cancel-job-button" alert=true on_cancel=move || confirm_cancel.set(false)>
                    <p id="cancel-text">{t!(i18n, job_cancel_confirm)}</p>
                    <div class="dialog-actions">
                        <button class="btn" type="button" on:click=move |_| confirm_cancel.set(false)>{t!(i18n, cancel)}</button>
                        <button class="btn btn-danger" type="button" on:click=move |_| { confirm_cancel.set(false); control.dispatch(JobControl::Cancel); }>{t!(i18n, job_cancel_yes)}</button>
                    </div>
                </Modal>
            })}
        </section>
        {(!d.malformed_lines.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="malformed-heading">
                <h2 id="malformed-heading">{t!(i18n, job_malformed_heading)}</h2>
                <table class="table">
                    <thead><tr>
                        <th scope="col">{t!(i18n, job_col_line)}</th>
                        <th scope="col">{t!(i18n, job_col_problem)}</th>
                        <th scope="col">{t!(i18n, job_col_text)}</th>
                    </tr></thead>
                    <tbody>
                        {d.malformed_lines.into_iter().map(|m| {
                            let problem = m.problem.clone();
                            view! { <tr><td class="num">{m.line}</td><td>{move || problem_text(i18n.get_locale(), &problem)}</td><td class="mono">{m.text}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
                <a class="btn" href=format!("/audience/jobs/{}/malformed.csv", j.id) download="">{t!(i18n, job_malformed_download)}</a>
            </section>
        })}
        {(j.failed > 0).then(|| view! {
            <section class="panel" aria-labelledby="failed-heading">
                <h2 id="failed-heading">{t!(i18n, job_failed_heading)}</h2>
                <table class="table">
                    <thead><tr>
                        <th scope="col">{t!(i18n, lookup_col_account)}</th>
                        <th scope="col">{t!(i18n, job_col_code)}</th>
                    </tr></thead>
                    <tbody>
                        {d.failures.into_iter().map(|f| view! { <tr><td class="mono">{f.account}</td><td class="num">{f.code}</td></tr> }).collect_view()}
                    </tbody>
                </table>
                <a class="btn" href=format!("/audience/jobs/{}/failed.csv", j.id) download="">{t!(i18n, job_failed_download)}</a>
            </section>
        })}
    }
}

fn problem_text(locale: Locale, problem: &str) -> String {
    match problem {
        "not_utf8" => td_string!(locale, malformed_not_utf8),
        "too_long" => td_string!(locale, malformed_too_long),
        _ => td_string!(locale, malformed_spaces),
    }
    .to_string()
}
