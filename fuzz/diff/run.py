#!/usr/bin/env python3
"""Differential testing of Kiln against Node's V8 (fuzz/diff/README.md).

Makes modules -- from Kiln's generator (kiln-fuzzgen) and from binaryen (`wasm-opt -ttf`
on pseudo-random bytes) -- runs every one under kiln-diff-run and under node with
fuzz/diff/v8_run.js, and compares the two canonical logs module by module. A module whose
logs differ is a mismatch: it is kept with both logs in WORK/mismatches/. A module that
ran out of Kiln's safety-net fuel is inconclusive and counted apart.

  fuzz/diff/run.py --build build --ours 200 --binaryen 100 --seed 1 --work /tmp/kiln-diff
  fuzz/diff/run.py --build build --ours 3000 --binaryen 0 --simd --seed 1   # v128 code (SIMD)
Exit status: 0 when no module mismatches, 1 otherwise, 2 on a usage or set-up error.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH = 200  # modules per runner process


def split_logs(text):
    """{module file name: its log lines} from a runner's output."""
    logs, current = {}, None
    for line in text.splitlines():
        if line.startswith("module "):
            current = line[len("module "):]
            logs[current] = []
        elif current is not None:
            logs[current].append(line)
    return logs


def run_batch(cmd, files):
    out = subprocess.run(cmd + files, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({out.returncode}): {out.stderr[-2000:]}")
    return split_logs(out.stdout)


def make_ours(build, seed, count, outdir, simd):
    gen = os.path.join(build, "fuzz", "gen", "kiln-fuzzgen")
    subprocess.run([gen, "--seed", str(seed), "--count", str(count), "--out", outdir] + (["--simd"] if simd else []),
                   check=True)
    return [os.path.join(outdir, f"gen-{s}.wasm") for s in range(seed, seed + count)]


# Features both engines run: Node 20's V8 and Kiln's default engine.
BINARYEN_FLAGS = ["--mvp-features", "--enable-sign-ext", "--enable-nontrapping-float-to-int",
                  "--enable-bulk-memory", "--enable-multivalue", "--enable-mutable-globals"]


def make_binaryen(wasm_opt, seed, count, outdir, simd):
    rng = random.Random(seed)
    files = []
    for i in range(count):
        raw = os.path.join(outdir, f"ttf-{seed}-{i}.bin")
        with open(raw, "wb") as f:
            f.write(bytes(rng.getrandbits(8) for _ in range(rng.randrange(1000, 6000))))
        out = os.path.join(outdir, f"ttf-{seed}-{i}.wasm")
        # --denan: NaN results replaced by 0 before they reach memory or a result, as the
        # spec lets engines choose NaN bits (V8's f32/f64.min and max of a NaN with a payload
        # give the canonical NaN, Kiln the operand's payload; both are allowed).
        flags = BINARYEN_FLAGS + (["--enable-simd"] if simd else [])
        r = subprocess.run([wasm_opt, "-ttf", raw, *flags, "--denan", "-o", out], capture_output=True,
                           text=True)
        os.unlink(raw)
        if r.returncode != 0:
            raise RuntimeError(f"wasm-opt -ttf failed: {r.stderr[-1000:]}")
        files.append(out)
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True, help="the build directory (kiln-fuzzgen, kiln-diff-run)")
    ap.add_argument("--ours", type=int, default=200, help="modules from Kiln's generator")
    ap.add_argument("--binaryen", type=int, default=100, help="modules from wasm-opt -ttf")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--simd", action="store_true",
                    help="modules use v128 and the SIMD instructions (never relaxed SIMD): Kiln's generator's, "
                         "and binaryen's with --enable-simd")
    ap.add_argument("--work", default="/tmp/kiln-diff", help="where modules and mismatches go")
    ap.add_argument("--node", default=shutil.which("node"))
    ap.add_argument("--wasm-opt", default=shutil.which("wasm-opt"))
    ap.add_argument("--keep", action="store_true", help="keep every module, not only mismatches")
    args = ap.parse_args()

    missing = [n for n, p in (("node", args.node), ("wasm-opt", args.wasm_opt if args.binaryen else "-")) if not p]
    if missing:
        print(f"run.py: {', '.join(missing)} not found", file=sys.stderr)
        return 2
    runner = os.path.join(args.build, "fuzz", "diff", "kiln-diff-run")
    modules = os.path.join(args.work, "modules")
    mismatches = os.path.join(args.work, "mismatches")
    os.makedirs(modules, exist_ok=True)
    os.makedirs(mismatches, exist_ok=True)

    start = time.time()
    files = []
    if args.ours:
        files += make_ours(args.build, args.seed, args.ours, modules, args.simd)
    if args.binaryen:
        files += make_binaryen(args.wasm_opt, args.seed, args.binaryen, modules, args.simd)

    counts = {"compared": 0, "mismatch": 0, "inconclusive": 0, "invalid": 0, "calls": 0, "traps": 0}
    for i in range(0, len(files), BATCH):
        batch = files[i:i + BATCH]
        kiln = run_batch([runner], batch)
        v8 = run_batch([args.node, os.path.join(HERE, "v8_run.js")], batch)
        for f in batch:
            name = os.path.basename(f)
            k, v = kiln.get(name), v8.get(name)
            if k is not None and any(line.endswith("trap fuel") for line in k):
                counts["inconclusive"] += 1
                continue
            counts["compared"] += 1
            if k == ["invalid"] and v == ["invalid"]:
                counts["invalid"] += 1
            if k is not None:
                counts["calls"] += sum(1 for line in k if line.startswith("call "))
                counts["traps"] += sum(1 for line in k if line.startswith("-> trap"))
            if k != v:
                counts["mismatch"] += 1
                shutil.copy(f, mismatches)
                for side, log in (("kiln", k), ("v8", v)):
                    with open(os.path.join(mismatches, name + "." + side + ".log"), "w") as out:
                        out.write("\n".join(log or ["(no log)"]) + "\n")
        if not args.keep:
            for f in batch:
                os.unlink(f)

    print(f"differential: {counts['compared']} modules compared ({args.ours} generated{' with SIMD' if args.simd else ''}, "
          f"{args.binaryen} from "
          f"wasm-opt -ttf, seed {args.seed}), {counts['calls']} calls, {counts['traps']} traps, "
          f"{counts['invalid']} invalid in both, {counts['inconclusive']} inconclusive (fuel), "
          f"{counts['mismatch']} mismatches ({time.time() - start:.1f} s)")
    if counts["mismatch"]:
        print(f"mismatching modules and both logs: {mismatches}")
    return 1 if counts["mismatch"] else 0


if __name__ == "__main__":
    sys.exit(main())
