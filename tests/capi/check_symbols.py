#!/usr/bin/env python3
"""Checks that every function declared in the C API headers has a definition in the library.

Preprocesses each header as C (so the WASM_DECLARE_* macros expand), takes every top-level
declaration that is not a typedef, a static inline function or a type, and looks its name up
among the symbols the library defines (nm). Fails listing the functions without one.
--extra-decl adds a declaration (the test that this check can fail)."""
import argparse, re, subprocess, sys, tempfile, os

ap = argparse.ArgumentParser()
ap.add_argument("--cc", required=True)
ap.add_argument("--nm", required=True)
ap.add_argument("--include", required=True)
ap.add_argument("--lib", required=True)
ap.add_argument("--header", action="append", required=True)
ap.add_argument("--extra-decl", default="")
ap.add_argument("--min-count", type=int, default=0)
args = ap.parse_args()

src = "".join(f'#include "{h}"\n' for h in args.header) + args.extra_decl + "\n"
with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as f:
    f.write(src)
    tmp = f.name
try:
    text = subprocess.run([args.cc, "-std=c11", "-E", "-P", "-I", args.include, tmp],
                          check=True, capture_output=True, text=True).stdout
finally:
    os.unlink(tmp)

# The system headers are preprocessed too: keep the functions named wasm_* and kiln_*.
# Replace every top-level {...} block by a separator, then split into statements.
out, depth = [], 0
for ch in text:
    if ch == "{":
        if depth == 0:
            out.append(" {} ;")
        depth += 1
    elif ch == "}":
        depth -= 1
    elif depth == 0:
        out.append(ch)
flat = "".join(out)
declared = set()
for stmt in flat.split(";"):
    s = " ".join(stmt.split())
    if not s or "(" not in s or s.startswith("typedef") or "{}" in s:
        continue
    if re.match(r"^(static|extern\s+inline|inline)\b", s):
        continue
    m = re.match(r"^[^(]*?\b([A-Za-z_]\w*)\s*\(", s)
    if m and re.match(r"^(wasm|kiln)_", m.group(1)):
        declared.add(m.group(1))

nm = subprocess.run([args.nm, "-g", "--defined-only", args.lib], check=True, capture_output=True, text=True).stdout
defined = set()
for line in nm.splitlines():
    parts = line.split()
    if len(parts) == 3 and parts[1] in ("T", "W"):
        defined.add(parts[2])

missing = sorted(declared - defined)
print(f"{len(declared)} functions declared, {len(declared) - len(missing)} defined")
if len(declared) < args.min_count:
    print(f"expected at least {args.min_count} declarations: the header parse is broken")
    sys.exit(1)
if missing:
    print("declared without a definition:\n  " + "\n  ".join(missing))
    sys.exit(1)
