//! `paytwice scan` on WeChat Pay bills of 10,000, 100,000 and 1,000,000 rows, side by side:
//! reading and finding the candidates, and finding alone on the worst case for a quadratic
//! search (every row the same merchant and amount). Ten times the rows should take about ten
//! times as long.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use paytwice::bill;
use paytwice::domain::duplicates::{DEFAULT_WINDOW_MINUTES, find};

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

/// A WeChat Pay csv as the app writes it (BOM, padded preamble, tabs after IDs), with
/// invented merchants, regular purchases and a duplicate every thousand rows. With
/// `one_merchant`, every row is the same merchant and amount, a minute apart.
fn wechat_bill(rows: usize, one_merchant: bool) -> Vec<u8> {
    let mut s = String::from("\u{FEFF}微信支付账单明细,,,,,,,,,,\r\n");
    for line in [
        "微信昵称：[示例用户]",
        "起始时间：[2024-01-01 00:00:00] 终止时间：[2026-11-21 00:00:00]",
        "导出类型：[全部]",
        "----------------------微信支付账单明细列表--------------------",
    ] {
        s.push_str(line);
        s.push_str(",,,,,,,,,,\r\n");
    }
    s.push_str("交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\r\n");
    let start: jiff::civil::DateTime = "2020-01-01T08:00:00".parse().expect("a valid start");
    for i in 0..rows {
        // A retry 20 seconds after every thousandth charge: the duplicates to find.
        let (n, extra) = if i % 1000 == 999 { (i - 1, 20) } else { (i, 0) };
        let step = if one_merchant { 60 } else { 151 };
        let t = start
            .checked_add(jiff::Span::new().seconds(n as i64 * step + extra))
            .expect("in range");
        let (merchant, cents) = if one_merchant {
            ("商户000".to_string(), 3850)
        } else {
            (format!("商户{:03}", n % 700), 100 + (n * 37) % 20_000)
        };
        let dir = if n % 50 == 0 && !one_merchant {
            "收入"
        } else {
            "支出"
        };
        s.push_str(&format!(
            "{},商户消费,{merchant},商品,{dir},¥{}.{:02},中国银行(1234),支付成功,{:028}\t,M{n:010}\t,/\r\n",
            t.strftime("%Y-%m-%d %H:%M:%S"),
            cents / 100,
            cents % 100,
            4_200_000_000_000_000_000u128 + i as u128,
        ));
    }
    s.into_bytes()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("scan: read + find");
    g.sample_size(10);
    for rows in SIZES {
        let bytes = wechat_bill(rows, false);
        let bill = bill::read(&bytes).expect("the generated bill reads");
        assert_eq!(bill.rows.len(), rows);
        assert_eq!(find(&bill.rows, DEFAULT_WINDOW_MINUTES).len(), rows / 1000);
        drop(bill);
        g.bench_with_input(BenchmarkId::from_parameter(rows), &bytes, |b, bytes| {
            b.iter(|| {
                let bill = bill::read(std::hint::black_box(bytes)).expect("reads");
                find(&bill.rows, DEFAULT_WINDOW_MINUTES)
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("find: one merchant and amount");
    g.sample_size(10);
    for rows in SIZES {
        let bill = bill::read(&wechat_bill(rows, true)).expect("reads");
        g.bench_with_input(BenchmarkId::from_parameter(rows), &bill.rows, |b, rows| {
            b.iter(|| find(std::hint::black_box(rows), DEFAULT_WINDOW_MINUTES))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
