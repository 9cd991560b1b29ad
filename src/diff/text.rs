//! The report as text for a terminal: coloured there, plain when piped or with `NO_COLOR`.

use super::{Change, Kind, Mode, NOTE_INSTRUCTION_PREFIX, Report, Seg, Status, inline};

/// Styling for the terminal report; plain markers when colour is off.
struct Paint {
    colour: bool,
}

impl Paint {
    fn style(&self, s: &str, style: owo_colors::Style) -> String {
        if self.colour {
            use owo_colors::OwoColorize;
            s.style(style).to_string()
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.style(s, owo_colors::Style::new().bold())
    }
    fn alarm(&self, s: &str) -> String {
        self.style(s, owo_colors::Style::new().red().bold())
    }
    fn dim(&self, s: &str) -> String {
        self.style(s, owo_colors::Style::new().dimmed())
    }
    fn segs(&self, segs: &[Seg]) -> String {
        segs.iter()
            .map(|s| match (s, self.colour) {
                (Seg::Same(t), _) => t.clone(),
                (Seg::Deleted(t), false) => format!("[-{t}]"),
                (Seg::Inserted(t), false) => format!("[+{t}]"),
                (Seg::Deleted(t), true) => {
                    self.style(t, owo_colors::Style::new().red().strikethrough())
                }
                (Seg::Inserted(t), true) => {
                    self.style(t, owo_colors::Style::new().green().underline())
                }
            })
            .collect()
    }
    /// A whole text deleted: coloured, or as it is (the line's `-` says it all).
    fn deleted(&self, t: &str) -> String {
        self.style(t, owo_colors::Style::new().red().strikethrough())
    }
    /// A whole text inserted: coloured, or as it is.
    fn inserted(&self, t: &str) -> String {
        self.style(t, owo_colors::Style::new().green().underline())
    }
}

pub(super) fn is_amount_path(path: &str) -> bool {
    path.starts_with("funds.")
}

/// The value part of a change line, plain or coloured.
pub(super) fn value_text(c: &Change, colour: bool) -> String {
    paint_value(c, &Paint { colour })
}

fn paint_value(c: &Change, p: &Paint) -> String {
    let blank = "（空）";
    if is_amount_path(&c.path) {
        let mut s = match (&c.old, &c.new, c.kind) {
            (_, Some(n), Kind::Filled) => format!("{n} 万元"),
            (Some(o), Some(n), _) => format!("{o} → {n} 万元"),
            (None, Some(n), _) => format!("{blank} → {n} 万元"),
            (Some(o), None, _) => format!("{o} 万元 → {blank}"),
            (None, None, _) => blank.to_string(),
        };
        let mut extra = Vec::new();
        if let Some(d) = &c.delta {
            extra.push(format!("{d} 万元"));
        }
        if let Some(pc) = &c.percent {
            extra.push(format!("{pc}%"));
        }
        if let Some(r) = &c.rate {
            extra.push(format!("执行率 {r}%"));
        }
        if !extra.is_empty() {
            s.push_str(&format!("（{}）", extra.join("，")));
        }
        if let Some(n) = &c.note {
            s.push_str(&format!("；{n}"));
        }
        return s;
    }
    let s = match (&c.old, &c.new) {
        (Some(o), Some(n)) if c.kind == Kind::Filled && o.starts_with(NOTE_INSTRUCTION_PREFIX) => {
            n.clone()
        }
        (Some(o), Some(n)) => p.segs(&inline(o, n)),
        (None, Some(n)) if c.kind == Kind::Filled => n.clone(),
        (None, Some(n)) => format!("{blank} → {}", p.inserted(n)),
        (Some(o), None) => format!("{} → {blank}", p.deleted(o)),
        (None, None) => blank.to_string(),
    };
    match &c.note {
        Some(n) => format!("{s}；{n}"),
        None => s,
    }
}

/// The mark (`+`, `-`, `~`, or none for what the unit filled in) and the text of a change
/// inside a project's section.
fn change_parts(c: &Change, p: &Paint) -> (&'static str, String) {
    let value = paint_value(c, p);
    let mut where_ = c.path.clone();
    if let Some(cell) = &c.cell {
        where_.push_str(&format!("，{cell}"));
    }
    let where_ = p.dim(&format!("（{where_}）"));
    match c.kind {
        Kind::IndicatorAdded => (
            "+",
            format!(
                "新增{}：{}  {where_}",
                c.label,
                p.inserted(c.new.as_deref().unwrap_or(""))
            ),
        ),
        Kind::IndicatorRemoved => (
            "-",
            format!(
                "删除{}：{}  {where_}",
                c.label,
                p.deleted(c.old.as_deref().unwrap_or(""))
            ),
        ),
        Kind::ProjectRenamed | Kind::IndicatorRenamed => {
            let what = if c.kind == Kind::ProjectRenamed {
                "项目".to_string()
            } else {
                c.label.clone()
            };
            (
                "~",
                format!(
                    "{what}更名：{} → {}  {where_}",
                    p.deleted(c.old.as_deref().unwrap_or("（空）")),
                    p.inserted(c.new.as_deref().unwrap_or("（空）"))
                ),
            )
        }
        Kind::Filled => ("", format!("{}：{value}  {where_}", c.label)),
        _ => ("~", format!("{}：{value}  {where_}", c.label)),
    }
}

/// One line for a change inside a project's section.
fn change_line(c: &Change, p: &Paint) -> String {
    match change_parts(c, p) {
        ("", body) => format!("    {body}"),
        (mark, body) => format!("  {mark} {body}"),
    }
}

fn project_name(project: &str, unit: &str) -> String {
    if unit.trim().is_empty() {
        project.to_string()
    } else {
        format!("{project}（{unit}）")
    }
}

pub(super) fn years_text(years: &[i32]) -> String {
    match years {
        [] => "年度不明".to_string(),
        [y] => format!("{y} 年"),
        ys => format!(
            "{} 年",
            ys.iter()
                .map(std::string::ToString::to_string)
                .collect::<Vec<_>>()
                .join("、")
        ),
    }
}

/// The terminal report. With `colour`, deletions are red and struck through and insertions
/// green; without, they are marked `[-…]` and `[+…]`.
pub fn render_text(r: &Report, colour: bool) -> String {
    let mut t = Text {
        p: Paint { colour },
        out: String::new(),
    };
    t.heading(r);
    if r.summary.changes == 0 {
        t.line(String::new());
        t.line("两边一致，没有变化。".to_string());
        return t.out;
    }
    t.added_and_removed(r);
    for (i, pr) in r.projects.iter().enumerate() {
        if matches!(pr.status, Status::Changed | Status::Renamed) {
            t.project(r, i);
        }
    }
    let same: Vec<String> = r
        .projects
        .iter()
        .filter(|p| p.status == Status::Unchanged)
        .map(|p| project_name(&p.project, &p.unit))
        .collect();
    if !same.is_empty() {
        t.line(String::new());
        t.line(format!("无变化（{}）：{}", same.len(), same.join("、")));
    }
    t.out
}

/// The words for projects on one side only: (new side only, old side only).
fn one_side_words(mode: Mode) -> (&'static str, &'static str) {
    match mode {
        Mode::Issued => ("未下发", "未交回"),
        Mode::Yearly => ("新增", "删除"),
    }
}

/// The terminal report being written, a line at a time.
struct Text {
    p: Paint,
    out: String,
}

impl Text {
    fn line(&mut self, s: String) {
        self.out.push_str(&s);
        self.out.push('\n');
    }

