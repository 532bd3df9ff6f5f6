// The WAT parser (https://webassembly.github.io/spec/core/text/modules.html): text to the
// module IR, with code encoded straight into its binary form.
#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "spec/features.h"
#include "spec/module.h"
#include "text/lexer.h"

namespace kiln::core::text {

// Parses a whole source: `(module $id? field*)` or a bare sequence of module fields.
// Errors are Malformed with the line and column of the offending token.
Result<Module> parse_module(std::string_view source, const Features& f);

// The same, collecting several errors for people: after an error inside a module field the
// parser skips to the end of that field and goes on with the next; each use of an unknown
// $id is an error of its own. Stops after ModuleParser::kMaxErrors (20) errors.
// `all_errors` receives every error, in source order; on failure the result holds the first.
Result<Module> parse_module(std::string_view source, const Features& f, std::vector<Error>* all_errors);

// Parses the module that starts at ts.tokens[pos] (the `(` of `(module ...)`, or the first
// field when `wrapped` is false, reading fields up to the end). On success `pos` is past
// the module. The script parser uses this for modules embedded in scripts.
Result<Module> parse_module_at(const TokenStream& ts, size_t& pos, bool wrapped, const Features& f);

}  // namespace kiln::core::text
