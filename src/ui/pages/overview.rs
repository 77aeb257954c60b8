//! The front page: the apps this console pushes through and the system's state.
use crate::api::shell::{AppSummary, EndpointView, ShellInfo};
use crate::domain::region::Region;
use crate::i18n::*;
use crate::ui::components::error_panel::ErrorPanel;
use crate::ui::components::layout::ShellResource;
use crate::ui::components::page_title::PageTitle;
use leptos::prelude::*;

#[component]
pub fn Overview() -> impl IntoView {
    let i18n = use_i18n();
    let shell = expect_context::<ShellResource>();
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, overview_title), t_string!(i18n, app_name)) />
        <Suspense fallback=move || view! { <p class="muted">{t!(i18n, loading)}</p> }>
            {move || {
                shell
                    .get()
                    .map(|result| match result {
                        Ok(info) => view! { <OverviewBody info /> }.into_any(),
                        Err(error) => {
                            view! { <ErrorPanel error on_retry=move |_| shell.refetch() /> }.into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn OverviewBody(info: ShellInfo) -> impl IntoView {
    let i18n = use_i18n();
    let database = info.database_postgres;
    let approver = info
        .me
        .as_ref()
        .is_some_and(|m| m.role.allows(crate::domain::account::Permission::Approve));
    view! {
        <div class="page-head">
            <h1>{t!(i18n, overview_title)}</h1>
            <p class="lead">{t!(i18n, overview_intro)}</p>
        </div>
        {approver.then(|| {
            let count = crate::ui::components::layout::use_awaiting_count();
            move || (count.get() > 0).then(|| view! {
                <p class="alert alert-warning" data-testid="overview-awaiting">
                    {move || t_string!(i18n, overview_awaiting, n = count.get()).to_string()} " "
                    <leptos_router::components::A href="/waiting">{t!(i18n, overview_awaiting_open)}</leptos_router::components::A>
                </p>
            })
        })}
        <section class="panel" aria-labelledby="apps-heading">
            <h2 id="apps-heading">{t!(i18n, apps_heading)}</h2>
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">{t!(i18n, apps_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, col_name)}</th>
                            <th scope="col">{t!(i18n, col_sdkappid)}</th>
                            <th scope="col">{t!(i18n, col_endpoint)}</th>
                            <th scope="col">{t!(i18n, col_admin)}</th>
                            <th scope="col" class="num">{t!(i18n, col_quota)}</th>
                            <th scope="col">{t!(i18n, col_timezone)}</th>
                            <th scope="col">{t!(i18n, col_approval)}</th>
                        </tr>
                    </thead>
                    <tbody>{info.apps.into_iter().map(|app| view! { <AppRow app /> }).collect_view()}</tbody>
                </table>
            </div>
        </section>
        <section class="panel" aria-labelledby="status-heading">
            <h2 id="status-heading">{t!(i18n, status_heading)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, status_version)}</dt>
                <dd>{info.version}</dd>
                <dt>{t!(i18n, status_database)}</dt>
                <dd>
                    {move || if database { t_string!(i18n, db_postgres) } else { t_string!(i18n, db_sqlite) }}
                </dd>
            </dl>
        </section>
    }
}

#[component]
fn AppRow(app: AppSummary) -> impl IntoView {
    let i18n = use_i18n();
    let endpoint = app.endpoint.clone();
    let endpoint_text = move || match &endpoint {
        EndpointView::Sandbox => t_string!(i18n, endpoint_sandbox).to_string(),
        EndpointView::Custom(origin) => format!("{} · {origin}", t_string!(i18n, endpoint_custom)),
        EndpointView::Region(region) => {
            let name = region_name(i18n, *region);
            if region.confirmed() {
                format!("{name} · {}", region.host())
            } else {
                format!(
                    "{name} · {} ({})",
                    region.host(),
                    t_string!(i18n, region_check_console)
                )
            }
        }
    };
    view! {
        <tr>
            <th scope="row">{app.name}</th>
            <td class="mono">{app.sdk_app_id}</td>
            <td>{endpoint_text}</td>
            <td class="mono">{app.admin}</td>
            <td class="num">{app.daily_quota}</td>
            <td>{app.time_zone}</td>
            <td>{move || crate::text::review::policy_words(i18n.get_locale(), app.review.policy)}
                {app.review.training.then(|| view! { " " <span class="badge badge-sandbox">{t!(i18n, training_badge)}</span> })}</td>
        </tr>
    }
}

fn region_name(i18n: leptos_i18n::I18nContext<Locale>, region: Region) -> &'static str {
    match region {
        Region::China => t_string!(i18n, region_china),
        Region::Singapore => t_string!(i18n, region_singapore),
        Region::Seoul => t_string!(i18n, region_seoul),
        Region::Frankfurt => t_string!(i18n, region_frankfurt),
        Region::SiliconValley => t_string!(i18n, region_silicon_valley),
        Region::Jakarta => t_string!(i18n, region_jakarta),
        Region::Tokyo => t_string!(i18n, region_tokyo),
        Region::Mumbai => t_string!(i18n, region_mumbai),
    }
}
