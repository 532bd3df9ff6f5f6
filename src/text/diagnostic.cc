#include "text/diagnostic.h"

#include <algorithm>
#include <cstdio>

namespace kiln::core::text {

namespace {
// The longest source excerpt an error shows (bytes); longer lines are cut around the column.
constexpr size_t kMaxExcerpt = 160;
}  // namespace

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
      // A long line (minified or generated text) is shown as a window around the column.
      size_t caret = e.column > 0 ? e.column - 1 : 0;
      bool cut_left = false, cut_right = false;
      if (text.size() > kMaxExcerpt) {
        size_t from = caret > kMaxExcerpt / 2 ? caret - kMaxExcerpt / 2 : 0;
        from = std::min(from, text.size() - kMaxExcerpt);  // a full window near the end too
        while (from > 0 && from < text.size() && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) --from;
        size_t to = std::min(text.size(), from + kMaxExcerpt);
        while (to < text.size() && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80) ++to;
        cut_left = from > 0;
        cut_right = to < text.size();
        text = text.substr(from, to - from);
        caret -= from;
      }
      out += cut_left ? "  ..." : "  ";
      out += text;
      if (cut_right) out += "...";
      out += cut_left ? "\n     " : "\n  ";
      // Keep tabs so the caret lines up under the column.
      for (size_t c = 0; c < caret && c < text.size(); ++c) out += text[c] == '\t' ? '\t' : ' ';
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
