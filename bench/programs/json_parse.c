/* json_parse: a recursive-descent JSON parser building a tree (malloc heavy),
   run over generated documents in canonical form (no spaces, integers, escaped
   strings). The tree is serialized again and must equal the input exactly;
   numbers, strings and members are counted and summed. */
#include <string.h>
#include "bench.h"

#define DOC_SIZE (256 * 1024)  /* approximate bytes per document */
#define ROUNDS 30
#define MAX_DEPTH 8

static const char *NAME = "json_parse";

enum { J_NULL, J_TRUE, J_FALSE, J_NUM, J_STR, J_ARR, J_OBJ };
typedef struct jval {
  int kind;
  int64_t num;
  char *str;            /* J_STR text, or J_OBJ member key (on the member's value) */
  struct jval *child;   /* first element or member */
  struct jval *next;    /* next sibling */
} jval;

/* ---- generator (writes canonical JSON) ---- */
static char doc[DOC_SIZE + 4096];
static size_t dlen;

static void gen_str(bench_rng *r) {
  doc[dlen++] = '"';
  int n = (int)rng_below(r, 12);
  for (int i = 0; i < n; ++i) {
    uint32_t k = rng_below(r, 40);
    if (k == 0) { doc[dlen++] = '\\'; doc[dlen++] = '"'; }
    else if (k == 1) { doc[dlen++] = '\\'; doc[dlen++] = '\\'; }
    else if (k == 2) { doc[dlen++] = '\\'; doc[dlen++] = 'n'; }
    else doc[dlen++] = (char)('a' + rng_below(r, 26));
  }
  doc[dlen++] = '"';
}

static void gen_value(bench_rng *r, int depth) {
  uint32_t k = rng_below(r, depth >= MAX_DEPTH || dlen > DOC_SIZE ? 5 : 8);
  switch (k) {
    case 0: memcpy(doc + dlen, "null", 4); dlen += 4; break;
    case 1: memcpy(doc + dlen, rng_below(r, 2) ? "true" : "false", 5);
            dlen += doc[dlen] == 't' ? 4 : 5; break;
    case 2: case 3: {
      int64_t v = (int64_t)(rng_next(r) >> rng_below(r, 64));
      if (rng_below(r, 3) == 0) v = -v;
      dlen += (size_t)sprintf(doc + dlen, "%lld", (long long)v);
      break;
    }
    case 4: gen_str(r); break;
    case 5: case 6: {
      doc[dlen++] = '[';
      int n = (int)rng_below(r, 6);
      for (int i = 0; i < n; ++i) { if (i) doc[dlen++] = ','; gen_value(r, depth + 1); }
      doc[dlen++] = ']';
      break;
    }
    default: {
      doc[dlen++] = '{';
      int n = (int)rng_below(r, 6);
      for (int i = 0; i < n; ++i) {
        if (i) doc[dlen++] = ',';
        gen_str(r);
        doc[dlen++] = ':';
        gen_value(r, depth + 1);
      }
      doc[dlen++] = '}';
    }
  }
}

/* ---- parser ---- */
typedef struct { const char *p, *end; int err; } parser;

static jval *new_val(int kind) {
  jval *v = calloc(1, sizeof *v);
  if (!v) bench_fail(NAME, "out of memory");
  v->kind = kind;
  return v;
}

static char *parse_str(parser *ps) {
  if (ps->p >= ps->end || *ps->p != '"') { ps->err = 1; return NULL; }
  const char *s = ++ps->p;
  size_t n = 0;
  while (ps->p < ps->end && *ps->p != '"') { if (*ps->p == '\\') ++ps->p; ++ps->p; ++n; }
  if (ps->p >= ps->end) { ps->err = 1; return NULL; }
  char *out = malloc(n + 1);
  if (!out) bench_fail(NAME, "out of memory");
  size_t o = 0;
  for (; s < ps->p; ++s) {
    if (*s == '\\') {
      ++s;
      out[o++] = *s == 'n' ? '\n' : *s;
    } else {
      out[o++] = *s;
    }
  }
  out[o] = 0;
  ++ps->p;
  return out;
}

