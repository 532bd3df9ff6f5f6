// A big allocation under --max-memory 16 MiB: malloc(64 MiB) returns NULL (memory.grow
// fails) instead of the engine dying, smaller allocations still succeed, and the program
// reports it and exits 1.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  char* small = malloc(1 << 20);
  printf("malloc(1 MiB): %s\n", small ? "ok" : "NULL");
  if (small) memset(small, 1, 1 << 20);
  // volatile: clang removes a malloc whose result is only compared with NULL.
  char* volatile big = malloc(64u << 20);
  if (big) big[0] = 1;
  printf("malloc(64 MiB): %s\n", big ? "SUCCEEDED" : "NULL");
  char* again = malloc(1 << 20);
  printf("malloc(1 MiB) again: %s\n", again ? "ok" : "NULL");
  return big ? 0 : 1;
}
