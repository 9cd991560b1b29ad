//! The report as text for a terminal: coloured there, plain when piped or with `NO_COLOR`.

use super::{Change, Kind, Mode, NOTE_INSTRUCTION_PREFIX, Report, Seg, Status, inline};
use crate::t;

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
    let blank = t!("diff-text-blank");
    let blank = blank.as_str();
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
            extra.push(t!("diff-text-rate", rate = r.clone()));
        }
        if !extra.is_empty() {
            s.push_str(&t!(
                "diff-text-aside",
                text = extra.join(&t!("diff-text-separator"))
            ));
        }
        if let Some(n) = &c.note {
            s.push_str(&t!("diff-text-note", note = n.clone()));
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
        Some(n) => format!("{s}{}", t!("diff-text-note", note = n.clone())),
        None => s,
    }
}

/// The mark (`+`, `-`, `~`, or none for what the unit filled in) and the text of a change
/// inside a project's section.
fn change_parts(c: &Change, p: &Paint) -> (&'static str, String) {
    let value = paint_value(c, p);
    let mut where_ = c.path.clone();
    if let Some(cell) = &c.cell {
        where_.push_str(&t!("diff-text-separator"));
        where_.push_str(cell);
    }
    let where_ = p.dim(&t!("diff-text-where", text = where_));
    match c.kind {
        Kind::IndicatorAdded => (
            "+",
            t!(
                "diff-text-added",
                label = c.label.clone(),
                value = p.inserted(c.new.as_deref().unwrap_or("")),
                place = where_
            ),
        ),
        Kind::IndicatorRemoved => (
            "-",
            t!(
                "diff-text-removed",
                label = c.label.clone(),
                value = p.deleted(c.old.as_deref().unwrap_or("")),
                place = where_
            ),
        ),
        Kind::ProjectRenamed | Kind::IndicatorRenamed => {
            let what = if c.kind == Kind::ProjectRenamed {
                t!("diff-text-project")
            } else {
                c.label.clone()
            };
            let blank = t!("diff-text-blank");
            (
                "~",
                t!(
                    "diff-text-renamed",
                    what = what,
                    old = p.deleted(c.old.as_deref().unwrap_or(&blank)),
                    new = p.inserted(c.new.as_deref().unwrap_or(&blank)),
                    place = where_
                ),
            )
        }
        Kind::Filled => (
            "",
            t!(
                "diff-text-change",
                label = c.label.clone(),
                value = value,
                place = where_
            ),
        ),
        _ => (
            "~",
            t!(
                "diff-text-change",
                label = c.label.clone(),
                value = value,
                place = where_
            ),
        ),
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
        [] => t!("diff-text-year-unknown"),
        ys => t!(
            "diff-text-years",
            years = ys
                .iter()
                .map(std::string::ToString::to_string)
                .collect::<Vec<_>>()
                .join(&t!("diff-text-list-separator"))
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
        t.line(t!("diff-text-no-changes"));
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
        t.line(t!(
            "diff-text-unchanged",
            count = same.len(),
            list = same.join(&t!("diff-text-list-separator"))
        ));
    }
    t.out
}

/// The words for projects on one side only: (new side only, old side only).
fn one_side_words(mode: Mode) -> (String, String) {
    match mode {
        Mode::Issued => (t!("diff-text-not-issued"), t!("diff-text-not-returned")),
        Mode::Yearly => (t!("diff-text-new-side"), t!("diff-text-old-side")),
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
            (Mode::Issued, _) => t!("diff-text-mode-issued"),
            (Mode::Yearly, false) => t!("diff-text-mode-yearly"),
            (Mode::Yearly, true) => t!("diff-text-mode-yearly-all"),
        };
        let title = self.p.bold(&t!("diff-text-title", mode = mode));
        self.line(title);
        for (which, side) in [("diff-text-old", &r.old), ("diff-text-new", &r.new)] {
            self.line(crate::i18n::text(
                which,
                &[
                    ("path", crate::i18n::arg(side.path.clone())),
                    ("years", crate::i18n::arg(years_text(&side.years))),
                    ("count", crate::i18n::arg(side.projects)),
                ],
            ));
        }
        let s = &r.summary;
        let (added, removed) = one_side_words(r.mode);
        self.line(t!(
            "diff-text-summary",
            matched = s.matched,
            renamed = s.renamed,
            added = s.added,
            added_word = added,
            removed = s.removed,
            removed_word = removed,
            changes = s.changes
        ));
        if r.mode == Mode::Issued {
            let projects = r.projects.iter().filter(|p| p.forbidden > 0).count();
            if s.forbidden > 0 {
                let alarm = self.p.alarm(&t!(
                    "diff-text-forbidden",
                    count = s.forbidden,
                    projects = projects
                ));
                self.line(alarm);
            } else {
                self.line(t!("diff-text-forbidden-none"));
            }
            self.line(t!("diff-text-filled", count = s.filled));
        }
    }

    /// The projects on one side only, each with its outline.
    fn added_and_removed(&mut self, r: &Report) {
        let (added, removed) = one_side_words(r.mode);
        for (status, title) in [(Status::Added, &added), (Status::Removed, &removed)] {
            let list: Vec<usize> = (0..r.projects.len())
                .filter(|&i| r.projects[i].status == status)
                .collect();
            if list.is_empty() {
                continue;
            }
            self.line(String::new());
            let alarm = r.mode == Mode::Issued && status == Status::Added;
            let head = t!(
                "diff-text-side-head",
                title = title.clone(),
                count = list.len()
            );
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
                self.line(format!(
                    "  {mark} {}",
                    t!("diff-text-outline", name = name, note = note)
                ));
            }
        }
    }

    /// The changes of one matched project; issued vs returned, the forbidden ones first.
    fn project(&mut self, r: &Report, i: usize) {
        let pr = &r.projects[i];
        let changes: Vec<&Change> = r.changes_of(i).collect();
        self.line(String::new());
        let head = self.p.bold(&t!(
            "diff-text-project-head",
            name = project_name(&pr.project, &pr.unit),
            count = changes.len()
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
            let head = self.p.alarm(&format!(
                "  {}",
                t!("diff-text-forbidden-head", count = bad.len())
            ));
            self.line(head);
            for c in bad {
                let (_, body) = change_parts(c, &self.p);
                let l = format!("  {} {body}", self.p.alarm("!!"));
                self.line(l);
            }
        }
        if !filled.is_empty() {
            self.line(format!(
                "  {}",
                t!("diff-text-filled-head", count = filled.len())
            ));
            for c in filled {
                let l = change_line(c, &self.p);
                self.line(l);
            }
        }
    }
}
