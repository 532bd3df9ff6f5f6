// `kiln wasm2wat IN.wasm... [-o OUT.wat] [--fold] [--no-names] [--no-check]`: prints modules
// in the text format (text/printer.h), one after another. Reads "-" as standard input;
// writes to standard output unless -o names a file. Each module is validated first unless
// --no-check.
#include <cstdio>

#include "commands.h"
#include "feature_flags.h"
#include "io.h"
#include "module_file.h"
#include "text/printer.h"
#include "valid/func_validator.h"

namespace kiln::tools {

namespace {

constexpr const char* kUsage =
    "usage: kiln wasm2wat [--fold] [--no-names] [--no-check] [--enable-FEATURE]... IN.wasm... [-o OUT.wat]\n";

// Prints one file's module, appending to `text`; the exit status for it.
int print_file(const std::string& in, const Features& features, const text::PrintOptions& options, bool check,
               std::string& text) {
  auto bytes = read_input(in);
  if (!bytes.ok()) {
    std::fprintf(stderr, "%s: error: %s\n", in.c_str(), bytes.error().message.c_str());
    return 1;
  }
  ModuleFile file;
  file.bytes = std::move(*bytes);
  file.binary = file.bytes.size() >= 4 && file.bytes.compare(0, 4, std::string("\0asm", 4)) == 0;
  auto module = load_module(file, features);
  if (!module.ok()) {
    std::fprintf(stderr, "%s\n", format_file_error(module.error(), in, &file).c_str());
    return 1;
  }
  if (check) {
    Status s = validate_module(*module, features);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", format_file_error(s.error(), in, &file).c_str());
      return 1;
    }
  }
  text += text::print_module(*module, options);
  return 0;
}

int cmd_wasm2wat(const Args& args) {
  Features features;
  text::PrintOptions options;
  bool check = true;
  std::vector<std::string> inputs;
  std::string out = "-";
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-o") {
      if (++i == args.size()) {
        std::fputs(kUsage, stderr);
        return 2;
      }
      out = args[i];
    } else if (a == "--fold") {
      options.fold = true;
    } else if (a == "--no-names") {
      options.names = false;
    } else if (a == "--no-check") {
      check = false;
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      FlagResult fr = apply_feature_flag(a, features);
      if (fr != FlagResult::Applied) {
        std::fprintf(stderr, "kiln wasm2wat: unknown option %s\n%s", a.c_str(), kUsage);
        return 2;
      }
    } else {
      inputs.push_back(a);
    }
  }
  if (inputs.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  int status = 0;
  std::string wat;
  for (const std::string& in : inputs) {
    status |= print_file(in, features, options, check, wat);
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

}  // namespace kiln::tools
