// Reading the tools' inputs and writing their outputs, where the path "-" means standard
// input (reading) or standard output (writing), so that the commands compose in pipes.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace kiln::core::tools {

// The whole contents of `path` ("-": all of standard input).
// Error: ErrorKind::Io "cannot read PATH" (or "cannot read standard input").
Result<std::string> read_input(const std::string& path);

// Writes `data` to `path` ("-": standard output), replacing the file.
// Error: ErrorKind::Io "cannot write PATH".
Status write_output(const std::string& path, std::string_view data);

// `path` with its extension (the part after the last '.' of the file name) replaced by
// `ext` (which includes the dot), or `ext` appended when it has none: "a/b.wat" -> "a/b.wasm".
std::string replace_extension(const std::string& path, std::string_view ext);

}  // namespace kiln::core::tools
