//! A phone number to call back, presented as customer service, a refund desk or a fraud
//! team, that is not an official number: scammers put their own number in a message that
//! looks like a bank's or a platform's. Official numbers (`assets/official_contacts.json`)
//! raise nothing; a courier's or a shop's number with no such claim raises nothing either.

use super::Vocabulary;
use super::message::Message;

/// A number needs this many digits to be a phone number (service numbers have five).
const MIN_DIGITS: usize = 5;
/// The call word ("call", "拨打") stands at most this many characters before the number.
const CALL_REACH: usize = 40;

pub(super) fn call_back(msg: &Message, vocab: &Vocabulary) -> Option<usize> {
    let text = msg.text();
    let calls: Vec<usize> = msg
        .find_all(&vocab.call_words)
        .into_iter()
        .map(|(_, end)| end)
        .collect();
    let services: Vec<usize> = msg
        .find_all(&vocab.service_words)
        .into_iter()
        .map(|(s, _)| msg.sentence_of(s))
        .collect();
    numbers(text).into_iter().find_map(|(start, digits)| {
        let called = calls
            .iter()
            .any(|&end| end <= start && start - end <= CALL_REACH);
        let as_service = services.contains(&msg.sentence_of(start));
        (called && as_service && !vocab.official.is_number(&digits)).then_some(start)
    })
}

/// Phone-number-like runs: digits with single spaces, dashes or brackets between them, an
/// optional leading `+`; not part of an amount (`38.50`) or a word.
fn numbers(text: &[char]) -> Vec<(usize, String)> {
    let mut out = vec![];
    let mut i = 0;
    while i < text.len() {
        let starts = (text[i].is_ascii_digit() || text[i] == '+' || text[i] == '(')
            && (i == 0 || !text[i - 1].is_ascii_alphanumeric() && text[i - 1] != '.');
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        while i < text.len() {
            let c = text[i];
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !(matches!(c, ' ' | '-' | '(' | ')' | '+')
                && text
                    .get(i + 1)
                    .is_some_and(|n| n.is_ascii_digit() || *n == '('))
            {
                break;
            }
            i += 1;
        }
        let amount = text.get(i) == Some(&'.') && text.get(i + 1).is_some_and(char::is_ascii_digit);
        if digits.len() >= MIN_DIGITS && !amount {
            out.push((start, digits));
        }
        i = i.max(start + 1);
    }
    out
}
