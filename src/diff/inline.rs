//! Inline text diffs at the grain of Chinese text: characters, with numbers kept whole
//! (`侦破 [-13][+10] 起`).

use similar::{ChangeTag, TextDiff};

/// A piece of an inline diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Same(String),
    Deleted(String),
    Inserted(String),
}

/// The inline diff of two texts at the grain that suits Chinese: similar's unicode words
/// (each Han character on its own, numbers and Latin words whole). Within each run of
/// changes, deletions come first, then insertions.
pub fn inline(old: &str, new: &str) -> Vec<Seg> {
    let diff = TextDiff::from_unicode_words(old, new);
    let mut out: Vec<Seg> = Vec::new();
    let (mut del, mut ins) = (String::new(), String::new());
    let flush = |out: &mut Vec<Seg>, del: &mut String, ins: &mut String| {
        if !del.is_empty() {
            out.push(Seg::Deleted(std::mem::take(del)));
        }
        if !ins.is_empty() {
            out.push(Seg::Inserted(std::mem::take(ins)));
        }
    };
    for ch in diff.iter_all_changes() {
        match ch.tag() {
            ChangeTag::Delete => del.push_str(ch.value()),
            ChangeTag::Insert => ins.push_str(ch.value()),
            ChangeTag::Equal => {
                flush(&mut out, &mut del, &mut ins);
                match out.last_mut() {
                    Some(Seg::Same(s)) => s.push_str(ch.value()),
                    _ => out.push(Seg::Same(ch.value().to_string())),
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

/// The inline diff as plain text: `预算[-500][+520.5]万元`.
pub fn inline_text(old: &str, new: &str) -> String {
    inline(old, new)
        .iter()
        .map(|s| match s {
            Seg::Same(t) => t.clone(),
            Seg::Deleted(t) => format!("[-{t}]"),
            Seg::Inserted(t) => format!("[+{t}]"),
        })
        .collect()
}
