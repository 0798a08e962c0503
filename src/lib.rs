//! pinhui (拼会): merges a district's weekly meeting proposals into consolidated
//! sessions and publishes them. See ARCHITECTURE.md for the code map.

pub mod calendar;
pub mod io;
pub mod model;
pub mod rules;
pub mod ics;
pub mod report;
