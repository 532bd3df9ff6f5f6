// poll_oneoff with descriptor subscriptions through poll(): a poll of stdin waits until
// its data arrives, then stdin with data waiting is readable and stdout writable in one
// poll, a regular file is ready at once; poll with no descriptors is a clock timeout.
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int main(void) {
  // stdin alone first: the driver writes its data to the pipe after kiln starts, so this
  // poll waits for it. Then both: stdin's data is still unread, so both are ready at once.
  struct pollfd in = {0, POLLIN, 0};
  int n = poll(&in, 1, 5000);
  printf("poll(stdin POLLIN): %d ready, %s\n", n, in.revents & POLLIN ? "readable" : "not readable");
  struct pollfd fds[2] = {{0, POLLIN, 0}, {1, POLLOUT, 0}};
  n = poll(fds, 2, 5000);
  printf("poll(stdin POLLIN, stdout POLLOUT): %d ready, stdin %s, stdout %s\n", n,
         fds[0].revents & POLLIN ? "readable" : "not readable",
         fds[1].revents & POLLOUT ? "writable" : "not writable");
  char buf[64] = {0};
  CHECK(read(0, buf, sizeof buf - 1) > 0);
  printf("stdin: %s", buf);

  int fd = open("/sandbox/hello.txt", O_RDONLY);
  CHECK(fd >= 0);
  struct pollfd f = {fd, POLLIN, 0};
  n = poll(&f, 1, 5000);
  printf("poll(file POLLIN): %d ready, %s\n", n, f.revents & POLLIN ? "readable" : "not readable");
  close(fd);

  long long t = now_ms();
  n = poll(NULL, 0, 30);
  long long took = now_ms() - t;
  CHECK(n == 0);
  CHECK(took >= 30 && took < 2000);
  printf("poll(no descriptors, 30 ms): %d, waited at least 30 ms\n", n);
  return done();
}
