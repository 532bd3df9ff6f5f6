/* state_machine: table-driven automata over generated input. A UTF-8 decoder
   driven by a byte-class table and a state-transition table (built at start-up
   from the encoding rules) is checked against a branchy reference decoder on
   text with valid and invalid sequences; then a table-driven lexer DFA counts
   identifiers, numbers, strings, comments and operators. */
#include <string.h>
#include "bench.h"

#define INPUT_SIZE (1024 * 1024)  /* bytes per round */
#define ROUNDS 20

static const char *NAME = "state_machine";
static uint8_t input[INPUT_SIZE];

/* ---- UTF-8: byte classes and states ---- */
enum { C_ASCII, C_CONT_LO, C_CONT_MID, C_CONT_HI, C_LEAD2, C_E0, C_LEAD3, C_ED, C_F0, C_LEAD4,
       C_F4, C_BAD, NCLASS };
/* states: 0 accept, 1 reject, 2 need 1 more, 3 need 2, 4 need 3,
   5 after E0 (A0..BF), 6 after ED (80..9F), 7 after F0 (90..BF), 8 after F4 (80..8F) */
enum { S_ACCEPT, S_REJECT, S_1, S_2, S_3, S_E0, S_ED, S_F0, S_F4, NSTATE };
static uint8_t byte_class[256];
static uint8_t trans[NSTATE][NCLASS];

static void utf8_tables(void) {
  for (int b = 0; b < 256; ++b) {
    uint8_t c;
    if (b < 0x80) c = C_ASCII;
    else if (b < 0x90) c = C_CONT_LO;
    else if (b < 0xA0) c = C_CONT_MID;
    else if (b < 0xC0) c = C_CONT_HI;
    else if (b < 0xC2) c = C_BAD;
    else if (b < 0xE0) c = C_LEAD2;
    else if (b == 0xE0) c = C_E0;
    else if (b == 0xED) c = C_ED;
    else if (b < 0xF0) c = C_LEAD3;
    else if (b == 0xF0) c = C_F0;
    else if (b < 0xF4) c = C_LEAD4;
    else if (b == 0xF4) c = C_F4;
    else c = C_BAD;
    byte_class[b] = c;
  }
  memset(trans, S_REJECT, sizeof trans);
  trans[S_ACCEPT][C_ASCII] = S_ACCEPT;
  trans[S_ACCEPT][C_LEAD2] = S_1;
  trans[S_ACCEPT][C_E0] = S_E0;
  trans[S_ACCEPT][C_LEAD3] = S_2;
  trans[S_ACCEPT][C_ED] = S_ED;
  trans[S_ACCEPT][C_F0] = S_F0;
  trans[S_ACCEPT][C_LEAD4] = S_3;
  trans[S_ACCEPT][C_F4] = S_F4;
  for (int c = C_CONT_LO; c <= C_CONT_HI; ++c) {
    trans[S_1][c] = S_ACCEPT;
    trans[S_2][c] = S_1;
    trans[S_3][c] = S_2;
  }
  trans[S_E0][C_CONT_HI] = S_1;
  trans[S_ED][C_CONT_LO] = S_1; trans[S_ED][C_CONT_MID] = S_1;
  trans[S_F0][C_CONT_MID] = S_2; trans[S_F0][C_CONT_HI] = S_2;
  trans[S_F4][C_CONT_LO] = S_2;
}

/* Table decoder: counts code points and errors (an error restarts at the
   offending byte if it could start a sequence, else skips it), sums code points. */
static void decode_table(const uint8_t *p, size_t n, uint32_t *cps, uint32_t *errs, uint64_t *sum) {
  uint32_t c = 0, e = 0, cp = 0;
  uint64_t s = 0;
  uint8_t st = S_ACCEPT;
  for (size_t i = 0; i < n; ++i) {
    uint8_t b = p[i], cls = byte_class[b];
    uint8_t next = trans[st][cls];
    if (next == S_REJECT) {
      ++e;
      if (st != S_ACCEPT) { st = S_ACCEPT; --i; continue; }  /* retry this byte */
      continue;
    }
    cp = st == S_ACCEPT ? (b < 0x80 ? b : b < 0xE0 ? b & 0x1Fu : b < 0xF0 ? b & 0x0Fu : b & 0x07u)
                        : (cp << 6) | (b & 0x3Fu);
    st = next;
    if (st == S_ACCEPT) { ++c; s += cp; }
  }
  if (st != S_ACCEPT) ++e;
  *cps = c; *errs = e; *sum = s;
}

