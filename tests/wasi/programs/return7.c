// Returning 7 from main: the exit status is 7 and buffered output is written.
#include <stdio.h>

int main(void) {
  printf("returning 7 from main\n");
  return 7;
}
