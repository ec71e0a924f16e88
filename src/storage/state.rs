//! `state.json`: where the user was (last open case, selected step, language).

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::domain::steps::StepKey;
use crate::lang::Lang;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub last_case: Option<String>,
    #[serde(default)]
    pub step: Option<StepKey>,
    #[serde(default)]
    pub lang: Option<Lang>,
}

pub(super) const FILE: &str = "state.json";

/// A missing or broken state file is the same as none: it only remembers a position.
pub fn load(root: &Path) -> State {
    super::regular::read(&root.join(FILE), super::regular::MAX_STATE)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

pub fn save(root: &Path, s: &State) -> io::Result<()> {
    let bytes = serde_json::to_vec_pretty(s).map_err(io::Error::other)?;
    super::atomic::write_atomic(&root.join(FILE), &bytes)
}
