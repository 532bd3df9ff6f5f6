#include "convert_args.h"

#include <cstdio>

#include "feature_flags.h"
#include "io.h"
#include "module_file.h"
#include "valid/func_validator.h"

namespace kiln::core::tools {

ConvertArgs parse_convert_args(const Args& args, const char* command, const char* usage,
                               const std::function<bool(const std::string&)>& extra) {
  ConvertArgs r;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-o") {
      if (++i == args.size()) {  // -o without OUT
        std::fputs(usage, stderr);
        r.exit_status = 2;
        return r;
      }
      r.out = args[i];
    } else if (a == "--no-check") {
      r.check = false;
    } else if (extra(a)) {
      continue;
    } else if (a.size() > 1 && a[0] == '-') {
      if (apply_feature_flag(a, r.features) != FlagResult::Applied) {
        std::fprintf(stderr, "kiln %s: unknown option %s\n%s", command, a.c_str(), usage);
        r.exit_status = 2;
        return r;
      }
    } else {
      r.inputs.push_back(a);
    }
  }
  if (r.inputs.empty()) {
    std::fputs(usage, stderr);
    r.exit_status = 2;
  }
  return r;
}

std::optional<Module> load_checked_module(const std::string& in, const ConvertArgs& args) {
  auto bytes = read_input(in);
  if (!bytes.ok()) {
    std::fprintf(stderr, "%s: error: %s\n", in.c_str(), bytes.error().message.c_str());
    return std::nullopt;
  }
  ModuleFile file;
  file.bytes = std::move(*bytes);
  file.binary = file.bytes.size() >= 4 && file.bytes.compare(0, 4, std::string("\0asm", 4)) == 0;
  auto module = load_module(file, args.features);
  if (!module.ok()) {
    std::fprintf(stderr, "%s\n", format_file_error(module.error(), in, &file).c_str());
    return std::nullopt;
  }
  if (args.check) {
    Status s = validate_module(*module, args.features);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", format_file_error(s.error(), in, &file).c_str());
      return std::nullopt;
    }
  }
  return std::move(*module);
}

}  // namespace kiln::core::tools
