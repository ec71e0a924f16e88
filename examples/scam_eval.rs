//! `cargo run --release --example scam_eval -- [FILE.jsonl]`: the scam check measured on a
//! labelled corpus (default `../shared/corpus/scam/dev.jsonl`): recall on `scam-refund` and
//! `scam-other` and false alarms on `genuine`, per language, then every miss and false alarm.

use std::process::ExitCode;

fn main() -> ExitCode {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/scam/dev.jsonl".into());
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("scam_eval: cannot read {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    use paytwice::domain::scam::eval::{evaluate, evaluate_disguised};
    let report = evaluate(text.lines());
    print!("{}", report.render());
    // The same messages in disguise: the figures above should hold.
    type Disguise = fn(&str) -> String;
    let disguises: [(&str, Disguise); 2] = [
        ("in Traditional characters (OpenCC s2t)", |t| {
            hanconv::s2t(t)
        }),
        (
            "with a zero-width space between every two characters",
            |t| t.chars().flat_map(|c| [c, '\u{200B}']).collect(),
        ),
    ];
    for (name, disguise) in disguises {
        let r = evaluate_disguised(text.lines(), disguise);
        let table: String = r
            .render()
            .lines()
            .take(1 + r.by_lang.len())
            .collect::<Vec<_>>()
            .join("\n");
        println!("\nThe same messages {name}:\n{table}");
    }
    ExitCode::SUCCESS
}
