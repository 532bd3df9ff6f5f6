/* brainfuck: two Brainfuck interpreters, a plain one (brackets matched by
   scanning at run time) and one running a pre-translated program (runs of
   + - < > folded, jumps resolved). They run generated programs: a text printer
   whose output must equal its text, and nested counting loops whose final
   tape is known in closed form; both interpreters must agree. */
#include <string.h>
#include "bench.h"

#define LOOP_A 250  /* the nested loops run A * B * C innermost iterations (each at most 255) */
#define LOOP_B 250
#define LOOP_C 210
#define TAPE 4096

static const char *NAME = "brainfuck";

static char src[65536];
static size_t slen;

static void emit(const char *s) { size_t n = strlen(s); memcpy(src + slen, s, n); slen += n; }
static void emit_n(char c, int n) { while (n-- > 0) src[slen++] = c; }

/* Prints text: each character is built in cell 1 from cell 0 with a
   multiplication loop, printed, then cleared. */
static void gen_printer(const char *text) {
  for (const char *t = text; *t; ++t) {
    int v = (unsigned char)*t, f = 8 + (int)(v % 5), q = v / f, r = v % f;
    emit_n('+', f);
    emit("[>");
    emit_n('+', q);
    emit("<-]>");
    emit_n('+', r);
    emit(".[-]<");
  }
}

/* cell0 = a; [ cell1 = b; [ cell2 = c; [ cell3++ cell4 += 3 cell5-- ; cell2-- ] cell1-- ] cell0-- ] */
static void gen_loops(int a, int b, int c) {
  emit_n('+', a);
  emit("[>");
  emit_n('+', b);
  emit("[>");
  emit_n('+', c);
  emit("[>+>+++>-<<<-]<-]<-]");
}

typedef struct { uint8_t tape[TAPE]; char out[4096]; size_t olen; uint64_t steps; int err; } machine;

static void run_plain(const char *p, size_t n, machine *m) {
  size_t pc = 0, dp = 0;
  memset(m, 0, sizeof *m);
  while (pc < n) {
    ++m->steps;
    switch (p[pc]) {
      case '+': m->tape[dp]++; break;
      case '-': m->tape[dp]--; break;
      case '>': if (++dp >= TAPE) { m->err = 1; return; } break;
      case '<': if (dp-- == 0) { m->err = 1; return; } break;
      case '.': if (m->olen < sizeof m->out - 1) m->out[m->olen++] = (char)m->tape[dp]; break;
      case '[':
        if (m->tape[dp] == 0) {
          int depth = 1;
          while (depth && ++pc < n) depth += p[pc] == '[' ? 1 : p[pc] == ']' ? -1 : 0;
        }
        break;
      case ']':
        if (m->tape[dp] != 0) {
          int depth = 1;
          while (depth && pc-- > 0) depth += p[pc] == ']' ? 1 : p[pc] == '[' ? -1 : 0;
        }
        break;
      default: break;
    }
    ++pc;
  }
}

enum { OP_ADD, OP_MOVE, OP_OUT, OP_JZ, OP_JNZ, OP_CLEAR, OP_END };
typedef struct { uint8_t op; int32_t arg; } insn;
static insn code[65536];

static int translate(const char *p, size_t n) {
  int nc = 0, stack[256], sp = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = p[i];
    if (c == '+' || c == '-') {
      int v = 0;
      while (i < n && (p[i] == '+' || p[i] == '-')) v += p[i++] == '+' ? 1 : -1;
      --i;
      code[nc++] = (insn){OP_ADD, v};
    } else if (c == '>' || c == '<') {
      int v = 0;
      while (i < n && (p[i] == '>' || p[i] == '<')) v += p[i++] == '>' ? 1 : -1;
      --i;
      code[nc++] = (insn){OP_MOVE, v};
    } else if (c == '.') {
      code[nc++] = (insn){OP_OUT, 0};
    } else if (c == '[') {
      if (i + 2 < n && p[i + 1] == '-' && p[i + 2] == ']') { code[nc++] = (insn){OP_CLEAR, 0}; i += 2; continue; }
      if (sp == 256) return -1;
      stack[sp++] = nc;
      code[nc++] = (insn){OP_JZ, 0};
    } else if (c == ']') {
      if (sp == 0) return -1;
      int open = stack[--sp];
      code[open].arg = nc + 1;
      code[nc++] = (insn){OP_JNZ, open + 1};
    }
  }
  if (sp != 0) return -1;
  code[nc++] = (insn){OP_END, 0};
  return nc;
}

static void run_fast(machine *m) {
  memset(m, 0, sizeof *m);
  int32_t pc = 0, dp = 0;
  for (;;) {
    insn in = code[pc++];
    ++m->steps;
    switch (in.op) {
      case OP_ADD: m->tape[dp] = (uint8_t)(m->tape[dp] + in.arg); break;
      case OP_MOVE: dp += in.arg; if (dp < 0 || dp >= TAPE) { m->err = 1; return; } break;
      case OP_OUT: if (m->olen < sizeof m->out - 1) m->out[m->olen++] = (char)m->tape[dp]; break;
      case OP_JZ: if (m->tape[dp] == 0) pc = in.arg; break;
      case OP_JNZ: if (m->tape[dp] != 0) pc = in.arg; break;
      case OP_CLEAR: m->tape[dp] = 0; break;
      default: return;
    }
  }
}

static volatile int v_a = LOOP_A, v_b = LOOP_B, v_c = LOOP_C;
static machine m1, m2;

int main(void) {
  static const char text[] = "Kiln runs Brainfuck: 0123456789 <>[]+-.,\n";
  int a = v_a, b = v_b, c = v_c;
  uint32_t ck = 0;
  gen_printer(text);
  gen_loops(a, b, c);
  int nc = translate(src, slen);
  bench_check(NAME, nc > 0, "unbalanced brackets in the generated program");

  run_plain(src, slen, &m1);
  run_fast(&m2);
  bench_check(NAME, !m1.err && !m2.err, "tape pointer out of range");
  bench_check(NAME, m1.olen == strlen(text) && memcmp(m1.out, text, m1.olen) == 0,
              "plain interpreter printed the wrong text");
  bench_check(NAME, m2.olen == m1.olen && memcmp(m2.out, m1.out, m1.olen) == 0,
              "the interpreters printed different text");
  bench_check(NAME, memcmp(m1.tape, m2.tape, TAPE) == 0, "the interpreters' tapes differ");
  uint32_t inner = (uint32_t)a * (uint32_t)b * (uint32_t)c;
  bench_check(NAME, m1.tape[3] == (uint8_t)inner && m1.tape[4] == (uint8_t)(3 * inner) &&
                    m1.tape[5] == (uint8_t)(0 - inner) && m1.tape[0] == 0 && m1.tape[2] == 0,
              "tape after the nested loops differs from the closed form");
  fwrite(m1.out, 1, m1.olen, stdout);
  printf("%u source bytes, %d instructions; steps: plain %llu, translated %llu\n", (unsigned)slen, nc,
         (unsigned long long)m1.steps, (unsigned long long)m2.steps);
  for (int i = 0; i < 8; ++i) ck = ck_mix(ck, m1.tape[i]);
  ck = ck_mix64(ck, m1.steps);
  ck = ck_mix64(ck, m2.steps);
  return bench_done(NAME, ck);
}
