//! A page that the caller's role cannot open says so: which role they have,
//! which roles the page needs, and the way back. The server functions refuse
//! all the same; this only spares the operator a page of errors.
use crate::domain::account::{Permission, Role};
use crate::i18n::*;
use crate::text::account::role_name;
use crate::ui::components::layout::use_me;
use leptos::prelude::*;
use leptos_router::components::A;

/// The roles that may do `permission`, most powerful first.
fn roles_for(permission: Permission) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| r.allows(permission))
        .collect()
}

/// The refusal itself, for a role that lacks `needs`.
#[component]
pub fn RoleRefusal(role: Role, needs: Permission) -> impl IntoView {
    let i18n = use_i18n();
    let needed = move || {
        let locale = i18n.get_locale();
        let names: Vec<String> = roles_for(needs)
            .into_iter()
            .map(|r| role_name(locale, r))
            .collect();
        names.join(td_string!(locale, list_or))
    };
    view! {
        <section class="panel role-refusal" role="alert" aria-labelledby="refusal-heading">
            <h1 id="refusal-heading">{t!(i18n, refusal_title)}</h1>
            <p>{move || t_string!(i18n, refusal_body, role = role_name(i18n.get_locale(), role), needed = needed()).to_string()}</p>
            <p class="muted">{t!(i18n, refusal_ask)}</p>
            <p><A href="/" attr:class="btn btn-primary">{t!(i18n, refusal_back)}</A></p>
        </section>
    }
}

/// Shows `children` only to a role that has `needs`.
#[component]
pub fn RoleGate(needs: Permission, children: ChildrenFn) -> impl IntoView {
    let me = use_me();
    view! {
        <Transition fallback=|| ()>
            {move || me.get().map(|me| {
                if me.role.allows(needs) {
                    children().into_any()
                } else {
                    view! { <RoleRefusal role=me.role needs /> }.into_any()
                }
            })}
        </Transition>
    }
}
