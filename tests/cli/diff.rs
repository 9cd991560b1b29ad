//! `evalsheet diff`: the 2021 and 2022 examples compared and pinned, CHANGES.md checked change by
//! change, identical sides, a unit's forbidden edit, and the workbook report read back.
//!
//! The pinned JSON lives in tests/fixtures/diff/2021-2022.json; run the tests with
//! `EVALSHEET_BLESS=1` to rewrite it after a deliberate change of the report.

use crate::support::*;
use calamine::{Data, Reader, Xlsx, open_workbook};
use evalsheet::load;
use std::path::{Path, PathBuf};

/// `evalsheet diff examples/2021 examples/2022 ARGS…`, with the examples' absolute paths
/// written back as `examples/2021` and `examples/2022` in the output.
fn diff_examples(run: &Run, extra: &[&str]) -> Outcome {
    let (old, new) = (examples("2021"), examples("2022"));
    let mut args = vec!["diff", old.as_str(), new.as_str()];
    args.extend_from_slice(extra);
    let mut o = run.evalsheet(&args);
    for (abs, rel) in [(&old, "examples/2021"), (&new, "examples/2022")] {
        o.stdout = o.stdout.replace(abs.as_str(), rel);
    }
    o
}

const REPORT_2021_2022: &str = "\
evalsheet diff：逐年对比（year over year；单位填写的栏目不比较，--all 可比较）
旧：examples/2021（2021 年，13 个项目）
新：examples/2022（2022 年，13 个项目）
项目：12 个对应（其中 1 个更名），1 个新增，1 个删除；共 40 处变化。

新增项目（1）
  + 特巡警支队反恐处突装备购置经费（特巡警支队）：预算 120 万元，8 项指标

删除项目（1）
  - 被拘留人员给养费（拘留所）：预算 35 万元，7 项指标

扫黑除恶专项斗争经费（有组织犯罪侦查支队）：6 处变化
  ~ 年度资金总额 全年预算数：500 → 400 万元（-100 万元，-20%）  （funds.total.budget）
  ~ 市级资金 全年预算数：500 → 400 万元（-100 万元，-20%）  （funds.city.budget）
  ~ 年度总体目标 年初设定目标：完成打击涉黑性质犯罪组织案件 2 起，涉恶类犯罪案件 [-13][+10] 起。  （goal.target）
  ~ 指标 2 数量指标/涉恶性质案件 年度指标值：侦破 [-13][+10] 起  （indicators[2].target）
  ~ 指标 4 质量指标/涉恶性质案件 年度指标值：移诉 [-13][+10] 起  （indicators[4].target）
  ~ 指标 7 成本指标/成本控制 年度指标值：专项投入控制 [-500][+400] 万  （indicators[7].target）

衡阳市公安局移动警务平台运行经费（特巡警支队）：3 处变化
  ~ 年度资金总额 全年预算数：405 → 420 万元（+15 万元，+3.7%）  （funds.total.budget）
  ~ 市级资金 全年预算数：405 → 420 万元（+15 万元，+3.7%）  （funds.city.budget）
  ~ 指标 2 数量指标/巡逻正常摩托车 年度指标值：[-145][+150] 台  （indicators[2].target）

特巡警支队伙食补助经费（特巡警支队）：1 处变化
  ~ 指标 1 数量指标/保障食堂就餐人数 年度指标值：[-270][+290]  （indicators[1].target）

禁毒驻滇、驻粤工作站运行经费（禁毒支队）：3 处变化
  ~ 项目更名：禁毒驻滇、驻粤工作运行经费 → 禁毒驻滇、驻粤工作站运行经费  （project）
  ~ 指标 3 质量指标/重点工作完成情况 二级指标：质量指[-针][+标]  （indicators[3].level2）
  ~ 指标 8 服务对象满意度指标/服务禁毒办案 二级指标：服务对象满意度指[-针][+标]  （indicators[8].level2）

城市监控系统（一二期）运维费用（科信支队）：4 处变化
  ~ 年度资金总额 全年预算数：273.89 → 286.5 万元（+12.61 万元，+4.6%）  （funds.total.budget）
  ~ 市级资金 全年预算数：273.89 → 286.5 万元（+12.61 万元，+4.6%）  （funds.city.budget）
  ~ 指标 5 成本指标/成本控制 年度指标值：专项投入控制 [-273.89][+286.5] 万  （indicators[5].target）
  - 删除原指标 7：效益指标 / 生态效益指标 / 借助视频手段对人、车进行管理，节省警力。：减少交警现场处置车辆违法工作量。  （indicators[7]）

