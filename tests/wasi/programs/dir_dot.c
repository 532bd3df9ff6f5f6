// `--dir .` (wasmtime's usual form): the working directory preopened as ".", reached by
// relative paths; its listing; `..` above it fails with ENOTCAPABLE.
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

static int cmp(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(void) {
  char buf[64] = {0};
  int fd = open("sandbox/hello.txt", O_RDONLY);
  CHECK(fd >= 0);
  CHECK(read(fd, buf, sizeof buf - 1) > 0);
  close(fd);
  printf("sandbox/hello.txt: %s", buf);
  memset(buf, 0, sizeof buf);
  fd = open("./sandbox/sub/../sub/nested.txt", O_RDONLY);
  CHECK(fd >= 0);
  CHECK(read(fd, buf, sizeof buf - 1) > 0);
  close(fd);
  printf("./sandbox/sub/../sub/nested.txt: %s", buf);

  DIR* d = opendir(".");
  CHECK(d != NULL);
  char* names[16];
  int n = 0;
  struct dirent* e;
  while (d && (e = readdir(d)) && n < 16)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
  if (d) closedir(d);
  qsort(names, (size_t)n, sizeof names[0], cmp);
  printf(".:");
  for (int i = 0; i < n; ++i) printf(" %s", names[i]);
  printf("\n");
  EXPECT_ERRNO("open ../x", open("../x", O_RDONLY), ENOTCAPABLE);
  EXPECT_ERRNO("opendir ..", opendir(".."), ENOTCAPABLE);
  return done();
}
