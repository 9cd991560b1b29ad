#!/usr/bin/env bash
# long-functions.sh [N]: the N longest functions of src/ (default 15), with their line counts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../src"
python3 - "${1:-15}" <<'PY'
import os, re, sys
out = []
for root, _, files in os.walk('.'):
    for f in files:
        if not f.endswith('.rs'):
            continue
        p = os.path.join(root, f)[2:]
        lines = open(os.path.join(root, f), encoding='utf-8').read().split('\n')
        in_tests = False
        for i, l in enumerate(lines):
            if re.match(r'\s*#\[cfg\(test\)\]', l):
                in_tests = True
            m = re.match(r'^(\s*)(pub(\([a-z]+\))? )?(async )?fn (\w+)', l)
            if not m or in_tests:
                continue
            indent = m.group(1)
            for j in range(i, len(lines)):
                if lines[j] == indent + '}':
                    out.append((j - i + 1, f"{p}:{i+1} {m.group(5)}"))
                    break
for n, where in sorted(out, reverse=True)[: int(sys.argv[1])]:
    print(f"{n:5} {where}")
PY
