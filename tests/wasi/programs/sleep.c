// poll_oneoff with clock subscriptions: usleep, nanosleep and clock_nanosleep (relative
// and absolute) each wait at least as long as asked, measured on the monotonic clock,
// and not absurdly longer.
#include <time.h>
#include <unistd.h>

#include "check.h"

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void report(const char* what, long long start, long long want_ns) {
  long long took = now_ns() - start;
  CHECK(took >= want_ns);
  CHECK(took < want_ns + 2000000000LL);
  printf("%s: waited at least %lld ms\n", what, want_ns / 1000000);
}

int main(void) {
  long long t = now_ns();
  CHECK(usleep(30000) == 0);
  report("usleep(30000)", t, 30000000LL);

  struct timespec req;
  t = now_ns();
  req.tv_sec = 1;
  req.tv_nsec = 0;
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL) == 0);
  report("clock_nanosleep(monotonic, 1 s)", t, 1000000000LL);

  t = now_ns();
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_nsec += 40000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec += 1;
    until.tv_nsec -= 1000000000L;
  }
  CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == 0);
  report("clock_nanosleep(monotonic, absolute +40 ms)", t, 40000000LL);

  // nanosleep is clock_nanosleep on CLOCK_REALTIME.
  t = now_ns();
  req.tv_sec = 0;
  req.tv_nsec = 50000000L;
  CHECK(nanosleep(&req, NULL) == 0);
  report("nanosleep(50 ms)", t, 50000000LL);

  t = now_ns();
  req.tv_sec = 0;
  req.tv_nsec = 20000000L;
  CHECK(clock_nanosleep(CLOCK_REALTIME, 0, &req, NULL) == 0);
  report("clock_nanosleep(realtime, 20 ms)", t, 20000000LL);

  t = now_ns();
  CHECK(usleep(0) == 0);
  CHECK(now_ns() - t < 1000000000LL);
  printf("usleep(0): returns at once\n");
  return done();
}
