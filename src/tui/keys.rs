//! The one key table. Dispatch reads it, and the help overlay and the hint bar are written
//! from it, so what the help says is what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where a binding applies. Lookups try the screen's own scope first, then `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    List,
    Case,
    /// The contact log's timeline.
    Log,
    /// The evidence list.
    Evidence,
    /// The template view.
    Templates,
    /// Scrolling text: knowledge panel, help.
    Reader,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

pub struct Binding {
    pub scope: Scope,
    pub keys: &'static [Key],
    pub action: Action,
    /// Text key of the help line (`key.<name>`).
    pub help: &'static str,
    /// Shown in the one-line hint bar of its scope.
    pub hint: bool,
}

const fn b(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        help,
        hint,
    }
}

use Scope::*;

pub const BINDINGS: &[Binding] = &[
    b(Global, &[k('?')], Action::Help, "key.help", true),
    b(Global, &[k('q'), ctrl('c')], Action::Quit, "key.quit", true),
    b(
        Global,
        &[code(KeyCode::Esc)],
        Action::Back,
        "key.back",
        false,
    ),
    b(
        Global,
        &[code(KeyCode::Up), k('k')],
        Action::Up,
        "key.up",
        false,
    ),
    b(
        Global,
        &[code(KeyCode::Down), k('j')],
        Action::Down,
        "key.down",
        false,
    ),
    b(
        Global,
        &[code(KeyCode::PageUp)],
        Action::PageUp,
        "key.page_up",
        false,
    ),
    b(
        Global,
        &[code(KeyCode::PageDown)],
        Action::PageDown,
        "key.page_down",
        false,
    ),
    b(
        Global,
        &[code(KeyCode::Enter)],
        Action::Open,
        "key.open",
        false,
    ),
    b(
        Global,
        &[code(KeyCode::Tab)],
        Action::NextPane,
        "key.next_pane",
        false,
    ),
    b(
        Global,
        &[code(KeyCode::BackTab)],
        Action::PrevPane,
        "key.prev_pane",
        false,
    ),
    b(Global, &[k('i')], Action::Knowledge, "key.knowledge", false),
    b(Global, &[k('L')], Action::SwitchLang, "key.lang", true),
    b(List, &[k('n')], Action::NewCase, "key.new_case", true),
    b(List, &[k('D')], Action::Delete, "key.delete", true),
    b(
        List,
        &[k('v')],
        Action::CycleFilter,
        "key.cycle_filter",
        true,
    ),
    b(
        List,
        &[k('b')],
        Action::ImportBill,
        "key.import_bill",
        false,
    ),
    b(List, &[k('!')], Action::Problems, "key.problems", false),
    b(
        Case,
        &[k(' ')],
        Action::ToggleCheck,
        "key.toggle_check",
        true,
    ),
    b(Case, &[k('y')], Action::AnswerYes, "key.answer_yes", true),
    b(Case, &[k('n')], Action::AnswerNo, "key.answer_no", true),
    b(
        Case,
        &[k('x')],
        Action::ToggleNotNeeded,
        "key.not_needed",
        false,
    ),
    b(Case, &[k('e')], Action::EditNotes, "key.edit_notes", true),
    b(Case, &[k('f')], Action::EditFacts, "key.edit_facts", true),
    b(Case, &[k('t')], Action::Templates, "key.templates", true),
    b(Case, &[k('l')], Action::Log, "key.log", false),
    b(Case, &[k('a')], Action::AddLog, "key.add_log", false),
    b(
        Case,
        &[k('c')],
        Action::CycleCause,
        "key.cycle_cause",
        false,
    ),
    b(Case, &[k('o')], Action::Reopen, "key.reopen", false),
    b(Case, &[k('s')], Action::ScamCheck, "key.scam_check", false),
    b(Case, &[k('D')], Action::Delete, "key.delete", false),
    b(Case, &[k('E')], Action::Evidence, "key.evidence", false),
    b(
        Case,
        &[k('b')],
        Action::ImportBill,
        "key.import_bill",
        false,
    ),
    b(
        Case,
        &[k('X')],
        Action::ExportReport,
        "key.export_report",
        false,
    ),
    b(Case, &[k('u')], Action::Undo, "key.undo", false),
    b(Log, &[k('a')], Action::AddLog, "key.add_log", true),
    b(Log, &[k('u')], Action::Undo, "key.undo", false),
    b(
        Log,
        &[code(KeyCode::Enter)],
        Action::Open,
        "key.edit_log",
        true,
    ),
    b(Log, &[k('D')], Action::Delete, "key.remove_log", true),
    b(
        Evidence,
        &[k('a')],
        Action::AddLog,
        "key.add_evidence",
        true,
    ),
    b(
        Evidence,
        &[code(KeyCode::Enter)],
        Action::Open,
        "key.edit_evidence",
        true,
    ),
    b(
        Evidence,
        &[k('D')],
        Action::Delete,
        "key.remove_evidence",
        true,
    ),
    b(Evidence, &[k('u')], Action::Undo, "key.undo", false),
    b(
        Templates,
        &[code(KeyCode::Right), code(KeyCode::Tab)],
        Action::RecipientNext,
        "key.tpl_next",
        true,
    ),
    b(
        Templates,
        &[code(KeyCode::Left), code(KeyCode::BackTab)],
        Action::RecipientPrev,
        "key.tpl_prev",
        false,
    ),
    b(
        Templates,
        &[k('1')],
        Action::PickRecipient(0),
        "key.tpl_1",
        false,
    ),
    b(
        Templates,
        &[k('2')],
        Action::PickRecipient(1),
        "key.tpl_2",
        false,
    ),
    b(
        Templates,
        &[k('3')],
        Action::PickRecipient(2),
        "key.tpl_3",
        false,
    ),
    b(
        Templates,
        &[k('4')],
        Action::PickRecipient(3),
        "key.tpl_4",
        false,
    ),
    b(
        Templates,
        &[k('5')],
        Action::PickRecipient(4),
        "key.tpl_5",
        false,
    ),
    b(
        Templates,
        &[k('s')],
        Action::MessageLength,
        "key.tpl_length",
        true,
    ),
    b(
        Templates,
        &[k('l')],
        Action::MessageLang,
        "key.tpl_lang",
        true,
    ),
    b(
        Templates,
        &[k('c')],
        Action::CopyMessage,
        "key.tpl_copy",
        true,
    ),
];

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    let ev_ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    match (key.code, ev.code) {
        // Letters: Shift is part of the character ('D' vs 'd'), so only Ctrl is compared.
        (KeyCode::Char(a), KeyCode::Char(b)) => a == b && key.ctrl == ev_ctrl,
        (a, b) => a == b && key.ctrl == ev_ctrl,
    }
}

