//! The start-up floor for `benches/startup.rs`: the smallest ratatui 0.30 program that does
//! what paytwice's first frame does — enter the alternate screen in raw mode and draw one
//! bordered paragraph — then waits for `q`. paytwice's start-up is measured against this.

use ratatui::crossterm::event::{self, Event, KeyCode};
use ratatui::widgets::{Block, Paragraph, Wrap};

fn main() -> std::io::Result<()> {
    let mut terminal = ratatui::init();
    let result = (|| {
        terminal.draw(|f| {
            let p = Paragraph::new("The floor: one bordered paragraph, nothing loaded.")
                .wrap(Wrap { trim: true })
                .block(Block::bordered().title(" floor "));
            f.render_widget(p, f.area());
        })?;
        loop {
            if let Event::Key(k) = event::read()?
                && k.code == KeyCode::Char('q')
            {
                return Ok(());
            }
        }
    })();
    ratatui::restore();
    result
}
