// `kiln run [OPTIONS] -- FILE ARGS`: after `--` nothing is an option of kiln's, and
// everything after FILE belongs to the guest, even arguments that look like options.
#include <stdio.h>

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) printf("argv[%d] = %s\n", i, argv[i]);
  return argc - 1;
}
