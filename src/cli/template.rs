//! `paytwice template CASE --to …`: the guarded message on stdout; the missing facts and the
//! privacy warnings on stderr, so `> message.txt` captures only the message.

use std::io::Write;
use std::process::ExitCode;

use super::context::{CliResult, Context, print_clean};
use crate::domain::sanitize::clean_line;
use crate::domain::template::{Length, Override, Recipient};
use crate::lang::Lang;
use crate::storage::{self, Access};

pub fn recipient(to: super::Recipient) -> Recipient {
    match to {
        super::Recipient::Merchant => Recipient::Merchant,
        super::Recipient::Service => Recipient::Service,
        super::Recipient::Complaint => Recipient::Complaint,
        super::Recipient::Followup => Recipient::Followup,
        super::Recipient::CardIssuer => Recipient::CardIssuer,
    }
}

/// The user's override for this template, if any; a file that cannot be read is a warning.
pub fn user_override(ctx: &Context, to: Recipient, lang: Lang) -> Option<Override> {
    let dir = storage::config_dir()?;
    match storage::overrides::read(&dir, to, lang) {
        Ok(o) => o,
        Err(e) => {
            warn(ctx, &e);
            None
        }
    }
}

pub fn warn(ctx: &Context, text: &str) {
    let line = ctx.tf("cli.warning", &[("text", text)]);
    let _ = writeln!(std::io::stderr(), "{}", clean_line(&line));
}

/// `--lang` is the global flag (clap allows it after the subcommand): it picks the
/// message's language and the language of the notes on stderr alike.
pub fn run(ctx: &mut Context, query: &str, to: super::Recipient, short: bool) -> CliResult {
    let mut store = ctx.store(Access::ReadOnly)?;
    let case = super::show::find(ctx, &mut store, query)?;
    let lang = ctx.lang;
    let to = recipient(to);
    let user = user_override(ctx, to, lang);
    let length = if short { Length::Short } else { Length::Full };
    let m = crate::messages::compose_at(&case, to, length, lang, ctx.now, &ctx.tz, user.as_ref());
    if !m.missing.is_empty() {
        let list = m.missing.join(", ");
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            clean_line(&ctx.tf("cli.missing", &[("list", &list)]))
        );
    }
    for w in &m.warnings {
        warn(ctx, w);
    }
    print_clean(&m.text)?;
    Ok(ExitCode::SUCCESS)
}
