//! The changes between the two sides: the projects paired, then field by field within a
//! pair, each change classified by who decides the field (the office or the unit) and the
//! mode.

use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};

use super::matching::{match_indicators, match_projects};
use super::sides::{Entry, SideDefs, reread_all};
use super::{
    Change, Kind, Mode, NOTE_INSTRUCTION_PREFIX, Options, ProjectSummary, Report, SCHEMA, Side,
    Status, Summary, inline_text,
};
use crate::amount;
use crate::error::Result;
use crate::field;
use crate::model::{Amounts, Definition, FUND_LINES, Indicator, Party, Provenance, party_of};

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
///
/// ```
/// use evalsheet::batch::Kept;
/// use evalsheet::diff::{self, Entry, Kind, Mode};
/// use evalsheet::model::{Definition, Provenance};
///
/// let last = Definition { year: 2021, project: "甲".into(), unit: "乙".into(), ..Default::default() };
/// let mut this = last.clone();
/// this.year = 2022;
/// this.goal.target = "新的目标".into();
/// let side = |d: &Definition| Kept::whole(vec![Entry::new(d.clone(), Provenance::default())]);
/// let r = diff::compare(&side(&last), &side(&this), "2021", "2022", &Default::default())?;
/// assert_eq!(r.mode, Mode::Yearly);
/// assert_eq!(r.changes[0].path, "goal.target");
/// assert_eq!(r.changes[0].kind, Kind::Changed);
/// # Ok::<(), evalsheet::Error>(())
/// ```
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
    // Pairs a chunk at a time, the reduced definitions among them read again first.
    for chunk in pairs.chunks(crate::CHUNK) {
        let olds: Vec<usize> = chunk.iter().filter_map(|p| p.0).collect();
        let news: Vec<usize> = chunk.iter().filter_map(|p| p.1).collect();
        crate::release_free_memory();
        let (old_again, new_again) = (reread_all(old, &olds)?, reread_all(new, &news)?);

        for &pair in chunk {
            let before = changes.len();
            let old_entry = pair.0.map(|i| whole(old, &old_again, i));
            let new_entry = pair.1.map(|i| whole(new, &new_again, i));
            let Some(mut row) = compare_pair(&ctx, old_entry, new_entry, &mut changes) else {
                continue;
            };
            let mine = &mut changes[before..];
            for c in mine.iter_mut() {
                c.item = projects.len();
            }
            row.changes = mine.len();
            row.forbidden = mine.iter().filter(|c| c.forbidden).count();
            row.filled = mine.iter().filter(|c| c.kind == Kind::Filled).count();
            if row.changes == 0 {
                row.status = Status::Unchanged;
            }
            projects.push(row);
        }
    }
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
        summary: summarize(&projects, &changes),
        projects,
        changes,
    })
}

/// A definition of one side and where it came from.
type SideEntry<'a> = (&'a Definition, &'a Provenance);

/// Entry `i` of a side, whole: read again when it was reduced.
fn whole<'a>(side: &'a SideDefs, again: &'a HashMap<usize, Entry>, i: usize) -> SideEntry<'a> {
    let e = again.get(&i).unwrap_or(&side.items()[i]);
    (&e.def, &e.from)
}

/// Compare one pair of projects — matched, or on one side only — and record its changes; its
/// summary row (status and names; the counts are the caller's).
fn compare_pair(
    ctx: &Ctx,
    old: Option<SideEntry>,
    new: Option<SideEntry>,
    changes: &mut Vec<Change>,
) -> Option<ProjectSummary> {
    let row = |d: &Definition, status| ProjectSummary {
        project: d.project.clone(),
        unit: d.unit.clone(),
        old_project: None,
        old_unit: None,
        status,
        old_source: None,
        new_source: None,
        changes: 0,
        forbidden: 0,
        filled: 0,
    };
    match (old, new) {
        (Some((od, oo)), Some((nd, no))) => {
            compare_project(ctx, od, nd, no, changes);
            let renamed = od.project != nd.project;
            Some(ProjectSummary {
                old_project: Some(od.project.clone()),
                old_unit: Some(od.unit.clone()),
                old_source: Some(oo.place()),
                new_source: Some(no.place()),
                ..row(
                    nd,
                    if renamed {
                        Status::Renamed
                    } else {
                        Status::Changed
                    },
                )
            })
        }
        (None, Some((nd, no))) => {
            changes.push(Change {
                forbidden: ctx.mode == Mode::Issued,
                new: Some(nd.project.clone()),
                note: Some(project_outline(nd)),
                ..change(nd, "project", "项目资金名称", Kind::ProjectAdded)
            });
            Some(ProjectSummary {
                new_source: Some(no.place()),
                ..row(nd, Status::Added)
            })
        }
        (Some((od, oo)), None) => {
            changes.push(Change {
                old: Some(od.project.clone()),
                note: Some(project_outline(od)),
                ..change(od, "project", "项目资金名称", Kind::ProjectRemoved)
            });
            Some(ProjectSummary {
                old_source: Some(oo.place()),
                ..row(od, Status::Removed)
            })
        }
        (None, None) => None,
    }
}

