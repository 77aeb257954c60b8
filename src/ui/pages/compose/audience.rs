//! Whom the push reaches: everyone, users with tags, or users with
//! attributes, with the sentence and the exact Condition always in view.
use super::fields::{plain, Bound, Problems};
use super::state::Composer;
use crate::api::compose::attr_names;
use crate::domain::draft::{AttrRow, Audience, AudienceKind, Draft};
use crate::domain::push::limits::{ATTR_VALUE_MAX_BYTES, TAGS_PER_LIST_MAX, TAG_MAX_BYTES};
use crate::i18n::*;
use crate::text::api_error::api_error_message;
use crate::text::audience::describe_audience;
use crate::ui::components::modal::Modal;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    All,
    Any,
}

impl Side {
    fn tags(self, a: &Audience) -> &Vec<String> {
        match self {
            Side::All => &a.tags_all,
            Side::Any => &a.tags_any,
        }
    }

    fn tags_mut(self, a: &mut Audience) -> &mut Vec<String> {
        match self {
            Side::All => &mut a.tags_all,
            Side::Any => &mut a.tags_any,
        }
    }

    fn attrs(self, a: &Audience) -> &Vec<AttrRow> {
        match self {
            Side::All => &a.attrs_all,
            Side::Any => &a.attrs_any,
        }
    }

    fn attrs_mut(self, a: &mut Audience) -> &mut Vec<AttrRow> {
        match self {
            Side::All => &mut a.attrs_all,
            Side::Any => &mut a.attrs_any,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Side::All => "all",
            Side::Any => "any",
        }
    }

    fn api_tags(self) -> &'static str {
        match self {
            Side::All => "TagsAnd",
            Side::Any => "TagsOr",
        }
    }

    fn api_attrs(self) -> &'static str {
        match self {
            Side::All => "AttrsAnd",
            Side::Any => "AttrsOr",
        }
    }
}

#[component]
pub fn AudienceSection(c: Composer) -> impl IntoView {
    let i18n = use_i18n();
    let kind = Memo::new(move |_| c.draft.with(|d| d.audience.kind));
    // A switch that would clear entries waits for the operator's yes.
    let pending = RwSignal::new(None::<(AudienceKind, usize)>);
    let choose = move |k: AudienceKind| {
        let cleared = c
            .draft
            .with_untracked(|d| d.audience.cleared_by_switch_to(k));
        if k == kind.get_untracked() {
            return;
        }
        if cleared == 0 {
            c.draft.update(|d| d.audience.switch_to(k));
        } else {
            pending.set(Some((k, cleared)));
        }
    };
    // Typing a message does not change the audience: its words follow the
    // condition only.
    let condition = Memo::new(move |_| c.request.with(|r| r.condition.clone()));
    let sentence =
        move || condition.with(|cond| describe_audience(i18n.get_locale(), cond.as_ref()));
    let condition_json = move || {
        condition.with(|cond| match cond {
            Some(cond) => serde_json::to_string_pretty(cond).unwrap_or_default(),
            None => t_string!(i18n, condition_none).to_string(),
        })
    };
    view! {
        <section class="panel" aria-labelledby="audience-heading">
            <h2 id="audience-heading" tabindex="-1">{t!(i18n, compose_audience)}</h2>
            <fieldset class="choice">
                <legend>{t!(i18n, audience_kind)}</legend>
                {AudienceKind::ALL.into_iter().map(|k| view! {
                    <label class="radio">
                        <input type="radio" name="audience-kind" value=k.as_str() id=format!("audience-kind-{}", k.as_str())
                            prop:checked=move || kind.get() == k on:change=move |_| choose(k) />
                        {move || match k {
                            AudienceKind::Everyone => t_string!(i18n, audience_everyone),
                            AudienceKind::Tags => t_string!(i18n, audience_tags),
                            AudienceKind::Attrs => t_string!(i18n, audience_attrs),
                        }}
                    </label>
                }).collect_view()}
            </fieldset>
            {move || pending.get().map(|(k, n)| view! {
                <Modal labelled_by="switch-text" return_to=format!("audience-kind-{}", k.as_str()) alert=true on_cancel=move || pending.set(None)>
                    <p id="switch-text">{move || match k {
                        AudienceKind::Attrs => t_string!(i18n, switch_clears_tags, n = n).to_string(),
                        AudienceKind::Tags => t_string!(i18n, switch_clears_attrs, n = n).to_string(),
                        AudienceKind::Everyone => t_string!(i18n, switch_clears_all, n = n).to_string(),
                    }}</p>
                    <div class="dialog-actions">
                        <button type="button" class="btn" on:click=move |_| pending.set(None)>{t!(i18n, cancel)}</button>
                        <button type="button" class="btn btn-primary" on:click=move |_| {
                            c.draft.update(|d| d.audience.switch_to(k));
                            pending.set(None);
                        }>{t!(i18n, switch_confirm)}</button>
                    </div>
                </Modal>
            })}
            {move || match kind.get() {
                AudienceKind::Everyone => view! { <p class="muted">{t!(i18n, audience_everyone_note)}</p> }.into_any(),
                AudienceKind::Tags => view! {
                    <div class="two-cols">
                        <TagList c side=Side::All />
                        <TagList c side=Side::Any />
                    </div>
                }.into_any(),
                AudienceKind::Attrs => view! { <AttrEditor c /> }.into_any(),
            }}
            <Problems c path="Condition" id="condition-problems".to_string() />
            <div class="audience-summary">
                <p><strong>{t!(i18n, audience_reaches)}</strong>" " <span data-testid="audience-sentence">{sentence}</span></p>
                <details>
                    <summary>{t!(i18n, condition_json)}</summary>
                    <pre class="code" tabindex="0" data-testid="condition-json">{condition_json}</pre>
                </details>
            </div>
        </section>
    }
}

