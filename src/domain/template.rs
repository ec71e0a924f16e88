//! The message templates (SPEC §4): five recipients × two lengths × two languages, plus the
//! confirmation a resolved case sends instead, minijinja files in `assets/templates/`,
//! embedded. A user override is handed in as text (the caller reads the
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
    /// The bank that issued the card (the card route: a dispute of the duplicate charge).
    CardIssuer,
}

impl Recipient {
    pub const ALL: [Recipient; 5] = [
        Recipient::Merchant,
        Recipient::Service,
        Recipient::Complaint,
        Recipient::Followup,
        Recipient::CardIssuer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Recipient::Merchant => "merchant",
            Recipient::Service => "service",
            Recipient::Complaint => "complaint",
            Recipient::Followup => "followup",
            Recipient::CardIssuer => "card_issuer",
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
        let n = Recipient::ALL.len();
        let i = self.index() + if forward { 1 } else { n - 1 };
        Recipient::ALL[i % n]
    }

    /// `merchant.zh.j2`: the built-in's name, and the name an override file must have.
    pub fn file_name(self, lang: Lang) -> String {
        format!("{}.{}.j2", self.as_str(), lang.code())
    }
}

/// How long a message is: a few lines to paste into a chat (no subject line), or the whole
/// letter (e-mail, complaint). Both come from the same facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Length {
    Short,
    #[default]
    Full,
}

impl Length {
    pub const ALL: [Length; 2] = [Length::Short, Length::Full];

    pub fn as_str(self) -> &'static str {
        match self {
            Length::Short => "short",
            Length::Full => "full",
        }
    }

    pub fn toggle(self) -> Length {
        match self {
            Length::Short => Length::Full,
            Length::Full => Length::Short,
        }
    }
}

/// Which template a message uses: the one for its recipient, or, once the refund has
/// arrived, the confirmation (no reminder or complaint is offered then).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Template {
    To(Recipient),
    Confirmation,
}

impl Template {
    /// `merchant.zh.j2`, `merchant.short.zh.j2`, `confirmation.en.j2`.
    pub fn file_name(self, length: Length, lang: Lang) -> String {
        let stem = match self {
            Template::To(r) => r.as_str(),
            Template::Confirmation => "confirmation",
        };
        match length {
            Length::Full => format!("{stem}.{}.j2", lang.code()),
            Length::Short => format!("{stem}.short.{}.j2", lang.code()),
        }
    }
}

macro_rules! builtins {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../assets/templates/", $name)))),*]
    };
}

/// Every built-in template by file name.
const BUILTINS: &[(&str, &str)] = builtins![
    "merchant.zh.j2",
    "merchant.en.j2",
    "merchant.short.zh.j2",
    "merchant.short.en.j2",
    "service.zh.j2",
    "service.en.j2",
    "service.short.zh.j2",
    "service.short.en.j2",
    "complaint.zh.j2",
    "complaint.en.j2",
    "complaint.short.zh.j2",
    "complaint.short.en.j2",
    "followup.zh.j2",
    "followup.en.j2",
    "followup.short.zh.j2",
    "followup.short.en.j2",
    "card_issuer.zh.j2",
    "card_issuer.en.j2",
    "card_issuer.short.zh.j2",
    "card_issuer.short.en.j2",
    "confirmation.zh.j2",
    "confirmation.en.j2",
    "confirmation.short.zh.j2",
    "confirmation.short.en.j2",
];

/// The embedded template of that kind, length and language.
pub fn builtin_of(t: Template, length: Length, lang: Lang) -> &'static str {
    let name = t.file_name(length, lang);
    BUILTINS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, source)| source)
}

/// The embedded full template for a recipient and language.
pub fn builtin(to: Recipient, lang: Lang) -> &'static str {
    builtin_of(Template::To(to), Length::Full, lang)
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
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("the default delimiters are valid"),
    );
    // A misspelt variable in an override is an error with a line, not an empty gap.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env
}

