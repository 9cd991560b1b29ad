//! Writing definitions as YAML in the house style: keys in form order, every text
//! double-quoted (so `550`, `yes` or `=SUM()` stay text), amounts as plain numbers with their
//! exact digits, one indicator per line, and optionally each key's label as a comment.

use crate::amount;
use crate::model::{Amounts, Definition, FUND_LINES, Indicator};

/// How to write.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Put each key's Chinese label beside it as a comment.
    pub labels: bool,
}

/// A YAML double-quoted scalar. JSON's string escapes are a subset of YAML's.
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn amounts(a: &Amounts) -> String {
    let mut parts = Vec::new();
    if let Some(b) = a.initial_budget {
        parts.push(format!("initial_budget: {}", amount::text(b)));
    }
    if let Some(b) = a.budget {
        parts.push(format!("budget: {}", amount::text(b)));
    }
    if let Some(e) = a.executed {
        parts.push(format!("executed: {}", amount::text(e)));
    }
    format!("{{{}}}", parts.join(", "))
}

fn indicator(i: &Indicator) -> String {
    let mut extra = String::new();
    if let Some(w) = i.weight {
        extra.push_str(&format!(", weight: {}", amount::text(w)));
    }
    if let Some(v) = i.score {
        extra.push_str(&format!(", score: {}", amount::text(v)));
    }
    format!(
        "{{level1: {}, level2: {}, name: {}, target: {}, actual: {}, reason: {}{extra}}}",
        quote(&i.level1),
        quote(&i.level2),
        quote(&i.name),
        quote(&i.target),
        quote(&i.actual),
        quote(&i.reason)
    )
}

/// The funding lines a definition is written with: the lines of its variant in form order,
/// then any other line that holds an amount.
fn fund_lines(d: &Definition) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = match crate::template::get(&d.form) {
        Ok(t) => FUND_LINES
            .iter()
            .copied()
            .filter(|k| t.fund_lines().contains(k))
            .collect(),
        Err(_) => FUND_LINES[..4].to_vec(),
    };
    if let Ok(t) = crate::template::get(&d.form) {
        let order = t.fund_lines();
        out.sort_by_key(|k| order.iter().position(|o| o == k));
    }
    for k in FUND_LINES {
        if !out.contains(&k) && !d.funds.line(k).map(Amounts::is_empty).unwrap_or(true) {
            out.push(k);
        }
    }
    out
}

