/* The main() of the kernels of bench/simd_kernels. A kernel defines
 *     static uint32_t workload(char *title, size_t size, int *bad);
 * which runs its fixed workload from the start, writes a one-line description into title,
 * sets *bad (after printing why) when its own checks fail, and returns a checksum of the
 * result. The command runs it once, or N times given N as its argument (the benchmark gives
 * Node more work, to outweigh its start-up), checks that every run gives the same checksum,
 * and prints "TITLE: checksum XXXXXXXX". The exit status is 1 when a check failed. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t workload(char *title, size_t size, int *bad);

int main(int argc, char **argv) {
  int times = argc > 1 ? atoi(argv[1]) : 1;
  char title[200];
  int bad = 0;
  uint32_t checksum = workload(title, sizeof title, &bad);
  for (int t = 1; t < times; ++t) {
    uint32_t again = workload(title, sizeof title, &bad);
    if (again != checksum) {
      printf("run %d of the workload gives checksum %08x, the first %08x\n", t + 1, again, checksum);
      bad = 1;
    }
  }
  printf("%s: checksum %08x\n", title, checksum);
  return bad;
}
