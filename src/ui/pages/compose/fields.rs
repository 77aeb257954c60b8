//! Inputs bound to one value of the draft, with the violations found at
//! that value's API path shown beside them as the operator types.
use super::state::Composer;
use crate::domain::draft::Draft;
pub use crate::domain::push::field::Shape;
use crate::i18n::*;
use leptos::prelude::*;
use std::sync::Arc;

pub type Getter = Arc<dyn Fn(&Draft) -> String + Send + Sync>;
pub type Setter = Arc<dyn Fn(&mut Draft, &str) + Send + Sync>;

fn problem_class(error: bool) -> &'static str {
    if error {
        "field-error"
    } else {
        "field-warning"
    }
}

/// The violations at `path`, each with the API error it prevents.
#[component]
pub fn Problems(c: Composer, #[prop(into)] path: Signal<String>, id: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div id=id class="problems" aria-live="polite">
            {move || c.at(i18n.get_locale(), &path.try_get().unwrap_or_default()).into_iter().map(|(text, code, error)| view! {
                <p class=problem_class(error)>
                    {text}
                    {code.map(|code| view! { " " <span class="api-code">{move || t_string!(i18n, prevents_code, code = code).to_string()}</span> })}
                </p>
            }).collect_view()}
        </div>
    }
}

/// A labelled input for one value of the draft.
#[component]
pub fn Bound(
    c: Composer,
    id: String,
    #[prop(into)] label: Signal<String>,
    /// The API path whose violations belong to this input.
    #[prop(into)]
    path: Signal<String>,
    get: Getter,
    set: Setter,
    #[prop(default = Shape::Text)] shape: Shape,
    #[prop(optional)] multiline: bool,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    /// The field's name in the API, shown small under the label.
    #[prop(optional)]
    api_name: Option<String>,
    /// Shows "n / max bytes" under the input.
    #[prop(optional)]
    max_bytes: Option<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = {
        let get = get.clone();
        Memo::new(move |_| c.draft.with(|d| get(d)))
    };
    let problems_id = format!("{id}-problems");
    // try_get: a row's path may be a signal of a row being removed.
    let has_error = move || {
        c.at(i18n.get_locale(), &path.try_get().unwrap_or_default())
            .iter()
            .any(|(_, _, error)| *error)
    };
    // Typing in a field, or leaving it, lets its "missing" problems show.
    let touch = move || c.touch(&path.try_get_untracked().unwrap_or_default());
    let on_input = move |typed: String| {
        touch();
        c.draft.update(|d| set(d, &typed));
    };
    let input_type = match shape {
        Shape::Text => "text",
        Shape::Integer | Shape::Decimal => "number",
    };
    let step = (shape == Shape::Decimal).then_some("any");
    // A textarea gets its text from the effect, not from a child: an empty
    // child renders as no text node at all, which hydration cannot match.
    let control = if multiline {
        let node = NodeRef::<leptos::html::Textarea>::new();
        Effect::new(move |_| {
            let v = value.get();
            if let Some(el) = node.get() {
                if el.value() != v {
                    el.set_value(&v);
                }
            }
        });
        view! {
            <textarea id=id.clone() node_ref=node rows="3" aria-invalid=move || has_error().to_string()
                aria-describedby=problems_id.clone() on:blur=move |_| touch()
                on:input=move |ev| on_input(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        let node = NodeRef::<leptos::html::Input>::new();
        Effect::new(move |_| {
            let v = value.get();
            if let Some(el) = node.get() {
                if shape.canon(&el.value()) != v {
                    el.set_value(&v);
                }
            }
        });
        view! {
            <input id=id.clone() node_ref=node type=input_type step=step value=value.get_untracked()
                aria-invalid=move || has_error().to_string() aria-describedby=problems_id.clone()
                on:blur=move |_| touch() on:input=move |ev| on_input(event_target_value(&ev)) />
        }
        .into_any()
    };
    view! {
        <div class="field">
            // The API's name beside the label, not in it: the field's name
            // for a screen reader stays the plain words.
            <div class="label-row">
                <label for=id.clone()>{move || label.try_get().unwrap_or_default()}</label>
                {api_name.filter(|n| !n.is_empty()).map(|n| view! { <span class="api-name" aria-hidden="true">{n}</span> })}
            </div>
            {control}
            {hint.map(|h| view! { <span class="field-hint">{move || h.try_get().unwrap_or_default()}</span> })}
            {max_bytes.map(|max| view! {
                <span class="field-hint byte-count" class:over=move || value.with(|v| v.len() > max)>
                    {move || t_string!(i18n, byte_count, n = value.with(|v| v.len()), max = max).to_string()}
                </span>
            })}
            <Problems c path id=problems_id.clone() />
        </div>
    }
}

/// A plain string of the draft, bound by two closures.
pub fn plain(
    get: impl Fn(&Draft) -> String + Send + Sync + 'static,
    set: impl Fn(&mut Draft, &str) + Send + Sync + 'static,
) -> (Getter, Setter) {
    (Arc::new(get), Arc::new(set))
}

/// A field of the message's element at `index`, read as the API has it
/// and written by `write` (the field itself, or with what follows it).
pub fn element_field(
    index: usize,
    field: crate::domain::push::field::ElementField,
    write: impl Fn(&mut crate::domain::push::MsgElement, &str) + Send + Sync + 'static,
) -> (Getter, Setter) {
    let get: Getter = Arc::new(move |d| {
        d.elements
            .get(index)
            .map(|e| field.read(e))
            .unwrap_or_default()
    });
    let set: Setter = Arc::new(move |d, typed| {
        if let Some(e) = d.elements.get_mut(index) {
            write(e, typed);
        }
    });
    (get, set)
}

/// The API path of that field: its violations are shown beside it.
pub fn element_path(index: usize, field: crate::domain::push::field::ElementField) -> String {
    format!("MsgBody[{index}].MsgContent.{}", field.path())
}