/// How far a user's override may go. A message is a page of text: these are far above what
/// one needs and far below what could stall or exhaust the program.
pub mod limits {
    /// The override's text.
    pub const SOURCE: usize = 64 * 1024;
    /// Operators and brackets inside one `{{ }}` or `{% %}`: bounds how deep the parser and
    /// compiler recurse (a 32 KB `{{ ---…1 }}` overflowed the stack).
    pub const TAG_OPERATORS: usize = 64;
    /// Instructions run (minijinja's fuel): bounds loops within loops.
    pub const FUEL: u64 = 200_000;
    /// Nested blocks and calls while rendering.
    pub const RECURSION: usize = 32;
    /// The rendered message, and any one string made while rendering (`join`, `replace`).
    pub const OUTPUT: usize = 64 * 1024;
    /// Items `range` makes.
    pub const RANGE: usize = 1_000;
}

/// Why an override is refused before it is parsed, if it is.
fn guard(source: &str) -> Result<(), (usize, String)> {
    if source.len() > limits::SOURCE {
        return Err((1, format!("longer than {} KiB", limits::SOURCE / 1024)));
    }
    let bytes = source.as_bytes();
    let mut line = 1;
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'\n', _) => line += 1,
            (b'{', Some(b'#')) => {
                let end = source[i..].find("#}").map_or(bytes.len(), |e| i + e + 2);
                line += source[i..end].matches('\n').count();
                i = end;
                continue;
            }
            (b'{', Some(b'{' | b'%')) => {
                let statement = bytes[i + 1] == b'%';
                i = tag(source, i + 2, statement, &mut line)?;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Check one tag whose body starts at `start`; returns where the tag ends.
fn tag(
    source: &str,
    start: usize,
    statement: bool,
    line: &mut usize,
) -> Result<usize, (usize, String)> {
    #[derive(PartialEq)]
    enum Open {
        Call,
        Group,
        Subscript,
    }
    let refuse =
        |line: usize, what: &str| Err((line, format!("{what} not allowed in an override")));
    let bytes = source.as_bytes();
    let at = *line;
    let mut operators = 0;
    let mut open: Vec<Open> = vec![];
    // The tag's first word (`for`, `set`…), and whether a `for` has reached its `in`.
    let mut first: Option<&str> = None;
    let mut seen_in = false;
    let mut assigns = false;
    // The last thing before the current byte: a value (a name, a literal, a closing bracket)
    // makes `(` a call and `[` a subscript; anything else makes them a tuple or a list.
    let mut after_value = false;
    // `{{-` / `{%+`: whitespace control, not an operator (nor `-}}` / `+%}` at the end).
    let mut i = start + usize::from(matches!(bytes.get(start), Some(b'-' | b'+')));
    let closes =
        |i: usize| matches!(bytes.get(i), Some(b'}' | b'%')) && bytes.get(i + 1) == Some(&b'}');
    while i < bytes.len() {
        if operators > limits::TAG_OPERATORS {
            return Err((
                at,
                format!(
                    "more than {} operators in one expression",
                    limits::TAG_OPERATORS
                ),
            ));
        }
        let b = bytes[i];
        let mut value = false;
        match b {
            _ if closes(i) => {
                // What a block `set` or `filter` captures, and what a recursive loop returns,
                // is kept in memory outside the output's cap (loops within them multiply it).
                return match first {
                    Some("filter") if statement => refuse(at, "a `filter` block is"),
                    Some("set") if statement && !assigns => refuse(at, "a block `set` is"),
                    _ => Ok(i + 2),
                };
            }
            b'-' | b'+' if closes(i + 1) => {}
            _ if b.is_ascii_whitespace() => {
                *line += usize::from(b == b'\n');
                i += 1;
                continue;
            }
            b'"' | b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b {
                    if bytes[i] == b'\\' {
                        i += 1;
                    } else if bytes[i] == b'\n' {
                        *line += 1;
                    }
                    i += 1;
                }
                value = true;
            }
            // Repetition (`"x" * 90000`) and concatenation (`s ~ s`, `s + s`) make strings
            // without bound in a few steps; a message needs none of them.
            b'*' | b'~' | b'+' => return refuse(*line, &format!("`{}` is", b as char)),
            // Lists, tuples and maps written in the template can hold one value many times,
            // and nested through `set` they grow without bound (comparing two of them then
            // takes for ever); a message needs none.
            b'{' => return refuse(*line, "a map (`{…}`) is"),
            b'[' | b'(' => {
                operators += 1;
                open.push(match (b, after_value) {
                    (b'[', true) => Open::Subscript,
                    (b'[', false) => return refuse(*line, "a list (`[…]`) is"),
                    (_, true) => Open::Call,
                    _ => Open::Group,
                });
            }
            b']' | b')' => {
                open.pop();
                value = true;
            }
            b',' => {
                operators += 1;
                let unpacking = open.is_empty() && first == Some("for") && !seen_in;
                if open.last() != Some(&Open::Call) && !unpacking {
                    return refuse(*line, "a tuple (`a, b`) is");
                }
            }
            b'=' => {
                operators += 1;
                let compares = matches!(bytes.get(i + 1), Some(b'='))
                    || matches!(
                        bytes.get(i.wrapping_sub(1)),
                        Some(b'=' | b'!' | b'<' | b'>')
                    );
                assigns |= open.is_empty() && !compares;
            }
            b'-' | b'/' | b'%' | b'|' | b'.' | b'<' | b'>' | b'!' => operators += 1,
            _ if b.is_ascii_alphanumeric() || b == b'_' => {
                let end = bytes[i..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                    .map_or(bytes.len(), |e| i + e);
                let word = &source[i..end];
                first.get_or_insert(word);
                seen_in |= word == "in";
                if word == "recursive" && statement {
                    return refuse(*line, "a recursive loop is");
                }
                let keyword = matches!(word, "not" | "and" | "or" | "if" | "else" | "is" | "in");
                operators += usize::from(keyword);
                after_value = !keyword;
                i = end;
                continue;
            }
            _ => {}
        }
        after_value = value;
        i += 1;
    }
    Ok(bytes.len())
}

/// A string of at most `limits::OUTPUT` bytes; writing past that fails (so a value is never
/// made whole only to be refused).
struct Bounded(String);

impl std::fmt::Write for Bounded {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.0.len() + s.len() > limits::OUTPUT {
            return Err(std::fmt::Error);
        }
        self.0.push_str(s);
        Ok(())
    }
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let s = std::str::from_utf8(buf).map_err(std::io::Error::other)?;
        std::fmt::Write::write_str(self, s).map_err(|_| std::io::Error::other(too_long()))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn too_long() -> String {
    format!("the text grew past {} KiB", limits::OUTPUT / 1024)
}

fn bounded(v: &minijinja::Value) -> Result<String, minijinja::Error> {
    use std::fmt::Write;
    let mut out = Bounded(String::new());
    write!(out, "{v}")
        .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, too_long()))?;
    Ok(out.0)
}

