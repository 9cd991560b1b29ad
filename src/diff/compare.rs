//! The changes between the two sides: the projects paired, then field by field within a
//! pair, each change classified by who decides the field (the office or the unit) and the
//! mode.

use rust_decimal::Decimal;
use std::collections::BTreeSet;

use super::matching::{match_indicators, match_projects};
use super::sides::{SideDefs, reread_all};
use super::{
    Change, Kind, Mode, NOTE_INSTRUCTION_PREFIX, Options, ProjectSummary, Report, SCHEMA, Side,
    Status, Summary, inline_text,
};
use crate::amount;
use crate::error::Result;
use crate::model::{Amounts, Definition, FUND_LINES, Indicator, Provenance};

fn known_years(defs: &SideDefs) -> BTreeSet<i32> {
    defs.items()
        .iter()
        .map(|e| e.def.year)
        .filter(|y| (1949..=2100).contains(y))
        .collect()
}

/// Issued when both sides hold the same set of years (or one side does not say its year),
/// yearly otherwise.
pub fn detect_mode(old: &SideDefs, new: &SideDefs) -> Mode {
    let (o, n) = (known_years(old), known_years(new));
    // A returned form that does not say its year is compared as returned.
    if o.is_empty() || n.is_empty() || o == n {
        Mode::Issued
    } else {
        Mode::Yearly
    }
}

/// Compare two sides. `old_path` and `new_path` are how the user named them.
pub fn compare(
    old: &SideDefs,
    new: &SideDefs,
    old_path: &str,
    new_path: &str,
    opts: &Options,
) -> Result<Report> {
    let mode = opts.mode.unwrap_or_else(|| detect_mode(old, new));
    let old_defs: Vec<&Definition> = old.items().iter().map(|e| &e.def).collect();
    let new_defs: Vec<&Definition> = new.items().iter().map(|e| &e.def).collect();
    let pairs = match_projects(&old_defs, &new_defs);
    let ctx = Ctx {
        mode,
        unit_fields: mode == Mode::Issued || opts.all,
    };
    let mut projects = Vec::new();
    let mut changes = Vec::new();
    let mut summary = Summary::default();
    // Pairs a chunk at a time, the reduced definitions among them read again first.
    for chunk in pairs.chunks(crate::CHUNK) {
        let olds: Vec<usize> = chunk.iter().filter_map(|p| p.0).collect();
        let news: Vec<usize> = chunk.iter().filter_map(|p| p.1).collect();
        crate::release_free_memory();
        let (old_again, new_again) = (reread_all(old, &olds)?, reread_all(new, &news)?);
        let old = |i: usize| {
            let e = old_again.get(&i).unwrap_or(&old.items()[i]);
            (&e.def, &e.from)
        };
        let new = |i: usize| {
            let e = new_again.get(&i).unwrap_or(&new.items()[i]);
            (&e.def, &e.from)
        };
        for &(oi, ni) in chunk {
            let before = changes.len();
            let mut summary_row = match (oi, ni) {
                (Some(oi), Some(ni)) => {
                    let (od, oo) = old(oi);
                    let (nd, no) = new(ni);
                    compare_project(&ctx, od, nd, no, &mut changes);
                    summary.matched += 1;
                    let renamed = od.project != nd.project;
                    if renamed {
                        summary.renamed += 1;
                    }
                    ProjectSummary {
                        project: nd.project.clone(),
                        unit: nd.unit.clone(),
                        old_project: Some(od.project.clone()),
                        old_unit: Some(od.unit.clone()),
                        status: if renamed {
                            Status::Renamed
                        } else {
                            Status::Changed
                        },
                        old_source: Some(oo.place()),
                        new_source: Some(no.place()),
                        changes: 0,
                        forbidden: 0,
                        filled: 0,
                    }
                }
                (None, Some(ni)) => {
                    let (nd, no) = new(ni);
                    summary.added += 1;
                    changes.push(Change {
                        forbidden: mode == Mode::Issued,
                        new: Some(nd.project.clone()),
                        note: Some(project_outline(nd)),
                        ..change(nd, "project", "项目资金名称", Kind::ProjectAdded)
                    });
                    ProjectSummary {
                        project: nd.project.clone(),
                        unit: nd.unit.clone(),
                        old_project: None,
                        old_unit: None,
                        status: Status::Added,
                        old_source: None,
                        new_source: Some(no.place()),
                        changes: 0,
                        forbidden: 0,
                        filled: 0,
                    }
                }
                (Some(oi), None) => {
                    let (od, oo) = old(oi);
                    summary.removed += 1;
                    changes.push(Change {
                        old: Some(od.project.clone()),
                        note: Some(project_outline(od)),
                        ..change(od, "project", "项目资金名称", Kind::ProjectRemoved)
                    });
                    ProjectSummary {
                        project: od.project.clone(),
                        unit: od.unit.clone(),
                        old_project: None,
                        old_unit: None,
                        status: Status::Removed,
                        old_source: Some(oo.place()),
                        new_source: None,
                        changes: 0,
                        forbidden: 0,
                        filled: 0,
                    }
                }
                (None, None) => continue,
            };
            for c in &mut changes[before..] {
                c.item = projects.len();
            }
            let mine = &changes[before..];
            summary_row.changes = mine.len();
            summary_row.forbidden = mine.iter().filter(|c| c.forbidden).count();
            summary_row.filled = mine.iter().filter(|c| c.kind == Kind::Filled).count();
            if summary_row.changes == 0 {
                summary_row.status = Status::Unchanged;
                summary.unchanged += 1;
            }
            projects.push(summary_row);
        }
    }
    summary.projects = projects.len();
    summary.changes = changes.len();
    summary.forbidden = changes.iter().filter(|c| c.forbidden).count();
    summary.filled = changes.iter().filter(|c| c.kind == Kind::Filled).count();
    let side = |path: &str, defs: &SideDefs| Side {
        path: path.to_string(),
        years: known_years(defs).into_iter().collect(),
        projects: defs.len(),
    };
    Ok(Report {
        schema: SCHEMA,
        mode,
        all: opts.all,
        old: side(old_path, old),
        new: side(new_path, new),
        summary,
        projects,
        changes,
    })
}

