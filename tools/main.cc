// kiln: the command-line tool. Subcommands live one per file in tools/ (commands.h).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "commands.h"

#ifndef KILN_VERSION
#define KILN_VERSION "unknown"
#endif

namespace kiln::core::tools {

namespace {
std::vector<Command>& registry() {
  static std::vector<Command> r;
  return r;
}
}  // namespace

CommandRegistration::CommandRegistration(Command c) {
  auto& r = registry();
  r.insert(std::upper_bound(r.begin(), r.end(), c,
                            [](const Command& a, const Command& b) { return a.order < b.order; }),
           c);
}

const std::vector<Command>& commands() { return registry(); }

}  // namespace kiln::core::tools

namespace {

std::string usage() {
  std::string u = "usage: kiln <command> [options] [arguments]\n\ncommands:\n";
  for (const auto& c : kiln::core::tools::commands()) u += c.usage;
  u += "  help                                show this help\n"
       "  --version                           show the version\n"
       "\n"
       "every command accepts --enable-FEATURE / --disable-FEATURE (e.g. --enable-simd)\n"
       "and --enable-all / --disable-all\n";
  return u;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(usage().c_str(), stderr);
    return 2;
  }
  const char* cmd = argv[1];
  kiln::core::tools::Args args(argv + 2, argv + argc);
  if (!std::strcmp(cmd, "help") || !std::strcmp(cmd, "--help") || !std::strcmp(cmd, "-h")) {
    std::fputs(usage().c_str(), stdout);
    return 0;
  }
  if (!std::strcmp(cmd, "--version") || !std::strcmp(cmd, "version")) {
    std::printf("kiln %s\n", KILN_VERSION);
    return 0;
  }
  for (const auto& c : kiln::core::tools::commands()) {
    if (!std::strcmp(cmd, c.name)) return c.run(args);
  }
  std::fprintf(stderr, "kiln: unknown command '%s'\n\n%s", cmd, usage().c_str());
  return 2;
}
