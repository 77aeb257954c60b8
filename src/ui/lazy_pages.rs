//! Pages most visits never open, each split into its own WASM chunk that the
//! browser loads on first use (`cargo leptos … --split`). The first page a
//! visitor sees (setup, sign-in, overview) stays in the main bundle, so the
//! front page stays small however many pages the console grows.
use crate::ui::pages::audience::{
    attributes::AttributesPage, job::JobPage, jobs::JobsPage, lookup::LookupPage,
};
use crate::ui::pages::{
    account::AccountPage, audit_log::AuditLogPage, compose::ComposePage, history::HistoryPageView,
    push_detail::PushDetailPage, users::UsersPage,
};
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    };
}

lazy_page!(ComposeRoute, ComposePage);
lazy_page!(HistoryRoute, HistoryPageView);
lazy_page!(PushDetailRoute, PushDetailPage);
lazy_page!(AuditLogRoute, AuditLogPage);
lazy_page!(UsersRoute, UsersPage);
lazy_page!(AccountRoute, AccountPage);
lazy_page!(LookupRoute, LookupPage);
lazy_page!(JobsRoute, JobsPage);
lazy_page!(JobRoute, JobPage);
lazy_page!(AttributesRoute, AttributesPage);
