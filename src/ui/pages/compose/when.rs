//! When the push leaves: now, or at a time the operator enters in their own
//! zone, shown also in the app's zone and in UTC; and whether it needs
//! someone else's approval first. The time's rule is the domain's, checked
//! here as the operator types and again on the server.
use super::state::Composer;
use crate::domain::push::review::{check_time, ReviewRefusal};
use crate::i18n::*;
use crate::text::review::{policy_words, review_refusal};
use leptos::prelude::*;

/// The operator's choice of time, as the form holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct When {
    pub later: bool,
    /// The `datetime-local` field's value, in the browser's zone.
    pub local: String,
}

impl When {
    /// The chosen moment in UTC microseconds; none for "now" (or a field
    /// that does not hold a time).
    pub fn at_us(&self) -> Option<i64> {
        if self.later {
            local_to_us(&self.local)
        } else {
            None
        }
    }

    /// Why the chosen time cannot be used, if it cannot.
    pub fn problem(&self) -> Option<ReviewRefusal> {
        if !self.later {
            return None;
        }
        match self.at_us() {
            None => Some(ReviewRefusal::TooSoon),
            Some(at) => check_time(now_us(), at).err(),
        }
    }
}

/// What the Send button does for this push.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaving {
    Now,
    At,
    ForApproval,
}

impl Leaving {
    pub fn of(c: Composer, when: &When) -> Leaving {
        let needs = c.app().is_some_and(|a| {
            c.request
                .with(|r| a.review.policy.requires(r.condition.as_ref()))
        });
        match (needs, when.later) {
            (true, _) => Leaving::ForApproval,
            (false, true) => Leaving::At,
            (false, false) => Leaving::Now,
        }
    }
}

fn now_us() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        (js_sys::Date::now() * 1000.0) as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

#[allow(unused_variables)]
fn local_to_us(local: &str) -> Option<i64> {
    #[cfg(feature = "hydrate")]
    {
        if local.len() < 16 {
            return None;
        }
        // A `datetime-local` value without a zone is read as the browser's.
        let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(local)).get_time();
        (!ms.is_nan()).then_some((ms * 1000.0) as i64)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// `at_us` written in `zone` (an IANA name), in the page's language.
#[allow(unused_variables)]
pub fn in_zone(at_us: i64, zone: &str, locale: Locale) -> String {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsValue;
        let options = js_sys::Object::new();
        let set = |k: &str, v: &str| {
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
        };
        set("timeZone", zone);
        set("dateStyle", "medium");
        set("timeStyle", "short");
        let date = js_sys::Date::new(&JsValue::from_f64(at_us as f64 / 1000.0));
        let tag = match locale {
            Locale::en => "en-GB",
            Locale::zh_CN => "zh-CN",
        };
        String::from(date.to_locale_string(tag, &options))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

#[component]
pub fn WhenSection(c: Composer, when: RwSignal<When>) -> impl IntoView {
    let i18n = use_i18n();
    let app = move || c.app();
    let policy = move || app().map(|a| a.review).unwrap_or_default();
    let set_later = move |later: bool| when.update(|w| w.later = later);
    let zones = move || {
        let at = when.with(When::at_us)?;
        let locale = i18n.get_locale();
        let app_zone = app().map(|a| a.time_zone).unwrap_or_else(|| "UTC".into());
        Some(view! {
            <p class="field-hint" data-testid="when-zones">
                {t_string!(i18n, when_in_app_zone, zone = app_zone.clone(), at = in_zone(at, &app_zone, locale)).to_string()}
                " · "
                {t_string!(i18n, when_in_utc, at = in_zone(at, "UTC", locale)).to_string()}
            </p>
        })
    };
    view! {
        <fieldset class="when" aria-describedby="when-policy">
            <legend>{t!(i18n, when_legend)}</legend>
            <p id="when-policy" class="field-hint">
                {move || policy_words(i18n.get_locale(), policy().policy)}
                {move || policy().training.then(|| view! {
                    " " <span class="badge badge-sandbox">{t!(i18n, training_badge)}</span>
                    " " {t!(i18n, training_note)}
                })}
            </p>
            <label class="check">
                <input type="radio" name="when" id="when-now" prop:checked=move || !when.with(|w| w.later)
                    on:change=move |_| set_later(false) />
                {t!(i18n, when_now)}
            </label>
            <label class="check">
                <input type="radio" name="when" id="when-later" prop:checked=move || when.with(|w| w.later)
                    on:change=move |_| set_later(true) />
                {t!(i18n, when_later)}
            </label>
            {move || when.with(|w| w.later).then(|| view! {
                <div class="field">
                    <label for="when-at">{t!(i18n, when_at_label)}</label>
                    <input type="datetime-local" id="when-at" prop:value=move || when.with(|w| w.local.clone())
                        aria-describedby="when-at-hint"
                        on:input=move |ev| { let v = event_target_value(&ev); when.update(|w| w.local = v); } />
                    <p id="when-at-hint" class="field-hint">{t!(i18n, when_at_hint)}</p>
                    {zones}
                    {move || when.with(When::problem).map(|p| view! {
                        <p class="field-error" role="alert">{move || review_refusal(i18n.get_locale(), p)}</p>
                    })}
                </div>
            })}
        </fieldset>
    }
}