/// The environment for a user's override: fuel and recursion limits, and only the filters
/// and functions whose result cannot grow past `limits::OUTPUT` (the others are removed or
/// replaced by bounded ones).
fn guarded_environment() -> Environment<'static> {
    use minijinja::{Error, ErrorKind, Value};
    let mut env = environment();
    env.set_fuel(Some(limits::FUEL));
    env.set_recursion_limit(limits::RECURSION);
    for name in [
        "indent",
        "format",
        "pprint",
        "tojson",
        "urlencode",
        "safe",
        "escape",
        "e",
        "string",
        "split",
        "lines",
        "sum",
        "title",
        "capitalize",
        "upper",
        "lower",
        "trim",
        "join",
        "replace",
    ] {
        env.remove_filter(name);
    }
    // Each of these builds a value holding another many times over (see `tag`).
    for name in ["zip", "chain"] {
        env.remove_filter(name);
    }
    for name in ["namespace", "debug", "dict"] {
        env.remove_global(name);
    }
    let text = |f: fn(&str) -> String| move |v: &Value| bounded(v).map(|s| f(&s));
    env.add_filter("string", text(|s| s.to_string()));
    env.add_filter("upper", text(str::to_uppercase));
    env.add_filter("lower", text(str::to_lowercase));
    env.add_filter("trim", text(|s| s.trim().to_string()));
    env.add_filter(
        "title",
        text(|s| minijinja::filters::title(std::borrow::Cow::Borrowed(s))),
    );
    env.add_filter(
        "capitalize",
        text(|s| {
            let mut c = s.chars();
            c.next()
                .map(|f| {
                    f.to_uppercase()
                        .chain(c.flat_map(char::to_lowercase))
                        .collect()
                })
                .unwrap_or_default()
        }),
    );
    env.add_filter("join", |v: &Value, sep: Option<&Value>| {
        use std::fmt::Write;
        let sep = sep.map(bounded).transpose()?.unwrap_or_default();
        let mut out = Bounded(String::new());
        let long = || Error::new(ErrorKind::InvalidOperation, too_long());
        for (n, item) in v.try_iter()?.enumerate() {
            if n > 0 {
                out.write_str(&sep).map_err(|_| long())?;
            }
            write!(out, "{item}").map_err(|_| long())?;
        }
        Ok(out.0)
    });
    env.add_filter("replace", |v: &Value, from: &Value, to: &Value| {
        let (s, from, to) = (bounded(v)?, bounded(from)?, bounded(to)?);
        let grown = s.matches(from.as_str()).count().saturating_mul(to.len());
        if s.len().saturating_add(grown) > limits::OUTPUT {
            return Err(Error::new(ErrorKind::InvalidOperation, too_long()));
        }
        Ok(s.replace(from.as_str(), &to))
    });
    env.add_function("range", |a: i64, b: Option<i64>, step: Option<i64>| {
        let (lo, hi) = match b {
            Some(b) => (a, b),
            None => (0, a),
        };
        let step = step.unwrap_or(1);
        if step == 0 {
            return Err(Error::new(ErrorKind::InvalidOperation, "range step of 0"));
        }
        let n = (i128::from(hi) - i128::from(lo)) / i128::from(step);
        if n > limits::RANGE as i128 {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("range of more than {} items", limits::RANGE),
            ));
        }
        let mut items = vec![];
        let mut x = lo;
        while (step > 0 && x < hi) || (step < 0 && x > hi) {
            items.push(Value::from(x));
            x = x.saturating_add(step);
        }
        Ok(Value::from(items))
    });
    env
}

