#!/usr/bin/env python3
"""Runs one WASI test program under `kiln run` and compares what it did with the expected
files beside its source (tests/wasi/README.md):

  SPEC.expected   stdout, exactly (required)
  SPEC.stderr     stderr, exactly; or SPEC.stderr.re, a regular expression that must match
                  all of stderr (re.fullmatch, DOTALL); with neither, stderr must be empty
  SPEC.status     exit status (default 0)
  SPEC.args       guest arguments, one per line
  SPEC.env        NAME=VALUE lines, each passed as --env NAME=VALUE
  SPEC.stdin      the guest's stdin (default: empty)
  SPEC.options    kiln run options, one per line, instead of the default
                  `--dir {sandbox}::/sandbox`; {sandbox} and {work} are replaced
  SPEC.tree       the sandbox's listing after the run (see listing())
  SPEC.fixture    more set-up, one command a line: `copy SRC DEST` (SRC relative to the
                  spec's folder, DEST to the sandbox) or `mkdir DIR`
  SPEC.files      files the run must leave in the sandbox, one a line:
                  `PATH = EXPECTED` (same bytes as EXPECTED, relative to the spec's folder)
                  or `PATH sha256 HEX [RIFF-WAVE]` (that digest; RIFF-WAVE: check the
                  header of a .wav first and report its fields when they are wrong)

The command runs in the work directory with KILN_WASI_TEST_HOST_VAR="from the host" added
to the environment (and KILN_WASI_TEST_UNSET_VAR removed), for `--env NAME` tests.
Each run gets a fresh work directory holding `sandbox/` (preopened) with fixture files and
symlinks, and `outside/` beside it with a file that no guest may read or change.

--runner node runs the module under Node's node:wasi instead (node_wasi_run.mjs), to
cross-check the expected files; only --dir and --env options are understood there.
"""
import argparse
import hashlib
import struct
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET = b"secret: must stay outside the sandbox\n"


def make_fixture(work):
    if os.path.lexists(work):
        shutil.rmtree(work)
    sandbox = os.path.join(work, "sandbox")
    outside = os.path.join(work, "outside")
    os.makedirs(os.path.join(sandbox, "sub"))
    os.makedirs(outside)
    with open(os.path.join(outside, "secret.txt"), "wb") as f:
        f.write(SECRET)
    with open(os.path.join(sandbox, "hello.txt"), "wb") as f:
        f.write(b"hello, sandbox\n")
    with open(os.path.join(sandbox, "sub", "nested.txt"), "wb") as f:
        f.write(b"nested\n")
    # Symlinks that lead out of the sandbox, one that stays inside, and a chain.
    os.symlink(os.path.join(outside, "secret.txt"), os.path.join(sandbox, "link_abs"))
    os.symlink("../outside/secret.txt", os.path.join(sandbox, "link_rel"))
    os.symlink("..", os.path.join(sandbox, "link_up"))
    os.symlink("link_rel", os.path.join(sandbox, "chain2"))
    os.symlink("chain2", os.path.join(sandbox, "chain1"))
    os.symlink("sub/nested.txt", os.path.join(sandbox, "link_in"))
    return sandbox, outside


def listing(root, work):
    """One line per entry under root, sorted: `d PATH`, `f PATH SIZE`, `l PATH -> TARGET`
    (TARGET with the work directory written as {work})."""
    lines = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if os.path.islink(full):
                lines.append("l %s -> %s" % (rel, os.readlink(full).replace(work, "{work}")))
            elif os.path.isdir(full):
                lines.append("d %s" % rel)
            else:
                lines.append("f %s %d" % (rel, os.path.getsize(full)))
    return sorted(lines)


def check_wave(data):
    """None when data is a RIFF/WAVE file whose header agrees with its size, else why not."""
    if len(data) < 44 or data[0:4] != b"RIFF" or data[8:16] != b"WAVEfmt ":
        return "not a RIFF WAVE file: %r" % data[:16]
    riff_size = struct.unpack_from("<I", data, 4)[0]
    fmt, channels, rate, byte_rate, align, bits = struct.unpack_from("<HHIIHH", data, 20)
    chunk = data[36:40]
    data_size = struct.unpack_from("<I", data, 40)[0]
    if riff_size != len(data) - 8 or chunk != b"data" or data_size != len(data) - 44 or \
            fmt != 1 or byte_rate != rate * channels * bits // 8:
        return ("inconsistent WAVE header: RIFF size %d, file %d bytes, format %d, %d channels, "
                "%d Hz, %d bits, chunk %r of %d bytes" % (riff_size, len(data), fmt, channels,
                                                          rate, bits, chunk, data_size))
    return None


def read(path, binary=False):
    if not os.path.exists(path):
        return None
    with open(path, "rb" if binary else "r", encoding=None if binary else "utf-8") as f:
        return f.read()


