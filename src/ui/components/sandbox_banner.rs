use crate::i18n::*;
use leptos::prelude::*;

/// Shown on every page while the built-in sandbox stands in for Tencent IM, so
/// nobody mistakes a rehearsal for a real broadcast.
#[component]
pub fn SandboxBanner() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="banner banner-sandbox" role="note" data-testid="sandbox-banner">
            <strong>{t!(i18n, sandbox_banner_title)}</strong>
            <span>{t!(i18n, sandbox_banner_body)}</span>
        </div>
    }
}
