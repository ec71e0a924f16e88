use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;
use super::context::CliResult;

pub fn run(shell: clap_complete::Shell) -> CliResult {
    clap_complete::generate(
        shell,
        &mut Cli::command(),
        "paytwice",
        &mut std::io::stdout(),
    );
    Ok(ExitCode::SUCCESS)
}

/// `paytwice man`: one manual page from the same clap definition as `--help`: the program,
/// then every command with its arguments, then where the files are (as rules: a man page is
/// not about one machine).
pub fn man() -> CliResult {
    let cmd = super::command_with(super::FILES_IN_GENERAL);
    let mut page = vec![];
    let main = clap_mangen::Man::new(cmd.clone());
    let written = (|| -> std::io::Result<()> {
        main.render_title(&mut page)?;
        main.render_name_section(&mut page)?;
        main.render_synopsis_section(&mut page)?;
        main.render_description_section(&mut page)?;
        main.render_options_section(&mut page)?;
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = format!("paytwice {}", sub.get_name());
            writeln!(page, ".SH \"{}\"", name.to_uppercase())?;
            if let Some(about) = sub.get_long_about().or(sub.get_about()) {
                writeln!(page, "{}", roff_text(&about.to_string()))?;
            }
            let sub_page = clap_mangen::Man::new(sub.clone().bin_name(name.clone()));
            let mut part = vec![];
            sub_page.render_synopsis_section(&mut part)?;
            sub_page.render_options_section(&mut part)?;
            // Within this page a command's synopsis and options are subsections.
            let part = String::from_utf8_lossy(&part).replace(".SH ", ".SS ");
            page.write_all(part.as_bytes())?;
        }
        main.render_extra_section(&mut page)?;
        main.render_version_section(&mut page)
    })();
    written.map_err(|e| super::Failure::error(e.to_string()))?;
    let mut out = std::io::stdout().lock();
    match out.write_all(&page).and_then(|()| out.flush()) {
        // `paytwice man | head`: the reader has what it wanted.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(super::Failure::error(e.to_string()))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// Text as a roff paragraph: a leading dot or quote would be read as a request.
fn roff_text(s: &str) -> String {
    s.lines()
        .map(|l| {
            let l = l.replace('\\', "\\e");
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
