#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, made from the modules of the spec suite's .wast scripts.

    make_corpus.py --suite DIR --out DIR [--kiln PATH] [--max-size BYTES]

Writes, one file per distinct seed (named by the SHA-1 of its contents):
  OUT/wasm/  binary modules: `(module binary ...)` of every script, and with --kiln, every
             text module encoded by `kiln wat2wasm --enable-all --no-check` (invalid modules
             too, since they reach the validator): seeds of decode, print and run;
  OUT/wat/   text modules: `(module ...)` as written (without `definition`) and the source of
             `(module quote ...)`: seeds of parse and roundtrip;
  OUT/wast/  pieces of scripts: runs of whole top-level commands, cut where a piece would
             pass 4 KiB: seeds of parse (its script parser);
and OUT/stamp last, with the counts. Modules and pieces larger than --max-size (64 KiB) are
left out: they would make libFuzzer's inputs long and slow. The suite is not modified.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile


class Token:
    __slots__ = ("kind", "start", "end", "text")

    def __init__(self, kind, start, end, text):
        self.kind, self.start, self.end, self.text = kind, start, end, text


def tokenize(src):
    """Tokens of a script (bytes): ( ) strings and atoms; comments and whitespace dropped."""
    toks = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c in b" \t\r\n":
            i += 1
        elif src.startswith(b";;", i):
            j = src.find(b"\n", i)
            i = n if j < 0 else j + 1
        elif src.startswith(b"(;", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if src.startswith(b"(;", i):
                    depth, i = depth + 1, i + 2
                elif src.startswith(b";)", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c == ord("("):
            toks.append(Token("(", i, i + 1, None))
            i += 1
        elif c == ord(")"):
            toks.append(Token(")", i, i + 1, None))
            i += 1
        elif c == ord('"'):
            j = i + 1
            while j < n and src[j] != ord('"'):
                j += 2 if src[j] == ord("\\") else 1
            toks.append(Token("str", i, j + 1, src[i + 1:j]))
            i = j + 1
        else:
            j = i
            while j < n and src[j] not in b" \t\r\n()\";":
                j += 1
            toks.append(Token("atom", i, j, src[i:j]))
            i = max(j, i + 1)
    return toks


def unescape(s):
    """The bytes of a string literal's contents (https://webassembly.github.io/spec/core/text/values.html#strings)."""
    out = bytearray()
    i = 0
    simple = {ord("n"): 10, ord("t"): 9, ord("r"): 13, ord('"'): 34, ord("'"): 39, ord("\\"): 92}
    while i < len(s):
        c = s[i]
        if c != ord("\\") or i + 1 >= len(s):
            out.append(c)
            i += 1
            continue
        d = s[i + 1]
        if d in simple:
            out.append(simple[d])
            i += 2
        elif d == ord("u") and s[i + 2:i + 3] == b"{":
            end = s.find(b"}", i)
            out += chr(int(s[i + 3:end].replace(b"_", b""), 16)).encode("utf-8", "surrogatepass")
            i = end + 1
        else:
            out.append(int(s[i + 1:i + 3], 16))
            i += 3
    return bytes(out)


def matching(toks, k):
    """Index of the ) closing the ( at toks[k] (len(toks) when unbalanced)."""
    depth = 0
    for j in range(k, len(toks)):
        if toks[j].kind == "(":
            depth += 1
        elif toks[j].kind == ")":
            depth -= 1
            if depth == 0:
                return j
    return len(toks)


def modules(src, toks):
    """(form, bytes) of every module of a script: form 'wasm' (binary) or 'wat' (text, quote)."""
    k = 0
    while k + 1 < len(toks):
        if not (toks[k].kind == "(" and toks[k + 1].kind == "atom" and toks[k + 1].text == b"module"):
            k += 1
            continue
        close = matching(toks, k)
        j = k + 2
        definition = None
        if j < close and toks[j].kind == "atom" and toks[j].text in (b"definition", b"instance"):
            if toks[j].text == b"instance":
                k = close + 1
                continue
            definition = toks[j]
            j += 1
        if j < close and toks[j].kind == "atom" and toks[j].text.startswith(b"$"):
            j += 1
        head = toks[j] if j < close else None
        if head is not None and head.kind == "atom" and head.text in (b"binary", b"quote"):
            data = b"".join(unescape(t.text) for t in toks[j + 1:close] if t.kind == "str")
            yield ("wasm" if head.text == b"binary" else "wat"), data
        elif close < len(toks):
            text = src[toks[k].start:toks[close].end]
            if definition is not None:
                a, b = definition.start - toks[k].start, definition.end - toks[k].start
                text = text[:a] + text[b:]
            yield "wat", text
        k = close + 1


def script_pieces(src, toks, limit=4096):
    """Runs of consecutive top-level commands, each run at most `limit` bytes when it can be."""
    pieces, start, end = [], None, None
    k = 0
    while k < len(toks):
        if toks[k].kind != "(":
            k += 1
            continue
        close = matching(toks, k)
        if close >= len(toks):
            break
        s, e = toks[k].start, toks[close].end
        if start is not None and e - start > limit:
            pieces.append(src[start:end])
            start = None
        if start is None:
            start = s
        end = e
        k = close + 1
    if start is not None:
        pieces.append(src[start:end])
    return pieces


class Corpus:
    def __init__(self, out, max_size):
        self.out, self.max_size = out, max_size
        self.counts = {}
        for d in ("wasm", "wat", "wast"):
            os.makedirs(os.path.join(out, d), exist_ok=True)
            self.counts[d] = 0

    def add(self, kind, data):
        if not data or len(data) > self.max_size:
            return
        path = os.path.join(self.out, kind, hashlib.sha1(data).hexdigest())
        if os.path.exists(path):
            return
        with open(path, "wb") as f:
            f.write(data)
        self.counts[kind] += 1


def encode_text_modules(kiln, texts, corpus):
    """Each text module through `kiln wat2wasm --enable-all --no-check` (in batches)."""
    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for i, t in enumerate(texts):
            name = os.path.join(tmp, "m%d.wat" % i)
            with open(name, "wb") as f:
                f.write(t)
            names.append(name)
        for b in range(0, len(names), 400):
            batch = names[b:b + 400]
            subprocess.run([kiln, "wat2wasm", "--enable-all", "--no-check"] + batch,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            for name in batch:
                wasm = name[:-4] + ".wasm"
                if os.path.exists(wasm):
                    with open(wasm, "rb") as f:
                        corpus.add("wasm", f.read())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", required=True, help="the spec test suite (a directory of .wast files)")
    ap.add_argument("--out", required=True, help="where to write wasm/, wat/, wast/ and stamp")
    ap.add_argument("--kiln", help="the kiln tool, to encode the text modules as binary seeds too")
    ap.add_argument("--max-size", type=int, default=64 * 1024)
    args = ap.parse_args()

    scripts = []
    for root, dirs, files in os.walk(args.suite):
        dirs.sort()
        scripts += [os.path.join(root, f) for f in sorted(files) if f.endswith(".wast")]
    if not scripts:
        sys.exit("make_corpus.py: no .wast files under %s" % args.suite)

    for d in ("wasm", "wat", "wast"):
        shutil.rmtree(os.path.join(args.out, d), ignore_errors=True)
    corpus = Corpus(args.out, args.max_size)
    texts = {}
    for path in scripts:
        with open(path, "rb") as f:
            src = f.read()
        toks = tokenize(src)
        for kind, data in modules(src, toks):
            corpus.add(kind, data)
            if kind == "wat" and len(data) <= args.max_size:
                texts[data] = True
        for piece in script_pieces(src, toks):
            corpus.add("wast", piece)
    if args.kiln:
        encode_text_modules(args.kiln, list(texts), corpus)

    summary = "%d scripts: %d wasm, %d wat, %d wast seeds\n" % (
        len(scripts), corpus.counts["wasm"], corpus.counts["wat"], corpus.counts["wast"])
    with open(os.path.join(args.out, "stamp"), "w") as f:
        f.write(summary)
    sys.stdout.write("make_corpus.py: " + summary)


if __name__ == "__main__":
    main()
