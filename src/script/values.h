// Script values against runtime slots: arguments of actions, and the matching of results
// against the patterns of assert_return with the reference interpreter's rules
// (https://github.com/WebAssembly/spec/tree/main/interpreter#scripts): exact bits for
// numbers, nan:canonical / nan:arithmetic for floats, ref.null, ref.extern N, (ref.func),
// (ref.extern), and (either ...) alternatives.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "runtime/store.h"
#include "text/script.h"

namespace kiln::core::script {

// Outcome of matching one result: a match, a mismatch, or a pattern the engine cannot
// check yet (e.g. GC reference patterns; the assertion is then skipped).
enum class Match : uint8_t { Yes, No, Unsupported };

// Appends the slots of argument `v` for a parameter of type `param`. Errors: "argument
// type mismatch" (ErrorKind::Other), or ErrorKind::Other "unsupported: ..." for values the
// engine cannot represent yet (`*unsupported` is then set).
Status append_arg(const text::ScriptValue& v, const ValType& param, rt::Store& store,
                  std::vector<rt::Slot>& out, bool* unsupported);

// Whether the result of type `type` in `slots` matches one pattern.
Match match_value(const text::ScriptValue& pattern, const ValType& type, const rt::Slot* slots,
                  rt::Store& store);
// The same for an expected result with its (either ...) alternatives.
Match match_expected(const text::Expected& e, const ValType& type, const rt::Slot* slots,
                     rt::Store& store);

// Text for diagnostics: "i32:42", "f32:nan:canonical", "ref.null", ...
std::string describe(const text::ScriptValue& v);
std::string describe(const text::Expected& e);
std::string describe(const ValType& type, const rt::Slot* slots);

}  // namespace kiln::core::script
