//! The national (财政部) variant: drawn with scoring, read back field for field.

use crate::support::*;
use std::path::Path;

#[test]
fn national_examples_are_drawn_with_scores_and_import_back_exactly() {
    let run = Run::new();
    let ex = examples("2021-mof");
    assert_eq!(
        run.evalsheet(&["generate", &ex, "-o", "forms", "-q"]).code,
        0
    );
    let o = run.evalsheet(&["import", "forms", "-o", "defs"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_same_definitions(Path::new(&ex), &run.path("defs"), 13);
}

#[test]
fn national_form_layout_formulas_and_total() {
    let run = Run::new();
    let ex = examples("2021-mof");
    assert_eq!(
        run.evalsheet(&["generate", &ex, "-o", "forms", "-q"]).code,
        0
    );
    let book = run.path("forms/2021-扫黑除恶专项斗争经费-有组织犯罪侦查支队.xlsx");
    let s = first_sheet(&book);
    assert_eq!(s.text(0, 0), "项目支出绩效自评表");
    assert!(s.has_merge((0, 0), (0, 9)));
    assert_eq!(s.text(1, 0), "（2021年度）");
    assert_eq!(s.text(2, 0), "项目名称");
    assert_eq!(s.text(2, 2), "扫黑除恶专项斗争经费");
    assert_eq!(s.text(3, 0), "主管部门");
    assert_eq!(s.text(3, 5), "实施单位");
    assert_eq!(s.text(4, 0), "项目资金（万元）");
    assert!(s.has_merge((4, 0), (8, 1)));
    for (c, h) in [
        (3, "年初预算数"),
        (4, "全年预算数"),
        (5, "全年执行数"),
        (6, "分值"),
        (7, "执行率"),
        (8, "得分"),
    ] {
        assert_eq!(s.text(4, c), h);
    }
    for (r, l) in [
        (5, "年度资金总额"),
        (6, "其中：当年财政拨款"),
        (7, "上年结转资金"),
        (8, "其他资金"),
    ] {
        assert_eq!(s.text(r, 2), l);
    }
    // 预算执行: 分值 10, 执行率 and 得分 as formulas with cached results.
    assert_eq!(s.number(5, 6), Some(10.0));
    assert_eq!(s.formula(5, 7), "IF(OR(E6=\"\",E6=0,F6=\"\"),\"\",F6/E6)");
    assert_eq!(s.number(5, 7), Some(1.0));
    assert_eq!(
        s.formula(5, 8),
        "IF(OR(E6=\"\",E6=0,F6=\"\"),\"\",MIN(F6/E6,1)*G6)"
    );
    assert_eq!(s.number(5, 8), Some(10.0));
    assert_eq!(s.text(6, 6), "—");
    assert_eq!(s.text(9, 0), "年度总体目标");
    assert_eq!(s.text(9, 1), "预期目标");
    assert_eq!(s.text(9, 6), "实际完成情况");
    assert_eq!(s.text(11, 0), "绩效指标");
    for (c, h) in [
        (1, "一级指标"),
        (2, "二级指标"),
        (3, "三级指标"),
        (4, "年度指标值"),
        (5, "实际完成值"),
        (6, "分值"),
        (7, "得分"),
        (8, "偏差原因分析及改进措施"),
    ] {
        assert_eq!(s.text(11, c), h);
    }
    // 产出 50 over 7 indicators: 7.14 × 6 + 7.16; 效益 30 over 2; 满意度 10.
    let weights: Vec<f64> = (12..22).map(|r| s.number(r, 6).unwrap()).collect();
    assert_eq!(
        weights,
        [7.14, 7.14, 7.14, 7.14, 7.14, 7.14, 7.16, 15.0, 15.0, 10.0]
    );
    // 总分: the sum of the 分值 (100) and of the 得分, with its grade.
    assert_eq!(s.text(22, 0), "总分");
    assert_eq!(s.formula(22, 6), "SUM(G6,G13:G22)");
    assert_eq!(s.number(22, 6), Some(100.0));
    assert_eq!(
        s.formula(22, 7),
        "IF(COUNT(H13:H22)=0,\"\",SUM(I6,H13:H22))"
    );
    assert_eq!(s.number(22, 7), Some(100.0));
    assert_eq!(s.text(22, 8), "优");
    assert!(s.formula(22, 8).contains("\"优\""));
}

#[test]
fn national_form_unlocks_the_units_cells_only() {
    let run = Run::new();
    let ex = examples("2021-mof");
    assert_eq!(
        run.evalsheet(&["generate", &ex, "-o", "forms", "-q", "--blank"])
            .code,
        0
    );
    let book = run.path("forms/2021-扫黑除恶专项斗争经费-有组织犯罪侦查支队.xlsx");
    let locked = locked_cells(&book);
    // 全年执行数 and each 实际完成值, 得分 and 偏差原因 are the unit's; 分值, 年初预算数,
    // 全年预算数, the formulas and the 总分 row are not.
    for r in 5..9 {
        assert!(!locked(r, 5), "executed row {r}");
        assert!(
            locked(r, 3) && locked(r, 4) && locked(r, 6) && locked(r, 7),
            "row {r}"
        );
    }
    for r in 12..22 {
        assert!(
            !locked(r, 5) && !locked(r, 7) && !locked(r, 8),
            "indicator row {r}"
        );
        assert!(locked(r, 6) && locked(r, 4), "indicator row {r}");
    }
    assert!(locked(22, 6) && locked(22, 7) && locked(22, 8), "总分 row");
    // A blank form has no scores yet: 总分 and the grade are blank, the 分值 add up to 100.
    let s = first_sheet(&book);
    assert_eq!(s.text(22, 7), "");
    assert_eq!(s.text(22, 8), "");
    assert_eq!(s.number(22, 6), Some(100.0));
    assert_eq!(s.text(5, 8), "");
}

#[test]
fn check_speaks_the_national_forms_words_and_checks_the_weights() {
    let run = Run::new();
    let ex = examples("2021-mof");
    let o = run.evalsheet(&["check", &ex]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let out = &o.stdout;
    // The national form's labels: no （A）/（B）, 全年完成值 is 实际完成值, 市级资金 is 当年财政拨款.
    assert!(!out.contains("（A）") && !out.contains("（B）"), "{out}");
    assert!(!out.contains("全年完成值"), "{out}");
    assert!(
        out.contains("02-衡阳市公安局移动警务平台运行经费.yaml: indicators[6].target: error[cost-target-mismatch]: 成本指标“成本控制”的年度指标值“专项投入控制 450 万”写的是 450 万元，与年度资金总额的全年预算数 405 万元不一致。"),
        "{out}"
    );
    assert!(
        out.contains("01-扫黑除恶专项斗争经费.yaml: funds.current_year.executed: error[required-blank]: 当年财政拨款的全年执行数未填写（全年预算数为 500 万元）。"),
        "{out}"
    );
    // Form 11 has no 效益指标: its 30 points are nowhere, and the 分值 add up to 70.
    assert!(
        out.contains("11-被拘留人员给养费.yaml: indicators: warning[weights-sum]: 分值合计为 70，不是 100（预算执行率 10，各项指标 60）。"),
        "{out}"
    );
    // Six of the seed forms put their only 效益 indicators under 产出指标.
    assert_eq!(out.matches("warning[weights-sum]").count(), 6, "{out}");
    assert!(!out.contains("score-over-weight"), "{out}");
}

#[test]
fn new_writes_a_national_definition_in_the_national_forms_words() {
    let run = Run::new();
    let o = run.evalsheet(&[
        "new",
        "--form",
        "mof",
        "--year",
        "2022",
        "--project",
        "测试项目",
        "-o",
        "a.yaml",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let text = std::fs::read_to_string(run.path("a.yaml")).unwrap();
    for line in [
        "project: \"测试项目\"  # 项目名称",
        "contact: \"\"  # 负责人及电话：本表样没有此栏",
        "  current_year:  # 其中：当年财政拨款",
        "    initial_budget:  # 年初预算数",
        "    executed:  # 全年执行数（单位填写）",
        "  target: \"\"  # 预期目标",
        "    actual: \"\"  # 实际完成值（单位填写）",
        "note: \"\"  # 说明：本表样没有此栏",
    ] {
        assert!(text.lines().any(|l| l == line), "{line}\n{text}");
    }
    // It draws, and reads back as the same blank national definition.
    assert_eq!(
        run.evalsheet(&["generate", "a.yaml", "-o", "forms", "-q"])
            .code,
        0
    );
    assert_eq!(
        run.evalsheet(&["import", "forms", "-o", "defs", "-q"]).code,
        0
    );
    let want = defs_by_project(&run.path("a.yaml"));
    let got = defs_by_project(&run.path("defs"));
    assert_eq!(got, want);
    assert_eq!(got.values().next().unwrap().indicators.len(), 9);
}