/// `预算 120 万元，8 项指标` for projects added or removed.
fn project_outline(d: &Definition) -> String {
    let budget = match d.funds.total.budget {
        Some(b) => format!("预算 {} 万元", amount::text(b)),
        None => "预算空白".to_string(),
    };
    let n = d.indicators.iter().filter(|i| !i.is_empty()).count();
    format!("{budget}，{n} 项指标")
}

/// A change skeleton for definition `d` (its project and unit).
fn change(d: &Definition, path: &str, label: &str, kind: Kind) -> Change {
    Change {
        item: 0,
        project: d.project.clone(),
        unit: d.unit.clone(),
        path: path.to_string(),
        label: label.to_string(),
        kind,
        forbidden: false,
        old: None,
        new: None,
        inline: None,
        delta: None,
        percent: None,
        rate: None,
        cell: None,
        note: None,
    }
}

struct Ctx {
    mode: Mode,
    /// Compare the fields the unit fills in.
    unit_fields: bool,
}

/// Who decides a field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Office,
    Unit,
}

fn opt_text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl Ctx {
    /// Kind and forbidden flag of a change to a field owned by `owner`; `None` when such
    /// fields are not compared.
    fn classify(&self, owner: Owner, kind: Kind) -> Option<(Kind, bool)> {
        match (owner, self.mode) {
            (Owner::Unit, _) if !self.unit_fields => None,
            (Owner::Unit, Mode::Issued) => Some((Kind::Filled, false)),
            (Owner::Unit, Mode::Yearly) => Some((kind, false)),
            (Owner::Office, Mode::Issued) => Some((kind, true)),
            (Owner::Office, Mode::Yearly) => Some((kind, false)),
        }
    }

    /// Compare one text field and push a change when it differs.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &self,
        out: &mut Vec<Change>,
        nd: &Definition,
        no: &Provenance,
        owner: Owner,
        kind: Kind,
        path: &str,
        label: &str,
        old: &str,
        new: &str,
    ) {
        if same_text(old, new) {
            return;
        }
        let Some((kind, forbidden)) = self.classify(owner, kind) else {
            return;
        };
        let (o, n) = (opt_text(old), opt_text(new));
        let inline = match (&o, &n) {
            (Some(o), Some(n)) => Some(inline_text(o, n)),
            _ => None,
        };
        out.push(Change {
            forbidden,
            old: o,
            new: n,
            inline,
            cell: no.cell(path).map(str::to_string),
            ..change(nd, path, label, kind)
        });
    }
}