fn render_source<C: Serialize>(
    name: &str,
    source: &str,
    ctx: &C,
    user: bool,
) -> Result<String, OverrideError> {
    let err = |e: minijinja::Error| OverrideError {
        file: name.to_string(),
        line: e.line(),
        detail: match e.kind() {
            minijinja::ErrorKind::OutOfFuel => "the template runs too long".to_string(),
            minijinja::ErrorKind::WriteFailure => too_long(),
            _ => e
                .detail()
                .map(str::to_string)
                .unwrap_or_else(|| e.kind().to_string()),
        },
    };
    if !user {
        let env = environment();
        let tmpl = env.template_from_named_str(name, source).map_err(err)?;
        return tmpl.render(minijinja::value::Serde(ctx)).map_err(err);
    }
    guard(source).map_err(|(line, detail)| OverrideError {
        file: name.to_string(),
        line: Some(line),
        detail,
    })?;
    let env = guarded_environment();
    let tmpl = env.template_from_named_str(name, source).map_err(err)?;
    let mut out = Bounded(String::new());
    tmpl.render_captured_to(minijinja::value::Serde(ctx), &mut out)
        .map_err(err)?;
    Ok(out.0)
}

/// Render the full message for `to` in `lang` with `ctx`, using `user` when it works.
pub fn render<C: Serialize>(
    to: Recipient,
    lang: Lang,
    ctx: &C,
    user: Option<&Override>,
) -> Rendered {
    render_template(Template::To(to), Length::Full, lang, ctx, user)
}

