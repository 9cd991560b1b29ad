//! `evalsheet collect`, run as the real binary over the 2021 examples issued and returned.

use crate::support::*;
use evalsheet::collect::{FAILURES_SHEET, FINDINGS_SHEET, HEAD_ROW, SUMMARY_SHEET};
use evalsheet::load;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Column of each 汇总表 field (zero-based).
const UNIT: u32 = 1;
const PROJECT: u32 = 2;
const A: u32 = 3;
const B: u32 = 4;
const RATE: u32 = 5;
const INDICATORS: u32 = 6;
const ERRORS: u32 = 11;
const WARNINGS: u32 = 12;
const FILE: u32 = 13;
const SHEET: u32 = 14;

/// The 2021 examples generated (filled in) into `returns/`, plus a file of random bytes named
/// like a workbook and a workbook that holds no form, in a subfolder.
fn returns(run: &Run) {
    let o = run.evalsheet(&["generate", &examples("2021"), "-o", "returns", "-q"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    // Random bytes, the same on every run.
    let mut x: u32 = 0x2021_0705;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect();
    std::fs::write(run.path("returns/broken.xlsx"), noise).unwrap();
    std::fs::create_dir_all(run.path("returns/其他")).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "关于报送2021年度绩效自评材料的通知")
        .unwrap();
    ws.write_string(1, 0, "请各单位于3月底前报送。").unwrap();
    wb.save(run.path("returns/其他/通知.xlsx")).unwrap();
}

/// The 项目 rows of the 汇总表: from below the header down to the 合计 row.
fn project_rows(s: &Sheet) -> std::ops::Range<u32> {
    let (total, _) = s.find("合计").expect("合计 row");
    HEAD_ROW + 1..total
}

/// The data rows of a list sheet (问题清单, 未能读取): everything below the header.
fn list_rows(s: &Sheet) -> std::ops::Range<u32> {
    let end = s.cells.end().map_or(0, |(r, _)| r + 1);
    HEAD_ROW + 1..end.max(HEAD_ROW + 1)
}

fn row_of(s: &Sheet, project: &str) -> u32 {
    project_rows(s)
        .find(|&r| s.text(r, PROJECT) == project)
        .unwrap_or_else(|| panic!("no row for {project}"))
}

/// A decimal as the cell holding it reads back.
fn f(d: Decimal) -> f64 {
    d.to_string().parse().unwrap()
}

#[test]
fn collect_summarises_every_returned_form() {
    let run = Run::new();
    returns(&run);
    let o = run.evalsheet(&["collect", "returns", "-o", "out/summary.xlsx"]);
    assert_eq!(o.code, 2, "two files could not be read: {}", o.stderr);
    assert_eq!(o.stdout, "");
    assert!(
        o.stderr.contains("已汇总 13 个文件中的 13 张自评表")
            && o.stderr.contains("2 个文件未能读取"),
        "{}",
        o.stderr
    );
    let out = run.path("out/summary.xlsx");
    assert_eq!(
        sheet_names(&out),
        [SUMMARY_SHEET, FINDINGS_SHEET, FAILURES_SHEET]
    );

    let s = read_sheet(&out, SUMMARY_SHEET);
    assert_eq!(s.text(0, 0), "2021年度项目支出绩效自评汇总表");
    assert_eq!(s.text(HEAD_ROW, 0), "序号");
    assert_eq!(s.text(HEAD_ROW, PROJECT), "项目资金名称");
    let rows = project_rows(&s);
    assert_eq!(rows.len(), 13);

    // Known projects, their unit and amounts.
    for (project, unit, a, b) in [
        ("城市监控系统（一二期）运维费用", "科信支队", 273.89, 273.89),
        ("扫黑除恶专项斗争经费", "有组织犯罪侦查支队", 500.0, 500.0),
        ("禁毒专项经费", "禁毒支队", 550.0, 550.0),
    ] {
        let r = row_of(&s, project);
        assert_eq!(s.text(r, UNIT), unit, "{project}");
        assert_eq!(s.number(r, A), Some(a), "{project}");
        assert_eq!(s.number(r, B), Some(b), "{project}");
        // 执行率 is a formula over the row's own A and B, with its result cached.
        let (a1, b1) = (format!("D{}", r + 1), format!("E{}", r + 1));
        assert_eq!(
            s.formula(r, RATE),
            format!("IF(OR({a1}=\"\",{a1}=0,{b1}=\"\"),\"\",{b1}/{a1})")
        );
        assert_eq!(s.number(r, RATE), Some(b / a), "{project}");
        assert!(s.number(r, INDICATORS).unwrap() > 0.0);
        assert!(
            s.text(r, FILE).starts_with("returns/2021-"),
            "{}",
            s.text(r, FILE)
        );
        assert!(s.text(r, FILE).ends_with(".xlsx"));
        assert!(!s.text(r, SHEET).is_empty());
    }

    // Sorted by unit, then project.
    let keys: Vec<(String, String)> = rows
        .clone()
        .map(|r| (s.text(r, UNIT), s.text(r, PROJECT)))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);

    // 合计: SUM formulas whose cached results are the sums of the examples' amounts.
    let (loaded, errors) = load::load_all(&[PathBuf::from(examples("2021"))]).unwrap();
    assert!(errors.is_empty());
    assert_eq!(loaded.len(), 13);
    let sum_a: Decimal = loaded.iter().filter_map(|l| l.def.funds.total.budget).sum();
    let sum_b: Decimal = loaded
        .iter()
        .filter_map(|l| l.def.funds.total.executed)
        .sum();
    let total = rows.end;
    let (first, last) = (rows.start + 1, rows.end);
    assert_eq!(s.formula(total, A), format!("SUM(D{first}:D{last})"));
    assert_eq!(s.formula(total, B), format!("SUM(E{first}:E{last})"));
    assert_eq!(s.number(total, A), Some(f(sum_a)));
    assert_eq!(s.number(total, B), Some(f(sum_b)));
    let t = total + 1;
    assert_eq!(
        s.formula(total, RATE),
        format!("IF(OR(D{t}=\"\",D{t}=0,E{t}=\"\"),\"\",E{t}/D{t})")
    );
    let rate = s.number(total, RATE).expect("total rate cached");
    assert!((rate - f(sum_b) / f(sum_a)).abs() < 1e-12);

    // 问题清单 holds exactly what `evalsheet check` finds in the same folder.
    let check = run.evalsheet(&["check", "returns", "--format", "json"]);
    assert_eq!(check.code, 2, "{}", check.stderr);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let expected: BTreeSet<(String, String, String, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            let t = |k: &str| x[k].as_str().unwrap_or_default().to_string();
            (t("file"), t("cell"), t("field"), t("rule"))
        })
        .collect();
    let fs = read_sheet(&out, FINDINGS_SHEET);
    assert_eq!(fs.text(HEAD_ROW, 9), "问题说明");
    let found: Vec<(String, String, String, String)> = list_rows(&fs)
        .map(|r| (fs.text(r, 3), fs.text(r, 5), fs.text(r, 6), fs.text(r, 7)))
        .collect();
    assert_eq!(found.len(), json.as_array().unwrap().len());
    assert_eq!(found.iter().cloned().collect::<BTreeSet<_>>(), expected);
    for r in list_rows(&fs) {
        assert!(matches!(fs.text(r, 8).as_str(), "错误" | "警告"));
        assert!(!fs.text(r, 9).is_empty());
    }
    // The per-project counts add up to the list.
    let counted: f64 = rows
        .clone()
        .map(|r| s.number(r, ERRORS).unwrap() + s.number(r, WARNINGS).unwrap())
        .sum();
    assert_eq!(counted as usize, found.len());

    // 未能读取 names both unreadable files, with a reason.
    let ff = read_sheet(&out, FAILURES_SHEET);
    let failed: Vec<String> = list_rows(&ff).map(|r| ff.text(r, 1)).collect();
    assert_eq!(failed, ["returns/broken.xlsx", "returns/其他/通知.xlsx"]);
    for r in list_rows(&ff) {
        assert!(!ff.text(r, 2).is_empty() && !ff.text(r, 3).is_empty());
    }
    assert!(
        ff.text(HEAD_ROW + 2, 3)
            .contains("中没有项目支出绩效自评表")
    );

    // Nothing is dropped: every workbook in the folder is in 汇总表 or in 未能读取.
    let inputs: BTreeSet<String> =
        evalsheet::input::expand(&[run.path("returns")], evalsheet::input::Kind::Workbooks)
            .map(|f| f.files)
            .unwrap()
            .iter()
            .map(|p| {
                let rel = p.strip_prefix(run.dir.path()).unwrap();
                rel.display().to_string()
            })
            .collect();
    assert_eq!(inputs.len(), 15);
    let listed: BTreeSet<String> = rows
        .map(|r| s.text(r, FILE))
        .chain(failed.iter().cloned())
        .collect();
    assert_eq!(listed, inputs);
}

