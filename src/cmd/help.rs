//! `meetdeck completions SHELL` and `meetdeck man`: generated from the clap definition, so
//! they always match the command line.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

/// Prints the completion script of `shell` for `command` on stdout.
pub fn completions(
    shell: clap_complete::Shell,
    mut command: clap::Command,
) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "meetdeck", &mut out);
    write_stdout(&out)
}

/// Prints the man page of `command` (roff) on stdout.
pub fn man(command: clap::Command) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut out)
        .context("rendering the man page")?;
    write_stdout(&out)
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}
