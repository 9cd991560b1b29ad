//! The 项目清单: definitions written into a workbook, edited as a clerk would, read back
//! wherever definitions are taken; its mistakes refused cell by cell.

use crate::support::*;
use evalsheet::Definition;
use evalsheet::emit::{self, Style};
use evalsheet::model::{Amounts, Funds, Goal, Indicator};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::path::Path;
use std::process::Command;

/// The definitions under a path, in the order evalsheet reads them.
fn load(path: &Path) -> Vec<Definition> {
    let (defs, errors) = evalsheet::load::load_all(&[path.to_path_buf()]).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    defs.into_iter().map(|l| l.def).collect()
}

/// Whether openpyxl can be used to edit a workbook as a clerk would.
fn openpyxl() -> bool {
    Command::new("python3")
        .args(["-c", "import openpyxl"])
        .status()
        .is_ok_and(|s| s.success())
}

/// Run a Python script (with openpyxl) in the run's folder.
fn python(run: &Run, script: &str) {
    let out = Command::new("python3")
        .args(["-c", script])
        .current_dir(run.path(""))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_examples_listed_read_back_as_the_same_definitions() {
    let run = Run::new();
    for year in ["2021", "2022"] {
        let xlsx = format!("{year}.xlsx");
        let o = run.evalsheet(&["--lang", "zh", "list", &examples(year), "-o", &xlsx]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert_eq!(
            o.stderr,
            format!("evalsheet：已把 13 个项目写入 {xlsx}。\n")
        );
        assert_eq!(
            sheet_names(&run.path(&xlsx)),
            vec!["项目", "绩效指标", "说明"]
        );
        // Read back through every reader of definitions: equal, field for field.
        let want = load(Path::new(&examples(year)));
        let got = load(&run.path(&xlsx));
        assert_eq!(got, want, "{year}");
        // And as YAML: the same text as the examples give.
        let o = run.evalsheet(&["list", &xlsx, "-o", &format!("{year}.yaml")]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert_eq!(
            std::fs::read_to_string(run.path(&format!("{year}.yaml"))).unwrap(),
            emit::to_yaml_list(&want, Style::default())
        );
    }
    // The cells a clerk sees.
    let p = read_sheet(&run.path("2022.xlsx"), "项目");
    let heads: Vec<String> = (0..10).map(|c| p.text(0, c)).collect();
    assert_eq!(
        heads,
        [
            "项目编号",
            "年度",
            "表样",
            "项目资金名称",
            "市级主管部门",
            "地方主管部门",
            "实施单位",
            "年度资金总额·全年预算数",
            "中央、省补助·全年预算数",
            "市级资金·全年预算数"
        ]
    );
    assert_eq!(p.number(1, 0), Some(1.0));
    assert_eq!(p.number(1, 1), Some(2022.0));
    assert_eq!(p.text(1, 2), "市级");
    assert_eq!(p.text(1, 3), "扫黑除恶专项斗争经费");
    assert_eq!(p.text(1, 6), "有组织犯罪侦查支队");
    assert_eq!(p.number(1, 7), Some(400.0));
    let i = read_sheet(&run.path("2022.xlsx"), "绩效指标");
    let heads: Vec<String> = (0..6).map(|c| i.text(0, c)).collect();
    assert_eq!(
        heads,
        [
            "项目编号",
            "项目资金名称（自动）",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值"
        ]
    );
    assert_eq!(i.number(1, 0), Some(1.0));
    assert_eq!(i.text(1, 1), "扫黑除恶专项斗争经费");
    assert!(
        i.formula(1, 1).contains("MATCH($A2,项目!$A:$A,0)"),
        "{}",
        i.formula(1, 1)
    );
    assert_eq!(
        (i.text(1, 2), i.text(1, 3), i.text(1, 4), i.text(1, 5)),
        (
            "产出指标".into(),
            "数量指标".into(),
            "涉黑性质案件".into(),
            "侦破 2 起".into()
        )
    );
    let help = read_sheet(&run.path("2022.xlsx"), "说明");
    assert_eq!(help.text(0, 0), "项目清单填写说明");
}

#[test]
fn the_list_is_frozen_protected_and_validated() {
    let run = Run::new();
    let o = run.evalsheet(&["list", &examples("2022"), "-o", "l.xlsx"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let xml = part(&run.path("l.xlsx"), "xl/worksheets/sheet1.xml");
    // The header row frozen; the sheet protected, rows may be inserted and deleted.
    assert!(
        xml.contains(r#"<pane ySplit="1" topLeftCell="A2""#),
        "{xml}"
    );
    assert!(xml.contains("<sheetProtection "), "{xml}");
    assert!(
        xml.contains(r#"insertRows="0""#) && xml.contains(r#"deleteRows="0""#),
        "{xml}"
    );
    // 表样 offers the variants; amounts take decimals.
    assert!(
        xml.contains(r#"<formula1>"市级,财政部"</formula1>"#),
        "{xml}"
    );
    assert!(xml.contains(r#"type="decimal""#), "{xml}");
    let xml = part(&run.path("l.xlsx"), "xl/worksheets/sheet2.xml");
    assert!(
        xml.contains(r#"<formula1>"产出指标,效益指标,满意度指标"</formula1>"#),
        "{xml}"
    );
    assert!(xml.contains("数量指标,质量指标,时效指标,成本指标"), "{xml}");
    // The header is locked, the rows below are not (so that they can be edited and deleted).
    let book = run.path("l.xlsx");
    let locked = locked_cells(&book);
    assert!(locked(0, 3));
    assert!(!locked(1, 3));
    assert!(!locked(5, 9));
    // Never over an existing file unless told.
    let before = std::fs::read(run.path("l.xlsx")).unwrap();
    let o = run.evalsheet(&["--lang", "zh", "list", &examples("2021"), "-o", "l.xlsx"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .ends_with("evalsheet：什么都没有写入；要替换它，请加上 --force。\n"),
        "{}",
        o.stderr
    );
    assert_eq!(std::fs::read(run.path("l.xlsx")).unwrap(), before);
    let o = run.evalsheet(&["list", &examples("2021"), "-o", "l.xlsx", "--force"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(load(&run.path("l.xlsx"))[0].year, 2021);
}

/// The 2022 examples with the edits a clerk makes below.
fn edited_2022() -> Vec<Definition> {
    let mut defs = load(Path::new(&examples("2022")));
    defs[0].funds.total.budget = Some(Decimal::new(4505, 1));
    defs[0].funds.city.budget = Some(Decimal::new(4505, 1));
    defs[0].indicators.insert(
        2,
        Indicator {
            level1: "产出指标".into(),
            level2: "数量指标".into(),
            name: "新增：线索核查".into(),
            target: "核查 30 条".into(),
            ..Default::default()
        },
    );
    defs[1].indicators.remove(0);
    defs.push(Definition {
        year: 2022,
        form: "city".into(),
        project: "新增项目经费".into(),
        city_department: "衡阳市公安局".into(),
        unit: "新单位".into(),
        funds: Funds {
            total: Amounts {
                budget: Some(Decimal::new(1234, 2)),
                ..Default::default()
            },
            city: Amounts {
                budget: Some(Decimal::new(1234, 2)),
                ..Default::default()
            },
            ..Default::default()
        },
        goal: Goal {
            target: "完成新增任务。".into(),
            ..Default::default()
        },
        indicators: vec![Indicator {
            level1: "效益指标".into(),
            level2: "社会效益指标".into(),
            name: "群众安全感".into(),
            target: "提升".into(),
            ..Default::default()
        }],
        ..Default::default()
    });
    defs
}

/// The clerk's edits, with openpyxl: a budget changed, an indicator inserted in the middle
/// of a project's, another project's first indicator deleted, a project added with one
/// indicator.
const CLERK: &str = r#"
import openpyxl
wb = openpyxl.load_workbook('清单.xlsx')
p, ind = wb['项目'], wb['绩效指标']
ph = {c.value: c.column for c in p[1]}
p.cell(row=2, column=ph['年度资金总额·全年预算数']).value = 450.5
p.cell(row=2, column=ph['市级资金·全年预算数']).value = 450.5
r = p.max_row + 1
for k, v in [('项目编号', 14), ('年度', 2022), ('表样', '市级'), ('项目资金名称', '新增项目经费'),
             ('市级主管部门', '衡阳市公安局'), ('实施单位', '新单位'),
             ('年度资金总额·全年预算数', 12.34), ('市级资金·全年预算数', '12.34'),
             ('年度总体目标', '完成新增任务。')]:
    p.cell(row=r, column=ph[k]).value = v
ih = {c.value: c.column for c in ind[1]}
ind.insert_rows(4)
for k, v in [('项目编号', 1), ('一级指标', '产出指标'), ('二级指标', '数量指标'),
             ('三级指标', '新增：线索核查'), ('年度指标值', '核查 30 条')]:
    ind.cell(row=4, column=ih[k]).value = v
first2 = next(r for r in range(2, ind.max_row + 1) if ind.cell(row=r, column=ih['项目编号']).value == 2)
ind.delete_rows(first2)
r = ind.max_row + 1
for k, v in [('项目编号', 14), ('一级指标', '效益指标'), ('二级指标', '社会效益指标'),
             ('三级指标', '群众安全感'), ('年度指标值', '提升')]:
    ind.cell(row=r, column=ih[k]).value = v
wb.save('清单.xlsx')
"#;

#[test]
fn a_list_edited_as_a_clerk_would_issues_forms_with_exactly_the_edits() {
    if !openpyxl() {
        let msg = "SKIPPED list::a_list_edited_as_a_clerk_would_issues_forms_with_exactly_the_edits: \
                   python3 with openpyxl is not installed (apt-get install python3-openpyxl)";
        eprintln!("{msg}");
        assert!(
            std::env::var("EVALSHEET_REQUIRE_OPENPYXL").as_deref() != Ok("1"),
            "{msg}, and EVALSHEET_REQUIRE_OPENPYXL=1"
        );
        return;
    }
    let run = Run::new();
    let o = run.evalsheet(&["list", &examples("2022"), "-o", "清单.xlsx"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    python(&run, CLERK);
    let want = edited_2022();
    assert_eq!(load(&run.path("清单.xlsx")), want);
    // Generated from the list: the forms carry the edits, cell for cell.
    let o = run.evalsheet(&["generate", "清单.xlsx", "-o", "表格"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(files(&run.path("表格")).len(), 14);
    let form = first_sheet(&run.path("表格/2022-扫黑除恶专项斗争经费-有组织犯罪侦查支队.xlsx"));
    let (r, c) = form.find("年度资金总额").unwrap();
    assert_eq!(form.number(r, c + 1), Some(450.5));
    let (r, c) = form.find("新增：线索核查").unwrap();
    assert_eq!(form.text(r, c + 2), "核查 30 条");
    assert_eq!(form.text(r - 1, c), "涉恶性质案件");
    let form = first_sheet(&run.path("表格/2022-新增项目经费-新单位.xlsx"));
    let (r, c) = form.find("年度资金总额").unwrap();
    assert_eq!(form.number(r, c + 1), Some(12.34));
    assert!(form.find("群众安全感").is_some());
    // Read back whole: every form is its edited definition, and nothing else changed.
    let o = run.evalsheet(&["import", "表格", "-o", "读回"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let back = defs_by_project(&run.path("读回"));
    assert_eq!(back.len(), want.len());
    // (A form's indicator row with neither 三级指标 nor 年度指标值 is read by import as part
    // of the run above it, as it is from any form; the examples have one.)
    let named = |d: &Definition| {
        let mut d = d.issued();
        d.indicators
            .retain(|i| !(i.name.is_empty() && i.target.is_empty()));
        d
    };
    for d in &want {
        let got = &back[&(d.project.clone(), d.unit.clone())];
        assert_eq!(named(got), named(d), "{}", d.project);
    }
    // check and diff take the edited list as definitions too.
    let o = run.evalsheet(&["diff", &examples("2022"), "清单.xlsx", "--format", "json"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stdout.contains("新增项目经费"), "{}", o.stdout);
    assert!(o.stdout.contains("新增：线索核查"), "{}", o.stdout);
}

/// A 项目清单 with a mistake of each kind, written with rust_xlsxwriter as a clerk's copy.
fn mistaken(run: &Run) {
    let o = run.evalsheet(&["list", &examples("2022"), "-o", "好.xlsx"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let defs = load(&run.path("好.xlsx"));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let p = wb.add_worksheet().set_name("项目").unwrap();
    for (c, h) in [
        "项目编号",
        "年度",
        "表样",
        "项目资金名称",
        "实施单位",
        "年度资金总额·全年预算数",
        "年度总体目标",
    ]
    .iter()
    .enumerate()
    {
        p.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, &str, &str, &str); 6] = [
        ("2022", "市级", &defs[0].project, &defs[0].unit, "400"),
        ("2022", "市级", &defs[1].project, &defs[1].unit, "约200"),
        ("2022", "省级", "丙项目", "丙单位", "10"),
        ("二〇二二", "市级", "丁项目", "丁单位", "5"),
        ("2022", "市级", &defs[0].project, &defs[0].unit, "1"),
        ("2022", "市级", "", "戊单位", "1"),
    ];
    for (r, (year, form, project, unit, budget)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        p.write_number(r, 0, f64::from(r)).unwrap();
        match year.parse::<f64>() {
            Ok(y) => p.write_number(r, 1, y).unwrap(),
            Err(_) => p.write_string(r, 1, *year).unwrap(),
        };
        p.write_string(r, 2, *form).unwrap();
        p.write_string(r, 3, *project).unwrap();
        p.write_string(r, 4, *unit).unwrap();
        match budget.parse::<f64>() {
            Ok(b) => p.write_number(r, 5, b).unwrap(),
            Err(_) => p.write_string(r, 5, *budget).unwrap(),
        };
    }
    let i = wb.add_worksheet().set_name("绩效指标").unwrap();
    for (c, h) in ["项目编号", "一级指标", "二级指标", "三级指标", "年度指标值"]
        .iter()
        .enumerate()
    {
        i.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, &str); 4] = [
        ("1", "产出指标", "甲"),
        ("1", "产出指标（数量）", "乙"),
        ("9", "效益指标", "丙"),
        ("", "效益指标", "丁"),
    ];
    for (r, (no, l1, name)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        if !no.is_empty() {
            i.write_number(r, 0, no.parse::<f64>().unwrap()).unwrap();
        }
        i.write_string(r, 1, *l1).unwrap();
        i.write_string(r, 2, "数量指标").unwrap();
        i.write_string(r, 3, *name).unwrap();
        i.write_string(r, 4, "1").unwrap();
    }
    wb.save(run.path("错.xlsx")).unwrap();
}

#[test]
fn a_list_with_mistakes_is_refused_cell_by_cell_and_nothing_is_written() {
    let run = Run::new();
    mistaken(&run);
    let want = "\
evalsheet：错.xlsx：项目清单中有 8 处错误，什么都没有写入：
  项目!F3（年度资金总额·全年预算数）：“约200”不是金额
  项目!C4（表样）：“省级”不是表样，应为 市级、财政部 之一
  项目!B5（年度）：“二〇二二”不是年度（应为 2022 这样的年份）
  项目!D6（项目资金名称）：项目重复：第 2 行的年度、项目资金名称和实施单位与此相同
  项目!D7（项目资金名称）：必须填写
  绩效指标!B3（一级指标）：“产出指标（数量）”不是标准的一级指标，应为 产出指标、效益指标、满意度指标 之一
  绩效指标!A4（项目编号）：项目表中没有编号为“9”的项目
  绩效指标!A5（项目编号）：没有填写项目编号，不知道这个指标属于哪个项目
";
    for cmd in ["generate", "list", "check"] {
        let args: Vec<&str> = match cmd {
            "generate" => vec!["--lang", "zh", "generate", "错.xlsx", "-o", "表格"],
            "list" => vec!["--lang", "zh", "list", "错.xlsx", "-o", "错.yaml"],
            _ => vec!["--lang", "zh", "check", "错.xlsx"],
        };
        let o = run.evalsheet(&args);
        assert_eq!(o.code, 2, "{cmd}: {}", o.stderr);
        assert!(o.stderr.starts_with(want), "{cmd}:\n{}", o.stderr);
    }
    assert!(!run.path("表格").exists());
    assert!(!run.path("错.yaml").exists());
    // A missing column is named; a list without 年度 cannot be read at all.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let p = wb.add_worksheet().set_name("项目").unwrap();
    for (c, h) in [
        "项目编号",
        "项目资金名称",
        "实施单位",
        "年度资金总额·全年预算数",
    ]
    .iter()
    .enumerate()
    {
        p.write_string(0, c as u16, *h).unwrap();
    }
    p.write_string(1, 1, "甲").unwrap();
    wb.save(run.path("缺列.xlsx")).unwrap();
    let o = run.evalsheet(&["--lang", "zh", "generate", "缺列.xlsx", "-o", "表格"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.starts_with(
            "evalsheet：缺列.xlsx：项目清单中有 1 处错误，什么都没有写入：\n  \
             项目!A1：缺少“年度”列\n"
        ),
        "{}",
        o.stderr
    );
    // In English too.
    let o = run.evalsheet(&["--lang", "en", "generate", "错.xlsx", "-o", "表格"]);
    assert!(
        o.stderr
            .contains("项目!F3（年度资金总额·全年预算数）：“约200” is not an amount"),
        "{}",
        o.stderr
    );
}

#[test]
fn import_refuses_a_list_and_names_the_commands_that_take_it() {
    let run = Run::new();
    let o = run.evalsheet(&["list", &examples("2021"), "-o", "清单.xlsx"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = run.evalsheet(&["--lang", "zh", "import", "清单.xlsx"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains(
            "evalsheet：清单.xlsx 是项目清单（项目定义），不是单位交回的自评表：用 evalsheet \
             generate 清单.xlsx -o 文件夹 生成自评表"
        ),
        "{}",
        o.stderr
    );
    // check reads it as definitions: the findings of the 2021 examples, by definition.
    let o = run.evalsheet(&["check", "清单.xlsx"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stdout
            .contains("清单.xlsx, definition 13: note: error[note-is-instruction]"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout
            .ends_with("共检查 1 个文件中的 13 张表：错误 49 个，警告 42 个。\n"),
        "{}",
        o.stdout
    );
}

#[test]
fn rollover_writes_next_years_list() {
    let run = Run::new();
    let o = run.evalsheet(&[
        "rollover",
        &examples("2021"),
        "--year",
        "2022",
        "--list",
        "2022.xlsx",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let rolled = load(&run.path("2022.xlsx"));
    let last = load(Path::new(&examples("2021")));
    assert_eq!(rolled.len(), 13);
    for (r, l) in rolled.iter().zip(&last) {
        let mut want = l.issued();
        want.year = 2022;
        assert_eq!(r, &want);
    }
    // Only the office's columns: the unit's are empty in next year's list.
    let p = read_sheet(&run.path("2022.xlsx"), "项目");
    let heads: Vec<String> = (0..20).map(|c| p.text(0, c)).collect();
    assert!(
        !heads
            .iter()
            .any(|h| h.contains("全年执行数") || h == "说明"),
        "{heads:?}"
    );
}

#[test]
fn a_flat_export_is_read_through_the_mapping_beside_it() {
    let run = Run::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("预算导出").unwrap();
    ws.write_string(0, 0, "2023年项目支出预算").unwrap();
    for (c, h) in [
        "项目名称",
        "预算单位",
        "主管部门",
        "本年预算合计",
        "其中：市级财力",
        "绩效目标",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let rows = [
        (
            "禁毒专项经费",
            "禁毒支队",
            "衡阳市公安局",
            550.0,
            550.0,
            "打击毒品犯罪",
        ),
        (
            "社区警务室经费",
            "社区管理办公室",
            "衡阳市公安局",
            66.6,
            60.0,
            "保障社区警务室运转",
        ),
    ];
    for (r, (p, u, d, total, city, goal)) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        ws.write_string(r, 0, *p).unwrap();
        ws.write_string(r, 1, *u).unwrap();
        ws.write_string(r, 2, *d).unwrap();
        ws.write_number(r, 3, *total).unwrap();
        ws.write_number(r, 4, *city).unwrap();
        ws.write_string(r, 5, *goal).unwrap();
    }
    std::fs::create_dir_all(run.path("导出")).unwrap();
    wb.save(run.path("导出/预算导出.xlsx")).unwrap();
    run.write(
        "导出/预算导出.mapping.yaml",
        "sheet: 预算导出\nyear: 2023\nform: 市级\ncolumns:\n  项目名称: project\n  预算单位: unit\n  \
         主管部门: city_department\n  本年预算合计: funds.total.budget\n  其中：市级财力: funds.city.budget\n  \
         绩效目标: goal.target\n",
    );
    let defs = load(&run.path("导出/预算导出.xlsx"));
    assert_eq!(defs.len(), 2);
    assert_eq!(defs[1].project, "社区警务室经费");
    assert_eq!(defs[1].year, 2023);
    assert_eq!(defs[1].unit, "社区管理办公室");
    assert_eq!(defs[1].funds.total.budget, Some(Decimal::new(666, 1)));
    assert_eq!(defs[1].funds.city.budget, Some(Decimal::new(60, 0)));
    assert_eq!(defs[1].goal.target, "保障社区警务室运转");
    let o = run.evalsheet(&["generate", "导出/预算导出.xlsx", "-o", "表格"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let form = first_sheet(&run.path("表格/2023-禁毒专项经费-禁毒支队.xlsx"));
    let (r, c) = form.find("年度资金总额").unwrap();
    assert_eq!(form.number(r, c + 1), Some(550.0));
    // check takes the export through its mapping; a folder passes over the mapping file.
    let o = run.evalsheet(&["check", "导出"]);
    assert!(
        o.stdout.contains("共检查 1 个文件中的 2 张表"),
        "{}",
        o.stdout
    );
    // A mapping that names no field is refused with the field.
    run.write(
        "导出/预算导出.mapping.yaml",
        "columns:\n  项目名称: projekt\n",
    );
    let o = run.evalsheet(&[
        "--lang",
        "zh",
        "generate",
        "导出/预算导出.xlsx",
        "-o",
        "表格2",
    ]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("列对照中“项目名称”对应的字段“projekt”不存在"),
        "{}",
        o.stderr
    );
}

// The round trip, as a property: any definitions, written into a 项目清单 and read back,
// are the same definitions, and give the same YAML.

/// Text a clerk's cell may hold: Chinese, ASCII, the characters Excel treats specially at the
/// start of a cell (= + - @ ' "), leading and trailing spaces, inner line breaks, tabs, text
/// that looks like a number or an escape, emoji.
fn awkward(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[\\u{4e00}-\\u{9fa5}]{1,8}",
        "[a-zA-Z0-9 ,.%]{1,8}",
        Just(" ".to_string()),
        Just("  ".to_string()),
        Just("\n".to_string()),
        Just("\t".to_string()),
        Just("\r\n".to_string()),
        Just("=SUM(A1)".to_string()),
        Just("+1".to_string()),
        Just("-".to_string()),
        Just("@x".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just("007".to_string()),
        Just("1e5".to_string()),
        Just("_x0041_".to_string()),
        Just("😀".to_string()),
        Just("２０２１年".to_string()),
    ];
    // A cell of nothing but spaces and line breaks is blank, in a list as in a form (the
    // workbook reader keeps no such cell): such a text comes back empty, by design.
    prop::collection::vec(piece, 0..max).prop_map(|v| {
        let s = v.concat();
        if s.trim().is_empty() {
            String::new()
        } else {
            s
        }
    })
}

fn amount() -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![
        Just(None),
        (0i64..10_000_000_000_000, 0u32..=4).prop_map(|(m, s)| Some(Decimal::new(m, s))),
    ]
}

fn amounts() -> impl Strategy<Value = Amounts> {
    (amount(), amount(), amount()).prop_map(|(initial_budget, budget, executed)| Amounts {
        initial_budget,
        budget,
        executed,
    })
}

fn indicator() -> impl Strategy<Value = Indicator> {
    let level1 = prop_oneof![
        Just(String::new()),
        Just("产出指标".to_string()),
        Just("效益指标".to_string()),
        Just("满意度指标".to_string()),
    ];
    (
        level1,
        awkward(4),
        awkward(6),
        awkward(6),
        awkward(3),
        awkward(3),
        amount(),
        amount(),
    )
        .prop_map(
            |(level1, level2, name, target, actual, reason, weight, score)| Indicator {
                level1,
                level2,
                name,
                target,
                actual,
                reason,
                weight,
                score,
            },
        )
}

fn definition() -> impl Strategy<Value = Definition> {
    (
        (
            1949i32..=2100,
            prop_oneof![Just("city"), Just("mof")],
            awkward(8),
            awkward(3),
            awkward(4),
            awkward(4),
            awkward(4),
        ),
        (
            amounts(),
            amounts(),
            amounts(),
            amounts(),
            amounts(),
            amounts(),
            amount(),
        ),
        (
            awkward(12),
            awkward(4),
            awkward(4),
            prop::collection::vec(indicator(), 0..12),
        ),
    )
        .prop_map(
            |(
                (year, form, project, contact, city_department, local_department, unit),
                (total, central_provincial, city, other, current_year, carryover, weight),
                (target, actual, note, indicators),
            )| Definition {
                year,
                form: form.to_string(),
                project,
                contact,
                city_department,
                local_department,
                unit,
                funds: Funds {
                    total,
                    central_provincial,
                    city,
                    other,
                    current_year,
                    carryover,
                    weight,
                },
                goal: Goal { target, actual },
                indicators,
                note,
                source: None,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_definitions_come_back_from_a_list_unchanged(
        mut defs in prop::collection::vec(definition(), 1..6),
        long in prop::bool::ANY,
    ) {
        // Each project is named (a list refuses a blank name) and told apart from the others.
        for (n, d) in defs.iter_mut().enumerate() {
            d.project = format!("{n}{}", d.project);
        }
        if long {
            defs[0].goal.target = "长文本，".repeat(3000);
            defs[0].indicators.extend((0..300).map(|n| Indicator {
                level1: "产出指标".into(),
                level2: "数量指标".into(),
                name: format!("指标 {n}"),
                target: format!(" {n} 起 "),
                ..Default::default()
            }));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("清单.xlsx");
        let bytes = evalsheet::list::workbook_bytes(&path, &defs).unwrap();
        std::fs::write(&path, bytes).unwrap();
        let back: Vec<Definition> = evalsheet::load::load_file(&path)
            .unwrap()
            .into_iter()
            .map(|l| l.def)
            .collect();
        let (want, got) = (
            emit::to_yaml_list(&defs, Style::default()),
            emit::to_yaml_list(&back, Style::default()),
        );
        let differs = want
            .lines()
            .zip(got.lines())
            .enumerate()
            .find(|(_, (w, g))| w != g)
            .map(|(n, (w, g))| format!("line {}: want {w:?}, got {g:?}", n + 1));
        prop_assert!(differs.is_none(), "{}", differs.unwrap_or_default());
        prop_assert_eq!(want.len(), got.len());
        prop_assert!(back == defs, "the definitions differ beyond their YAML");
    }
}
