//! `evalsheet import` over the committed fixtures in tests/fixtures/ (made by
//! tests/fixtures/make-fixtures.sh, never by the tests): forms a unit filled in and re-saved
//! through LibreOffice, hand-made forms in the official layout, and files that are no form at
//! all. Every imported definition is compared field by field with its `*.expected.yaml`.

use crate::support::*;
use evalsheet::{Definition, load};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A bad file must be refused at once, even on a loaded 2-core machine with a debug build.
const QUICK: Duration = Duration::from_secs(10);

fn fixture(rel: &str) -> PathBuf {
    root().join("tests").join("fixtures").join(rel)
}

/// The definitions of an expected file, in order.
fn expected(rel: &str) -> Vec<Definition> {
    load::load_file(&fixture(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .into_iter()
        .map(|l| l.def)
        .collect()
}

/// Every leaf where two JSON values differ, as `path: expected …, got …`.
fn differences(
    path: &str,
    want: &serde_json::Value,
    got: &serde_json::Value,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            let mut keys: Vec<&String> = w.keys().chain(g.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                differences(
                    &p,
                    w.get(k).unwrap_or(&Value::Null),
                    g.get(k).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                out.push(format!(
                    "{path}: expected {} entries, got {}",
                    w.len(),
                    g.len()
                ));
            }
            for (i, (a, b)) in w.iter().zip(g).enumerate() {
                differences(&format!("{path}[{i}]"), a, b, out);
            }
        }
        _ if want != got => out.push(format!("{path}: expected {want}, got {got}")),
        _ => {}
    }
}

/// Compare imported definitions with the expected ones field by field, after checking that
/// each names the file and sheet it came from; panics listing every field that differs.
fn assert_same(file: &str, got: &[Definition], want: &[Definition], sheets: &[&str]) {
    let name = Path::new(file).file_name().unwrap().to_str().unwrap();
    let mut problems = Vec::new();
    if got.len() != want.len() {
        problems.push(format!(
            "expected {} form(s), got {}",
            want.len(),
            got.len()
        ));
    }
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let mut g = g.clone();
        match g.source.take() {
            Some(s) => {
                if !s.file.ends_with(name) {
                    problems.push(format!(
                        "form {}: source.file {:?} does not name {name}",
                        i + 1,
                        s.file
                    ));
                }
                if let Some(sheet) = sheets.get(i)
                    && s.sheet != *sheet
                {
                    problems.push(format!(
                        "form {}: source.sheet: expected {sheet:?}, got {:?}",
                        i + 1,
                        s.sheet
                    ));
                }
            }
            None => problems.push(format!("form {}: no source", i + 1)),
        }
        let mut d = Vec::new();
        differences(
            "",
            &serde_json::to_value(w).unwrap(),
            &serde_json::to_value(&g).unwrap(),
            &mut d,
        );
        problems.extend(
            d.into_iter()
                .map(|p| format!("form {} ({}): {p}", i + 1, w.project)),
        );
    }
    assert!(problems.is_empty(), "{file}:\n  {}", problems.join("\n  "));
}

/// Import one fixture with `--format json`; returns the definitions and stderr.
fn import_json(rel: &str) -> (Vec<Definition>, String) {
    let run = Run::new();
    let path = fixture(rel).display().to_string();
    let o = run.evalsheet(&["import", &path, "--format", "json"]);
    assert_eq!(o.code, 0, "{rel}: exit {}\n{}", o.code, o.stderr);
    assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    let defs: Vec<Definition> = serde_json::from_str(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{rel}: stdout is not a JSON array of definitions: {e}\n{}",
            o.stdout
        )
    });
    (defs, o.stderr)
}

/// Import a fixture that must read cleanly: no warning, every field as expected.
fn check_clean(rel: &str, expected_rel: &str, sheets: &[&str]) {
    let (got, stderr) = import_json(rel);
    let want = expected(expected_rel);
    assert_same(rel, &got, &want, sheets);
    assert_eq!(
        stderr,
        format!("evalsheet：已从 1 个文件中读取 {} 张自评表。\n", want.len()),
        "{rel}: unexpected warnings"
    );
}

// ---------------------------------------------------------------------------------------------
// returned/: forms evalsheet issued, filled in by a unit, re-saved by LibreOffice.

const FILLED_SHEET: &str = "衡阳市公安局移动警务平台运行经费";

