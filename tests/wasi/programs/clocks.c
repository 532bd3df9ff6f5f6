// Clocks: realtime is a plausible date and agrees with time() and gettimeofday();
// monotonic never goes back; every clock has a resolution in (0, 1 s]; the process CPU
// clock advances with work and never exceeds the elapsed wall time by much.
#include <sys/time.h>
#include <time.h>

#include "check.h"

static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
  struct timespec rt;
  CHECK(clock_gettime(CLOCK_REALTIME, &rt) == 0);
  // Between 2024-01-01 and 2100-01-01.
  CHECK(rt.tv_sec > 1704067200LL && rt.tv_sec < 4102444800LL);
  CHECK(rt.tv_nsec >= 0 && rt.tv_nsec < 1000000000L);
  time_t t = time(NULL);
  CHECK(t >= rt.tv_sec && t - rt.tv_sec < 5);
  struct timeval tv;
  CHECK(gettimeofday(&tv, NULL) == 0);
  CHECK(tv.tv_sec >= rt.tv_sec && tv.tv_sec - rt.tv_sec < 5);
  printf("realtime: plausible\n");

  struct timespec prev, now;
  CHECK(clock_gettime(CLOCK_MONOTONIC, &prev) == 0);
  int backwards = 0;
  for (int i = 0; i < 10000; ++i) {
    CHECK(clock_gettime(CLOCK_MONOTONIC, &now) == 0);
    if (ns(now) < ns(prev)) ++backwards;
    prev = now;
  }
  CHECK(backwards == 0);
  printf("monotonic: non-decreasing over 10000 reads\n");

  const struct { clockid_t id; const char* name; } clocks[] = {
      {CLOCK_REALTIME, "realtime"},
      {CLOCK_MONOTONIC, "monotonic"},
      {CLOCK_PROCESS_CPUTIME_ID, "process cputime"},
  };
  for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; ++i) {
    struct timespec res = {-1, -1};
    int r = clock_getres(clocks[i].id, &res);
    CHECK(r == 0);
    CHECK(ns(res) > 0 && ns(res) <= 1000000000LL);
    printf("%s resolution: %s\n", clocks[i].name, r == 0 && ns(res) > 0 && ns(res) <= 1000000000LL ? "in (0, 1 s]" : "BAD");
  }

  // CPU time: spin for about 50 ms of monotonic time and compare.
  struct timespec cpu0, cpu1, m0, m1;
  CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0) == 0);
  CHECK(clock_gettime(CLOCK_MONOTONIC, &m0) == 0);
  volatile unsigned sink = 0;
  do {
    for (int i = 0; i < 100000; ++i) sink = sink * 31 + (unsigned)i;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &m1) == 0);
  } while (ns(m1) - ns(m0) < 50000000LL);
  CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1) == 0);
  long long cpu = ns(cpu1) - ns(cpu0), wall = ns(m1) - ns(m0);
  CHECK(cpu > 0);
  CHECK(cpu <= wall + 20000000LL);  // one thread cannot use much more CPU than wall time
  printf("process cputime: advances with work\n");
  return done();
}
