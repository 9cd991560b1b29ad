//! The command line in the user's language. clap's derive gives the structure (the commands,
//! their arguments and types); every word a user reads in help and in a parse error comes from
//! the message catalogue (`locales/*/cli.ftl`), looked up by command and argument id:
//! `cli-<command>-about` / `-long` / `-after`, `cli-<command>-<argument>` and
//! `cli-<command>-<argument>-value`, or `cli-<argument>` for an argument many commands share
//! (`--lang`, `-q`). clap's own words (its `help` command, `-h`, `-V`, the headings, the usage
//! line, `[possible values: …]`) are replaced or hidden, and its errors are told again from their
//! kind and context.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};
use evalsheet::i18n::{arg, lookup, text};

/// The id of the `help` command this module adds in place of clap's.
pub const HELP: &str = "help";

/// The whole command line, in the current language.
pub fn command() -> Command {
    let root = super::Cli::command()
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(text("cli-version", &[])),
        )
        .subcommand(
            Command::new(HELP)
                .about(text("cli-help-about", &[]))
                .arg(Arg::new("command").value_name(text("cli-command-value", &[]))),
        );
    localize(root, None)
}

/// The help and the names of `cmd` (the root when `parent` is `None`) and of every command
/// under it, from the catalogue.
fn localize(cmd: Command, parent: Option<&str>) -> Command {
    let prefix = match parent {
        None => "cli".to_string(),
        Some(_) => format!("cli-{}", cmd.get_name()),
    };
    let name = cmd.get_name().to_string();
    // clap wraps help at spaces, and Chinese has none but before and after a Latin word: it
    // would break a Chinese line there and nowhere else. Chinese lines are left to the terminal.
    let width = match evalsheet::i18n::current() {
        evalsheet::i18n::Lang::Zh => Some(0),
        evalsheet::i18n::Lang::En => None,
    };
    let mut cmd = cmd
        .disable_help_flag(true)
        .about(text(&format!("{prefix}-about"), &[]))
        .help_template(template())
        .subcommand_help_heading(text("cli-commands-heading", &[]))
        .subcommand_value_name(text("cli-command-value", &[]))
        .arg(help_flag());
    if let Some(w) = width {
        cmd = cmd.term_width(w);
    }
    if let Some(long) = lookup(&format!("{prefix}-long")) {
        cmd = cmd.long_about(long);
    }
    if let Some(after) = lookup(&format!("{prefix}-after")) {
        cmd = cmd.after_help(indent_examples(&after));
    }
    let (options, arguments) = (
        text("cli-options-heading", &[]),
        text("cli-arguments-heading", &[]),
    );
    let mut order = 0;
    cmd = cmd.mut_args(|a| {
        order += 1;
        localize_arg(a, &prefix, &options, &arguments).display_order(order)
    });
    let children: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for child in children {
        if child == HELP {
            let command = text("cli-help-command", &[]);
            let line = format!("{name} {HELP} [{}]", text("cli-command-value", &[]));
            cmd = cmd.mut_subcommand(HELP, |c| {
                c.disable_help_flag(true)
                    .help_template(template())
                    .override_usage(line)
                    .arg(help_flag().help_heading(options.clone()))
                    .mut_arg("command", |a| {
                        a.help(command.clone()).help_heading(arguments.clone())
                    })
            });
            continue;
        }
        cmd = cmd.mut_subcommand(&child, |c| localize(c, Some(&name)));
    }
    let line = match parent {
        None => usage(&cmd),
        Some(p) => format!("{p} {}", usage(&cmd)),
    };
    cmd.override_usage(line)
}

/// `-h`, `--help` in the user's language.
fn help_flag() -> Arg {
    Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help(text("cli-help", &[]))
}

