/* Byte scanning over a 1 MiB text buffer: swap the case of every ASCII letter, count the
 * capitals and the line breaks, several passes. A kernel of bench/simd_kernels: the loops
 * are written so that clang -O2 -msimd128 vectorizes them with 8-bit lanes (compare,
 * subtract, xor, select); the counts are kept per block of 128 bytes in a byte, so that
 * they too are summed in 8-bit lanes (a 32-bit counter makes clang widen every lane
 * through shuffles to i32x4, half the gain lost).
 *
 * Swapping the case twice gives back the text, so after an even number of passes the
 * program checks the buffer against a saved copy, and it checks the counts against a
 * plain byte-at-a-time count done once at the start. */
#include <string.h>

#include "kernel_main.h"

enum { SIZE = 1 << 20, PASSES = 40, BLOCK = 128 };

static uint8_t text[2][SIZE], original[SIZE];

/* dst[i] = src[i] with its case swapped if it is an ASCII letter; returns the number of
 * capitals written. */
static uint32_t swap_case(uint8_t *restrict dst, const uint8_t *restrict src) {
  uint32_t capitals = 0;
  for (int block = 0; block < SIZE; block += BLOCK) {
    uint8_t n = 0; /* at most BLOCK */
    for (int i = block; i < block + BLOCK; ++i) {
      uint8_t ch = src[i];
      uint8_t letter = (uint8_t)((ch | 0x20) - 'a') < 26;
      uint8_t out = letter ? ch ^ 0x20 : ch;
      dst[i] = out;
      n += (uint8_t)(out - 'A') < 26;
    }
    capitals += n;
  }
  return capitals;
}

static uint32_t count_byte(const uint8_t *restrict p, uint8_t value) {
  uint32_t total = 0;
  for (int block = 0; block < SIZE; block += BLOCK) {
    uint8_t n = 0;
    for (int i = block; i < block + BLOCK; ++i)
      n += p[i] == value;
    total += n;
  }
  return total;
}

static uint32_t workload(char *title, size_t size, int *bad) {
  /* Words of random letters of mixed case, digits and punctuation, lines of random length. */
  uint32_t rng = 2024;
  for (int i = 0; i < SIZE; ++i) {
    rng = rng * 1664525u + 1013904223u;
    uint32_t r = rng >> 8;
    uint8_t ch;
    if (r % 61 == 0)
      ch = '\n';
    else if (r % 7 == 0)
      ch = ' ';
    else if (r % 23 == 0)
      ch = (uint8_t)("0123456789.,;:!?-'()@[]`{}~\x7f\xc3\xa9"[(r >> 12) % 30]);
    else
      ch = (uint8_t)(((r >> 10) & 1 ? 'a' : 'A') + (r >> 12) % 26);
    text[0][i] = original[i] = ch;
  }
  uint32_t lower = 0, upper = 0, lines = 0;
  for (int i = 0; i < SIZE; ++i) {
    uint8_t ch = original[i];
    if (ch >= 'a' && ch <= 'z')
      ++lower;
    else if (ch >= 'A' && ch <= 'Z')
      ++upper;
    else if (ch == '\n')
      ++lines;
  }

  uint32_t hash = 2166136261u; /* FNV-1a over the counts of every pass */
  for (int p = 0; p < PASSES; ++p) {
    uint32_t capitals = swap_case(text[(p + 1) & 1], text[p & 1]);
    uint32_t breaks = count_byte(text[(p + 1) & 1], '\n');
    if (capitals != (p % 2 == 0 ? lower : upper) || breaks != lines) {
      printf("bytes: pass %d counts %u capitals and %u line breaks, expected %u and %u\n", p, capitals,
             breaks, p % 2 == 0 ? lower : upper, lines);
      *bad = 1;
    }
    hash = (hash ^ capitals) * 16777619u;
    hash = (hash ^ breaks) * 16777619u;
  }
  if (memcmp(text[PASSES & 1], original, SIZE) != 0) {
    printf("bytes: after %d passes the text differs from the original\n", PASSES);
    *bad = 1;
  }
  for (int i = 0; i < SIZE; i += 4096) /* and a sample of the text itself */
    hash = (hash ^ text[1][i]) * 16777619u;
  snprintf(title, size, "bytes %d KiB, %d passes: %u lower, %u upper, %u lines", SIZE >> 10, PASSES,
           lower, upper, lines);
  return hash;
}