/* Reference decoder with explicit branches. */
static void decode_ref(const uint8_t *p, size_t n, uint32_t *cps, uint32_t *errs, uint64_t *sum) {
  uint32_t c = 0, e = 0;
  uint64_t s = 0;
  size_t i = 0;
  while (i < n) {
    uint8_t b = p[i];
    if (b < 0x80) { ++c; s += b; ++i; continue; }
    int need; uint32_t cp, min; uint8_t lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) { need = 1; cp = b & 0x1F; min = 0x80; }
    else if (b >= 0xE0 && b <= 0xEF) {
      need = 2; cp = b & 0x0F; min = 0x800;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3; cp = b & 0x07; min = 0x10000;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else { ++e; ++i; continue; }
    size_t j = i + 1;
    int k = 0;
    for (; k < need; ++k, ++j) {
      if (j >= n) break;
      uint8_t t = p[j];
      uint8_t l = k == 0 ? lo : 0x80, h = k == 0 ? hi : 0xBF;
      if (t < l || t > h) break;
      cp = (cp << 6) | (t & 0x3F);
    }
    if (k < need) { ++e; i = j; continue; }
    if (cp < min) { ++e; i = j; continue; }
    ++c; s += cp; i = j;
  }
  *cps = c; *errs = e; *sum = s;
}