def lines_of(path):
    text = read(path)
    return [] if text is None else [l for l in text.split("\n") if l != ""]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--module", required=True)
    ap.add_argument("--spec", required=True, help="path of the expected files without extension")
    ap.add_argument("--work", required=True)
    ap.add_argument("--runner", choices=["kiln", "node"], default="kiln")
    ap.add_argument("--var", action="append", default=[],
                    help="NAME=VALUE: {NAME} in options, arguments and fixture is replaced")
    ap.add_argument("--timeout", type=float, default=100)
    ap.add_argument("--skip-if-missing", action="store_true",
                    help="exit 77 (skipped) when the module is missing, unless CI is set")
    ap.add_argument("--bless", action="store_true",
                    help="write stdout, stderr, status and tree to the expected files (review them!)")
    a = ap.parse_args()

    if a.skip_if_missing and not os.path.exists(a.module):
        print("%s is missing (the set-up test wasi/apps/fetch could not fetch it)" % a.module)
        return 1 if os.environ.get("CI") else 77
    work = os.path.abspath(a.work)
    sandbox, outside = make_fixture(work)
    variables = {"sandbox": sandbox, "work": work}
    for v in a.var:
        name, _, value = v.partition("=")
        variables[name] = value

    def subst(s):
        for name, value in variables.items():
            s = s.replace("{%s}" % name, value)
        return s

    spec_dir = os.path.dirname(os.path.abspath(a.spec))
    for line in lines_of(a.spec + ".fixture"):
        words = subst(line).split()
        if words[0] == "copy":
            shutil.copyfile(os.path.join(spec_dir, words[1]), os.path.join(sandbox, words[2]))
        elif words[0] == "mkdir":
            os.makedirs(os.path.join(sandbox, words[1]))
        else:
            print("bad fixture command: %s" % line)
            return 1

    options = lines_of(a.spec + ".options")
    options = [subst(o) for o in options] if os.path.exists(a.spec + ".options") \
        else ["--dir", sandbox + "::/sandbox"]
    for e in lines_of(a.spec + ".env"):
        options += ["--env", e]
    guest_args = [subst(x) for x in lines_of(a.spec + ".args")]
    module = os.path.abspath(subst(a.module))
    if a.runner == "kiln":
        cmd = [os.path.abspath(a.kiln), "run"] + options + [module] + guest_args
    else:
        cmd = ["node", "--no-warnings", os.path.join(HERE, "node_wasi_run.mjs")] + options + \
            [module] + guest_args
    stdin = read(a.spec + ".stdin", binary=True) or b""
    try:
        env = dict(os.environ, KILN_WASI_TEST_HOST_VAR="from the host")
        env.pop("KILN_WASI_TEST_UNSET_VAR", None)
        proc = subprocess.run(cmd, input=stdin, capture_output=True, cwd=work, env=env,
                              timeout=a.timeout)
    except subprocess.TimeoutExpired:
        print("command: %s\nFAIL: still running after %g seconds" % (" ".join(cmd), a.timeout))
        return 1
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")

    if a.bless:
        def write(ext, text):
            with open(a.spec + ext, "w", encoding="utf-8") as f:
                f.write(text)
        write(".expected", out)
        if err and not os.path.exists(a.spec + ".stderr.re"):
            write(".stderr", err)
        if proc.returncode:
            write(".status", "%d\n" % proc.returncode)
        if os.path.exists(a.spec + ".tree"):
            write(".tree", "".join(l + "\n" for l in listing(sandbox, work)))

    failures = []
    expected_out = read(a.spec + ".expected")
    if expected_out is None:
        failures.append("missing %s.expected" % a.spec)
    elif out != expected_out:
        failures.append("stdout differs:\n--- expected\n%s--- actual\n%s---" % (expected_out, out))
    expected_err = read(a.spec + ".stderr")
    err_re = read(a.spec + ".stderr.re")
    if expected_err is not None:
        if err != expected_err:
            failures.append("stderr differs:\n--- expected\n%s--- actual\n%s---" % (expected_err, err))
    elif err_re is not None:
        if not re.fullmatch(err_re.rstrip("\n") + "\n?", err, re.DOTALL):
            failures.append("stderr does not match %s.stderr.re:\n--- pattern\n%s--- actual\n%s---"
                            % (a.spec, err_re, err))
    elif err != "":
        failures.append("unexpected stderr:\n%s" % err)
    status = int((read(a.spec + ".status") or "0").strip())
    if proc.returncode != status:
        failures.append("exit status %d, expected %d" % (proc.returncode, status))
    expected_tree = read(a.spec + ".tree")
    if expected_tree is not None:
        tree = "".join(l + "\n" for l in listing(sandbox, work))
        if tree != expected_tree:
            failures.append("sandbox differs after the run:\n--- expected\n%s--- actual\n%s---"
                            % (expected_tree, tree))
    for line in lines_of(a.spec + ".files"):
        words = line.split()
        path = os.path.join(sandbox, words[0])
        data = read(path, binary=True)
        if data is None:
            failures.append("%s was not written" % words[0])
        elif words[1] == "=":
            expected = read(os.path.join(spec_dir, words[2]), binary=True)
            if data != expected:
                failures.append("%s differs from %s:\n--- actual\n%s---"
                                % (words[0], words[2], data.decode("utf-8", "replace")))
        elif words[1] == "sha256":
            if "RIFF-WAVE" in words[3:]:
                problem = check_wave(data)
                if problem:
                    failures.append("%s: %s" % (words[0], problem))
            digest = hashlib.sha256(data).hexdigest()
            if digest != words[2]:
                failures.append("%s: sha256 %s (%d bytes), expected %s"
                                % (words[0], digest, len(data), words[2]))
    # Nothing outside the sandbox changed.
    if sorted(os.listdir(work)) != ["outside", "sandbox"]:
        failures.append("work directory now holds %s" % sorted(os.listdir(work)))
    if listing(outside, work) != ["f secret.txt %d" % len(SECRET)] or \
            read(os.path.join(outside, "secret.txt"), binary=True) != SECRET:
        failures.append("outside/ changed: %s" % listing(outside, work))

    if failures:
        print("command: %s" % " ".join(cmd))
        for f in failures:
            print("FAIL: " + f)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
