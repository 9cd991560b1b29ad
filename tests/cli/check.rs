//! `evalsheet check`, `rollover` and `new`, run as the real binary.

use crate::support::*;
use evalsheet::load;
use std::path::Path;

/// Output with the absolute path of the project replaced by nothing, so paths read
/// `examples/2021/…` as in the pinned file.
fn relative(text: &str) -> String {
    text.replace(&format!("{}/", root().display()), "")
}

#[test]
fn examples_2021_findings_are_pinned() {
    let run = Run::new();
    let o = run.evalsheet(&["check", &examples("2021")]);
    assert_eq!(o.code, 1, "errors were found: exit 1; stderr: {}", o.stderr);
    assert_eq!(o.stderr, "");
    let expected = std::fs::read_to_string(root().join("tests/fixtures/check/examples-2021.txt"))
        .expect("pinned findings");
    let got = relative(&o.stdout);
    if got != expected {
        for (i, (g, e)) in got.lines().zip(expected.lines()).enumerate() {
            assert_eq!(g, e, "line {}", i + 1);
        }
        assert_eq!(got.lines().count(), expected.lines().count());
    }
    assert_eq!(got, expected);
}

#[test]
fn examples_2021_name_the_seed_mistakes() {
    // A few of the seed's mistakes, each at its file and field.
    let run = Run::new();
    let o = run.evalsheet(&["check", &examples("2021")]);
    let out = relative(&o.stdout);
    for (file, field, rule) in [
        ("02-", "indicators[6].target", "error[cost-target-mismatch]"),
        ("03-", "indicators[4].target", "error[cost-target-mismatch]"),
        ("11-", "indicators[5].target", "error[cost-target-mismatch]"),
        ("03-", "indicators[6].level2", "warning[nonstandard-label]"),
        (
            "03-",
            "indicators[5].level1",
            "warning[level2-under-wrong-level1]",
        ),
        ("06-", "local_department", "error[number-in-text-field]"),
        ("06-", "city_department", "error[required-blank]"),
        ("08-", "indicators[2].name", "error[empty-indicator]"),
        ("10-", "indicators[6].reason", "error[value-in-wrong-cell]"),
        ("10-", "goal.target", "error[required-blank]"),
        ("13-", "note", "error[note-is-instruction]"),
    ] {
        let needle = format!(": {field}: {rule}: ");
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("examples/2021/{file}")) && l.contains(&needle)),
            "{file} {field} {rule} not found in:\n{out}"
        );
    }
    assert!(out.contains(
        "examples/2021/03-特巡警支队伙食补助经费.yaml: indicators[6].level2: warning[nonstandard-label]: 二级指标“服务对象满意度指针”不在标准指标体系中，是否应为“服务对象满意度指标”？\n"
    ));
}