/// Text equal after trimming.
fn same_text(a: &str, b: &str) -> bool {
    a.trim() == b.trim()
}

fn note_text(d: &Definition) -> &str {
    let n = d.note.trim();
    let instruction = crate::template::get(&d.form)
        .map(|t| t.note_instruction.as_str())
        .unwrap_or("");
    if n.starts_with(NOTE_INSTRUCTION_PREFIX) || (!instruction.is_empty() && n == instruction) {
        ""
    } else {
        n
    }
}

/// Chinese label of a funding line.
pub fn fund_label(key: &str) -> &'static str {
    crate::model::fund_line_label(key)
}

pub(super) fn signed(d: Decimal) -> String {
    let t = amount::text(d);
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{t}")
    } else {
        t
    }
}

/// Change of a budget: new − old in 万元, and in percent of old (2 decimals, half away from
/// zero), `None` where it does not apply.
pub fn budget_change(
    old: Option<Decimal>,
    new: Option<Decimal>,
) -> (Option<Decimal>, Option<Decimal>) {
    match (old, new) {
        (Some(o), Some(n)) => {
            let delta = n - o;
            let pct = if o.is_zero() {
                None
            } else {
                (delta * Decimal::ONE_HUNDRED)
                    .checked_div(o)
                    .map(|p| amount::round(p, 2).normalize())
            };
            (Some(delta.normalize()), pct)
        }
        _ => (None, None),
    }
}

fn compare_amounts(
    ctx: &Ctx,
    out: &mut Vec<Change>,
    nd: &Definition,
    no: &Provenance,
    key: &str,
    o: &Amounts,
    n: &Amounts,
) {
    let line = fund_label(key);
    if o.budget != n.budget
        && let Some((kind, forbidden)) = ctx.classify(Owner::Office, Kind::Changed)
    {
        let path = format!("funds.{key}.budget");
        let (delta, pct) = budget_change(o.budget, n.budget);
        out.push(Change {
            forbidden,
            old: o.budget.map(amount::text),
            new: n.budget.map(amount::text),
            delta: delta.map(signed),
            percent: pct.map(signed),
            cell: no.cell(&path).map(str::to_string),
            ..change(nd, &path, &format!("{line} 全年预算数"), kind)
        });
    }
    if o.executed != n.executed
        && let Some((kind, forbidden)) = ctx.classify(Owner::Unit, Kind::Changed)
    {
        let path = format!("funds.{key}.executed");
        let (delta, _) = budget_change(o.executed, n.executed);
        let budget = n.budget.or(o.budget);
        let rate = amount::rate(budget, n.executed);
        let mut note = None;
        let typed = no.typed_rates.get(key);
        if let (Some(t), Some(r)) = (typed, rate)
            && amount::round(*t, 4) != amount::round(r, 4)
        {
            note = Some(format!(
                "表上的执行率为 {}，按 B/A 重算为 {}",
                amount::percent_text(*t),
                amount::percent_text(r)
            ));
        }
        out.push(Change {
            forbidden,
            old: o.executed.map(amount::text),
            new: n.executed.map(amount::text),
            delta: if ctx.mode == Mode::Yearly {
                delta.map(signed)
            } else {
                None
            },
            rate: rate.map(|r| {
                amount::round(r * Decimal::ONE_HUNDRED, 2)
                    .normalize()
                    .to_string()
            }),
            cell: no.cell(&path).map(str::to_string),
            note,
            ..change(nd, &path, &format!("{line} 全年执行数"), kind)
        });
    }
}