/// The totals of a comparison.
fn summarize(projects: &[ProjectSummary], changes: &[Change]) -> Summary {
    let count = |status: Status| projects.iter().filter(|p| p.status == status).count();
    let matched = projects
        .iter()
        .filter(|p| p.old_source.is_some() && p.new_source.is_some())
        .count();
    Summary {
        projects: projects.len(),
        matched,
        renamed: projects
            .iter()
            .filter(|p| p.old_project.as_ref().is_some_and(|o| *o != p.project))
            .count(),
        added: count(Status::Added),
        removed: count(Status::Removed),
        unchanged: count(Status::Unchanged),
        changes: changes.len(),
        forbidden: changes.iter().filter(|c| c.forbidden).count(),
        filled: changes.iter().filter(|c| c.kind == Kind::Filled).count(),
    }
}

/// `预算 120 万元，8 项指标` for projects added or removed.
fn project_outline(d: &Definition) -> String {
    let budget = match d.funds.total.budget {
        Some(b) => crate::t!("diff-outline-budget", budget = amount::text(b)),
        None => crate::t!("diff-outline-no-budget"),
    };
    let n = d.indicators.iter().filter(|i| !i.is_empty()).count();
    crate::t!("diff-outline", budget = budget, count = n)
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

fn opt_text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl Ctx {
    /// Kind and forbidden flag of a change to a field the `party` decides; `None` when such
    /// fields are not compared.
    fn classify(&self, party: Party, kind: Kind) -> Option<(Kind, bool)> {
        match (party, self.mode) {
            (Party::Unit, _) if !self.unit_fields => None,
            (Party::Unit, Mode::Issued) => Some((Kind::Filled, false)),
            (Party::Unit, Mode::Yearly) => Some((kind, false)),
            (Party::Office, Mode::Issued) => Some((kind, true)),
            (Party::Office, Mode::Yearly) => Some((kind, false)),
        }
    }
}

/// One pair of definitions being compared: the new side's definition and where its fields
/// were read, and the changes found so far.
struct Pairing<'a> {
    ctx: &'a Ctx,
    nd: &'a Definition,
    no: &'a Provenance,
    out: &'a mut Vec<Change>,
}

impl Pairing<'_> {
    /// Compare one text field (its path, its label on the form) and record a change when it
    /// differs; who decides the field is [`party_of`] its path.
    fn text(&mut self, kind: Kind, path: &str, label: &str, old: &str, new: &str) {
        if same_text(old, new) {
            return;
        }
        let Some((kind, forbidden)) = self.ctx.classify(party_of(path), kind) else {
            return;
        };
        let (o, n) = (opt_text(old), opt_text(new));
        let inline = match (&o, &n) {
            (Some(o), Some(n)) => Some(inline_text(o, n)),
            _ => None,
        };
        self.out.push(Change {
            forbidden,
            old: o,
            new: n,
            inline,
            cell: self.no.cell(path).map(str::to_string),
            ..change(self.nd, path, label, kind)
        });
    }

    /// A change of the new side's definition, with the cell its field was read from.
    fn push(
        &mut self,
        kind: Kind,
        path: &str,
        label: &str,
        change_of: impl FnOnce(Change) -> Change,
    ) {
        let mut c = change(self.nd, path, label, kind);
        c.cell = self.no.cell(path).map(str::to_string);
        self.out.push(change_of(c));
    }
}

