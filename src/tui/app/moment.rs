//! `t` opens the message the moment calls for: the merchant at step 2, customer service at
//! step 4, the complaint once customer service has not resolved it, the reminder while the
//! refund is overdue. The other messages stay one key away (`1`–`4`, `←` `→`).

use super::App;
use crate::domain::case::Decision;
use crate::domain::deadlines::DeadlineFacts;
use crate::domain::steps::StepKey;
use crate::domain::template::Recipient;
use crate::tui::action::Action;

impl App {
    /// The recipient for the selected step of the open case, now.
    pub fn moment_recipient(&self) -> Recipient {
        let Some(case) = self.case() else {
            return Recipient::Merchant;
        };
        let escalated = case.step(StepKey::ContactSupport).decision == Some(Decision::No);
        let overdue =
            case.status.is_open() && self.overdue_refund(&DeadlineFacts::of(case)).is_some();
        match self.step {
            StepKey::ContactSupport if escalated => Recipient::Complaint,
            StepKey::ContactSupport => Recipient::Service,
            _ if overdue => Recipient::Followup,
            StepKey::ContactMerchant | StepKey::RequestRefund => Recipient::Merchant,
            // Steps 1, 5 and 6: where the case stands.
            _ if escalated => Recipient::Complaint,
            _ if case.current_step() == StepKey::ContactSupport => Recipient::Service,
            _ => Recipient::Merchant,
        }
    }

    /// Open the template view on the moment's message.
    pub(super) fn open_moment_template(&mut self) {
        let to = self.moment_recipient();
        let queued = self.templates.exports.len();
        self.open_templates();
        if to != Recipient::Merchant && self.templates.view.is_some() {
            // The view opens on the merchant's message; only the chosen one is saved.
            self.templates.exports.truncate(queued);
            self.template_action(Action::PickRecipient(to.index() as u8));
        }
    }
}
