//! What differs on Windows, tested against the Windows `evalsheet.exe` under Wine.
//!
//! `dist/windows.sh test` runs them (`EVALSHEET_TEST_EXE=…/evalsheet.exe
//! EVALSHEET_TEST_RUNNER=wine`), with the rest of tests/cli. Without a Windows exe they pass
//! without testing anything, and `windows_tests_ran_or_say_why` says so on stderr; with
//! `EVALSHEET_REQUIRE_WINDOWS=1` (CI) a missing exe fails them instead.
//!
//! Here the output is read as printed (`Run::evalsheet_raw`): paths with backslashes, as a
//! clerk sees them in cmd.exe.

use crate::support::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How many tests this file holds, for the line that says they were skipped.
const TESTS: usize = 17;

/// Whether the Windows tests can run (the exe under test is a Windows program); when not,
/// false, or a failure under `EVALSHEET_REQUIRE_WINDOWS=1`.
fn on_windows() -> bool {
    if windows() && target().is_wine() {
        return true;
    }
    assert!(
        !std::env::var("EVALSHEET_REQUIRE_WINDOWS").is_ok_and(|v| v == "1"),
        "EVALSHEET_REQUIRE_WINDOWS=1, but EVALSHEET_TEST_EXE does not name a Windows \
         evalsheet.exe run by EVALSHEET_TEST_RUNNER=wine: the Windows tests cannot run \
         (dist/windows.sh test runs them)"
    );
    false
}

#[test]
fn windows_tests_ran_or_say_why() {
    if on_windows() {
        return;
    }
    // Straight to the process's stderr, past the test harness's capture, so that it is seen.
    let _ = writeln!(
        std::io::stderr(),
        "\nSKIPPED: the {TESTS} Windows tests of tests/cli/windows.rs (evalsheet.exe under \
         Wine): EVALSHEET_TEST_EXE is not set. Run them with `dist/windows.sh test`.\n"
    );
}

/// The 2021 examples generated into `dir` (as if returned, filled in).
fn generate_2021(run: &Run, dir: &str) {
    let o = run.evalsheet_raw(&["generate", &examples("2021"), "-o", dir, "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
}

fn no_temporary_files(dir: &Path) {
    for f in files(dir) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "left behind: {name}");
    }
}