/// Text equal after trimming.
fn same_text(a: &str, b: &str) -> bool {
    a.trim() == b.trim()
}

fn note_text(d: &Definition) -> &str {
    let n = d.note.trim();
    let instruction = crate::template::get(&d.form).map_or("", |t| t.note_instruction.as_str());
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

/// The budget (the office's) and the amount executed (the unit's, with the recomputed
/// 执行率 and the rate typed on the form when they disagree) of one funding line.
fn compare_amounts(p: &mut Pairing, key: &str, o: &Amounts, n: &Amounts) {
    let line = fund_label(key);
    if o.budget != n.budget
        && let Some((kind, forbidden)) = p.ctx.classify(Party::Office, Kind::Changed)
    {
        let (delta, pct) = budget_change(o.budget, n.budget);
        let label = format!("{line} 全年预算数");
        p.push(kind, &field::funds(key, "budget"), &label, |c| Change {
            forbidden,
            old: o.budget.map(amount::text),
            new: n.budget.map(amount::text),
            delta: delta.map(signed),
            percent: pct.map(signed),
            ..c
        });
    }
    if o.executed != n.executed
        && let Some((kind, forbidden)) = p.ctx.classify(Party::Unit, Kind::Changed)
    {
        let (delta, _) = budget_change(o.executed, n.executed);
        let rate = amount::rate(n.budget.or(o.budget), n.executed);
        let note = match (p.no.typed_rates.get(key), rate) {
            (Some(t), Some(r)) if amount::round(*t, 4) != amount::round(r, 4) => Some(crate::t!(
                "diff-note-rate",
                typed = amount::percent_text(*t),
                computed = amount::percent_text(r)
            )),
            _ => None,
        };
        let yearly = p.ctx.mode == Mode::Yearly;
        let label = format!("{line} 全年执行数");
        p.push(kind, &field::funds(key, "executed"), &label, |c| Change {
            forbidden,
            old: o.executed.map(amount::text),
            new: n.executed.map(amount::text),
            delta: if yearly { delta.map(signed) } else { None },
            rate: rate.map(|r| {
                amount::round(r * Decimal::ONE_HUNDRED, 2)
                    .normalize()
                    .to_string()
            }),
            note,
            ..c
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

/// A text of a definition.
type Text = fn(&Definition) -> &str;

/// The texts of a form's header, each compared as a whole: path, label, the text.
const HEADER: [(&str, &str, Text); 5] = [
    ("form", "表样", |d| &d.form),
    ("contact", "负责人及电话", |d| &d.contact),
    ("city_department", "市级主管部门", |d| {
        &d.city_department
    }),
    ("local_department", "地方主管部门", |d| {
        &d.local_department
    }),
    ("unit", "实施单位", |d| &d.unit),
];

/// Every change between the two definitions of a pair, in form order.
fn compare_project(
    ctx: &Ctx,
    od: &Definition,
    nd: &Definition,
    no: &Provenance,
    out: &mut Vec<Change>,
) {
    let mut p = Pairing { ctx, nd, no, out };
    if !same_text(&od.project, &nd.project)
        && let Some((_, forbidden)) = ctx.classify(Party::Office, Kind::Changed)
    {
        p.push(Kind::ProjectRenamed, "project", "项目资金名称", |c| {
            Change {
                forbidden,
                old: Some(od.project.clone()),
                new: Some(nd.project.clone()),
                inline: Some(inline_text(&od.project, &nd.project)),
                ..c
            }
        });
    }
    let known = |y: i32| (1949..=2100).contains(&y);
    if ctx.mode == Mode::Issued && od.year != nd.year && known(od.year) && known(nd.year) {
        p.text(
            Kind::Changed,
            "year",
            "年度",
            &od.year.to_string(),
            &nd.year.to_string(),
        );
    }
    for (path, label, text) in HEADER {
        p.text(Kind::Changed, path, label, text(od), text(nd));
    }
    compare_funds(&mut p, od, nd);
    p.text(
        Kind::Changed,
        "goal.target",
        "年度总体目标 年初设定目标",
        &od.goal.target,
        &nd.goal.target,
    );
    p.text(
        Kind::Changed,
        "goal.actual",
        "年度总体目标 全年实际完成情况",
        &od.goal.actual,
        &nd.goal.actual,
    );
    compare_indicators(&mut p, od);
    p.text(Kind::Changed, "note", "说明", note_text(od), note_text(nd));
}

/// An optional amount as compared text: blank when absent.
fn num(v: Option<Decimal>) -> String {
    v.map(amount::text).unwrap_or_default()
}

/// The funding lines both forms show, and the 分值 of budget execution.
fn compare_funds(p: &mut Pairing, od: &Definition, nd: &Definition) {
    for key in FUND_LINES {
        if let (Some(o), Some(n)) = (od.funds.line(key), nd.funds.line(key)) {
            compare_amounts(p, key, o, n);
            let label = format!("{} 年初预算数", fund_label(key));
            let path = field::funds(key, "initial_budget");
            p.text(
                Kind::Changed,
                &path,
                &label,
                &num(o.initial_budget),
                &num(n.initial_budget),
            );
        }
    }
    p.text(
        Kind::Changed,
        "funds.weight",
        "预算执行率 分值",
        &num(od.funds.weight),
        &num(nd.funds.weight),
    );
}

/// The indicator rows, paired by [`match_indicators`]: each value of a pair compared, rows
/// added and removed. Blank rows on both sides are kept in the numbering but never reported
/// on their own.
fn compare_indicators(p: &mut Pairing, od: &Definition) {
    let nd = p.nd;
    for pair in match_indicators(&od.indicators, &nd.indicators) {
        match pair {
            (Some(oi), Some(ni)) => {
                compare_indicator(p, ni, &od.indicators[oi], &nd.indicators[ni]);
            }
            (None, Some(ni)) => {
                let n = &nd.indicators[ni];
                if n.is_empty() {
                    continue;
                }
                if let Some((kind, forbidden)) = p.ctx.classify(Party::Office, Kind::IndicatorAdded)
                {
                    let label = format!("指标 {}", ni + 1);
                    p.push(kind, &field::indicator_row(ni), &label, |c| Change {
                        forbidden,
                        new: Some(indicator_text(n)),
                        ..c
                    });
                }
            }
            (Some(oi), None) => {
                let o = &od.indicators[oi];
                if o.is_empty() {
                    continue;
                }
                if let Some((kind, forbidden)) =
                    p.ctx.classify(Party::Office, Kind::IndicatorRemoved)
                {
                    // The row is gone from the new side: no cell to name.
                    let path = field::indicator_row(oi);
                    p.out.push(Change {
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

/// The values of one pair of indicator rows; `ni` is the row's place on the new side.
fn compare_indicator(p: &mut Pairing, ni: usize, o: &Indicator, n: &Indicator) {
    let short = format!("指标 {} {}", ni + 1, indicator_short(n));
    let texts: [(&str, &str, &str, &str); 6] = [
        ("level1", "一级指标", &o.level1, &n.level1),
        ("level2", "二级指标", &o.level2, &n.level2),
        ("name", "三级指标", &o.name, &n.name),
        ("target", "年度指标值", &o.target, &n.target),
        ("actual", "全年完成值", &o.actual, &n.actual),
        ("reason", "未完成原因和改进措施", &o.reason, &n.reason),
    ];
    for (value, label, ov, nv) in texts {
        let (kind, label) = if value == "name" {
            (Kind::IndicatorRenamed, format!("指标 {} 三级指标", ni + 1))
        } else {
            (Kind::Changed, format!("{short} {label}"))
        };
        p.text(kind, &field::indicator(ni, value), &label, ov, nv);
    }
    // The national variant's 分值 (the office's) and 得分 (the unit's).
    let scores = [
        ("weight", "分值", num(o.weight), num(n.weight)),
        ("score", "得分", num(o.score), num(n.score)),
    ];
    for (value, label, ov, nv) in scores {
        p.text(
            Kind::Changed,
            &field::indicator(ni, value),
            &format!("{short} {label}"),
            &ov,
            &nv,
        );
    }
}
