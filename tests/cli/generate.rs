//! `evalsheet generate`: every example drawn, read back with calamine, checked cell by cell.

use crate::support::*;
use evalsheet::load;
use std::path::Path;

/// Generate examples/2021 into `out/` and return the workbooks.
fn generate_2021(run: &Run, extra: &[&str]) -> Vec<std::path::PathBuf> {
    let ex = examples("2021");
    let mut args = vec!["generate", ex.as_str(), "-o", "out"];
    args.extend_from_slice(extra);
    let o = run.evalsheet(&args);
    assert_eq!(o.code, 0, "stderr: {}", o.stderr);
    files(&run.path("out"))
}

#[test]
fn every_2021_example_is_drawn_as_the_official_form() {
    let run = Run::new();
    let books = generate_2021(&run, &[]);
    assert_eq!(books.len(), 13);
    let (defs, errors) = load::load_all(&[examples("2021").into()]).unwrap();
    assert!(errors.is_empty());
    for l in &defs {
        let d = &l.def;
        let book = books
            .iter()
            .find(|b| {
                b.file_name().unwrap().to_string_lossy()
                    == format!("2021-{}-{}.xlsx", d.project, d.unit)
            })
            .unwrap_or_else(|| panic!("no workbook for {}", d.project));
        check_form(book, d);
    }
}

