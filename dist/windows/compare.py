#!/usr/bin/env python3
"""compare.py LINUX WINDOWS EXPECTED

Compare two snapshots made by scripts/snapshot-outputs.sh — one of the Linux build, one of
evalsheet.exe under Wine — file by file: what each command printed (.stdout, .stderr,
.status), the files it wrote, and every part of every workbook (unpacked, the creation time
blanked).

A file is
  identical     byte for byte;
  separators    equal once every backslash is read as a slash (Windows prints and stores
                paths as `fixtures\\returned\\a.xlsx`, JSON as `fixtures\\\\returned…`);
  renumbered    one of several files of a folder that hold the same forms on both sides,
                numbered (-2, -3) in another order: `import -o` names the forms of one
                project and unit in the order their files are read, which varies from run to
                run on any system;
  expected      different, and listed in EXPECTED (a glob of snapshot paths, then why);
  different     otherwise: the comparison fails.

A file that only one side has is different too.
"""

import difflib
import fnmatch
import os
import sys


def files(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            out[os.path.relpath(p, root)] = p
    return out


def separators(data):
    """Every backslash as a slash: an escaped one in JSON or YAML (two characters) and a
    single one in text alike. Applied to both sides, so it can only hide a difference
    between backslashes and slashes."""
    return data.replace(b"\\\\", b"/").replace(b"\\", b"/")


def expected(path):
    rules = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            glob, _, why = line.partition(" ")
            rules.append((glob, why.strip()))
    return rules


def show(a, b, rel, limit=12):
    try:
        la = a.decode("utf-8").splitlines()
        lb = b.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        print(f"    (binary: {len(a)} and {len(b)} bytes)")
        return
    lines = list(difflib.unified_diff(la, lb, "linux/" + rel, "windows/" + rel, lineterm="", n=0))
    for line in lines[:limit]:
        print("    " + line[:300])
    if len(lines) > limit:
        print(f"    … {len(lines) - limit} more lines")


def main():
    linux, windows, rules_file = sys.argv[1:4]
    rules = expected(rules_file)
    a, b = files(linux), files(windows)
    counts = {"identical": 0, "separators": 0, "renumbered": 0, "expected": 0, "different": 0}
    by_separators = []
    used = set()
    # Files that differ, by folder: a folder whose differing files hold the same contents on
    # both sides, in another order, was only numbered differently.
    differing = {}
    for rel in sorted(set(a) & set(b)):
        da, db = open(a[rel], "rb").read(), open(b[rel], "rb").read()
        if separators(da) != separators(db):
            differing.setdefault(os.path.dirname(rel), []).append((rel, da, db))
    renumbered = set()
    for folder, items in differing.items():
        if len(items) > 1 and sorted(separators(x[1]) for x in items) == sorted(
            separators(x[2]) for x in items
        ):
            renumbered.update(x[0] for x in items)
    for rel in sorted(set(a) | set(b)):
        if rel not in a or rel not in b:
            print(f"different: {rel} only in the {'Linux' if rel in a else 'Windows'} snapshot")
            counts["different"] += 1
            continue
        da = open(a[rel], "rb").read()
        db = open(b[rel], "rb").read()
        if da == db:
            counts["identical"] += 1
            continue
        if separators(da) == separators(db):
            counts["separators"] += 1
            by_separators.append(rel)
            continue
        if rel in renumbered:
            counts["renumbered"] += 1
            print(f"renumbered: {rel}")
            continue
        rule = next(((g, why) for g, why in rules if fnmatch.fnmatch(rel, g)), None)
        if rule:
            counts["expected"] += 1
            used.add(rule[0])
            print(f"expected: {rel}: {rule[1]}")
            show(separators(da), separators(db), rel, limit=6)
            continue
        counts["different"] += 1
        print(f"different: {rel}")
        show(separators(da), separators(db), rel)
    print(f"\nequal but for path separators ({len(by_separators)}), by folder:")
    groups = {}
    for rel in by_separators:
        top = os.path.dirname(rel) or rel
        groups[top] = groups.get(top, 0) + 1
    for top, n in sorted(groups.items()):
        print(f"  {top}" + (f" ({n} files)" if n > 1 else ""))
    for g, _ in rules:
        if g not in used:
            print(f"note: the expected difference {g} did not occur")
    total = sum(counts.values())
    print(
        f"\ncompared {total} files: {counts['identical']} byte for byte identical, "
        f"{counts['separators']} equal but for path separators, {counts['renumbered']} "
        f"renumbered, {counts['expected']} expected "
        f"differences, {counts['different']} unexpected differences"
    )
    if counts["different"]:
        sys.exit("compare.py: the Windows build's outputs differ from the Linux build's")


main()