/// The help text and value name of one argument: `cli-<command>-<id>`, or the shared
/// `cli-<id>`; clap's lists of possible and default values are hidden (the catalogue's text
/// names them in words).
fn localize_arg(a: Arg, prefix: &str, options: &str, arguments: &str) -> Arg {
    // Catalogue ids are written with hyphens (`no-browser` for the field `no_browser`).
    let id = a.get_id().as_str().replace('_', "-");
    if id == "help" || id == "version" {
        return a.help_heading(options.to_string());
    }
    let own = format!("{prefix}-{id}");
    let shared = format!("cli-{id}");
    let key = if lookup(&own).is_some() { own } else { shared };
    let heading = if a.is_positional() {
        arguments
    } else {
        options
    };
    let mut a = a.help(text(&key, &[])).help_heading(heading.to_string());
    if a.get_action().takes_values() {
        a = a.hide_possible_values(true).hide_default_value(true);
        if let Some(v) = lookup(&format!("{key}-value")) {
            a = a.value_name(v);
        }
    }
    a
}

/// The examples of an `-after` text indented under its first line (Fluent takes away the
/// indentation that all continuation lines share).
fn indent_examples(after: &str) -> String {
    after
        .lines()
        .map(|l| {
            if l.starts_with("evalsheet") {
                format!("  {l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The layout of every help page, with the catalogue's heading for the usage line.
fn template() -> String {
    format!(
        "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        text("cli-usage-heading", &[])
    )
}

/// The usage line of `cmd` without clap's English words (`Usage:`, `[OPTIONS]`, `<COMMAND>`).
fn usage(cmd: &Command) -> String {
    let mut c = cmd.clone();
    let rendered = c.render_usage().to_string();
    let line = rendered
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("Usage:")
        .trim();
    line.replace(
        "[OPTIONS]",
        &format!("[{}]", text("cli-options-heading", &[])),
    )
    .replace(
        "<COMMAND>",
        &format!("<{}>", text("cli-command-value", &[])),
    )
}

/// A parse error told in the current language: what is wrong, and which `--help` to read.
/// Help and version requests are printed as they are.
pub fn explain(e: &clap::Error, args: &[std::ffi::OsString]) -> String {
    let ctx = |k: ContextKind| -> Option<String> {
        e.get(k).map(|v| match v {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(v) => v.join(&text("list-separator", &[])),
            ContextValue::StyledStr(s) => s.to_string(),
            ContextValue::StyledStrs(v) => v
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(&text("list-separator", &[])),
            ContextValue::Number(n) => n.to_string(),
            ContextValue::Bool(b) => b.to_string(),
            _ => String::new(),
        })
    };
    let a = |k| ctx(k).unwrap_or_default();
    let detail = match e.kind() {
        ErrorKind::UnknownArgument => match ctx(ContextKind::SuggestedArg) {
            Some(tip) => text(
                "cli-error-unknown-argument-tip",
                &[("arg", arg(a(ContextKind::InvalidArg))), ("tip", arg(tip))],
            ),
            None => text(
                "cli-error-unknown-argument",
                &[("arg", arg(a(ContextKind::InvalidArg)))],
            ),
        },
        ErrorKind::InvalidSubcommand => match ctx(ContextKind::SuggestedSubcommand) {
            Some(tip) => text(
                "cli-error-invalid-subcommand-tip",
                &[
                    ("command", arg(a(ContextKind::InvalidSubcommand))),
                    ("tip", arg(tip)),
                ],
            ),
            None => text(
                "cli-error-invalid-subcommand",
                &[("command", arg(a(ContextKind::InvalidSubcommand)))],
            ),
        },
        ErrorKind::MissingRequiredArgument => text(
            "cli-error-missing",
            &[("args", arg(a(ContextKind::InvalidArg)))],
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            text("cli-error-missing-subcommand", &[])
        }
        ErrorKind::ArgumentConflict => text(
            "cli-error-conflict",
            &[
                ("arg", arg(a(ContextKind::InvalidArg))),
                ("other", arg(a(ContextKind::PriorArg))),
            ],
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation | ErrorKind::InvalidUtf8 => {
            let value = a(ContextKind::InvalidValue);
            if value.is_empty() && e.kind() == ErrorKind::InvalidValue {
                text(
                    "cli-error-value-missing",
                    &[("arg", arg(a(ContextKind::InvalidArg)))],
                )
            } else {
                match ctx(ContextKind::ValidValue) {
                    Some(choices) => text(
                        "cli-error-invalid-value-choices",
                        &[
                            ("arg", arg(a(ContextKind::InvalidArg))),
                            ("value", arg(value)),
                            ("choices", arg(choices)),
                        ],
                    ),
                    None => text(
                        "cli-error-invalid-value",
                        &[
                            ("arg", arg(a(ContextKind::InvalidArg))),
                            ("value", arg(value)),
                        ],
                    ),
                }
            }
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            text(
                "cli-error-too-many",
                &[("value", arg(a(ContextKind::InvalidValue)))],
            )
        }
        ErrorKind::NoEquals => text(
            "cli-error-value-missing",
            &[("arg", arg(a(ContextKind::InvalidArg)))],
        ),
        _ => text(
            "cli-error",
            &[(
                "detail",
                arg(e
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .trim_start_matches("error: ")
                    .to_string()),
            )],
        ),
    };
    let detail = if e.kind() == ErrorKind::InvalidSubcommand
        || matches!(
            e.kind(),
            ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        ) {
        detail
    } else {
        text("cli-error", &[("detail", arg(detail))])
    };
    let see = text(
        "cli-error-see-help",
        &[("command", arg(command_path(args)))],
    );
    format!("{detail}\n{see}")
}

/// `evalsheet` and the command the arguments name, for "run … --help".
fn command_path(args: &[std::ffi::OsString]) -> String {
    let names: Vec<String> = super::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    match args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy())
        .find(|a| names.iter().any(|n| n == a))
    {
        Some(c) => format!("evalsheet {c}"),
        None => "evalsheet".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use evalsheet::i18n::{self, Lang};

    /// Every command and every argument has its help in both languages: nothing of clap's
    /// English (nor the id of a missing message) can reach a user.
    #[test]
    fn every_command_and_argument_has_its_help_in_both_languages() {
        fn walk(lang: Lang, c: &Command, prefix: &str, missing: &mut Vec<String>) {
            let lookup = |id: &str| i18n::lookup_in(lang, id);
            for id in ["about"] {
                if lookup(&format!("{prefix}-{id}")).is_none() {
                    missing.push(format!("{prefix}-{id}"));
                }
            }
            for a in c.get_arguments() {
                let id = a.get_id().as_str().replace('_', "-");
                if id == "help" || id == "version" {
                    continue;
                }
                let own = format!("{prefix}-{id}");
                if lookup(&own).is_none() && lookup(&format!("cli-{id}")).is_none() {
                    missing.push(own);
                }
            }
            for s in c.get_subcommands() {
                walk(lang, s, &format!("cli-{}", s.get_name()), missing);
            }
        }
        for lang in [Lang::Zh, Lang::En] {
            let mut missing = Vec::new();
            walk(lang, &super::super::Cli::command(), "cli", &mut missing);
            assert!(missing.is_empty(), "{}: {missing:?}", lang.tag());
        }
    }

    #[test]
    fn chinese_help_has_no_english_of_clap() {
        i18n::set(Lang::Zh);
        let mut c = command();
        let help = c.render_long_help().to_string();
        for english in ["Usage", "Options", "Commands", "Print help", "[OPTIONS]"] {
            assert!(!help.contains(english), "{english} in:\n{help}");
        }
        assert!(help.contains("用法: evalsheet [选项] <命令>"), "{help}");
        for sub in c.get_subcommands_mut() {
            let h = sub.render_long_help().to_string();
            assert!(
                !h.contains("Usage") && !h.contains("Options") && !h.contains("OPTIONS"),
                "{h}"
            );
            assert!(h.contains("显示帮助") || sub.get_name() == HELP, "{h}");
            assert!(h.contains("用法: evalsheet "), "{h}");
        }
    }
}
