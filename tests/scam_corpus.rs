//! The scam check on the real messages of `../shared/corpus/scam/dev.jsonl` (issue 12), when
//! that folder is beside the project (it is third-party text, never copied into the project).
//! Holds the figures the README reports; without the corpus it says so and checks nothing.

use paytwice::domain::scam::eval::evaluate;

#[test]
fn the_development_corpus_meets_the_targets() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/scam/dev.jsonl"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("no corpus at {path}: nothing measured");
        return;
    };
    let report = evaluate(text.lines());
    println!("{}", report.render());
    assert!(report.unreadable.is_empty(), "{:?}", report.unreadable);
    for lang in ["zh", "en"] {
        let c = &report.by_lang[lang];
        assert!(
            c.refund_recall() >= 0.95,
            "{lang} scam-refund recall {:?}",
            c.refund
        );
        assert!(
            c.other_recall() >= 0.80,
            "{lang} scam-other recall {:?}",
            c.other
        );
        assert!(
            c.false_alarm_rate() <= 0.02,
            "{lang} false alarms {:?}",
            c.genuine
        );
    }
}
