//! When a web address is a red flag. A link alone is not: real order and bank notices carry
//! them. It is one when it does not go to an official domain and
//! - it is a bare IP address (no real service sends those), or
//! - its host borrows a bank's, a payment app's or a security word (`commbank.netban…`,
//!   `secure-payment-update.com`): a look-alike of a real site, or
//! - the message asks the reader to act through it: click, log in, verify, claim, fill in.
//!
//! A bare address (`icicibank.com`, no scheme and no path) is how a real service tells you
//! to type its site yourself: it is a flag only when its host is a made-up look-alike (a
//! lure word with a dash or a digit, or one buried in a longer host: `refund-help.top`).

use super::Vocabulary;
use super::message::Message;

pub(super) fn suspicious_link(msg: &Message, vocab: &Vocabulary) -> Option<usize> {
    let asks_to_act = !msg.find_all(&vocab.link_actions).is_empty();
    msg.links().iter().find_map(|(at, _, host, bare)| {
        if vocab.official.is_domain(host) {
            return None;
        }
        let ip = host
            .split('.')
            .all(|l| l.chars().all(|c| c.is_ascii_digit()));
        let lure = vocab.link_lures.iter().any(|w| contains(host, w));
        let made_up = host.contains('-')
            || host.chars().any(|c| c.is_ascii_digit())
            || host.split('.').count() > 2;
        let flagged = if *bare {
            ip || lure && made_up
        } else {
            ip || lure || asks_to_act
        };
        flagged.then_some(*at)
    })
}

fn contains(host: &str, word: &[char]) -> bool {
    let w: String = word.iter().collect();
    host.contains(&w)
}
