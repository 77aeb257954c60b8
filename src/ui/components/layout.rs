//! The frame of every page: top bar with navigation, the signed-in user's
//! place, the language switcher, and the sandbox banner.
use super::lang_switcher::LangSwitcher;
use super::sandbox_banner::SandboxBanner;
use crate::api::error::ApiError;
use crate::api::shell::{get_shell_info, ShellInfo};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// The frame's data, shared with the pages so they need not fetch it again.
pub type ShellResource = Resource<Result<ShellInfo, ApiError>>;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let shell: ShellResource = Resource::new(|| (), |_| get_shell_info());
    provide_context(shell);
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="topbar">
            <a class="brand" href="/">
                <img src="/favicon.svg" alt="" width="28" height="28" />
                <span>{t!(i18n, app_name)}</span>
            </a>
            <nav class="mainnav" aria-label=move || t_string!(i18n, nav_label).to_string()>
                <A href="/" exact=true>{t!(i18n, nav_overview)}</A>
            </nav>
            <div class="topbar-end">
                <span class="user-place">{t!(i18n, user_signed_out)}</span>
                <LangSwitcher />
            </div>
        </header>
        <Suspense fallback=|| ()>
            {move || {
                shell
                    .get()
                    .and_then(Result::ok)
                    .filter(|info| info.sandbox)
                    .map(|_| view! { <SandboxBanner /> })
            }}
        </Suspense>
        <main id="main" class="content" tabindex="-1">{children()}</main>
    }
}
