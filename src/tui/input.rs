//! A one-line text input for form fields: insert, delete, move by character (CJK-safe:
//! positions are char indices, widths come from the renderer).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default)]
pub struct LineInput {
    text: String,
    /// Cursor position in chars.
    cursor: usize,
    /// The whole value is selected (on entering the field): typing replaces it, Backspace
    /// clears it, a movement key keeps it and puts the cursor there.
    selected: bool,
}

/// Two inputs are the same when they hold the same text, wherever their cursors are.
impl PartialEq for LineInput {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for LineInput {}

impl LineInput {
    pub fn new(text: &str) -> Self {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
            selected: false,
        }
    }

    /// Entering a field: its value is selected, so typing replaces it (as in other programs).
    pub fn select_all(&mut self) {
        self.selected = !self.text.is_empty();
        self.cursor = self.text.chars().count();
    }

    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// A selected value goes before an edit that replaces it.
    fn take_selection(&mut self) -> bool {
        let was = std::mem::take(&mut self.selected);
        if was {
            self.clear();
        }
        was
    }

    /// Ctrl-U: delete from the start of the line to the cursor.
    pub fn delete_to_start(&mut self) {
        if !self.take_selection() {
            let at = self.byte_at(self.cursor);
            self.text.replace_range(..at, "");
            self.cursor = 0;
        }
    }

    /// Ctrl-K: delete from the cursor to the end of the line.
    pub fn delete_to_end(&mut self) {
        if !self.take_selection() {
            let at = self.byte_at(self.cursor);
            self.text.truncate(at);
        }
    }

    /// Ctrl-W: delete the word before the cursor (and the spaces after it).
    pub fn delete_word(&mut self) {
        if self.take_selection() {
            return;
        }
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.cursor;
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
        self.text.replace_range(a..b, "");
        self.cursor = start;
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map(|(b, _)| b)
            .unwrap_or(self.text.len())
    }

    /// Insert typed or pasted text; a one-line field turns line breaks into spaces.
    pub fn insert(&mut self, s: &str) {
        let s: String = s
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        self.take_selection();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &s);
        self.cursor += s.chars().count();
    }

    pub fn backspace(&mut self) {
        if self.take_selection() {
            return;
        }
        if self.cursor > 0 {
            let at = self.byte_at(self.cursor - 1);
            self.text.remove(at);
            self.cursor -= 1;
        }
    }

    pub fn delete(&mut self) {
        if self.take_selection() {
            return;
        }
        if self.cursor < self.text.chars().count() {
            let at = self.byte_at(self.cursor);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }

    /// The editing keys every one-line field shares. Returns whether the key was used.
    pub fn edit_key(&mut self, k: KeyEvent) -> bool {
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        if matches!(
            k.code,
            KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End
        ) || (ctrl && matches!(k.code, KeyCode::Char('a' | 'e')))
        {
            self.selected = false;
        }
        match k.code {
            KeyCode::Char('u') if ctrl => self.delete_to_start(),
            KeyCode::Char('k') if ctrl => self.delete_to_end(),
            KeyCode::Char('w') if ctrl => self.delete_word(),
            KeyCode::Char('a') if ctrl => self.home(),
            KeyCode::Char('e') if ctrl => self.end(),
            KeyCode::Char(c) if !ctrl => self.insert(c.encode_utf8(&mut [0; 4])),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            _ => return false,
        }
        true
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
        self.selected = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_by_character_with_cjk() {
        let mut i = LineInput::new("星巴克");
        i.left();
        i.insert("咖啡");
        assert_eq!(i.text(), "星巴咖啡克");
        i.backspace();
        assert_eq!(i.text(), "星巴咖克");
        i.home();
        i.delete();
        assert_eq!(i.text(), "巴咖克");
        i.end();
        i.insert("a\nb");
        assert_eq!(i.text(), "巴咖克a b");
    }

    fn key(c: KeyCode, ctrl: bool) -> KeyEvent {
        let m = if ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(c, m)
    }

    #[test]
    fn entering_a_field_selects_its_value_so_typing_replaces_it() {
        let mut i = LineInput::new("12,50");
        i.select_all();
        assert!(i.is_selected());
        for c in "$120".chars() {
            i.edit_key(key(KeyCode::Char(c), false));
        }
        assert_eq!(i.text(), "$120");
        // Backspace on a selection clears it; a movement key keeps the value.
        i.select_all();
        i.edit_key(key(KeyCode::Backspace, false));
        assert_eq!(i.text(), "");
        let mut i = LineInput::new("Corner Coffee");
        i.select_all();
        i.edit_key(key(KeyCode::End, false));
        i.edit_key(key(KeyCode::Char('!'), false));
        assert_eq!(i.text(), "Corner Coffee!");
        // An empty field has nothing to select.
        let mut e = LineInput::new("");
        e.select_all();
        assert!(!e.is_selected());
    }

    #[test]
    fn ctrl_u_k_and_w_delete_as_in_a_shell() {
        let mut i = LineInput::new("2026-11-27 2:03 PM");
        i.edit_key(key(KeyCode::Char('w'), true));
        assert_eq!(i.text(), "2026-11-27 2:03 ");
        i.edit_key(key(KeyCode::Char('w'), true));
        assert_eq!(i.text(), "2026-11-27 ");
        i.edit_key(key(KeyCode::Char('u'), true));
        assert_eq!(i.text(), "");
        let mut i = LineInput::new("星巴克 咖啡");
        i.edit_key(key(KeyCode::Home, false));
        i.edit_key(key(KeyCode::Right, false));
        i.edit_key(key(KeyCode::Char('k'), true));
        assert_eq!(i.text(), "星");
        i.edit_key(key(KeyCode::Char('u'), true));
        assert_eq!((i.text(), i.cursor()), ("", 0));
        // On a selected value each of them clears it.
        for c in ['u', 'k', 'w'] {
            let mut i = LineInput::new("38.50");
            i.select_all();
            i.edit_key(key(KeyCode::Char(c), true));
            assert_eq!(i.text(), "", "Ctrl-{c}");
        }
    }
}