/// The action for a key in a scope: the scope's own binding first, then a global one.
pub fn action_for(scope: Scope, ev: &KeyEvent) -> Option<Action> {
    let find = |s: Scope| {
        BINDINGS
            .iter()
            .filter(|b| b.scope == s)
            .find(|b| b.keys.iter().any(|k| matches(k, ev)))
            .map(|b| b.action)
    };
    if scope != Global
        && let Some(a) = find(scope)
    {
        return Some(a);
    }
    find(Global)
}

/// How a key is written in the help and the hint bar.
pub fn label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        other => format!("{other:?}"),
    };
    if key.ctrl {
        format!("Ctrl-{}", base.to_uppercase())
    } else {
        base
    }
}

pub fn keys_label(b: &Binding) -> String {
    b.keys.iter().map(label).collect::<Vec<_>>().join(" ")
}

/// `keys_label` with the arrow keys named in ASCII (`Up`, `Down`…). The arrows are East-Asian
/// "ambiguous" width: terminals set up for Chinese draw them two columns wide, which pushes
/// the rest of the row (and the help box's right border) one column out.
pub fn keys_label_plain(b: &Binding) -> String {
    b.keys
        .iter()
        .map(|k| match k.code {
            KeyCode::Up => "Up".to_string(),
            KeyCode::Down => "Down".to_string(),
            KeyCode::Left => "Left".to_string(),
            KeyCode::Right => "Right".to_string(),
            _ => label(k),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Bindings for the hint bar of a scope: the scope's own hints, then the global ones.
pub fn hints(scope: Scope) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |b| b.hint && b.scope == scope)
        .chain(
            BINDINGS
                .iter()
                .filter(move |b| b.hint && b.scope == Global && scope != Global),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(c: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(c, m)
    }

    #[test]
    fn n_means_new_on_the_list_and_no_in_a_case() {
        let n = ev(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(action_for(Scope::List, &n), Some(Action::NewCase));
        assert_eq!(action_for(Scope::Case, &n), Some(Action::AnswerNo));
    }

    #[test]
    fn ctrl_c_quits_everywhere_and_shifted_letters_match() {
        let c = ev(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for s in [Scope::List, Scope::Case, Scope::Reader] {
            assert_eq!(action_for(s, &c), Some(Action::Quit));
        }
        let d = ev(KeyCode::Char('D'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Scope::List, &d), Some(Action::Delete));
        assert_eq!(
            action_for(Scope::List, &ev(KeyCode::Char('d'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for bnd in &BINDINGS[i + 1..] {
                if a.scope == bnd.scope {
                    for key in a.keys {
                        assert!(
                            !bnd.keys.contains(key),
                            "{:?} bound twice in {:?}",
                            key,
                            a.scope
                        );
                    }
                }
            }
        }
    }
}
