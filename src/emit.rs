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
        if !out.contains(&k) && !d.funds.line(k).is_none_or(Amounts::is_empty) {
            out.push(k);
        }
    }
    out
}

/// One definition as a YAML document.
pub fn to_yaml(d: &Definition, style: Style) -> String {
    let mut w = Writer {
        out: String::new(),
        style,
        t: crate::template::get(&d.form).ok(),
    };
    w.header(d);
    w.funds(d);
    w.line("goal:".into(), "年度总体目标");
    let target = w.label("goal.target", "年初设定目标", false);
    w.line(format!("  target: {}", quote(&d.goal.target)), &target);
    let actual = w.label("goal.actual", "全年实际完成情况", true);
    w.line(format!("  actual: {}", quote(&d.goal.actual)), &actual);
    w.indicators(d);
    let note = w.label("note", "说明", true);
    w.line(format!("note: {}", quote(&d.note)), &note);
    if let Some(s) = &d.source {
        let text = format!(
            "source: {{file: {}, sheet: {}}}",
            quote(&s.file),
            quote(&s.sheet)
        );
        w.line(text, "来源");
    }
    w.out
}

/// A YAML document being written, a line at a time, each with its label as a comment when
/// the style asks for labels.
struct Writer {
    out: String,
    style: Style,
    /// The definition's variant, for its labels.
    t: Option<&'static crate::template::Template>,
}

impl Writer {
    fn line(&mut self, text: String, label: &str) {
        self.out.push_str(&text);
        if self.style.labels && !label.is_empty() {
            self.out.push_str("  # ");
            self.out.push_str(label);
        }
        self.out.push('\n');
    }

    /// The label the definition's variant prints for a field (the city form's words when the
    /// variant is unknown), marked when the unit fills it in, or a note that the variant has
    /// no such cell.
    fn label(&self, field: &str, city: &str, unit: bool) -> String {
        let label = match self.t {
            Some(t) => t.label_of(field),
            None => Some(city.to_string()),
        };
        match label {
            Some(l) if unit => format!("{l}（单位填写）"),
            Some(l) => l,
            None => format!("{city}：本表样没有此栏"),
        }
    }

    /// Year, layout, project, contact, departments and unit.
    fn header(&mut self, d: &Definition) {
        self.line(format!("year: {}", d.year), "年度");
        self.line(
            format!("form: {}", quote(&d.form)),
            "表样（templates/ 下的版式）",
        );
        let texts: [(&str, &str, &str, bool); 5] = [
            ("project", &d.project, "项目资金名称", false),
            ("contact", &d.contact, "负责人及电话", true),
            ("city_department", &d.city_department, "市级主管部门", false),
            (
                "local_department",
                &d.local_department,
                "地方主管部门",
                false,
            ),
            ("unit", &d.unit, "实施单位", false),
        ];
        for (key, value, city, unit) in texts {
            let label = self.label(key, city, unit);
            self.line(format!("{key}: {}", quote(value)), &label);
        }
    }

    /// The funding lines the form shows (and any other that holds an amount), and the 分值.
    fn funds(&mut self, d: &Definition) {
        self.line(
            "funds:".into(),
            "项目资金（万元）：budget 全年预算数（A），executed 全年执行数（B，单位填写）",
        );
        for key in fund_lines(d) {
            let label = crate::model::fund_line_label(key);
            let a = d.funds.line(key).cloned().unwrap_or_default();
            if !self.style.labels {
                self.line(format!("  {key}: {}", amounts(&a)), label);
                continue;
            }
            // One key a line, each with its label; a blank amount is written as nothing.
            let opt = |v: Option<rust_decimal::Decimal>| match v {
                Some(v) => format!(" {}", amount::text(v)),
                None => String::new(),
            };
            self.line(format!("  {key}:"), label);
            if d.form == "mof" || a.initial_budget.is_some() {
                self.line(
                    format!("    initial_budget:{}", opt(a.initial_budget)),
                    "年初预算数",
                );
            }
            let budget = self.label("funds.budget", "全年预算数（A）", false);
            self.line(format!("    budget:{}", opt(a.budget)), &budget);
            let executed = self.label("funds.executed", "全年执行数（B）", true);
            self.line(format!("    executed:{}", opt(a.executed)), &executed);
        }
        if let Some(w) = d.funds.weight {
            self.line(format!("  weight: {}", amount::text(w)), "预算执行率的分值");
        }
    }

    /// The 绩效指标 rows: one flow mapping each, or with labels one key a line.
    fn indicators(&mut self, d: &Definition) {
        if d.indicators.is_empty() {
            self.line("indicators: []".into(), "绩效指标");
            return;
        }
        self.line(
            "indicators:".into(),
            "绩效指标：一级指标 / 二级指标 / 三级指标 / 年度指标值 / 全年完成值 / 未完成原因和改进措施",
        );
        for i in &d.indicators {
            if !self.style.labels {
                self.line(format!("  - {}", indicator(i)), "");
                continue;
            }
            self.line(format!("  - level1: {}", quote(&i.level1)), "一级指标");
            self.line(format!("    level2: {}", quote(&i.level2)), "二级指标");
            self.line(format!("    name: {}", quote(&i.name)), "三级指标");
            let values: [(&str, &str, &str, bool); 3] = [
                ("target", &i.target, "年度指标值", false),
                ("actual", &i.actual, "全年完成值", true),
                ("reason", &i.reason, "未完成原因和改进措施", true),
            ];
            for (key, value, city, unit) in values {
                let label = self.label(key, city, unit);
                self.line(format!("    {key}: {}", quote(value)), &label);
            }
            if let Some(w) = i.weight {
                self.line(format!("    weight: {}", amount::text(w)), "分值");
            }
            if let Some(v) = i.score {
                self.line(
                    format!("    score: {}", amount::text(v)),
                    "得分（单位填写）",
                );
            }
        }
    }
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
