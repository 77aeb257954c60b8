//! Delivery (how long the message waits for offline users, who sends it)
//! and the offline notification (OfflinePushInfo) with its iOS and Android
//! options.
use super::fields::{plain, Bound, Getter, Setter, Shape};
use super::state::Composer;
use crate::domain::draft::{Draft, LIFE_PRESETS};
use crate::domain::push::{AndroidInfo, ApnsInfo, OfflinePushInfo};
use crate::i18n::*;
use crate::text::push::life_words;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn DeliverySection(c: Composer) -> impl IntoView {
    let i18n = use_i18n();
    let life = Memo::new(move |_| c.draft.with(|d| d.life_time));
    // Custom once picked, and whenever the value is none of the presets
    // (an opened draft, a duplicated push).
    let picked_custom = RwSignal::new(false);
    let custom = Signal::derive(move || picked_custom.get() || !LIFE_PRESETS.contains(&life.get()));
    let (get_life, set_life) = plain(
        |d: &Draft| d.life_time.to_string(),
        |d: &mut Draft, v: &str| d.life_time = v.trim().parse().unwrap_or(0),
    );
    let (get_from, set_from) = plain(
        |d: &Draft| d.from_account.clone(),
        |d: &mut Draft, v: &str| d.from_account = v.trim().to_string(),
    );
    let admin = move || c.app().map(|a| a.admin).unwrap_or_default();
    view! {
        <section class="panel" aria-labelledby="delivery-heading">
            <h2 id="delivery-heading">{t!(i18n, compose_delivery)}</h2>
            <fieldset class="choice">
                <legend>{t!(i18n, life_legend)} " " <span class="api-name" aria-hidden="true">"MsgLifeTime"</span></legend>
                {LIFE_PRESETS.into_iter().map(|secs| view! {
                    <label class="radio">
                        <input type="radio" name="life-time" value=secs.to_string()
                            prop:checked=move || !custom.get() && life.get() == secs
                            on:change=move |_| { picked_custom.set(false); c.draft.update(|d| d.life_time = secs); } />
                        {move || life_words(i18n.get_locale(), secs)}
                    </label>
                }).collect_view()}
                <label class="radio">
                    <input type="radio" name="life-time" value="custom" prop:checked=move || custom.get()
                        on:change=move |_| picked_custom.set(true) />
                    {t!(i18n, life_custom)}
                </label>
            </fieldset>
            {move || custom.get().then(|| view! {
                <Bound c id="life-custom".to_string() label=Signal::derive(move || t_string!(i18n, life_custom_secs).to_string())
                    path="MsgLifeTime" get=get_life.clone() set=set_life.clone() shape=Shape::Integer api_name="MsgLifeTime".to_string() />
            })}
            <p class="field-hint">{move || life_explained(i18n.get_locale(), life.get())}</p>
            <Bound c id="from-account".to_string() label=Signal::derive(move || t_string!(i18n, from_label).to_string())
                path="From_Account" get=get_from set=set_from api_name="From_Account".to_string()
                hint=Signal::derive(move || t_string!(i18n, from_hint, admin = admin()).to_string()) />
        </section>
    }
}

fn life_explained(locale: Locale, secs: i64) -> String {
    if secs == 0 {
        td_string!(locale, life_explain_online).to_string()
    } else {
        td_string!(locale, life_explain_kept, time = life_words(locale, secs)).to_string()
    }
}

/// An optional text of the notification, bound by typed accessors; left
/// empty, it is absent from the request.
fn text_at(
    read: fn(&OfflinePushInfo) -> Option<&String>,
    write: fn(&mut OfflinePushInfo) -> &mut Option<String>,
) -> (Getter, Setter) {
    let get: Getter = Arc::new(move |d| read(&d.offline).cloned().unwrap_or_default());
    let set: Setter = Arc::new(move |d, typed| {
        *write(&mut d.offline) = (!typed.trim().is_empty()).then(|| typed.to_string());
    });
    (get, set)
}

