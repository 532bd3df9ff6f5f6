/* Separable 5-tap binomial blur ([1 4 6 4 1] / 16 in each direction) of a 512x512 8-bit
 * image, several passes, edges clamped. A kernel of bench/simd_kernels: written so that
 * clang -O2 -msimd128 vectorizes it with 16-bit lanes (u8 -> u16 widening, adds, shifts,
 * u16 -> u8 narrowing), and prints a checksum that every build must agree on.
 *
 * The horizontal pass keeps full precision in 16 bits (sums up to 16 * 255 = 4080); the
 * vertical pass sums 16 of those (at most 65280, still below 2^16) and rounds once, so
 * each pass equals the direct 5x5 convolution with weights [1 4 6 4 1]^T [1 4 6 4 1] / 256,
 * rounded to nearest. The program checks that on sampled pixels of the last pass.
 *
 * Compiled with BLUR_INTRINSICS defined (blur_intrinsics.c) and -msimd128, the two inner
 * loops are written by hand with <wasm_simd128.h> instead of left to the vectorizer. */
#include "kernel_main.h"
#if defined(BLUR_INTRINSICS) && defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define HAND_WRITTEN_SIMD 1
#endif

enum { W = 512, H = 512, PASSES = 64 };

static uint8_t image[2][H * W];
static uint16_t rows[H * W];

/* Horizontal pass over one row: dst[x] = sum of w[k] * src[clamp(x + k - 2)].
 * Not inlined and without restrict on purpose: where the compiler knows that dst and src
 * do not overlap, it carries each load over to the next iterations in registers, a chain
 * of recurrences that keeps clang 14 from vectorizing the loop; here it vectorizes it
 * behind a run-time overlap check instead. */
