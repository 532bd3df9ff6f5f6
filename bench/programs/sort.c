/* sort: sorting generated 32-bit integers with our own quicksort (median of
   three, insertion sort for short runs), top-down mergesort and heapsort. The
   three results must be sorted and identical, and the sum must be kept. */
#include <string.h>
#include "bench.h"

#define COUNT 200000  /* integers per round */
#define ROUNDS 12

static const char *NAME = "sort";

static uint32_t orig[COUNT], q[COUNT], m[COUNT], h[COUNT], tmp[COUNT];

static void insertion(uint32_t *a, int lo, int hi) {
  for (int i = lo + 1; i <= hi; ++i) {
    uint32_t v = a[i];
    int j = i - 1;
    while (j >= lo && a[j] > v) { a[j + 1] = a[j]; --j; }
    a[j + 1] = v;
  }
}

static void quicksort(uint32_t *a, int lo, int hi) {
  while (hi - lo > 16) {
    int mid = lo + (hi - lo) / 2;
    uint32_t x = a[lo], y = a[mid], z = a[hi];
    uint32_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < p) ++i;
      while (a[j] > p) --j;
      if (i <= j) { uint32_t t = a[i]; a[i] = a[j]; a[j] = t; ++i; --j; }
    }
    /* Recurse into the smaller part, loop on the larger. */
    if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; }
    else { quicksort(a, i, hi); hi = j; }
  }
  insertion(a, lo, hi);
}

static void mergesort_rec(uint32_t *a, uint32_t *t, int lo, int hi) {
  if (hi - lo < 12) { insertion(a, lo, hi); return; }
  int mid = lo + (hi - lo) / 2;
  mergesort_rec(a, t, lo, mid);
  mergesort_rec(a, t, mid + 1, hi);
  if (a[mid] <= a[mid + 1]) return;
  int i = lo, j = mid + 1, k = lo;
  while (i <= mid && j <= hi) t[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  while (i <= mid) t[k++] = a[i++];
  while (j <= hi) t[k++] = a[j++];
  memcpy(a + lo, t + lo, (size_t)(hi - lo + 1) * sizeof *a);
}

static void sift_down(uint32_t *a, int root, int n) {
  uint32_t v = a[root];
  for (;;) {
    int c = 2 * root + 1;
    if (c >= n) break;
    if (c + 1 < n && a[c + 1] > a[c]) ++c;
    if (a[c] <= v) break;
    a[root] = a[c];
    root = c;
  }
  a[root] = v;
}

static void heapsort(uint32_t *a, int n) {
  for (int i = n / 2 - 1; i >= 0; --i) sift_down(a, i, n);
  for (int end = n - 1; end > 0; --end) {
    uint32_t t = a[0]; a[0] = a[end]; a[end] = t;
    sift_down(a, 0, end);
  }
}

int main(void) {
  bench_rng rng = {0x5047};
  uint32_t ck = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    /* Round 0..: uniform, small range (many duplicates), nearly sorted. */
    for (int i = 0; i < COUNT; ++i) {
      uint32_t v = rng_u32(&rng);
      if (r % 3 == 1) v %= 1000;
      else if (r % 3 == 2) v = (uint32_t)i * 4096u + (v % 20000u);
      orig[i] = v;
    }
    uint64_t sum = 0;
    for (int i = 0; i < COUNT; ++i) sum += orig[i];
    memcpy(q, orig, sizeof q); memcpy(m, orig, sizeof m); memcpy(h, orig, sizeof h);
    quicksort(q, 0, COUNT - 1);
    mergesort_rec(m, tmp, 0, COUNT - 1);
    heapsort(h, COUNT);
    uint64_t qsum = 0;
    for (int i = 0; i < COUNT; ++i) {
      if (i > 0 && q[i - 1] > q[i]) bench_fail(NAME, "quicksort output not sorted");
      qsum += q[i];
    }
    bench_check(NAME, qsum == sum, "quicksort lost or changed elements");
    bench_check(NAME, memcmp(q, m, sizeof q) == 0, "mergesort differs from quicksort");
    bench_check(NAME, memcmp(q, h, sizeof q) == 0, "heapsort differs from quicksort");
    for (int i = 0; i < COUNT; i += 97) ck = ck_mix(ck, q[i]);
    ck = ck_mix64(ck, sum);
    printf("round %d: min %08x median %08x max %08x\n", r, (unsigned)q[0], (unsigned)q[COUNT / 2],
           (unsigned)q[COUNT - 1]);
  }
  return bench_done(NAME, ck);
}
