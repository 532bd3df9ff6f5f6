// `kiln inspect [-h] [-x] [-d] FILE...`: what is in a module, in the spirit of
// wasm-objdump (the report itself is text/module_report.h). Text modules are written to
// binary first, with a name section, and that binary is inspected. FILE "-" is standard
// input.
#include <cstdio>

#include "binary/writer.h"
#include "commands.h"
#include "feature_flags.h"
#include "io.h"
#include "module_file.h"
#include "text/module_report.h"
#include "text/parser.h"

namespace kiln::core::tools {

namespace {

void print(const std::string& out) {
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

int inspect_file(const std::string& path, const text::ReportOptions& opts) {
  // "-" is standard input.
  std::string shown = path == "-" ? "<stdin>" : path;
  auto input = read_input(path);
  if (!input.ok()) {
    std::fprintf(stderr, "%s: error: %s\n", shown.c_str(), input.error().message.c_str());
    return 1;
  }
  ModuleFile file;
  file.bytes = std::move(*input);
  file.binary = file.bytes.size() >= 4 && file.bytes.compare(0, 4, std::string("\0asm", 4)) == 0;
  std::string out = shown + ": ";
  ModuleFile binary;
  binary.binary = true;
  if (file.binary) {
    binary.bytes = std::move(file.bytes);
    out += "binary module, ";
  } else {
    auto parsed = load_module(file, opts.features);  // every parse error, not just the first
    if (!parsed.ok()) {
      std::fprintf(stderr, "%s\n", format_file_error(parsed.error(), shown, &file).c_str());
      return 1;
    }
    std::vector<uint8_t> written = write_module(*parsed, WriteOptions{.names = true});
    binary.bytes.assign(written.begin(), written.end());
    out += "text module written as binary, ";
  }
  Status st = text::report_module(reinterpret_cast<const uint8_t*>(binary.bytes.data()), binary.bytes.size(), opts, out);
  print(out);
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", format_file_error(st.error(), shown, &binary).c_str());
    return 1;
  }
  return 0;
}

int cmd_inspect(const Args& args) {
  text::ReportOptions opts;
  opts.features = Features::all();  // inspect whatever the engine can decode
  std::vector<std::string> files;
  for (const std::string& a : args) {
    if (a == "-h" || a == "--headers") {
      opts.headers = true;
    } else if (a == "-x" || a == "--details") {
      opts.details = true;
    } else if (a == "-d" || a == "--disassemble") {
      opts.disassemble = true;
    } else {
      FlagResult fr = apply_feature_flag(a, opts.features);
      if (fr == FlagResult::Unknown) {
        std::fprintf(stderr, "kiln inspect: unknown feature in %s\n", a.c_str());
        return 2;
      }
      if (fr == FlagResult::Applied) continue;
      if (a.size() > 1 && a[0] == '-') {
        std::fprintf(stderr, "kiln inspect: unknown option %s\n", a.c_str());
        return 2;
      }
      files.push_back(a);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: kiln inspect [-h] [-x] [-d] FILE...\n");
    return 2;
  }
  int status = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    if (i > 0) print("\n");
    status |= inspect_file(files[i], opts);
  }
  return status;
}

const CommandRegistration kRegistration({"inspect",
    "  inspect [-h] [-x] [-d] FILE...      show a module's sections (-h, the default), their\n"
    "                                      contents (-x) and its disassembled code (-d)\n",
    cmd_inspect, 40});

}  // namespace

}  // namespace kiln::core::tools