禁毒专项经费（禁毒支队）：5 处变化
  ~ 年度资金总额 全年预算数：550 → 600 万元（+50 万元，+9.09%）  （funds.total.budget）
  ~ 市级资金 全年预算数：550 → 600 万元（+50 万元，+9.09%）  （funds.city.budget）
  ~ 指标 1 数量指标/完成侦破目标 年度指标值：[-10][+12]  （indicators[1].target）
  ~ 指标 5 成本指标/成本控制 年度指标值：专项投入控制 [-550][+600] 万  （indicators[5].target）
  + 新增指标 7：效益指标 / 社会效益指标 / 禁毒宣传教育覆盖面：全市中小学校禁毒宣传教育覆盖率 100%  （indicators[7]）

强戒人员生理脱毒医疗费（强戒所）：2 处变化
  ~ 年度总体目标 年初设定目标：完成全年 [-1500][+1400] 名强戒人员收治目标  （goal.target）
  ~ 指标 1 数量指标/强戒人员收治人数 年度指标值：全年 [-1500][+1400] 名强戒人员收治目标  （indicators[1].target）

公安强戒人员生活补助经费（有组织犯罪侦查支队）：6 处变化
  ~ 年度资金总额 全年预算数：252.72 → 235.87 万元（-16.85 万元，-6.67%）  （funds.total.budget）
  ~ 市级资金 全年预算数：252.72 → 235.87 万元（-16.85 万元，-6.67%）  （funds.city.budget）
  ~ 年度总体目标 年初设定目标：完成全年 [-1500][+1400] 名强戒人员收治目标  （goal.target）
  ~ 指标 1 三级指标更名：收治人数 → 强戒人员收治人数  （indicators[1].name）
  ~ 指标 1 数量指标/强戒人员收治人数 年度指标值：完成全年 [-1500][+1400] 名强戒人员收治目标  （indicators[1].target）
  ~ 指标 5 成本指标/成本控制 年度指标值：专项投入控制 [-252.72][+235.87] 万  （indicators[5].target）

强戒人员教育、诊断评估费（有组织犯罪侦查支队）：4 处变化
  ~ 年度资金总额 全年预算数：31.2 → 29.12 万元（-2.08 万元，-6.67%）  （funds.total.budget）
  ~ 市级资金 全年预算数：31.2 → 29.12 万元（-2.08 万元，-6.67%）  （funds.city.budget）
  ~ 指标 1 数量指标/收治人数 年度指标值：完成全年[-1500][+1400]名强戒人员收治目标  （indicators[1].target）
  ~ 指标 4 成本指标/成本控制 年度指标值：专项投入控制[-31.2][+29.12]万  （indicators[4].target）

监察留置看护支队房租和运行经费（留置支队）：4 处变化
  ~ 年度资金总额 全年预算数：72.9 → 81 万元（+8.1 万元，+11.11%）  （funds.total.budget）
  ~ 市级资金 全年预算数：72.9 → 81 万元（+8.1 万元，+11.11%）  （funds.city.budget）
  ~ 年度总体目标 年初设定目标：完成 [-2021][+2022] 年度支队房租和运行经费规范使用  （goal.target）
  ~ 指标 5 成本指标/成本控制 年度指标值：专项投入控制 [-72.9][+81] 万  （indicators[5].target）

无变化（2）：强戒中心所政管理及维修经费（有组织犯罪侦查支队）、社区警务室工作经费（社区管理办公室）
";

#[test]
fn the_2021_and_2022_examples_give_the_pinned_report() {
    let run = Run::new();
    let o = diff_examples(&run, &[]);
    assert_eq!(o.code, 1, "stderr: {}", o.stderr);
    assert_eq!(o.stderr, "");
    if o.stdout != REPORT_2021_2022 {
        for (i, (a, b)) in o.stdout.lines().zip(REPORT_2021_2022.lines()).enumerate() {
            assert_eq!(a, b, "first difference at line {}", i + 1);
        }
        assert_eq!(o.stdout, REPORT_2021_2022);
    }
}

