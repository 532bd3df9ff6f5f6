// `kiln wasm2wat IN.wasm... [-o OUT.wat] [--fold] [--no-names] [--no-check]`: prints modules
// in the text format (text/printer.h), one after another. Reads "-" as standard input;
// writes to standard output unless -o names a file. Each module is validated first unless
// --no-check.
#include <cstdio>

#include "commands.h"
#include "convert_args.h"
#include "io.h"
#include "text/printer.h"

namespace kiln::core::tools {

namespace {

constexpr const char* kUsage =
    "usage: kiln wasm2wat [--fold] [--no-names] [--no-check] [--enable-FEATURE]... IN.wasm... [-o OUT.wat]\n";

int cmd_wasm2wat(const Args& argv) {
  text::PrintOptions options;
  ConvertArgs args = parse_convert_args(argv, "wasm2wat", kUsage, [&](const std::string& a) {
    if (a == "--fold") {
      options.fold = true;
    } else if (a == "--no-names") {
      options.names = false;
    } else {
      return false;
    }
    return true;
  });
  if (args.exit_status != 0) return args.exit_status;
  std::string out = args.out.value_or("-");
  int status = 0;
  std::string wat;
  for (const std::string& in : args.inputs) {
    if (std::optional<Module> module = load_checked_module(in, args)) {
      wat += text::print_module(*module, options);
    } else {
      status = 1;
    }
    // Standard output gets each module as soon as it is printed.
    if (out == "-" && !wat.empty()) {
      Status w = write_output(out, wat);
      if (!w.ok()) {
        std::fprintf(stderr, "kiln wasm2wat: %s\n", w.error().message.c_str());
        return 1;
      }
      wat.clear();
    }
  }
  if (out != "-") {
    Status w = write_output(out, wat);
    if (!w.ok()) {
      std::fprintf(stderr, "kiln wasm2wat: %s\n", w.error().message.c_str());
      return 1;
    }
  }
  return status;
}

const CommandRegistration kRegistration({"wasm2wat",
    "  wasm2wat IN.wasm... [-o OUT.wat] [--fold] [--no-names] [--no-check]\n"
    "                                      print a module in the text format\n",
    cmd_wasm2wat, 40});

}  // namespace

}  // namespace kiln::core::tools
