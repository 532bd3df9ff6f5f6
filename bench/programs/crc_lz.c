/* crc_lz: table-driven CRC-32 and a compression-style bit loop. Generated text
   is compressed with an LZ77 coder (hash-chain match finder, bit-packed output:
   flag bit, then an 8-bit literal or a 12-bit distance and 4-bit length),
   decoded again and compared; the CRC-32 of input and output must agree. */
#include <string.h>
#include "bench.h"

#define DATA_SIZE (1024 * 1024)  /* bytes compressed per round */
#define ROUNDS 16
#define WINDOW 4096
#define MIN_MATCH 3
#define MAX_MATCH (MIN_MATCH + 15)
#define HASH_BITS 13
#define MAX_CHAIN 16

static const char *NAME = "crc_lz";

static uint32_t crc_table[256];

static void crc_init(void) {
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
}

static uint32_t crc32(const uint8_t *p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; ++i) c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

typedef struct { uint8_t *p; size_t pos; uint64_t acc; int nacc; } bit_writer;
typedef struct { const uint8_t *p; size_t pos, end; uint64_t acc; int nacc; } bit_reader;

static void put_bits(bit_writer *w, uint32_t v, int n) {
  w->acc |= (uint64_t)v << w->nacc;
  w->nacc += n;
  while (w->nacc >= 8) { w->p[w->pos++] = (uint8_t)w->acc; w->acc >>= 8; w->nacc -= 8; }
}

static void flush_bits(bit_writer *w) {
  if (w->nacc > 0) w->p[w->pos++] = (uint8_t)w->acc;
  w->acc = 0; w->nacc = 0;
}

static uint32_t get_bits(bit_reader *r, int n) {
  while (r->nacc < n) {
    uint64_t b = r->pos < r->end ? r->p[r->pos] : 0;
    r->pos++;
    r->acc |= b << r->nacc;
    r->nacc += 8;
  }
  uint32_t v = (uint32_t)(r->acc & ((1u << n) - 1));
  r->acc >>= n; r->nacc -= n;
  return v;
}

static int32_t head[1 << HASH_BITS];
static int32_t prev_pos[DATA_SIZE];

static uint32_t hash3(const uint8_t *p) {
  return ((uint32_t)p[0] * 506832829u ^ (uint32_t)p[1] * 2654435761u ^ (uint32_t)p[2] * 40503u) >>
         (32 - HASH_BITS);
}

/* Returns the number of bytes written; the token count through *tokens. */
static size_t compress(const uint8_t *in, size_t n, uint8_t *out, uint32_t *tokens) {
  bit_writer w = {out, 0, 0, 0};
  for (size_t i = 0; i < (1u << HASH_BITS); ++i) head[i] = -1;
  size_t i = 0;
  uint32_t ntok = 0;
  while (i < n) {
    size_t best_len = 0, best_dist = 0;
    if (i + MIN_MATCH <= n) {
      uint32_t h = hash3(in + i);
      int32_t cand = head[h];
      for (int chain = 0; cand >= 0 && chain < MAX_CHAIN; ++chain) {
        size_t dist = i - (size_t)cand;
        if (dist > WINDOW - 1) break;
        size_t len = 0, lim = n - i < MAX_MATCH ? n - i : MAX_MATCH;
        while (len < lim && in[(size_t)cand + len] == in[i + len]) ++len;
        if (len > best_len) { best_len = len; best_dist = dist; if (len == MAX_MATCH) break; }
        cand = prev_pos[cand];
      }
    }
    size_t adv = best_len >= MIN_MATCH ? best_len : 1;
    if (best_len >= MIN_MATCH) {
      put_bits(&w, 1, 1);
      put_bits(&w, (uint32_t)best_dist, 12);
      put_bits(&w, (uint32_t)(best_len - MIN_MATCH), 4);
    } else {
      put_bits(&w, 0, 1);
      put_bits(&w, in[i], 8);
    }
    ++ntok;
    for (size_t k = 0; k < adv; ++k, ++i) {
      if (i + MIN_MATCH <= n) {
        uint32_t h = hash3(in + i);
        prev_pos[i] = head[h];
        head[h] = (int32_t)i;
      }
    }
  }
  flush_bits(&w);
  *tokens = ntok;
  return w.pos;
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap, uint32_t tokens) {
  bit_reader r = {in, 0, n, 0, 0};
  size_t o = 0;
  for (uint32_t t = 0; t < tokens; ++t) {
    if (get_bits(&r, 1)) {
      size_t dist = get_bits(&r, 12), len = get_bits(&r, 4) + MIN_MATCH;
      if (dist == 0 || dist > o || o + len > cap) return (size_t)-1;
      for (size_t k = 0; k < len; ++k, ++o) out[o] = out[o - dist];
    } else {
      if (o >= cap) return (size_t)-1;
      out[o++] = (uint8_t)get_bits(&r, 8);
    }
  }
  return o;
}

static uint8_t data[DATA_SIZE], packed[DATA_SIZE * 9 / 8 + 16], unpacked[DATA_SIZE];

/* Text-like input: words from a small generated vocabulary, with some noise. */
static void generate(bench_rng *rng, uint32_t noise) {
  static char vocab[64][8];
  for (int w = 0; w < 64; ++w) {
    int len = 2 + (int)rng_below(rng, 6);
    for (int k = 0; k < len; ++k) vocab[w][k] = (char)('a' + rng_below(rng, 26));
    vocab[w][len] = 0;
  }
  size_t i = 0;
  while (i < DATA_SIZE) {
    if (rng_below(rng, 100) < noise) { data[i++] = (uint8_t)rng_u32(rng); continue; }
    const char *w = vocab[rng_below(rng, 64)];
    for (size_t k = 0; w[k] && i < DATA_SIZE; ++k) data[i++] = (uint8_t)w[k];
    if (i < DATA_SIZE) data[i++] = ' ';
  }
}

int main(void) {
  crc_init();
  bench_check(NAME, crc32((const uint8_t *)"123456789", 9) == 0xCBF43926u,
              "CRC-32 of \"123456789\" is not cbf43926");
  bench_rng rng = {0xC4C32};
  uint32_t ck = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    generate(&rng, (uint32_t)r * 3);
    uint32_t crc_in = crc32(data, DATA_SIZE), tokens;
    size_t clen = compress(data, DATA_SIZE, packed, &tokens);
    uint32_t crc_packed = crc32(packed, clen);
    memset(unpacked, 0, sizeof unpacked);
    size_t dlen = decompress(packed, clen, unpacked, DATA_SIZE, tokens);
    bench_check(NAME, dlen == DATA_SIZE, "decompressed length differs");
    bench_check(NAME, memcmp(unpacked, data, DATA_SIZE) == 0, "round trip differs");
    bench_check(NAME, crc32(unpacked, DATA_SIZE) == crc_in, "CRC of round trip differs");
    printf("round %d: %u -> %u bytes, %u tokens, crc %08x, packed crc %08x\n", r,
           (unsigned)DATA_SIZE, (unsigned)clen, (unsigned)tokens, (unsigned)crc_in,
           (unsigned)crc_packed);
    ck = ck_mix(ck, crc_in);
    ck = ck_mix(ck, crc_packed);
    ck = ck_mix(ck, (uint32_t)clen);
  }
  return bench_done(NAME, ck);
}