/// The form of `d` in `book`, checked against form-layout.md.
fn check_form(book: &Path, d: &evalsheet::Definition) {
    let s = first_sheet(book);
    let n = d.indicators.len() as u32;
    // Title with the year, merged over all 8 columns.
    assert_eq!(s.text(0, 0), format!("{}年度项目支出绩效自评表", d.year));
    assert!(s.has_merge((0, 0), (0, 7)));
    // Header block: labels at their places and spans.
    for (r, c, label, last_c) in [
        (1, 0, "项目资金名称", 1),
        (1, 4, "负责人及电话", 4),
        (2, 0, "市级主管部门", 1),
        (3, 0, "地方主管部门", 1),
        (3, 4, "实施单位", 4),
    ] {
        assert_eq!(s.text(r, c), label, "{}", book.display());
        if last_c != c {
            assert!(s.has_merge((r, c), (r, last_c)), "{label} merge");
        }
    }
    assert_eq!(s.text(1, 2), d.project);
    assert!(s.has_merge((1, 2), (1, 3)));
    assert!(s.has_merge((1, 5), (1, 7)), "contact F:H");
    assert_eq!(s.text(2, 2), d.city_department);
    assert!(s.has_merge((2, 2), (2, 7)), "city department C:H");
    assert_eq!(s.text(3, 2), d.local_department);
    assert_eq!(s.text(3, 5), d.unit);
    assert!(s.has_merge((3, 5), (3, 7)));
    // 项目资金（万元） merged down its 5 rows.
    assert_eq!(s.text(4, 0), "项目资金（万元）");
    assert!(s.has_merge((4, 0), (8, 1)));
    assert_eq!(s.text(4, 3), "全年预算数（A）");
    assert_eq!(s.text(4, 4), "全年执行数（B）");
    assert!(s.has_merge((4, 4), (4, 5)));
    assert_eq!(s.text(4, 6), "执行率（B/A）");
    assert!(s.has_merge((4, 6), (4, 7)));
    let lines = [
        ("年度资金总额", &d.funds.total),
        ("其中：中央、省补助", &d.funds.central_provincial),
        ("市级资金", &d.funds.city),
        ("其他资金", &d.funds.other),
    ];
    for (i, (label, amounts)) in lines.iter().enumerate() {
        let r = 5 + i as u32;
        assert_eq!(s.text(r, 2), *label);
        let want =
            |v: Option<rust_decimal::Decimal>| v.map(|d| d.to_string().parse::<f64>().unwrap());
        assert_eq!(s.number(r, 3), want(amounts.budget), "{label} A");
        assert_eq!(s.number(r, 4), want(amounts.executed), "{label} B");
        assert!(s.has_merge((r, 4), (r, 5)));
        assert!(s.has_merge((r, 6), (r, 7)));
        // 执行率 is a formula, blank while A is blank or zero, with its cached result.
        let col = |c: &str| format!("{c}{}", r + 1);
        assert_eq!(
            s.formula(r, 6),
            format!(
                "IF(OR({a}=\"\",{a}=0,{b}=\"\"),\"\",{b}/{a})",
                a = col("D"),
                b = col("E")
            )
        );
        match amounts.rate() {
            Some(rate) => {
                let cached = s.number(r, 6).expect("cached rate");
                let want: f64 = rate.to_string().parse().unwrap();
                assert!((cached - want).abs() < 1e-9, "{label}: {cached} vs {want}");
            }
            None => assert_eq!(s.text(r, 6), "", "{label}: blank rate"),
        }
    }
    // 年度总体目标 down 2 rows.
    assert_eq!(s.text(9, 0), "年度总体目标");
    assert!(s.has_merge((9, 0), (10, 0)));
    assert_eq!(s.text(9, 1), "年初设定目标");
    assert!(s.has_merge((9, 1), (9, 3)));
    assert_eq!(s.text(9, 4), "全年实际完成情况");
    assert!(s.has_merge((9, 4), (9, 7)));
    assert_eq!(s.text(10, 1), d.goal.target);
    assert_eq!(s.text(10, 4), d.goal.actual);
    // 绩效指标 down the header and every indicator row.
    assert_eq!(s.text(11, 0), "绩效指标");
    assert!(s.has_merge((11, 0), (11 + n, 0)));
    for (c, h) in [
        (1, "一级指标"),
        (2, "二级指标"),
        (3, "三级指标"),
        (5, "年度指标值"),
        (6, "全年完成值"),
        (7, "未完成原因和改进措施"),
    ] {
        assert_eq!(s.text(11, c), h);
    }
    assert!(s.has_merge((11, 3), (11, 4)));
    for (i, ind) in d.indicators.iter().enumerate() {
        let r = 12 + i as u32;
        // 一级/二级 are merged down their runs: the value sits in the run's first row.
        let level_at = |c: u32| match s
            .merges
            .iter()
            .find(|(a, b)| a.1 == c && a.0 <= r && r <= b.0)
        {
            Some((a, _)) => s.text(a.0, c),
            None => s.text(r, c),
        };
        assert_eq!(level_at(1), ind.level1, "{} row {r}", d.project);
        assert_eq!(level_at(2), ind.level2, "{} row {r}", d.project);
        assert_eq!(s.text(r, 3), ind.name);
        assert!(s.has_merge((r, 3), (r, 4)), "三级 D:E row {r}");
        assert_eq!(s.text(r, 5), ind.target);
        assert_eq!(s.text(r, 6), ind.actual);
        assert_eq!(s.text(r, 7), ind.reason);
    }
    let last = 12 + n;
    assert_eq!(s.text(last, 0), "说明");
    assert!(s.has_merge((last, 1), (last, 7)));
    let note = if d.note.is_empty() {
        "请在此处简要说明各级监督检查中发现的问题及其所涉及的金额，如没有请填无"
    } else {
        d.note.as_str()
    };
    assert_eq!(s.text(last, 1), note);
    // The legend under the form, over all 8 columns.
    assert_eq!(
        s.text(last + 1, 0),
        "注：浅色底纹的单元格由项目实施单位填写，其余单元格由财政部门填写并已锁定。"
    );
    assert!(s.has_merge((last + 1, 0), (last + 1, 7)));
    // Shaded: exactly the cells the unit fills in, which are the unlocked ones.
    let shaded = shaded_cells(book);
    let locked = locked_cells(book);
    let mut unit_cells = std::collections::BTreeSet::new();
    unit_cells.extend([(1, 5), (1, 6), (1, 7)]);
    for r in 5..9 {
        unit_cells.extend([(r, 4), (r, 5)]);
    }
    unit_cells.extend([(10, 4), (10, 5), (10, 6), (10, 7)]);
    for i in 0..n {
        unit_cells.extend([(12 + i, 6), (12 + i, 7)]);
    }
    unit_cells.extend((1..8).map(|c| (last, c)));
    assert_eq!(shaded, unit_cells, "{}", book.display());
    for r in 0..=last + 1 {
        for c in 0..8 {
            assert_eq!(
                locked(r, c),
                !unit_cells.contains(&(r, c)),
                "{} ({r}, {c})",
                book.display()
            );
        }
    }
}