#[component]
fn TagList(c: Composer, side: Side) -> impl IntoView {
    let i18n = use_i18n();
    let count = Memo::new(move |_| c.draft.with(|d| side.tags(&d.audience).len()));
    let list_path = format!("Condition.{}", side.api_tags());
    let add = move |_| {
        c.draft
            .update(|d| side.tags_mut(&mut d.audience).push(String::new()));
        crate::ui::navigation::focus_by_id(&format!(
            "tag-{}-{}",
            side.key(),
            count.get_untracked() - 1
        ));
    };
    view! {
        <fieldset class="chips">
            <legend>{move || match side {
                Side::All => t_string!(i18n, tags_all_legend),
                Side::Any => t_string!(i18n, tags_any_legend),
            }} " " <span class="api-name" aria-hidden="true">{side.api_tags()}</span></legend>
            {move || (0..count.get()).map(|i| {
                let n = i + 1;
                let label = Signal::derive(move || match side {
                    Side::All => t_string!(i18n, tag_all_n, n = n).to_string(),
                    Side::Any => t_string!(i18n, tag_any_n, n = n).to_string(),
                });
                let (get, set) = plain(
                    move |d: &Draft| side.tags(&d.audience).get(i).cloned().unwrap_or_default(),
                    move |d: &mut Draft, v: &str| if let Some(t) = side.tags_mut(&mut d.audience).get_mut(i) { *t = v.to_string() },
                );
                view! {
                    <div class="chip-row">
                        <Bound c id=format!("tag-{}-{i}", side.key()) label path=format!("Condition.{}[{i}]", side.api_tags())
                            get set max_bytes=TAG_MAX_BYTES />
                        <button type="button" class="btn btn-small"
                            aria-label=move || t_string!(i18n, remove_tag_n, n = n).to_string()
                            on:click=move |_| c.draft.update(|d| { side.tags_mut(&mut d.audience).remove(i); })>"×"</button>
                    </div>
                }
            }).collect_view()}
            <button type="button" class="btn btn-small" on:click=add
                disabled={move || count.get() >= TAGS_PER_LIST_MAX}>
                {move || match side {
                    Side::All => t_string!(i18n, add_tag_all),
                    Side::Any => t_string!(i18n, add_tag_any),
                }}
            </button>
            <span class="field-hint">{move || t_string!(i18n, tags_limit, n = count.get(), max = TAGS_PER_LIST_MAX).to_string()}</span>
            <Problems c path=list_path id=format!("tags-{}-problems", side.key()) />
        </fieldset>
    }
}

