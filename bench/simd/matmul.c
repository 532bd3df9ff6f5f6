/* Single-precision matrix multiply-accumulate, C += A_r * B for a few rounds r, 128x128.
 * A kernel of bench/simd_kernels: the i-k-j loop order makes the inner loop an
 * element-wise c[j] += a * b[j] over a row, which clang -O2 -msimd128 vectorizes with f32x4
 * lanes (splat, mul, add) without reordering any sum.
 *
 * Every value is a small integer (|A| <= 10, |B| <= 8, |C| < 2^24), so each product and sum
 * is exact in f32: the result does not depend on the order of operations, and all builds
 * (native, scalar wasm, SIMD wasm) must print the same checksum. The program checks
 * sampled entries of C against the same sums computed in integers. */
#include "kernel_main.h"

enum { N = 128, ROUNDS = 48 };

static float a[N][N], b[N][N], c[N][N];

/* Entries of the operands as functions of their position, so that the check can recompute
 * them. */
static int base_a(int i, int k) { return (int)((i * 37u + k * 11u + (unsigned)(i * k)) % 17u) - 8; }
static int entry_b(int k, int j) { return (int)((k * 13u + j * 29u + (unsigned)(k ^ j)) % 17u) - 8; }
static int shift(int r) { return r % 5 - 2; }

static void multiply_add(float (*restrict cm)[N], float (*restrict am)[N], float (*restrict bm)[N]) {
  for (int i = 0; i < N; ++i)
    for (int k = 0; k < N; ++k) {
      float aik = am[i][k];
      for (int j = 0; j < N; ++j)
        cm[i][j] += aik * bm[k][j];
    }
}

static uint32_t workload(char *title, size_t size, int *bad) {
  for (int k = 0; k < N; ++k)
    for (int j = 0; j < N; ++j) {
      b[k][j] = (float)entry_b(k, j);
      c[k][j] = 0;
    }
  for (int r = 0; r < ROUNDS; ++r) {
    for (int i = 0; i < N; ++i)
      for (int k = 0; k < N; ++k)
        a[i][k] = (float)(base_a(i, k) + shift(r));
    multiply_add(c, a, b);
  }

  uint32_t rng = 777;
  for (int t = 0; t < 64; ++t) {
    rng = rng * 1664525u + 1013904223u;
    int i = (int)(rng >> 8) % N;
    rng = rng * 1664525u + 1013904223u;
    int j = (int)(rng >> 8) % N;
    int64_t want = 0;
    for (int r = 0; r < ROUNDS; ++r)
      for (int k = 0; k < N; ++k)
        want += (int64_t)(base_a(i, k) + shift(r)) * entry_b(k, j);
    if (c[i][j] != (float)want) {
      printf("matmul: c[%d][%d] is %.1f, the integer sum is %lld\n", i, j, c[i][j], (long long)want);
      *bad = 1;
    }
  }

  uint32_t hash = 2166136261u; /* FNV-1a over the entries of C, as integers */
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j)
      hash = (hash ^ (uint32_t)(int32_t)c[i][j]) * 16777619u;
  snprintf(title, size, "matmul %dx%d f32, %d rounds", N, N, ROUNDS);
  return hash;
}
