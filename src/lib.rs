//! pinhui (拼会): merges a district's weekly meeting proposals into consolidated
//! sessions and publishes them. See ARCHITECTURE.md for the code map.

pub mod app;
pub mod calendar;
pub mod check;
pub mod docs;
pub mod ics;
pub mod io;
pub mod model;
pub mod plan;
pub mod report;
pub mod rules;
pub mod server;
pub mod store;
pub mod synth;
