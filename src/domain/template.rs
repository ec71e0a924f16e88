//! The message templates (SPEC §4): four recipients × two languages, minijinja files in
//! `assets/templates/`, embedded. A user override is handed in as text (the caller reads the
//! file); one that does not parse or render is reported with its file and line, and the
//! built-in template is used instead. No disk, no clock here.

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Recipient {
    Merchant,
    Service,
    Complaint,
    Followup,
}

impl Recipient {
    pub const ALL: [Recipient; 4] = [
        Recipient::Merchant,
        Recipient::Service,
        Recipient::Complaint,
        Recipient::Followup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Recipient::Merchant => "merchant",
            Recipient::Service => "service",
            Recipient::Complaint => "complaint",
            Recipient::Followup => "followup",
        }
    }

    pub fn parse(s: &str) -> Option<Recipient> {
        Recipient::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn index(self) -> usize {
        Recipient::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }

    /// The next (or previous) recipient, wrapping around.
    pub fn step(self, forward: bool) -> Recipient {
        let i = self.index() + if forward { 1 } else { 3 };
        Recipient::ALL[i % 4]
    }

    /// `merchant.zh.j2`: the built-in's name, and the name an override file must have.
    pub fn file_name(self, lang: Lang) -> String {
        format!("{}.{}.j2", self.as_str(), lang.code())
    }
}

/// The embedded template for a recipient and language.
pub fn builtin(to: Recipient, lang: Lang) -> &'static str {
    use Recipient::*;
    match (to, lang) {
        (Merchant, Lang::Zh) => include_str!("../../assets/templates/merchant.zh.j2"),
        (Merchant, Lang::En) => include_str!("../../assets/templates/merchant.en.j2"),
        (Service, Lang::Zh) => include_str!("../../assets/templates/service.zh.j2"),
        (Service, Lang::En) => include_str!("../../assets/templates/service.en.j2"),
        (Complaint, Lang::Zh) => include_str!("../../assets/templates/complaint.zh.j2"),
        (Complaint, Lang::En) => include_str!("../../assets/templates/complaint.en.j2"),
        (Followup, Lang::Zh) => include_str!("../../assets/templates/followup.zh.j2"),
        (Followup, Lang::En) => include_str!("../../assets/templates/followup.en.j2"),
    }
}

/// A user's replacement template: where it came from (for error messages) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub file: String,
    pub source: String,
}

/// Why an override was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideError {
    pub file: String,
    pub line: Option<usize>,
    pub detail: String,
}

impl std::fmt::Display for OverrideError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.file, self.detail),
            None => write!(f, "{}: {}", self.file, self.detail),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    /// Set when an override was given but could not be used (the built-in was).
    pub override_error: Option<OverrideError>,
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Plain text, not HTML: nothing is escaped. Blocks leave no blank lines behind.
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    // A misspelt variable in an override is an error with a line, not an empty gap.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env
}

fn render_source<C: Serialize>(name: &str, source: &str, ctx: &C) -> Result<String, OverrideError> {
    let env = environment();
    let err = |e: minijinja::Error| OverrideError {
        file: name.to_string(),
        line: e.line(),
        detail: e
            .detail()
            .map(str::to_string)
            .unwrap_or_else(|| e.kind().to_string()),
    };
    let tmpl = env.template_from_named_str(name, source).map_err(err)?;
    tmpl.render(ctx).map_err(err)
}

/// Render the message for `to` in `lang` with `ctx`, using `user` when it works.
pub fn render<C: Serialize>(
    to: Recipient,
    lang: Lang,
    ctx: &C,
    user: Option<&Override>,
) -> Rendered {
    let mut override_error = None;
    if let Some(o) = user {
        match render_source(&o.file, &o.source, ctx) {
            Ok(text) => {
                return Rendered {
                    text: tidy(&text),
                    override_error: None,
                };
            }
            Err(e) => override_error = Some(e),
        }
    }
    let name = to.file_name(lang);
    // The built-ins are tested with every context shape; an error here is a bug, shown as
    // text rather than a panic.
    let text = render_source(&name, builtin(to, lang), ctx).unwrap_or_else(|e| e.to_string());
    Rendered {
        text: tidy(&text),
        override_error,
    }
}

/// No trailing spaces, at most one blank line in a row, one final newline.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_round_trip_and_cycle() {
        for r in Recipient::ALL {
            assert_eq!(Recipient::parse(r.as_str()), Some(r));
            assert_eq!(r.step(true).step(false), r);
        }
        assert_eq!(Recipient::Followup.step(true), Recipient::Merchant);
        assert_eq!(Recipient::Merchant.file_name(Lang::Zh), "merchant.zh.j2");
    }

    #[test]
    fn a_working_override_replaces_the_builtin() {
        let o = Override {
            file: "/cfg/templates/merchant.en.j2".into(),
            source: "Hi {{ merchant }}!\n\n\n\nBye".into(),
        };
        let ctx = serde_json::json!({"merchant": "Corner Coffee"});
        let r = render(Recipient::Merchant, Lang::En, &ctx, Some(&o));
        assert_eq!(r.text, "Hi Corner Coffee!\n\nBye\n");
        assert_eq!(r.override_error, None);
    }

    #[test]
    fn a_broken_override_names_file_and_line_and_falls_back() {
        let o = Override {
            file: "/cfg/templates/merchant.en.j2".into(),
            source: "line one\nline two\n{% if merchant %}\nno end".into(),
        };
        let ctx = serde_json::json!({"merchant": "Corner Coffee"});
        let r = render(Recipient::Merchant, Lang::En, &ctx, Some(&o));
        let e = r.override_error.expect("error reported");
        assert_eq!(e.file, "/cfg/templates/merchant.en.j2");
        assert!(e.line.is_some_and(|l| l >= 3), "{e}");
        assert!(e.to_string().starts_with("/cfg/templates/merchant.en.j2:"));
        // The built-in was used (it fails on this thin context, but visibly, not silently).
        assert_ne!(r.text, "line one\nline two\n");
    }

    #[test]
    fn an_unknown_variable_in_an_override_is_an_error_with_its_line() {
        let o = Override {
            file: "x.j2".into(),
            source: "ok\n{{ marchant }}".into(),
        };
        let r = render(
            Recipient::Merchant,
            Lang::En,
            &serde_json::json!({}),
            Some(&o),
        );
        assert_eq!(r.override_error.and_then(|e| e.line), Some(2));
    }
}
