// `kiln wat2wasm IN.wat... [-o OUT.wasm] [--debug-names] [--no-check]`: encodes text
// modules in the binary format (binary/writer.h). Reads "-" as standard input; writes each
// IN with the extension .wasm unless -o (one input only) says otherwise ("-o -": standard
// output). Each module is validated first unless --no-check.
#include <cstdio>

#include "binary/writer.h"
#include "commands.h"
#include "convert_args.h"
#include "io.h"

namespace kiln::core::tools {

namespace {

constexpr const char* kUsage =
    "usage: kiln wat2wasm [--debug-names] [--no-check] [--enable-FEATURE]... IN.wat... [-o OUT.wasm]\n";

// Converts one file; the exit status for it.
int convert(const std::string& in, const std::string& out, const ConvertArgs& args, const WriteOptions& options) {
  std::optional<Module> module = load_checked_module(in, args);
  if (!module) return 1;
  std::vector<uint8_t> wasm = write_module(*module, options);
  Status w = write_output(out, std::string_view(reinterpret_cast<const char*>(wasm.data()), wasm.size()));
  if (!w.ok()) {
    std::fprintf(stderr, "kiln wat2wasm: %s\n", w.error().message.c_str());
    return 1;
  }
  return 0;
}

int cmd_wat2wasm(const Args& argv) {
  WriteOptions options;
  ConvertArgs args = parse_convert_args(argv, "wat2wasm", kUsage, [&](const std::string& a) {
    if (a != "--debug-names") return false;
    options.names = true;
    return true;
  });
  if (args.exit_status != 0) return args.exit_status;
  if (args.out && args.inputs.size() > 1) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  int status = 0;
  for (const std::string& in : args.inputs) {
    std::string to = args.out ? *args.out : in == "-" ? "-" : replace_extension(in, ".wasm");
    status |= convert(in, to, args, options);
  }
  return status;
}

const CommandRegistration kRegistration({"wat2wasm",
    "  wat2wasm IN.wat... [-o OUT.wasm] [--debug-names] [--no-check]\n"
    "                                      encode a text module in the binary format\n",
    cmd_wat2wasm, 35});

}  // namespace

}  // namespace kiln::core::tools
