//! Audit rules an office writes (`--rules`): every kind of rule over filled forms with known
//! violations, mistakes in the rules file caught with their line and column before any form is
//! read, 需说明 findings cleared by an explanation, no loops, exact decimals.

use crate::support::{Run, root};

/// A returned city form: 年度资金总额 (and 市级资金) with budget A and executed B, 说明, and
/// indicator rows of (一级, 二级, 三级, 年度指标值, 全年完成值, 未完成原因).
fn form(project: &str, a: &str, b: &str, note: &str, rows: &[[&str; 6]]) -> String {
    let mut s = format!(
        "year: 2021\nform: city\nproject: {project}\ncontact: 张三 13800000000\n\
         city_department: 衡阳市公安局\nunit: 某支队\n\
         funds:\n  total: {{budget: {a}, executed: {b}}}\n  city: {{budget: {a}, executed: {b}}}\n\
         goal:\n  target: 完成年度工作\n  actual: 已完成\nnote: \"{note}\"\nindicators:\n"
    );
    for [l1, l2, name, target, actual, reason] in rows {
        s.push_str(&format!(
            "  - {{level1: {l1}, level2: {l2}, name: {name}, target: \"{target}\", actual: \"{actual}\", reason: \"{reason}\"}}\n"
        ));
    }
    s
}

const SATISFIED: [&str; 6] = [
    "满意度指标",
    "服务对象满意度指标",
    "群众满意度",
    "≥90%",
    "95%",
    "无",
];

/// A rules file with a rule of every kind: each severity, each scope (form; each indicator,
/// filtered by 一级 and by 二级; each funds line, filtered by line), `when` and `require`,
/// fields by key and by label, derived values (执行率, 已完成, 长度, 数额, 数字, counts).
const RULES: &str = r#"name: 测试规则
rules:
  - id: low-rate
    severity: explain
    party: unit
    when: 执行率 < 0.9
    field: 执行率
    message: 执行率 {执行率} 低于 90%，请在说明中说明原因
    message_en: The rate {执行率} is below 90%
    explain: {field: 说明, min_chars: 10}
  - id: cost-over-budget
    severity: error
    party: office
    scope: indicator
    level2: 成本指标
    when: 数额(年度指标值) > funds.total.budget
    message: 成本指标“{三级指标}”的 {数额(年度指标值)} 万元超过预算 {funds.total.budget} 万元
  - id: needs-satisfaction
    severity: error
    require: 满意度指标数 >= 1
    message: 没有满意度指标
  - id: far-below
    severity: explain
    scope: indicator
    level1: 产出指标
    when: 数字(全年完成值) < 数字(年度指标值) * 0.7
    field: 全年完成值
    message: “{三级指标}”完成 {全年完成值}，指标 {年度指标值}
    explain: {field: 未完成原因和改进措施, min_chars: 15}
  - id: city-line-rate
    severity: hint
    scope: funds
    lines: [市级资金]
    when: rate < 0.5
    message: "{资金名称}执行率 {执行率}，结余 {budget - executed} 万元"
  - id: unfinished
    severity: hint
    scope: indicator
    when: "未完成 && 长度(全年完成值) > 0 && !包含(全年完成值, \"%\")"
    message: "{指标}未完成：{全年完成值}"
"#;

fn lines_of(out: &str, ids: &[&str]) -> Vec<String> {
    out.lines()
        .filter(|l| ids.iter().any(|id| l.contains(&format!("[{id}]"))))
        .map(str::to_string)
        .collect()
}

const IDS: &[&str] = &[
    "low-rate",
    "cost-over-budget",
    "needs-satisfaction",
    "far-below",
    "city-line-rate",
    "unfinished",
];

