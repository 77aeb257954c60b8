//! Pages most visits never open, each split into its own WASM chunk that the
//! browser loads on first use (`cargo leptos … --split`). The first page a
//! visitor sees (setup, sign-in, overview) stays in the main bundle, so the
//! front page stays small however many pages the console grows.
use crate::domain::account::Permission;
use crate::ui::components::role_gate::RoleGate;
use crate::ui::pages::audience::{
    attributes::AttributesPage, job::JobPage, jobs::JobsPage, lookup::LookupPage,
};
use crate::ui::pages::{
    account::AccountPage, audit_log::AuditLogPage, compose::ComposePage, history::HistoryPageView,
    push_detail::PushDetailPage, users::UsersPage, waiting::WaitingPage,
};
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        lazy_page!($route, $page, Own);
    };
    // A page for the roles with `$needs`: the others see why they cannot
    // open it instead of a page of refused calls.
    ($route:ident, $page:ident, $needs:ident) => {
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! {
                    <RoleGate needs=Permission::$needs>
                        <$page />
                    </RoleGate>
                }
                .into_any()
            }
        }
    };
}

lazy_page!(ComposeRoute, ComposePage, Send);
lazy_page!(HistoryRoute, HistoryPageView, ReadHistory);
lazy_page!(PushDetailRoute, PushDetailPage, ReadHistory);
lazy_page!(WaitingRoute, WaitingPage, ReadHistory);
lazy_page!(AuditLogRoute, AuditLogPage, ReadAudit);
lazy_page!(UsersRoute, UsersPage, ManageUsers);
lazy_page!(AccountRoute, AccountPage);
lazy_page!(LookupRoute, LookupPage, AudienceTools);
lazy_page!(JobsRoute, JobsPage, AudienceTools);
lazy_page!(JobRoute, JobPage, AudienceTools);
lazy_page!(AttributesRoute, AttributesPage, ManageApps);
