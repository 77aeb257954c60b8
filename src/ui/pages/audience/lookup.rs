//! /audience: paste accounts, see their tags and attributes, and change
//! them: add or remove tags, remove all tags, set or remove attributes.
use super::{AppPicker, AudienceTabs, Violations};
use crate::api::audience::{change, lookup, ToolOutcome};
use crate::api::compose::attr_names;
use crate::domain::audience::UserRow;
use crate::domain::audience_change::{parse_accounts, split_tags, AudienceChange};
use crate::i18n::*;
use crate::text::api_error::api_error_message;
use crate::text::audience::tool_refusal_text as refusal_text;
use crate::ui::components::modal::Modal;
use crate::ui::components::page_title::PageTitle;
use leptos::prelude::*;
use std::collections::BTreeMap;

type Answer = Result<ToolOutcome<Vec<UserRow>>, crate::api::error::ApiError>;

#[derive(Clone, Copy)]
struct Lookup {
    app: RwSignal<String>,
    rows: RwSignal<Vec<UserRow>>,
    selected: RwSignal<Vec<String>>,
    change: Action<(Vec<String>, AudienceChange), Answer>,
}

#[component]
pub fn LookupPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<UserRow>::new());
    let selected = RwSignal::new(Vec::<String>::new());
    let parsed = Memo::new(move |_| text.with(|t| parse_accounts(t)));
    let find = Action::new(move |(app, text): &(String, String)| lookup(app.clone(), text.clone()));
    let apply = Action::new(move |(accounts, c): &(Vec<String>, AudienceChange)| {
        change(app.get_untracked(), accounts.clone(), c.clone())
    });
    let l = Lookup {
        app,
        rows,
        selected,
        change: apply,
    };
    let answer = RwSignal::new(None::<Answer>);
    Effect::new(move |_| {
        if let Some(a) = find.value().get() {
            if let Ok(ToolOutcome::Done(found)) = &a {
                selected.set(found.iter().map(|r| r.account.clone()).collect());
                rows.set(found.clone());
            }
            answer.set(Some(a));
        }
    });
    Effect::new(move |_| {
        if let Some(a) = apply.value().get() {
            if let Ok(ToolOutcome::Done(now)) = &a {
                rows.update(|rows| {
                    for row in rows.iter_mut() {
                        if let Some(n) = now.iter().find(|n| n.account == row.account) {
                            *row = n.clone();
                        }
                    }
                });
            }
            answer.set(Some(a));
        }
    });
    let busy = move || find.pending().get() || apply.pending().get();
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, audience_title), t_string!(i18n, app_name)) />
        <div class="page-head">
            <h1>{t!(i18n, audience_title)}</h1>
            <p class="lead">{t!(i18n, audience_intro)}</p>
        </div>
        <AudienceTabs />
        <section class="panel" aria-labelledby="lookup-heading">
            <h2 id="lookup-heading">{t!(i18n, lookup_heading)}</h2>
            <form class="stack" on:submit=move |ev| {
                ev.prevent_default();
                answer.set(None);
                find.dispatch((app.get_untracked(), text.get_untracked()));
            }>
                <AppPicker app />
                <div class="field">
                    <label for="lookup-accounts">{t!(i18n, lookup_accounts)}</label>
                    <textarea id="lookup-accounts" rows="4" aria-describedby="lookup-hint"
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    <p id="lookup-hint" class="field-hint">{move || t_string!(i18n, lookup_hint, count = parsed.with(|p| p.0.len())).to_string()}</p>
                </div>
                <Violations list=Signal::derive(move || parsed.with(|p| p.1.clone())) />
                <button class="btn btn-primary" type="submit"
                    disabled=move || busy() || parsed.with(|p| p.0.is_empty() || !p.1.is_empty())>
                    {t!(i18n, lookup_submit)}
                </button>
            </form>
        </section>
        <div aria-live="polite">
            {move || answer.get().map(|a| match a {
                Ok(ToolOutcome::Done(_)) => ().into_any(),
                Ok(ToolOutcome::Invalid(list)) => view! { <Violations list /> }.into_any(),
                Ok(ToolOutcome::Refused { code }) => view! { <p class="alert alert-danger" role="alert">{move || refusal_text(i18n.get_locale(), code)}</p> }.into_any(),
                Err(e) => view! { <p class="alert alert-danger" role="alert">{move || api_error_message(i18n.get_locale(), &e)}</p> }.into_any(),
            })}
            {move || busy().then(|| view! { <p class="muted" role="status">{t!(i18n, loading)}</p> })}
        </div>
        {move || (!rows.with(Vec::is_empty)).then(|| view! { <UsersTable l /> <Changes l /> })}
    }
}

