//! Pairing the projects of two sides, and the indicators of two forms of one project:
//! exactly first, then by similarity.

use similar::TextDiff;
use std::collections::HashMap;

use super::{
    INDICATOR_NAME_RATIO, INDICATOR_TARGET_RATIO, INDICATOR_WEAK_NAME_RATIO,
    PROJECT_OTHER_UNIT_RATIO, PROJECT_SAME_UNIT_RATIO,
};
use crate::model::{Definition, Indicator};

/// A pairing of two sides' items by index: `(old, new)`, `None` on the side one is missing from.
pub type Pair = (Option<usize>, Option<usize>);

/// Text for matching: no white space, full-width ASCII forms folded to ASCII.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Character similarity of two texts in 0..=1 (similar's ratio over characters, after
/// [`normalize`]). Two blank texts are identical.
pub fn similarity(a: &str, b: &str) -> f32 {
    let (a, b) = (normalize(a), normalize(b));
    if a == b {
        return 1.0;
    }
    TextDiff::from_chars(a.as_str(), b.as_str()).ratio()
}

/// Above this many unmatched (old, new) pairs, similar names are looked for within a unit only.
const MAX_SIMILARITY_PAIRS: usize = 1_000_000;

/// Pair the projects of two sides: `(old, new)` index pairs, `None` on the side a project is
/// missing from. Ordered by the new side, then projects only on the old side in their order.
pub fn match_projects(old: &[&Definition], new: &[&Definition]) -> Vec<Pair> {
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    // Exact project and unit: of the same form variant first (a side may hold a project in
    // both the city and the national layout), then of any. The old side's projects by key,
    // each list in side order, so that ten thousand projects a side pair up in one pass.
    let key = |d: &Definition| (normalize(&d.project), normalize(&d.unit));
    let mut old_by_key: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (oi, o) in old.iter().enumerate() {
        old_by_key.entry(key(o)).or_default().push(oi);
    }
    let new_keys: Vec<(String, String)> = new.iter().map(|n| key(n)).collect();
    for same_form in [true, false] {
        for (ni, n) in new.iter().enumerate() {
            if old_of_new[ni].is_some() {
                continue;
            }
            let Some(candidates) = old_by_key.get(&new_keys[ni]) else {
                continue;
            };
            if let Some(&oi) = candidates
                .iter()
                .find(|&&oi| !taken[oi] && (!same_form || old[oi].form == n.form))
            {
                taken[oi] = true;
                old_of_new[ni] = Some(oi);
            }
        }
    }
    // Similar names, best first; the same unit preferred. Between thousands of unmatched
    // projects on each side, only projects of the same unit are compared (every pair would
    // be millions of text comparisons).
    let unmatched_new = old_of_new.iter().filter(|o| o.is_none()).count();
    let unmatched_old = taken.iter().filter(|t| !**t).count();
    let same_unit_only = unmatched_new.saturating_mul(unmatched_old) > MAX_SIMILARITY_PAIRS;
    let mut old_by_unit: HashMap<&str, Vec<usize>> = HashMap::new();
    if same_unit_only {
        for ((_, unit), ois) in &old_by_key {
            old_by_unit.entry(unit.as_str()).or_default().extend(ois);
        }
        for v in old_by_unit.values_mut() {
            v.sort_unstable();
        }
    }
    let all_old: Vec<usize> = if same_unit_only {
        Vec::new()
    } else {
        (0..old.len()).collect()
    };
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (ni, n) in new.iter().enumerate() {
        if old_of_new[ni].is_some() {
            continue;
        }
        let candidates_old: &[usize] = if same_unit_only {
            old_by_unit
                .get(new_keys[ni].1.as_str())
                .map_or(&[], Vec::as_slice)
        } else {
            &all_old
        };
        for &oi in candidates_old {
            let o = old[oi];
            if taken[oi] {
                continue;
            }
            let same_unit = normalize(&o.unit) == new_keys[ni].1;
            let r = similarity(&o.project, &n.project);
            let ok = if same_unit {
                r >= PROJECT_SAME_UNIT_RATIO
            } else {
                r >= PROJECT_OTHER_UNIT_RATIO
            };
            if ok {
                let score = r + if same_unit { 0.2 } else { 0.0 };
                candidates.push((score, oi, ni));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, oi, ni) in candidates {
        if !taken[oi] && old_of_new[ni].is_none() {
            taken[oi] = true;
            old_of_new[ni] = Some(oi);
        }
    }
    let mut out: Vec<Pair> = old_of_new
        .iter()
        .enumerate()
        .map(|(ni, oi)| (*oi, Some(ni)))
        .collect();
    out.extend(
        (0..old.len())
            .filter(|&oi| !taken[oi])
            .map(|oi| (Some(oi), None)),
    );
    out
}

/// Pair the indicators of one project across two sides, in form order: matched and added
/// indicators in the new side's order, each removed one after the matched indicator that
/// preceded it on the old side.
pub fn match_indicators(old: &[Indicator], new: &[Indicator]) -> Vec<Pair> {
    let key = |i: &Indicator| {
        (
            normalize(&i.level1),
            normalize(&i.level2),
            normalize(&i.name),
        )
    };
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    // Pass 1: same 一级/二级/三级, first come first served.
    for (ni, n) in new.iter().enumerate() {
        let k = key(n);
        if let Some(oi) = (0..old.len()).find(|&oi| !taken[oi] && key(&old[oi]) == k) {
            taken[oi] = true;
            old_of_new[ni] = Some(oi);
        }
    }
    // Pass 2: similar, best first.
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (ni, n) in new.iter().enumerate() {
        if old_of_new[ni].is_some() || n.is_empty() {
            continue;
        }
        for (oi, o) in old.iter().enumerate() {
            if taken[oi] || o.is_empty() {
                continue;
            }
            let name = similarity(&o.name, &n.name);
            let target = similarity(&o.target, &n.target);
            let levels = similarity(
                &format!("{}{}", o.level1, o.level2),
                &format!("{}{}", n.level1, n.level2),
            );
            let same_levels = normalize(&o.level1) == normalize(&n.level1)
                && normalize(&o.level2) == normalize(&n.level2);
            let both_named = !o.name.trim().is_empty() && !n.name.trim().is_empty();
            let ok = (both_named && name == 1.0 && levels >= 0.5)
                || (same_levels
                    && (name >= INDICATOR_NAME_RATIO
                        || (name >= INDICATOR_WEAK_NAME_RATIO
                            && target >= INDICATOR_TARGET_RATIO)));
            if ok {
                candidates.push((0.6 * name + 0.2 * target + 0.2 * levels, oi, ni));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, oi, ni) in candidates {
        if !taken[oi] && old_of_new[ni].is_none() {
            taken[oi] = true;
            old_of_new[ni] = Some(oi);
        }
    }
    // Order: new side's order; a removed one after the new position of the matched old
    // indicator that preceded it.
    let mut new_of_old: Vec<Option<usize>> = vec![None; old.len()];
    for (ni, oi) in old_of_new.iter().enumerate() {
        if let Some(oi) = oi {
            new_of_old[*oi] = Some(ni);
        }
    }
    let mut keyed: Vec<((usize, usize), Pair)> = old_of_new
        .iter()
        .enumerate()
        .map(|(ni, oi)| ((2 * ni + 1, 0), (*oi, Some(ni))))
        .collect();
    for oi in (0..old.len()).filter(|&oi| !taken[oi]) {
        let after = (0..oi).rev().find_map(|j| new_of_old[j]);
        let k = match after {
            Some(nj) => 2 * nj + 2,
            None => 0,
        };
        keyed.push(((k, oi), (Some(oi), None)));
    }
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, p)| p).collect()
}
