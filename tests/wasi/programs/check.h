// Shared by the WASI test programs: CHECK prints the failed condition with errno and
// counts it; done() prints the verdict and returns the exit status (1 on any failure).
#ifndef KILN_WASI_CHECK_H
#define KILN_WASI_CHECK_H
#include <errno.h>
#include <stdio.h>

static int check_failures;

#define CHECK(cond)                                                                    \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      printf("FAIL line %d: %s (errno %d)\n", __LINE__, #cond, errno);                 \
      ++check_failures;                                                                \
    }                                                                                  \
  } while (0)

// Expects CALL to fail with -1 (or NULL) and errno ERR; prints `WHAT: errno N`.
#define EXPECT_ERRNO(what, call, err)                                                  \
  do {                                                                                 \
    errno = 0;                                                                         \
    long r_ = (long)(call);                                                            \
    int e_ = errno; /* before printf, which may set errno */                           \
    printf("%s: %s errno %d\n", what, (r_ == -1 || r_ == 0) && e_ ? "fails" : "SUCCEEDS", e_); \
    if (!((r_ == -1 || r_ == 0) && e_ == (err))) {                                     \
      printf("FAIL line %d: expected errno %d\n", __LINE__, err);                      \
      ++check_failures;                                                                \
    }                                                                                  \
  } while (0)

static int done(void) {
  printf(check_failures ? "%d checks failed\n" : "all checks passed\n", check_failures);
  return check_failures ? 1 : 0;
}
#endif
