//! The desk over the 2022 examples: issued, returned in every way a year brings (some never,
//! one twice and corrected, one on an older issue, one with an unlocked-and-changed budget, a
//! form of 2021, a form never issued, an unreadable file), reviewed, consolidated, and the
//! ledger kept whole through repeats, interruptions and two receives at once.

use crate::support::*;
use evalsheet::generate;
use evalsheet::model::Definition;
use rust_decimal::Decimal;
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const ALL_FORMS: usize = 13;
/// 扫黑除恶: returned once, well filled.
const GOOD: &str = "扫黑除恶专项斗争经费";
/// Returned, returned for fixes, returned again corrected.
const TWICE: &str = "特巡警支队伙食补助经费";
/// Returned on an older issue (its goal was changed since).
const STALE: &str = "城市监控系统（一二期）运维费用";
/// Returned with its 年度资金总额 budget unlocked and changed (66.6 → 116.6).
const CHANGED: &str = "社区警务室工作经费";

fn definitions(year: &str) -> Vec<Definition> {
    let (loaded, errors) =
        evalsheet::load::load_all(&[PathBuf::from(examples(year))]).expect("examples");
    assert!(errors.is_empty());
    loaded.into_iter().map(|l| l.def).collect()
}

fn definition(year: &str, project: &str) -> Definition {
    definitions(year)
        .into_iter()
        .find(|d| d.project == project)
        .unwrap_or_else(|| panic!("no {project} in {year}"))
}

/// What a careful unit fills in.
fn filled(mut d: Definition) -> Definition {
    d.contact = "张三 0734-8888888".into();
    for key in evalsheet::model::FUND_LINES {
        if let Some(line) = d.funds.line_mut(key) {
            line.executed = line.budget;
        }
    }
    d.goal.actual = "全年目标已完成。".into();
    for ind in &mut d.indicators {
        ind.actual = "已完成".into();
    }
    d.note = "无".into();
    d
}

