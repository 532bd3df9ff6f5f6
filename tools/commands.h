// The subcommands of the `kiln` tool, one per file in tools/; main.cc dispatches.
// Each takes the arguments after its name and returns the process exit status.
#pragma once

#include <string>
#include <vector>

namespace kiln::tools {

using Args = std::vector<std::string>;

int cmd_wast(const Args& args);      // wast.cc
int cmd_run(const Args& args);       // run.cc
int cmd_validate(const Args& args);  // validate.cc

}  // namespace kiln::tools
