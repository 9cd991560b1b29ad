//! Every command's help in both languages: Chinese help holds no English sentence, English help
//! no Chinese sentence (Chinese stays only as the names of the form's fields and sheets, and in
//! the examples' file names), and each names its command's usage in its own words.

use crate::support::Run;

const COMMANDS: [&str; 8] = [
    "generate", "import", "diff", "check", "collect", "rollover", "new", "help",
];

/// The help of evalsheet and of each command, in `lang` (None: the default).
fn helps(run: &Run, lang: Option<&str>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in std::iter::once("").chain(COMMANDS) {
        let mut args: Vec<&str> = Vec::new();
        if let Some(l) = lang {
            args.extend(["--lang", l]);
        }
        if !c.is_empty() {
            args.push(c);
        }
        args.push("--help");
        let o = run.evalsheet(&args);
        assert_eq!(o.code, 0, "{args:?}: {}", o.stderr);
        assert!(o.stderr.is_empty(), "{args:?}: {}", o.stderr);
        out.push((c.to_string(), o.stdout));
    }
    out
}

/// Three or more Latin words in a row, outside an example command line: an English sentence.
fn english_sentence(line: &str) -> bool {
    if line.trim_start().starts_with("evalsheet ") {
        return false;
    }
    let mut run = 0;
    for w in line.split(|c: char| c.is_whitespace()) {
        if !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()) {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

#[test]
fn chinese_help_of_every_command_holds_no_english_sentence() {
    let run = Run::new();
    for (c, help) in helps(&run, None) {
        for line in help.lines() {
            assert!(!english_sentence(line), "{c}: {line}\n{help}");
        }
        for english in ["Usage", "Options", "Arguments", "Commands", "Print help"] {
            assert!(!help.contains(english), "{c}: {english}\n{help}");
        }
        let usage = if c.is_empty() {
            "用法: evalsheet [选项] <命令>".to_string()
        } else {
            format!("用法: evalsheet {c} ")
        };
        assert!(help.contains(&usage), "{c}: {usage}\n{help}");
    }
}

#[test]
fn english_help_of_every_command_holds_no_chinese_sentence() {
    let run = Run::new();
    for (c, help) in helps(&run, Some("en")) {
        for line in help.lines() {
            assert!(
                !line.contains(['，', '。', '：', '；', '！', '？']),
                "{c}: {line}\n{help}"
            );
        }
        let usage = if c.is_empty() {
            "Usage: evalsheet [Options] <COMMAND>".to_string()
        } else {
            format!("Usage: evalsheet {c} ")
        };
        assert!(help.contains(&usage), "{c}: {usage}\n{help}");
    }
}

#[test]
fn parse_errors_are_told_in_the_users_language() {
    let run = Run::new();
    let cases: [(&[&str], &str); 6] = [
        (
            &["generate", "defs", "-o", "out", "--bogus"],
            "evalsheet：命令行有误：不认识参数 --bogus。\n运行 evalsheet generate --help 查看用法。\n",
        ),
        (
            &["genrate"],
            "evalsheet：没有命令“genrate”，是否应为 generate？\n运行 evalsheet --help 查看用法。\n",
        ),
        (
            &["generate", "defs"],
            "evalsheet：命令行有误：缺少必需的参数：--out <输出文件夹>。\n运行 evalsheet generate --help 查看用法。\n",
        ),
        (
            &["generate", "defs", "-o", "out", "--by", "dept"],
            "evalsheet：命令行有误：参数 --by <方式> 的值“dept”无效，可用的值：project、unit。\n运行 evalsheet generate --help 查看用法。\n",
        ),
        (
            &["new", "--year", "2022年", "-o", "a.yaml"],
            "evalsheet：命令行有误：参数 --year <年度> 的值“2022年”无效。\n运行 evalsheet new --help 查看用法。\n",
        ),
        (
            &["help", "nosuch"],
            "evalsheet：没有命令“nosuch”。\n运行 evalsheet --help 查看用法。\n",
        ),
    ];
    for (args, want) in cases {
        let o = run.evalsheet(args);
        assert_eq!(o.code, 2, "{args:?}");
        assert_eq!(o.stderr, want, "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}: {}", o.stdout);
    }
    let o = run.evalsheet(&[
        "--lang", "en", "generate", "defs", "-o", "out", "--by", "dept",
    ]);
    assert_eq!(
        o.stderr,
        "evalsheet: The command line is wrong: The value “dept” of --by <BY> is not valid; the values are: project, unit.\nRun evalsheet generate --help for how to use it.\n"
    );
    // evalsheet alone: its short help, and the status of a command line that did nothing.
    let o = run.evalsheet(&[]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("用法: evalsheet [选项] <命令>"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains("generate  按项目定义生成正式的自评表"),
        "{}",
        o.stderr
    );
}
