#include "text/diagnostic.h"

#include <cstdio>

namespace kiln::core::text {

std::string format_error(const Error& e, std::string_view file, std::string_view source) {
  std::string out(file);
  if (e.line > 0) {
    out += ':' + std::to_string(e.line) + ':' + std::to_string(e.column) + ": error: " + e.message + '\n';
    // Find the line in the source.
    size_t start = 0;
    for (uint32_t l = 1; l < e.line && start < source.size(); ++l) {
      size_t nl = source.find('\n', start);
      if (nl == std::string_view::npos) {
        start = source.size();
        break;
      }
      start = nl + 1;
    }
    if (start < source.size() || (start == source.size() && e.line > 0)) {
      size_t end = source.find('\n', start);
      if (end == std::string_view::npos) end = source.size();
      std::string_view text = source.substr(start, end - start);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      out += "  ";
      out += text;
      out += "\n  ";
      // Keep tabs so the caret lines up under the column.
      for (uint32_t c = 1; c < e.column && c - 1 < text.size(); ++c) out += text[c - 1] == '\t' ? '\t' : ' ';
      out += "^\n";
    }
    return out;
  }
  if (e.offset != Error::kNoOffset) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "@0x%zx", e.offset);
    out += ':';
    out += buf;
  }
  out += ": error: " + e.message + '\n';
  return out;
}

}  // namespace kiln::core::text
