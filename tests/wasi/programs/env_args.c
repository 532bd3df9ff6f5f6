// Arguments and environment as given by `kiln run ... FILE ARGS` and --env: argv (the
// program name by its base name, as hosts pass the path they were given), the whole
// environment sorted (no host variables leak in), getenv, and setenv/unsetenv.
#include <stdlib.h>
#include <string.h>

#include "check.h"

extern char** environ;

static int cmp(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

int main(int argc, char** argv) {
  const char* slash = strrchr(argv[0], '/');
  printf("argc %d\nargv[0] base name: %s\n", argc, slash ? slash + 1 : argv[0]);
  for (int i = 1; i < argc; ++i) printf("argv[%d] = \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
  CHECK(argv[argc] == NULL);

  int n = 0;
  while (environ[n]) ++n;
  char** sorted = malloc(sizeof(char*) * (size_t)(n + 1));
  memcpy(sorted, environ, sizeof(char*) * (size_t)n);
  qsort(sorted, (size_t)n, sizeof(char*), cmp);
  printf("%d environment variables\n", n);
  for (int i = 0; i < n; ++i) printf("env: %s\n", sorted[i]);

  const char* names[] = {"GREETING", "EMPTY", "WITH_EQUALS", "UNICODE", "PATH", "HOME"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i) {
    const char* v = getenv(names[i]);
    printf("getenv(%s) = %s%s%s\n", names[i], v ? "\"" : "", v ? v : "(null)", v ? "\"" : "");
  }
  CHECK(setenv("ADDED", "yes", 0) == 0);
  CHECK(strcmp(getenv("ADDED"), "yes") == 0);
  CHECK(unsetenv("GREETING") == 0);
  CHECK(getenv("GREETING") == NULL);
  return done();
}
