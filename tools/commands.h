// The subcommands of the `kiln` tool, one per file in tools/. Each file registers itself
// with a static `CommandRegistration`; main.cc looks the name up and prints the usage lines.
#pragma once

#include <string>
#include <vector>

namespace kiln::core::tools {

using Args = std::vector<std::string>;
using CommandFn = int (*)(const Args& args);  // arguments after the name -> exit status

struct Command {
  const char* name;
  const char* usage;  // one or more lines for `kiln help`, each "  name ARGS   summary\n"
  CommandFn run;
  int order;          // position in the help listing
};

// All registered commands, sorted by `order`.
const std::vector<Command>& commands();

struct CommandRegistration {
  explicit CommandRegistration(Command c);
};

}  // namespace kiln::core::tools
