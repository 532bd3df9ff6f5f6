// random_get through getentropy() and arc4random_buf(): two draws differ, nothing is all
// zeros, a large draw uses most byte values, and a zero-length request succeeds.
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

static int all_zero(const unsigned char* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (p[i]) return 0;
  return 1;
}

int main(void) {
  unsigned char a[32], b[32];
  CHECK(getentropy(a, sizeof a) == 0);
  CHECK(getentropy(b, sizeof b) == 0);
  CHECK(memcmp(a, b, sizeof a) != 0);
  CHECK(!all_zero(a, sizeof a) && !all_zero(b, sizeof b));
  printf("getentropy: two 32-byte draws differ, neither all zero\n");
  CHECK(getentropy(a, 0) == 0);
  printf("getentropy: zero bytes ok\n");
  EXPECT_ERRNO("getentropy of 257 bytes", getentropy(a, 257), EIO);

  static unsigned char big[65536];
  arc4random_buf(big, sizeof big);
  int seen[256] = {0}, distinct = 0;
  for (size_t i = 0; i < sizeof big; ++i) seen[big[i]] = 1;
  for (int i = 0; i < 256; ++i) distinct += seen[i];
  CHECK(distinct == 256);
  printf("arc4random_buf: 64 KiB uses all 256 byte values\n");
  uint32_t x = arc4random(), y = arc4random(), z = arc4random();
  CHECK(!(x == y && y == z));
  printf("arc4random: three draws not all equal\n");
  return done();
}