fn fixture(name: &str) -> PathBuf {
    root()
        .join("tests")
        .join("fixtures")
        .join("diff")
        .join(name)
}

#[test]
fn the_2021_and_2022_examples_give_the_pinned_json() {
    let run = Run::new();
    let o = diff_examples(&run, &["--format", "json"]);
    assert_eq!(o.code, 1, "stderr: {}", o.stderr);
    let path = fixture("2021-2022.json");
    if std::env::var_os("EVALSHEET_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &o.stdout).unwrap();
    }
    let pinned = std::fs::read_to_string(&path).expect("pinned JSON (EVALSHEET_BLESS=1 writes it)");
    assert_eq!(o.stdout, pinned);
}

/// One bullet of CHANGES.md: file, field spec, and the values it names.
struct Listed {
    file: String,
    spec: String,
    old: Option<String>,
    new: Option<String>,
}

/// The bullets under "逐项变化" in examples/2022/CHANGES.md.
fn listed_changes() -> Vec<Listed> {
    let text = std::fs::read_to_string(root().join("examples/2022/CHANGES.md")).unwrap();
    let section = text
        .split("## 逐项变化")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let ticks = |s: &str| -> Vec<String> {
        s.split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, t)| t.to_string())
            .collect()
    };
    section
        .lines()
        .filter(|l| l.starts_with("- `"))
        .map(|l| {
            // "- `FILE` · `SPEC`: `OLD` → `NEW` — why" (values only for field changes).
            let head = l.split(" — ").next().unwrap();
            let t = ticks(head);
            let arrow = head.contains(" → ");
            Listed {
                file: t[0].clone(),
                spec: t[1].clone(),
                old: arrow.then(|| t[2].clone()),
                new: arrow.then(|| t[3].clone()),
            }
        })
        .collect()
}

fn project_of(file: &Path) -> String {
    load::load_file(file).unwrap().remove(0).def.project
}

