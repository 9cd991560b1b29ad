//! Batches of files: read on all cores a chunk at a time, so that memory stays flat however
//! many files there are; and, for the jobs that must see every item before they can finish
//! any (generate plans every file name first, diff pairs every project first), keep what is
//! small and read the rest again when it is needed.

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Files a batch job reads at once: enough to keep every core busy, few enough that what one
/// chunk holds stays small however many files there are.
pub const CHUNK: usize = 256;

/// Run `work` on every item on all cores, [`CHUNK`] items at a time, and give each chunk's
/// results, in the items' order, to `take` before the next chunk starts; the memory the chunk
/// freed is handed back after it ([`release_free_memory`]). `take` returns `false` to stop.
pub fn in_chunks<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync + Send,
    mut take: impl FnMut(&[T], Vec<R>) -> bool,
) {
    for chunk in items.chunks(CHUNK) {
        let results: Vec<R> = chunk.par_iter().map(&work).collect();
        let go_on = take(chunk, results);
        release_free_memory();
        if !go_on {
            return;
        }
    }
}

/// Hand the pages the allocator holds free back to the system. Batch jobs call it between
/// chunks of files: what they keep of each file (a summary row, findings, a definition) is
/// made while workbooks are being read, lands between the reading's large buffers and keeps
/// glibc from returning them, so without it memory grows by tens of KB a file instead of the
/// few KB kept.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's own heaps to the system;
    // it takes no pointers and may be called at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The items read from a list of files — each file gives zero or more — some kept whole and
/// the others reduced to what a first pass over all of them needs (a definition's names for
/// planning or pairing), with [`Kept::reread`] to have the reduced ones whole again. A
/// definition is a few KB: ten thousand kept whole would be tens of MB, their names a few
/// hundred KB.
#[derive(Debug, Clone)]
pub struct Kept<T> {
    files: Vec<PathBuf>,
    items: Vec<T>,
    /// For each item: its file (index into `files`) and its position in that file.
    place: Vec<(usize, usize)>,
    reduced: Vec<bool>,
}

/// Whether to keep a file's items whole: given the file's position among the files, how many
/// items were read before it, and how many it holds.
pub type KeepPolicy<'a> = &'a (dyn Fn(usize, usize, usize) -> bool + Sync);

impl<T: Send + Sync> Kept<T> {
    /// Items held in memory, all whole (a side made by a program, not read from files).
    pub fn whole(items: Vec<T>) -> Kept<T> {
        let n = items.len();
        Kept {
            files: Vec::new(),
            place: (0..n).map(|i| (usize::MAX, i)).collect(),
            reduced: vec![false; n],
            items,
        }
    }

    /// Read every file with `read`, on all cores a chunk at a time (calling `tick` after each
    /// file), keeping a file's items whole when `keep` says so and passing the others through
    /// `reduce`. Returns the items in file order and, separately, each file's error.
    pub fn read(
        files: Vec<PathBuf>,
        read: &(dyn Fn(&Path) -> Result<Vec<T>> + Sync),
        keep: KeepPolicy<'_>,
        reduce: &(dyn Fn(T) -> T + Sync),
        tick: &(dyn Fn() + Sync),
    ) -> (Kept<T>, Vec<Error>) {
        let mut kept = Kept {
            files: Vec::new(),
            items: Vec::new(),
            place: Vec::new(),
            reduced: Vec::new(),
        };
        let mut errors = Vec::new();
        let indexed: Vec<(usize, &PathBuf)> = files.iter().enumerate().collect();
        in_chunks(
            &indexed,
            |(_, f)| {
                let r = read(f);
                tick();
                r
            },
            |chunk, results| {
                for (&(n, _), r) in chunk.iter().zip(results) {
                    match r {
                        Ok(v) => {
                            let whole = keep(n, kept.items.len(), v.len());
                            for (k, item) in v.into_iter().enumerate() {
                                kept.items.push(if whole { item } else { reduce(item) });
                                kept.place.push((n, k));
                                kept.reduced.push(!whole);
                            }
                        }
                        Err(e) => errors.push(e),
                    }
                }
                true
            },
        );
        kept.files = files;
        (kept, errors)
    }

