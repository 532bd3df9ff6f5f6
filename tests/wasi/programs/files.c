// Files and directories inside the preopened /sandbox: create, write, read back,
// seek/tell, pread/pwrite, append, truncate, rename, unlink, mkdir/rmdir, a sorted
// directory listing, stat sizes and types, symlink/readlink and hard links.
// The driver checks the sandbox's listing afterwards (files.tree).
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static const char* type_of(mode_t m) {
  return S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "symlink" : "other";
}

static int cmp(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

// Prints the entries of `path` (without . and ..) sorted by name, with their d_type.
static void list(const char* path) {
  DIR* d = opendir(path);
  CHECK(d != NULL);
  if (!d) return;
  char* names[64];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) && n < 64) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    const char* t = e->d_type == DT_REG ? "file" : e->d_type == DT_DIR ? "dir"
                  : e->d_type == DT_LNK ? "symlink" : "other";
    char* s = malloc(strlen(e->d_name) + 16);
    sprintf(s, "%s (%s)", e->d_name, t);
    names[n++] = s;
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof names[0], cmp);
  printf("%s:", path);
  for (int i = 0; i < n; ++i) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

static void show_file(const char* path) {
  char buf[128] = {0};
  int fd = open(path, O_RDONLY);
  CHECK(fd >= 0);
  ssize_t n = read(fd, buf, sizeof buf - 1);
  CHECK(n >= 0);
  close(fd);
  for (ssize_t i = 0; i < n; ++i)
    if (buf[i] == 0) buf[i] = '.';
  printf("%s = \"%s\" (%zd bytes)\n", path, buf, n);
}

