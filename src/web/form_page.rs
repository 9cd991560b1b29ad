//! One form's page: the form as the unit returned it (or as issued, when it has not come
//! back), its findings marked on their cells and listed beside, the comparison with what was
//! issued or with last year's form, its versions, and the review.

use std::collections::HashMap;

use minijinja::{Value, context};

use super::auth::Role;
use super::dashboard::when;
use super::routes::FormQuery;
use super::server::App;
use super::sheet::{self, Mark};
use crate::desk::State;
use crate::model::Party;
use crate::t;

/// The page's context for form `id` as `role` sees it; `None` when there is no such form or it
/// is another unit's.
pub fn view(app: &App, id: i64, role: &Role, q: &FormQuery) -> crate::Result<Option<Value>> {
    let Ok(d) = app.desk().form(id) else {
        return Ok(None);
    };
    if role.unit().is_some_and(|u| u != d.issued.unit) {
        return Ok(None);
    }
    let n = d.versions.len();
    let chosen =
        q.v.and_then(|v| (v as usize).checked_sub(1))
            .filter(|i| *i < n)
            .or(n.checked_sub(1));
    let version = chosen.map(|i| &d.versions[i]);
    let shown = version.map_or(&d.issued, |v| &v.imported);
    let template = crate::template::get(&shown.form).ok();

    // Findings, numbered as listed, marked on their cells.
    let mut marks: HashMap<String, Vec<Mark>> = HashMap::new();
    let mut findings = Vec::new();
    for (i, f) in version
        .map(|v| v.findings.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let sev = f.finding.severity.as_str();
        marks
            .entry(f.finding.field.clone())
            .or_default()
            .push(Mark {
                number: i + 1,
                severity: if sev == "error" { "error" } else { "warning" },
            });
        let place = f.finding.cell.clone().unwrap_or_default();
        findings.push(context! {
            severity => if sev == "error" { "error" } else { "warning" },
            severity_label => if sev == "error" { t!("web-severity-error") } else { t!("web-severity-warning") },
            where => place,
            label => template.map(|t| t.field_name(&f.finding.field)).unwrap_or_default(),
            message => f.finding.message.clone(),
            party_label => match f.party() {
                Party::Office => t!("web-party-office"),
                Party::Unit => t!("web-party-unit"),
            },
        });
    }

    // The comparison asked for.
    let last = app.last_year(&d.issued);
    let (against, legend) = match q.against.as_str() {
        "issued" if version.is_some() => (Some(&d.issued), Some(t!("web-legend-issued"))),
        "last_year" => match &last {
            Some(l) => (Some(l), Some(t!("web-legend-last-year"))),
            None => (None, Some(t!("web-legend-none"))),
        },
        _ => (None, None),
    };
    let html = sheet::html(shown, &marks, against);

    // Notes over the form.
    let mut notes = Vec::new();
    let note = |class: &str, text: String| context! { class => class, text => text };
    match q.done.as_str() {
        "accepted" => notes.push(note(
            "ok",
            t!(
                "web-review-accepted",
                project = d.issued.project.clone(),
                unit = d.issued.unit.clone()
            ),
        )),
        "returned" => notes.push(note(
            "ok",
            t!(
                "web-review-returned",
                project = d.issued.project.clone(),
                unit = d.issued.unit.clone()
            ),
        )),
        _ => {}
    }
    if version.is_none() {
        notes.push(note("", t!("web-note-missing")));
    }
    if let Some(v) = version {
        if v.stale {
            notes.push(note(
                "bad",
                t!("web-note-stale", what = v.stale_what.join("；")),
            ));
        }
        if !v.forbidden_changes.is_empty() {
            notes.push(note(
                "bad",
                t!("web-note-forbidden", count = v.forbidden_changes.len()),
            ));
        }
    }
    if let Some(c) = d.comment.as_ref().filter(|c| !c.is_empty()) {
        notes.push(note("", t!("web-note-comment", comment = c.clone())));
    }

    let vq = chosen.map(|i| format!("v={}&", i + 1)).unwrap_or_default();
    let tab =
        |href: String, label: String, on: bool| context! { href => href, label => label, on => on };
    let mut tabs = vec![tab(
        format!("/forms/{id}?{vq}"),
        t!("web-tab-current"),
        against.is_none() && legend.is_none(),
    )];
    if version.is_some() {
        tabs.push(tab(
            format!("/forms/{id}?{vq}against=issued"),
            t!("web-tab-issued"),
            q.against == "issued",
        ));
    }
    tabs.push(tab(
        format!("/forms/{id}?{vq}against=last_year"),
        t!("web-tab-last-year"),
        q.against == "last_year",
    ));

    let versions: Vec<Value> = d
        .versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let errors = v
                .findings
                .iter()
                .filter(|f| f.finding.severity.as_str() == "error")
                .count();
            context! {
                n => i + 1,
                on => Some(i) == chosen,
                received => when(&v.received),
                file => v.file.clone(),
                errors => errors,
                warnings => v.findings.len() - errors,
                stale => v.stale,
            }
        })
        .collect();

    let title = d.issued.project.clone();
    Ok(Some(context! {
        title => title,
        f => context! {
            id => id,
            project => d.issued.project.clone(),
            unit => d.issued.unit.clone(),
            department => d.issued.city_department.clone(),
            state => d.state.as_str(),
            state_label => d.state.label(),
            file => version.map(|v| v.file.clone()),
            comment => d.comment.clone().unwrap_or_default(),
            reviewable => version.is_some() && d.state != State::Missing,
        },
        notes => notes,
        tabs => tabs,
        legend => legend,
        sheet => html,
        findings => findings,
        versions => versions,
    }))
}