static jval *parse_value(parser *ps, int depth) {
  if (ps->err || ps->p >= ps->end || depth > MAX_DEPTH + 1) { ps->err = 1; return NULL; }
  char c = *ps->p;
  if (c == 'n' && ps->end - ps->p >= 4 && !memcmp(ps->p, "null", 4)) { ps->p += 4; return new_val(J_NULL); }
  if (c == 't' && ps->end - ps->p >= 4 && !memcmp(ps->p, "true", 4)) { ps->p += 4; return new_val(J_TRUE); }
  if (c == 'f' && ps->end - ps->p >= 5 && !memcmp(ps->p, "false", 5)) { ps->p += 5; return new_val(J_FALSE); }
  if (c == '-' || (c >= '0' && c <= '9')) {
    int neg = c == '-';
    if (neg) ++ps->p;
    uint64_t u = 0;
    if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') { ps->err = 1; return NULL; }
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') u = u * 10 + (uint64_t)(*ps->p++ - '0');
    jval *v = new_val(J_NUM);
    v->num = neg ? (int64_t)(0 - u) : (int64_t)u;
    return v;
  }
  if (c == '"') { jval *v = new_val(J_STR); v->str = parse_str(ps); return v; }
  if (c == '[' || c == '{') {
    int obj = c == '{';
    jval *v = new_val(obj ? J_OBJ : J_ARR), **tail = &v->child;
    ++ps->p;
    char close = obj ? '}' : ']';
    if (ps->p < ps->end && *ps->p == close) { ++ps->p; return v; }
    for (;;) {
      char *key = NULL;
      if (obj) {
        key = parse_str(ps);
        if (ps->err || ps->p >= ps->end || *ps->p != ':') { free(key); ps->err = 1; return v; }
        ++ps->p;
      }
      jval *e = parse_value(ps, depth + 1);
      if (!e) { free(key); ps->err = 1; return v; }
      /* an object member's key is kept in a wrapper: a J_STR node whose child is the value */
      if (obj) { jval *m = new_val(J_STR); m->str = key; m->child = e; e = m; }
      *tail = e; tail = &e->next;
      if (ps->p < ps->end && *ps->p == ',') { ++ps->p; continue; }
      if (ps->p < ps->end && *ps->p == close) { ++ps->p; return v; }
      ps->err = 1;
      return v;
    }
  }
  ps->err = 1;
  return NULL;
}

/* ---- serializer, statistics, free ---- */
static char out[DOC_SIZE + 4096];
static size_t olen;

static void put_str(const char *s) {
  out[olen++] = '"';
  for (; *s; ++s) {
    if (*s == '"' || *s == '\\') { out[olen++] = '\\'; out[olen++] = *s; }
    else if (*s == '\n') { out[olen++] = '\\'; out[olen++] = 'n'; }
    else out[olen++] = *s;
  }
  out[olen++] = '"';
}

typedef struct { uint32_t nums, strs, members, containers; uint64_t numsum; uint32_t strhash; } stats;

static void emit(const jval *v, stats *st) {
  switch (v->kind) {
    case J_NULL: memcpy(out + olen, "null", 4); olen += 4; break;
    case J_TRUE: memcpy(out + olen, "true", 4); olen += 4; break;
    case J_FALSE: memcpy(out + olen, "false", 5); olen += 5; break;
    case J_NUM:
      olen += (size_t)sprintf(out + olen, "%lld", (long long)v->num);
      st->nums++; st->numsum += (uint64_t)v->num;
      break;
    case J_STR:
      put_str(v->str);
      st->strs++;
      for (const char *s = v->str; *s; ++s) st->strhash = st->strhash * 31 + (uint8_t)*s;
      break;
    default: {
      int obj = v->kind == J_OBJ;
      st->containers++;
      out[olen++] = obj ? '{' : '[';
      for (const jval *e = v->child; e; e = e->next) {
        if (e != v->child) out[olen++] = ',';
        if (obj) { put_str(e->str); out[olen++] = ':'; emit(e->child, st); st->members++; }
        else emit(e, st);
      }
      out[olen++] = obj ? '}' : ']';
    }
  }
}

static void free_tree(jval *v) {
  while (v) {
    jval *n = v->next;
    free_tree(v->child);
    free(v->str);
    free(v);
    v = n;
  }
}

int main(void) {
  bench_rng rng = {0x1505};
  uint32_t ck = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    dlen = 0;
    doc[dlen++] = '[';
    while (dlen < DOC_SIZE) { if (dlen > 1) doc[dlen++] = ','; gen_value(&rng, 1); }
    doc[dlen++] = ']';
    doc[dlen] = 0;
    stats st = {0, 0, 0, 0, 0, 0};
    for (int pass = 0; pass < 3; ++pass) {
      parser ps = {doc, doc + dlen, 0};
      jval *root = parse_value(&ps, 0);
      bench_check(NAME, !ps.err && root && ps.p == ps.end, "parse error");
      olen = 0;
      memset(&st, 0, sizeof st);
      emit(root, &st);
      bench_check(NAME, olen == dlen && memcmp(out, doc, dlen) == 0, "serialized tree differs from input");
      free_tree(root);
    }
    /* A truncated document must be rejected. */
    parser cut = {doc, doc + dlen - 1, 0};
    jval *root = parse_value(&cut, 0);
    bench_check(NAME, cut.err, "truncated document accepted");
    free_tree(root);
    /* One byte overwritten: rejected unless it landed inside a string. */
    doc[dlen / 2] = '}';
    parser bad = {doc, doc + dlen, 0};
    root = parse_value(&bad, 0);
    int rejected = bad.err || bad.p != bad.end;
    free_tree(root);
    ck = ck_mix(ck, (uint32_t)rejected);
    ck = ck_mix(ck, st.nums); ck = ck_mix(ck, st.strs); ck = ck_mix(ck, st.members);
    ck = ck_mix(ck, st.containers); ck = ck_mix64(ck, st.numsum); ck = ck_mix(ck, st.strhash);
    printf("round %d: %u bytes, %u numbers, %u strings, %u members, %u containers, corrupted %s\n",
           r, (unsigned)dlen, (unsigned)st.nums, (unsigned)st.strs, (unsigned)st.members,
           (unsigned)st.containers, rejected ? "rejected" : "accepted");
  }
  return bench_done(NAME, ck);
}
