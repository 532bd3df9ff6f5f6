// File metadata and descriptor state: timestamps set by path and by descriptor and read
// back (fd/path_filestat_set_times), fcntl flags (fd_fdstat_get/set_flags), fsync and
// fdatasync, posix_fadvise, isatty on a pipe, and a directory's descriptor.
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#include "check.h"

int main(void) {
  int fd = open("/sandbox/meta.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, "metadata\n", 9) == 9);

  // Timestamps through the path, then through the descriptor.
  struct timespec times[2] = {{1000000000, 123456789}, {1234567890, 987654321}};
  CHECK(utimensat(AT_FDCWD, "/sandbox/meta.txt", times, 0) == 0);
  struct stat st;
  CHECK(stat("/sandbox/meta.txt", &st) == 0);
  printf("after utimensat: atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec,
         st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  struct timespec times2[2] = {{1500000000, 0}, {1600000000, 500}};
  CHECK(futimens(fd, times2) == 0);
  CHECK(fstat(fd, &st) == 0);
  printf("after futimens: atime %lld.%09ld mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec,
         st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  // UTIME_OMIT keeps one time. The *_NOW flags are tested with direct calls: this
  // wasi-libc rejects a per-field UTIME_NOW (EINVAL) and turns futimens(fd, NULL) into
  // times of 0, whatever the engine.
  struct timespec times3[2] = {{0, UTIME_OMIT}, {1700000000, 5}};
  CHECK(futimens(fd, times3) == 0);
  CHECK(fstat(fd, &st) == 0);
  printf("after UTIME_OMIT/explicit: atime %lld.%09ld, mtime %lld.%09ld\n", (long long)st.st_atim.tv_sec,
         st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  CHECK(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW) == 0);
  CHECK(fstat(fd, &st) == 0);
  printf("after ATIM_NOW: atime %s, mtime %lld.%09ld\n", st.st_atim.tv_sec > 1704067200LL ? "recent" : "OLD",
         (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  CHECK(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW) == 0);
  CHECK(fstat(fd, &st) == 0);
  printf("after ATIM_NOW | MTIM_NOW: atime %s, mtime %s\n", st.st_atim.tv_sec > 1704067200LL ? "recent" : "OLD",
         st.st_mtim.tv_sec > 1704067200LL ? "recent" : "OLD");
  printf("ATIM with ATIM_NOW: errno %d\n",
         __wasi_fd_filestat_set_times(fd, 1, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));

  // Descriptor flags.
  int fl = fcntl(fd, F_GETFL);
  printf("F_GETFL: access %s, append %d\n", (fl & O_ACCMODE) == O_RDWR ? "O_RDWR" : "OTHER",
         !!(fl & O_APPEND));
  CHECK(fcntl(fd, F_SETFL, fl | O_APPEND) == 0);
  fl = fcntl(fd, F_GETFL);
  printf("after F_SETFL O_APPEND: append %d\n", !!(fl & O_APPEND));
  CHECK(lseek(fd, 0, SEEK_SET) == 0);
  CHECK(write(fd, "tail\n", 5) == 5);
  CHECK(fstat(fd, &st) == 0);
  printf("append after seek to 0: size %lld\n", (long long)st.st_size);
  int ro = open("/sandbox/hello.txt", O_RDONLY);
  printf("read-only descriptor: access %s\n", (fcntl(ro, F_GETFL) & O_ACCMODE) == O_RDONLY ? "O_RDONLY" : "OTHER");
  EXPECT_ERRNO("write to a read-only descriptor", write(ro, "x", 1), EBADF);
  close(ro);

  CHECK(fsync(fd) == 0);
  CHECK(fdatasync(fd) == 0);
  CHECK(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0);
  printf("fsync, fdatasync, posix_fadvise: ok\n");
  CHECK(close(fd) == 0);
  EXPECT_ERRNO("close again", close(fd), EBADF);
  EXPECT_ERRNO("read from a closed descriptor", read(fd, &st, 1), EBADF);

  // stdout is a pipe under the test driver.
  EXPECT_ERRNO("isatty(1)", isatty(1), ENOTTY);

  int dir = open("/sandbox/sub", O_RDONLY | O_DIRECTORY);
  CHECK(dir >= 0);
  CHECK(fstat(dir, &st) == 0 && S_ISDIR(st.st_mode));
  printf("directory descriptor: %s\n", S_ISDIR(st.st_mode) ? "dir" : "NOT A DIR");
  int nested = openat(dir, "nested.txt", O_RDONLY);
  CHECK(nested >= 0);
  CHECK(fstat(nested, &st) == 0);
  printf("openat(dir, nested.txt): size %lld\n", (long long)st.st_size);
  close(nested);
  close(dir);
  return done();
}
