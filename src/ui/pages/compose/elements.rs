//! The message: a list of elements of the eight types, each with a form of
//! every field the API takes (download flags excepted: the product sets them).
use super::fields::{json_binding, Bound, Problems, Shape};
use super::state::Composer;
use crate::domain::draft::ElementKind;
use crate::domain::push::MsgElement;
use crate::i18n::*;
use leptos::prelude::*;

/// One input of an element's form: its API field (a JSON pointer into
/// MsgContent), how it is typed, and whether it may be left empty.
struct Spec {
    pointer: String,
    shape: Shape,
    optional: bool,
    multiline: bool,
}

fn text(pointer: &str, optional: bool) -> Spec {
    Spec {
        pointer: pointer.to_string(),
        shape: Shape::Text,
        optional,
        multiline: false,
    }
}

fn int(pointer: &str, optional: bool) -> Spec {
    Spec {
        pointer: pointer.to_string(),
        shape: Shape::Integer,
        optional,
        multiline: false,
    }
}

fn specs(kind: ElementKind) -> Vec<Spec> {
    let long = |pointer: &str| Spec {
        multiline: true,
        ..text(pointer, false)
    };
    let decimal = |pointer: &str| Spec {
        shape: Shape::Decimal,
        ..text(pointer, false)
    };
    match kind {
        ElementKind::Text => vec![long("/Text")],
        ElementKind::Location => vec![
            text("/Desc", false),
            decimal("/Latitude"),
            decimal("/Longitude"),
        ],
        ElementKind::Face => vec![int("/Index", false), text("/Data", true)],
        ElementKind::Custom => vec![
            Spec {
                optional: false,
                ..long("/Data")
            },
            text("/Desc", true),
            text("/Ext", true),
            text("/Sound", true),
        ],
        ElementKind::Sound => vec![
            text("/Url", false),
            text("/UUID", false),
            int("/Size", true),
            int("/Second", true),
        ],
        ElementKind::Image => {
            let mut all = vec![text("/UUID", false)];
            for i in ["0", "1", "2"] {
                let p = |f: &str| format!("/ImageInfoArray/{i}/{f}");
                all.push(text(&p("URL"), false));
                all.push(int(&p("Size"), true));
                all.push(int(&p("Width"), false));
                all.push(int(&p("Height"), false));
            }
            all
        }
        ElementKind::File => vec![
            text("/Url", false),
            text("/UUID", false),
            text("/FileName", true),
            int("/FileSize", true),
        ],
        ElementKind::Video => vec![
            text("/VideoUrl", false),
            text("/VideoUUID", false),
            int("/VideoSize", true),
            int("/VideoSecond", true),
            text("/VideoFormat", true),
            text("/ThumbUrl", false),
            text("/ThumbUUID", false),
            int("/ThumbSize", true),
            int("/ThumbWidth", false),
            int("/ThumbHeight", false),
            text("/ThumbFormat", true),
        ],
    }
}

pub fn kind_name(locale: Locale, kind: ElementKind) -> String {
    match kind {
        ElementKind::Text => td_string!(locale, el_text),
        ElementKind::Image => td_string!(locale, el_image),
        ElementKind::Custom => td_string!(locale, el_custom),
        ElementKind::Location => td_string!(locale, el_location),
        ElementKind::Face => td_string!(locale, el_face),
        ElementKind::Sound => td_string!(locale, el_sound),
        ElementKind::File => td_string!(locale, el_file),
        ElementKind::Video => td_string!(locale, el_video),
    }
    .to_string()
}

/// The operator's words for an API field, with the API's name after them.
fn field_label(locale: Locale, pointer: &str) -> String {
    let mut parts = pointer.trim_start_matches('/').split('/');
    let first = parts.next().unwrap_or_default();
    let (variant, field) = match (first, parts.next(), parts.next()) {
        ("ImageInfoArray", Some(i), Some(f)) => (Some(i), f),
        _ => (None, first),
    };
    let words = match field {
        "Text" => td_string!(locale, f_text),
        "Desc" => td_string!(locale, f_desc),
        "Latitude" => td_string!(locale, f_latitude),
        "Longitude" => td_string!(locale, f_longitude),
        "Index" => td_string!(locale, f_face_index),
        "Data" => td_string!(locale, f_data),
        "Ext" => td_string!(locale, f_ext),
        "Sound" => td_string!(locale, f_sound),
        "Url" | "URL" | "VideoUrl" | "ThumbUrl" => td_string!(locale, f_url),
        "UUID" | "VideoUUID" | "ThumbUUID" => td_string!(locale, f_uuid),
        "Size" | "FileSize" | "VideoSize" | "ThumbSize" => td_string!(locale, f_size),
        "Second" | "VideoSecond" => td_string!(locale, f_seconds),
        "Width" | "ThumbWidth" => td_string!(locale, f_width),
        "Height" | "ThumbHeight" => td_string!(locale, f_height),
        "FileName" => td_string!(locale, f_file_name),
        "VideoFormat" | "ThumbFormat" => td_string!(locale, f_format),
        _ => td_string!(locale, f_other),
    }
    .to_string();
    let group = match (
        variant,
        field.starts_with("Thumb"),
        field.starts_with("Video"),
    ) {
        (Some("0"), ..) => td_string!(locale, img_original).to_string(),
        (Some("1"), ..) => td_string!(locale, img_large).to_string(),
        (Some(_), ..) => td_string!(locale, img_thumb).to_string(),
        (None, true, _) => td_string!(locale, vid_thumb).to_string(),
        (None, _, true) => td_string!(locale, vid_video).to_string(),
        _ => String::new(),
    };
    let words = if group.is_empty() {
        words
    } else {
        format!("{group} · {words}")
    };
    format!("{words} ({field})")
}

/// Where validation reports a field: image variants share one path.
fn problem_path(index: usize, pointer: &str) -> String {
    let field = match pointer
        .trim_start_matches('/')
        .split('/')
        .collect::<Vec<_>>()[..]
    {
        ["ImageInfoArray", _, f] => format!("ImageInfoArray.{f}"),
        _ => pointer.trim_start_matches('/').to_string(),
    };
    format!("MsgBody[{index}].MsgContent.{field}")
}

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
    let fields = specs(kind)
        .into_iter()
        .map(|spec| {
            let (get, set) = json_binding(
                move |d| d.elements.get(index),
                move |d| d.elements.get_mut(index),
                format!("/MsgContent{}", spec.pointer),
                spec.shape,
                spec.optional,
            );
            let pointer = spec.pointer.clone();
            let id = format!(
                "el{index}-{}",
                pointer.trim_start_matches('/').replace('/', "-")
            );
            let path = problem_path(index, &pointer);
            let label = Signal::derive(move || {
                let base = field_label(i18n.get_locale(), &pointer);
                if spec.optional {
                    format!("{base} · {}", t_string!(i18n, optional))
                } else {
                    base
                }
            });
            view! {
                <Bound c id label path get set shape=spec.shape multiline=spec.multiline />
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
