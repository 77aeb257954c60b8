//! What waits to be sent: submissions awaiting approval (with who asked),
//! approved pushes not yet sent, and scheduled pushes with their time. Each
//! opens its page, where an approver sees exactly what would be sent.
use crate::api::history::list_waiting;
use crate::domain::history::HistoryRow;
use crate::i18n::*;
use crate::ui::components::error_panel::ErrorPanel;
use crate::ui::components::history_bits::{audience_text, StatusBadge};
use crate::ui::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn WaitingPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new(|| (), |_| list_waiting());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, waiting_title), t_string!(i18n, app_name)) />
        <div class="page-head">
            <h1>{t!(i18n, waiting_title)}</h1>
            <p class="lead">{t!(i18n, waiting_intro)}</p>
        </div>
        <section class="panel" aria-labelledby="waiting-heading">
            <h2 id="waiting-heading">{t!(i18n, waiting_list)}</h2>
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
                {move || rows.get().map(|r| match r {
                    Ok(rows) if rows.is_empty() => view! { <p class="empty">{t!(i18n, waiting_none)}</p> }.into_any(),
                    Ok(rows) => view! { <WaitingTable rows /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error on_retry=move |_| rows.refetch() /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn WaitingTable(rows: Vec<HistoryRow>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, col_time)}</th>
                    <th scope="col">{t!(i18n, review_requester)}</th>
                    <th scope="col">{t!(i18n, col_audience)}</th>
                    <th scope="col">{t!(i18n, col_first_text)}</th>
                    <th scope="col">{t!(i18n, col_status)}</th>
                    <th scope="col">{t!(i18n, review_scheduled)}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let audience = {
                        let row = row.clone();
                        move || audience_text(i18n.get_locale(), &row)
                    };
                    view! {
                        <tr>
                            <td><A href=format!("/history/{}", row.id)>{row.at.clone()}</A></td>
                            <td>{row.operator.clone()}</td>
                            <td class="col-audience"><span class="two-lines">{audience}</span></td>
                            <td class="col-text"><span class="two-lines">{row.first_text.clone()}</span></td>
                            <td><StatusBadge status=row.status /></td>
                            <td>{row.scheduled_at.clone().unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
