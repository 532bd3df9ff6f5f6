// The WAST script parser (https://github.com/WebAssembly/spec/tree/main/interpreter#scripts):
// source text to the Script AST of text/script.h.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "spec/features.h"
#include "text/script.h"

namespace kiln::core::text {

// Parses a whole script. Text modules inside it are parsed here (a failure is an error of
// the script, with line and column); quote modules keep their text and binary modules
// their bytes, for the runner to parse or decode when the command runs.
Result<Script> parse_script(std::string_view source, std::string file, const Features& f);

}  // namespace kiln::core::text