/// Render template `t` at `length` in `lang` with `ctx`, using `user` when it works.
pub fn render_template<C: Serialize>(
    t: Template,
    length: Length,
    lang: Lang,
    ctx: &C,
    user: Option<&Override>,
) -> Rendered {
    let mut override_error = None;
    if let Some(o) = user {
        match render_source(&o.file, &o.source, ctx, true) {
            Ok(text) => {
                return Rendered {
                    text: tidy(&text),
                    override_error: None,
                };
            }
            Err(e) => override_error = Some(e),
        }
    }
    let name = t.file_name(length, lang);
    // The built-ins are tested with every context shape; an error here is a bug, shown as
    // text rather than a panic.
    let text = render_source(&name, builtin_of(t, length, lang), ctx, false)
        .unwrap_or_else(|e| e.to_string());
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
        assert_eq!(Recipient::CardIssuer.step(true), Recipient::Merchant);
        assert_eq!(Recipient::Merchant.step(false), Recipient::CardIssuer);
        assert_eq!(Recipient::Merchant.file_name(Lang::Zh), "merchant.zh.j2");
    }

    #[test]
    fn every_template_length_and_language_is_built_in() {
        let kinds = Recipient::ALL
            .into_iter()
            .map(Template::To)
            .chain([Template::Confirmation]);
        for t in kinds {
            for length in Length::ALL {
                for lang in Lang::ALL {
                    let name = t.file_name(length, lang);
                    assert!(!builtin_of(t, length, lang).is_empty(), "{name}");
                }
            }
        }
        assert_eq!(
            Template::To(Recipient::CardIssuer).file_name(Length::Short, Lang::En),
            "card_issuer.short.en.j2"
        );
        assert_eq!(BUILTINS.len(), 24);
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

    fn hostile(source: String) -> (Rendered, std::time::Duration) {
        let o = Override {
            file: "/cfg/templates/merchant.en.j2".into(),
            source,
        };
        let big = "m".repeat(2000);
        let ctx = serde_json::json!({"merchant": big, "items": ["a", "b"], "pairs": {"p": "qrs"}});
        let start = std::time::Instant::now();
        let r = render(Recipient::Merchant, Lang::En, &ctx, Some(&o));
        (r, start.elapsed())
    }

    /// Every override from the issue that hung, aborted or asked for gigabytes: each is
    /// refused or stopped, named, and the built-in is used, quickly — on a test thread's small
    /// stack, so a deep expression that reached the parser would have overflowed it here.
    #[test]
    fn a_runaway_override_falls_back_to_the_builtin_with_its_file_named() {
        let nested = "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in \
                      range(1000) %}{{ merchant }}{% endfor %}{% endfor %}{% endfor %}";
        let cases = [
            ("nested loops", nested.to_string()),
            ("minus run", format!("{{{{ {}1 }}}}", "-".repeat(32_000))),
            ("tilde run", format!("{{{{ 1{} }}}}", "~1".repeat(16_000))),
            (
                "filter run",
                format!("{{{{ merchant{} }}}}", "|upper".repeat(5_000)),
            ),
            (
                "parens",
                format!("{{{{ {}1{} }}}}", "(".repeat(5_000), ")".repeat(5_000)),
            ),
            ("not run", format!("{{{{ {}1 }}}}", "not ".repeat(8_000))),
            (
                "repeat and join",
                "{% set s = \"x\" * 90000 %}{{ range(99999)|join(s) }}".to_string(),
            ),
            ("big join", "{{ range(999)|join(merchant) }}".to_string()),
            ("big range", "{{ range(99999)|length }}".to_string()),
            (
                "concat",
                "{% set s = merchant ~ merchant %}{{ s }}".to_string(),
            ),
            (
                "plus",
                "{% set s = merchant + merchant %}{{ s }}".to_string(),
            ),
            (
                "replace",
                "{{ merchant|replace(\"m\", merchant) }}".to_string(),
            ),
            (
                "list to text",
                format!("{{{{ [{}merchant]|upper }}}}", "merchant, ".repeat(40)),
            ),
            (
                "output",
                "{% for i in range(1000) %}{{ merchant }}{% endfor %}".to_string(),
            ),
            (
                "too long",
                format!("{}{{{{ merchant }}}}", "x".repeat(70_000)),
            ),
            ("deep lists", deep_lists()),
            ("list", "{{ [merchant, merchant]|length }}".to_string()),
            ("tuple", "{{ (merchant, merchant)|length }}".to_string()),
            (
                "bare tuple",
                "{% set t = merchant, merchant %}{{ t }}".to_string(),
            ),
            ("map", "{{ {'a': merchant}|length }}".to_string()),
            (
                "dict",
                "{{ dict(a=merchant, b=merchant)|length }}".to_string(),
            ),
            ("zip", "{{ items|zip(items)|length }}".to_string()),
            (
                "captures",
                "{% set x %}{% for i in range(1000) %}{{ merchant }}{% endfor %}{% endset %}\
                 {% set y %}{% for i in range(1000) %}{{ x }}{% endfor %}{% endset %}{{ y|length }}"
                    .to_string(),
            ),
            (
                "filter block",
                "{% filter upper %}{% for i in range(999) %}{{ merchant }}{% endfor %}\
                 {% endfilter %}"
                    .to_string(),
            ),
            (
                "recursive",
                "{% for i in items recursive %}{{ loop(items) }}{% endfor %}".to_string(),
            ),
        ];
        for (what, source) in cases {
            let (r, took) = hostile(source);
            let e = r
                .override_error
                .unwrap_or_else(|| panic!("{what}: accepted"));
            assert_eq!(e.file, "/cfg/templates/merchant.en.j2", "{what}");
            assert!(r.text.len() < 16 * 1024, "{what}: the built-in was used");
            assert!(took.as_secs() < 5, "{what}: took {took:?}");
        }
    }

    /// Lists holding the one before them eight times, twelve deep, two of them built apart:
    /// comparing them would visit 8^12 strings.
    fn deep_lists() -> String {
        let mut src = "{% set m2 = merchant|string %}".to_string();
        let (mut a, mut b) = ("merchant".to_string(), "m2".to_string());
        for i in 0..12 {
            src += &format!("{{% set a{i} = [{}] %}}", [a.as_str(); 8].join(","));
            src += &format!("{{% set b{i} = [{}] %}}", [b.as_str(); 8].join(","));
            (a, b) = (format!("a{i}"), format!("b{i}"));
        }
        src + &format!("{{{{ {a} == {b} }}}}")
    }

    #[test]
    fn an_ordinary_override_is_not_refused_by_the_limits() {
        let (r, _) = hostile(
            "{#- a note -#}\nDear {{ merchant|length }},\n{%- for i in items %}\n- \
             {{ i|upper }} {{ loop.index - 1 }}{% if not loop.last and i != 'z' %},{% endif %}\
             {% endfor %}\n{{ items|join(', ') }} {{ range(3)|join }} {{ 'a+b*c~d' }}\n\
             {% for k, v in pairs|items %}{{ k }}={{ v[0] }}{{ pairs[k][1:] }} {% endfor %}\
             {{ range(1, 3)|join(', ') }} {{ (items|length) - 1 }} {{ items[0]\n|upper }} \
             {% set c = items|length %}{% if c >= 2 and c != 3 %}<{{ c }}>{% endif %}"
                .to_string(),
        );
        assert_eq!(r.override_error, None);
        assert!(r.text.contains("- A 0,- B 1a, b 012 a+b*c~d"), "{}", r.text);
        assert!(r.text.contains("p=qrs 1, 2 1 A <2>"), "{}", r.text);
    }

    /// A user starts an override from a copy of the built-in: every one passes the limits.
    #[test]
    fn a_copy_of_each_builtin_works_as_an_override() {
        use crate::messages::testing::{full_case, now};
        let tz = jiff::tz::TimeZone::UTC;
        for to in Recipient::ALL {
            for lang in Lang::ALL {
                let o = Override {
                    file: to.file_name(lang),
                    source: builtin(to, lang).to_string(),
                };
                let m = crate::messages::compose(&full_case(), to, lang, now(), &tz, Some(&o));
                let plain = crate::messages::compose(&full_case(), to, lang, now(), &tz, None);
                assert_eq!(m.text, plain.text, "{to:?} {lang:?}");
                assert!(m.warnings.len() <= plain.warnings.len(), "{to:?} {lang:?}");
            }
        }
    }
}
