//! `evalsheet import`: returned forms read back field for field.

use crate::support::*;
use std::path::Path;

#[test]
fn generated_examples_import_back_exactly() {
    let run = Run::new();
    let ex = examples("2021");
    assert_eq!(
        run.evalsheet(&["generate", &ex, "-o", "forms", "-q"]).code,
        0
    );
    let o = run.evalsheet(&["import", "forms", "-o", "defs"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stderr, "evalsheet：已从 13 个文件中读取 13 张自评表。\n");
    assert_same_definitions(Path::new(&ex), &run.path("defs"), 13);
}

/// A form typed by hand with the labels people shorten or reword: 中央、省补助 without 其中：,
/// 执行率 and 全年预算数 without their brackets, 负责人及联系电话, 实际完成值, colons after the
/// header labels, from C3, no merges.
#[test]
fn shortened_labels_of_a_hand_typed_form_are_recognised() {
    use rust_xlsxwriter::Workbook;
    let run = Run::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let rows: Vec<Vec<&str>> = vec![
        vec!["项目支出绩效自评表（2021年度）"],
        vec![
            "项目资金名称：",
            "",
            "社区警务室工作经费",
            "",
            "负责人及联系电话：",
            "王敏",
        ],
        vec!["市级主管部门：", "", "衡阳市公安局"],
        vec!["地方主管部门：", "", "", "", "实施单位：", "社区管理办公室"],
        vec![
            "项目资金（万元）",
            "",
            "",
            "全年预算数",
            "全年执行数",
            "",
            "执行率",
        ],
        vec!["", "", "年度资金总额", "66.6", "64", "", "96.1%"],
        vec!["", "", "中央、省补助", "10", "9"],
        vec!["", "", "市级资金", "56.6", "55"],
        vec!["", "", "其他资金"],
        vec!["年度总体目标", "年初设定目标", "", "", "全年实际完成情况"],
        vec!["", "保障社区正常运转", "", "", "已完成"],
        vec![
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "",
            "年度指标值",
            "实际完成值",
            "未完成原因及改进措施",
        ],
        vec![
            "",
            "产出指标",
            "数量指标",
            "市区基层社区规范化",
            "",
            "覆盖率100%",
            "已完成",
        ],
        vec![
            "",
            "",
            "时效指标",
            "完成时间",
            "",
            "截止12月31日前",
            "按时完成",
        ],
        vec![
            "",
            "满意度指标",
            "服务对象满意度指标",
            "服务居民满意度",
            "",
            "达到90%",
            "92%",
        ],
        vec!["说明", "无"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 2, c as u16 + 2, *v).unwrap();
            }
        }
    }
    wb.save(run.path("hand.xlsx")).unwrap();
    let o = run.evalsheet(&["import", "hand.xlsx", "-o", "defs"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let got = defs_by_project(&run.path("defs"));
    let d = &got[&(
        "社区警务室工作经费".to_string(),
        "社区管理办公室".to_string(),
    )];
    assert_eq!(d.year, 2021);
    assert_eq!(d.contact, "王敏");
    assert_eq!(d.city_department, "衡阳市公安局");
    assert_eq!(d.funds.total.budget.unwrap().to_string(), "66.6");
    assert_eq!(d.funds.total.executed.unwrap().to_string(), "64");
    assert_eq!(d.funds.city.budget.unwrap().to_string(), "56.6");
    assert_eq!(d.funds.central_provincial.budget.unwrap().to_string(), "10");
    assert_eq!(
        d.funds.central_provincial.executed.unwrap().to_string(),
        "9"
    );
    assert_eq!(d.goal.target, "保障社区正常运转");
    assert_eq!(d.goal.actual, "已完成");
    assert_eq!(d.indicators.len(), 3);
    assert_eq!(d.indicators[1].level1, "产出指标", "inherited down the run");
    assert_eq!(d.indicators[1].level2, "时效指标");
    assert_eq!(d.indicators[2].actual, "92%");
    assert_eq!(d.note, "无");
}
