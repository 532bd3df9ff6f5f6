/* bytecode_vm: a switch-dispatched stack machine. Two bytecode programs run on
   it: counting primes below a limit by trial division and an iterative
   Fibonacci modulo 2^32 inside a loop; both are checked against plain C. */
#include "bench.h"

#define PRIME_LIMIT 200000  /* primes counted below this */
#define FIB_ITERS 16000     /* outer loop of the Fibonacci program */
#define FIB_N 1000

static const char *NAME = "bytecode_vm";

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, LE, EQ, JMP, JZ, JNZ, DUP, POP, INC, HALT };

static uint32_t run(const int32_t *code, uint32_t *locals, uint64_t *steps) {
  uint32_t stack[64];
  int sp = 0;
  uint32_t pc = 0;
  uint64_t n = 0;
  for (;;) {
    ++n;
    int32_t op = code[pc++];
    switch (op) {
      case PUSH: stack[sp++] = (uint32_t)code[pc++]; break;
      case LOAD: stack[sp++] = locals[code[pc++]]; break;
      case STORE: locals[code[pc++]] = stack[--sp]; break;
      case ADD: --sp; stack[sp - 1] += stack[sp]; break;
      case SUB: --sp; stack[sp - 1] -= stack[sp]; break;
      case MUL: --sp; stack[sp - 1] *= stack[sp]; break;
      case MOD: --sp; stack[sp - 1] = stack[sp] ? stack[sp - 1] % stack[sp] : 0; break;
      case LT: --sp; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case LE: --sp; stack[sp - 1] = stack[sp - 1] <= stack[sp]; break;
      case EQ: --sp; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
      case JMP: pc = (uint32_t)code[pc]; break;
      case JZ: pc = stack[--sp] == 0 ? (uint32_t)code[pc] : pc + 1; break;
      case JNZ: pc = stack[--sp] != 0 ? (uint32_t)code[pc] : pc + 1; break;
      case DUP: stack[sp] = stack[sp - 1]; ++sp; break;
      case POP: --sp; break;
      case INC: locals[code[pc]] += 1; ++pc; break;
      case HALT: *steps = n; return sp > 0 ? stack[sp - 1] : 0;
      default: bench_fail(NAME, "bad opcode"); return 0;
    }
    if (sp < 0 || sp > 60) bench_fail(NAME, "stack out of range");
  }
}

/* A tiny assembler with labels patched afterwards. */
typedef struct { int32_t code[256]; int n; } prog;
static void e1(prog *p, int32_t a) { p->code[p->n++] = a; }
static void e2(prog *p, int32_t a, int32_t b) { e1(p, a); e1(p, b); }

static volatile uint32_t v_limit = PRIME_LIMIT, v_fib_iters = FIB_ITERS, v_fib_n = FIB_N;

int main(void) {
  /* locals: 0 = n, 1 = d, 2 = count, 3 = limit */
  prog pr = {{0}, 0};
  e2(&pr, PUSH, 2); e2(&pr, STORE, 0);
  e2(&pr, PUSH, 0); e2(&pr, STORE, 2);
  int outer = pr.n;                                /* while n < limit */
  e2(&pr, LOAD, 0); e2(&pr, LOAD, 3); e1(&pr, LT); e1(&pr, JZ); int patch_end = pr.n; e1(&pr, 0);
  e2(&pr, PUSH, 2); e2(&pr, STORE, 1);
  int inner = pr.n;                                /* while d*d <= n */
  e2(&pr, LOAD, 1); e1(&pr, DUP); e1(&pr, MUL); e2(&pr, LOAD, 0); e1(&pr, LE);
  e1(&pr, JZ); int patch_prime = pr.n; e1(&pr, 0);
  e2(&pr, LOAD, 0); e2(&pr, LOAD, 1); e1(&pr, MOD);  /* n % d == 0 -> composite */
  e1(&pr, JZ); int patch_next = pr.n; e1(&pr, 0);
  e2(&pr, INC, 1); e2(&pr, JMP, inner);
  pr.code[patch_prime] = pr.n;                     /* prime */
  e2(&pr, INC, 2);
  pr.code[patch_next] = pr.n;                      /* next n */
  e2(&pr, INC, 0); e2(&pr, JMP, outer);
  pr.code[patch_end] = pr.n;
  e2(&pr, LOAD, 2); e1(&pr, HALT);

  /* locals: 0 = i, 1 = a, 2 = b, 3 = n, 4 = k, 5 = iters, 6 = acc */
  prog fp = {{0}, 0};
  e2(&fp, PUSH, 0); e2(&fp, STORE, 4); e2(&fp, PUSH, 0); e2(&fp, STORE, 6);
  int kloop = fp.n;
  e2(&fp, LOAD, 4); e2(&fp, LOAD, 5); e1(&fp, LT); e1(&fp, JZ); int fpatch_end = fp.n; e1(&fp, 0);
  e2(&fp, LOAD, 4); e2(&fp, STORE, 1); e2(&fp, PUSH, 1); e2(&fp, STORE, 2);  /* a = k, b = 1 */
  e2(&fp, PUSH, 0); e2(&fp, STORE, 0);
  int iloop = fp.n;
  e2(&fp, LOAD, 0); e2(&fp, LOAD, 3); e1(&fp, LT); e1(&fp, JZ); int fpatch_done = fp.n; e1(&fp, 0);
  e2(&fp, LOAD, 1); e2(&fp, LOAD, 2); e1(&fp, ADD);  /* t = a + b */
  e2(&fp, LOAD, 2); e2(&fp, STORE, 1); e2(&fp, STORE, 2);  /* a = b; b = t */
  e2(&fp, INC, 0); e2(&fp, JMP, iloop);
  fp.code[fpatch_done] = fp.n;
  e2(&fp, LOAD, 6); e2(&fp, LOAD, 1); e1(&fp, ADD); e2(&fp, STORE, 6);
  e2(&fp, INC, 4); e2(&fp, JMP, kloop);
  fp.code[fpatch_end] = fp.n;
  e2(&fp, LOAD, 6); e1(&fp, HALT);

  uint32_t ck = 0;
  uint64_t steps1, steps2;
  uint32_t loc[8] = {0, 0, 0, v_limit, 0, 0, 0, 0};
  uint32_t primes = run(pr.code, loc, &steps1);
  uint32_t ref = 0;
  for (uint32_t n = 2; n < v_limit; ++n) {
    uint32_t d = 2;
    while (d * d <= n && n % d != 0) ++d;
    if (d * d > n) ++ref;
  }
  bench_check(NAME, primes == ref, "prime count differs from C");
  uint32_t floc[8] = {0, 0, 0, v_fib_n, 0, v_fib_iters, 0, 0};
  uint32_t fib = run(fp.code, floc, &steps2);
  uint32_t fref = 0;
  for (uint32_t k = 0; k < v_fib_iters; ++k) {
    uint32_t a = k, b = 1;
    for (uint32_t i = 0; i < v_fib_n; ++i) { uint32_t t = a + b; a = b; b = t; }
    fref += a;
  }
  bench_check(NAME, fib == fref, "Fibonacci sum differs from C");
  printf("primes below %u: %u (%llu steps); fib sum %08x (%llu steps)\n", (unsigned)v_limit,
         (unsigned)primes, (unsigned long long)steps1, (unsigned)fib, (unsigned long long)steps2);
  ck = ck_mix(ck, primes);
  ck = ck_mix(ck, fib);
  ck = ck_mix64(ck, steps1 + steps2);
  return bench_done(NAME, ck);
}