#[component]
fn UsersTable(l: Lookup) -> impl IntoView {
    let i18n = use_i18n();
    let toggle = move |account: String, on: bool| {
        l.selected.update(|s| {
            s.retain(|a| *a != account);
            if on {
                s.push(account);
            }
        })
    };
    view! {
        <section class="panel" aria-labelledby="users-found">
            <h2 id="users-found">{move || t_string!(i18n, lookup_found, count = l.rows.with(Vec::len)).to_string()}</h2>
            <table class="table">
                <thead><tr>
                    <th scope="col">{t!(i18n, lookup_col_selected)}</th>
                    <th scope="col">{t!(i18n, lookup_col_account)}</th>
                    <th scope="col">{t!(i18n, lookup_col_tags)}</th>
                    <th scope="col">{t!(i18n, lookup_col_attrs)}</th>
                </tr></thead>
                <tbody>
                    <For each=move || l.rows.get() key=|r| (r.account.clone(), r.tags.clone(), r.attrs.clone()) let:row>
                        <UserLine row l toggle />
                    </For>
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn UserLine(
    row: UserRow,
    l: Lookup,
    toggle: impl Fn(String, bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = row.account.clone();
    let checked = {
        let a = account.clone();
        move || l.selected.with(|s| s.contains(&a))
    };
    let label = {
        let account = account.clone();
        move || t_string!(i18n, lookup_select_user, account = account.clone()).to_string()
    };
    let tags = row.tags.iter().map(|tag| {
        let (a, t) = (account.clone(), tag.clone());
        let remove = {
            let (a, t) = (a.clone(), t.clone());
            Signal::derive(move || t_string!(i18n, lookup_remove_tag, tag = t.clone(), account = a.clone()).to_string())
        };
        view! {
            <li class="chip">{tag.clone()}
                <button type="button" class="chip-x" aria-label=remove title=remove
                    on:click=move |_| { l.change.dispatch((vec![a.clone()], AudienceChange::RemoveTags(vec![t.clone()]))); }>"×"</button>
            </li>
        }
    }).collect_view();
    let attrs = row.attrs.iter().map(|(name, value)| {
        let (a, n) = (account.clone(), name.clone());
        let remove = {
            let (a, n) = (a.clone(), n.clone());
            Signal::derive(move || t_string!(i18n, lookup_remove_attr, name = n.clone(), account = a.clone()).to_string())
        };
        view! {
            <li class="chip">{format!("{name} = {value}")}
                <button type="button" class="chip-x" aria-label=remove title=remove
                    on:click=move |_| { l.change.dispatch((vec![a.clone()], AudienceChange::RemoveAttrs(vec![n.clone()]))); }>"×"</button>
            </li>
        }
    }).collect_view();
    let none = move || t_string!(i18n, none_dash).to_string();
    let (no_tags, no_attrs) = (row.tags.is_empty(), row.attrs.is_empty());
    let a = account.clone();
    view! {
        <tr>
            <td><input type="checkbox" aria-label=label prop:checked=checked
                on:change=move |ev| toggle(a.clone(), event_target_checked(&ev)) /></td>
            <th scope="row" class="mono">{account}</th>
            <td><ul class="chip-list">{tags}</ul>{no_tags.then(none)}</td>
            <td><ul class="chip-list">{attrs}</ul>{no_attrs.then(none)}</td>
        </tr>
    }
}

/// The changes that apply to the selected accounts.
#[component]
fn Changes(l: Lookup) -> impl IntoView {
    let i18n = use_i18n();
    let add = RwSignal::new(String::new());
    let remove = RwSignal::new(String::new());
    let attr = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let confirm_all = RwSignal::new(false);
    let names = Action::new(move |app: &String| attr_names(app.clone(), false));
    Effect::new(move |_| {
        let app = l.app.get();
        if !app.is_empty() {
            names.dispatch(app);
        }
    });
    let name_list = move || names.value().get().and_then(Result::ok).unwrap_or_default();
    let add_change = Memo::new(move |_| AudienceChange::AddTags(split_tags(&add.get())));
    let remove_change = Memo::new(move |_| AudienceChange::RemoveTags(split_tags(&remove.get())));
    let set_change = Memo::new(move |_| {
        AudienceChange::SetAttrs(BTreeMap::from([(
            attr.get(),
            value.get().trim().to_string(),
        )]))
    });
    let selected = move || l.selected.get();
    let none_selected = move || l.selected.with(Vec::is_empty);
    let busy = move || l.change.pending().get();
    let send = move |c: AudienceChange| {
        l.change.dispatch((selected(), c));
    };
    view! {
        <section class="panel" aria-labelledby="changes-heading">
            <h2 id="changes-heading">{t!(i18n, changes_heading)}</h2>
            <p class="muted">{move || t_string!(i18n, changes_apply_to, count = l.selected.with(Vec::len)).to_string()}</p>
            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); send(add_change.get()); add.set(String::new()); }>
                <div class="field">
                    <label for="tags-add">{t!(i18n, tags_to_add)}</label>
                    <input id="tags-add" prop:value=move || add.get() on:input=move |ev| add.set(event_target_value(&ev)) autocomplete="off" />
                </div>
                <button class="btn" type="submit" disabled=move || busy() || none_selected() || !add_change.get().check(None).is_empty()>{t!(i18n, tags_add_submit)}</button>
            </form>
            {move || (!add.get().trim().is_empty()).then(|| view! { <Violations list=add_change.get().check(None) /> })}
            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); send(remove_change.get()); remove.set(String::new()); }>
                <div class="field">
                    <label for="tags-remove">{t!(i18n, tags_to_remove)}</label>
                    <input id="tags-remove" prop:value=move || remove.get() on:input=move |ev| remove.set(event_target_value(&ev)) autocomplete="off" />
                </div>
                <button class="btn" type="submit" disabled=move || busy() || none_selected() || !remove_change.get().check(None).is_empty()>{t!(i18n, tags_remove_submit)}</button>
            </form>
            {move || (!remove.get().trim().is_empty()).then(|| view! { <Violations list=remove_change.get().check(None) /> })}
            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); send(set_change.get()); value.set(String::new()); }>
                <div class="field">
                    <label for="attr-set-name">{t!(i18n, attr_to_set)}</label>
                    <select id="attr-set-name" on:change=move |ev| attr.set(event_target_value(&ev))>
                        <option value="">{t!(i18n, attr_pick)}</option>
                        {move || name_list().into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="attr-set-value">{t!(i18n, attr_value_label)}</label>
                    <input id="attr-set-value" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) autocomplete="off" />
                </div>
                <button class="btn" type="submit" disabled=move || busy() || none_selected() || attr.get().is_empty() || !set_change.get().check(Some(&name_list())).is_empty()>{t!(i18n, attr_set_submit)}</button>
            </form>
            {move || (!value.get().is_empty()).then(|| view! { <Violations list=set_change.get().check(Some(&name_list())) /> })}
            <div class="inline-form">
                <button id="remove-all-button" class="btn btn-danger" type="button" disabled=move || busy() || none_selected() on:click=move |_| confirm_all.set(true)>{t!(i18n, tags_remove_all)}</button>
            </div>
            {move || confirm_all.get().then(|| view! {
                <Modal labelled_by="remove-all-text" return_to="remove-all-button" alert=true on_cancel=move || confirm_all.set(false)>
                    <p id="remove-all-text">{move || t_string!(i18n, tags_remove_all_confirm, count = l.selected.with(Vec::len)).to_string()}</p>
                    <div class="dialog-actions">
                        <button class="btn" type="button" on:click=move |_| confirm_all.set(false)>{t!(i18n, cancel)}</button>
                        <button class="btn btn-danger" type="button" on:click=move |_| { confirm_all.set(false); send(AudienceChange::RemoveAllTags); }>{t!(i18n, tags_remove_all_yes)}</button>
                    </div>
                </Modal>
            })}
        </section>
    }
}
