//! Answering a step's question (`y` / `n`). An answer that ends the case asks first and names
//! what follows; every answer is told on the status line from what it actually changed (the
//! case before and after), and the selection moves to the step the answer leads to.

use super::undo::Change;
use super::{App, Overlay};
use crate::assets::{content, t, tf};
use crate::domain::case::{Case, CaseStatus, Decision};
use crate::domain::steps::StepKey;
use crate::lang::Lang;

/// The status a case would end with if `step` were answered `d` now, when that answer ends
/// it: step 1 "no" (no duplicate), step 6 "yes" (resolved) or "no" (closed). Answering the
/// chosen answer again takes it back and ends nothing.
pub fn ends_case(case: &Case, step: StepKey, d: Decision) -> Option<CaseStatus> {
    if case.step(step).decision == Some(d) {
        return None;
    }
    let end = match (step, d) {
        (StepKey::ConfirmRecords, Decision::No) => CaseStatus::NoDuplicate,
        (StepKey::Review, Decision::Yes) => CaseStatus::Resolved,
        (StepKey::Review, Decision::No) => CaseStatus::Closed,
        _ => return None,
    };
    // A resolved case answered "no" is closed instead: that asks too.
    (case.status != end).then_some(end)
}

/// "step 2 (Ask merchant)": short enough for the one status line.
pub fn step_name(lang: Lang, s: StepKey) -> String {
    tf(
        lang,
        "answer.step_name",
        &[
            ("n", &(s.index() + 1).to_string()),
            ("short", &content(lang).steps[&s].short),
        ],
    )
}

fn answer_label(lang: Lang, step: StepKey, d: Decision) -> &'static str {
    content(lang).steps[&step]
        .decision
        .as_ref()
        .map(|q| match d {
            Decision::Yes => q.yes.as_str(),
            Decision::No => q.no.as_str(),
        })
        .unwrap_or_default()
}

/// Step 4 answered "not resolved": what follows (the ways to escalate) is on step 4 itself,
/// so the selection stays there.
fn stays(step: StepKey, after: &Case) -> bool {
    step == StepKey::ContactSupport && after.step(step).decision == Some(Decision::No)
}

/// The first letter in capitals, for a step name that starts a sentence.
pub(super) fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// What an answer changed, in words: the answer (or that it was taken back), the case's
/// status if it changed, every other step whose status changed, and where to go next.
pub fn describe(lang: Lang, step: StepKey, before: &Case, after: &Case) -> String {
    let mut parts = vec![];
    let name = step_name(lang, step);
    parts.push(match after.step(step).decision {
        Some(d) => tf(
            lang,
            "answer.recorded",
            &[
                ("Step", &capital(&name)),
                ("answer", answer_label(lang, step, d)),
            ],
        ),
        None => tf(lang, "answer.taken_back", &[("step", &name)]),
    });
    if before.status != after.status {
        parts.push(if after.status.is_open() {
            t(lang, "answer.case_open_again").to_string()
        } else {
            let s = t(lang, &format!("status.{}", after.status.as_str()));
            tf(lang, "answer.case_ended", &[("status", s)])
        });
    }
    for key in StepKey::ALL {
        let (b, a) = (before.step(key).status, after.step(key).status);
        if key != step && a != b {
            let s = t(lang, &format!("step_status.{}", a.as_str()));
            parts.push(tf(
                lang,
                "answer.step_now",
                &[("Step", &capital(&step_name(lang, key))), ("status", s)],
            ));
        }
    }
    if !after.status.is_open() {
        parts.push(t(lang, "answer.undo_hint").to_string());
    } else if stays(step, after) {
        parts.push(t(lang, "answer.escalate").to_string());
    } else if let Some(next) = after.next_step
        && next != step
    {
        parts.push(tf(lang, "answer.next", &[("step", &step_name(lang, next))]));
    }
    parts.join(gap(lang))
}

/// Between two sentences: a space in English, nothing after a Chinese full stop.
pub fn gap(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "",
        Lang::En => " ",
    }
}

impl App {
    /// `y` / `n` on the selected step: ask first when the answer would end the case.
    pub(super) fn answer_key(&mut self, d: Decision) {
        let step = self.step;
        if !step.has_decision() {
            let with_question: Vec<String> = StepKey::ALL
                .iter()
                .filter(|s| s.has_decision())
                .map(|s| (s.index() + 1).to_string())
                .collect();
            let text = tf(
                self.lang,
                "answer.no_question",
                &[("steps", &with_question.join(", "))],
            );
            self.status = Some(super::Status { text, error: true });
            return;
        }
        if let Some(case) = self.case()
            && ends_case(case, step, d).is_some()
        {
            self.overlay = Some(Overlay::ConfirmAnswer { step, decision: d });
            return;
        }
        self.apply_answer(step, d);
    }

    /// Record the answer, say what it changed and move to where it leads.
    pub(super) fn apply_answer(&mut self, step: StepKey, d: Decision) {
        let now = self.now;
        let Some(before) = self.case().cloned() else {
            return;
        };
        if self
            .change(Change::Answer { step, decision: d }, |c| {
                c.answer(step, d, now)
            })
            .is_none()
        {
            return self.say("status.read_only");
        }
        self.flush = true;
        let Some(after) = self.case().cloned() else {
            return;
        };
        let text = describe(self.lang, step, &before, &after);
        if after.status.is_open()
            && !stays(step, &after)
            && let Some(next) = after.next_step
        {
            self.select_step(next);
        }
        self.status = Some(super::Status { text, error: false });
        if before.status != after.status {
            self.refresh_report();
        }
    }

    /// The confirmation's text: what answering would do, and how to keep the case open.
    pub fn confirm_answer_text(&self, step: StepKey, d: Decision) -> String {
        let status = self
            .case()
            .and_then(|c| ends_case(c, step, d))
            .unwrap_or(CaseStatus::Closed);
        tf(
            self.lang,
            &format!("answer.confirm.{}", status.as_str()),
            &[
                ("answer", answer_label(self.lang, step, d)),
                (
                    "status",
                    t(self.lang, &format!("status.{}", status.as_str())),
                ),
            ],
        )
    }
}
