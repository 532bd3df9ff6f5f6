// `kiln wat2wasm IN.wat... [-o OUT.wasm] [--debug-names] [--no-check]`: encodes text
// modules in the binary format (binary/writer.h). Reads "-" as standard input; writes each
// IN with the extension .wasm unless -o (one input only) says otherwise ("-o -": standard
// output). Each module is validated first unless --no-check.
#include <cstdio>

#include "binary/writer.h"
#include "commands.h"
#include "feature_flags.h"
#include "io.h"
#include "module_file.h"
#include "valid/func_validator.h"

namespace kiln::tools {

namespace {

constexpr const char* kUsage =
    "usage: kiln wat2wasm [--debug-names] [--no-check] [--enable-FEATURE]... IN.wat... [-o OUT.wasm]\n";

// Converts one file; the exit status for it.
int convert(const std::string& in, const std::string& out, const Features& features, const WriteOptions& options,
            bool check) {
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
  std::vector<uint8_t> wasm = write_module(*module, options);
  Status w = write_output(out, std::string_view(reinterpret_cast<const char*>(wasm.data()), wasm.size()));
  if (!w.ok()) {
    std::fprintf(stderr, "kiln wat2wasm: %s\n", w.error().message.c_str());
    return 1;
  }
  return 0;
}

int cmd_wat2wasm(const Args& args) {
  Features features;
  WriteOptions options;
  bool check = true;
  std::vector<std::string> inputs;
  std::string out;
  bool have_out = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-o") {
      if (++i == args.size()) {
        std::fputs(kUsage, stderr);
        return 2;
      }
      out = args[i];
      have_out = true;
    } else if (a == "--debug-names") {
      options.names = true;
    } else if (a == "--no-check") {
      check = false;
    } else if (a.size() > 1 && a[0] == '-') {
      FlagResult fr = apply_feature_flag(a, features);
      if (fr != FlagResult::Applied) {
        std::fprintf(stderr, "kiln wat2wasm: unknown option %s\n%s", a.c_str(), kUsage);
        return 2;
      }
    } else {
      inputs.push_back(a);
    }
  }
  if (inputs.empty() || (have_out && inputs.size() > 1)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  int status = 0;
  for (const std::string& in : inputs) {
    std::string to = have_out ? out : in == "-" ? "-" : replace_extension(in, ".wasm");
    status |= convert(in, to, features, options, check);
  }
  return status;
}

const CommandRegistration kRegistration({"wat2wasm",
    "  wat2wasm IN.wat... [-o OUT.wasm] [--debug-names] [--no-check]\n"
    "                                      encode a text module in the binary format\n",
    cmd_wat2wasm, 35});

}  // namespace

}  // namespace kiln::tools
