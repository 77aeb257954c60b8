//! The message: a list of elements of the eight types, each with a form of
//! every field the API takes (download flags excepted: the product sets them).
use super::fields::{Bound, Getter, Problems, Setter};
use super::state::Composer;
use crate::domain::draft::ElementKind;
use crate::domain::push::field::ElementField;
use crate::domain::push::MsgElement;
use crate::i18n::*;
use crate::text::push::{element_field_label, element_kind_name as kind_name};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn MessageSection(c: Composer) -> impl IntoView {
    let i18n = use_i18n();
    // Forms are rebuilt only when the list's shape changes (added, removed,
    // moved); typing changes values, which the inputs follow themselves.
    let kinds = Memo::new(move |_| {
        c.draft
            .with(|d| d.elements.iter().map(ElementKind::of).collect::<Vec<_>>())
    });
    let to_add = RwSignal::new(ElementKind::Text);
    view! {
        <section class="panel" aria-labelledby="message-heading">
            <h2 id="message-heading">{t!(i18n, compose_message)}</h2>
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
            <div class="inline-form">
                <div class="field">
                    <label for="add-element-kind">{t!(i18n, element_type)}</label>
                    <select id="add-element-kind" on:change=move |ev| {
                        let picked = event_target_value(&ev);
                        if let Some(k) = ElementKind::ALL.into_iter().find(|k| format!("{k:?}") == picked) {
                            to_add.set(k);
                        }
                    }>
                        {ElementKind::ALL.into_iter().map(|k| view! {
                            <option value=format!("{k:?}") selected=move || to_add.get() == k>{move || kind_name(i18n.get_locale(), k)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="button" class="btn" on:click=move |_| {
                    let kind = to_add.get_untracked();
                    c.draft.update(|d| d.elements.push(kind.blank()));
                }>{t!(i18n, add_element)}</button>
            </div>
        </section>
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
        .map(|spec| {
            let field = spec.field;
            let get: Getter = Arc::new(move |d| {
                d.elements
                    .get(index)
                    .map(|e| field.read(e))
                    .unwrap_or_default()
            });
            let set: Setter = Arc::new(move |d, typed| {
                if let Some(e) = d.elements.get_mut(index) {
                    field.write(e, typed);
                }
            });
            let id = format!("el{index}-{}", field.id_part());
            let path = format!("MsgBody[{index}].MsgContent.{}", field.path());
            let label = Signal::derive(move || {
                let base = element_field_label(i18n.get_locale(), field);
                if spec.optional {
                    format!("{base} · {}", t_string!(i18n, optional))
                } else {
                    base
                }
            });
            view! {
                <Bound c id label path get set shape=field.shape() multiline=spec.multiline />
            }
        })
        .collect_view();
    view! {
        <li class="element panel-inner">
            <div class="panel-head">
                <h3>{heading}</h3>
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
            {(kind == ElementKind::Image).then(|| view! { <ImageFormat c index /> })}
            <div class="field-grid">{fields}</div>
        </li>
    }
}

/// ImageFormat is a choice among the API's five values.
#[component]
fn ImageFormat(c: Composer, index: usize) -> impl IntoView {
    let i18n = use_i18n();
    let current = move || {
        c.draft.with(|d| match d.elements.get(index) {
            Some(MsgElement::Image(e)) => e.image_format,
            _ => 255,
        })
    };
    let id = format!("el{index}-ImageFormat");
    view! {
        <div class="field">
            <label for=id.clone()>{move || format!("{} (ImageFormat)", t_string!(i18n, f_format))}</label>
            <select id=id on:change=move |ev| {
                let v: i64 = event_target_value(&ev).parse().unwrap_or(255);
                c.draft.update(|d| if let Some(MsgElement::Image(e)) = d.elements.get_mut(index) { e.image_format = v });
            }>
                {[(1, "JPG"), (2, "GIF"), (3, "PNG"), (4, "BMP"), (255, "…")].into_iter().map(|(v, name)| view! {
                    <option value=v.to_string() selected=move || current() == v>
                        {move || if v == 255 { t_string!(i18n, format_other).to_string() } else { name.to_string() }}
                    </option>
                }).collect_view()}
            </select>
        </div>
    }
}
