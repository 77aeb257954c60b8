//! Small pieces the history, its detail and the audit log share.
use crate::domain::history::HistoryRow;
use crate::domain::vocab::PushStatus;
use crate::i18n::*;
use crate::text::audience::describe_audience;
use crate::text::push::status_name;
use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use serde::de::DeserializeOwned;

/// A push's status as a coloured badge, in the viewer's language.
#[component]
pub fn StatusBadge(status: PushStatus) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("badge badge-{}", status.as_str());
    // A shape as well as a colour, for those who cannot tell the colours apart.
    let icon = match status {
        PushStatus::Sent => "✓",
        PushStatus::Failed => "✕",
        PushStatus::Unknown => "?",
        PushStatus::Refused => "⊘",
        PushStatus::Sending => "…",
        PushStatus::AwaitingApproval => "◔",
        PushStatus::Approved => "☑",
        PushStatus::Scheduled => "◷",
        PushStatus::Rejected => "✗",
        PushStatus::Withdrawn => "↩",
        PushStatus::Superseded => "⇢",
        PushStatus::Cancelled => "■",
        PushStatus::Missed => "⌛",
    };
    view! {
        <span class=class>
            <span class="badge-icon" aria-hidden="true">{icon}</span>
            {move || status_name(i18n.get_locale(), status)}
        </span>
    }
}

/// A TaskId in full with a button that copies it.
#[component]
pub fn TaskIdCell(task_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let copy = task_id.clone();
    let label = task_id.clone();
    view! {
        <span class="task-id">
            <code class="mono" data-testid="task-id-cell">{task_id}</code>
            <button type="button" class="btn btn-small btn-icon"
                aria-label=move || t_string!(i18n, copy_task_id, id = label.clone()).to_string()
                on:click=move |_| copy_text(&copy)>{t!(i18n, copy)}</button>
        </span>
    }
}

/// Puts `text` on the clipboard (in the browser; nothing on the server).
pub fn copy_text(text: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

/// The audience sentence in the viewer's language.
pub fn audience_text(locale: Locale, row: &HistoryRow) -> String {
    describe_audience(locale, row.condition.as_ref())
}

/// "Times are shown in Europe/Berlin."
#[component]
pub fn ZoneNote(zone: String) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="muted zone-note">{move || t_string!(i18n, times_in_zone, zone = zone.clone()).to_string()}</p> }
}

/// A list's filter, read from the address (so a filtered view can be linked
/// and survives a reload). Fields missing from the query are empty.
pub fn filter_from_query<T: DeserializeOwned + Default>(query: &ParamsMap) -> T {
    let fields = query
        .into_iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
        .collect();
    serde_json::from_value(serde_json::Value::Object(fields)).unwrap_or_default()
}

/// "Export CSV" of the rows the list shows (the same filter, from the
/// address), for the roles that may export. Read under a Transition, as the
/// role comes from the frame's resource.
#[component]
pub fn ExportLink(file: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let me = crate::ui::components::layout::use_me();
    let query = leptos_router::hooks::use_query_map();
    let href = move || query.with(|q| format!("/export/{file}{}", q.to_query_string()));
    view! {
        <Transition fallback=|| ()>
            {move || me.get().filter(|m| m.role.allows(crate::domain::account::Permission::Export)).map(|_| view! {
                <a class="btn btn-small" href=href download="">{t!(i18n, export_csv)}</a>
            })}
        </Transition>
    }
}
