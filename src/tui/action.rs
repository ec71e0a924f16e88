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
    CycleFilter,
    /// Template view: next / previous recipient, recipient by number (0–3), the message's
    /// language, copy.
    RecipientNext,
    RecipientPrev,
    PickRecipient(u8),
    MessageLang,
    /// The short message for a chat, or the full letter.
    MessageLength,
    CopyMessage,
    ImportBill,
    /// Case view: write the case report under `exports/`.
    ExportReport,
    /// Take back the last change to the case.
    Undo,
    /// List view: every case file that could not be read, in a scrollable box.
    Problems,
}