/// One definition as a YAML document.
pub fn to_yaml(d: &Definition, style: Style) -> String {
    let t = crate::template::get(&d.form).ok();
    // The label the definition's variant prints for a field (the city form's words when the
    // variant is unknown), marked when the unit fills it in, or a note that the variant has
    // no such cell.
    let lbl = |field: &str, city: &str, unit: bool| -> String {
        let label = match t {
            Some(t) => t.label_of(field),
            None => Some(city.to_string()),
        };
        match label {
            Some(l) if unit => format!("{l}（单位填写）"),
            Some(l) => l,
            None => format!("{city}：本表样没有此栏"),
        }
    };
    let mut out = String::new();
    let mut line = |text: String, label: &str| {
        if style.labels && !label.is_empty() {
            out.push_str(&format!("{text}  # {label}\n"));
        } else {
            out.push_str(&text);
            out.push('\n');
        }
    };
    line(format!("year: {}", d.year), "年度");
    line(
        format!("form: {}", quote(&d.form)),
        "表样（templates/ 下的版式）",
    );
    line(
        format!("project: {}", quote(&d.project)),
        &lbl("project", "项目资金名称", false),
    );
    line(
        format!("contact: {}", quote(&d.contact)),
        &lbl("contact", "负责人及电话", true),
    );
    line(
        format!("city_department: {}", quote(&d.city_department)),
        &lbl("city_department", "市级主管部门", false),
    );
    line(
        format!("local_department: {}", quote(&d.local_department)),
        &lbl("local_department", "地方主管部门", false),
    );
    line(
        format!("unit: {}", quote(&d.unit)),
        &lbl("unit", "实施单位", false),
    );
    line(
        "funds:".into(),
        "项目资金（万元）：budget 全年预算数（A），executed 全年执行数（B，单位填写）",
    );
    for key in fund_lines(d) {
        let label = crate::model::fund_line_label(key);
        let a = d.funds.line(key).cloned().unwrap_or_default();
        if style.labels {
            // One key a line, each with its label; a blank amount is written as nothing.
            let opt = |v: Option<rust_decimal::Decimal>| match v {
                Some(v) => format!(" {}", amount::text(v)),
                None => String::new(),
            };
            line(format!("  {key}:"), label);
            if d.form == "mof" || a.initial_budget.is_some() {
                line(
                    format!("    initial_budget:{}", opt(a.initial_budget)),
                    "年初预算数",
                );
            }
            line(
                format!("    budget:{}", opt(a.budget)),
                &lbl("funds.budget", "全年预算数（A）", false),
            );
            line(
                format!("    executed:{}", opt(a.executed)),
                &lbl("funds.executed", "全年执行数（B）", true),
            );
        } else {
            line(format!("  {key}: {}", amounts(&a)), label);
        }
    }
    if let Some(w) = d.funds.weight {
        line(format!("  weight: {}", amount::text(w)), "预算执行率的分值");
    }
    line("goal:".into(), "年度总体目标");
    line(
        format!("  target: {}", quote(&d.goal.target)),
        &lbl("goal.target", "年初设定目标", false),
    );
    line(
        format!("  actual: {}", quote(&d.goal.actual)),
        &lbl("goal.actual", "全年实际完成情况", true),
    );
    if d.indicators.is_empty() {
        line("indicators: []".into(), "绩效指标");
    } else {
        line(
            "indicators:".into(),
            "绩效指标：一级指标 / 二级指标 / 三级指标 / 年度指标值 / 全年完成值 / 未完成原因和改进措施",
        );
        for i in &d.indicators {
            if style.labels {
                line(format!("  - level1: {}", quote(&i.level1)), "一级指标");
                line(format!("    level2: {}", quote(&i.level2)), "二级指标");
                line(format!("    name: {}", quote(&i.name)), "三级指标");
                line(
                    format!("    target: {}", quote(&i.target)),
                    &lbl("target", "年度指标值", false),
                );
                line(
                    format!("    actual: {}", quote(&i.actual)),
                    &lbl("actual", "全年完成值", true),
                );
                line(
                    format!("    reason: {}", quote(&i.reason)),
                    &lbl("reason", "未完成原因和改进措施", true),
                );
                if let Some(w) = i.weight {
                    line(format!("    weight: {}", amount::text(w)), "分值");
                }
                if let Some(v) = i.score {
                    line(
                        format!("    score: {}", amount::text(v)),
                        "得分（单位填写）",
                    );
                }
            } else {
                line(format!("  - {}", indicator(i)), "");
            }
        }
    }
    line(
        format!("note: {}", quote(&d.note)),
        &lbl("note", "说明", true),
    );
    if let Some(s) = &d.source {
        line(
            format!(
                "source: {{file: {}, sheet: {}}}",
                quote(&s.file),
                quote(&s.sheet)
            ),
            "来源",
        );
    }
    out
}

/// Several definitions as one YAML list.
pub fn to_yaml_list(defs: &[Definition], style: Style) -> String {
    let mut out = String::new();
    for d in defs {
        let doc = to_yaml(d, style);
        for (i, l) in doc.lines().enumerate() {
            out.push_str(if i == 0 { "- " } else { "  " });
            out.push_str(l);
            out.push('\n');
        }
    }
    if defs.is_empty() {
        out.push_str("[]\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::path::Path;
    use std::str::FromStr;

    fn sample() -> Definition {
        let mut d = Definition {
            year: 2021,
            form: "city".into(),
            project: "550".into(),
            contact: "张三 \"老张\" 0734-1234567".into(),
            unit: "yes".into(),
            note: "第一行\n第二行\t=SUM(A1)".into(),
            ..Default::default()
        };
        d.funds.total.budget = Some(Decimal::from_str("0.30").unwrap());
        d.funds.total.executed = Some(Decimal::from_str("273.89").unwrap());
        d.indicators.push(Indicator {
            level1: "产出指标".into(),
            name: "😀 #not a comment".into(),
            ..Default::default()
        });
        d
    }

    #[test]
    fn written_yaml_reads_back_identically() {
        for style in [Style { labels: false }, Style { labels: true }] {
            let d = sample();
            let y = to_yaml(&d, style);
            let back = crate::load::parse_bytes(Path::new("x.yaml"), y.as_bytes()).unwrap();
            assert_eq!(back[0].def, d, "{y}");
            let list = to_yaml_list(&[d.clone(), d.clone()], style);
            let back = crate::load::parse_bytes(Path::new("x.yaml"), list.as_bytes()).unwrap();
            assert_eq!(back.len(), 2);
            assert_eq!(back[1].def, d, "{list}");
        }
    }

    #[test]
    fn amounts_are_plain_numbers() {
        let y = to_yaml(&sample(), Style::default());
        assert!(
            y.contains("  total: {budget: 0.3, executed: 273.89}\n"),
            "{y}"
        );
        assert!(y.contains("  other: {}\n"), "{y}");
        assert!(y.contains("project: \"550\"\n"), "{y}");
    }
}
