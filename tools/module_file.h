// Reading a module file for the tools: binary when it starts with the wasm magic, else text.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "interp/interp.h"
#include "spec/features.h"
#include "spec/module.h"

namespace kiln::core::tools {

struct ModuleFile {
  std::string bytes;  // the file's contents
  bool binary = false;
  // Every error of the last parse of a text file by load_module (source order, at most 20),
  // so that format_file_error can print them all.
  mutable std::vector<Error> parse_errors;
};

// Reads `path` (ErrorKind::Io "cannot read <path>" when it cannot).
Result<ModuleFile> read_module_file(const std::string& path);

// Decodes or parses the file's contents.
Result<Module> load_module(const ModuleFile& file, const Features& features);

// Frees a binary file's contents once load_module has decoded them: the module holds its
// own copy of what it needs, and format_file_error does not read binary contents. So that
// compiling a large module does not also keep the file in memory. Text stays (error
// messages quote it).
inline void release_binary_bytes(ModuleFile& file) {
  if (file.binary) std::string().swap(file.bytes);
}

// Decodes and compiles a binary file the fast way (interp::compile_binary): the same module
// and the same first error as load_module then interp::compile. The file's bytes are released
// once the unscanned decode has copied them, and read again from `path` only when something
// failed, for the strict decode's error.
Result<std::shared_ptr<const rt::CompiledModule>> compile_binary_file(ModuleFile& file, const std::string& path,
                                                                      const Features& features);

// The error as the tools print it: "file:line:col: error: msg" with the source line for
// text, "file:@0x1a: error: msg" style for binary (text/diagnostic.h); no final newline.
// For the error of load_module on a text file, every collected parse error, one after another.
std::string format_file_error(const Error& e, const std::string& path, const ModuleFile* file);

}  // namespace kiln::core::tools