#[test]
fn json_output_follows_the_schema() {
    let run = Run::new();
    let o = run.evalsheet(&["check", &examples("2021"), "--format", "json"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("one JSON array");
    let arr = v.as_array().expect("array");
    // Printed file by file, it is still one pretty-printed array, keys in schema order.
    #[derive(serde::Serialize, serde::Deserialize)]
    struct F {
        file: String,
        definition: Option<usize>,
        project: String,
        sheet: Option<String>,
        cell: Option<String>,
        field: String,
        label: String,
        rule: String,
        severity: String,
        party: String,
        message: String,
    }
    let typed: Vec<F> = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        o.stdout,
        format!("{}\n", serde_json::to_string_pretty(&typed).unwrap())
    );
    let text = run.evalsheet(&["check", &examples("2021")]);
    assert_eq!(arr.len() + 1, text.stdout.lines().count());
    for f in arr {
        let o = f.as_object().unwrap();
        for key in [
            "file",
            "definition",
            "project",
            "sheet",
            "cell",
            "field",
            "label",
            "rule",
            "severity",
            "party",
            "message",
        ] {
            assert!(o.contains_key(key), "{key} missing in {f}");
        }
        assert!(matches!(o["severity"].as_str(), Some("error" | "warning")));
        assert!(o["sheet"].is_null() && o["cell"].is_null());
    }
    let first = &arr[0];
    assert_eq!(first["rule"], "required-blank");
    assert_eq!(first["field"], "funds.city.executed");
    assert_eq!(first["project"], "扫黑除恶专项斗争经费");
    assert_eq!(first["label"], "市级资金 全年执行数（B）");
    assert_eq!(first["party"], "unit");
}

#[test]
fn clean_form_gives_no_findings_and_exit_0() {
    let run = Run::new();
    let clean = root().join("tests/fixtures/clean").display().to_string();
    let o = run.evalsheet(&["check", &clean]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert_eq!(o.stdout, "共检查 1 个文件中的 1 张表：未发现问题。\n");
    let o = run.evalsheet(&["check", &clean, "--format", "json"]);
    assert_eq!(o.code, 0);
    assert_eq!(o.stdout.trim(), "[]");
}

#[test]
fn warnings_alone_exit_0() {
    let run = Run::new();
    let clean = root().join("tests/fixtures/clean/2021-社区警务室工作经费.yaml");
    let text = std::fs::read_to_string(clean)
        .unwrap()
        .replace("服务对象满意度指标", "服务对象满意度指针");
    run.write("w.yaml", &text);
    let o = run.evalsheet(&["check", "w.yaml"]);
    assert_eq!(o.code, 0, "{}", o.stdout);
    assert_eq!(
        o.stdout,
        "w.yaml: indicators[7].level2: warning[nonstandard-label]: 二级指标“服务对象满意度指针”不在标准指标体系中，是否应为“服务对象满意度指标”？\n\
         共检查 1 个文件中的 1 张表：错误 0 个，警告 1 个。\n"
    );
}

#[test]
fn unreadable_files_exit_2_and_the_rest_is_checked() {
    let run = Run::new();
    run.write("in/bad.yaml", "year: 2021\nprojct: 甲\n");
    run.write(
        "in/list.yaml",
        "- {year: 2021, project: 甲, unit: 乙, city_department: 丙}\n",
    );
    let o = run.evalsheet(&["check", "in", "missing.yaml"]);
    assert_eq!(o.code, 2, "{}", o.stdout);
    assert!(
        o.stderr.contains("in/bad.yaml 第 2 行第 1 列：不认识的键"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("missing.yaml"), "{}", o.stderr);
    assert!(
        o.stdout
            .contains("in/list.yaml, definition 1: funds.total.budget: error[required-blank]: "),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout
            .ends_with("另有 2 个文件无法读取（见错误输出）。\n"),
        "{}",
        o.stdout
    );
    let o = run.evalsheet(&["check", "in/empty-dir-does-not-exist"]);
    assert_eq!(o.code, 2);
    std::fs::create_dir_all(run.path("void")).unwrap();
    let o = run.evalsheet(&["check", "void"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("文件夹 void 中没有找到定义文件（.yaml、.yml、.json）或工作簿（.xlsx、.xlsm、.xls、.ods）。"),
        "{}",
        o.stderr
    );
}

#[test]
fn returned_workbooks_are_checked_with_sheet_and_cell() {
    let run = Run::new();
    let ex = examples("2021");
    let o = run.evalsheet(&["generate", &ex, "-o", "out", "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = run.evalsheet(&["check", "out", "--format", "json"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let books: Vec<serde_json::Value> = serde_json::from_str(&o.stdout).unwrap();
    let o = run.evalsheet(&["check", &ex, "--format", "json"]);
    let defs: Vec<serde_json::Value> = serde_json::from_str(&o.stdout).unwrap();
    // The same findings, read from the drawn forms, now with their sheet and cell.
    let key = |f: &serde_json::Value| {
        format!(
            "{}|{}|{}|{}",
            f["project"], f["field"], f["rule"], f["message"]
        )
    };
    let mut a: Vec<_> = books.iter().map(key).collect();
    let mut b: Vec<_> = defs.iter().map(key).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    let f = books
        .iter()
        .find(|f| f["project"] == "特巡警支队伙食补助经费" && f["field"] == "indicators[6].level2")
        .expect("指针 found in the workbook");
    assert_eq!(f["sheet"], "特巡警支队伙食补助经费");
    assert_eq!(f["cell"], "C18");
    let o = run.evalsheet(&["check", "out"]);
    assert!(
        o.stdout.contains(
            "out/2021-特巡警支队伙食补助经费-特巡警支队.xlsx: 特巡警支队伙食补助经费!C18: indicators[6].level2: warning[nonstandard-label]: "
        ),
        "{}",
        o.stdout
    );
}

#[test]
fn rollover_makes_next_years_blank_definitions() {
    let run = Run::new();
    let ex = examples("2021");
    let o = run.evalsheet(&["rollover", &ex, "--year", "2022", "-o", "next"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let written = files(&run.path("next"));
    assert_eq!(written.len(), 13);
    assert!(
        written
            .iter()
            .any(|p| p.file_name().unwrap() == "2022-扫黑除恶专项斗争经费-有组织犯罪侦查支队.yaml")
    );
    let (old, errors) = load::load_all(&[ex.clone().into()]).unwrap();
    assert!(errors.is_empty());
    let (new, errors) = load::load_all(&[run.path("next")]).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(new.len(), 13);
    for l in &old {
        let n = new
            .iter()
            .find(|n| n.def.project == l.def.project)
            .expect("every project rolled over");
        let mut expected = l.def.issued();
        expected.year = 2022;
        assert_eq!(n.def, expected);
        assert!(n.def.goal.actual.is_empty() && n.def.note.is_empty());
        assert!(n.def.funds.total.executed.is_none());
        assert!(
            n.def
                .indicators
                .iter()
                .all(|i| i.actual.is_empty() && i.reason.is_empty())
        );
    }
    // Never over existing files without --force.
    let o = run.evalsheet(&["rollover", &ex, "--year", "2022", "-o", "next"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("已经存在；evalsheet 不会覆盖已有的文件"),
        "{}",
        o.stderr
    );
    let o = run.evalsheet(&[
        "rollover", &ex, "--year", "2022", "-o", "next", "--force", "-q",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, "");
    // The rolled-over definitions are drawn as blank forms.
    let o = run.evalsheet(&["generate", "next", "-o", "forms", "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let books = files(&run.path("forms"));
    assert_eq!(books.len(), 13);
    let s = first_sheet(&books[0]);
    // The title line says the new year.
    assert_eq!(s.text(0, 0), "2022年度项目支出绩效自评表");
    // What check says of an issued form is only about what the office decides.
    let o = run.evalsheet(&["check", "next"]);
    assert!(
        !o.stdout.contains(".actual: error[required-blank]"),
        "{}",
        o.stdout
    );
    assert!(!o.stdout.contains("note: error"), "{}", o.stdout);
    assert!(!o.stdout.contains(".executed: error"), "{}", o.stdout);
}

#[test]
fn new_writes_a_labelled_blank_definition() {
    let run = Run::new();
    let o = run.evalsheet(&["new", "--year", "2022"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    for (key, label) in [
        ("year: 2022", "# 年度"),
        ("project: \"\"", "# 项目资金名称"),
        ("contact: \"\"", "# 负责人及电话"),
        ("city_department: \"\"", "# 市级主管部门"),
        ("local_department: \"\"", "# 地方主管部门"),
        ("unit: \"\"", "# 实施单位"),
        ("  total:", "# 年度资金总额"),
        ("    budget:", "# 全年预算数（A）"),
        ("    executed:", "# 全年执行数（B）"),
        ("  target: \"\"", "# 年初设定目标"),
        ("  actual: \"\"", "# 全年实际完成情况"),
        ("  - level1: \"产出指标\"", "# 一级指标"),
        ("    level2: \"数量指标\"", "# 二级指标"),
        ("    name: \"\"", "# 三级指标"),
        ("    target: \"\"", "# 年度指标值"),
        ("    actual: \"\"", "# 全年完成值"),
        ("    reason: \"\"", "# 未完成原因和改进措施"),
        ("note: \"\"", "# 说明"),
    ] {
        assert!(
            o.stdout
                .lines()
                .any(|l| l.starts_with(key) && l.contains(label)),
            "{key} {label}:\n{}",
            o.stdout
        );
    }
    // Filled in, it draws a form.
    let filled = o
        .stdout
        .replace("project: \"\"", "project: \"新项目\"")
        .replacen("name: \"\"", "name: \"巡逻里程\"", 1);
    run.write("filled.yaml", &filled);
    let o = run.evalsheet(&["generate", "filled.yaml", "-o", "out", "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let book = run.path("out/2022-新项目.xlsx");
    let s = first_sheet(&book);
    assert_eq!(s.text(1, 2), "新项目");
    assert!(s.find("服务对象满意度指标").is_some());
    // With -o, a file; never over an existing one without --force.
    let o = run.evalsheet(&["new", "--project", "禁毒专项经费", "-o", "p.yaml"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let defs = load::load_file(Path::new(&run.path("p.yaml"))).unwrap();
    assert_eq!(defs[0].def.project, "禁毒专项经费");
    assert_eq!(defs[0].def.indicators.len(), 9);
    assert!(defs[0].def.funds.total.budget.is_none());
    let o = run.evalsheet(&["new", "-o", "p.yaml"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("已经存在；evalsheet 不会覆盖已有的文件"),
        "{}",
        o.stderr
    );
    let o = run.evalsheet(&["new", "-o", "p.yaml", "--force"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
}
