// Reading a module file for the tools: binary when it starts with the wasm magic, else text.
#pragma once

#include <string>

#include "base/result.h"
#include "spec/features.h"
#include "spec/module.h"

namespace kiln::tools {

struct ModuleFile {
  std::string bytes;  // the file's contents
  bool binary = false;
};

// Reads `path` (ErrorKind::Io "cannot read <path>" when it cannot).
Result<ModuleFile> read_module_file(const std::string& path);

// Decodes or parses the file's contents.
Result<Module> load_module(const ModuleFile& file, const Features& features);

// The error as the tools print it: "file:line:col: error: msg" with the source line for
// text, "file:@0x1a: error: msg" style for binary (text/diagnostic.h); no final newline.
std::string format_file_error(const Error& e, const std::string& path, const ModuleFile* file);

}  // namespace kiln::tools
