//! The document shell, the router and the frame around every page.
use crate::i18n::*;
use crate::ui::components::layout::Layout;
use crate::ui::pages::{not_found::NotFound, overview::Overview};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
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

/// How long the language cookie lasts: a year, in milliseconds.
const LOCALE_COOKIE_MAX_AGE_MS: i64 = 365 * 24 * 60 * 60 * 1000;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let cookie_options = leptos_use::UseCookieOptions::default()
        .max_age(LOCALE_COOKIE_MAX_AGE_MS)
        .path("/")
        .same_site(leptos_use::SameSite::Lax);
    view! {
        <I18nContextProvider cookie_options>
            <Head />
            <Router>
                <Layout>
                    <Routes fallback=|| view! { <NotFound /> }>
                        <Route path=path!("/") view=Overview />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn Head() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Meta name="color-scheme" content="light" />
        <Title text=move || t_string!(i18n, app_name).to_string() />
    }
}