/// The cells of a workbook's first sheet filled with the light shade of the unit's cells.
fn shaded_cells(book: &Path) -> std::collections::BTreeSet<(u32, u32)> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(book).unwrap();
    let name = wb.sheet_names()[0].clone();
    let styles = wb.worksheet_style(&name).unwrap();
    styles
        .cells()
        .filter(|(_, _, st)| {
            st.fill
                .as_ref()
                .and_then(|f| f.foreground_color)
                .is_some_and(|c| (c.red, c.green, c.blue) == (0xFF, 0xF2, 0xCC))
        })
        .map(|(r, c, _)| (r, c))
        .collect()
}

#[test]
fn runs_of_level_labels_are_merged() {
    let run = Run::new();
    generate_2021(&run, &[]);
    let book = run.path("out/2021-扫黑除恶专项斗争经费-有组织犯罪侦查支队.xlsx");
    let s = first_sheet(&book);
    // 产出指标 over 7 rows (13..19), 数量指标 over 2, 效益指标 over 2; 满意度 alone.
    assert!(s.has_merge((12, 1), (18, 1)));
    assert!(s.has_merge((12, 2), (13, 2)));
    assert!(s.has_merge((14, 2), (15, 2)));
    assert!(s.has_merge((19, 1), (20, 1)));
    assert_eq!(s.merge_at((21, 1)), None);
    assert_eq!(s.text(21, 1), "满意度指标");
}

