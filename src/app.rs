//! The document shell, the router and the frame around every page.
use crate::i18n::*;
use crate::ui::components::layout::Layout;
use crate::ui::lazy_pages::{
    AccountRoute, AttributesRoute, AuditLogRoute, ComposeRoute, HistoryRoute, JobRoute, JobsRoute,
    LookupRoute, PushDetailRoute, UsersRoute, WaitingRoute,
};
use crate::ui::pages::{
    login::LoginPage, not_found::NotFound, overview::Overview, setup::SetupPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The page's policy: our own script and WASM, and the inline hydration
/// scripts carrying this response's nonce; nothing else.
#[cfg(feature = "ssr")]
fn content_security_policy() {
    use axum::http::{header, HeaderValue};
    let (Some(response), Some(nonce)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        leptos::nonce::use_nonce(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: https:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let cookie_options = leptos_use::UseCookieOptions::default()
        .max_age(i64::from(crate::domain::cookies::MAX_AGE_SECONDS) * 1000)
        .path("/")
        .same_site(leptos_use::SameSite::Lax);
    view! {
           <I18nContextProvider cookie_options>
               <Head />
               <Router>
                   <Layout>
                       <Routes fallback=|| view! { <NotFound /> }>
                           <Route path=path!("/") view=Overview ssr=SsrMode::Async />
                           <Route path=path!("/setup") view=SetupPage ssr=SsrMode::Async />
                           <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                           <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async />
                           <Route path=path!("/users") view={Lazy::<UsersRoute>::new()} ssr=SsrMode::Async />
    <Route path=path!("/compose") view={Lazy::<ComposeRoute>::new()} ssr=SsrMode::Async />
                           <Route path=path!("/history") view={Lazy::<HistoryRoute>::new()} ssr=SsrMode::Async />
                           <Route path=path!("/history/:id") view={Lazy::<PushDetailRoute>::new()} ssr=SsrMode::Async />
                           <Route path=path!("/waiting") view={Lazy::<WaitingRoute>::new()} ssr=SsrMode::Async />
                           <Route path=path!("/audit") view={Lazy::<AuditLogRoute>::new()} ssr=SsrMode::Async />
                           <Route path=path!("/audience") view={Lazy::<LookupRoute>::new()} ssr=SsrMode::Async />
                           <Route path=path!("/audience/jobs") view={Lazy::<JobsRoute>::new()} ssr=SsrMode::Async />
                           <Route path=path!("/audience/jobs/:id") view={Lazy::<JobRoute>::new()} ssr=SsrMode::Async />
                           <Route path=path!("/audience/attributes") view={Lazy::<AttributesRoute>::new()} ssr=SsrMode::Async />
                       </Routes>
                   </Layout>
               </Router>
           </I18nContextProvider>
       }
}

/// The app's name as the title until a page sets its own (`PageTitle`).
#[component]
fn Head() -> impl IntoView {
    let i18n = use_i18n();
    let title = t_string!(i18n, app_name).to_string();
    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Meta name="color-scheme" content="light" />
        <Title text=title />
    }
}