#[test]
fn fixtures_returned_filled_xlsx() {
    check_clean(
        "returned/filled.xlsx",
        "returned/filled.expected.yaml",
        &[FILLED_SHEET],
    );
}

#[test]
fn fixtures_returned_filled_resaved_by_libreoffice_as_xlsx() {
    check_clean(
        "returned/filled-lo.xlsx",
        "returned/filled-lo.expected.yaml",
        &[FILLED_SHEET],
    );
}

#[test]
fn fixtures_returned_filled_resaved_by_libreoffice_as_xls() {
    check_clean(
        "returned/filled.xls",
        "returned/filled-xls.expected.yaml",
        &[FILLED_SHEET],
    );
}

#[test]
fn fixtures_returned_filled_resaved_by_libreoffice_as_ods() {
    check_clean(
        "returned/filled.ods",
        "returned/filled-ods.expected.yaml",
        &[FILLED_SHEET],
    );
}

#[test]
fn fixtures_returned_national_form_resaved_as_ods_and_xls() {
    for file in ["returned/national.ods", "returned/national.xls"] {
        check_clean(
            file,
            "returned/national.expected.yaml",
            &["城市监控系统（一二期）运维费用"],
        );
    }
}

#[test]
fn fixtures_returned_expected_files_agree() {
    // The four re-saves of one filled form must all expect the same definition.
    let base = expected("returned/filled.expected.yaml");
    for rel in [
        "returned/filled-lo.expected.yaml",
        "returned/filled-xls.expected.yaml",
        "returned/filled-ods.expected.yaml",
    ] {
        assert_eq!(expected(rel), base, "{rel}");
    }
    // And what a unit typed is in them: text amounts as exact decimals, the two-line reason.
    let d = &base[0];
    assert_eq!(
        d.funds.city.executed.map(|x| x.to_string()).as_deref(),
        Some("398.5")
    );
    assert_eq!(d.indicators[0].reason, "部分车辆报废\n下年度补充采购");
    assert_eq!(d.contact, "张三 0734-8888888");
    assert_eq!(d.note, "无");
}

#[test]
fn fixtures_returned_inserted_row_is_read_and_reported() {
    let rel = "returned/inserted-row.xlsx";
    let (got, stderr) = import_json(rel);
    let want = expected("returned/inserted-row.expected.yaml");
    assert_same(rel, &got, &want, &["城市监控系统（一二期）运维费用"]);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].ends_with("：第 2 行指标“新增卡口高清摄像机”不在下达的表中，是填报单位插入的行。"),
        "{stderr}"
    );
    assert!(lines[0].contains("inserted-row.xlsx"), "{stderr}");
    assert_eq!(lines[1], "evalsheet：已从 1 个文件中读取 1 张自评表。");
}

// ---------------------------------------------------------------------------------------------
// handmade/: official-layout forms evalsheet never wrote.

#[test]
fn fixtures_handmade_offset_subtitle_half_width_brackets_typos() {
    check_clean(
        "handmade/offset.xlsx",
        "handmade/offset.expected.yaml",
        &["禁毒驻滇驻粤"],
    );
}

#[test]
fn fixtures_handmade_national_form_is_recognised_and_read() {
    check_clean(
        "handmade/national.xlsx",
        "handmade/national.expected.yaml",
        &["留置支队"],
    );
}

#[test]
fn fixtures_handmade_no_merges_xlsx() {
    check_clean(
        "handmade/no-merges.xlsx",
        "handmade/no-merges.expected.yaml",
        &["Sheet1"],
    );
}

#[test]
fn fixtures_handmade_no_merges_resaved_as_ods() {
    check_clean(
        "handmade/no-merges.ods",
        "handmade/no-merges-ods.expected.yaml",
        &["Sheet1"],
    );
}

#[test]
fn fixtures_handmade_two_sheets_and_a_sheet_of_notes() {
    check_clean(
        "handmade/two-sheets.xlsx",
        "handmade/two-sheets.expected.yaml",
        &["强戒人员生理脱毒医疗费", "被拘留人员给养费"],
    );
}

#[test]
fn fixtures_handmade_two_forms_on_one_sheet() {
    check_clean(
        "handmade/two-forms-one-sheet.xlsx",
        "handmade/two-forms-one-sheet.expected.yaml",
        &["强戒", "强戒"],
    );
}

