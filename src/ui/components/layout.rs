//! The frame of every page: top bar with navigation for the caller's role,
//! who is signed in, the language switcher, and the sandbox banner. It also
//! sends people where they must go first: setup, sign-in, or a new password.
use super::lang_switcher::LangSwitcher;
use super::sandbox_banner::SandboxBanner;
use crate::api::auth::{logout, Me};
use crate::api::error::ApiError;
use crate::api::shell::{get_shell_info, ShellInfo};
use crate::domain::account::Permission;
use crate::i18n::*;
use crate::text::account::role_name;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The frame's data, shared with the pages so they need not fetch it again.
pub type ShellResource = Resource<Result<ShellInfo, ApiError>>;

/// The signed-in person, once the frame's data is in.
pub fn use_me() -> Signal<Option<Me>> {
    let shell = expect_context::<ShellResource>();
    Signal::derive(move || shell.get().and_then(Result::ok).and_then(|i| i.me))
}

/// Where the caller must go before `path`, if anywhere.
fn detour(info: &ShellInfo, path: &str) -> Option<&'static str> {
    let open = matches!(path, "/login" | "/setup");
    match &info.me {
        _ if info.needs_setup => (path != "/setup").then_some("/setup"),
        None => (path != "/login").then_some("/login"),
        Some(me) if me.must_change_password => (path != "/account").then_some("/account"),
        Some(_) => open.then_some("/"),
    }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    // Blocking, so the server answers a detour with a redirect before any
    // of the page is sent.
    let shell: ShellResource = Resource::new_blocking(|| (), |_| get_shell_info());
    provide_context(shell);
    provide_context(AwaitingCountSignal(awaiting_count()));
    let location = use_location();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="topbar">
            <a class="brand" href="/">
                <img src="/favicon.svg" alt="" width="28" height="28" />
                <span>{t!(i18n, app_name)}</span>
            </a>
            <Transition fallback=|| ()>
                {move || shell.get().and_then(Result::ok).map(|info| view! { <MainNav me=info.me /> })}
            </Transition>
            <div class="topbar-end">
                <Transition fallback=|| ()>
                    {move || shell.get().map(|r| view! { <UserPlace me=r.ok().and_then(|i| i.me) /> })}
                </Transition>
                <LangSwitcher />
            </div>
        </header>
        <Suspense fallback=|| ()>
            {move || {
                shell
                    .get()
                    .and_then(Result::ok)
                    .map(|info| {
                        let to = detour(&info, &location.pathname.get());
                        view! {
                            {info.sandbox.then(|| view! { <SandboxBanner /> })}
                            {to.map(|path| view! { <Detour path /> })}
                        }
                    })
            }}
        </Suspense>
        <main id="main" class="content" tabindex="-1">{children()}</main>
    }
}

#[component]
fn MainNav(me: Option<Me>) -> impl IntoView {
    let i18n = use_i18n();
    let me = me.filter(|m| !m.must_change_password)?;
    let may = move |p: Permission| me.role.allows(p);
    // On narrow screens (CSS) the links fold behind this button; a link
    // followed folds them again.
    let open = RwSignal::new(false);
    let location = use_location();
    Effect::new(move |_| {
        let _ = location.pathname.get();
        open.set(false);
    });
    Some(view! {
        <button type="button" class="btn btn-small nav-toggle" aria-controls="mainnav"
            aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
            {t!(i18n, nav_menu)}
        </button>
        <nav id="mainnav" class="mainnav" class:open=move || open.get() aria-label=move || t_string!(i18n, nav_label).to_string()>
            <A href="/" exact=true>{t!(i18n, nav_overview)}</A>
            {may(Permission::Send).then(|| view! { <A href="/compose">{t!(i18n, nav_compose)}</A> })}
            {may(Permission::AudienceTools).then(|| view! { <A href="/audience">{t!(i18n, nav_audience)}</A> })}
            {may(Permission::ReadHistory).then(|| view! { <A href="/history">{t!(i18n, nav_history)}</A> })}
            {may(Permission::Approve).then(|| view! { <A href="/waiting">{t!(i18n, nav_waiting)} <AwaitingCount /></A> })}
            {may(Permission::ReadAudit).then(|| view! { <A href="/audit">{t!(i18n, nav_audit)}</A> })}
            {may(Permission::ManageUsers).then(|| view! { <A href="/users">{t!(i18n, nav_users)}</A> })}
        </nav>
    })
}

/// How many pushes await the viewer's approval, shared by the navigation
/// and the overview so a page asks once.
#[derive(Clone, Copy)]
pub struct AwaitingCountSignal(pub RwSignal<i64>);

/// The count from the layout's context.
pub fn use_awaiting_count() -> RwSignal<i64> {
    expect_context::<AwaitingCountSignal>().0
}

/// Read in the browser once the page is live (and again on each move), so
/// the server's HTML and the hydrated page agree; only for approvers, the
/// only ones the server answers.
fn awaiting_count() -> RwSignal<i64> {
    let me = use_me();
    let count = RwSignal::new(0_i64);
    let load = Action::new(move |_: &()| async move {
        if let Ok(n) = crate::api::history::awaiting_count().await {
            count.set(n);
        }
    });
    let location = use_location();
    Effect::new(move |_| {
        let _ = location.pathname.get();
        if me
            .get()
            .is_some_and(|m| m.role.allows(Permission::Approve) && !m.must_change_password)
        {
            load.dispatch(());
        }
    });
    count
}

#[component]
pub fn AwaitingCount() -> impl IntoView {
    let i18n = use_i18n();
    let count = use_awaiting_count();
    move || {
        let n = count.get();
        (n > 0).then(|| view! {
            <span class="count-badge" data-testid="awaiting-count"
                aria-label=move || t_string!(i18n, awaiting_count_label, n = n).to_string()>{n}</span>
        })
    }
}

#[component]
fn UserPlace(me: Option<Me>) -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = Action::new(move |_: &()| logout());
    Effect::new(move |_| {
        if sign_out.value().get().is_some() {
            crate::ui::navigation::reload_at("/login");
        }
    });
    match me {
        None => view! { <span class="user-place">{t!(i18n, user_signed_out)}</span> }.into_any(),
        Some(me) => {
            let role = me.role;
            let name = me.name.clone();
            view! {
                <span class="user-place">
                    <A href="/account">
                        {move || t_string!(i18n, signed_in_as, name = name.clone(), role = role_name(i18n.get_locale(), role)).to_string()}
                    </A>
                </span>
                <button class="btn btn-small" on:click=move |_| { sign_out.dispatch(()); } disabled=move || sign_out.pending().get()>
                    {t!(i18n, sign_out)}
                </button>
            }
            .into_any()
        }
    }
}

/// Sends the browser to `path`: a 302 when the server renders the page (the
/// frame's data blocks the response until it is known), a navigation in the
/// browser after sign-in or sign-out.
#[component]
fn Detour(path: &'static str) -> impl IntoView {
    #[cfg(feature = "ssr")]
    leptos_axum::redirect(path);
    #[cfg(not(feature = "ssr"))]
    {
        let navigate = leptos_router::hooks::use_navigate();
        Effect::new(move |_| {
            navigate(
                path,
                leptos_router::NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            )
        });
    }
}