/// `一级 / 二级 / 三级：年度指标值`, the whole of an indicator as one text.
pub fn indicator_text(i: &Indicator) -> String {
    let mut s = [i.level1.trim(), i.level2.trim(), i.name.trim()]
        .iter()
        .map(|p| if p.is_empty() { "（空）" } else { p })
        .collect::<Vec<_>>()
        .join(" / ");
    if !i.target.trim().is_empty() {
        s.push('：');
        s.push_str(i.target.trim());
    }
    s
}

/// A short name of an indicator for labels: `二级/三级`.
fn indicator_short(i: &Indicator) -> String {
    let l2 = i.level2.trim();
    let name = if i.name.trim().is_empty() {
        "（空）"
    } else {
        i.name.trim()
    };
    if l2.is_empty() {
        name.to_string()
    } else {
        format!("{l2}/{name}")
    }
}

fn compare_project(
    ctx: &Ctx,
    od: &Definition,
    nd: &Definition,
    no: &Provenance,
    out: &mut Vec<Change>,
) {
    use Owner::{Office, Unit};
    if !same_text(&od.project, &nd.project)
        && let Some((_, forbidden)) = ctx.classify(Office, Kind::Changed)
    {
        out.push(Change {
            forbidden,
            old: Some(od.project.clone()),
            new: Some(nd.project.clone()),
            inline: Some(inline_text(&od.project, &nd.project)),
            cell: no.cell("project").map(str::to_string),
            ..change(nd, "project", "项目资金名称", Kind::ProjectRenamed)
        });
    }
    let known = |y: i32| (1949..=2100).contains(&y);
    if ctx.mode == Mode::Issued && od.year != nd.year && known(od.year) && known(nd.year) {
        ctx.text(
            out,
            nd,
            no,
            Office,
            Kind::Changed,
            "year",
            "年度",
            &od.year.to_string(),
            &nd.year.to_string(),
        );
    }
    ctx.text(
        out,
        nd,
        no,
        Office,
        Kind::Changed,
        "form",
        "表样",
        &od.form,
        &nd.form,
    );
    ctx.text(
        out,
        nd,
        no,
        Unit,
        Kind::Changed,
        "contact",
        "负责人及电话",
        &od.contact,
        &nd.contact,
    );
    ctx.text(
        out,
        nd,
        no,
        Office,
        Kind::Changed,
        "city_department",
        "市级主管部门",
        &od.city_department,
        &nd.city_department,
    );
    ctx.text(
        out,
        nd,
        no,
        Office,
        Kind::Changed,
        "local_department",
        "地方主管部门",
        &od.local_department,
        &nd.local_department,
    );
    ctx.text(
        out,
        nd,
        no,
        Office,
        Kind::Changed,
        "unit",
        "实施单位",
        &od.unit,
        &nd.unit,
    );
    for key in FUND_LINES {
        if let (Some(o), Some(n)) = (od.funds.line(key), nd.funds.line(key)) {
            compare_amounts(ctx, out, nd, no, key, o, n);
            let num = |v: Option<Decimal>| v.map(amount::text).unwrap_or_default();
            ctx.text(
                out,
                nd,
                no,
                Office,
                Kind::Changed,
                &format!("funds.{key}.initial_budget"),
                &format!("{} 年初预算数", fund_label(key)),
                &num(o.initial_budget),
                &num(n.initial_budget),
            );
        }
    }
    let num = |v: Option<Decimal>| v.map(amount::text).unwrap_or_default();
    ctx.text(
        out,
        nd,
        no,
        Office,
        Kind::Changed,
        "funds.weight",
        "预算执行率 分值",
        &num(od.funds.weight),
        &num(nd.funds.weight),
    );
    ctx.text(
        out,
        nd,
        no,
        Office,
        Kind::Changed,
        "goal.target",
        "年度总体目标 年初设定目标",
        &od.goal.target,
        &nd.goal.target,
    );
    ctx.text(
        out,
        nd,
        no,
        Unit,
        Kind::Changed,
        "goal.actual",
        "年度总体目标 全年实际完成情况",
        &od.goal.actual,
        &nd.goal.actual,
    );
    compare_indicators(ctx, od, nd, no, out);
    ctx.text(
        out,
        nd,
        no,
        Unit,
        Kind::Changed,
        "note",
        "说明",
        note_text(od),
        note_text(nd),
    );
}

