//! /audience/jobs: start a bulk job from a file of accounts, and the queue.
//! The form is a plain multipart POST, so the browser streams the file to
//! the server however large it is; the choices are checked as they are made
//! by the same rules the server applies.
use super::{AppPicker, AudienceTabs, Violations};
use crate::api::audience_jobs::list_jobs;
use crate::api::compose::attr_names;
use crate::domain::audience_change::{split_tags, AudienceChange};
use crate::domain::job::UploadRefusal;
use crate::domain::job::{JobView, JobsOverview};
use crate::i18n::*;
use crate::text::audience::{change_text, file_label, job_status_name, upload_refusal_text};
use crate::ui::components::error_panel::ErrorPanel;
use crate::ui::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeMap;

pub const ACTIONS: [&str; 5] = [
    "add_tags",
    "remove_tags",
    "set_attrs",
    "remove_attrs",
    "remove_all_tags",
];

pub fn action_label(locale: Locale, action: &str) -> String {
    match action {
        "add_tags" => td_string!(locale, job_action_add_tags),
        "remove_tags" => td_string!(locale, job_action_remove_tags),
        "set_attrs" => td_string!(locale, job_action_set_attrs),
        "remove_attrs" => td_string!(locale, job_action_remove_attrs),
        _ => td_string!(locale, job_action_remove_all_tags),
    }
    .to_string()
}

/// Asks again every `period` while `active` says so; only in the browser.
pub fn poll(
    period: std::time::Duration,
    active: impl Fn() -> bool + Send + Sync + 'static,
    tick: impl Fn() + Send + Sync + 'static,
) {
    let step = std::sync::Arc::new(move || {
        if active() {
            tick();
        }
    });
    Effect::new(move |_| {
        let step = step.clone();
        if let Ok(handle) = set_interval_with_handle(move || step(), period) {
            on_cleanup(move || handle.clear());
        }
    });
}

#[component]
pub fn JobsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let load = Action::new(move |_: &()| list_jobs());
    Effect::new(move |_| {
        load.dispatch(());
    });
    let overview = RwSignal::new(None::<JobsOverview>);
    Effect::new(move |_| {
        if let Some(Ok(o)) = load.value().get() {
            overview.set(Some(o));
        }
    });
    let active = move || {
        overview.with_untracked(|o| {
            o.as_ref()
                .is_some_and(|o| o.jobs.iter().any(|j| j.status.is_active()))
        })
    };
    poll(std::time::Duration::from_secs(2), active, move || {
        if !load.pending().get_untracked() {
            load.dispatch(());
        }
    });
    // Any other value is a form of ours gone wrong: said as such.
    let refused = move || {
        query
            .with(|q| q.get("refused"))
            .map(|why| UploadRefusal::parse(&why).unwrap_or(UploadRefusal::Form))
    };
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, jobs_title), t_string!(i18n, app_name)) />
        <div class="page-head">
            <h1>{t!(i18n, jobs_title)}</h1>
            <p class="lead">{t!(i18n, jobs_intro)}</p>
        </div>
        <AudienceTabs />
        {move || refused().map(|why| view! {
            <p class="alert alert-danger" role="alert">{move || upload_refusal_text(i18n.get_locale(), why)}</p>
        })}
        {move || overview.get().map(|o| view! { <NewJob rate=o.rate rate_max=o.rate_max /> })}
        {move || match (overview.get(), load.value().get()) {
            (Some(o), _) => view! { <JobTable jobs=o.jobs /> }.into_any(),
            (None, Some(Err(error))) => view! { <ErrorPanel error on_retry=move |_| { load.dispatch(()); } /> }.into_any(),
            _ => view! { <p class="muted">{t!(i18n, loading)}</p> }.into_any(),
        }}
    }
}

