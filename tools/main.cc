// kiln: the command-line tool. Subcommands live one per file in tools/.
#include <cstdio>

int main(int argc, char** argv) {
  (void)argc;
  (void)argv;
  std::fprintf(stderr, "usage: kiln <command> ...\n");
  return 2;
}
