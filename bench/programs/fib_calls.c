/* fib_calls: call-heavy recursion. Recursive Fibonacci, Takeuchi's function,
   Ackermann A(2|3, n) and a mutually recursive pair, so that calls and returns
   dominate. Each result is checked against an iterative or closed form. */
#include "bench.h"

#define FIB_N 37    /* fib(37) and fib(38): about 170 million calls before clang's tail-call rewriting */
#define TAK_X 28    /* tak(28, 18, 9) */
#define ACK_N 6     /* ack(3, 6) = 509: recursion about 500 deep, within wasm3's and iwasm's default 64 KiB stacks */
#define MUT_N 38    /* the mutually recursive walk */
#define REPEAT 2

static const char *NAME = "fib_calls";

/* Inputs read through a volatile so that nothing is computed at compile time. */
static volatile int v_fib = FIB_N, v_tak = TAK_X, v_ack = ACK_N, v_mut = MUT_N;

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int tak(int x, int y, int z) {
  if (y >= x) return z;
  return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

/* Takeuchi's function again, memoized over a small window of arguments: the
   reference the plain recursion is checked against. */
#define TAK_OFF 8
#define TAK_DIM 48
static signed char tak_memo[TAK_DIM][TAK_DIM][TAK_DIM];
static int tak_ref(int x, int y, int z) {
  if (y >= x) return z;
  signed char *m = &tak_memo[x + TAK_OFF][y + TAK_OFF][z + TAK_OFF];
  if (*m == 0)
    *m = (signed char)(1 + tak_ref(tak_ref(x - 1, y, z), tak_ref(y - 1, z, x), tak_ref(z - 1, x, y)));
  return *m - 1;
}

static uint32_t ack(uint32_t m, uint32_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

/* Two functions calling each other: a(n) and b(n) count the leaves of a
   binary-ish tree whose branches alternate between the two. */
static uint32_t walk_b(uint32_t n, uint32_t salt);
static uint32_t walk_a(uint32_t n, uint32_t salt) {
  if (n < 2) return salt & 7;
  return walk_b(n - 1, salt * 3 + 1) + walk_b(n - 2, salt ^ n);
}
static uint32_t walk_b(uint32_t n, uint32_t salt) {
  if (n < 2) return (salt >> 3) & 7;
  return walk_a(n - 1, salt + 5) ^ (walk_a(n - 2, salt * 7) + 1);
}

int main(void) {
  uint32_t ck = 0;
  for (int r = 0; r < REPEAT; ++r) {
    int fn = v_fib + r;
    uint32_t f = fib((uint32_t)fn);
    uint32_t a = 0, b = 1;
    for (int i = 0; i < fn; ++i) { uint32_t t = a + b; a = b; b = t; }
    bench_check(NAME, f == a, "recursive fib differs from iterative fib");
    ck = ck_mix(ck, f);

    int t = tak(v_tak, v_tak * 2 / 3, v_tak / 3);
    bench_check(NAME, t == tak_ref(v_tak, v_tak * 2 / 3, v_tak / 3), "tak differs from memoized tak");
    ck = ck_mix(ck, (uint32_t)t);

    uint32_t k = ack(3, (uint32_t)v_ack);
    bench_check(NAME, k == (1u << (v_ack + 3)) - 3, "ack(3, n) != 2^(n+3) - 3");
    uint32_t k2 = ack(2, (uint32_t)v_ack * 30);
    bench_check(NAME, k2 == 2u * (uint32_t)v_ack * 30 + 3, "ack(2, n) != 2n + 3");
    ck = ck_mix(ck, k);
    ck = ck_mix(ck, k2);

    uint32_t w = walk_a((uint32_t)v_mut, (uint32_t)r);
    ck = ck_mix(ck, w);
    printf("round %d: fib(%d) = %u, tak = %d, ack(3,%d) = %u, walk = %u\n", r, fn,
           (unsigned)f, t, v_ack, (unsigned)k, (unsigned)w);
  }
  return bench_done(NAME, ck);
}