__attribute__((noinline)) static void blur_row(uint16_t *dst, const uint8_t *src) {
  dst[0] = (uint16_t)(11 * src[0] + 4 * src[1] + src[2]);
  dst[1] = (uint16_t)(5 * src[0] + 6 * src[1] + 4 * src[2] + src[3]);
  dst[W - 2] = (uint16_t)(src[W - 4] + 4 * src[W - 3] + 6 * src[W - 2] + 5 * src[W - 1]);
  dst[W - 1] = (uint16_t)(src[W - 3] + 4 * src[W - 2] + 11 * src[W - 1]);
  int x = 2;
#ifdef HAND_WRITTEN_SIMD
  /* 16 pixels a step: five unaligned loads of the taps, each widened to two u16x8 halves. */
  for (; x + 16 <= W - 2; x += 16) {
    v128_t t0 = wasm_v128_load(src + x - 2), t1 = wasm_v128_load(src + x - 1), t2 = wasm_v128_load(src + x),
           t3 = wasm_v128_load(src + x + 1), t4 = wasm_v128_load(src + x + 2);
#define TAPS(half)                                                                                      \
  wasm_i16x8_add(                                                                                       \
      wasm_i16x8_add(wasm_u16x8_extend_##half##_u8x16(t0), wasm_u16x8_extend_##half##_u8x16(t4)),       \
      wasm_i16x8_add(wasm_i16x8_shl(wasm_i16x8_add(wasm_u16x8_extend_##half##_u8x16(t1),                \
                                                   wasm_u16x8_extend_##half##_u8x16(t3)),               \
                                    2),                                                                 \
                     wasm_i16x8_mul(wasm_u16x8_extend_##half##_u8x16(t2), wasm_i16x8_splat(6))))
    wasm_v128_store(dst + x, TAPS(low));
    wasm_v128_store(dst + x + 8, TAPS(high));
#undef TAPS
  }
#endif
  for (; x < W - 2; ++x)
    dst[x] = (uint16_t)(src[x - 2] + 4 * src[x - 1] + 6 * src[x] + 4 * src[x + 1] + src[x + 2]);
}

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Vertical pass for one output row from the five clamped rows around it, rounded. */
static void blur_column(uint8_t *restrict dst, const uint16_t *restrict r0, const uint16_t *restrict r1,
                        const uint16_t *restrict r2, const uint16_t *restrict r3,
                        const uint16_t *restrict r4) {
  int x = 0;
#ifdef HAND_WRITTEN_SIMD
  /* 16 pixels a step: two u16x8 halves summed, rounded, shifted and narrowed to u8x16. */
  for (; x + 16 <= W; x += 16) {
    v128_t half[2];
    for (int h = 0; h < 2; ++h) {
      int i = x + 8 * h;
      v128_t outer = wasm_i16x8_add(wasm_v128_load(r0 + i), wasm_v128_load(r4 + i));
      v128_t inner = wasm_i16x8_shl(wasm_i16x8_add(wasm_v128_load(r1 + i), wasm_v128_load(r3 + i)), 2);
      v128_t centre = wasm_i16x8_mul(wasm_v128_load(r2 + i), wasm_i16x8_splat(6));
      v128_t sum = wasm_i16x8_add(wasm_i16x8_add(outer, inner), wasm_i16x8_add(centre, wasm_i16x8_splat(128)));
      half[h] = wasm_u16x8_shr(sum, 8);
    }
    wasm_v128_store(dst + x, wasm_u8x16_narrow_i16x8(half[0], half[1]));
  }
#endif
  for (; x < W; ++x) {
    uint16_t sum = (uint16_t)(r0[x] + 4 * r1[x] + 6 * r2[x] + 4 * r3[x] + r4[x] + 128);
    dst[x] = (uint8_t)(sum >> 8);
  }
}

static void blur(uint8_t *restrict dst, const uint8_t *restrict src) {
  for (int y = 0; y < H; ++y)
    blur_row(rows + y * W, src + y * W);
  for (int y = 0; y < H; ++y)
    blur_column(dst + y * W, rows + clamp(y - 2, 0, H - 1) * W, rows + clamp(y - 1, 0, H - 1) * W,
                rows + y * W, rows + clamp(y + 1, 0, H - 1) * W, rows + clamp(y + 2, 0, H - 1) * W);
}

/* The same pixel computed directly from the 5x5 neighbourhood (the reference). */
static int direct(const uint8_t *src, int y, int x) {
  static const int w[5] = {1, 4, 6, 4, 1};
  int sum = 0;
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j)
      sum += w[i] * w[j] * src[clamp(y + i - 2, 0, H - 1) * W + clamp(x + j - 2, 0, W - 1)];
  return (sum + 128) >> 8;
}

static uint32_t next(uint32_t *state) {
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

static uint32_t workload(char *title, size_t size, int *bad) {
  /* A test picture: smooth gradients, a few hard-edged rectangles and noise, so that
   * repeated blurring keeps changing it. */
  uint32_t rng = 12345;
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      int v = (x * 255 / (W - 1) + y * 3) / 2 + (int)(next(&rng) % 64) - 32;
      if ((x / 64 + y / 48) % 5 == 0)
        v = 255 - v;
      image[0][y * W + x] = (uint8_t)clamp(v, 0, 255);
    }

  for (int p = 0; p < PASSES; ++p)
    blur(image[(p + 1) & 1], image[p & 1]);

  const uint8_t *in = image[(PASSES - 1) & 1], *out = image[PASSES & 1];
  for (int k = 0; k < 400; ++k) {
    /* Borders and corners first, then random pixels. */
    int y = k < 16 ? (k & 3) < 2 ? k & 3 : H - 4 + (k & 3) : (int)(next(&rng) % H);
    int x = k < 16 ? (k >> 2) < 2 ? k >> 2 : W - 4 + (k >> 2) : (int)(next(&rng) % W);
    if (out[y * W + x] != direct(in, y, x)) {
      printf("blur: pixel (%d, %d) is %d, the direct convolution gives %d\n", x, y, out[y * W + x],
             direct(in, y, x));
      *bad = 1;
    }
  }

  uint32_t hash = 2166136261u; /* FNV-1a over the final image */
  for (int i = 0; i < W * H; ++i)
    hash = (hash ^ out[i]) * 16777619u;
  snprintf(title, size, "blur %dx%d, %d passes", W, H, PASSES);
  return hash;
}
