// A proc_exit code above 255 cannot be an exit status: kiln exits 1, never 0 (256 & 255).
#include <stdlib.h>

int main(void) { exit(256); }