/// An optional integer of the notification.
fn int_at(
    read: fn(&OfflinePushInfo) -> Option<i64>,
    write: fn(&mut OfflinePushInfo) -> &mut Option<i64>,
) -> (Getter, Setter) {
    let get: Getter =
        Arc::new(move |d| read(&d.offline).map(|n| n.to_string()).unwrap_or_default());
    let set: Setter = Arc::new(move |d, typed| {
        *write(&mut d.offline) =
            (!typed.trim().is_empty()).then(|| typed.trim().parse().unwrap_or(0));
    });
    (get, set)
}

fn apns(o: &mut OfflinePushInfo) -> &mut ApnsInfo {
    o.apns_info.get_or_insert_with(Default::default)
}

fn android(o: &mut OfflinePushInfo) -> &mut AndroidInfo {
    o.android_info.get_or_insert_with(Default::default)
}

#[component]
pub fn NotificationSection(c: Composer) -> impl IntoView {
    let i18n = use_i18n();
    let on = Memo::new(move |_| c.draft.with(|d| d.offline_on));
    let field = move |id: &str, label: Signal<String>, (get, set): (Getter, Setter), path: &str| {
        let api_name = path.strip_prefix("OfflinePushInfo.").map(str::to_string);
        view! { <Bound c id=id.to_string() label path=path.to_string() get set api_name=api_name.unwrap_or_default() /> }
    };
    let int_field = move |id: &str,
                          label: Signal<String>,
                          (get, set): (Getter, Setter),
                          path: &str| {
        view! { <Bound c id=id.to_string() label path=path.to_string() get set shape=Shape::Integer /> }
    };
    macro_rules! tr {
        ($key:ident) => {
            Signal::derive(move || t_string!(i18n, $key).to_string())
        };
    }
    let (get_ext, set_ext) = text_at(|o| o.ext.as_ref(), |o| &mut o.ext);
    view! {
        <section class="panel" aria-labelledby="notification-heading">
            <h2 id="notification-heading" tabindex="-1">{t!(i18n, compose_notification)}</h2>
            <label class="check">
                <input type="checkbox" id="offline-on" prop:checked=move || on.get()
                    on:change=move |ev| { let v = event_target_checked(&ev); c.draft.update(|d| d.offline_on = v); } />
                {t!(i18n, offline_on_label)} " " <span class="api-name" aria-hidden="true">"PushFlag"</span>
            </label>
            <p class="field-hint">{t!(i18n, offline_on_hint)}</p>
            <div class="notification-fields" hidden=move || !on.get()>
                {field("offline-title", tr!(n_title), text_at(|o| o.title.as_ref(), |o| &mut o.title), "OfflinePushInfo.Title")}
                {field("offline-desc", tr!(n_desc), text_at(|o| o.desc.as_ref(), |o| &mut o.desc), "OfflinePushInfo.Desc")}
                <details class="more">
                <summary>{t!(i18n, n_more)}</summary>
                <Bound c id="offline-ext".to_string() label=tr!(n_ext) path="OfflinePushInfo.Ext" get=get_ext set=set_ext
                    multiline=true hint=tr!(n_ext_hint) api_name="Ext".to_string() />
                <fieldset class="sub">
                    <legend>"iOS " <span class="api-name" aria-hidden="true">"ApnsInfo"</span></legend>
                    {field("apns-title", tr!(n_ios_title), text_at(|o| o.apns_info.as_ref()?.title.as_ref(), |o| &mut apns(o).title), "OfflinePushInfo.ApnsInfo.Title")}
                    {field("apns-subtitle", tr!(n_ios_subtitle), text_at(|o| o.apns_info.as_ref()?.sub_title.as_ref(), |o| &mut apns(o).sub_title), "OfflinePushInfo.ApnsInfo.SubTitle")}
                    {field("apns-sound", tr!(n_sound), text_at(|o| o.apns_info.as_ref()?.sound.as_ref(), |o| &mut apns(o).sound), "OfflinePushInfo.ApnsInfo.Sound")}
                    {field("apns-image", tr!(n_image), text_at(|o| o.apns_info.as_ref()?.image.as_ref(), |o| &mut apns(o).image), "OfflinePushInfo.ApnsInfo.Image")}
                    <Toggle c id="apns-badge" label=tr!(n_badge) bind=int_at(|o| o.apns_info.as_ref()?.badge_mode, |o| &mut apns(o).badge_mode) on_value=0 off_value=1 />
                    <Toggle c id="apns-mutable" label=tr!(n_mutable) bind=int_at(|o| o.apns_info.as_ref()?.mutable_content, |o| &mut apns(o).mutable_content) on_value=1 off_value=0 />
                </fieldset>
                <fieldset class="sub">
                    <legend>"Android " <span class="api-name" aria-hidden="true">"AndroidInfo"</span></legend>
                    {field("android-sound", tr!(n_sound), text_at(|o| o.android_info.as_ref()?.sound.as_ref(), |o| &mut android(o).sound), "OfflinePushInfo.AndroidInfo.Sound")}
                    <details>
                        <summary>{t!(i18n, n_android_advanced)}</summary>
                        {field("android-huawei-channel", tr!(n_huawei_channel), text_at(|o| o.android_info.as_ref()?.huawei_channel_id.as_ref(), |o| &mut android(o).huawei_channel_id), "")}
                        {field("android-huawei-category", tr!(n_huawei_category), text_at(|o| o.android_info.as_ref()?.huawei_category.as_ref(), |o| &mut android(o).huawei_category), "")}
                        {field("android-xiaomi-channel", tr!(n_xiaomi_channel), text_at(|o| o.android_info.as_ref()?.xiaomi_channel_id.as_ref(), |o| &mut android(o).xiaomi_channel_id), "")}
                        {field("android-oppo-channel", tr!(n_oppo_channel), text_at(|o| o.android_info.as_ref()?.oppo_channel_id.as_ref(), |o| &mut android(o).oppo_channel_id), "")}
                        {field("android-oppo-category", tr!(n_oppo_category), text_at(|o| o.android_info.as_ref()?.oppo_category.as_ref(), |o| &mut android(o).oppo_category), "")}
                        {field("android-google-channel", tr!(n_google_channel), text_at(|o| o.android_info.as_ref()?.google_channel_id.as_ref(), |o| &mut android(o).google_channel_id), "")}
                        {int_field("android-vivo-classification", tr!(n_vivo_classification), int_at(|o| o.android_info.as_ref()?.vivo_classification, |o| &mut android(o).vivo_classification), "")}
                        {field("android-vivo-category", tr!(n_vivo_category), text_at(|o| o.android_info.as_ref()?.vivo_category.as_ref(), |o| &mut android(o).vivo_category), "")}
                        {field("android-honor-importance", tr!(n_honor_importance), text_at(|o| o.android_info.as_ref()?.honor_importance.as_ref(), |o| &mut android(o).honor_importance), "")}
                    </details>
                </fieldset>
                </details>
            </div>
        </section>
    }
}

/// A checkbox for an API flag that takes two integer values.
#[component]
fn Toggle(
    c: Composer,
    id: &'static str,
    label: Signal<String>,
    bind: (Getter, Setter),
    on_value: i64,
    off_value: i64,
) -> impl IntoView {
    let (get, set) = bind;
    let checked = Memo::new(move |_| {
        c.draft.with(|d| {
            let v = get(d);
            // Absent means the API's default, which is the "on" behaviour for
            // the badge and "off" for mutable content.
            if v.is_empty() {
                on_value == 0
            } else {
                v == on_value.to_string()
            }
        })
    });
    view! {
        <label class="check">
            <input type="checkbox" id=id prop:checked=move || checked.get() on:change=move |ev| {
                let v = if event_target_checked(&ev) { on_value } else { off_value };
                c.draft.update(|d| set(d, &v.to_string()));
            } />
            {move || label.get()}
        </label>
    }
}