#[component]
fn AttrEditor(c: Composer) -> impl IntoView {
    let i18n = use_i18n();
    let app_id = Memo::new(move |_| c.draft.with(|d| d.app_id.clone()));
    let refresh = RwSignal::new(0u32);
    // Read in the browser (an effect never runs on the server), so the
    // server's HTML and the hydrated page agree.
    let names =
        Action::new(move |(app, refresh): &(String, bool)| attr_names(app.clone(), *refresh));
    Effect::new(move |_| {
        names.dispatch((app_id.get(), refresh.get() > 0));
    });
    Effect::new(move |_| {
        if let Some(Ok(list)) = names.value().get() {
            c.attr_names.set(Some(list));
        }
    });
    view! {
        <div class="attr-editor">
            <div class="inline-form">
                <p class="muted">{t!(i18n, attr_names_note)}</p>
                <button type="button" class="btn btn-small" on:click=move |_| refresh.update(|n| *n += 1)>
                    {t!(i18n, attr_names_refresh)}
                </button>
            </div>
            {move || names.pending().get().then(|| view! { <p class="muted">{t!(i18n, loading)}</p> })}
            {move || names.value().get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p class="alert alert-warning">{t!(i18n, attr_names_none)}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="two-cols">
                            <AttrList c side=Side::All names=list.clone() />
                            <AttrList c side=Side::Any names=list />
                        </div>
                    }.into_any(),
                    Err(e) => view! { <p class="alert alert-danger" role="alert">{move || api_error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                })}
        </div>
    }
}

#[component]
fn AttrList(c: Composer, side: Side, names: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let names = StoredValue::new(names);
    let count = Memo::new(move |_| c.draft.with(|d| side.attrs(&d.audience).len()));
    view! {
        <fieldset class="chips">
            <legend>{move || match side {
                Side::All => t_string!(i18n, attrs_all_legend),
                Side::Any => t_string!(i18n, attrs_any_legend),
            }} " " <span class="api-name" aria-hidden="true">{side.api_attrs()}</span></legend>
            {move || (0..count.get()).map(|i| {
                let n = i + 1;
                let name = Memo::new(move |_| c.draft.with(|d| side.attrs(&d.audience).get(i).map(|r| r.name.clone()).unwrap_or_default()));
                let name_now = move || name.try_get().unwrap_or_default();
                let select_id = format!("attr-{}-{i}-name", side.key());
                let (get, set) = plain(
                    move |d: &Draft| side.attrs(&d.audience).get(i).map(|r| r.value.clone()).unwrap_or_default(),
                    move |d: &mut Draft, v: &str| if let Some(r) = side.attrs_mut(&mut d.audience).get_mut(i) { r.value = v.to_string() },
                );
                let value_label = Signal::derive(move || t_string!(i18n, attr_value_n, n = n).to_string());
                let path = Signal::derive(move || format!("Condition.{}.{}", side.api_attrs(), name_now()));
                view! {
                    <div class="attr-row">
                        <div class="field">
                            <label for=select_id.clone()>{move || t_string!(i18n, attr_name_n, n = n).to_string()}</label>
                            <select id=select_id on:change=move |ev| {
                                let v = event_target_value(&ev);
                                c.draft.update(|d| if let Some(r) = side.attrs_mut(&mut d.audience).get_mut(i) { r.name = v });
                            }>
                                <option value="" selected=move || name_now().is_empty()>{t!(i18n, attr_pick)}</option>
                                {names.get_value().into_iter().map(|n| {
                                    let (v, value) = (n.clone(), n.clone());
                                    view! { <option value=value selected=move || name_now() == v>{n}</option> }
                                }).collect_view()}
                            </select>
                            <Problems c path=format!("Condition.{}[{i}]", side.api_attrs()) id=format!("attr-{}-{i}-name-problems", side.key()) />
                        </div>
                        <Bound c id=format!("attr-{}-{i}-value", side.key()) label=value_label path get set max_bytes=ATTR_VALUE_MAX_BYTES />
                        <button type="button" class="btn btn-small"
                            aria-label=move || t_string!(i18n, remove_attr_n, n = n).to_string()
                            on:click=move |_| c.draft.update(|d| { side.attrs_mut(&mut d.audience).remove(i); })>"×"</button>
                    </div>
                }
            }).collect_view()}
            <button type="button" class="btn btn-small" on:click=move |_| c.draft.update(|d| side.attrs_mut(&mut d.audience).push(AttrRow::default()))>
                {move || match side {
                    Side::All => t_string!(i18n, add_attr_all),
                    Side::Any => t_string!(i18n, add_attr_any),
                }}
            </button>
            <Problems c path=format!("Condition.{}", side.api_attrs()) id=format!("attrs-{}-problems", side.key()) />
        </fieldset>
    }
}
