//! The history of every push (every role): filters in the address, so a
//! filtered view can be linked and survives a reload; newest first; "show
//! more" continues after the last row seen.
use crate::api::history::list_history;
use crate::domain::history::{Cursor, HistoryFilter, HistoryPage, HistoryRow};
use crate::domain::vocab::{AudienceKind, PushStatus};
use crate::i18n::*;
use crate::text::audience::kind_name;
use crate::text::push::status_name;
use crate::ui::components::error_panel::ErrorPanel;
use crate::ui::components::history_bits::{
    audience_text, filter_from_query, ExportLink, StatusBadge, TaskIdCell, ZoneNote,
};
use crate::ui::components::layout::ShellResource;
use crate::ui::components::more_pages::{MoreError, MorePages, ShowMore};
use crate::ui::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn HistoryPageView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(filter_from_query::<HistoryFilter>));
    let first = Resource::new(move || filter.get(), |f| list_history(f, None));
    let more = MorePages::new(filter, move |after: Cursor| async move {
        list_history(filter.get_untracked(), Some(after))
            .await
            .map(|page| (page.rows, page.next))
    });

    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, history_title), t_string!(i18n, app_name)) />
        <div class="page-head">
            <h1>{t!(i18n, history_title)}</h1>
            <p class="lead">{t!(i18n, history_intro)}</p>
        </div>
        // The frame's data (apps, role) is read under a Transition, so the
        // server renders what hydration will find.
        <Transition fallback=|| ()>
            <HistoryFilters filter />
        </Transition>
        <section class="panel" aria-labelledby="history-heading">
            <div class="panel-head">
                <h2 id="history-heading">{t!(i18n, history_results)}</h2>
                <ExportLink file="history.csv" />
            </div>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || first.get().map(|r| match r {
                    Ok(page) => view! { <HistoryResults page more /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error on_retry=move |_| first.refetch() /> }.into_any(),
                })}
            </Transition>
            <MoreError more />
        </section>
    }
}

#[component]
fn HistoryResults(page: HistoryPage, more: MorePages<HistoryRow, Cursor>) -> impl IntoView {
    let i18n = use_i18n();
    let first_next = page.next;
    if page.rows.is_empty() {
        return view! { <p class="empty">{t!(i18n, history_empty)}</p> }.into_any();
    }
    view! {
        <ZoneNote zone=page.time_zone.clone() />
        <div class="table-wrap">
            <table class="table history-table">
                <caption class="visually-hidden">{t!(i18n, history_results)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, col_time)}</th>
                        <th scope="col">{t!(i18n, col_app)}</th>
                        <th scope="col">{t!(i18n, col_operator)}</th>
                        <th scope="col">{t!(i18n, col_audience)}</th>
                        <th scope="col">{t!(i18n, col_first_text)}</th>
                        <th scope="col">{t!(i18n, col_status)}</th>
                        <th scope="col">{t!(i18n, col_task_id)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|row| view! { <HistoryLine row /> }).collect_view()}
                    <For each=move || more.rows.get() key=|row| row.id let:row>
                        <HistoryLine row />
                    </For>
                </tbody>
            </table>
        </div>
        <ShowMore more first_next />
    }
    .into_any()
}

#[component]
fn HistoryLine(row: HistoryRow) -> impl IntoView {
    let i18n = use_i18n();
    let audience = {
        let row = row.clone();
        Signal::derive(move || audience_text(i18n.get_locale(), &row))
    };
    // Two lines at most in the table; the whole text on hover.
    let first_text = row.first_text.clone();
    view! {
        <tr>
            <td class="col-time"><A href=format!("/history/{}", row.id)>{row.at.clone()}</A></td>
            <td>{row.app_id.clone()}</td>
            <td>{row.operator.clone()}{row.approver.clone().map(|a| view! {
                <br /><span class="muted" data-testid="approver">{move || t_string!(i18n, approved_by, name = a.clone()).to_string()}</span>
            })}</td>
            <td class="col-audience"><span class="two-lines" title=audience>{audience}</span></td>
            <td class="col-text"><span class="two-lines" title=first_text.clone()>{first_text.clone()}</span></td>
            <td><StatusBadge status=row.status />{row.scheduled_at.clone().map(|at| view! {
                <br /><span class="muted small">{move || t_string!(i18n, scheduled_for, at = at.clone()).to_string()}</span>
            })}</td>
            <td class="col-task">{row.task_id.clone().map(|task_id| view! { <TaskIdCell task_id /> })}</td>
        </tr>
    }
}

#[component]
fn HistoryFilters(filter: Memo<HistoryFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let shell = expect_context::<ShellResource>();
    let apps = move || {
        shell
            .get()
            .and_then(Result::ok)
            .map(|s| s.apps)
            .unwrap_or_default()
    };
    let f = move || filter.get();
    view! {
        <section class="panel" aria-labelledby="filters-heading">
            <h2 id="filters-heading" class="visually-hidden">{t!(i18n, filters_heading)}</h2>
            <Form method="GET" action="/history" attr:class="inline-form filters">
                <div class="field">
                    <label for="f-app">{t!(i18n, col_app)}</label>
                    <select id="f-app" name="app_id">
                        <option value="" selected=move || f().app_id.is_empty()>{t!(i18n, filter_any)}</option>
                        {move || apps().into_iter().map(|a| {
                            let id = a.id.clone();
                            view! { <option value=a.id.clone() selected=move || f().app_id == id>{a.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-status">{t!(i18n, col_status)}</label>
                    <select id="f-status" name="status">
                        <option value="" selected=move || f().status.is_empty()>{t!(i18n, filter_any)}</option>
                        {PushStatus::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || f().status == s.as_str()>{move || status_name(i18n.get_locale(), s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-audience">{t!(i18n, col_audience)}</label>
                    <select id="f-audience" name="audience">
                        <option value="" selected=move || f().audience.is_empty()>{t!(i18n, filter_any)}</option>
                        {AudienceKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=move || f().audience == k.as_str()>{move || kind_name(i18n.get_locale(), k)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-operator">{t!(i18n, col_operator)}</label>
                    <input id="f-operator" name="operator" prop:value=move || f().operator autocomplete="off" />
                </div>
                <div class="field">
                    <label for="f-from">{t!(i18n, filter_from)}</label>
                    <input id="f-from" name="from" type="date" prop:value=move || f().from />
                </div>
                <div class="field">
                    <label for="f-to">{t!(i18n, filter_to)}</label>
                    <input id="f-to" name="to" type="date" prop:value=move || f().to />
                </div>
                <div class="field field-wide">
                    <label for="f-text">{t!(i18n, filter_text)}</label>
                    <input id="f-text" name="text" type="search" prop:value=move || f().text autocomplete="off" />
                </div>
                <button class="btn btn-primary" type="submit">{t!(i18n, filter_apply)}</button>
                <A href="/history" attr:class="btn">{t!(i18n, filter_clear)}</A>
            </Form>
        </section>
    }
}
