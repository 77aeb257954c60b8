//! /compose: compose, check, preview and send a push. Every rule shown while
//! typing is the domain's, the same the server applies before sending.
mod audience;
mod delivery;
mod drafts;
mod elements;
mod fields;
mod image;
pub mod preview;
mod review;
mod send;
mod state;
mod steps;
pub mod when;

use crate::api::compose::{open_draft, push_as_draft};
use crate::api::error::ApiError;
use crate::api::push::{new_send_ticket, SendTicket};
use crate::api::shell::{AppSummary, EndpointView};
use crate::domain::compose::ComposeStep;
use crate::domain::draft::Draft;
use crate::i18n::*;
use crate::ui::components::error_panel::ErrorPanel;
use crate::ui::components::layout::ShellResource;
use crate::ui::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use state::Composer;

/// What the composer opens with: a saved draft, a copy of a past push, or
/// an empty draft; and the ticket for the push it will send.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Start {
    draft: Option<Draft>,
    saved: Option<(i64, String)>,
    ticket: SendTicket,
    supersedes: Option<i64>,
}

async fn start(
    draft_id: Option<i64>,
    from_push: Option<i64>,
    edit: Option<i64>,
) -> Result<Start, ApiError> {
    let from_push = edit.or(from_push);
    let ticket = new_send_ticket().await?;
    let (draft, saved) = match (draft_id, from_push) {
        (Some(id), _) => {
            let opened = open_draft(id).await?;
            (Some(opened.draft), Some((opened.id, opened.name)))
        }
        (None, Some(push)) => (Some(push_as_draft(push).await?), None),
        (None, None) => (None, None),
    };
    Ok(Start {
        draft,
        saved,
        ticket,
        supersedes: edit,
    })
}

#[component]
pub fn ComposePage() -> impl IntoView {
    let i18n = use_i18n();
    let shell = expect_context::<ShellResource>();
    let query = use_query_map();
    let number = move |key: &str| query.with(|q| q.get(key).and_then(|v| v.parse::<i64>().ok()));
    let started = Resource::new(
        move || (number("draft"), number("from"), number("edit")),
        |(draft, from, edit)| start(draft, from, edit),
    );
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, compose_title), t_string!(i18n, app_name)) />
        <div class="page-head">
            <h1>{t!(i18n, compose_title)}</h1>
            <p class="lead">{t!(i18n, compose_intro)}</p>
        </div>
        <Transition fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || {
                let apps = shell.get().and_then(Result::ok).map(|s| s.apps)?;
                Some(match started.get()? {
                    Ok(start) if !apps.is_empty() => view! { <ComposerBody start apps /> }.into_any(),
                    Ok(_) => view! { <p class="alert alert-warning">{t!(i18n, compose_no_apps)}</p> }.into_any(),
                    Err(error) => view! { <ErrorPanel error on_retry=move |_| started.refetch() /> }.into_any(),
                })
            }}
        </Transition>
    }
}

#[component]
fn ComposerBody(start: Start, apps: Vec<AppSummary>) -> impl IntoView {
    let first = apps[0].id.clone();
    let mut draft = start.draft.clone().unwrap_or_else(|| Draft::new(&first));
    if !apps.iter().any(|a| a.id == draft.app_id) {
        draft.app_id = first;
    }
    let opened = start.draft.is_some();
    let c = Composer::new(draft, apps, start.ticket);
    c.saved.set(start.saved);
    c.supersedes.set(start.supersedes);
    // A saved draft or a copy of a push is not a blank form: what is
    // missing in it is said at once.
    c.reviewed.set(opened);
    let guard = review::RepeatGuard::new(c);
    steps::focus_step_heading(c);
    view! {
        <steps::StepList c />
        <div class="composer">
            <div class="composer-main">
                <steps::Step c step=ComposeStep::Audience>
                    <AppPicker c />
                    <audience::AudienceSection c />
                </steps::Step>
                <steps::Step c step=ComposeStep::Message>
                    <elements::MessageSection c />
                </steps::Step>
                <steps::Step c step=ComposeStep::Notification>
                    <delivery::NotificationSection c />
                    <delivery::DeliverySection c />
                </steps::Step>
                <steps::Step c step=ComposeStep::Review>
                    <send::SendSection c guard />
                    <RequestView c />
                    <drafts::DraftsSection c />
                </steps::Step>
                <steps::StepButtons c />
            </div>
            <aside class="composer-side">
                <preview::Preview request=c.request
                    app_name=Signal::derive(move || c.app().map(|a| a.name).unwrap_or_default()) />
            </aside>
        </div>
    }
}

#[component]
fn AppPicker(c: Composer) -> impl IntoView {
    let i18n = use_i18n();
    let apps = c.apps.get_value();
    let label = |a: &AppSummary| {
        let sandbox = a.endpoint == EndpointView::Sandbox;
        (format!("{} · {}", a.name, a.sdk_app_id), sandbox)
    };
    if apps.len() == 1 {
        let (text, sandbox) = label(&apps[0]);
        return view! {
            <section class="panel" aria-labelledby="app-heading">
                <h2 id="app-heading" tabindex="-1">{t!(i18n, compose_app)}</h2>
                <p>{text} {sandbox.then(|| view! { " " <span class="badge badge-sandbox">{t!(i18n, endpoint_sandbox)}</span> })}</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="panel" aria-labelledby="app-heading">
            <h2 id="app-heading" tabindex="-1">{t!(i18n, compose_app)}</h2>
            <div class="field">
                <label for="app-pick">{t!(i18n, compose_app)}</label>
                <select id="app-pick" on:change=move |ev| {
                    let id = event_target_value(&ev);
                    c.attr_names.set(None);
                    c.draft.update(|d| d.app_id = id);
                }>
                    {apps.into_iter().map(|a| {
                        let (text, sandbox) = label(&a);
                        let id = a.id.clone();
                        view! {
                            <option value=a.id.clone() selected=move || c.draft.with(|d| d.app_id == id)>
                                {text} {move || sandbox.then(|| format!(" ({})", t_string!(i18n, endpoint_sandbox)))}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </div>
        </section>
    }
    .into_any()
}

/// The exact body that Send posts, with this push's MsgRandom: folded, one
/// click away, and always what will be sent.
#[component]
fn RequestView(c: Composer) -> impl IntoView {
    let i18n = use_i18n();
    // Written out only while unfolded: not on every keystroke behind a fold.
    let open = RwSignal::new(false);
    view! {
        <section class="panel" aria-labelledby="request-json-heading">
            <details on:toggle=move |_| open.update(|o| *o = !*o)>
                <summary><h2 id="request-json-heading" class="summary-heading">{t!(i18n, compose_request_heading)}</h2></summary>
                <p class="field-hint">{t!(i18n, compose_request_note)}</p>
                <pre class="code" tabindex="0" data-testid="request-json">
                    {move || open.get().then(|| c.request.with(|r| serde_json::to_string_pretty(r).unwrap_or_default()))}
                </pre>
            </details>
        </section>
    }
}
