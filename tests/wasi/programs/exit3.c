// exit(3) from a nested call: buffered stdout is flushed, atexit handlers run, status 3.
#include <stdio.h>
#include <stdlib.h>

static void bye(void) { printf("atexit handler ran\n"); }

static void leave(int code) {
  printf("leaving with exit(%d)", code);  // no newline: only exit's flush writes it
  printf("\n");
  exit(code);
}

int main(void) {
  atexit(bye);
  printf("buffered line before exit\n");
  leave(3);
  printf("NOT REACHED\n");
  return 99;
}