fn compare_indicators(
    ctx: &Ctx,
    od: &Definition,
    nd: &Definition,
    no: &Provenance,
    out: &mut Vec<Change>,
) {
    use Owner::{Office, Unit};
    // Blank rows on both sides are kept in the numbering but never reported on their own.
    let pairs = match_indicators(&od.indicators, &nd.indicators);
    for (oi, ni) in pairs {
        match (oi, ni) {
            (Some(oi), Some(ni)) => {
                let (o, n) = (&od.indicators[oi], &nd.indicators[ni]);
                let base = format!("indicators[{}]", ni + 1);
                let short = format!("指标 {} {}", ni + 1, indicator_short(n));
                let fields: [(&str, &str, Owner, &str, &str); 6] = [
                    ("level1", "一级指标", Office, &o.level1, &n.level1),
                    ("level2", "二级指标", Office, &o.level2, &n.level2),
                    ("name", "三级指标", Office, &o.name, &n.name),
                    ("target", "年度指标值", Office, &o.target, &n.target),
                    ("actual", "全年完成值", Unit, &o.actual, &n.actual),
                    ("reason", "未完成原因和改进措施", Unit, &o.reason, &n.reason),
                ];
                for (field, label, owner, ov, nv) in fields {
                    let kind = if field == "name" {
                        Kind::IndicatorRenamed
                    } else {
                        Kind::Changed
                    };
                    let label = if field == "name" {
                        format!("指标 {} 三级指标", ni + 1)
                    } else {
                        format!("{short} {label}")
                    };
                    ctx.text(
                        out,
                        nd,
                        no,
                        owner,
                        kind,
                        &format!("{base}.{field}"),
                        &label,
                        ov,
                        nv,
                    );
                }
                // The national variant's 分值 (the office's) and 得分 (the unit's).
                let num = |v: Option<Decimal>| v.map(amount::text).unwrap_or_default();
                let scores = [
                    ("weight", "分值", Office, num(o.weight), num(n.weight)),
                    ("score", "得分", Unit, num(o.score), num(n.score)),
                ];
                for (field, label, owner, ov, nv) in scores {
                    ctx.text(
                        out,
                        nd,
                        no,
                        owner,
                        Kind::Changed,
                        &format!("{base}.{field}"),
                        &format!("{short} {label}"),
                        &ov,
                        &nv,
                    );
                }
            }
            (None, Some(ni)) => {
                let n = &nd.indicators[ni];
                if n.is_empty() {
                    continue;
                }
                if let Some((kind, forbidden)) = ctx.classify(Office, Kind::IndicatorAdded) {
                    let path = format!("indicators[{}]", ni + 1);
                    out.push(Change {
                        forbidden,
                        new: Some(indicator_text(n)),
                        cell: no.cell(&path).map(str::to_string),
                        ..change(nd, &path, &format!("指标 {}", ni + 1), kind)
                    });
                }
            }
            (Some(oi), None) => {
                let o = &od.indicators[oi];
                if o.is_empty() {
                    continue;
                }
                if let Some((kind, forbidden)) = ctx.classify(Office, Kind::IndicatorRemoved) {
                    let path = format!("indicators[{}]", oi + 1);
                    out.push(Change {
                        forbidden,
                        old: Some(indicator_text(o)),
                        ..change(nd, &path, &format!("原指标 {}", oi + 1), kind)
                    });
                }
            }
            (None, None) => {}
        }
    }
}
