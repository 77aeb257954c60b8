//! What people will see: the offline notification on iOS and Android, and
//! the message in the app, drawn from the exact request as it is typed.
use crate::domain::draft::ElementKind;
use crate::domain::push::{ImPushRequest, MsgElement};
use crate::i18n::*;
use crate::text::push::element_kind_name as kind_name;
use leptos::prelude::*;

/// The notification's title and text as the phone shows them: the
/// platform's own fields first, then the shared ones, then the message's
/// first text (`ImPushRequest::first_text`, as the history lists it).
fn notification(r: &ImPushRequest, ios: bool) -> Option<(String, String, String)> {
    let info = r.offline_push_info.as_ref()?;
    if info.push_flag == Some(1) {
        return None;
    }
    let apns = info.apns_info.as_ref();
    let title = ios
        .then(|| apns.and_then(|a| a.title.clone()))
        .flatten()
        .or_else(|| info.title.clone())
        .unwrap_or_default();
    let subtitle = ios
        .then(|| apns.and_then(|a| a.sub_title.clone()))
        .flatten()
        .unwrap_or_default();
    let text = info.desc.clone().unwrap_or_else(|| r.first_text());
    Some((title, subtitle, text))
}

/// The previews of `request` as the composer types it, or as a waiting
/// push's page shows what would be sent.
#[component]
pub fn Preview(
    #[prop(into)] request: Signal<ImPushRequest>,
    #[prop(into)] app_name: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The bubbles are rebuilt only when elements are added, removed or
    // moved; typing changes the text of one bubble, which follows by itself.
    let kinds = Memo::new(move |_| {
        request.with(|r| r.msg_body.iter().map(ElementKind::of).collect::<Vec<_>>())
    });
    // Typing changes a text node of the notification, not its elements.
    let phone = move |ios: bool| {
        let shown = Memo::new(move |_| request.with(|r| notification(r, ios)));
        let visible = Memo::new(move |_| shown.with(Option::is_some));
        let part = move |pick: fn(&(String, String, String)) -> &String| {
            Memo::new(move |_| {
                shown.with(|s| s.as_ref().map(|s| pick(s).clone()).unwrap_or_default())
            })
        };
        let (title, subtitle, text) = (part(|s| &s.0), part(|s| &s.1), part(|s| &s.2));
        let has_title = Memo::new(move |_| title.with(|t| !t.is_empty()));
        let has_subtitle = Memo::new(move |_| subtitle.with(|t| !t.is_empty()));
        view! {
            <figure class=if ios { "phone phone-ios" } else { "phone phone-android" }>
                <figcaption>{if ios { "iOS" } else { "Android" }}</figcaption>
                {move || if visible.get() {
                    view! {
                        <div class="notif">
                            <div class="notif-app">{app_name}</div>
                            {move || has_title.get().then(|| view! { <div class="notif-title">{move || title.get()}</div> })}
                            {move || has_subtitle.get().then(|| view! { <div class="notif-subtitle">{move || subtitle.get()}</div> })}
                            <div class="notif-text">{move || text.get()}</div>
                        </div>
                    }.into_any()
                } else {
                    view! { <p class="muted">{t!(i18n, preview_no_notification)}</p> }.into_any()
                }}
            </figure>
        }
    };
    view! {
        <section class="panel preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">{t!(i18n, compose_preview)}</h2>
            <div class="phones">
                {phone(true)}
                {phone(false)}
                <figure class="phone phone-app">
                    <figcaption>{t!(i18n, preview_in_app)}</figcaption>
                    <div class="bubbles">
                        {move || kinds.get().into_iter().enumerate().map(|(index, kind)| view! { <Bubble request index kind /> }).collect_view()}
                    </div>
                </figure>
            </div>
        </section>
    }
}

#[component]
fn Bubble(request: Signal<ImPushRequest>, index: usize, kind: ElementKind) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || format!("[{}]", kind_name(i18n.get_locale(), kind));
    let body = Memo::new(move |_| {
        request.with(|r| r.msg_body.get(index).map(bubble_text).unwrap_or_default())
    });
    view! {
        <div class="bubble">
            {(kind != ElementKind::Text).then(|| view! { <span class="bubble-kind">{label}</span> " " })}
            <span>{move || body.get()}</span>
        </div>
    }
}

/// What the in-app bubble of an element says.
fn bubble_text(e: &MsgElement) -> String {
    match e {
        MsgElement::Text(t) => t.text.clone(),
        MsgElement::Location(l) => format!("{} ({}, {})", l.desc, l.latitude, l.longitude),
        MsgElement::Face(f) => format!("#{}", f.index),
        MsgElement::Custom(c) => c.desc.clone().unwrap_or_default(),
        MsgElement::Sound(s) => s.second.map(|s| format!("{s}″")).unwrap_or_default(),
        MsgElement::Image(_) => String::new(),
        MsgElement::File(f) => f.file_name.clone().unwrap_or_default(),
        MsgElement::Video(v) => v.video_second.map(|s| format!("{s}″")).unwrap_or_default(),
    }
}
