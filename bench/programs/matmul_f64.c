/* matmul_f64: dense f64 linear algebra. A matrix product of integer-valued
   matrices (exact in f64, so the checksum does not depend on rounding) checked
   against a second loop order, then an LU decomposition with partial pivoting
   solving A x = b for a known integer x; the residual must be small and the
   rounded solution must equal x. */
#include <math.h>
#include "bench.h"

#define N 320       /* matrix product size */
#define LU_N 320    /* LU system size */
#define ROUNDS 12

static const char *NAME = "matmul_f64";

static double A[N][N], B[N][N], C[N][N], D[N][N];
static double M[LU_N][LU_N], LU[LU_N][LU_N], x[LU_N], b[LU_N], y[LU_N];
static int piv[LU_N];

int main(void) {
  bench_rng rng = {0x3A73};
  uint32_t ck = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    for (int i = 0; i < N; ++i)
      for (int j = 0; j < N; ++j) {
        A[i][j] = (double)((int)rng_below(&rng, 33) - 16);
        B[i][j] = (double)((int)rng_below(&rng, 33) - 16);
      }
    /* i-k-j order */
    for (int i = 0; i < N; ++i) {
      for (int j = 0; j < N; ++j) C[i][j] = 0.0;
      for (int k = 0; k < N; ++k) {
        double a = A[i][k];
        for (int j = 0; j < N; ++j) C[i][j] += a * B[k][j];
      }
    }
    /* i-j-k order (dot products) */
    for (int i = 0; i < N; ++i)
      for (int j = 0; j < N; ++j) {
        double s = 0.0;
        for (int k = 0; k < N; ++k) s += A[i][k] * B[k][j];
        D[i][j] = s;
      }
    for (int i = 0; i < N; ++i)
      for (int j = 0; j < N; ++j) {
        bench_check(NAME, C[i][j] == D[i][j], "the two product loop orders differ");
        ck = ck_mix(ck, (uint32_t)(int32_t)C[i][j]);
      }

    /* LU with partial pivoting on a random matrix. */
    for (int i = 0; i < LU_N; ++i) {
      for (int j = 0; j < LU_N; ++j) M[i][j] = (double)((int)rng_below(&rng, 2001) - 1000) / 64.0;
      x[i] = (double)((int)rng_below(&rng, 201) - 100);
    }
    for (int i = 0; i < LU_N; ++i) {
      double s = 0.0;
      for (int j = 0; j < LU_N; ++j) s += M[i][j] * x[j];
      b[i] = s;
      for (int j = 0; j < LU_N; ++j) LU[i][j] = M[i][j];
      piv[i] = i;
    }
    for (int k = 0; k < LU_N; ++k) {
      int p = k;
      for (int i = k + 1; i < LU_N; ++i)
        if (fabs(LU[i][k]) > fabs(LU[p][k])) p = i;
      bench_check(NAME, LU[p][k] != 0.0, "singular matrix");
      if (p != k) {
        for (int j = 0; j < LU_N; ++j) { double t = LU[k][j]; LU[k][j] = LU[p][j]; LU[p][j] = t; }
        int t = piv[k]; piv[k] = piv[p]; piv[p] = t;
      }
      for (int i = k + 1; i < LU_N; ++i) {
        double f = LU[i][k] / LU[k][k];
        LU[i][k] = f;
        for (int j = k + 1; j < LU_N; ++j) LU[i][j] -= f * LU[k][j];
      }
    }
    for (int i = 0; i < LU_N; ++i) {  /* forward: L y = P b */
      double s = b[piv[i]];
      for (int j = 0; j < i; ++j) s -= LU[i][j] * y[j];
      y[i] = s;
    }
    for (int i = LU_N - 1; i >= 0; --i) {  /* back: U x = y */
      double s = y[i];
      for (int j = i + 1; j < LU_N; ++j) s -= LU[i][j] * y[j];
      y[i] = s / LU[i][i];
    }
    double maxres = 0.0;
    for (int i = 0; i < LU_N; ++i) {
      double s = -b[i];
      for (int j = 0; j < LU_N; ++j) s += M[i][j] * y[j];
      if (fabs(s) > maxres) maxres = fabs(s);
    }
    bench_check(NAME, maxres < 1e-6, "LU residual too large");
    for (int i = 0; i < LU_N; ++i) {
      long long v = llround(y[i]);
      bench_check(NAME, (double)v == x[i], "LU solution differs from the known x");
      ck = ck_mix(ck, (uint32_t)v);
    }
    printf("round %d: C[0][0] = %d, C[%d][%d] = %d, LU residual below 1e-6\n", r, (int)C[0][0],
           N - 1, N - 1, (int)C[N - 1][N - 1]);
  }
  return bench_done(NAME, ck);
}