/// A returned workbook of one form (stamped, as generate issues it).
fn workbook(run: &Run, name: &str, d: &Definition) -> PathBuf {
    let path = run.path(&format!("returns/{name}"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let bytes = generate::workbook_bytes(&path, &[(d, "表1")], &generate::Options::default())
        .expect("workbook");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Replace one part of a workbook's zip by `edit` of its text.
fn edit_part(path: &Path, part: &str, edit: impl Fn(&str) -> String) {
    let bytes = std::fs::read(path).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == part {
            let text = String::from_utf8(data).unwrap();
            let new = edit(&text);
            assert!(new != text, "{part} unchanged");
            data = new.into_bytes();
        }
        out.start_file(name, opts).unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

fn status_json(run: &Run) -> Value {
    let o = run.evalsheet(&["status", "D", "--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    serde_json::from_str(&o.stdout).expect("status JSON")
}

fn row<'a>(status: &'a Value, project: &str) -> &'a Value {
    status["forms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["project"] == project)
        .unwrap_or_else(|| panic!("no row for {project}"))
}

/// The desk of 2022, issued.
fn desk() -> Run {
    let run = Run::new();
    let o = run.evalsheet(&[
        "init",
        "D",
        "--year",
        "2022",
        &examples("2022"),
        "--allow-errors",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("已建立 2022 年度收表台 D：下发 13 张表，共 13 个工作簿"),
        "{}",
        o.stderr
    );
    run
}

/// The returns of the scenario, in the order they arrive: (file, the line's start).
struct Returns {
    first: Vec<PathBuf>,
    corrected: PathBuf,
}

fn returns(run: &Run) -> Returns {
    let good = workbook(run, "扫黑除恶.xlsx", &filled(definition("2022", GOOD)));
    // First version: 说明 left blank.
    let mut half = filled(definition("2022", TWICE));
    half.note.clear();
    let twice_1 = workbook(run, "伙食补助.xlsx", &half);
    let corrected = workbook(
        run,
        "伙食补助（改）.xlsx",
        &filled(definition("2022", TWICE)),
    );
    // An older issue: the office has changed the goal since.
    let mut old_issue = filled(definition("2022", STALE));
    old_issue.goal.target = "旧的年初设定目标".into();
    let stale = workbook(run, "城市监控.xlsx", &old_issue);
    // The budget unlocked and typed over: 66.6 → 116.6 in 年度资金总额, the stamp unchanged.
    let changed = workbook(run, "社区警务室.xlsx", &filled(definition("2022", CHANGED)));
    edit_part(&changed, "xl/worksheets/sheet1.xml", |x| {
        // `<c r="D6" s="N"><v>66.6</v></c>`, whatever the style's number.
        let at = x.find("<c r=\"D6\"").expect("cell D6");
        let v = at + x[at..].find("<v>66.6</v>").expect("66.6 in D6");
        format!("{}<v>116.6</v>{}", &x[..v], &x[v + "<v>66.6</v>".len()..])
    });
    let last_year = workbook(run, "去年的表.xlsx", &filled(definition("2021", GOOD)));
    let mut never = filled(definition("2022", GOOD));
    never.project = "从未下发的项目".into();
    let never = workbook(run, "未下发.xlsx", &never);
    let broken = run.path("returns/坏文件.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a workbook").unwrap();
    Returns {
        first: vec![good, twice_1, stale, changed, last_year, never, broken],
        corrected,
    }
}

fn paths(files: &[PathBuf]) -> Vec<String> {
    files.iter().map(|p| p.display().to_string()).collect()
}

fn receive(run: &Run, files: &[PathBuf]) -> Outcome {
    let mut args = vec!["receive".to_string(), "D".to_string()];
    args.extend(paths(files));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run.evalsheet(&args)
}

#[test]
fn a_year_at_the_desk() {
    let run = desk();
    let r = returns(&run);
    let o = receive(&run, &r.first);
    assert_eq!(o.code, 1, "files apart and flagged: {}", o.stderr);
    let lines: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(lines.len(), 7, "{}", o.stdout);
    assert!(
        lines[0].starts_with(
            "扫黑除恶.xlsx：收到 1 张表：有组织犯罪侦查支队“扫黑除恶专项斗争经费”（第 1 版）"
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[2].contains("填的是旧版表格（与现在下发的不同：年度总体目标 年初设定目标）"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].contains("改动了科室填写的栏目 1 处"),
        "{}",
        lines[3]
    );
    assert_eq!(
        lines[4],
        "去年的表.xlsx：“扫黑除恶专项斗争经费”是 2021 年度的表格，不是本年度（2022）的，已保存但不计入；请让单位用本年度下发的表格填报。"
    );
    assert_eq!(
        lines[5],
        "未下发.xlsx：“从未下发的项目”（有组织犯罪侦查支队）没有下发过，已保存但不计入。"
    );
    assert!(
        lines[6].starts_with("坏文件.xlsx：无法读取（"),
        "{}",
        lines[6]
    );
    assert!(
        o.stderr
            .contains("收到 7 个文件：新收 4 个，重复 0 个，不计入 3 个。"),
        "{}",
        o.stderr
    );

    // Returned for fixes, then corrected.
    let o = run.evalsheet(&[
        "review",
        "D",
        "--return",
        TWICE,
        "--comment",
        "请填写说明。",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        row(&status_json(&run), TWICE)["state"],
        "returned_for_fixes"
    );
    let o = receive(&run, std::slice::from_ref(&r.corrected));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("（第 2 版）"), "{}", o.stdout);
    let o = run.evalsheet(&[
        "review",
        "D",
        "--accept",
        &format!("{GOOD}/有组织犯罪侦查支队"),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);

    let s = status_json(&run);
    assert_eq!(s["schema"], "evalsheet-status/1");
    assert_eq!(s["year"], 2022);
    let forms = s["forms"].as_array().unwrap();
    assert_eq!(forms.len(), ALL_FORMS);
    let keys: Vec<&str> = forms[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = [
        "project",
        "unit",
        "department",
        "state",
        "file",
        "versions",
        "stale",
        "forbidden_changes",
        "errors",
        "warnings",
        "received",
    ];
    want.sort_unstable();
    assert_eq!(keys, want, "exactly the fields of evalsheet-status/1");
    let expect =
        |project: &str, state: &str, file: &str, versions: u64, stale: bool, forbidden: u64| {
            let f = row(&s, project);
            assert_eq!(f["state"], state, "{project}");
            assert_eq!(f["file"], file, "{project}");
            assert_eq!(f["versions"], versions, "{project}");
            assert_eq!(f["stale"], stale, "{project}");
            assert_eq!(f["forbidden_changes"], forbidden, "{project}");
            assert!(f["received"].as_str().unwrap().ends_with('Z'), "{project}");
        };
    expect(GOOD, "accepted", "扫黑除恶.xlsx", 1, false, 0);
    expect(TWICE, "received", "伙食补助（改）.xlsx", 2, false, 0);
    expect(STALE, "received", "城市监控.xlsx", 1, true, 0);
    expect(CHANGED, "received", "社区警务室.xlsx", 1, false, 1);
    let missing: Vec<&Value> = forms.iter().filter(|f| f["state"] == "missing").collect();
    assert_eq!(missing.len(), ALL_FORMS - 4);
    for f in &missing {
        assert_eq!(f["versions"], 0);
        assert_eq!(f["file"], Value::Null);
        assert_eq!(f["received"], Value::Null);
    }
    assert_eq!(
        s["unmatched"],
        serde_json::json!([
            {"file": "去年的表.xlsx", "reason": "wrong_year"},
            {"file": "未下发.xlsx", "reason": "not_issued"},
            {"file": "坏文件.xlsx", "reason": "unreadable"},
        ])
    );

    // The same files again: nothing changes.
    let mut everything = r.first.clone();
    everything.push(r.corrected.clone());
    let o = receive(&run, &everything);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout
            .lines()
            .all(|l| l.contains("已于") && l.ends_with("收到，没有改动。")),
        "{}",
        o.stdout
    );
    assert_eq!(status_json(&run), s);
    let received = std::fs::read_dir(run.path("D/received")).unwrap().count();
    assert_eq!(received, 8, "one folder per distinct file");
    // Each copy is the file as it came.
    let copy = files(&run.path(&format!(
        "D/received/{}",
        sha256_hex(&std::fs::read(&r.first[3]).unwrap())
    )));
    assert_eq!(copy.len(), 1);
    assert_eq!(
        std::fs::read(&copy[0]).unwrap(),
        std::fs::read(&r.first[3]).unwrap()
    );

    // The text status speaks Chinese.
    let o = run.evalsheet(&["status", "D"]);
    assert!(
        o.stdout.starts_with(
            "2022 年度收表情况：共 13 张表，未交回 9，已交回待审 3，退回修改 0，已通过 1。"
        ),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains("  去年的表.xlsx：不是本年度的表格"),
        "{}",
        o.stdout
    );

    collect_counts_each_form_once(&run);
    feedback_goes_to_units_with_their_findings(&run);
    diff_knows_the_desk(&run);
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn collect_counts_each_form_once(run: &Run) {
    let o = run.evalsheet(&["collect", "D", "-o", "汇总表.xlsx"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains("计入 4 张表，未交回 9 张"),
        "{}",
        o.stderr
    );
    let book = run.path("汇总表.xlsx");
    assert_eq!(
        sheet_names(&book),
        ["汇总表", "未交回", "问题清单", "收表情况"]
    );
    let s = read_sheet(&book, "汇总表");
    // One numbered row per counted form.
    let mut numbered = Vec::new();
    let mut r = 3;
    while !s.text(r, 0).is_empty() {
        if s.number(r, 0).is_some() {
            numbered.push(s.text(r, 3));
        }
        r += 1;
    }
    numbered.sort();
    let mut want = vec![GOOD, TWICE, STALE, CHANGED];
    want.sort_unstable();
    assert_eq!(numbered, want);
    // The changed budget: counted as issued, the unit's value beside.
    let (cr, _) = s.find(CHANGED).unwrap();
    assert_eq!(s.number(cr, 6), Some(66.6));
    assert_eq!(s.number(cr, 7), Some(116.6));
    assert!(
        s.text(cr, 16).contains("66.6 → 116.6"),
        "{}",
        s.text(cr, 16)
    );
    let (sr, _) = s.find(STALE).unwrap();
    assert_eq!(s.text(sr, 15), "是");
    // The 总计: the issued budgets of the four forms, each once.
    let (tr, _) = s.find("总计").unwrap();
    assert!(
        s.formula(tr, 6).starts_with("SUBTOTAL(9,G4:G"),
        "{}",
        s.formula(tr, 6)
    );
    let issued: Decimal = [GOOD, TWICE, STALE, CHANGED]
        .iter()
        .map(|p| definition("2022", p).funds.total.budget.unwrap())
        .sum();
    let total = s.number(tr, 6).unwrap();
    assert!(
        (total - issued.to_string().parse::<f64>().unwrap()).abs() < 1e-9,
        "{total} vs {issued}"
    );
    assert!(s.find("特巡警支队 小计").is_some());
    assert!(s.find("衡阳市公安局 合计").is_some());

    let m = read_sheet(&book, "未交回");
    let mut n = 0;
    while m.number(3 + n, 0).is_some() {
        assert_eq!(m.number(3 + n, 5), Some(0.0), "days since issue");
        n += 1;
    }
    assert_eq!(n, 9);

    let f = read_sheet(&book, "问题清单");
    assert_eq!(f.text(2, 8), "由谁改正");
    let heads: Vec<String> = (0..6).map(|c| s.text(2, c)).collect();
    assert_eq!(
        heads,
        [
            "序号",
            "主管部门",
            "实施单位",
            "项目资金名称",
            "状态",
            "版本"
        ]
    );
    // In English, the columns are English (the sheets' and the forms' own names are not).
    let o = run.evalsheet(&["collect", "D", "-o", "summary-en.xlsx", "--lang", "en"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let en = read_sheet(&run.path("summary-en.xlsx"), "汇总表");
    let heads: Vec<String> = (0..8).map(|c| en.text(2, c)).collect();
    assert_eq!(
        heads,
        [
            "No.",
            "Department",
            "Unit",
            "Project",
            "State",
            "Version",
            "Budget for the year (A)",
            "Budget as the unit filled it"
        ]
    );
    let mut parties = std::collections::BTreeSet::new();
    let mut r = 3;
    while f.number(r, 0).is_some() {
        parties.insert(f.text(r, 8));
        r += 1;
    }
    assert_eq!(parties, ["单位".to_string(), "科室".to_string()].into());
    // The changed budget is listed as the unit's.
    let changed: Vec<u32> = (3..r).filter(|&i| f.text(i, 3) == CHANGED).collect();
    let budget_rows: Vec<u32> = changed
        .iter()
        .copied()
        .filter(|&i| f.text(i, 6) == "年度资金总额 全年预算数（A）")
        .collect();
    assert!(!budget_rows.is_empty());
    for i in budget_rows {
        assert_eq!(f.text(i, 8), "单位", "row {i}: {}", f.text(i, 9));
    }
    assert!(
        changed
            .iter()
            .any(|&i| f.text(i, 9) == "单位改为 116.6（下发为 66.6）"),
        "the changed budget is listed"
    );

    // Plain folders still collect as before.
    let o = run.evalsheet(&["collect", "returns", "-o", "folders.xlsx"]);
    assert_eq!(o.code, 2, "the unreadable file: {}", o.stderr);
    assert!(sheet_names(&run.path("folders.xlsx")).contains(&"未能读取".to_string()));
}

fn feedback_goes_to_units_with_their_findings(run: &Run) {
    let o = run.evalsheet(&[
        "review",
        "D",
        "--return",
        CHANGED,
        "--comment",
        "预算数不得改动。",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = run.evalsheet(&["feedback", "D", "-o", "反馈"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let written: Vec<String> = files(&run.path("反馈"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        written.contains(&"反馈-社区管理办公室.xlsx".to_string()),
        "{written:?}"
    );
    let book = run.path("反馈/反馈-社区管理办公室.xlsx");
    let first = read_sheet(&book, "审核结果");
    assert!(
        first.find("预算数不得改动。").is_some() || {
            // The comment may sit inside a longer cell.
            first
                .cells
                .used_cells()
                .any(|(_, _, v)| v.to_string().contains("预算数不得改动。"))
        }
    );
    // The accepted form's unit has nothing to fix unless another form of it does.
    let accepted_unit_forms = written.iter().any(|w| w.contains("有组织犯罪侦查支队"));
    assert!(!accepted_unit_forms, "{written:?}");
}

fn diff_knows_the_desk(run: &Run) {
    let o = run.evalsheet(&["diff", "D"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stdout
            .contains(&format!("社区管理办公室“{CHANGED}”（退回修改，1 版）")),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("!! "), "{}", o.stdout);
    assert!(o.stdout.contains("与上一版（"), "{}", o.stdout);
    let o = run.evalsheet(&["diff", "D", "--format", "json"]);
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    let twice = v
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["project"] == TWICE)
        .unwrap();
    let prev = twice["vs_previous"][1].as_array().unwrap();
    assert!(
        prev.iter().any(|c| c["path"] == "note" && c["new"] == "无"),
        "{prev:?}"
    );
}

#[test]
fn an_interrupted_receive_leaves_the_ledger_as_it_was() {
    let run = desk();
    let file = workbook(&run, "扫黑除恶.xlsx", &filled(definition("2022", GOOD)));
    let before = status_json(&run);
    let o = run.evalsheet_env(
        &["receive", "D", &file.display().to_string()],
        &[("EVALSHEET_DESK_FAIL_BEFORE_COMMIT", "1")],
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(status_json(&run), before);

    // Killed inside its transaction.
    let mut child = evalsheet_command()
        .args(["receive", "D", &file.display().to_string()])
        .current_dir(run.dir.path())
        .env("EVALSHEET_DESK_PAUSE_BEFORE_COMMIT_MS", "20000")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until it holds the write lock: another write then waits (busy), a read does not.
    let started = std::time::Instant::now();
    while !run.path("D/desk.sqlite-wal").exists() || started.elapsed().as_millis() < 1500 {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let during = status_json(&run);
    assert_eq!(
        during, before,
        "a read during a receive sees the ledger as it was"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(status_json(&run), before);

    // And the file is received whole afterwards.
    let o = receive(&run, std::slice::from_ref(&file));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let s = status_json(&run);
    assert_eq!(row(&s, GOOD)["state"], "received");
    assert_eq!(row(&s, GOOD)["versions"], 1);
}

#[test]
fn two_receives_at_once_are_both_recorded_once() {
    let run = desk();
    let a = workbook(&run, "扫黑除恶.xlsx", &filled(definition("2022", GOOD)));
    let b = workbook(&run, "伙食补助.xlsx", &filled(definition("2022", TWICE)));
    let spawn = |files: &[&PathBuf]| {
        let mut c = evalsheet_command();
        c.arg("receive").arg("D");
        for f in files {
            c.arg(f);
        }
        c.current_dir(run.dir.path())
            .env("EVALSHEET_DESK_PAUSE_BEFORE_COMMIT_MS", "300")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children = [spawn(&[&a, &b]), spawn(&[&b, &a]), spawn(&[&a])];
    let mut new_lines = 0;
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.code() == Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        new_lines += String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.contains("（第 1 版）"))
            .count();
    }
    assert_eq!(new_lines, 2, "each file recorded by one of them");
    let s = status_json(&run);
    assert_eq!(row(&s, GOOD)["versions"], 1);
    assert_eq!(row(&s, TWICE)["versions"], 1);
}

#[test]
fn a_damaged_ledger_is_refused_with_how_to_rebuild_it() {
    let run = desk();
    let file = workbook(&run, "扫黑除恶.xlsx", &filled(definition("2022", GOOD)));
    assert_eq!(receive(&run, std::slice::from_ref(&file)).code, 0);
    let before = status_json(&run);
    for side in ["D/desk.sqlite-wal", "D/desk.sqlite-shm"] {
        let _ = std::fs::remove_file(run.path(side));
    }
    std::fs::write(
        run.path("D/desk.sqlite"),
        b"this is no database, but it is long enough to look like one maybe",
    )
    .unwrap();
    let o = run.evalsheet(&["status", "D"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("台账无法使用"), "{}", o.stderr);
    assert!(
        o.stderr.contains("evalsheet init \"D\" --rebuild"),
        "{}",
        o.stderr
    );
    let o = run.evalsheet(&["init", "D", "--rebuild"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("已重建台账：13 张下发表格，1 个收到的文件。"),
        "{}",
        o.stderr
    );
    assert!(run.path("D/desk.sqlite.damaged-1").exists());
    let after = status_json(&run);
    assert_eq!(row(&after, GOOD)["state"], "received");
    assert_eq!(row(&after, GOOD)["file"], row(&before, GOOD)["file"]);
    assert_eq!(after["forms"].as_array().unwrap().len(), ALL_FORMS);
}

#[test]
fn init_stops_on_errors_in_the_definitions() {
    let run = Run::new();
    let o = run.evalsheet(&["init", "D", "--year", "2022", &examples("2022")]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("项目定义中有 11 处错误（见上），没有下发任何表格"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("06-禁毒专项经费.yaml: city_department: error[required-blank]: 市级主管部门未填写。（科室）"), "{}", o.stderr);
    assert!(!run.path("D/desk.sqlite").exists());
    assert!(!run.path("D/issued").exists());
}

/// `init --rules`: the office's rules are checked first, kept in the desk, and every return
/// received is checked with them too (one more error on the same form than without them).
#[test]
fn a_desk_remembers_its_rules_and_applies_them_to_returns() {
    let errors = |with_rules: bool| -> u64 {
        let run = Run::new();
        run.write(
            "规则.yaml",
            "name: 测试规则\nrules:\n  - id: full-execution\n    severity: error\n    party: unit\n    when: 执行率 >= 1\n    field: 说明\n    message: 执行率 {执行率} 达到 100%，请在说明中写明结余情况。\n",
        );
        let mut args = vec!["init", "D", "--year", "2022", "--allow-errors"];
        let ex = examples("2022");
        args.push(&ex);
        if with_rules {
            args.extend(["--rules", "规则.yaml"]);
        }
        let o = run.evalsheet(&args);
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert_eq!(run.path("D/rules.yaml").exists(), with_rules);
        let d = filled(definition("2022", "扫黑除恶专项斗争经费"));
        let file = workbook(&run, "扫黑除恶.xlsx", &d);
        let o = run.evalsheet(&["receive", "D", file.to_str().unwrap()]);
        assert!(o.code <= 1, "{}", o.stderr);
        row(&status_json(&run), "扫黑除恶专项斗争经费")["errors"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(errors(true), errors(false) + 1);
    // A mistake in the rules file stops init before anything is made.
    let run = Run::new();
    run.write(
        "坏规则.yaml",
        "rules:\n  - id: x\n    severity: error\n    whne: 执行率 < 1\n    message: m\n",
    );
    let o = run.evalsheet(&[
        "init",
        "D",
        "--year",
        "2022",
        &examples("2022"),
        "--rules",
        "坏规则.yaml",
    ]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("坏规则.yaml:4:5"), "{}", o.stderr);
    assert!(!run.path("D").exists());
}

#[test]
fn projects_added_during_the_year_are_issued_into_the_desk() {
    let run = Run::new();
    let init = run.evalsheet(&[
        "init",
        "D",
        "--year",
        "2022",
        &examples("2022"),
        "--by",
        "unit",
        "--allow-errors",
        "-q",
    ]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let before = files(&run.path("D/issued"));
    // A new project of a unit that has a workbook already, and one of another year.
    let src = files(std::path::Path::new(&examples("2022")))
        .into_iter()
        .find(|f| f.to_string_lossy().contains("特巡警支队伙食补助经费"))
        .unwrap();
    let yaml = std::fs::read_to_string(&src).unwrap().replace(
        "project: \"特巡警支队伙食补助经费\"",
        "project: \"特巡警支队新增项目\"",
    );
    run.write("new/新增.yaml", &yaml);
    let o = run.evalsheet(&["init", "D", "new", "--add", "--allow-errors"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout.contains("已补发 1 张表，共 1 个工作簿")
            || o.stderr.contains("已补发 1 张表，共 1 个工作簿"),
        "{}{}",
        o.stdout,
        o.stderr
    );
    let after = files(&run.path("D/issued"));
    assert_eq!(after.len(), before.len() + 1);
    // The unit's first workbook is left as it was; the new one beside it.
    for f in &before {
        assert!(after.contains(f));
    }
    let added: Vec<&std::path::PathBuf> = after.iter().filter(|f| !before.contains(f)).collect();
    assert!(
        added[0]
            .to_string_lossy()
            .ends_with("2022-特巡警支队-2.xlsx"),
        "{added:?}"
    );
    let status = run.evalsheet(&["status", "D", "--format", "json"]);
    assert!(
        status.stdout.contains("特巡警支队新增项目"),
        "{}",
        status.stdout
    );
    assert_eq!(status.stdout.matches("\"state\": \"missing\"").count(), 14);
    // The same again: refused, nothing written.
    let o = run.evalsheet(&["init", "D", "new", "--add", "--allow-errors"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("已经下发过，不能再补发"), "{}", o.stderr);
    assert_eq!(files(&run.path("D/issued")).len(), after.len());
    // Another year's project: refused.
    run.write(
        "old/旧.yaml",
        &yaml
            .replace("year: 2022", "year: 2021")
            .replace("特巡警支队新增项目", "另一个项目"),
    );
    let o = run.evalsheet(&["init", "D", "old", "--add", "--allow-errors"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
}
