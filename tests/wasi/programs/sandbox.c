// Sandbox escapes: every way out of the preopened /sandbox must fail with ENOTCAPABLE (76)
// and leave the file outside untouched (the driver checks outside/secret.txt afterwards).
// An absolute path that matches no preopen fails in wasi-libc itself (ENOTCAPABLE); a path
// that leads outside a preopen fails in kiln with ENOTCAPABLE, preview 1's capability errno
// (docs/cli.md, "Sandbox"; wasmtime gives EPERM since its preview 2 based implementation). Paths that stay inside, including `..` that
// returns and a symlink to a file inside, work.
//
// Fixture (run_wasi_test.py): /sandbox/hello.txt, /sandbox/sub/nested.txt and symlinks
// link_abs -> <host path of outside/secret.txt>, link_rel -> ../outside/secret.txt,
// link_up -> .., chain1 -> chain2 -> link_rel, link_in -> sub/nested.txt.
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
  struct stat st;
  // Inside: plain, `..` that comes back, a symlink to a file inside, a directory listing.
  read_ok("/sandbox/hello.txt");
  read_ok("/sandbox/sub/../hello.txt");
  read_ok("/sandbox/./sub/./nested.txt");
  read_ok("/sandbox/link_in");
  CHECK(lstat("/sandbox/link_abs", &st) == 0 && S_ISLNK(st.st_mode));
  printf("lstat of a symlink leading outside: ok (it is inside)\n");
  char target[128] = {0};
  ssize_t tn = readlink("/sandbox/link_rel", target, sizeof target - 1);
  printf("readlink link_rel: %.*s\n", (int)(tn > 0 ? tn : 0), target);

  // Absolute paths outside every preopen: wasi-libc finds no preopen.
  EXPECT_ERRNO("open /etc/passwd", open("/etc/passwd", O_RDONLY), ENOTCAPABLE);
  EXPECT_ERRNO("open /", open("/", O_RDONLY | O_DIRECTORY), ENOTCAPABLE);
  EXPECT_ERRNO("stat /sandboxed (a prefix, not the preopen)", stat("/sandboxed/x", &st), ENOTCAPABLE);

  // `..` climbing out of the preopen.
  EXPECT_ERRNO("open /sandbox/../outside/secret.txt", open("/sandbox/../outside/secret.txt", O_RDONLY), ENOTCAPABLE);
  EXPECT_ERRNO("open /sandbox/sub/../../outside/secret.txt",
               open("/sandbox/sub/../../outside/secret.txt", O_RDONLY), ENOTCAPABLE);
  EXPECT_ERRNO("stat /sandbox/../outside/secret.txt", stat("/sandbox/../outside/secret.txt", &st), ENOTCAPABLE);
  // The preopen's parent.
  EXPECT_ERRNO("opendir /sandbox/..", opendir("/sandbox/.."), ENOTCAPABLE);
  EXPECT_ERRNO("open /sandbox/sub/../..", open("/sandbox/sub/../..", O_RDONLY | O_DIRECTORY), ENOTCAPABLE);

  // Symlinks leading outside: absolute and relative targets, a chain, a link to `..`.
  EXPECT_ERRNO("open link_abs", open("/sandbox/link_abs", O_RDONLY), ENOTCAPABLE);
  EXPECT_ERRNO("open link_rel", open("/sandbox/link_rel", O_RDONLY), ENOTCAPABLE);
  EXPECT_ERRNO("open chain1", open("/sandbox/chain1", O_RDONLY), ENOTCAPABLE);
  EXPECT_ERRNO("open link_up/outside/secret.txt", open("/sandbox/link_up/outside/secret.txt", O_RDONLY), ENOTCAPABLE);
  EXPECT_ERRNO("stat link_abs", stat("/sandbox/link_abs", &st), ENOTCAPABLE);
  EXPECT_ERRNO("stat chain1", stat("/sandbox/chain1", &st), ENOTCAPABLE);
  EXPECT_ERRNO("opendir link_up", opendir("/sandbox/link_up"), ENOTCAPABLE);

  // Writes, creation and removal outside, through each route.
  EXPECT_ERRNO("truncate through link_rel", open("/sandbox/link_rel", O_WRONLY | O_TRUNC), ENOTCAPABLE);
  EXPECT_ERRNO("append through link_abs", open("/sandbox/link_abs", O_WRONLY | O_APPEND), ENOTCAPABLE);
  EXPECT_ERRNO("create ../outside/new.txt",
               open("/sandbox/../outside/new.txt", O_WRONLY | O_CREAT, 0644), ENOTCAPABLE);
  EXPECT_ERRNO("create link_up/outside/new.txt",
               open("/sandbox/link_up/outside/new.txt", O_WRONLY | O_CREAT, 0644), ENOTCAPABLE);
  EXPECT_ERRNO("unlink ../outside/secret.txt", unlink("/sandbox/../outside/secret.txt"), ENOTCAPABLE);
  EXPECT_ERRNO("unlink link_up/outside/secret.txt", unlink("/sandbox/link_up/outside/secret.txt"), ENOTCAPABLE);
  EXPECT_ERRNO("mkdir ../escape", mkdir("/sandbox/../escape", 0755), ENOTCAPABLE);
  EXPECT_ERRNO("rename hello.txt to ../stolen.txt", rename("/sandbox/hello.txt", "/sandbox/../stolen.txt"), ENOTCAPABLE);
  EXPECT_ERRNO("rename ../outside/secret.txt in", rename("/sandbox/../outside/secret.txt", "/sandbox/got.txt"), ENOTCAPABLE);
  EXPECT_ERRNO("link ../outside/secret.txt in", link("/sandbox/../outside/secret.txt", "/sandbox/got.txt"), ENOTCAPABLE);
  EXPECT_ERRNO("truncate link_rel", truncate("/sandbox/link_rel", 0), ENOTCAPABLE);

  // The symlinks themselves can be removed: that changes nothing outside.
  CHECK(unlink("/sandbox/link_abs") == 0);
  CHECK(unlink("/sandbox/chain1") == 0);
  printf("unlinked link_abs and chain1 (the links, not their targets)\n");
  return done();
}