#[test]
fn fixtures_handmade_folder_to_yaml_files() {
    // The same forms through `-o`: one YAML file per form, read back by the loader.
    let run = Run::new();
    let dir = fixture("handmade").display().to_string();
    let o = run.evalsheet(&["import", &dir, "-o", "defs"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    // The expected YAML files beside the workbooks are named as passed over.
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", o.stderr);
    assert!(
        lines[0].starts_with("evalsheet：跳过了文件夹中 6 个不是工作簿"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1], "evalsheet：已从 6 个文件中读取 8 张自评表。");
    let key = |d: &Definition| serde_json::to_string(d).unwrap();
    let mut want: Vec<Definition> = [
        "national",
        "offset",
        "no-merges",
        "no-merges-ods",
        "two-sheets",
        "two-forms-one-sheet",
    ]
    .iter()
    .flat_map(|n| expected(&format!("handmade/{n}.expected.yaml")))
    .collect();
    let mut got: Vec<Definition> = files(&run.path("defs"))
        .iter()
        .flat_map(|p| load::load_file(p).unwrap_or_else(|e| panic!("{e}")))
        .map(|l| {
            let mut d = l.def;
            d.source = None;
            d
        })
        .collect();
    want.sort_by_key(key);
    got.sort_by_key(key);
    assert_same_unsourced(&got, &want);
}

fn assert_same_unsourced(got: &[Definition], want: &[Definition]) {
    let mut d = Vec::new();
    differences(
        "",
        &serde_json::to_value(want).unwrap(),
        &serde_json::to_value(got).unwrap(),
        &mut d,
    );
    assert!(d.is_empty(), "{}", d.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// bad/: each refused in one line naming the file, exit 2, quickly, never a panic.

/// Import one bad file (copied into the run's folder so messages name it plainly) and return
/// the error line's message (between `evalsheet：NAME` and the final `。`).
fn refuse(name: &str) -> String {
    let run = Run::new();
    std::fs::copy(fixture(&format!("bad/{name}")), run.path(name)).unwrap();
    let start = Instant::now();
    let o = run.evalsheet(&["import", name]);
    let took = start.elapsed();
    assert!(took < QUICK, "{name}: took {took:?}");
    assert_eq!(o.code, 2, "{name}: exit {}\n{}", o.code, o.stderr);
    assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    assert!(!o.stdout.contains("panicked"), "{}", o.stdout);
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{name}: {}", o.stderr);
    assert_eq!(lines[0], "evalsheet：已从 0 个文件中读取 0 张自评表。");
    assert_eq!(lines[2], "evalsheet：1 个文件无法读取。");
    assert_eq!(
        lines.iter().filter(|l| l.contains(name)).count(),
        1,
        "{name}: one line must name the file\n{}",
        o.stderr
    );
    let prefix = format!("evalsheet：{name}");
    let msg = lines[1].strip_prefix(&prefix).unwrap_or_else(|| {
        panic!(
            "{name}: error line does not start with {prefix:?}: {}",
            lines[1]
        )
    });
    assert!(msg.ends_with('。'), "{}", lines[1]);
    msg.trim_end_matches('。').to_string()
}

#[test]
fn fixtures_bad_empty() {
    assert_eq!(refuse("empty.xlsx"), "：文件是空的（0 字节），不是工作簿");
}

#[test]
fn fixtures_bad_random_bytes() {
    assert_eq!(
        refuse("random.xlsx"),
        "：不是工作簿（.xlsx、.xls 或 .ods）：内容不属于其中任何一种格式"
    );
}

#[test]
fn fixtures_bad_truncated() {
    let m = refuse("truncated.xlsx");
    assert!(
        m.starts_with("：不是工作簿：它像是压缩包，但无法打开，可能不完整（")
            && m.ends_with("）；请重新获取这个文件"),
        "{m}"
    );
}

#[test]
fn fixtures_bad_zip_that_is_not_a_workbook() {
    assert_eq!(
        refuse("not-a-workbook.xlsx"),
        "：是压缩包，但不是工作簿（里面没有 xl/workbook.xml 或 content.xml）"
    );
}

#[test]
fn fixtures_bad_encrypted() {
    assert_eq!(
        refuse("encrypted.xlsx"),
        "：设置了打开密码；请在 Excel 或 WPS 中取消密码后再读取"
    );
}

#[test]
fn fixtures_bad_csv() {
    assert_eq!(
        refuse("table.csv"),
        "：是文本文件（CSV 或以制表符分隔），不是工作簿；请在 Excel 或 WPS 中打开，另存为 .xlsx"
    );
}

#[test]
fn fixtures_bad_workbook_without_a_form() {
    assert_eq!(
        refuse("no-form.xlsx"),
        " 中没有项目支出绩效自评表：没有一个工作表同时有“项目资金名称”和“绩效指标”这两个栏目"
    );
}

#[test]
fn fixtures_bad_decompression_bomb() {
    let on_disk = std::fs::metadata(fixture("bad/bomb.xlsx")).unwrap().len();
    assert!(on_disk < 2 * 1024 * 1024, "{on_disk}");
    let m = refuse("bomb.xlsx");
    assert!(
        m.starts_with("：其中的 xl/worksheets/sheet1.xml 会从 ")
            && m.ends_with(" KB 解压成 640 MB，疑似“压缩炸弹”，已拒绝读取"),
        "{m}"
    );
}

const BAD: [&str; 8] = [
    "bomb.xlsx",
    "empty.xlsx",
    "encrypted.xlsx",
    "no-form.xlsx",
    "not-a-workbook.xlsx",
    "random.xlsx",
    "table.csv",
    "truncated.xlsx",
];

/// A folder holding every bad file and one good one.
fn inbox(run: &Run) {
    std::fs::create_dir_all(run.path("inbox")).unwrap();
    for name in BAD {
        std::fs::copy(
            fixture(&format!("bad/{name}")),
            run.path(&format!("inbox/{name}")),
        )
        .unwrap();
    }
    std::fs::copy(fixture("returned/filled.xlsx"), run.path("inbox/good.xlsx")).unwrap();
}

/// The good form came out on stdout as YAML; the bad files are listed after the summary.
fn check_batch(run: &Run, o: &Outcome, listed: &[&str]) {
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    let yaml = run.write("stdout.yaml", &o.stdout);
    let got: Vec<Definition> = load::load_file(&yaml)
        .unwrap_or_else(|e| panic!("{e}\n{}", o.stdout))
        .into_iter()
        .map(|l| l.def)
        .collect();
    let want = expected("returned/filled.expected.yaml");
    assert_same("good.xlsx", &got, &want, &[FILLED_SHEET]);
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(
        lines[0], "evalsheet：已从 1 个文件中读取 1 张自评表。",
        "{}",
        o.stderr
    );
    assert_eq!(lines.len(), listed.len() + 2, "{}", o.stderr);
    for (line, name) in lines[1..].iter().zip(listed) {
        assert!(
            line.starts_with("evalsheet：") && line.contains(name),
            "{name}: {line}"
        );
    }
    assert_eq!(
        *lines.last().unwrap(),
        format!("evalsheet：{} 个文件无法读取。", listed.len())
    );
}

#[test]
fn fixtures_bad_folder_with_one_good_form() {
    let run = Run::new();
    inbox(&run);
    let start = Instant::now();
    let o = run.evalsheet(&["import", "inbox"]);
    assert!(start.elapsed() < QUICK * 2, "{:?}", start.elapsed());
    // A folder contributes its workbooks; table.csv is named as passed over, not silently.
    let listed: Vec<&str> = BAD.iter().copied().filter(|n| *n != "table.csv").collect();
    let (first, rest) = o.stderr.split_once('\n').unwrap_or_default();
    assert!(
        first.starts_with("evalsheet：跳过了文件夹中 1 个不是工作簿")
            && first.ends_with("inbox/table.csv"),
        "{first}"
    );
    let o = Outcome {
        code: o.code,
        stdout: o.stdout.clone(),
        stderr: rest.to_string(),
    };
    check_batch(&run, &o, &listed);
}

#[test]
fn fixtures_bad_files_named_with_one_good_form() {
    let run = Run::new();
    inbox(&run);
    let mut args: Vec<String> = vec!["import".into()];
    args.extend(BAD.iter().map(|n| format!("inbox/{n}")));
    args.push("inbox/good.xlsx".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let start = Instant::now();
    let o = run.evalsheet(&args);
    assert!(start.elapsed() < QUICK * 2, "{:?}", start.elapsed());
    check_batch(&run, &o, &BAD);
}

#[test]
fn fixtures_bad_long_csv() {
    assert_eq!(
        refuse("long-table.csv"),
        "：是文本文件（CSV 或以制表符分隔），不是工作簿；请在 Excel 或 WPS 中打开，另存为 .xlsx"
    );
}