    /// The items, whole or reduced, in file order.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether the item at `i` was reduced.
    pub fn is_reduced(&self, i: usize) -> bool {
        self.reduced[i]
    }

    /// The file item `i` was read from, when it was read from one.
    pub fn file_of(&self, i: usize) -> Option<&Path> {
        self.files.get(self.place[i].0).map(PathBuf::as_path)
    }

    /// Every file and the positions (into [`Kept::items`]) of its items, in file order.
    pub fn by_file(&self) -> Vec<(usize, Vec<usize>)> {
        let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, &(f, _)) in self.place.iter().enumerate() {
            out.entry(f).or_default().push(i);
        }
        out.into_iter().collect()
    }

    /// The reduced items among `wanted`, read whole again on all cores, each file once.
    /// `same` tells whether an item read again is the one reduced (the file may have changed
    /// since): when not, the error names the file and the item.
    pub fn reread(
        &self,
        wanted: &[usize],
        read: &(dyn Fn(&Path) -> Result<Vec<T>> + Sync),
        same: &(dyn Fn(&T, &T) -> bool + Sync),
    ) -> Result<HashMap<usize, T>> {
        let mut by_file: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &i in wanted.iter().filter(|&&i| self.reduced[i]) {
            by_file.entry(self.place[i].0).or_default().push(i);
        }
        let groups: Vec<(usize, Vec<usize>)> = by_file.into_iter().collect();
        let read: Vec<Vec<(usize, T)>> = groups
            .par_iter()
            .map(|(f, entries)| {
                let path = &self.files[*f];
                let mut found: Vec<Option<T>> = read(path)?.into_iter().map(Some).collect();
                entries
                    .iter()
                    .map(|&i| {
                        let k = self.place[i].1;
                        match found.get_mut(k).and_then(Option::take) {
                            Some(item) if same(&self.items[i], &item) => Ok((i, item)),
                            _ => Err(Error::Invalid {
                                path: path.clone(),
                                what: crate::t!("definition-n", n = k + 1),
                                message: crate::t!("batch-file-changed"),
                            }),
                        }
                    })
                    .collect()
            })
            .collect::<Result<_>>()?;
        Ok(read.into_iter().flatten().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduced_items_are_read_again_whole_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..5)
            .map(|n| {
                let p = dir.path().join(format!("{n}.txt"));
                std::fs::write(&p, format!("{n}a {n}b")).unwrap();
                p
            })
            .collect();
        let reads = std::sync::atomic::AtomicUsize::new(0);
        let read = |p: &Path| -> Result<Vec<String>> {
            reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(std::fs::read_to_string(p)
                .unwrap()
                .split(' ')
                .map(str::to_string)
                .collect())
        };
        let reduce = |s: String| s[..1].to_string();
        // The first two files kept whole.
        let (kept, errors) = Kept::read(files.clone(), &read, &|n, _, _| n < 2, &reduce, &|| {});
        assert!(errors.is_empty());
        assert_eq!(
            kept.items(),
            ["0a", "0b", "1a", "1b", "2", "2", "3", "3", "4", "4"]
        );
        assert!(!kept.is_reduced(3) && kept.is_reduced(4));
        reads.store(0, std::sync::atomic::Ordering::Relaxed);
        let same = |a: &String, b: &String| b.starts_with(a.as_str());
        let again = kept.reread(&[0, 4, 5, 9], &read, &same).unwrap();
        assert_eq!(again.len(), 3, "kept items are not read again");
        assert_eq!(again[&4], "2a");
        assert_eq!(again[&5], "2b");
        assert_eq!(again[&9], "4b");
        assert_eq!(
            reads.load(std::sync::atomic::Ordering::Relaxed),
            2,
            "each file once"
        );
        assert_eq!(kept.by_file()[2], (2, vec![4, 5]));
        // A file that changed in between is an error naming it.
        std::fs::write(&files[4], "xa xb").unwrap();
        let e = kept.reread(&[8], &read, &same).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "{}，第 1 个定义：文件在读取期间被修改了；请再运行一次命令。",
                files[4].display()
            )
        );
    }
}
