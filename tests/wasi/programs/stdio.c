// Standard streams: formatted and large writes to stdout, writes to stderr, stdin read
// line by line to its end, and the file types of the three descriptors.
#include <ctype.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

int main(void) {
  printf("stdout: %d %s %.3f %c\n", 42, "text", 2.5, 'x');
  fprintf(stderr, "stderr: first line\n");
  fflush(stdout);

  // Unbuffered writes through the descriptors themselves.
  CHECK(write(1, "raw write to fd 1\n", 18) == 18);
  CHECK(write(2, "raw write to fd 2\n", 18) == 18);

  // One 64 KiB write: the engine must write all of it (or report a short count).
  static char big[65536];
  for (size_t i = 0; i < sizeof big; ++i) big[i] = (char)('a' + i % 26);
  big[sizeof big - 1] = '\n';
  size_t written = 0;
  while (written < sizeof big) {
    ssize_t n = write(1, big + written, sizeof big - written);
    CHECK(n > 0);
    if (n <= 0) break;
    written += (size_t)n;
  }
  printf("wrote %zu bytes in one go\n", written);

  // stdin: every line upper-cased, then the totals.
  char line[256];
  int lines = 0;
  size_t bytes = 0;
  while (fgets(line, sizeof line, stdin)) {
    ++lines;
    bytes += strlen(line);
    for (char* p = line; *p; ++p) *p = (char)toupper((unsigned char)*p);
    printf("stdin %d: %s", lines, line);
  }
  CHECK(feof(stdin) && !ferror(stdin));
  printf("stdin: %d lines, %zu bytes\n", lines, bytes);
  // Reading again at the end gives 0 bytes, not an error.
  char c;
  CHECK(read(0, &c, 1) == 0);

  fprintf(stderr, "stderr: last line\n");
  return done();
}
