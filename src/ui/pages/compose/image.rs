//! An image element as an operator thinks of it: one URL, its size read
//! from the picture itself where the browser can load it, and everything
//! else (the UUID, the large and thumbnail variants) filled in and folded
//! under "More image details", still editable.
use super::fields::{element_field, element_path, Bound, Getter, Setter, Shape};
use super::state::Composer;
use crate::domain::push::field::{ElementField, ImagePart};
use crate::domain::push::image_fill::write_original;
use crate::domain::push::MsgElement;
use crate::i18n::*;
use crate::text::push::element_field_label;
use leptos::prelude::*;

/// The original variant's `part`, written with what follows it.
fn original(index: usize, part: ImagePart) -> (Getter, Setter) {
    element_field(index, ElementField::Image(0, part), move |e, typed| {
        write_original(e, part, typed)
    })
}

#[component]
pub fn ImageForm(c: Composer, index: usize) -> impl IntoView {
    let i18n = use_i18n();
    let read = move |field: ElementField| {
        c.draft.with(|d| {
            d.elements
                .get(index)
                .map(|e| field.read(e))
                .unwrap_or_default()
        })
    };
    let url = Memo::new(move |_| read(ElementField::Image(0, ImagePart::Url)));
    // The size last read from the picture: a value the operator typed over
    // it is theirs, and a new picture does not overwrite it.
    let measured = RwSignal::new(None::<(String, String)>);
    let on_load = move |width: u32, height: u32, bytes: Option<u64>| {
        let now = (
            read(ElementField::Image(0, ImagePart::Width)),
            read(ElementField::Image(0, ImagePart::Height)),
        );
        let untouched = now == ("0".to_string(), "0".to_string())
            || Some(&now) == measured.get_untracked().as_ref();
        if !untouched || width == 0 || height == 0 {
            return;
        }
        let (w, h) = (width.to_string(), height.to_string());
        c.draft.update(|d| {
            if let Some(e) = d.elements.get_mut(index) {
                write_original(e, ImagePart::Width, &w);
                write_original(e, ImagePart::Height, &h);
                if let Some(bytes) = bytes {
                    if ElementField::Image(0, ImagePart::Size).read(e).is_empty() {
                        write_original(e, ImagePart::Size, &bytes.to_string());
                    }
                }
            }
        });
        measured.set(Some((w, h)));
    };
    let label = move |key: fn(Locale) -> String| Signal::derive(move || key(i18n.get_locale()));
    let field_label = move |field: ElementField| {
        Signal::derive(move || element_field_label(i18n.get_locale(), field))
    };
    let id = move |field: ElementField| format!("el{index}-{}", field.id_part());
    let (get_url, set_url) = original(index, ImagePart::Url);
    let (get_w, set_w) = original(index, ImagePart::Width);
    let (get_h, set_h) = original(index, ImagePart::Height);
    let (get_s, set_s) = original(index, ImagePart::Size);
    let url_field = ElementField::Image(0, ImagePart::Url);
    let w_field = ElementField::Image(0, ImagePart::Width);
    let h_field = ElementField::Image(0, ImagePart::Height);
    let s_field = ElementField::Image(0, ImagePart::Size);
    let more = ElementField::of(crate::domain::draft::ElementKind::Image)
        .into_iter()
        .filter(|spec| !matches!(spec.field, ElementField::Image(0, _)))
        .map(|spec| {
            let field = spec.field;
            let (get, set) = element_field(index, field, move |e, typed| field.write(e, typed));
            view! {
                <Bound c id=id(spec.field) label=field_label(spec.field) path=element_path(index, spec.field) get set
                    shape=spec.field.shape() api_name=spec.field.path() />
            }
        })
        .collect_view();
    view! {
        <div class="image-form">
            <Bound c id=id(url_field) label=label(|l| td_string!(l, img_url).to_string()) path=element_path(index, url_field)
                get=get_url set=set_url api_name=url_field.path()
                hint=Signal::derive(move || t_string!(i18n, img_url_hint).to_string()) />
            {move || {
                let src = url.get();
                src.starts_with("http").then(|| view! { <ImageProbe src on_load /> })
            }}
            <div class="field-grid">
                <Bound c id=id(w_field) label=label(|l| td_string!(l, f_width_px).to_string()) path=element_path(index, w_field)
                    get=get_w set=set_w shape=Shape::Integer api_name=w_field.path() />
                <Bound c id=id(h_field) label=label(|l| td_string!(l, f_height_px).to_string()) path=element_path(index, h_field)
                    get=get_h set=set_h shape=Shape::Integer api_name=h_field.path() />
            </div>
            <p class="field-hint">{t!(i18n, img_size_hint)}</p>
            <details class="more">
                <summary>{t!(i18n, img_more)}</summary>
                <p class="field-hint">{t!(i18n, img_more_hint)}</p>
                <Bound c id=id(s_field) label=label(|l| format!("{} · {}", td_string!(l, f_size), td_string!(l, optional))) path=element_path(index, s_field)
                    get=get_s set=set_s shape=Shape::Integer api_name=s_field.path() />
                <ImageFormat c index />
                <div class="field-grid">{more}</div>
            </details>
        </div>
    }
}

/// The picture itself, small: the operator sees what they linked, and its
/// load tells the size.
#[component]
fn ImageProbe(
    src: String,
    on_load: impl Fn(u32, u32, Option<u64>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<leptos::html::Img>::new();
    let failed = RwSignal::new(false);
    let url = src.clone();
    view! {
        <img class="image-probe" node_ref=node src=src alt=move || t_string!(i18n, img_preview_alt).to_string()
            on:error=move |_| failed.set(true)
            on:load=move |_| {
                failed.set(false);
                if let Some(img) = node.get() {
                    on_load(img.natural_width(), img.natural_height(), transferred_bytes(&url));
                }
            } />
        {move || failed.get().then(|| view! { <p class="field-hint">{t!(i18n, img_not_loaded)}</p> })}
    }
}

/// The image's size in bytes, where the browser may tell it (same origin,
/// or a server that allows timing); None otherwise.
fn transferred_bytes(url: &str) -> Option<u64> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let entries = window().performance()?.get_entries_by_name(url);
        let entry = entries
            .iter()
            .filter_map(|e| e.dyn_into::<web_sys::PerformanceResourceTiming>().ok())
            .next_back()?;
        let bytes = entry.decoded_body_size() as u64;
        (bytes > 0).then_some(bytes)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = url;
        None
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
            <label for=id.clone()>{t!(i18n, f_format)} " " <span class="api-name" aria-hidden="true">"ImageFormat"</span></label>
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
