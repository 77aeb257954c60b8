//! What every request handler and server function can reach.
use super::clock::SharedClock;
use super::config::Config;
use super::db::Db;
use super::im::client::ImClient;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub config: Arc<Config>,
    pub db: Db,
    pub clock: SharedClock,
    /// One IM client per configured app, by app id.
    pub im: Arc<HashMap<String, ImClient>>,
    pub attr_names: Arc<super::push::attr_names::AttrNameCache>,
    /// Told when a bulk job is queued or resumed, so a runner starts at once.
    pub jobs_wake: Arc<tokio::sync::Notify>,
    /// This process as the owner of the pushes it is sending (push::lease).
    pub owner: Arc<str>,
}

impl AppState {
    /// What account operations need.
    pub fn accounts(&self) -> super::accounts::service::Ctx<'_> {
        super::accounts::service::Ctx {
            db: &self.db,
            clock: self.clock.as_ref(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