static size_t put_cp(uint8_t *o, uint32_t cp) {
  if (cp < 0x80) { o[0] = (uint8_t)cp; return 1; }
  if (cp < 0x800) { o[0] = (uint8_t)(0xC0 | cp >> 6); o[1] = (uint8_t)(0x80 | (cp & 0x3F)); return 2; }
  if (cp < 0x10000) {
    o[0] = (uint8_t)(0xE0 | cp >> 12); o[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (uint8_t)(0x80 | (cp & 0x3F)); return 3;
  }
  o[0] = (uint8_t)(0xF0 | cp >> 18); o[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (uint8_t)(0x80 | (cp & 0x3F)); return 4;
}

static void gen_utf8(bench_rng *rng, uint32_t bad_per_mille) {
  size_t i = 0;
  while (i + 4 <= INPUT_SIZE) {
    uint32_t r = rng_below(rng, 1000);
    if (r < bad_per_mille) { input[i++] = (uint8_t)rng_u32(rng); continue; }
    uint32_t kind = rng_below(rng, 10), cp;
    if (kind < 5) cp = 0x20 + rng_below(rng, 0x5F);
    else if (kind < 7) cp = 0x80 + rng_below(rng, 0x780);
    else if (kind < 9) { cp = 0x800 + rng_below(rng, 0xF800); if (cp >= 0xD800 && cp < 0xE000) cp -= 0x1000; }
    else cp = 0x10000 + rng_below(rng, 0x100000);
    i += put_cp(input + i, cp);
  }
  while (i < INPUT_SIZE) input[i++] = ' ';
}

/* ---- lexer DFA ---- */
enum { L_START, L_IDENT, L_NUM, L_STR, L_STR_ESC, L_SLASH, L_COMMENT, L_OP, NLSTATE };
enum { K_SPACE, K_ALPHA, K_DIGIT, K_QUOTE, K_BSLASH, K_SLASH, K_NL, K_OP, K_OTHER, NLCLASS };
enum { T_NONE, T_IDENT, T_NUM, T_STR, T_COMMENT, T_OP, NTOK };
static uint8_t lclass[256], ltrans[NLSTATE][NLCLASS], lemit[NLSTATE][NLCLASS];

static void lex_tables(void) {
  for (int b = 0; b < 256; ++b) {
    uint8_t k = K_OTHER;
    if (b == ' ' || b == '\t') k = K_SPACE;
    else if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_') k = K_ALPHA;
    else if (b >= '0' && b <= '9') k = K_DIGIT;
    else if (b == '"') k = K_QUOTE;
    else if (b == '\\') k = K_BSLASH;
    else if (b == '/') k = K_SLASH;
    else if (b == '\n') k = K_NL;
    else if (strchr("+-*=<>!&|;(){}", b) && b) k = K_OP;
    lclass[b] = k;
  }
  /* From START (or after finishing a token), where each class goes. */
  static const uint8_t start_to[NLCLASS] = {L_START, L_IDENT, L_NUM, L_STR, L_START, L_SLASH,
                                            L_START, L_OP, L_START};
  for (int s = 0; s < NLSTATE; ++s)
    for (int k = 0; k < NLCLASS; ++k) { ltrans[s][k] = start_to[k]; lemit[s][k] = T_NONE; }
  for (int k = 0; k < NLCLASS; ++k) {
    lemit[L_IDENT][k] = T_IDENT; lemit[L_NUM][k] = T_NUM; lemit[L_OP][k] = T_OP;
    lemit[L_SLASH][k] = T_OP;
    ltrans[L_STR][k] = L_STR; ltrans[L_STR_ESC][k] = L_STR;
    ltrans[L_COMMENT][k] = L_COMMENT;
  }
  ltrans[L_IDENT][K_ALPHA] = L_IDENT; ltrans[L_IDENT][K_DIGIT] = L_IDENT; lemit[L_IDENT][K_ALPHA] = 0;
  lemit[L_IDENT][K_DIGIT] = 0;
  ltrans[L_NUM][K_DIGIT] = L_NUM; lemit[L_NUM][K_DIGIT] = 0;
  ltrans[L_OP][K_OP] = L_OP; lemit[L_OP][K_OP] = 0;
  ltrans[L_STR][K_BSLASH] = L_STR_ESC;
  ltrans[L_STR][K_QUOTE] = L_START; lemit[L_STR][K_QUOTE] = T_STR;
  ltrans[L_STR][K_NL] = L_START; lemit[L_STR][K_NL] = T_STR;  /* unterminated */
  ltrans[L_SLASH][K_SLASH] = L_COMMENT; lemit[L_SLASH][K_SLASH] = 0;
  ltrans[L_COMMENT][K_NL] = L_START; lemit[L_COMMENT][K_NL] = T_COMMENT;
}

static void gen_source(bench_rng *rng) {
  static const char *pieces[] = {"x", "count", "_tmp1", "42", "1000", " ", " ", "\t", "\n", "=",
                                 "+=", "==", "(", ")", "{", "}", ";", "\"str\"", "\"a\\\"b\"",
                                 "// note\n", "/", "if", "while", "<=", "&&", "9x", "?"};
  const size_t np = sizeof pieces / sizeof *pieces;
  size_t i = 0;
  while (i < INPUT_SIZE - 16) {
    const char *p = pieces[rng_below(rng, (uint32_t)np)];
    while (*p) input[i++] = (uint8_t)*p++;
  }
  while (i < INPUT_SIZE) input[i++] = '\n';
}

int main(void) {
  utf8_tables();
  lex_tables();
  bench_rng rng = {0xDFA};
  uint32_t ck = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    gen_utf8(&rng, (uint32_t)r * 2);
    uint32_t c1, e1, c2, e2;
    uint64_t s1, s2;
    decode_table(input, INPUT_SIZE, &c1, &e1, &s1);
    decode_ref(input, INPUT_SIZE, &c2, &e2, &s2);
    if (c1 != c2 || e1 != e2 || s1 != s2) {
      printf("table: %u cps %u errors; reference: %u cps %u errors\n", (unsigned)c1, (unsigned)e1,
             (unsigned)c2, (unsigned)e2);
      bench_fail(NAME, "table-driven UTF-8 decoder differs from the reference");
    }
    if (r == 0) bench_check(NAME, e1 == 0, "valid UTF-8 reported invalid");
    ck = ck_mix(ck, c1); ck = ck_mix(ck, e1); ck = ck_mix64(ck, s1);

    gen_source(&rng);
    uint32_t counts[NTOK] = {0};
    uint8_t st = L_START;
    for (size_t i = 0; i < INPUT_SIZE; ++i) {
      uint8_t k = lclass[input[i]];
      counts[lemit[st][k]]++;
      st = ltrans[st][k];
    }
    for (int t = 1; t < NTOK; ++t) ck = ck_mix(ck, counts[t]);
    printf("round %d: %u code points, %u errors; tokens: %u ident %u num %u str %u comment %u op\n",
           r, (unsigned)c1, (unsigned)e1, (unsigned)counts[T_IDENT], (unsigned)counts[T_NUM],
           (unsigned)counts[T_STR], (unsigned)counts[T_COMMENT], (unsigned)counts[T_OP]);
  }
  return bench_done(NAME, ck);
}
