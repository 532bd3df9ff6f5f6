// What the fuzz targets share: the features they enable, and how an invariant that does not
// hold ends the run (libFuzzer records an abort as a crash and saves the input).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/result.h"
#include "spec/features.h"

namespace kiln::fuzz {

// Every feature of spec/features.def: the targets reach all the code that input can reach.
inline const core::Features& all_features() {
  static const core::Features f = core::Features::all();
  return f;
}

// Prints "invariant failed: WHAT" (with the detail, e.g. an error message or a text) and
// aborts.
[[noreturn]] inline void invariant_failed(const std::string& what, const std::string& detail = {}) {
  std::fprintf(stderr, "invariant failed: %s\n", what.c_str());
  if (!detail.empty()) std::fprintf(stderr, "%s\n", detail.c_str());
  std::fflush(stderr);
  std::abort();
}

// An error as the tools print it: "@0x1a: message" or "3:7: message".
inline std::string describe(const core::Error& e) {
  char where[64] = "";
  if (e.line != 0) {
    std::snprintf(where, sizeof where, "%u:%u: ", e.line, e.column);
  } else if (e.offset != core::Error::kNoOffset) {
    std::snprintf(where, sizeof where, "@0x%zx: ", e.offset);
  }
  return where + e.message;
}

}  // namespace kiln::fuzz
