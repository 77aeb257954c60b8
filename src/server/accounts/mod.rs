//! People who use the console: their passwords, the login throttle, and the
//! account operations shared by the server functions and the command line.
pub mod passwords;
pub mod service;
pub mod throttle;
pub mod users;