int main(void) {
  CHECK(mkdir("/sandbox/w", 0755) == 0);
  EXPECT_ERRNO("mkdir existing", mkdir("/sandbox/w", 0755), EEXIST);
  CHECK(chdir("/sandbox/w") == 0);  // wasi-libc resolves relative paths from here

  // Create and write with stdio, read back.
  FILE* f = fopen("data.txt", "w");
  CHECK(f != NULL);
  CHECK(fputs("0123456789abcdef", f) >= 0);
  CHECK(fclose(f) == 0);
  show_file("data.txt");
  EXPECT_ERRNO("O_CREAT|O_EXCL existing", open("data.txt", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
  EXPECT_ERRNO("open missing", open("missing.txt", O_RDONLY), ENOENT);

  // Seek and tell.
  int fd = open("data.txt", O_RDWR);
  CHECK(fd >= 0);
  char buf[32] = {0};
  CHECK(lseek(fd, 4, SEEK_SET) == 4);
  CHECK(read(fd, buf, 4) == 4);
  printf("read at 4: %.4s, now at %lld\n", buf, (long long)lseek(fd, 0, SEEK_CUR));
  printf("SEEK_END-2: %lld, SEEK_CUR+1: %lld\n", (long long)lseek(fd, -2, SEEK_END),
         (long long)lseek(fd, 1, SEEK_CUR));
  EXPECT_ERRNO("seek before start", lseek(fd, -100, SEEK_SET), EINVAL);

  // pread/pwrite leave the position alone.
  CHECK(lseek(fd, 3, SEEK_SET) == 3);
  CHECK(pwrite(fd, "XY", 2, 2) == 2);
  memset(buf, 0, sizeof buf);
  CHECK(pread(fd, buf, 5, 1) == 5);
  printf("pread(1, 5): %s, position still %lld\n", buf, (long long)lseek(fd, 0, SEEK_CUR));
  // Writing past the end leaves a hole of zeros.
  CHECK(pwrite(fd, "END", 3, 20) == 3);
  struct stat st;
  CHECK(fstat(fd, &st) == 0);
  printf("after pwrite at 20: size %lld, %s\n", (long long)st.st_size, type_of(st.st_mode));

  // Truncate: shrink, grow (zero-filled), and by path.
  CHECK(ftruncate(fd, 10) == 0);
  CHECK(fstat(fd, &st) == 0);
  printf("ftruncate 10: size %lld\n", (long long)st.st_size);
  CHECK(ftruncate(fd, 14) == 0);
  CHECK(close(fd) == 0);
  show_file("data.txt");
  CHECK(truncate("data.txt", 12) == 0);
  CHECK(stat("data.txt", &st) == 0);
  printf("truncate 12: size %lld\n", (long long)st.st_size);

  // Append mode writes at the end whatever the position.
  fd = open("log.txt", O_WRONLY | O_CREAT | O_APPEND, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, "one\n", 4) == 4);
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  CHECK(write(fd, "two\n", 4) == 4);
  CHECK(close(fd) == 0);
  f = fopen("log.txt", "a");
  CHECK(f != NULL);
  fputs("three\n", f);
  fclose(f);
  show_file("log.txt");

  // Rename, then the old name is gone; rename over an existing file replaces it.
  CHECK(rename("data.txt", "renamed.txt") == 0);
  EXPECT_ERRNO("stat old name", stat("data.txt", &st), ENOENT);
  CHECK(stat("renamed.txt", &st) == 0 && st.st_size == 12);
  f = fopen("victim.txt", "w");
  fputs("to be replaced", f);
  fclose(f);
  CHECK(rename("log.txt", "victim.txt") == 0);
  show_file("victim.txt");

  // Directories.
  CHECK(mkdir("d1", 0755) == 0);
  CHECK(mkdir("d1/d2", 0755) == 0);
  f = fopen("d1/d2/deep.txt", "w");
  fputs("deep", f);
  fclose(f);
  EXPECT_ERRNO("rmdir non-empty", rmdir("d1"), ENOTEMPTY);
  EXPECT_ERRNO("rmdir a file", rmdir("renamed.txt"), ENOTDIR);
  EXPECT_ERRNO("unlink a directory", unlink("d1"), EISDIR);
  EXPECT_ERRNO("opendir a file", opendir("renamed.txt"), ENOTDIR);
  CHECK(mkdir("empty", 0755) == 0);
  CHECK(rmdir("empty") == 0);
  EXPECT_ERRNO("stat removed dir", stat("empty", &st), ENOENT);

  // Unlink.
  f = fopen("gone.txt", "w");
  fclose(f);
  CHECK(unlink("gone.txt") == 0);
  EXPECT_ERRNO("unlink again", unlink("gone.txt"), ENOENT);

  // Symbolic and hard links.
  CHECK(symlink("renamed.txt", "sym") == 0);
  CHECK(symlink("d1/d2", "dirsym") == 0);
  CHECK(symlink("nowhere", "dangling") == 0);
  char target[64] = {0};
  ssize_t tn = readlink("sym", target, sizeof target);
  printf("readlink sym: %.*s (%zd)\n", (int)tn, target, tn);
  EXPECT_ERRNO("readlink a file", readlink("renamed.txt", target, sizeof target), EINVAL);
  show_file("sym");
  show_file("dirsym/deep.txt");
  EXPECT_ERRNO("open dangling", open("dangling", O_RDONLY), ENOENT);
  EXPECT_ERRNO("O_NOFOLLOW on a symlink", open("sym", O_RDONLY | O_NOFOLLOW), ELOOP);
  CHECK(link("renamed.txt", "hard.txt") == 0);
  CHECK(stat("hard.txt", &st) == 0);
  printf("hard.txt: %s, size %lld, %llu links\n", type_of(st.st_mode), (long long)st.st_size,
         (unsigned long long)st.st_nlink);

  // stat types and sizes; lstat does not follow.
  struct stat a, b;
  CHECK(stat("renamed.txt", &a) == 0 && stat("hard.txt", &b) == 0);
  CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
  CHECK(stat("sym", &st) == 0);
  printf("stat sym: %s, size %lld\n", type_of(st.st_mode), (long long)st.st_size);
  CHECK(lstat("sym", &st) == 0);
  printf("lstat sym: %s, size %lld\n", type_of(st.st_mode), (long long)st.st_size);
  CHECK(stat("d1", &st) == 0);
  printf("stat d1: %s\n", type_of(st.st_mode));
  CHECK(lstat("dangling", &st) == 0);
  printf("lstat dangling: %s\n", type_of(st.st_mode));

  list("/sandbox/w");
  list("d1/d2");
  CHECK(unlink("hard.txt") == 0);
  CHECK(stat("renamed.txt", &st) == 0);
  printf("renamed.txt after unlinking hard.txt: %llu link\n", (unsigned long long)st.st_nlink);
  return done();
}
