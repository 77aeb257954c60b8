//! A password input with its label, a live length count against the rule
//! shared with the server, and a "show password" switch. Paste is allowed.
use crate::domain::account::{check_password, PASSWORD_MAX_CHARS};
use crate::i18n::*;
use crate::text::account::account_rule_message;
use leptos::prelude::*;

#[component]
pub fn PasswordField(
    /// The form field name the server function expects.
    name: &'static str,
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    /// "new-password" or "current-password", for password managers.
    autocomplete: &'static str,
    /// Show the length rule (for new passwords).
    #[prop(default = false)]
    rule: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(String::new());
    let shown = RwSignal::new(false);
    let hint_id = format!("{id}-hint");
    let problem = move || {
        let v = value.get();
        (rule && !v.is_empty())
            .then(|| check_password(&v).err())
            .flatten()
            .map(|r| account_rule_message(i18n.get_locale(), r))
    };
    view! {
        <div class="field">
            <label for=id>{move || label.get()}</label>
            <input
                id=id
                name=name
                type=move || if shown.get() { "text" } else { "password" }
                autocomplete=autocomplete
                required=true
                maxlength=PASSWORD_MAX_CHARS.to_string()
                aria-describedby=hint_id.clone()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <span class="field-hint" id=hint_id>
                {rule.then(|| view! { {t!(i18n, password_hint)} " " })}
                {move || (!value.get().is_empty()).then(|| t_string!(i18n, chars_count, count = value.get().chars().count()).to_string())}
            </span>
            {move || problem().map(|p| view! { <span class="field-error">{p}</span> })}
            <label class="check">
                <input type="checkbox" on:change=move |ev| shown.set(event_target_checked(&ev)) />
                {t!(i18n, show_password)}
            </label>
        </div>
    }
}
