// Preopened directories as the guest sees them: `--dir sandbox` (a host path relative to
// the working directory, also the guest's name) and `--dir HOST::/data`; their descriptors
// (3 and 4, in command-line order) and names through fd_prestat_get/fd_prestat_dir_name,
// then files opened through each by relative and absolute paths.
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

static void read_ok(const char* path) {
  char buf[64] = {0};
  int fd = open(path, O_RDONLY);
  CHECK(fd >= 0);
  ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
  if (fd >= 0) close(fd);
  printf("read %s: %s", path, n > 0 ? buf : "FAILED\n");
}

int main(void) {
  for (__wasi_fd_t fd = 3; fd < 8; ++fd) {
    __wasi_prestat_t ps;
    __wasi_errno_t e = __wasi_fd_prestat_get(fd, &ps);
    if (e != 0) {
      printf("fd %u: fd_prestat_get errno %u\n", fd, e);
      break;
    }
    char name[64] = {0};
    CHECK(ps.tag == __WASI_PREOPENTYPE_DIR && ps.u.dir.pr_name_len < sizeof name);
    CHECK(__wasi_fd_prestat_dir_name(fd, (uint8_t*)name, ps.u.dir.pr_name_len) == 0);
    printf("fd %u: preopened directory \"%s\"\n", fd, name);
  }
  read_ok("sandbox/hello.txt");
  read_ok("/data/nested.txt");
  CHECK(chdir("/data") == 0);
  read_ok("nested.txt");
  EXPECT_ERRNO("read ../hello.txt from /data", open("../hello.txt", O_RDONLY), ENOTCAPABLE);
  return done();
}
