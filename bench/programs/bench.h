/* Shared helpers for the Kiln benchmark programs: a fixed-seed PRNG, a checksum
   mixer and the pass/fail reporting. Everything is static inline so that a
   program using only part of it compiles without warnings. */
#ifndef KILN_BENCH_H
#define KILN_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* splitmix64: the state is advanced by a constant, the output is scrambled. */
typedef struct { uint64_t s; } bench_rng;

static inline uint64_t rng_next(bench_rng *r) {
  uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static inline uint32_t rng_u32(bench_rng *r) { return (uint32_t)(rng_next(r) >> 32); }

/* Uniform-enough value in [0, n) for small n (n > 0). */
static inline uint32_t rng_below(bench_rng *r, uint32_t n) {
  return (uint32_t)(((uint64_t)rng_u32(r) * n) >> 32);
}

/* Order-dependent 32-bit checksum: mix one 32-bit value into h. */
static inline uint32_t ck_mix(uint32_t h, uint32_t v) {
  h ^= v + 0x9E3779B9u + (h << 6) + (h >> 2);
  h *= 0x85EBCA6Bu;
  return h ^ (h >> 15);
}

static inline uint32_t ck_mix64(uint32_t h, uint64_t v) {
  return ck_mix(ck_mix(h, (uint32_t)v), (uint32_t)(v >> 32));
}

/* Prints why a self-check failed and exits with status 1. */
static inline void bench_fail(const char *name, const char *why) {
  printf("%s: FAILED: %s\n", name, why);
  fflush(stdout);
  exit(1);
}

static inline void bench_check(const char *name, int ok, const char *why) {
  if (!ok) bench_fail(name, why);
}

/* The final line every program prints on success. */
static inline int bench_done(const char *name, uint32_t ck) {
  printf("%s: checksum %08x\n", name, (unsigned)ck);
  return 0;
}

#endif
