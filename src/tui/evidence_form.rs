//! Adding or editing one evidence file: a label and a path, with Tab completing the path.

use super::input::LineInput;
use super::probe::{Probe, common_prefix};
use crate::domain::case::Evidence;

#[derive(Debug, Clone)]
pub struct EvidenceForm {
    pub index: Option<usize>,
    pub label: LineInput,
    pub path: LineInput,
    /// 0 = label, 1 = path.
    pub focus: usize,
    /// What the last Tab found, shown under the path when there is more than one.
    pub candidates: Vec<String>,
    pub error: Option<&'static str>,
}

impl EvidenceForm {
    pub fn new(index: Option<usize>, e: Option<&Evidence>) -> EvidenceForm {
        EvidenceForm {
            index,
            label: LineInput::new(e.map(|e| e.label.as_str()).unwrap_or("")),
            path: LineInput::new(e.map(|e| e.path.as_str()).unwrap_or("")),
            focus: 0,
            candidates: vec![],
            error: None,
        }
    }

    pub fn input_mut(&mut self) -> &mut LineInput {
        if self.focus == 0 {
            &mut self.label
        } else {
            &mut self.path
        }
    }

    /// Tab in the path field: fill in as much as all candidates share.
    pub fn complete(&mut self, probe: &dyn Probe) {
        let cands = probe.complete(self.path.text());
        if let Some(prefix) = common_prefix(&cands)
            && prefix.len() > self.path.text().len()
        {
            self.path = LineInput::new(&prefix);
        }
        self.candidates = if cands.len() > 1 { cands } else { vec![] };
    }

    pub fn submit(&mut self) -> Option<Evidence> {
        let path = self.path.text().trim();
        if path.is_empty() {
            self.error = Some("evidence.path_empty");
            self.focus = 1;
            return None;
        }
        let label = self.label.text().trim();
        let label = if label.is_empty() {
            // A file name says enough when no label was given.
            &path[crate::platform::name_start(path)..]
        } else {
            label
        };
        Some(Evidence {
            label: label.to_string(),
            path: path.to_string(),
            extra: Default::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::probe::Listed;

    #[test]
    fn tab_fills_the_shared_part_and_lists_the_rest() {
        let mut f = EvidenceForm::new(None, None);
        f.focus = 1;
        f.path.insert("/p/sh");
        let fake = Listed(vec!["/p/shot-1.png", "/p/shot-2.png"]);
        f.complete(&fake);
        assert_eq!(f.path.text(), "/p/shot-");
        assert_eq!(f.candidates.len(), 2);
        f.path.insert("1");
        f.complete(&fake);
        assert_eq!(f.path.text(), "/p/shot-1.png");
        assert!(f.candidates.is_empty());
        let e = f.submit().unwrap();
        assert_eq!(
            (e.label.as_str(), e.path.as_str()),
            ("shot-1.png", "/p/shot-1.png")
        );
    }

    #[test]
    fn a_path_is_required() {
        let mut f = EvidenceForm::new(None, None);
        f.label.insert("receipt");
        assert!(f.submit().is_none());
        assert_eq!(f.error, Some("evidence.path_empty"));
    }
}
