//! The audit log (admins and auditors): every change and sensitive read,
//! newest first, filtered by kind of action, person, words and dates.
use crate::api::audit_log::list_audit;
use crate::domain::audit::{AuditFilter, AuditPage, AuditRow};
use crate::domain::vocab::ActionGroup;
use crate::i18n::*;
use crate::text::audit::group_name;
use crate::ui::components::error_panel::ErrorPanel;
use crate::ui::components::history_bits::{filter_from_query, ExportLink, ZoneNote};
use crate::ui::components::more_pages::{MoreError, MorePages, ShowMore};
use crate::ui::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(filter_from_query::<AuditFilter>));
    let first = Resource::new(move || filter.get(), |f| list_audit(f, None));
    let more = MorePages::new(filter, move |before: i64| async move {
        list_audit(filter.get_untracked(), Some(before))
            .await
            .map(|page| (page.rows, page.next))
    });
    let f = move || filter.get();
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, audit_title), t_string!(i18n, app_name)) />
        <div class="page-head">
            <h1>{t!(i18n, audit_title)}</h1>
            <p class="lead">{t!(i18n, audit_intro)}</p>
        </div>
        <section class="panel" aria-labelledby="audit-filters-heading">
            <h2 id="audit-filters-heading" class="visually-hidden">{t!(i18n, filters_heading)}</h2>
            <Form method="GET" action="/audit" attr:class="inline-form filters">
                <div class="field">
                    <label for="a-group">{t!(i18n, col_action)}</label>
                    <select id="a-group" name="group">
                        <option value="" selected=move || f().group.is_empty()>{t!(i18n, filter_any)}</option>
                        {ActionGroup::ALL.into_iter().map(|g| view! {
                            <option value=g.as_str() selected=move || f().group == g.as_str()>{move || group_name(i18n.get_locale(), g)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="a-actor">{t!(i18n, col_actor)}</label>
                    <input id="a-actor" name="actor" prop:value=move || f().actor autocomplete="off" />
                </div>
                <div class="field">
                    <label for="a-text">{t!(i18n, audit_filter_text)}</label>
                    <input id="a-text" name="text" type="search" prop:value=move || f().text autocomplete="off" />
                </div>
                <div class="field">
                    <label for="a-from">{t!(i18n, filter_from)}</label>
                    <input id="a-from" name="from" type="date" prop:value=move || f().from />
                </div>
                <div class="field">
                    <label for="a-to">{t!(i18n, filter_to)}</label>
                    <input id="a-to" name="to" type="date" prop:value=move || f().to />
                </div>
                <button class="btn btn-primary" type="submit">{t!(i18n, filter_apply)}</button>
                <A href="/audit" attr:class="btn">{t!(i18n, filter_clear)}</A>
            </Form>
        </section>
        <section class="panel" aria-labelledby="audit-heading">
            <div class="panel-head">
                <h2 id="audit-heading">{t!(i18n, audit_events)}</h2>
                <ExportLink file="audit.csv" />
            </div>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || first.get().map(|r| match r {
                    Ok(page) => view! { <AuditTable page more /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error on_retry=move |_| first.refetch() /> }.into_any(),
                })}
            </Transition>
            <MoreError more />
        </section>
    }
}

#[component]
fn AuditTable(page: AuditPage, more: MorePages<AuditRow, i64>) -> impl IntoView {
    let i18n = use_i18n();
    let first_next = page.next;
    if page.rows.is_empty() {
        return view! { <p class="empty">{t!(i18n, audit_empty)}</p> }.into_any();
    }
    view! {
        <ZoneNote zone=page.time_zone.clone() />
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">{t!(i18n, audit_events)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, col_event_id)}</th>
                        <th scope="col">{t!(i18n, col_time)}</th>
                        <th scope="col">{t!(i18n, col_actor)}</th>
                        <th scope="col">{t!(i18n, col_client)}</th>
                        <th scope="col">{t!(i18n, col_action)}</th>
                        <th scope="col">{t!(i18n, col_target)}</th>
                        <th scope="col">{t!(i18n, col_details)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|e| view! { <AuditLine e /> }).collect_view()}
                    <For each=move || more.rows.get() key=|e| e.id let:e>
                        <AuditLine e />
                    </For>
                </tbody>
            </table>
        </div>
        <ShowMore more first_next />
    }
    .into_any()
}

#[component]
fn AuditLine(e: AuditRow) -> impl IntoView {
    view! {
        <tr>
            <td class="num">{e.id}</td>
            <td class="nowrap">{e.at}</td>
            <td>{e.actor}</td>
            <td class="mono">{e.client}</td>
            <td class="mono">{e.action}</td>
            <td>{e.target}</td>
            <td class="mono details">{e.details}</td>
        </tr>
    }
}