#[test]
fn chinese_names_and_spaces_in_folders_and_files() {
    if !on_windows() {
        return;
    }
    let run = Run::new();
    generate_2021(&run, "返回 表格");
    assert_eq!(files(&run.path("返回 表格")).len(), 13);

    let o = run.evalsheet_raw(&["import", "返回 表格", "-o", "输出 文件夹"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains("已从 13 个文件中读取 13 张自评表"),
        "{}",
        o.stderr
    );
    assert_same_definitions(&root().join("examples/2021"), &run.path("输出 文件夹"), 13);
    // The definitions name their source as Windows does.
    let yaml = std::fs::read_to_string(
        run.path("输出 文件夹/2021-扫黑除恶专项斗争经费-有组织犯罪侦查支队.yaml"),
    )
    .unwrap();
    assert!(
        yaml.contains(r#"file: "返回 表格\\2021-扫黑除恶专项斗争经费-有组织犯罪侦查支队.xlsx""#),
        "{yaml}"
    );

    // check and collect name the files with backslashes, in text, JSON and the 汇总表.
    let o = run.evalsheet_raw(&["check", "返回 表格"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let (findings, total) = o.stdout.trim_end().rsplit_once('\n').unwrap();
    assert!(
        findings.lines().all(|l| l.starts_with("返回 表格\\2021-")),
        "{}",
        o.stdout
    );
    assert!(total.starts_with("共检查 13 个文件"), "{total}");
    let o = run.evalsheet_raw(&["check", "返回 表格", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert!(
        findings[0]["file"]
            .as_str()
            .unwrap()
            .starts_with("返回 表格\\2021-"),
        "{}",
        findings[0]
    );
    let o = run.evalsheet_raw(&["collect", "返回 表格", "-o", "输出 文件夹\\汇总 表.xlsx"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains("汇总表已写入 输出 文件夹\\汇总 表.xlsx"),
        "{}",
        o.stderr
    );
    let s = read_sheet(
        &run.path("输出 文件夹/汇总 表.xlsx"),
        evalsheet::collect::SUMMARY_SHEET,
    );
    let file = s.find("返回 表格\\2021-扫黑除恶专项斗争经费-有组织犯罪侦查支队.xlsx");
    assert!(
        file.is_some(),
        "the 汇总表 names its source files as Windows does"
    );

    // diff, generate --by unit and rollover into folders with spaces.
    // Issued against returned: the forms were returned as issued, so no differences.
    let o = run.evalsheet_raw(&["diff", &examples("2021"), "返回 表格"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.contains("新：返回 表格（2021 年，13 个项目）"),
        "{}",
        o.stdout
    );
    let o = run.evalsheet_raw(&[
        "generate",
        &examples("2022"),
        "-o",
        "按 单位",
        "--by",
        "unit",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(run.path("按 单位/2022-禁毒支队.xlsx").is_file());
    let o = run.evalsheet_raw(&["rollover", "输出 文件夹", "--year", "2022", "-o", "下一 年"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(files(&run.path("下一 年")).len(), 13);
}

#[test]
fn messages_name_files_with_backslashes() {
    if !on_windows() {
        return;
    }
    let run = Run::new();
    run.write("定义 文件/甲.yaml", "year: 2021\nproject: 甲\n");
    run.write("定义 文件/子 目录/坏.yaml", "year: 2021\nprojct: 乙\n");
    let o = run.evalsheet_raw(&["generate", "定义 文件", "-o", "out"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("evalsheet：定义 文件\\子 目录\\坏.yaml 第 2 行第 1 列：不认识的键 projct"),
        "{}",
        o.stderr
    );
    // A file named with backslashes is named back as typed.
    let o = run.evalsheet_raw(&["check", "定义 文件\\没有 这个.yaml"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr
            .starts_with("evalsheet：找不到 定义 文件\\没有 这个.yaml："),
        "{}",
        o.stderr
    );
    // An output already there, named with a backslash.
    run.write("out/2021-甲.xlsx", "mine");
    let o = run.evalsheet_raw(&["generate", "定义 文件\\甲.yaml", "-o", "out"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("out\\2021-甲.xlsx 已经存在；evalsheet 不会覆盖已有的文件"),
        "{}",
        o.stderr
    );
}

#[test]
fn paths_longer_than_260_characters_work() {
    if !on_windows() {
        return;
    }
    let run = Run::new();
    // Twelve folders of 24 characters: with the temporary folder and a file name, about 400
    // characters, well past Windows' old MAX_PATH of 260. Rust's standard library gives
    // Windows such paths with the \\?\ prefix itself.
    let deep: Vec<String> = (0..12)
        .map(|i| format!("第{i:02}层 很长的文件夹名字 long folder"))
        .collect();
    let deep = deep.join("\\");
    let forms = format!("{deep}\\表格");
    let o = run.evalsheet_raw(&["generate", &examples("2021"), "-o", &forms]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let forms_dir = run.path(&forms.replace('\\', "/"));
    let books = files(&forms_dir);
    assert_eq!(books.len(), 13);
    let longest = books
        .iter()
        .map(|b| b.to_string_lossy().encode_utf16().count())
        .max()
        .unwrap();
    assert!(longest > 300, "{longest}");

    let defs = format!("{deep}\\定义");
    let o = run.evalsheet_raw(&["import", &forms, "-o", &defs]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_same_definitions(
        &root().join("examples/2021"),
        &run.path(&defs.replace('\\', "/")),
        13,
    );
    let o = run.evalsheet_raw(&["check", &forms]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let named = o.stdout.lines().filter(|l| l.starts_with(&forms)).count();
    assert_eq!(named, 91, "{}", o.stdout);
    let summary = format!("{deep}\\汇总表.xlsx");
    let o = run.evalsheet_raw(&["collect", &forms, "-o", &summary]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(run.path(&summary.replace('\\', "/")).is_file());
    let o = run.evalsheet_raw(&["diff", &defs, &forms]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

#[test]
fn notepad_yaml_with_bom_and_crlf_loads() {
    if !on_windows() {
        return;
    }
    let run = Run::new();
    // As Notepad saves "UTF-8 with BOM" (its default before Windows 10 1903), CRLF line ends.
    let text = "year: 2021\nproject: 记事本项目\nunit: 禁毒支队\nfunds:\n  total: {budget: 12.5}\n";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.replace('\n', "\r\n").as_bytes());
    std::fs::create_dir_all(run.path("defs")).unwrap();
    std::fs::write(run.path("defs/记事本.yaml"), &bytes).unwrap();
    let o = run.evalsheet_raw(&["generate", "defs", "-o", "out"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let s = first_sheet(&run.path("out/2021-记事本项目-禁毒支队.xlsx"));
    assert_eq!(s.text(1, 2), "记事本项目");
    // A mistake is reported on the line Notepad shows.
    let bad = "year: 2021\r\nproject: 乙\r\nfunds:\r\n  total: {budget: 五百}\r\n";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(bad.as_bytes());
    std::fs::write(run.path("defs/坏.yaml"), &bytes).unwrap();
    let o = run.evalsheet_raw(&["check", "defs\\坏.yaml"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("defs\\坏.yaml 第 4 行第"), "{}", o.stderr);
}

#[test]
fn gbk_and_utf16_yaml_are_refused_with_how_to_fix() {
    if !on_windows() {
        return;
    }
    let run = Run::new();
    std::fs::create_dir_all(run.path("defs")).unwrap();
    // "year: 2021\nproject: 禁毒专项经费\nunit: 禁毒支队\n" saved as GBK (ANSI on Chinese
    // Windows).
    let gbk: &[u8] = b"year: 2021\r\nproject: \xbd\xfb\xb6\xbe\xd7\xa8\xcf\xee\xbe\xad\xb7\xd1\r\nunit: \xbd\xfb\xb6\xbe\xd6\xa7\xb6\xd3\r\n";
    std::fs::write(run.path("defs/gbk.yaml"), gbk).unwrap();
    // The same saved as "Unicode" (UTF-16 LE with a BOM).
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "year: 2021\r\nproject: 禁毒专项经费\r\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    std::fs::write(run.path("defs/utf16.yaml"), utf16).unwrap();
    let o = run.evalsheet_raw(&["generate", "defs", "-o", "out"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    for name in ["gbk.yaml", "utf16.yaml"] {
        let line = o
            .stderr
            .lines()
            .find(|l| l.contains(&format!("defs\\{name}")))
            .unwrap_or_else(|| panic!("{name}: {}", o.stderr));
        assert!(line.contains("不是 UTF-8 编码的文本文件"), "{line}");
        assert!(line.contains("另存为 UTF-8"), "{line}");
        assert!(line.contains("GBK"), "{line}");
        assert!(line.contains("另存为"), "{line}");
    }
    assert!(!run.path("out").exists() || files(&run.path("out")).is_empty());
}

#[test]
fn reserved_device_names_become_ordinary_files() {
    if !on_windows() {
        return;
    }
    let run = Run::new();
    run.write(
        "defs/x.yaml",
        "- {year: 2021, project: \"CON\", unit: \"aux.txt\"}\n\
         - {year: 2021, project: \"NUL\", unit: \"\"}\n\
         - {year: 2021, project: \"com1\", unit: \"LPT1\"}\n\
         - {year: 2021, project: \"PRN.xlsx\", unit: \"CON\"}\n",
    );
    let o = run.evalsheet_raw(&["generate", "defs", "-o", "out"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let names: Vec<_> = files(&run.path("out"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "2021-_CON-_aux.txt.xlsx",
            "2021-_NUL.xlsx",
            "2021-_PRN.xlsx-_CON.xlsx",
            "2021-_com1-_LPT1.xlsx",
        ]
    );
    // Real workbooks, not bytes sent to a device.
    for f in files(&run.path("out")) {
        assert!(
            std::fs::metadata(&f).unwrap().len() > 1000,
            "{}",
            f.display()
        );
    }
    let o = run.evalsheet_raw(&["generate", "defs", "-o", "units", "--by", "unit"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(run.path("units/2021-_CON.xlsx").is_file());
    assert!(run.path("units/2021-_aux.txt.xlsx").is_file());
    let o = run.evalsheet_raw(&["import", "out", "-o", "back"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(run.path("back/2021-_CON-_aux.txt.yaml").is_file());
    let o = run.evalsheet_raw(&["rollover", "defs", "--year", "2022", "-o", "next"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(run.path("next/2022-_NUL.yaml").is_file());
    assert_eq!(files(run.dir.path()).len(), 5, "nothing written elsewhere");
}

#[test]
fn existing_outputs_are_refused_without_force_and_replaced_with_it() {
    if !on_windows() {
        return;
    }
    // On Windows a file is written under a temporary name and renamed into place, replacing
    // nothing unless --force is given.
    let run = Run::new();
    generate_2021(&run, "out");
    let book = run.path("out/2021-扫黑除恶专项斗争经费-有组织犯罪侦查支队.xlsx");
    std::fs::write(&book, b"mine").unwrap();
    let ex = examples("2021");
    let o = run.evalsheet_raw(&["generate", &ex, "-o", "out"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("已经存在；evalsheet 不会覆盖已有的文件"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("--force"), "{}", o.stderr);
    assert_eq!(std::fs::read(&book).unwrap(), b"mine");
    let o = run.evalsheet_raw(&["generate", &ex, "-o", "out", "--force"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_ne!(std::fs::read(&book).unwrap(), b"mine");
    assert_eq!(files(&run.path("out")).len(), 13);
    no_temporary_files(&run.path("out"));

    // The same for every command that writes a named file.
    let ex22 = examples("2022");
    // (The file each writes; None: the one file in r/a.)
    let commands: [(Option<&str>, Vec<&str>); 4] = [
        (Some("r/new.yaml"), vec!["new", "-o", "r\\new.yaml"]),
        (
            Some("r/汇总.xlsx"),
            vec!["collect", "out", "-o", "r\\汇总.xlsx"],
        ),
        (
            Some("r/diff.xlsx"),
            vec!["diff", &ex, &ex22, "--xlsx", "r\\diff.xlsx"],
        ),
        (
            None,
            vec![
                "import",
                "out\\2021-禁毒专项经费-禁毒支队.xlsx",
                "-o",
                "r\\a",
            ],
        ),
    ];
    for (file, args) in &commands {
        let first = run.evalsheet_raw(args);
        assert!(
            first.code == 0 || first.code == 1,
            "{args:?}: {}",
            first.stderr
        );
        let written = match file {
            Some(f) => run.path(f),
            None => files(&run.path("r/a")).remove(0),
        };
        std::fs::write(&written, b"mine").unwrap();
        let again = run.evalsheet_raw(args);
        assert_eq!(again.code, 2, "{args:?}: {}", again.stderr);
        assert!(
            again
                .stderr
                .contains("已经存在；evalsheet 不会覆盖已有的文件"),
            "{}",
            again.stderr
        );
        assert_eq!(std::fs::read(&written).unwrap(), b"mine", "{args:?}");
        let mut forced = args.clone();
        forced.push("--force");
        let o = run.evalsheet_raw(&forced);
        assert!(o.code == 0 || o.code == 1, "{forced:?}: {}", o.stderr);
        assert_ne!(std::fs::read(&written).unwrap(), b"mine", "{forced:?}");
    }
    no_temporary_files(&run.path("r"));
    no_temporary_files(&run.path("r/a"));
}

#[test]
fn a_workbook_open_in_excel_is_not_replaced_and_the_message_says_so() {
    if !on_windows() {
        return;
    }
    use std::io::BufRead;
    let run = Run::new();
    generate_2021(&run, "out");
    let o = run.evalsheet_raw(&["collect", "out", "-o", "汇总.xlsx"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let before = std::fs::read(run.path("汇总.xlsx")).unwrap();
    // hold.exe (dist/wine/hold.c, built beside the exe by dist/windows.sh) opens the file as
    // Excel does: others may read it, not replace it.
    let hold = target().exe.with_file_name("hold.exe");
    assert!(
        hold.is_file(),
        "{} is missing: dist/windows.sh test builds it",
        hold.display()
    );
    let mut cmd = Command::new("wine");
    cmd.arg(&hold)
        .arg("汇总.xlsx")
        .current_dir(run.dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    wine_env(&mut cmd);
    let mut holder = cmd.spawn().unwrap();
    let mut line = String::new();
    std::io::BufReader::new(holder.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "held");
    let o = run.evalsheet_raw(&["collect", "out", "-o", "汇总.xlsx", "--force"]);
    drop(holder.stdin.take());
    holder.wait().unwrap();
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("无法写入 汇总.xlsx："), "{}", o.stderr);
    assert!(o.stderr.contains("Excel 或 WPS"), "{}", o.stderr);
    assert_eq!(std::fs::read(run.path("汇总.xlsx")).unwrap(), before);
    no_temporary_files(run.dir.path());
    // Closed, it is replaced.
    let o = run.evalsheet_raw(&["collect", "out", "-o", "汇总.xlsx", "--force"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    no_temporary_files(run.dir.path());
}

#[test]
fn piped_output_has_no_colours_and_no_progress() {
    if !on_windows() {
        return;
    }
    // Run with pipes and without NO_COLOR: not a console, so plain text.
    let run = Run::new();
    let plain = |args: &[&str]| {
        let out = evalsheet_command()
            .env_remove("NO_COLOR")
            .args(args)
            .current_dir(run.dir.path())
            .output()
            .unwrap();
        raw_outcome(out)
    };
    let o = plain(&["diff", &examples("2021"), &examples("2022")]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stdout
            .contains("~ 年度资金总额 全年预算数：500 → 400 万元")
    );
    let o2 = plain(&["generate", &examples("2021"), "-o", "out"]);
    let o3 = plain(&["check", "out"]);
    let o4 = plain(&["collect", "out", "-o", "s.xlsx"]);
    for o in [&o, &o2, &o3, &o4] {
        for text in [&o.stdout, &o.stderr] {
            assert!(
                !text.contains('\x1b'),
                "an escape in piped output: {text:?}"
            );
            assert!(
                !text.contains('\r'),
                "a carriage return in piped output: {text:?}"
            );
        }
    }
}

/// What a terminal showed: `script` gives Wine a pseudo-terminal, which Wine makes the
/// program's Windows console, as cmd.exe's window would be.
struct Screen {
    code: i32,
    /// As sent to the terminal, escape sequences and all.
    raw: String,
    /// The text, escape sequences, carriage returns and blanks removed (Wine's console moves
    /// the cursor over blanks instead of writing them).
    text: String,
}

/// Run `wine EXE ARGS` (or `wine cmd /c EXE ARGS` when `from_cmd`) on a terminal, without
/// NO_COLOR; once the screen shows `enter_after`, press Enter every half second until it
/// ends (a key pressed before the console reads is dropped). Stopped after 60 s.
fn on_console(run: &Run, args: &[&str], from_cmd: bool, enter_after: Option<&str>) -> Screen {
    on_console_with(run, args, from_cmd, enter_after, &[], None)
}

/// [`on_console`] with more environment, and `until`: called with the screen so far (squeezed)
/// as it comes; when it says `true`, the program is stopped (a server, as the user closes its
/// window).
fn on_console_with(
    run: &Run,
    args: &[&str],
    from_cmd: bool,
    enter_after: Option<&str>,
    env: &[(&str, &str)],
    mut until: Option<&mut dyn FnMut(&str) -> bool>,
) -> Screen {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut line = String::from("exec wine ");
    if from_cmd {
        line.push_str("cmd /c ");
    }
    line.push_str(&quote(&target().exe.to_string_lossy()));
    for a in args {
        line.push(' ');
        line.push_str(&quote(a));
    }
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &line, "/dev/null"])
        .current_dir(run.dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    wine_env(&mut cmd);
    cmd.env("TERM", "xterm");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run script (bsdutils)");
    let mut stdin = child.stdin.take();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut raw = Vec::new();
    let mut shown = false;
    let mut pressed = Instant::now();
    loop {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(bytes) => raw.extend(bytes),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
        }
        if let Some(done) = until.as_mut()
            && done(&squeeze(&String::from_utf8_lossy(&raw)))
        {
            let _ = child.kill();
            break;
        }
        if let Some(wanted) = enter_after {
            shown = shown || squeeze(&String::from_utf8_lossy(&raw)).contains(&squeeze(wanted));
            if shown && pressed.elapsed() > Duration::from_millis(500) {
                // Enter on a terminal is a carriage return.
                if let Some(s) = stdin.as_mut() {
                    let _ = s.write_all(b"\r");
                    let _ = s.flush();
                }
                pressed = Instant::now();
            }
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
    }
    drop(stdin);
    let status = child.wait().unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    Screen {
        code: status.code().unwrap_or(-1),
        text: squeeze(&raw),
        raw,
    }
}

/// Text without terminal escape sequences, carriage returns or blanks.
fn squeeze(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            match chars.next() {
                Some('[') => {
                    // CSI: parameters, then one final byte in @..~.
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                Some(']') => {
                    // OSC: up to BEL or ESC \.
                    while let Some(c) = chars.next() {
                        if c == '\x07' || (c == '\x1b' && chars.next_if_eq(&'\\').is_some()) {
                            break;
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_console_gets_colours() {
    if !on_windows() {
        return;
    }
    let run = Run::new();
    let s = on_console(
        &run,
        &["diff", &examples("2021"), &examples("2022")],
        false,
        None,
    );
    assert_eq!(s.code, 1, "{}", s.text);
    assert!(
        s.text.contains("~年度资金总额全年预算数：500→400万元"),
        "{}",
        s.text
    );
    // Deletions red and struck through, insertions green and underlined.
    assert!(s.raw.contains("\x1b[31;9m"), "{:?}", s.raw);
    assert!(s.raw.contains("\x1b[32;4m"), "{:?}", s.raw);
    // A batch command on a console (where it may draw its progress bar) ends as it should.
    let o = on_console(
        &run,
        &["generate", &examples("2021"), "-o", "out"],
        false,
        None,
    );
    assert_eq!(o.code, 0, "{}", o.text);
    assert!(o.text.contains("已写入13个工作簿"), "{}", o.text);
    assert_eq!(files(&run.path("out")).len(), 13);
}

#[test]
fn double_click_opens_the_desk_in_the_browser() {
    if !on_windows() {
        return;
    }
    // Wine started from a terminal gives the program a console of its own, with no shell
    // attached: what Explorer does on a double-click. The desks' home is Documents\evalsheet,
    // here EVALSHEET_HOME (Wine's Documents is the Unix home).
    let run = Run::new();
    let home = run.path("我的收表台");
    let home_arg = home.display().to_string();
    let mut page = String::new();
    let mut ask = |screen: &str| -> bool {
        if !screen.contains("关闭这个窗口即停止收表台") {
            return false;
        }
        let Some(url) = screen
            .split("请在浏览器中打开：")
            .nth(1)
            .and_then(|r| r.split("关闭这个窗口").next())
            .filter(|u| u.len() > 60)
        else {
            return false;
        };
        // The address signs the office in and leads to the page that starts a desk (none is
        // in the home yet).
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        let base = url.split("/login").next().unwrap_or_default();
        let cookie = agent.get(url).call().ok().and_then(|r| {
            r.headers()
                .get("set-cookie")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(';').next())
                .map(str::to_string)
        });
        if let Some(cookie) = cookie
            && let Ok(mut r) = agent
                .get(&format!("{base}/setup"))
                .header("Cookie", &cookie)
                .call()
        {
            page = r.body_mut().read_to_string().unwrap_or_default();
        }
        true
    };
    let s = on_console_with(
        &run,
        &[],
        false,
        None,
        &[("EVALSHEET_HOME", &home_arg)],
        Some(&mut ask),
    );
    for want in [
        "收表台保存在",
        "我的收表台，正在浏览器中打开",
        "网页收表台已启动，请在浏览器中打开：http://127.0.0.1:",
        "关闭这个窗口即停止收表台。",
    ] {
        assert!(s.text.contains(want), "{want}: {}", s.text);
    }
    assert!(!s.text.contains("用法:"), "{}", s.text);
    assert!(home.is_dir(), "the home is made");
    assert!(page.contains("新建收表台"), "{page}");
}

#[test]
fn double_click_without_a_home_says_how_to_use_a_prompt_and_waits_for_enter() {
    if !on_windows() {
        return;
    }
    // A home that cannot be made (a file is in its way): the page on using a command prompt,
    // kept until Enter.
    let run = Run::new();
    let blocked = run.write("占用", "x");
    let blocked = blocked.display().to_string();
    let s = on_console_with(
        &run,
        &[],
        false,
        Some("按回车键关闭此窗口。"),
        &[("EVALSHEET_HOME", &blocked)],
        None,
    );
    assert_ne!(s.code, -1, "it ended after Enter: {}", s.text);
    for want in [
        "evalsheet—项目支出绩效自评表工具",
        "没能在浏览器中打开收表台",
        "在地址栏中输入cmd并按回车",
        "evalsheet.exehelp",
        "evalsheet.exegenerateexamples\\2022-o表格",
        "按回车键关闭此窗口。",
    ] {
        assert!(s.text.contains(want), "{want}: {}", s.text);
    }
}

#[test]
fn from_cmd_or_a_pipe_without_arguments_prints_the_usage() {
    if !on_windows() {
        return;
    }
    let run = Run::new();
    // cmd.exe shares the console: the usage, as on Linux, and no waiting.
    let s = on_console(&run, &[], true, None);
    assert_eq!(s.code, 2, "{}", s.text);
    assert!(s.text.contains("用法:evalsheet[选项]<命令>"), "{}", s.text);
    assert!(!s.text.contains("按回车键"), "{}", s.text);
    // No console at all (pipes): the same.
    let o = run.evalsheet_raw(&[]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("用法: evalsheet [选项] <命令>"),
        "{}",
        o.stderr
    );
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    if !on_windows() {
        return;
    }
    use std::io::BufRead;
    // `evalsheet.exe check … | more`, quit early: Windows has no SIGPIPE, the write fails
    // instead; the command must stop without a panic's message.
    let ex = examples("2021");
    let mut args = vec!["check"];
    args.extend(std::iter::repeat_n(ex.as_str(), 20));
    let mut child = evalsheet_command()
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("examples/2021\\01-"), "{first}");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    // 1 (findings) when all it wrote fitted in the pipe before the reader left; 0 when a write
    // met the closed pipe and the command stopped there (src/cmd/mod.rs, `print`).
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
}

#[test]
fn exit_codes_are_0_1_and_2() {
    if !on_windows() {
        return;
    }
    let run = Run::new();
    let (ex21, ex22) = (examples("2021"), examples("2022"));
    let cases: [(&[&str], i32); 12] = [
        (&["--version"], 0),
        (&["help"], 0),
        (&["help", "generate"], 0),
        (&["generate", &ex21, "-o", "out", "-q"], 0),
        (&["check", &ex21], 1),
        (&["check", "out", "--format", "json"], 1),
        (&["diff", &ex21, &ex22], 1),
        (&["diff", &ex21, &ex21], 0),
        (&["import", "out", "-q"], 0),
        (&["import", "没有这个文件夹"], 2),
        (&["generate", &ex21, "-o", "out"], 2),
        (&["no-such-command"], 2),
    ];
    for (args, code) in cases {
        let o = run.evalsheet_raw(args);
        assert_eq!(o.code, code, "{args:?}: {}", o.stderr);
    }
}

#[test]
fn workbooks_are_read_in_worker_processes() {
    if !on_windows() {
        return;
    }
    // The exe starts copies of itself with __read-worker, as on Linux; under Wine each is a
    // Linux process whose command line names the Windows exe, and whose environment carries
    // the parent's.
    let run = Run::new();
    generate_2021(&run, "one");
    std::fs::create_dir_all(run.path("many")).unwrap();
    for i in 0..20 {
        for f in files(&run.path("one")) {
            let name = format!("{i:02}-{}", f.file_name().unwrap().to_string_lossy());
            std::fs::copy(&f, run.path("many").join(name)).unwrap();
        }
    }
    let mark = format!("EVALSHEET_TEST_MARK={}", std::process::id());
    let mut child = evalsheet_command()
        .args(["import", "many", "-o", "defs", "-q"])
        .env("EVALSHEET_TEST_MARK", std::process::id().to_string())
        .current_dir(run.dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut workers = std::collections::BTreeSet::new();
    while child.try_wait().unwrap().is_none() {
        for pid in worker_pids(&mark) {
            workers.insert(pid);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(files(&run.path("defs")).len(), 260);
    assert!(!workers.is_empty(), "no __read-worker process was seen");
    assert!(workers.len() <= 4, "{workers:?}");
}

/// Processes whose command line has `__read-worker` and whose environment has `mark`.
fn worker_pids(mark: &str) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut pids = Vec::new();
    for e in dir.flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let p: PathBuf = e.path();
        let cmdline = std::fs::read(p.join("cmdline")).unwrap_or_default();
        if !String::from_utf8_lossy(&cmdline).contains("__read-worker") {
            continue;
        }
        let environ = std::fs::read(p.join("environ")).unwrap_or_default();
        if environ.split(|b| *b == 0).any(|v| v == mark.as_bytes()) {
            pids.push(pid);
        }
    }
    pids
}
