//! Everything a key can ask for. The key table (`keys.rs`) maps keys to these; `App::update`
//! is the one place they change state.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Help,
    Quit,
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    Open,
    NextPane,
    PrevPane,
    NewCase,
    ToggleCheck,
    AnswerYes,
    AnswerNo,
    ToggleNotNeeded,
    EditNotes,
    EditFacts,
    Templates,
    Log,
    AddLog,
    Knowledge,
    Delete,
    SwitchLang,
    CycleCause,
    Reopen,
    ScamCheck,
    Evidence,
    ImportBill,
}
