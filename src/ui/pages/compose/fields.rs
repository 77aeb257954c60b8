//! Inputs bound to one value of the draft, with the violations found at
//! that value's API path shown beside them as the operator types.
use super::state::Composer;
use crate::domain::draft::Draft;
use crate::i18n::*;
use leptos::prelude::*;
use std::sync::Arc;

pub type Getter = Arc<dyn Fn(&Draft) -> String + Send + Sync>;
pub type Setter = Arc<dyn Fn(&mut Draft, &str) + Send + Sync>;

/// How typed text becomes a value; inputs are only rewritten when the
/// draft's value differs from what is typed, so typing is never disturbed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Text,
    /// An integer; empty is allowed where the field is optional.
    Integer,
    Decimal,
}

impl Shape {
    fn canon(self, typed: &str) -> String {
        match self {
            Shape::Text => typed.to_string(),
            Shape::Integer => typed
                .trim()
                .parse::<i64>()
                .map(|n| n.to_string())
                .unwrap_or_default(),
            Shape::Decimal => typed
                .trim()
                .parse::<f64>()
                .map(|n| n.to_string())
                .unwrap_or_default(),
        }
    }
}

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
    let on_input = move |typed: String| c.draft.update(|d| set(d, &typed));
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
                aria-describedby=problems_id.clone()
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
                on:input=move |ev| on_input(event_target_value(&ev)) />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || label.try_get().unwrap_or_default()}</label>
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

/// Reads and writes a field of a JSON-shaped part of the draft by its API
/// name, so one binding serves every element and notification field.
pub fn json_binding<T>(
    part: impl Fn(&Draft) -> Option<&T> + Send + Sync + 'static,
    part_mut: impl Fn(&mut Draft) -> Option<&mut T> + Send + Sync + 'static,
    pointer: String,
    shape: Shape,
    optional: bool,
) -> (Getter, Setter)
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let read_at = pointer.clone();
    let get: Getter = Arc::new(move |d| {
        let Some(value) = part(d).and_then(|p| serde_json::to_value(p).ok()) else {
            return String::new();
        };
        match value.pointer(&read_at) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    });
    let set: Setter = Arc::new(move |d, typed| {
        let Some(target) = part_mut(d) else { return };
        let Ok(mut value) = serde_json::to_value(&*target) else {
            return;
        };
        let new = match shape {
            _ if typed.trim().is_empty() && optional => None,
            Shape::Text => Some(serde_json::Value::String(typed.to_string())),
            Shape::Integer => Some(typed.trim().parse::<i64>().unwrap_or(0).into()),
            Shape::Decimal => Some(typed.trim().parse::<f64>().unwrap_or(0.0).into()),
        };
        put(&mut value, &pointer, new);
        if let Ok(updated) = serde_json::from_value(value) {
            *target = updated;
        }
    });
    (get, set)
}

/// Sets (or with None removes) the value at a JSON pointer, creating the
/// objects on the way; array items must exist already.
fn put(root: &mut serde_json::Value, pointer: &str, new: Option<serde_json::Value>) {
    use serde_json::Value;
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    let Some((last, path)) = parts.split_last() else {
        return;
    };
    let mut at = root;
    for part in path {
        at = match at {
            Value::Array(items) => {
                match part.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                    Some(item) => item,
                    None => return,
                }
            }
            other => {
                if !other.is_object() {
                    *other = Value::Object(Default::default());
                }
                let Value::Object(map) = other else { return };
                map.entry(part.to_string())
                    .or_insert_with(|| Value::Object(Default::default()))
            }
        };
    }
    if let Value::Object(map) = at {
        match new {
            Some(v) => map.insert(last.to_string(), v),
            None => map.remove(*last),
        };
    }
}

/// A plain string of the draft, bound by two closures.
pub fn plain(
    get: impl Fn(&Draft) -> String + Send + Sync + 'static,
    set: impl Fn(&mut Draft, &str) + Send + Sync + 'static,
) -> (Getter, Setter) {
    (Arc::new(get), Arc::new(set))
}
