// Formatting of errors for people (https://webassembly.github.io/spec/core/text/ for the
// locations): `file:line:column: error: message`, the source line and a caret.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace kiln::core::text {

// With line/column: "file:3:7: error: unknown operator foo", then the source line and a
// caret under column 7 (a line longer than 160 bytes is cut to a window around the column,
// with "..." where it was cut). Without: "file: error: message", with "@0x1a" for byte offsets.
std::string format_error(const Error& e, std::string_view file, std::string_view source);

}  // namespace kiln::core::text