#[test]
fn collect_layout_is_ready_to_print() {
    let run = Run::new();
    let o = run.evalsheet(&["generate", &examples("2021"), "-o", "returns", "-q"]);
    assert_eq!(o.code, 0);
    let o = run.evalsheet(&["collect", "returns", "-o", "summary.xlsx"]);
    assert_eq!(o.code, 0, "every file read: exit 0; {}", o.stderr);
    let out = run.path("summary.xlsx");
    let xml = part(&out, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("orientation=\"landscape\""), "{xml}");
    assert!(xml.contains("paperSize=\"9\""));
    assert!(xml.contains("fitToHeight=\"0\""));
    assert!(xml.contains("<autoFilter ref=\"A3:P16\""), "{xml}");
    assert!(xml.contains("state=\"frozen\""));
    let book = part(&out, "xl/workbook.xml");
    assert!(book.contains("_xlnm.Print_Titles"), "{book}");
    let styles = part(&out, "xl/styles.xml");
    assert!(styles.contains("宋体"));
    assert!(styles.contains("#,##0.00##"));
    assert!(styles.contains("0.00%"));
    let ff = read_sheet(&out, FAILURES_SHEET);
    assert_eq!(list_rows(&ff).len(), 0);
}

#[test]
fn collect_never_overwrites_without_force() {
    let run = Run::new();
    let o = run.evalsheet(&["generate", &examples("2021"), "-o", "returns", "-q"]);
    assert_eq!(o.code, 0);
    run.write("summary.xlsx", "keep me");
    let o = run.evalsheet(&["collect", "returns", "-o", "summary.xlsx"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("已经存在；evalsheet 不会覆盖已有的文件"),
        "{}",
        o.stderr
    );
    assert_eq!(
        std::fs::read_to_string(run.path("summary.xlsx")).unwrap(),
        "keep me"
    );
    let o = run.evalsheet(&["collect", "returns", "-o", "summary.xlsx", "--force"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        project_rows(&first_sheet(&run.path("summary.xlsx"))).len(),
        13
    );
}

#[test]
fn collect_reads_every_sheet_and_skips_its_own_output() {
    // One workbook per unit, one sheet per project: still one row per project.
    let run = Run::new();
    let o = run.evalsheet(&[
        "generate",
        &examples("2021"),
        "-o",
        "returns",
        "--by",
        "unit",
        "-q",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let files = evalsheet::input::expand(&[run.path("returns")], evalsheet::input::Kind::Workbooks)
        .map(|f| f.files)
        .unwrap();
    assert!(files.len() < 13);
    for _ in 0..2 {
        // The summary sits among the returns; a second run must not read it as a return.
        let o = run.evalsheet(&["collect", "returns", "-o", "returns/汇总表.xlsx", "--force"]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let s = first_sheet(&run.path("returns/汇总表.xlsx"));
        let rows = project_rows(&s);
        assert_eq!(rows.len(), 13);
        let sheets: BTreeSet<(String, String)> =
            rows.map(|r| (s.text(r, FILE), s.text(r, SHEET))).collect();
        assert_eq!(sheets.len(), 13, "each row names its own file and sheet");
        assert!(
            o.stderr
                .contains(&format!("已汇总 {} 个文件中的 13 张自评表", files.len())),
            "{}",
            o.stderr
        );
    }
}

#[test]
fn collect_without_workbooks_is_trouble() {
    let run = Run::new();
    std::fs::create_dir_all(run.path("empty")).unwrap();
    let o = run.evalsheet(&["collect", "empty", "-o", "summary.xlsx"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("文件夹 empty 中没有找到工作簿（.xlsx、.xlsm、.xls、.ods）。"),
        "{}",
        o.stderr
    );
    assert!(!run.path("summary.xlsx").exists());
    // A folder of definitions is not one of returns; an input that does not exist stops the
    // job; the summary must be an .xlsx.
    run.write("defs/a.yaml", "year: 2021\nproject: 甲\n");
    let o = run.evalsheet(&["collect", "defs", "-o", "summary.xlsx"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("中没有找到工作簿"), "{}", o.stderr);
    let o = run.evalsheet(&["collect", "nosuch", "-o", "summary.xlsx"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("nosuch"), "{}", o.stderr);
    assert!(!run.path("summary.xlsx").exists());
    let o = run.evalsheet(&["collect", "defs", "-o", "summary"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("不是 .xlsx 文件名"), "{}", o.stderr);
    assert!(!run.path("summary").exists());
}
