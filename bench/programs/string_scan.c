/* string_scan: scanning a generated text buffer. Word, line and character
   counts, a word-length histogram, substring search with a naive loop,
   Boyer-Moore-Horspool and libc strstr (all three must agree), and a tokenizer
   hashing identifiers and summing numbers. */
#include <string.h>
#include "bench.h"

#define TEXT_SIZE (2 * 1024 * 1024)  /* bytes of text */
#define ROUNDS 6

static const char *NAME = "string_scan";
static char text[TEXT_SIZE + 1];

static void generate(bench_rng *rng) {
  static const char *syl[16] = {"ka", "lo", "mi", "ne", "ru", "sta", "the", "an",
                                "or", "ing", "qu", "ex", "zo", "pe", "di", "on"};
  size_t i = 0;
  while (i < TEXT_SIZE - 16) {
    uint32_t r = rng_below(rng, 100);
    if (r < 8) {  /* a number */
      uint32_t v = rng_below(rng, 100000);
      char tmp[12]; int n = 0;
      do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
      while (n) text[i++] = tmp[--n];
    } else {
      int ns = 1 + (int)rng_below(rng, 4);
      for (int k = 0; k < ns; ++k)
        for (const char *s = syl[rng_below(rng, 16)]; *s; ++s) text[i++] = *s;
    }
    uint32_t sep = rng_below(rng, 40);
    text[i++] = sep == 0 ? '\n' : sep == 1 ? '.' : sep == 2 ? ',' : ' ';
    if (sep == 1 || sep == 2) text[i++] = ' ';
  }
  text[i] = 0;
}

static size_t count_naive(const char *t, size_t n, const char *p, size_t m) {
  size_t c = 0;
  for (size_t i = 0; i + m <= n; ++i) {
    size_t k = 0;
    while (k < m && t[i + k] == p[k]) ++k;
    if (k == m) ++c;
  }
  return c;
}

static size_t count_horspool(const char *t, size_t n, const char *p, size_t m) {
  size_t shift[256];
  for (int i = 0; i < 256; ++i) shift[i] = m;
  for (size_t i = 0; i + 1 < m; ++i) shift[(unsigned char)p[i]] = m - 1 - i;
  size_t c = 0, i = 0;
  while (i + m <= n) {
    size_t k = m;
    while (k > 0 && t[i + k - 1] == p[k - 1]) --k;
    if (k == 0) ++c;
    i += shift[(unsigned char)t[i + m - 1]];
  }
  return c;
}

static size_t count_strstr(const char *t, const char *p) {
  size_t c = 0;
  for (const char *s = strstr(t, p); s; s = strstr(s + 1, p)) ++c;
  return c;
}

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

int main(void) {
  static const char *patterns[] = {"the", "kalo", "stathe", "ing ", "quex", "on.", "ne\nmi",
                                   "zozozo", "12"};
  bench_rng rng = {0x57A1};
  uint32_t ck = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    generate(&rng);
    size_t n = strlen(text);
    /* counts */
    uint32_t words = 0, lines = 0, hist[32] = {0};
    size_t i = 0;
    while (i < n) {
      if (text[i] == '\n') ++lines;
      if (is_alpha(text[i]) || is_digit(text[i])) {
        size_t start = i;
        while (i < n && (is_alpha(text[i]) || is_digit(text[i]))) ++i;
        ++words;
        size_t len = i - start;
        hist[len < 31 ? len : 31]++;
      } else {
        ++i;
      }
    }
    ck = ck_mix(ck, words); ck = ck_mix(ck, lines);
    for (int k = 0; k < 32; ++k) ck = ck_mix(ck, hist[k]);
    /* searches */
    for (size_t p = 0; p < sizeof patterns / sizeof *patterns; ++p) {
      size_t m = strlen(patterns[p]);
      size_t a = count_naive(text, n, patterns[p], m);
      size_t b = count_horspool(text, n, patterns[p], m);
      size_t c = count_strstr(text, patterns[p]);
      bench_check(NAME, a == b && b == c, "substring search methods disagree");
      ck = ck_mix(ck, (uint32_t)a);
    }
    /* tokenizer */
    uint32_t ident_hash = 2166136261u, idents = 0, numbers = 0, punct = 0;
    uint64_t numsum = 0;
    for (i = 0; i < n;) {
      char ch = text[i];
      if (is_alpha(ch)) {
        uint32_t hsh = 2166136261u;
        while (i < n && is_alpha(text[i])) hsh = (hsh ^ (uint8_t)text[i++]) * 16777619u;
        ident_hash = ck_mix(ident_hash, hsh);
        ++idents;
      } else if (is_digit(ch)) {
        uint64_t v = 0;
        while (i < n && is_digit(text[i])) v = v * 10 + (uint64_t)(text[i++] - '0');
        numsum += v;
        ++numbers;
      } else {
        if (ch == '.' || ch == ',') ++punct;
        ++i;
      }
    }
    bench_check(NAME, idents + numbers >= words, "tokenizer found fewer tokens than words");
    ck = ck_mix(ck, ident_hash); ck = ck_mix64(ck, numsum); ck = ck_mix(ck, punct);
    printf("round %d: %u bytes, %u words, %u lines, %u identifiers, %u numbers (sum %llu)\n", r,
           (unsigned)n, (unsigned)words, (unsigned)lines, (unsigned)idents, (unsigned)numbers,
           (unsigned long long)numsum);
  }
  return bench_done(NAME, ck);
}
