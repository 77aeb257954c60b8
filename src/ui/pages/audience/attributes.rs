//! /audience/attributes (admins): the app's ten attribute slots, named with
//! im_set_attr_name. The composer's picker sees a change at once.
use super::{AppPicker, AudienceTabs, Violations};
use crate::api::audience::{attr_slots, set_attr_slots, ToolOutcome};
use crate::domain::audience_change::check_attr_names;
use crate::domain::push::limits::ATTR_NAME_MAX_BYTES;
use crate::i18n::*;
use crate::text::api_error::api_error_message;
use crate::text::audience::tool_refusal_text as refusal_text;
use crate::ui::components::page_title::PageTitle;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn AttributesPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = RwSignal::new(String::new());
    // The names as the API has them, and as edited.
    let saved = RwSignal::new(None::<Vec<String>>);
    let slots = RwSignal::new(Vec::<String>::new());
    let load = Action::new(move |app: &String| attr_slots(app.clone()));
    let save = Action::new(move |(app, slots): &(String, Vec<String>)| {
        set_attr_slots(app.clone(), slots.clone())
    });
    Effect::new(move |_| {
        let app = app.get();
        if !app.is_empty() {
            load.dispatch(app);
        }
    });
    let take = move |answer: Option<Result<ToolOutcome<Vec<String>>, _>>| {
        if let Some(Ok(ToolOutcome::Done(list))) = answer {
            saved.set(Some(list.clone()));
            slots.set(list);
        }
    };
    Effect::new(move |_| take(load.value().get()));
    Effect::new(move |_| take(save.value().get()));
    let current = move || -> BTreeMap<String, String> {
        saved
            .get()
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .filter(|(_, n)| !n.is_empty())
            .map(|(i, n)| (i.to_string(), n))
            .collect()
    };
    let problems = Memo::new(move |_| check_attr_names(&slots.get(), &current()).1);
    let renamed = move || {
        let before = saved.get().unwrap_or_default();
        slots.with(|now| {
            before
                .iter()
                .zip(now)
                .filter(|(b, n)| !b.is_empty() && b.as_str() != n.trim())
                .map(|(b, _)| b.clone())
                .collect::<Vec<_>>()
        })
    };
    let changed = move || {
        saved
            .get()
            .is_some_and(|s| slots.with(|now| s.iter().zip(now).any(|(a, b)| a != b.trim())))
    };
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, attrs_title), t_string!(i18n, app_name)) />
        <div class="page-head">
            <h1>{t!(i18n, attrs_title)}</h1>
            <p class="lead">{t!(i18n, attrs_intro)}</p>
        </div>
        <AudienceTabs />
        <section class="panel" aria-labelledby="attrs-heading">
            <h2 id="attrs-heading">{t!(i18n, attrs_slots_heading)}</h2>
            <AppPicker app />
            {move || load.pending().get().then(|| view! { <p class="muted" role="status">{t!(i18n, loading)}</p> })}
            <form class="stack" on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch((app.get_untracked(), slots.get_untracked()));
            }>
                <div class="slot-grid">
                    {move || saved.get().is_some().then(|| (0..slots.with(Vec::len)).map(|i| {
                        let id = format!("attr-slot-{i}");
                        let bytes = move || slots.with(|s| s.get(i).map_or(0, |n| n.trim().len()));
                        let path = format!("AttrNames.{i}");
                        let bad = move || problems.with(|p| p.iter().any(|v| v.path == path));
                        view! {
                            <div class="field">
                                <label for=id.clone()>{t_string!(i18n, attr_slot_n, n = i).to_string()}</label>
                                <input id=id maxlength="80" autocomplete="off" aria-invalid=move || bad().to_string()
                                    prop:value=move || slots.with(|s| s.get(i).cloned().unwrap_or_default())
                                    on:input=move |ev| slots.update(|s| if let Some(v) = s.get_mut(i) { *v = event_target_value(&ev) }) />
                                <p class="field-hint" class:error={move || bytes() > ATTR_NAME_MAX_BYTES}>
                                    {move || t_string!(i18n, byte_count, n = bytes(), max = ATTR_NAME_MAX_BYTES).to_string()}
                                </p>
                            </div>
                        }
                    }).collect_view())}
                </div>
                <Violations list=Signal::derive(move || problems.get()) />
                {move || {
                    let renamed = renamed();
                    (!renamed.is_empty()).then(|| view! {
                        <p class="alert alert-warning" role="status">
                            {t_string!(i18n, attrs_rename_warning, names = renamed.join("”, “")).to_string()}
                        </p>
                    })
                }}
                <button class="btn btn-primary" type="submit"
                    disabled=move || save.pending().get() || !changed() || !problems.with(Vec::is_empty)>
                    {t!(i18n, attrs_save)}
                </button>
            </form>
            <div aria-live="polite">
                {move || load.value().get().or(save.value().get()).and_then(|a| match a {
                    Ok(ToolOutcome::Done(_)) => None,
                    Ok(ToolOutcome::Invalid(list)) => Some(view! { <Violations list /> }.into_any()),
                    Ok(ToolOutcome::Refused { code }) => Some(view! { <p class="alert alert-danger" role="alert">{move || refusal_text(i18n.get_locale(), code)}</p> }.into_any()),
                    Err(e) => Some(view! { <p class="alert alert-danger" role="alert">{move || api_error_message(i18n.get_locale(), &e)}</p> }.into_any()),
                })}
                {move || matches!(save.value().get(), Some(Ok(ToolOutcome::Done(_)))).then(|| view! {
                    <p class="alert alert-success" role="status">{t!(i18n, attrs_saved)}</p>
                })}
            </div>
        </section>
    }
}
