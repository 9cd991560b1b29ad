#!/usr/bin/env bash
# module-graph.sh: which modules of the library each module uses (`crate::x`, `super::x` in a
# folder module), and any cycle among them. Run from anywhere in the repository.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../src"
python3 - <<'PY'
import os, re, sys
mods = {}
for root, _, files in os.walk('.'):
    for f in files:
        if not f.endswith('.rs') or root.startswith('./cmd') or f in ('main.rs',):
            continue
        path = os.path.join(root, f)[2:]
        if path == 'lib.rs':
            continue
        top = path.split('/')[0].removesuffix('.rs')
        text = open(path, encoding='utf-8').read()
        text = re.sub(r'#\[cfg\(test\)\]\s*mod tests\s*\{.*', '', text, flags=re.S)
        text = re.sub(r'//[^\n]*', '', text)
        if path.endswith('/tests.rs'):
            continue
        used = set(re.findall(r'crate::([a-z_]+)', text))
        used.discard(top)
        mods.setdefault(top, set()).update(u for u in used if u not in ('Error', 'Result'))
known = set(mods)
for m in sorted(mods):
    print(f"{m:10} -> {', '.join(sorted(u for u in mods[m] if u in known)) or '-'}")
# cycles by DFS
graph = {m: {u for u in mods[m] if u in known} for m in mods}
state, stack, cycles = {}, [], []
def dfs(m):
    state[m] = 1; stack.append(m)
    for u in sorted(graph[m]):
        if state.get(u) == 1:
            cycles.append(stack[stack.index(u):] + [u])
        elif u not in state:
            dfs(u)
    stack.pop(); state[m] = 2
for m in sorted(graph):
    if m not in state:
        dfs(m)
print("cycles:", "none" if not cycles else "")
for c in cycles:
    print("  " + " -> ".join(c))
sys.exit(1 if cycles else 0)
PY
