//! paytwice: get a duplicate payment-app charge refunded, step by step.
//!
//! `domain` is the plain-Rust heart, `storage` owns the disk, `tui` and `cli` are the two
//! faces; `assets` holds the words. `main.rs` only wires them together.

pub mod assets;
pub mod bill;
pub mod cli;
pub mod describe;
pub mod diag;
pub mod domain;
pub mod glossary;
pub mod lang;
pub mod messages;
pub mod platform;
pub mod report;
pub mod storage;
pub mod tui;
