//! Plain Rust: what a case is and every rule about it. No terminal, no disk, no clock: the
//! CLI and the TUI both call in here, so they can never disagree.

pub mod bill_facts;
pub mod calendar;
pub mod case;
pub mod compare;
pub mod deadlines;
pub mod duplicates;
pub mod facts;
pub mod money;
pub mod privacy;
pub mod routes;
pub mod sanitize;
pub mod scam;
pub mod steps;
pub mod summary;
pub mod template;
pub mod time;
