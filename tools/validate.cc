// `kiln validate FILE...`: decodes (binary) or parses (text) and validates each module;
// prints errors with their location and exits 1 when any file is not a valid module.
#include <cstdio>

#include "commands.h"
#include "feature_flags.h"
#include "interp/interp.h"
#include "module_file.h"

namespace kiln::core::tools {

namespace {

int cmd_validate(const Args& args) {
  Features features;
  std::vector<std::string> files;
  for (const std::string& a : args) {
    FlagResult fr = apply_feature_flag(a, features);
    if (fr == FlagResult::Unknown) {
      std::fprintf(stderr, "kiln validate: unknown feature in %s\n", a.c_str());
      return 2;
    }
    if (fr == FlagResult::NotAFeatureFlag) files.push_back(a);
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: kiln validate [--enable-FEATURE] FILE...\n");
    return 2;
  }
  int status = 0;
  for (const std::string& path : files) {
    auto file = read_module_file(path);
    if (!file.ok()) {
      std::fprintf(stderr, "%s: error: %s\n", path.c_str(), file.error().message.c_str());
      status = 1;
      continue;
    }
    if (file->binary) {
      auto compiled = compile_binary_file(*file, path, features);
      if (!compiled.ok()) {
        std::fprintf(stderr, "%s\n", format_file_error(compiled.error(), path, &*file).c_str());
        status = 1;
      }
      continue;
    }
    auto module = load_module(*file, features);
    if (!module.ok()) {
      std::fprintf(stderr, "%s\n", format_file_error(module.error(), path, &*file).c_str());
      status = 1;
      continue;
    }
    auto compiled = interp::compile(std::move(*module), features);
    if (!compiled.ok()) {
      std::fprintf(stderr, "%s\n", format_file_error(compiled.error(), path, &*file).c_str());
      status = 1;
    }
  }
  return status;
}

const CommandRegistration kRegistration({"validate",
    "  validate FILE...                    decode or parse and validate modules\n",
    cmd_validate, 30});

}  // namespace

}  // namespace kiln::core::tools