    /// What was compared with what, and the counts.
    fn heading(&mut self, r: &Report) {
        let mode = match (r.mode, r.all) {
            (Mode::Issued, _) => "下发表与交回表对比",
            (Mode::Yearly, false) => "逐年对比（单位填写的栏目不比较，加 --all 可比较）",
            (Mode::Yearly, true) => "逐年对比（含单位填写的栏目）",
        };
        let title = self.p.bold(&format!("evalsheet diff：{mode}"));
        self.line(title);
        for (which, side) in [("旧", &r.old), ("新", &r.new)] {
            self.line(format!(
                "{which}：{}（{}，{} 个项目）",
                side.path,
                years_text(&side.years),
                side.projects
            ));
        }
        let s = &r.summary;
        let (added, removed) = one_side_words(r.mode);
        self.line(format!(
            "项目：{} 个对应（其中 {} 个更名），{} 个{added}，{} 个{removed}；共 {} 处变化。",
            s.matched, s.renamed, s.added, s.removed, s.changes
        ));
        if r.mode == Mode::Issued {
            let projects = r.projects.iter().filter(|p| p.forbidden > 0).count();
            if s.forbidden > 0 {
                let alarm = self.p.alarm(&format!(
                    "!! 不应修改的内容：{} 处，涉及 {projects} 个项目（见下文 !! 标记）。",
                    s.forbidden
                ));
                self.line(alarm);
            } else {
                self.line("不应修改的内容：无。".to_string());
            }
            self.line(format!("单位填写：{} 处。", s.filled));
        }
    }

    /// The projects on one side only, each with its outline.
    fn added_and_removed(&mut self, r: &Report) {
        let (added, removed) = one_side_words(r.mode);
        for (status, title) in [(Status::Added, added), (Status::Removed, removed)] {
            let list: Vec<usize> = (0..r.projects.len())
                .filter(|&i| r.projects[i].status == status)
                .collect();
            if list.is_empty() {
                continue;
            }
            self.line(String::new());
            let alarm = r.mode == Mode::Issued && status == Status::Added;
            let head = format!("{title}项目（{}）", list.len());
            let head = if alarm {
                self.p.alarm(&format!("!! {head}"))
            } else {
                self.p.bold(&head)
            };
            self.line(head);
            for i in list {
                let pr = &r.projects[i];
                let name = project_name(&pr.project, &pr.unit);
                let note = r
                    .changes_of(i)
                    .next()
                    .and_then(|c| c.note.clone())
                    .unwrap_or_default();
                let (mark, name) = if status == Status::Added {
                    ("+", self.p.inserted(&name))
                } else {
                    ("-", self.p.deleted(&name))
                };
                self.line(format!("  {mark} {name}：{note}"));
            }
        }
    }

    /// The changes of one matched project; issued vs returned, the forbidden ones first.
    fn project(&mut self, r: &Report, i: usize) {
        let pr = &r.projects[i];
        let changes: Vec<&Change> = r.changes_of(i).collect();
        self.line(String::new());
        let head = self.p.bold(&format!(
            "{}：{} 处变化",
            project_name(&pr.project, &pr.unit),
            changes.len()
        ));
        self.line(head);
        if r.mode == Mode::Yearly {
            for c in changes {
                let l = change_line(c, &self.p);
                self.line(l);
            }
            return;
        }
        let (bad, filled): (Vec<&Change>, Vec<&Change>) =
            changes.into_iter().partition(|c| c.forbidden);
        if !bad.is_empty() {
            let head = self
                .p
                .alarm(&format!("  !! 不应修改的内容（{}）", bad.len()));
            self.line(head);
            for c in bad {
                let (_, body) = change_parts(c, &self.p);
                let l = format!("  {} {body}", self.p.alarm("!!"));
                self.line(l);
            }
        }
        if !filled.is_empty() {
            self.line(format!("  单位填写（{}）", filled.len()));
            for c in filled {
                let l = change_line(c, &self.p);
                self.line(l);
            }
        }
    }
}
