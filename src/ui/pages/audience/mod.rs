//! /audience: users' tags and attributes, bulk jobs, and the app's
//! attribute names. Every rule checked while typing is the domain's, the
//! same the server applies before any call.
pub mod attributes;
pub mod job;
pub mod jobs;
pub mod lookup;

use crate::api::shell::AppSummary;
use crate::domain::account::Permission;
use crate::domain::push::validate::Violation;
use crate::i18n::*;
use crate::text::violation::violation_message;
use crate::ui::components::layout::{use_me, ShellResource};
use leptos::prelude::*;
use leptos_router::components::A;

/// The links between the audience pages.
#[component]
pub fn AudienceTabs() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let admin = move || {
        me.get()
            .is_some_and(|m| m.role.allows(Permission::ManageApps))
    };
    view! {
        <nav class="tabs" aria-label=move || t_string!(i18n, audience_tabs).to_string()>
            <A href="/audience" exact=true>{t!(i18n, audience_lookup_tab)}</A>
            <A href="/audience/jobs">{t!(i18n, audience_jobs_tab)}</A>
            // The frame's resource: read under Suspense, so the server waits
            // for it and the page hydrates with the same links.
            <Suspense fallback=|| ()>
                {move || admin().then(|| view! { <A href="/audience/attributes">{t!(i18n, audience_attrs_tab)}</A> })}
            </Suspense>
        </nav>
    }
}

/// The configured apps, once the frame knows them.
pub fn use_apps() -> Signal<Vec<AppSummary>> {
    let shell = expect_context::<ShellResource>();
    Signal::derive(move || {
        shell
            .get()
            .and_then(Result::ok)
            .map(|s| s.apps)
            .unwrap_or_default()
    })
}

/// A select of the apps when there are several; nothing when there is one.
#[component]
pub fn AppPicker(
    app: RwSignal<String>,
    #[prop(optional)] name: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let apps = use_apps();
    Effect::new(move |_| {
        if app.get_untracked().is_empty() {
            if let Some(first) = apps.get().first() {
                app.set(first.id.clone());
            }
        }
    });
    let picker = move || {
        let list = apps.get();
        if list.len() < 2 {
            let id = list.first().map(|a| a.id.clone()).unwrap_or_default();
            return name
                .map(|n| view! { <input type="hidden" name=n value=id /> })
                .into_any();
        }
        view! {
            <div class="field">
                <label for="app-pick">{t!(i18n, compose_app)}</label>
                <select id="app-pick" name=name on:change=move |ev| app.set(event_target_value(&ev))>
                    {list.into_iter().map(|a| {
                        let id = a.id.clone();
                        view! { <option value=a.id.clone() selected=move || app.get() == id>{a.name}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
        .into_any()
    };
    view! { <Suspense fallback=|| ()>{picker}</Suspense> }
}

/// Each broken rule, in the viewer's language.
#[component]
pub fn Violations(#[prop(into)] list: Signal<Vec<Violation>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let list = list.get();
        (!list.is_empty()).then(|| {
            view! {
                <ul class="violations" role="alert">
                    {list.into_iter().map(|v| {
                        let code = v.code().map(|c| t_string!(i18n, prevents_code, code = c).to_string());
                        view! { <li class="error">{move || violation_message(i18n.get_locale(), &v)} " " {code}</li> }
                    }).collect_view()}
                </ul>
            }
        })
    }
}
