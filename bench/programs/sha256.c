/* sha256: 32-bit integer hashing. A SHA-256 implementation (FIPS 180-4) is
   checked against the published digests of "", "abc" and the two-block test
   message, then hashes a generated buffer repeatedly, feeding each digest back
   into the buffer. */
#include <string.h>
#include "bench.h"

#define BUF_SIZE (1024 * 1024)  /* bytes hashed per round */
#define ROUNDS 100

static const char *NAME = "sha256";

typedef struct {
  uint32_t h[8];
  uint8_t block[64];
  uint32_t fill;   /* bytes in block */
  uint64_t total;  /* bytes hashed */
} sha256_ctx;

static const uint32_t K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void compress(uint32_t h[8], const uint8_t *p) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
           (uint32_t)p[4 * i + 3];
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (int i = 0; i < 64; ++i) {
    uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha_init(sha256_ctx *c) {
  static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  memcpy(c->h, iv, sizeof iv);
  c->fill = 0;
  c->total = 0;
}

static void sha_update(sha256_ctx *c, const uint8_t *p, size_t n) {
  c->total += n;
  while (n > 0) {
    if (c->fill == 0 && n >= 64) {
      compress(c->h, p);
      p += 64; n -= 64;
      continue;
    }
    size_t take = 64 - c->fill;
    if (take > n) take = n;
    memcpy(c->block + c->fill, p, take);
    c->fill += (uint32_t)take; p += take; n -= take;
    if (c->fill == 64) { compress(c->h, c->block); c->fill = 0; }
  }
}

static void sha_final(sha256_ctx *c, uint8_t out[32]) {
  uint64_t bits = c->total * 8;
  uint8_t pad[72];
  size_t padlen = (c->fill < 56 ? 56 : 120) - c->fill;
  memset(pad, 0, sizeof pad);
  pad[0] = 0x80;
  for (int i = 0; i < 8; ++i) pad[padlen + (size_t)i] = (uint8_t)(bits >> (56 - 8 * i));
  uint64_t total = c->total;
  sha_update(c, pad, padlen + 8);
  c->total = total;
  for (int i = 0; i < 8; ++i) {
    out[4 * i] = (uint8_t)(c->h[i] >> 24); out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
    out[4 * i + 2] = (uint8_t)(c->h[i] >> 8); out[4 * i + 3] = (uint8_t)c->h[i];
  }
}

static void hex(const uint8_t d[32], char out[65]) {
  static const char digits[] = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) { out[2 * i] = digits[d[i] >> 4]; out[2 * i + 1] = digits[d[i] & 15]; }
  out[64] = 0;
}

static void self_test(const char *msg, const char *want) {
  sha256_ctx c;
  uint8_t d[32];
  char got[65];
  sha_init(&c);
  /* Fed one byte at a time to exercise the buffering. */
  for (size_t i = 0; msg[i]; ++i) sha_update(&c, (const uint8_t *)msg + i, 1);
  sha_final(&c, d);
  hex(d, got);
  if (strcmp(got, want) != 0) {
    printf("sha256(\"%s\") = %s, expected %s\n", msg, got, want);
    bench_fail(NAME, "known-answer test");
  }
}

static uint8_t buf[BUF_SIZE];

int main(void) {
  self_test("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  self_test("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  self_test("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");

  bench_rng rng = {0x5A256};
  for (size_t i = 0; i < BUF_SIZE; i += 8) {
    uint64_t v = rng_next(&rng);
    for (int j = 0; j < 8; ++j) buf[i + (size_t)j] = (uint8_t)(v >> (8 * j));
  }
  uint8_t d[32];
  uint32_t ck = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    sha256_ctx c;
    sha_init(&c);
    /* Odd split sizes so that both the buffered and the direct path run. */
    size_t first = (size_t)(r * 37 % 200);
    sha_update(&c, buf, first);
    sha_update(&c, buf + first, BUF_SIZE - first);
    sha_final(&c, d);
    /* Feed the digest back so every round depends on the previous one. */
    memcpy(buf + (size_t)(r * 97 % (BUF_SIZE - 32)), d, 32);
    ck = ck_mix(ck, (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3]);
  }
  char h[65];
  hex(d, h);
  printf("last digest %s\n", h);
  return bench_done(NAME, ck);
}
