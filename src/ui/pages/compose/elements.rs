//! The message: a list of elements of the eight types, each with a form of
//! every field the API takes (download flags excepted: the product sets them).
use super::fields::{element_field, element_path, Bound, Problems};
use super::state::Composer;
use crate::domain::draft::ElementKind;
use crate::domain::push::field::ElementField;
use crate::i18n::*;
use crate::text::push::{element_field_label, element_kind_name as kind_name};
use leptos::prelude::*;

#[component]
pub fn MessageSection(c: Composer) -> impl IntoView {
    let i18n = use_i18n();
    // Forms are rebuilt only when the list's shape changes (added, removed,
    // moved); typing changes values, which the inputs follow themselves.
    let kinds = Memo::new(move |_| {
        c.draft
            .with(|d| d.elements.iter().map(ElementKind::of).collect::<Vec<_>>())
    });
    view! {
        <section class="panel" aria-labelledby="message-heading">
            <h2 id="message-heading" tabindex="-1">{t!(i18n, compose_message)}</h2>
            <Problems c path="MsgBody" id="msgbody-problems".to_string() />
            <ol class="elements">
                {move || {
                    let kinds = kinds.get();
                    let count = kinds.len();
                    kinds.into_iter().enumerate().map(|(i, kind)| view! {
                        <ElementForm c index=i kind count />
                    }).collect_view()
                }}
            </ol>
            <div class="add-elements">
                <span class="add-label">{t!(i18n, add_element)}</span>
                {COMMON.into_iter().map(|kind| view! { <AddButton c kind /> }).collect_view()}
            </div>
            <details class="more">
                <summary>{t!(i18n, more_element_types)}</summary>
                <p class="field-hint">{t!(i18n, more_element_types_hint)}</p>
                <div class="add-elements">
                    {ElementKind::ALL.into_iter().filter(|k| !COMMON.contains(k)).map(|kind| view! { <AddButton c kind /> }).collect_view()}
                </div>
            </details>
        </section>
    }
}

/// The types most messages are made of; the others are under "More".
const COMMON: [ElementKind; 2] = [ElementKind::Text, ElementKind::Image];

#[component]
fn AddButton(c: Composer, kind: ElementKind) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="btn btn-small" on:click=move |_| {
            c.draft.update(|d| d.elements.push(kind.blank()));
            let n = c.draft.with_untracked(|d| d.elements.len());
            crate::ui::navigation::focus_by_id(&format!("element-{}-heading", n - 1));
        }>{move || t_string!(i18n, add_element_kind, kind = kind_name(i18n.get_locale(), kind)).to_string()}</button>
    }
}

#[component]
fn ElementForm(c: Composer, index: usize, kind: ElementKind, count: usize) -> impl IntoView {
    let i18n = use_i18n();
    let n = index + 1;
    let heading = move || format!("{n}. {}", kind_name(i18n.get_locale(), kind));
    let swap = move |other: usize| c.draft.update(|d| d.elements.swap(index, other));
    let fields = ElementField::of(kind)
        .into_iter()
        .filter(|_| kind != ElementKind::Image)
        .map(|spec| {
            let field = spec.field;
            let (get, set) = element_field(index, field, move |e, typed| field.write(e, typed));
            let id = format!("el{index}-{}", field.id_part());
            let path = element_path(index, field);
            let label = Signal::derive(move || {
                let base = element_field_label(i18n.get_locale(), field);
                if spec.optional {
                    format!("{base} · {}", t_string!(i18n, optional))
                } else {
                    base
                }
            });
            view! {
                <Bound c id label path get set shape=field.shape() multiline=spec.multiline api_name=field.path() />
            }
        })
        .collect_view();
    view! {
        <li class="element panel-inner">
            <div class="panel-head">
                <h3 id=format!("element-{index}-heading") tabindex="-1">{heading}</h3>
                <div class="row-actions">
                    <button type="button" class="btn btn-small" disabled=index == 0
                        aria-label=move || t_string!(i18n, move_up_n, n = n).to_string()
                        on:click=move |_| swap(index - 1)>"↑"</button>
                    <button type="button" class="btn btn-small" disabled=index + 1 == count
                        aria-label=move || t_string!(i18n, move_down_n, n = n).to_string()
                        on:click=move |_| swap(index + 1)>"↓"</button>
                    <button type="button" class="btn btn-small"
                        aria-label=move || t_string!(i18n, remove_element_n, n = n).to_string()
                        on:click=move |_| c.draft.update(|d| { d.elements.remove(index); })>{t!(i18n, remove)}</button>
                </div>
            </div>
            {(kind == ElementKind::Image).then(|| view! { <super::image::ImageForm c index /> })}
            <div class="field-grid">{fields}</div>
        </li>
    }
}
