/* int64_arith: 64-bit integer arithmetic. Deterministic Miller-Rabin (bases
   2, 7, 61, valid below 2^32) with 64-bit mul and rem, checked against a
   sieve; 64-bit division identities on xorshift values; popcount and gcd each
   computed two ways and compared. */
#include "bench.h"

#define PRIME_LO 4000000000u  /* Miller-Rabin over [PRIME_LO, PRIME_LO + SPAN) */
#define SPAN 1000000u
#define DIVS 5000000          /* division checks */
#define GCDS 300000

static const char *NAME = "int64_arith";

static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m) {
  uint64_t r = 1;
  b %= m;
  while (e) {
    if (e & 1) r = r * b % m;
    b = b * b % m;
    e >>= 1;
  }
  return r;
}

static int is_prime(uint32_t n) {
  if (n < 2) return 0;
  static const uint32_t small[] = {2, 3, 5, 7, 11, 13, 61};
  for (int i = 0; i < 7; ++i) if (n % small[i] == 0) return n == small[i];
  uint32_t d = n - 1; int s = 0;
  while ((d & 1) == 0) { d >>= 1; ++s; }
  static const uint32_t bases[] = {2, 7, 61};
  for (int i = 0; i < 3; ++i) {
    uint64_t x = powmod(bases[i], d, n);
    if (x == 1 || x == n - 1) continue;
    int ok = 0;
    for (int k = 1; k < s; ++k) {
      x = x * x % n;
      if (x == n - 1) { ok = 1; break; }
    }
    if (!ok) return 0;
  }
  return 1;
}

static uint64_t xs_state = 0x243F6A8885A308D3ull;
static uint64_t xorshift(void) {
  uint64_t x = xs_state;
  x ^= x << 13; x ^= x >> 7; x ^= x << 17;
  return xs_state = x;
}

static int popcount_loop(uint64_t x) { int c = 0; while (x) { x &= x - 1; ++c; } return c; }
static int popcount_swar(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return (int)((x * 0x0101010101010101ull) >> 56);
}

static uint64_t gcd_euclid(uint64_t a, uint64_t b) { while (b) { uint64_t t = a % b; a = b; b = t; } return a; }
static uint64_t gcd_binary(uint64_t a, uint64_t b) {
  if (!a) return b;
  if (!b) return a;
  int shift = 0;
  while (((a | b) & 1) == 0) { a >>= 1; b >>= 1; ++shift; }
  while ((a & 1) == 0) a >>= 1;
  while (b) {
    while ((b & 1) == 0) b >>= 1;
    if (a > b) { uint64_t t = a; a = b; b = t; }
    b -= a;
  }
  return a << shift;
}

static volatile uint32_t v_lo = PRIME_LO;
static uint8_t composite[SPAN];

int main(void) {
  uint32_t ck = 0;
  /* segmented sieve over the same window as the reference */
  uint32_t lo = v_lo;
  for (uint32_t p = 2; (uint64_t)p * p < (uint64_t)lo + SPAN; ++p) {
    int pp = 1;
    for (uint32_t q = 2; q * q <= p; ++q) if (p % q == 0) { pp = 0; break; }
    if (!pp) continue;
    uint64_t start = ((uint64_t)lo + p - 1) / p * p;
    for (uint64_t m = start; m < (uint64_t)lo + SPAN; m += p) composite[m - lo] = 1;
  }
  uint32_t count = 0, last = 0;
  for (uint32_t i = 0; i < SPAN; ++i) {
    int mr = is_prime(lo + i);
    if (mr != !composite[i]) {
      printf("disagreement at %u\n", (unsigned)(lo + i));
      bench_fail(NAME, "Miller-Rabin differs from the sieve");
    }
    if (mr) { ++count; last = lo + i; ck = ck_mix(ck, lo + i); }
  }
  printf("primes in [%u, %u): %u, last %u\n", (unsigned)lo, (unsigned)(lo + SPAN), (unsigned)count,
         (unsigned)last);

  uint64_t acc = 0;
  for (int i = 0; i < DIVS; ++i) {
    uint64_t n = xorshift(), d = xorshift() >> (xorshift() & 63);
    if (d == 0) d = 1;
    uint64_t q = n / d, r = n % d;
    if (q * d + r != n || r >= d) bench_fail(NAME, "64-bit division identity");
    int64_t sn = (int64_t)n, sd = (int64_t)(d | 1);
    if (sd == -1) sd = 3;  /* INT64_MIN / -1 overflows */
    int64_t sq = sn / sd, sr = sn % sd;
    if (sq * sd + sr != sn) bench_fail(NAME, "signed 64-bit division identity");
    int pc = popcount_loop(n);
    if (pc != popcount_swar(n)) bench_fail(NAME, "popcount methods differ");
    acc += q ^ r ^ (uint64_t)sq ^ (uint64_t)pc;
    acc = (acc << 7) | (acc >> 57);
  }
  ck = ck_mix64(ck, acc);
  uint64_t gsum = 0;
  for (int i = 0; i < GCDS; ++i) {
    uint64_t m = xorshift() & 0xFFFF;
    uint64_t a = (xorshift() >> 20) * m, b = (xorshift() >> 22) * m;
    uint64_t g = gcd_euclid(a, b);
    if (g != gcd_binary(a, b)) bench_fail(NAME, "gcd methods differ");
    gsum += g;
  }
  ck = ck_mix64(ck, gsum);
  printf("division accumulator %016llx, gcd sum %llu\n", (unsigned long long)acc,
         (unsigned long long)gsum);
  return bench_done(NAME, ck);
}
