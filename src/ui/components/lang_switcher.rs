use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;

/// Changing the language stores it in a cookie, so the server renders the next
/// page in it too.
#[component]
pub fn LangSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev| {
        let wanted = event_target_value(&ev);
        if let Some(locale) = Locale::get_all().iter().find(|l| l.as_str() == wanted) {
            i18n.set_locale(*locale);
            // The server renders the next page in the language of this cookie.
            crate::ui::browser_cookie::remember(crate::domain::cookies::LOCALE, locale.as_str());
        }
    };
    view! {
        <div class="lang-switcher">
            // The select shows the language's own name; the word "Language" is
            // for screen readers, so the top bar fits one line at 1280 px.
            <label for="lang-select" class="visually-hidden">{t!(i18n, lang_label)}</label>
            <select id="lang-select" on:change=on_change>
                <option value="zh-CN" selected=move || i18n.get_locale() == Locale::zh_CN>
                    {t!(i18n, lang_zh)}
                </option>
                <option value="en" selected=move || i18n.get_locale() == Locale::en>
                    {t!(i18n, lang_en)}
                </option>
            </select>
        </div>
    }
}
