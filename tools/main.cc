// kiln: the command-line tool. Subcommands live one per file in tools/ (commands.h).
#include <cstdio>
#include <cstring>

#include "commands.h"

#ifndef KILN_VERSION
#define KILN_VERSION "unknown"
#endif

namespace {

const char kUsage[] =
    "usage: kiln <command> [options] [arguments]\n"
    "\n"
    "commands:\n"
    "  run [--invoke NAME] FILE [ARGS...]  run a module (.wasm or .wat): call export NAME\n"
    "                                      (default _start) with ARGS, print its results\n"
    "  wast [--verbose] FILE...            run WebAssembly spec test scripts\n"
    "                                      (also --timeout SECONDS)\n"
    "  validate FILE...                    decode or parse and validate modules\n"
    "  help                                show this help\n"
    "  --version                           show the version\n"
    "\n"
    "every command accepts --enable-FEATURE / --disable-FEATURE (e.g. --enable-simd)\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const char* cmd = argv[1];
  kiln::tools::Args args(argv + 2, argv + argc);
  if (!std::strcmp(cmd, "help") || !std::strcmp(cmd, "--help") || !std::strcmp(cmd, "-h")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!std::strcmp(cmd, "--version") || !std::strcmp(cmd, "version")) {
    std::printf("kiln %s\n", KILN_VERSION);
    return 0;
  }
  if (!std::strcmp(cmd, "run")) return kiln::tools::cmd_run(args);
  if (!std::strcmp(cmd, "wast")) return kiln::tools::cmd_wast(args);
  if (!std::strcmp(cmd, "validate")) return kiln::tools::cmd_validate(args);
  std::fprintf(stderr, "kiln: unknown command '%s'\n\n%s", cmd, kUsage);
  return 2;
}
