/* mem_copy_fill: memcpy, memmove (overlapping both ways) and memset over many
   sizes and alignments, checked against byte loops, plus a byte-wise copy
   loop that transforms as it goes. */
#include <string.h>
#include "bench.h"

#define BUF (256 * 1024)
#define ROUNDS 120

static const char *NAME = "mem_copy_fill";
static uint8_t a[BUF], b[BUF], ref[BUF];

static volatile uint8_t v_key = 0x5B;

int main(void) {
  bench_rng rng = {0x3E3C};
  for (size_t i = 0; i < BUF; ++i) a[i] = (uint8_t)rng_u32(&rng);
  uint32_t ck = 0;
  static const size_t sizes[] = {1, 3, 7, 8, 15, 16, 31, 64, 100, 255, 256, 1000, 4096, 10000, 65536};
  const size_t nsizes = sizeof sizes / sizeof *sizes;
  for (int r = 0; r < ROUNDS; ++r) {
    for (size_t s = 0; s < nsizes; ++s) {
      size_t n = sizes[s];
      for (size_t al = 0; al < 16; al += 1 + (size_t)r % 3) {
        /* Enough copies per size that small and large sizes get similar time. */
        size_t reps = 65536 / n / 4 + 1;
        for (size_t k = 0; k < reps; ++k) {
          size_t src = (al + k * 64 + (size_t)r * 13) % (BUF - n - 32);
          size_t dst = (src * 7 + al * 3 + 17) % (BUF - n - 32);
          memcpy(b + dst, a + src, n);
          ck = ck_mix(ck, b[dst + n / 2]);
          memset(b + dst + n / 3, (int)(k & 0xFF), n / 2 + 1);
          ck = ck_mix(ck, b[dst + n - 1]);
        }
      }
      /* memmove, forward and backward overlap, checked against a reference. */
      size_t off = 1 + (size_t)r % 31, base = (size_t)r * 101 % (BUF / 2);
      memcpy(ref, a, BUF);
      memmove(a + base + off, a + base, n);
      for (size_t i = n; i-- > 0;) ref[base + off + i] = ref[base + i];
      memmove(a + base, a + base + off, n);
      for (size_t i = 0; i < n; ++i) ref[base + i] = ref[base + off + i];
      bench_check(NAME, memcmp(a + base, ref + base, n + off) == 0, "memmove differs from byte loops");
      ck = ck_mix(ck, a[base + n / 2]);
    }
    /* Byte-wise copy that mixes in a key, so it stays a byte loop of its own. */
    uint8_t key = (uint8_t)(v_key + r);
    for (size_t i = 0; i < BUF; ++i) b[i] = (uint8_t)(a[i] ^ key);
    for (size_t i = 0; i < BUF; ++i) b[i] = (uint8_t)(b[BUF - 1 - i] + b[i]);
    uint32_t sum = 0;
    for (size_t i = 0; i < BUF; i += 61) sum = sum * 31 + b[i];
    /* Full-buffer fill and copy back. */
    memset(ref, key, BUF);
    bench_check(NAME, ref[0] == key && ref[BUF - 1] == key && ref[BUF / 2] == key, "memset");
    memcpy(a, b, BUF / 2);
    ck = ck_mix(ck, sum);
  }
  uint32_t fin = 0;
  for (size_t i = 0; i < BUF; ++i) fin = fin * 33 + a[i] + b[i];
  ck = ck_mix(ck, fin);
  printf("buffer hash %08x\n", (unsigned)fin);
  return bench_done(NAME, ck);
}