#[test]
fn every_kind_of_rule_finds_the_known_violations() {
    let run = Run::new();
    run.write("规则.yaml", RULES);
    // 甲: every rule broken, nothing explained.
    run.write(
        "forms/甲.yaml",
        &form(
            "甲项目",
            "100",
            "40",
            "无",
            &[
                ["产出指标", "数量指标", "培训人数", "100 人", "60 人", "无"],
                [
                    "产出指标",
                    "成本指标",
                    "成本控制",
                    "控制在 120 万元以内",
                    "已完成",
                    "无",
                ],
                [
                    "效益指标",
                    "社会效益指标",
                    "治安改善",
                    "明显改善",
                    "部分完成",
                    "疫情影响",
                ],
            ],
        ),
    );
    // 乙: rate 85% and an indicator far below its target, both explained.
    run.write(
        "forms/乙.yaml",
        &form(
            "乙项目",
            "200",
            "170",
            "受疫情影响，部分设备采购推迟到次年执行。",
            &[
                [
                    "产出指标",
                    "数量指标",
                    "巡逻次数",
                    "1000 次",
                    "500 次",
                    "因警力调往疫情防控，巡逻次数减少，次年补足。",
                ],
                SATISFIED,
            ],
        ),
    );
    // 丙: nothing broken.
    run.write(
        "forms/丙.yaml",
        &form(
            "丙项目",
            "50",
            "50",
            "无",
            &[
                ["产出指标", "数量指标", "培训人数", "100 人", "100 人", "无"],
                [
                    "产出指标",
                    "成本指标",
                    "成本控制",
                    "控制在 50 万元以内",
                    "已完成",
                    "无",
                ],
                SATISFIED,
            ],
        ),
    );
    let o = run.evalsheet(&["check", "forms", "--rules", "规则.yaml"]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    let got = lines_of(&o.stdout, IDS);
    let want = [
        "forms/乙.yaml: funds.total.rate: explain[low-rate]（已说明）: 执行率 85% 低于 90%，请在说明中说明原因",
        "forms/乙.yaml: indicators[1].actual: explain[far-below]（已说明）: “巡逻次数”完成 500 次，指标 1000 次",
        "forms/甲.yaml: funds.total.rate: explain[low-rate]: 执行率 40% 低于 90%，请在说明中说明原因",
        "forms/甲.yaml: indicators: error[needs-satisfaction]: 没有满意度指标",
        "forms/甲.yaml: funds.city.rate: warning[city-line-rate]: 市级资金执行率 40%，结余 60 万元",
        "forms/甲.yaml: indicators[1].actual: explain[far-below]: “培训人数”完成 60 人，指标 100 人",
        "forms/甲.yaml: indicators[2].target: error[cost-over-budget]: 成本指标“成本控制”的 120 万元超过预算 100 万元",
        "forms/甲.yaml: indicators[3].actual: warning[unfinished]: 三级指标“治安改善”未完成：部分完成",
    ];
    let mut got_sorted = got.clone();
    got_sorted.sort();
    let mut want_sorted: Vec<String> = want.iter().map(ToString::to_string).collect();
    want_sorted.sort();
    assert_eq!(got_sorted, want_sorted, "{}", o.stdout);
    // Within a form: the form's rules, then each line's, then each indicator's.
    let jia: Vec<&String> = got.iter().filter(|l| l.starts_with("forms/甲")).collect();
    assert_eq!(
        jia.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        want[2..].to_vec()
    );
    // The summary counts the 需说明 findings apart.
    assert!(
        o.stdout
            .lines()
            .last()
            .unwrap()
            .contains("需说明 2 个（另有 2 个已说明）"),
        "{}",
        o.stdout
    );

    // JSON: label, party, severity, explained.
    let o = run.evalsheet(&[
        "check",
        "forms/乙.yaml",
        "--rules",
        "规则.yaml",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let low = v
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "low-rate")
        .unwrap();
    assert_eq!(low["severity"], "explain");
    assert_eq!(low["explained"], true);
    assert_eq!(low["party"], "unit");
    assert_eq!(low["label"], "年度资金总额 执行率（B/A）");
    assert_eq!(low["field"], "funds.total.rate");
    // Only explained findings and hints: 乙 passes.
    assert_eq!(o.code, 0, "{}", o.stdout);

    // English messages where the rule has one.
    let o = run.evalsheet(&[
        "--lang",
        "en",
        "check",
        "forms/甲.yaml",
        "--rules",
        "规则.yaml",
    ]);
    assert!(
        o.stdout
            .contains("explain[low-rate]: The rate 40% is below 90%"),
        "{}",
        o.stdout
    );
}

#[test]
fn rules_file_mistakes_are_caught_with_line_and_column_before_any_form_is_read() {
    let run = Run::new();
    // Not a workbook: were it read, check would report it.
    run.write("forms/坏.xlsx", "not a workbook");
    let cases: &[(&str, &str)] = &[
        // A typo in a field name, with the nearest field and its label.
        (
            "rules:\n  - id: a\n    severity: error\n    when: 全年执行书 > 全年预算数\n    message: x\n",
            "坏规则.yaml:4:11：没有名为“全年执行书”的栏目，是否应为 `executed`（全年执行数）？",
        ),
        (
            "rules:\n  - id: a\n    severity: error\n    when: funds.totl.budget > 1\n    message: x\n",
            "坏规则.yaml:4:11：没有名为“funds.totl.budget”的栏目，是否应为 `funds.total.budget`（年度资金总额全年预算数）？",
        ),
        // A text compared with an amount: the column of the operator.
        (
            "rules:\n  - id: a\n    severity: error\n    scope: indicator\n    when: \"年度指标值 > 全年预算数\"\n    message: x\n",
            "坏规则.yaml:5:18：类型不符：“>”两边是文字和数值，文字不能与数值比较或计算；文字中的数字可用 数字(…) 或 数额(…) 取出。",
        ),
        // An unknown severity.
        (
            "rules:\n  - id: a\n    severity: fatal\n    when: 执行率 < 0.9\n    message: x\n",
            "坏规则.yaml:3:15：不认识的严重程度“fatal”：应为 error（强制）、explain（需说明）或 hint（提示）。",
        ),
        // A YAML syntax error.
        (
            "rules:\n  - id: a\n    severity: error: x\n    when: 执行率 < 0.9\n    message: x\n",
            "坏规则.yaml:3:20：这里不能再有“: ”：一行只写一个“键: 值”；值中有冒号时，请把整个值加上引号。",
        ),
        // A text where one is needed, and a key left out.
        (
            "rules:\n  - id: a\n    severity: error\n    when: [执行率 < 0.9]\n    message: x\n",
            "坏规则.yaml:4:11：这里应是一段文字，如 when: 执行率 < 0.9；以 [、{、* 等符号开头的文字请加引号。",
        ),
        (
            "rules:\n  - id: a\n    severity: error\n    when: 执行率 < 0.9\n",
            "坏规则.yaml:4:5：缺少必填的键 `message`（提示信息）。",
        ),
        // An unknown key.
        (
            "rules:\n  - id: a\n    severty: error\n    when: 执行率 < 0.9\n    message: x\n",
            "坏规则.yaml:3:5：不认识的键“severty”，是否应为 `severity`（严重程度）？",
        ),
        // A placeholder of the message with an unknown field.
        (
            "rules:\n  - id: a\n    severity: error\n    when: 执行率 < 0.9\n    message: 执行率为 {执行律}\n",
            "坏规则.yaml:5:20：没有名为“执行律”的栏目，是否应为 `rate`（执行率）？",
        ),
    ];
    for (text, want) in cases {
        run.write("坏规则.yaml", text);
        let o = run.evalsheet(&["check", "forms", "--rules", "坏规则.yaml"]);
        assert_eq!(o.code, 2, "{text}");
        assert_eq!(o.stdout, "", "no form is read: {text}");
        assert!(!o.stderr.contains("坏.xlsx"), "{}", o.stderr);
        let first = o.stderr.lines().next().unwrap_or("");
        let first = first.strip_prefix("evalsheet：").unwrap_or(first);
        assert!(
            first.starts_with(want),
            "{text}\n got: {first}\nwant: {want}"
        );
        // collect checks the rules before it reads a workbook, too.
        let c = run.evalsheet(&[
            "collect",
            "forms",
            "-o",
            "汇总.xlsx",
            "--rules",
            "坏规则.yaml",
        ]);
        assert_eq!(c.code, 2);
        assert!(c.stderr.contains(want), "{}", c.stderr);
        assert!(!run.path("汇总.xlsx").exists());
    }
    // Every mistake of a file at once, in file order.
    run.write(
        "坏规则.yaml",
        "rules:\n  - id: a\n    severity: 强制\n    when: 执行律 < 0.9\n    message: x\n  - id: b\n    severity: maybe\n    when: 说明 > 3\n    message: y\n",
    );
    let o = run.evalsheet(&["check", "forms", "--rules", "坏规则.yaml"]);
    let at: Vec<&str> = o
        .stderr
        .lines()
        .map(|l| l.trim_start_matches("evalsheet："))
        .map(|l| l.split('：').next().unwrap())
        .collect();
    assert_eq!(
        at,
        ["坏规则.yaml:4:11", "坏规则.yaml:7:15", "坏规则.yaml:8:14"]
    );
}

#[test]
fn loops_are_refused_and_amounts_are_exact_decimals() {
    let run = Run::new();
    for cond in ["loop { }", "while 执行率 < 1 { }", "for x in 1..10 { }"] {
        run.write(
            "r.yaml",
            &format!(
                "rules:\n  - id: a\n    severity: error\n    when: \"{cond}\"\n    message: x\n"
            ),
        );
        let o = run.evalsheet(&["check", "forms", "--rules", "r.yaml"]);
        assert_eq!(o.code, 2);
        assert!(
            o.stderr.contains("r.yaml:4:12：不允许使用循环"),
            "{cond}: {}",
            o.stderr
        );
    }
    // 0.1 + 0.2 == 0.3, and amounts with many decimals compare exactly.
    run.write(
        "r.yaml",
        "rules:\n  - id: exact\n    severity: hint\n    when: 全年执行数 == 0.1 + 0.2 && 全年预算数 - 全年执行数 == 0.0000000001\n    message: 结余 {全年预算数 - 全年执行数} 万元\n",
    );
    run.write(
        "forms/a.yaml",
        &form("甲", "0.3000000001", "0.3", "无", &[SATISFIED]),
    );
    let o = run.evalsheet(&["check", "forms", "--rules", "r.yaml"]);
    assert!(
        o.stdout.contains("warning[exact]: 结余 0.0000000001 万元"),
        "{}",
        o.stdout
    );
    // A rule that cannot be computed on a form is said, for the office, not passed over; a
    // rule computing with a blank amount is not (the blank is the form's own finding).
    run.write(
        "r.yaml",
        "rules:\n  - id: by-zero\n    severity: error\n    party: unit\n    when: 全年执行数 / (全年预算数 - 全年预算数) > 1\n    message: x\n",
    );
    let o = run.evalsheet(&["check", "forms", "--rules", "r.yaml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("JSON");
    let found: Vec<&serde_json::Value> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "by-zero")
        .collect();
    assert_eq!(found.len(), 1, "{}", o.stdout);
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(found[0]["party"], "office");
    let m = found[0]["message"].as_str().unwrap();
    assert!(
        m.starts_with("审核规则“by-zero”在这张表上没能算出结果，这张表没有按这条规则审核；请科室检查这条规则。（技术细节："),
        "{m}"
    );
    run.write(
        "forms/a.yaml",
        &form("甲", "0.3000000001", "", "无", &[SATISFIED]),
    );
    let o = run.evalsheet(&["check", "forms", "--rules", "r.yaml"]);
    assert!(!o.stdout.contains("by-zero"), "{}", o.stdout);
}

#[test]
fn the_sample_office_rules_and_the_national_rules_load_and_run_on_the_examples() {
    let run = Run::new();
    let sample = root().join("examples/审核规则示例.yaml");
    let national = root().join("rules/财预2020-10.yaml");
    let o = run.evalsheet(&[
        "check",
        &root().join("examples/2021").display().to_string(),
        "--rules",
        &sample.display().to_string(),
    ]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stdout.contains(
        "02-衡阳市公安局移动警务平台运行经费.yaml: indicators[6].target: error[cost-over-budget]: 成本指标“成本控制”写的 450 万元超过了全年预算数 405 万元。"
    ), "{}", o.stdout);
    let o = run.evalsheet(&[
        "check",
        &root().join("examples/2021-mof").display().to_string(),
        "--rules",
        &national.display().to_string(),
    ]);
    assert!(o.code < 2, "{}", o.stderr);
}
