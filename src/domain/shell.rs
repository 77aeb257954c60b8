//! What every page's frame shows: the configured apps, whether the sandbox
//! stands in, and who is signed in.
use crate::domain::account::Me;
use crate::domain::region::Region;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndpointView {
    Sandbox,
    Region(Region),
    /// Scheme, host and port of an explicit base URL; never its credentials.
    Custom(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppSummary {
    pub id: String,
    pub name: String,
    pub sdk_app_id: u64,
    pub endpoint: EndpointView,
    pub admin: String,
    pub daily_quota: u32,
    pub time_zone: String,
    pub review: crate::domain::push::review::Review,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShellInfo {
    pub version: String,
    pub sandbox: bool,
    pub database_postgres: bool,
    /// Only for a signed-in caller: nobody outside learns the apps.
    pub apps: Vec<AppSummary>,
    /// No user exists yet: every page leads to the setup page.
    pub needs_setup: bool,
    pub me: Option<Me>,
}
