//! Tests of the 项目清单: headers, variants, recognising a list, reading mistakes.

use super::*;
use crate::grid::{Book, Grid, Val};

fn grid(name: &str, rows: &[&[&str]]) -> Grid {
    let mut g = Grid::new(name);
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                let val = v
                    .strip_prefix('#')
                    .and_then(|n| n.parse::<f64>().ok())
                    .map_or_else(|| Val::Text((*v).to_string()), Val::Number);
                g.insert(r as u32, c as u32, val);
            }
        }
    }
    g.finish().unwrap();
    g
}

#[test]
fn headers_name_each_funding_line_and_measure() {
    assert_eq!(
        project_header("funds.total.budget"),
        "年度资金总额·全年预算数"
    );
    assert_eq!(
        project_header("funds.central_provincial.initial_budget"),
        "中央、省补助·年初预算数"
    );
    assert_eq!(
        project_header("funds.current_year.executed"),
        "当年财政拨款·全年执行数"
    );
    assert_eq!(project_header("goal.target"), "年度总体目标");
    // Every key has a header, and no two keys share one.
    let heads: Vec<String> = project_keys().iter().map(|k| project_header(k)).collect();
    assert!(heads.iter().all(|h| !h.is_empty()));
    let mut unique = heads.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), heads.len());
    // Headers are compared without spaces, stars, and in one spelling of brackets and dots.
    assert_eq!(
        norm_header(" 年度资金总额 - 全年预算数 *"),
        "年度资金总额·全年预算数"
    );
    assert_eq!(norm_header("项目资金名称(自动)"), "项目资金名称（自动）");
}

#[test]
fn variants_are_named_in_chinese_and_read_by_any_name() {
    assert_eq!(form_label("city"), "市级");
    assert_eq!(form_label("mof"), "财政部");
    for (text, id) in [
        ("市级", Some("city")),
        ("财政部", Some("mof")),
        ("mof", Some("mof")),
        (" 财政部项目支出绩效自评表 ", Some("mof")),
        ("", Some("city")),
        ("省级", None),
    ] {
        assert_eq!(form_of_label(text), id, "{text:?}");
    }
}

#[test]
fn a_list_is_told_from_a_form_by_its_header_row() {
    let list = grid(
        "项目",
        &[&[
            "项目编号",
            "年度",
            "项目资金名称",
            "实施单位",
            "年度资金总额·全年预算数",
        ]],
    );
    assert!(is_list_sheet(&list));
    // A form's first rows: 项目资金名称 beside 负责人及电话, 实施单位 on another row.
    let form = grid(
        "表",
        &[
            &["项目支出绩效自评表"],
            &["项目资金名称", "", "甲", "", "负责人及电话", "张三"],
            &["市级主管部门", "", "衡阳市公安局"],
            &["地方主管部门", "", "", "", "实施单位", "支队"],
        ],
    );
    assert!(!is_list_sheet(&form));
}

#[test]
fn a_list_is_read_by_its_headers_in_any_order_with_every_mistake() {
    let projects = grid(
        "项目",
        &[
            &[
                "备注",
                "项目资金名称",
                "年度",
                "项目编号",
                "年度资金总额·全年预算数",
                "表样",
            ],
            &["随便写", "甲", "#2022", "#1", "#273.89", "财政部"],
            &[],
            &["", "乙", "2022年", "B", "1,234.5", ""],
            &["", "丙", "#2022", "#1", "约200", "省级"],
        ],
    );
    let indicators = grid(
        "绩效指标",
        &[
            &["项目编号", "一级指标", "二级指标", "三级指标", "年度指标值"],
            &["#1", "产出指标", "数量指标", " 案件 ", "#2"],
            &["B", "效益指标", "社会效益指标", "安全感", "提升"],
            &["#1", "满意度指标", "服务对象满意度指标", "满意度", "90%"],
            &["#7", "产出", "数量指标", "x", "1"],
        ],
    );
    let book = Book {
        sheets: vec![projects, indicators],
        stamp: None,
    };
    let listed = read_book(&book, None);
    let problems: Vec<String> = listed.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "项目!D5（项目编号）：项目编号“1”重复，第 2 行已经用过",
            "项目!E5（年度资金总额·全年预算数）：“约200”不是金额",
            "项目!F5（表样）：“省级”不是表样，应为 市级、财政部 之一",
            "绩效指标!A5（项目编号）：项目表中没有编号为“7”的项目",
            "绩效指标!B5（一级指标）：“产出”不是标准的一级指标，应为 产出指标、效益指标、满意度指标 之一",
        ]
    );
    let (a, row) = &listed.defs[0];
    assert_eq!(*row, 2);
    assert_eq!(a.form, "mof");
    assert_eq!(
        a.funds.total.budget.map(|d| d.to_string()),
        Some("273.89".into())
    );
    assert_eq!(a.indicators.len(), 2);
    assert_eq!(a.indicators[0].name, " 案件 ");
    assert_eq!(a.indicators[0].target, "2");
    assert_eq!(a.indicators[1].target, "90%");
    let (b, row) = &listed.defs[1];
    assert_eq!(*row, 4);
    assert_eq!((b.year, b.form.as_str()), (2022, "city"));
    assert_eq!(
        b.funds.total.budget.map(|d| d.to_string()),
        Some("1234.5".into())
    );
    assert_eq!(b.indicators[0].name, "安全感");
}

#[test]
fn an_amount_a_cell_cannot_hold_and_an_empty_list_are_mistakes() {
    let projects = grid(
        "项目",
        &[
            &[
                "项目编号",
                "年度",
                "项目资金名称",
                "年度资金总额·全年预算数",
            ],
            &["#1", "#2022", "甲", "1234567890123.456"],
        ],
    );
    let book = Book {
        sheets: vec![projects],
        stamp: None,
    };
    let problems: Vec<String> = read_book(&book, None)
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [
            "项目!D2（年度资金总额·全年预算数）：“1234567890123.456”的有效数字超过 15 位，Excel 单元格存不准确"
        ]
    );
    let empty = grid("项目", &[&["项目编号", "年度", "项目资金名称", "实施单位"]]);
    let book = Book {
        sheets: vec![empty],
        stamp: None,
    };
    let problems: Vec<String> = read_book(&book, None)
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(problems, ["项目!A2：项目表中没有项目"]);
}
