//! The composition root: builds the state, the router with the pages, the
//! server functions and the file routes, and starts the background tasks.
//! The one module that sees every layer.
pub mod http;
pub mod run;
