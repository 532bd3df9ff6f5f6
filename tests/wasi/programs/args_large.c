// Many and long arguments and environment variables: args_sizes_get/args_get and
// environ_sizes_get/environ_get fill buffers of several KB exactly.
#include <stdlib.h>
#include <string.h>

#include "check.h"

extern char** environ;

int main(int argc, char** argv) {
  size_t bytes = 0;
  unsigned sum = 0;
  for (int i = 1; i < argc; ++i) {
    bytes += strlen(argv[i]) + 1;
    for (const char* p = argv[i]; *p; ++p) sum = sum * 31 + (unsigned char)*p;
  }
  printf("%d arguments after argv[0], %zu bytes with their NULs, hash %08x\n", argc - 1, bytes, sum);
  printf("first %s, last %s\n", argv[1], argv[argc - 1]);
  int envs = 0;
  size_t env_bytes = 0;
  for (char** e = environ; *e; ++e) {
    ++envs;
    env_bytes += strlen(*e) + 1;
  }
  printf("%d environment variables, %zu bytes\n", envs, env_bytes);
  const char* big = getenv("BIG");
  CHECK(big && strlen(big) == 4000);
  for (size_t i = 0; big && i < 4000; ++i) CHECK(big[i] == 'a' + (char)(i % 26));
  printf("BIG: %zu bytes, as set\n", big ? strlen(big) : 0);
  return done();
}
