// abort() is a trap (wasi-libc's abort is `unreachable`): the output written before it
// appears, the trap's message and backtrace go to stderr and the status is non-zero.
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static void give_up(int depth) {
  if (depth == 0) abort();
  give_up(depth - 1);
  printf("NOT REACHED\n");
}

int main(void) {
  printf("about to abort\n");
  fflush(stdout);
  give_up(2);
  return 0;
}