#[test]
fn styles_protection_validation_and_print_setup() {
    let run = Run::new();
    generate_2021(&run, &["--password", "1234"]);
    let book = run.path("out/2021-扫黑除恶专项斗争经费-有组织犯罪侦查支队.xlsx");
    let xml = part(&book, "xl/worksheets/sheet1.xml");
    // A4 portrait, one page wide, centred, header row repeated, page numbers.
    assert!(xml.contains(r#"paperSize="9""#), "{xml}");
    assert!(xml.contains(r#"orientation="portrait""#));
    assert!(xml.contains(r#"fitToWidth="1""#) || xml.contains("fitToPage"));
    assert!(xml.contains(r#"fitToHeight="0""#));
    assert!(xml.contains(r#"horizontalCentered="1""#));
    assert!(xml.contains("第 &amp;P 页，共 &amp;N 页"));
    let wb = part(&book, "xl/workbook.xml");
    assert!(wb.contains("_xlnm.Print_Titles"), "{wb}");
    assert!(wb.contains("$12:$12"), "{wb}");
    // Protected with a password; inserting rows allowed.
    assert!(xml.contains("<sheetProtection password="), "{xml}");
    assert!(xml.contains(r#"insertRows="0""#));
    // Data validation on the amount cells (A in D6:D9, B in E6:F9), decimal >= 0, with a
    // Chinese message.
    assert!(xml.contains(r#"<dataValidation type="decimal" operator="greaterThanOrEqual""#));
    assert!(xml.contains(r#"sqref="D6:D9""#), "{xml}");
    assert!(xml.contains(r#"sqref="E6:F9""#), "{xml}");
    assert!(xml.contains("请输入不小于 0 的数字"));
    // Fonts, borders, formats.
    let styles = part(&book, "xl/styles.xml");
    assert!(styles.contains(r#"<name val="宋体"/>"#));
    assert!(styles.contains(r#"<charset val="134"/>"#));
    assert!(styles.contains(r#"formatCode="0.00%""#));
    assert!(styles.contains(r#"<left style="thin">"#));
    assert!(styles.contains(r#"wrapText="1""#));
    // Locked and unlocked cells, read through calamine's styles.
    let locked = locked_cells(&book);
    // Unit's cells: contact F2, 全年执行数 E6..E9, 全年实际完成情况 E11, 全年完成值 G13..,
    // 未完成原因 H13.., 说明 B (last row).
    assert!(!locked(1, 5), "contact unlocked");
    for r in 5..9 {
        assert!(!locked(r, 4), "executed row {r} unlocked");
        assert!(locked(r, 3), "budget row {r} locked");
        assert!(locked(r, 6), "rate row {r} locked");
    }
    assert!(!locked(10, 4), "goal actual unlocked");
    assert!(locked(10, 1), "goal target locked");
    for r in 12..22 {
        assert!(
            !locked(r, 6) && !locked(r, 7),
            "indicator row {r} inputs unlocked"
        );
        assert!(
            locked(r, 5) && locked(r, 3),
            "indicator row {r} target/name locked"
        );
    }
    assert!(!locked(22, 1), "note unlocked");
    assert!(locked(1, 2), "project locked");
    // The stamp: a hidden sheet naming variant, year, project and the issued hash.
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    let meta = wb.sheets_metadata().to_vec();
    let stamp = meta
        .iter()
        .find(|m| m.name == "_evalsheet")
        .expect("stamp sheet");
    assert_ne!(stamp.visible, calamine::SheetVisible::Visible);
    let r = wb.worksheet_range("_evalsheet").unwrap();
    let cell = |row: u32, col: u32| {
        r.get_value((row, col))
            .map(std::string::ToString::to_string)
            .unwrap_or_default()
    };
    assert_eq!(cell(0, 6), "issued_hash");
    assert_eq!(cell(1, 1), "city");
    assert_eq!(cell(1, 3), "2021");
    assert_eq!(cell(1, 4), "扫黑除恶专项斗争经费");
    let defs = load::load_file(&root().join("examples/2021/01-扫黑除恶专项斗争经费.yaml")).unwrap();
    assert_eq!(cell(1, 6), defs[0].def.issued_hash());
}

#[test]
fn blank_forms_leave_the_units_fields_empty() {
    let run = Run::new();
    generate_2021(&run, &["--blank"]);
    let s = first_sheet(&run.path("out/2021-扫黑除恶专项斗争经费-有组织犯罪侦查支队.xlsx"));
    assert_eq!(s.number(5, 3), Some(500.0));
    assert_eq!(s.number(5, 4), None);
    assert_eq!(s.text(5, 6), "");
    assert_eq!(s.text(10, 4), "");
    for r in 12..22 {
        assert_eq!(s.text(r, 6), "");
    }
    assert_eq!(
        s.text(22, 1),
        "请在此处简要说明各级监督检查中发现的问题及其所涉及的金额，如没有请填无"
    );
}

#[test]
fn by_unit_puts_each_units_projects_on_sheets_of_one_workbook() {
    let run = Run::new();
    let books = generate_2021(&run, &["--by", "unit"]);
    let names: Vec<_> = books
        .iter()
        .map(|b| b.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.contains(&"2021-有组织犯罪侦查支队.xlsx".to_string()),
        "{names:?}"
    );
    assert_eq!(books.len(), 8, "{names:?}");
    let sheets = sheet_names(&run.path("out/2021-有组织犯罪侦查支队.xlsx"));
    assert_eq!(
        sheets,
        [
            "扫黑除恶专项斗争经费",
            "强戒中心所政管理及维修经费",
            "公安强戒人员生活补助经费",
            "强戒人员教育、诊断评估费",
            "_evalsheet"
        ]
    );
}

#[test]
fn existing_files_are_not_overwritten_without_force() {
    let run = Run::new();
    generate_2021(&run, &[]);
    let book = run.path("out/2021-扫黑除恶专项斗争经费-有组织犯罪侦查支队.xlsx");
    std::fs::write(&book, b"mine").unwrap();
    let ex = examples("2021");
    let o = run.evalsheet(&["generate", &ex, "-o", "out"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("已经存在；evalsheet 不会覆盖已有的文件"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("--force"), "{}", o.stderr);
    assert_eq!(std::fs::read(&book).unwrap(), b"mine");
    let o = run.evalsheet(&["generate", &ex, "-o", "out", "--force"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_ne!(std::fs::read(&book).unwrap(), b"mine");
    // No temporary files are left behind.
    assert_eq!(files(&run.path("out")).len(), 13);
}

#[test]
fn a_text_longer_than_a_cell_can_hold_is_refused_before_anything_is_written() {
    let run = Run::new();
    let long = "长".repeat(40_000);
    run.write(
        "defs/long.yaml",
        &format!("year: 2021\nproject: 长文本\nunit: 禁毒支队\ngoal:\n  target: \"{long}\"\n"),
    );
    run.write(
        "defs/ok.yaml",
        "year: 2021\nproject: 短文本\nunit: 禁毒支队\n",
    );
    let o = run.evalsheet(&["generate", "defs", "-o", "out"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(
        o.stderr,
        "evalsheet：defs/long.yaml，“长文本”的定义：“年初设定目标”有 40000 个字符，超过了 Excel \
         单元格能容纳的 32767 个；请删减。\n\
         evalsheet：1 个定义文件无法读取，什么都没有写入。请按上面的提示改正后再运行。\n"
    );
    assert!(!run.path("out/2021-短文本-禁毒支队.xlsx").exists());
}

#[test]
fn bad_yaml_is_reported_with_file_line_and_column_and_nothing_is_written() {
    let run = Run::new();
    run.write("defs/a.yaml", "year: 2021\nprojct: 扫黑除恶\n");
    run.write(
        "defs/b.yaml",
        "year: 2021\nproject: 乙\nfunds:\n  total: {budget: 五百}\n",
    );
    run.write("defs/c.yaml", "");
    run.write("defs/d.yaml", "year: 2021\nproject: [unclosed\n");
    std::fs::write(run.path("defs/e.yaml"), [0xffu8, 0xfe, 0, 1, 2]).unwrap();
    run.write("defs/f.yaml", "year: 2021\nproject: 好\n");
    let o = run.evalsheet(&["generate", "defs", "-o", "out"]);
    assert_eq!(o.code, 2);
    let err = &o.stderr;
    assert!(
        err.contains(
            "a.yaml 第 2 行第 1 列：不认识的键 projct，是否应为 project（项目资金名称）？\n"
        ),
        "{err}"
    );
    assert!(err.contains("b.yaml 第 4 行第"), "{err}");
    assert!(err.contains("不是金额"), "{err}");
    assert!(err.contains("c.yaml 是空的"), "{err}");
    assert!(err.contains("d.yaml 第"), "{err}");
    assert!(err.contains("e.yaml 不是 UTF-8 编码的文本文件"), "{err}");
    assert!(
        err.contains("5 个定义文件无法读取，什么都没有写入。"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(!run.path("out").exists() || files(&run.path("out")).is_empty());
}

#[test]
fn hostile_names_stay_inside_the_output_folder() {
    let run = Run::new();
    run.write(
        "defs/x.yaml",
        "- {year: 2021, project: \"../../evil\", unit: \"CON\"}\n\
         - {year: 2021, project: \"a/b\\\\c:d*e?f\", unit: \"\"}\n\
         - {year: 2021, project: \"=HYPERLINK(\\\"x\\\")\", unit: \"u\"}\n\
         - {year: 2021, project: \"NUL\", unit: \"\"}\n",
    );
    let o = run.evalsheet(&["generate", "defs", "-o", "out"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let names: Vec<_> = files(&run.path("out"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "2021-=HYPERLINK(_x_)-u.xlsx",
            "2021-_.._evil-_CON.xlsx",
            "2021-_NUL.xlsx",
            "2021-a_b_c_d_e_f.xlsx",
        ]
    );
    assert_eq!(files(run.dir.path()).len(), 2, "only defs/ and out/");
    // A project name that looks like a formula is written as text.
    let s = first_sheet(&run.path("out/2021-=HYPERLINK(_x_)-u.xlsx"));
    assert_eq!(s.text(1, 2), "=HYPERLINK(\"x\")");
    assert_eq!(s.formula(1, 2), "");
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    // The same folder 20 times: far more output than a pipe holds.
    let ex = examples("2021");
    let mut args = vec!["check"];
    args.extend(std::iter::repeat_n(ex.as_str(), 20));
    let mut child = Command::new(env!("CARGO_BIN_EXE_evalsheet"))
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("examples/2021/01-"), "{first}");
    // The pipe is closed here; the command must not panic writing the rest.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");
}