#[component]
fn NewJob(rate: u32, rate_max: u32) -> impl IntoView {
    let i18n = use_i18n();
    let app = RwSignal::new(String::new());
    let action = RwSignal::new("add_tags".to_string());
    let tags = RwSignal::new(String::new());
    let values = RwSignal::new(BTreeMap::<String, String>::new());
    let removing = RwSignal::new(Vec::<String>::new());
    let file_chosen = RwSignal::new(false);
    let names = Action::new(move |app: &String| attr_names(app.clone(), false));
    Effect::new(move |_| {
        let app = app.get();
        if !app.is_empty() {
            names.dispatch(app);
        }
    });
    let name_list = move || names.value().get().and_then(Result::ok).unwrap_or_default();
    // The change the form describes, as the server will build it.
    let change = Memo::new(move |_| match action.get().as_str() {
        "add_tags" => AudienceChange::AddTags(split_tags(&tags.get())),
        "remove_tags" => AudienceChange::RemoveTags(split_tags(&tags.get())),
        "set_attrs" => AudienceChange::SetAttrs(
            values
                .get()
                .into_iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (k, v.trim().to_string()))
                .collect(),
        ),
        "remove_attrs" => AudienceChange::RemoveAttrs(removing.get()),
        _ => AudienceChange::RemoveAllTags,
    });
    let problems = Memo::new(move |_| {
        let names = name_list();
        change
            .get()
            .check((!names.is_empty()).then_some(names.as_slice()))
    });
    let touched = move || match action.get().as_str() {
        "add_tags" | "remove_tags" => !tags.get().trim().is_empty(),
        "set_attrs" => values.with(|v| v.values().any(|v| !v.is_empty())),
        "remove_attrs" => removing.with(|r| !r.is_empty()),
        _ => false,
    };
    view! {
        <section class="panel" aria-labelledby="new-job-heading">
            <h2 id="new-job-heading">{t!(i18n, new_job_heading)}</h2>
            <form class="stack" method="post" action="/audience/jobs/upload" enctype="multipart/form-data">
                <AppPicker app name="app_id" />
                <div class="field">
                    <label for="job-action">{t!(i18n, job_action_label)}</label>
                    <select id="job-action" name="action" on:change=move |ev| action.set(event_target_value(&ev))>
                        {ACTIONS.into_iter().map(|a| view! {
                            <option value=a selected=move || action.get() == a>{move || action_label(i18n.get_locale(), a)}</option>
                        }).collect_view()}
                    </select>
                </div>
                {move || match action.get().as_str() {
                    "add_tags" | "remove_tags" => view! {
                        <div class="field">
                            <label for="job-tags">{t!(i18n, job_tags_label)}</label>
                            <input id="job-tags" name="tags" autocomplete="off" prop:value=move || tags.get()
                                on:input=move |ev| tags.set(event_target_value(&ev)) />
                        </div>
                    }.into_any(),
                    "set_attrs" => view! {
                        <fieldset class="stack">
                            <legend>{t!(i18n, job_set_attrs_legend)}</legend>
                            {move || name_list().into_iter().enumerate().map(|(i, n)| {
                                let id = format!("job-set-{i}");
                                let key = n.clone();
                                view! {
                                    <div class="field">
                                        <input type="hidden" name="set_name" value=n.clone() />
                                        <label for=id.clone()>{n.clone()}</label>
                                        <input id=id name="set_value" autocomplete="off"
                                            on:input=move |ev| { let v = event_target_value(&ev); values.update(|m| { m.insert(key.clone(), v); }); } />
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                    }.into_any(),
                    "remove_attrs" => view! {
                        <fieldset class="stack">
                            <legend>{t!(i18n, job_remove_attrs_legend)}</legend>
                            {move || name_list().into_iter().enumerate().map(|(i, n)| {
                                let id = format!("job-remove-{i}");
                                let key = n.clone();
                                view! {
                                    <div class="check">
                                        <input type="checkbox" id=id.clone() name="remove_name" value=n.clone()
                                            on:change=move |ev| { let on = event_target_checked(&ev); let k = key.clone(); removing.update(|r| { r.retain(|x| *x != k); if on { r.push(k); } }); } />
                                        <label for=id>{n.clone()}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                    }.into_any(),
                    _ => view! { <p class="alert alert-warning">{t!(i18n, job_remove_all_warning)}</p> }.into_any(),
                }}
                {move || touched().then(|| view! { <Violations list=problems.get() /> })}
                <div class="field">
                    <label for="job-rate">{t!(i18n, job_rate_label)}</label>
                    <input id="job-rate" name="rate" type="number" min="1" max=rate_max.to_string() value=rate.to_string() required=true aria-describedby="job-rate-hint" />
                    <p id="job-rate-hint" class="field-hint">{move || t_string!(i18n, job_rate_hint, max = rate_max).to_string()}</p>
                </div>
                <div class="field">
                    <label for="job-file">{t!(i18n, job_file_label)}</label>
                    <input id="job-file" name="file" type="file" accept=".csv,.txt,text/csv,text/plain" required=true aria-describedby="job-file-hint"
                        on:change=move |ev| file_chosen.set(!event_target_value(&ev).is_empty()) />
                    <p id="job-file-hint" class="field-hint">{t!(i18n, job_file_hint)}</p>
                </div>
                <p class="muted">{move || change_text(i18n.get_locale(), &change.get())}</p>
                <button class="btn btn-primary" type="submit" disabled=move || !file_chosen.get() || !problems.with(Vec::is_empty)>
                    {t!(i18n, job_start)}
                </button>
            </form>
        </section>
    }
}

#[component]
fn JobTable(jobs: Vec<JobView>) -> impl IntoView {
    let i18n = use_i18n();
    if jobs.is_empty() {
        return view! { <p class="muted">{t!(i18n, jobs_none)}</p> }.into_any();
    }
    view! {
        <section class="panel" aria-labelledby="jobs-heading">
            <h2 id="jobs-heading">{t!(i18n, jobs_heading)}</h2>
            <table class="table">
                <thead><tr>
                    <th scope="col">{t!(i18n, job_col_job)}</th>
                    <th scope="col">{t!(i18n, job_col_change)}</th>
                    <th scope="col">{t!(i18n, job_col_status)}</th>
                    <th scope="col">{t!(i18n, job_col_progress)}</th>
                    <th scope="col">{t!(i18n, job_col_failed)}</th>
                    <th scope="col">{t!(i18n, job_col_created)}</th>
                </tr></thead>
                <tbody>
                    {jobs.into_iter().map(|j| {
                        let change = j.change.clone();
                        let status = j.status;
                        view! {
                            <tr>
                                <td><A href=format!("/audience/jobs/{}", j.id)>{move || format!("#{} · {}", j.id, file_label(i18n.get_locale(), &j.file_name))}</A></td>
                                <td>{move || change_text(i18n.get_locale(), &change)}</td>
                                <td><span class=format!("badge badge-{}", j.status.as_str())>{move || job_status_name(i18n.get_locale(), status)}</span></td>
                                <td class="num">{format!("{} / {}", j.done, j.total)}</td>
                                <td class="num">{j.failed}</td>
                                <td>{format!("{} · {}", j.created, j.creator)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any()
}
