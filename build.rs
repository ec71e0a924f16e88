//! Build-time work, so that start-up has less to do (issue 6): the word tables become static
//! arrays (`build/text_tables.rs`), and the program is linked to load fast (`build/link.rs`).

#[path = "build/link.rs"]
mod link;
#[path = "build/text_tables.rs"]
mod text_tables;

fn main() {
    link::pack_relocations();
    link::order_startup_code();
    text_tables::generate();
}
