// What `kiln wat2wasm` and `kiln wasm2wat` share: their common options (-o, --no-check,
// the feature flags, the inputs) and reading one input as a checked module.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "spec/features.h"
#include "spec/module.h"

namespace kiln::core::tools {

struct ConvertArgs {
  Features features;
  bool check = true;                // validate each module first (--no-check: don't)
  std::vector<std::string> inputs;  // "-" is standard input
  std::optional<std::string> out;   // -o OUT ("-": standard output)
  int exit_status = 0;              // nonzero: the arguments were wrong; exit with this
};

// Parses `args`; `extra` is offered each other option first and returns whether it took
// it. Bad arguments print "kiln COMMAND: unknown option X" and `usage` to standard error
// and set exit_status to 2. At least one input is required.
ConvertArgs parse_convert_args(const Args& args, const char* command, const char* usage,
                               const std::function<bool(const std::string&)>& extra);

// Reads, parses or decodes, and (when args.check) validates the file `in`; on failure
// prints the error (format_file_error) and returns nullopt.
std::optional<Module> load_checked_module(const std::string& in, const ConvertArgs& args);

}  // namespace kiln::core::tools
