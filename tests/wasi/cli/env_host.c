// --env NAME=VALUE sets a variable; --env NAME copies the host's value, and a host variable
// that is not set is left out; no other host variable reaches the guest.
#include <stdio.h>

extern char** environ;

int main(void) {
  for (char** e = environ; *e; ++e) printf("%s\n", *e);
  return 0;
}