#[test]
fn every_change_listed_in_changes_md_is_named_in_the_json() {
    let run = Run::new();
    let o = diff_examples(&run, &["--format", "json"]);
    assert_eq!(o.code, 1, "stderr: {}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["schema"], "evalsheet-diff/1");
    assert_eq!(v["mode"], "yearly");
    let changes = v["changes"].as_array().unwrap();
    let listed = listed_changes();
    assert_eq!(listed.len(), 40, "CHANGES.md bullets");
    let mut used = vec![false; changes.len()];
    for l in &listed {
        let in_2022 = root().join("examples/2022").join(&l.file);
        let project = if in_2022.exists() {
            project_of(&in_2022)
        } else {
            project_of(&root().join("examples/2021").join(&l.file))
        };
        let path = l.spec.split(' ').next().unwrap();
        let (path, kind) = match path {
            "(whole" => ("project", "project_removed"),
            "(new" => ("project", "project_added"),
            "project" => ("project", "project_renamed"),
            p if p.ends_with(".name") => (p, "indicator_renamed"),
            p if p.starts_with("indicators[") && !p.contains('.') => {
                if l.spec.contains("(new:") {
                    (p, "indicator_added")
                } else {
                    (p, "indicator_removed")
                }
            }
            p => (p, "changed"),
        };
        let found = changes.iter().position(|c| {
            c["project"] == project.as_str()
                && c["path"] == path
                && c["kind"] == kind
                && l.old.as_ref().is_none_or(|o| c["old"] == o.as_str())
                && l.new.as_ref().is_none_or(|n| c["new"] == n.as_str())
        });
        let i = found.unwrap_or_else(|| {
            panic!(
                "CHANGES.md: {} · {} ({kind}) is not in the JSON",
                l.file, l.spec
            )
        });
        assert!(!used[i], "{} · {} matched twice", l.file, l.spec);
        used[i] = true;
    }
    // And nothing beyond what CHANGES.md lists.
    assert!(
        used.iter().all(|u| *u),
        "changes not in CHANGES.md: {:?}",
        {
            changes
                .iter()
                .zip(&used)
                .filter(|(_, u)| !**u)
                .map(|(c, _)| c.to_string())
                .collect::<Vec<_>>()
        }
    );
    // Budgets carry 万元 and percent.
    let b = changes
        .iter()
        .find(|c| c["path"] == "funds.total.budget" && c["old"] == "273.89")
        .unwrap();
    assert_eq!(
        (b["delta"].as_str(), b["percent"].as_str()),
        (Some("+12.61"), Some("+4.6"))
    );
}

#[test]
fn identical_inputs_give_no_changes_and_exit_0() {
    let run = Run::new();
    let ex = examples("2021");
    let o = run.evalsheet(&["diff", ex.as_str(), ex.as_str(), "--format", "json"]);
    assert_eq!(o.code, 0, "stderr: {}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["mode"], "issued");
    assert_eq!(v["changes"].as_array().unwrap().len(), 0);
    assert_eq!(v["summary"]["unchanged"], 13);
    let o = run.evalsheet(&["diff", ex.as_str(), ex.as_str()]);
    assert_eq!(o.code, 0);
    assert!(o.stdout.contains("两边一致，没有变化。"), "{}", o.stdout);
    // The same forms drawn as workbooks and read back: still nothing.
    let g = run.evalsheet(&["generate", ex.as_str(), "-o", "books", "-q"]);
    assert_eq!(g.code, 0, "{}", g.stderr);
    let o = run.evalsheet(&["diff", ex.as_str(), "books"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

/// The issued 2022 扫黑除恶 definition, and a returned copy in which the unit filled in its
/// fields and also altered a target.
fn issued_and_altered(run: &Run) -> (PathBuf, PathBuf) {
    let issued_text =
        std::fs::read_to_string(root().join("examples/2022/01-扫黑除恶专项斗争经费.yaml")).unwrap();
    let issued = run.write("issued.yaml", &issued_text);
    let returned_text = issued_text
        .replace("侦破 10 起", "侦破 8 起")
        .replace("contact: \"\"", "contact: \"张三 13800000000\"")
        .replace(
            "total: {budget: 400}",
            "total: {budget: 400, executed: 380}",
        )
        .replacen("actual: \"\"", "actual: \"已完成\"", 1);
    assert_ne!(issued_text, returned_text);
    let returned = run.write("returned/扫黑除恶.yaml", &returned_text);
    (issued, returned)
}

#[test]
fn a_target_altered_by_the_unit_is_flagged_as_forbidden() {
    let run = Run::new();
    let (issued, returned) = issued_and_altered(&run);
    let (i, r) = (issued.display().to_string(), returned.display().to_string());
    let o = run.evalsheet(&["diff", &i, &r, "--format", "json"]);
    assert_eq!(o.code, 1, "stderr: {}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["mode"], "issued");
    let forbidden: Vec<&serde_json::Value> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["forbidden"] == true)
        .collect();
    assert_eq!(forbidden.len(), 1, "{}", o.stdout);
    assert_eq!(forbidden[0]["path"], "indicators[2].target");
    assert_eq!(forbidden[0]["old"], "侦破 10 起");
    assert_eq!(forbidden[0]["new"], "侦破 8 起");
    assert_eq!(v["summary"]["filled"], 3);
    let ex = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"] == "funds.total.executed")
        .unwrap();
    assert_eq!(
        (ex["kind"].as_str(), ex["rate"].as_str()),
        (Some("filled"), Some("95"))
    );

    // The text report puts it first and marks it.
    let o = run.evalsheet(&["diff", &i, &r]);
    assert_eq!(o.code, 1);
    assert!(
        o.stdout
            .contains("!! 不应修改的内容：1 处，涉及 1 个项目（见下文 !! 标记）。"),
        "{}",
        o.stdout
    );
    assert!(
        o.stdout.contains(
            "  !! 指标 2 数量指标/涉恶性质案件 年度指标值：侦破 [-10][+8] 起  （indicators[2].target）"
        ),
        "{}",
        o.stdout
    );

    // The same returned form as a workbook: flagged too, with its cell.
    let g = run.evalsheet(&["generate", &r, "-o", "books", "-q"]);
    assert_eq!(g.code, 0, "{}", g.stderr);
    let o = run.evalsheet(&["diff", &i, "books", "--format", "json"]);
    assert_eq!(o.code, 1, "stderr: {}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let c = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["forbidden"] == true)
        .unwrap()
        .clone();
    assert_eq!(c["path"], "indicators[2].target");
    assert_eq!(c["cell"], "F14");
}

fn sheet(path: &Path, name: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

fn text(r: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

#[test]
fn the_workbook_report_has_the_summary_and_every_change() {
    let run = Run::new();
    let o = diff_examples(&run, &["--format", "json", "--xlsx", "report.xlsx"]);
    assert_eq!(o.code, 1, "stderr: {}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let book = run.path("report.xlsx");
    assert_eq!(sheet_names(&book), ["汇总", "变化明细"]);

    // Summary: a header at row 3, then one row per project.
    let s = sheet(&book, "汇总");
    assert_eq!(text(&s, 2, 1), "项目资金名称");
    let projects = v["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 14);
    for (i, p) in projects.iter().enumerate() {
        let row = 3 + i as u32;
        assert_eq!(text(&s, row, 1), p["project"].as_str().unwrap());
        assert_eq!(text(&s, row, 2), p["unit"].as_str().unwrap());
        assert_eq!(text(&s, row, 5), p["changes"].to_string());
    }
    let row_of = |name: &str| (3..17).find(|&r| text(&s, r, 1) == name).unwrap();
    let r = row_of("扫黑除恶专项斗争经费");
    assert_eq!(
        (text(&s, r, 3), text(&s, r, 5)),
        ("有变化".into(), "6".into())
    );
    let r = row_of("禁毒驻滇、驻粤工作站运行经费");
    assert_eq!(text(&s, r, 3), "更名");
    assert_eq!(text(&s, r, 4), "禁毒驻滇、驻粤工作运行经费");
    assert_eq!(text(&s, row_of("被拘留人员给养费"), 3), "删除");
    assert_eq!(
        text(&s, row_of("特巡警支队反恐处突装备购置经费"), 3),
        "新增"
    );
    assert_eq!(text(&s, row_of("社区警务室工作经费"), 3), "无变化");

    // Changes: one row per change, in the JSON's order.
    let c = sheet(&book, "变化明细");
    assert_eq!(text(&c, 2, 6), "对比（红色删除，绿色新增）");
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 40);
    for (i, ch) in changes.iter().enumerate() {
        let row = 3 + i as u32;
        assert_eq!(text(&c, row, 1), ch["project"].as_str().unwrap());
        assert_eq!(text(&c, row, 7), ch["old"].as_str().unwrap_or(""));
        assert_eq!(text(&c, row, 8), ch["new"].as_str().unwrap_or(""));
        assert_eq!(text(&c, row, 10), ch["path"].as_str().unwrap());
    }
    assert_eq!(text(&c, 3 + changes.len() as u32, 1), "");
    // Changed text is written as a rich string: struck-through red deletions, green
    // insertions, in 宋体 (in the sheet itself: the report is written row by row, its strings
    // inline).
    let sheet_xml = part(&book, "xl/worksheets/sheet2.xml");
    assert!(
        sheet_xml.contains("t=\"inlineStr\""),
        "strings are not inline"
    );
    assert!(sheet_xml.contains("<strike/>"), "no struck-through run");
    assert!(sheet_xml.contains("FF008000"), "no green run");
    assert!(sheet_xml.contains("宋体"));
    assert!(sheet_xml.contains("orientation=\"landscape\""));
    assert!(sheet_xml.contains("paperSize=\"9\""));
    assert!(sheet_xml.contains("fitToWidth") || sheet_xml.contains("fitToPage"));

    // Never overwritten without --force.
    let o = diff_examples(&run, &["--xlsx", "report.xlsx"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("已经存在；evalsheet 不会覆盖已有的文件"),
        "{}",
        o.stderr
    );
    let o = diff_examples(&run, &["--xlsx", "report.xlsx", "--force"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
}

#[test]
fn unreadable_input_is_trouble() {
    let run = Run::new();
    let ex = examples("2021");
    let o = run.evalsheet(&["diff", ex.as_str(), "missing"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("missing"), "{}", o.stderr);
    run.write("bad/a.yaml", "year: 2021\nprojct: 甲\n");
    let o = run.evalsheet(&["diff", ex.as_str(), "bad"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("第 2 行第 1 列"), "{}", o.stderr);
}
