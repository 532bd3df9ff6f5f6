// Implementation limits: the largest modules Kiln accepts. They are the JS API's
// (https://webassembly.github.io/spec/js-api/#limits), which V8 and SpiderMonkey enforce
// too, so a module one of those engines accepts is not refused here for its size, and a
// hostile module cannot make the engine allocate without bound before it is refused.
// Binary modules are checked as each count is read (src/binary/), text modules by the
// validator (src/valid/module_rules.cc); both say "too many functions: 1000001 (the limit
// is 1000000)", except locals, whose message is the spec suite's "too many locals".
#pragma once

#include <cstdint>
#include <string>

namespace kiln::core {

struct ImplLimit {
  const char* what;                // plural noun of the message
  uint64_t max;
  const char* message = nullptr;   // a fixed message instead of the generic one
};

namespace impl_limits {
inline constexpr ImplLimit kModuleBytes{"bytes in the module", uint64_t(1) << 30};
inline constexpr ImplLimit kTypes{"types", 1'000'000};
inline constexpr ImplLimit kFunctions{"functions", 1'000'000};  // imported and defined
inline constexpr ImplLimit kImports{"imports", 100'000};
inline constexpr ImplLimit kExports{"exports", 100'000};
inline constexpr ImplLimit kGlobals{"globals", 1'000'000};  // imported and defined
inline constexpr ImplLimit kTags{"tags", 1'000'000};
inline constexpr ImplLimit kDataSegments{"data segments", 100'000};
inline constexpr ImplLimit kTables{"tables", 100'000};      // imported and defined
inline constexpr ImplLimit kMemories{"memories", 100};      // imported and defined
inline constexpr ImplLimit kParams{"parameters", 1'000};    // of a function type
inline constexpr ImplLimit kResults{"results", 1'000};      // of a function type
inline constexpr ImplLimit kStructFields{"struct fields", 10'000};
inline constexpr ImplLimit kBodyBytes{"bytes in a function body", 7'654'321};
inline constexpr ImplLimit kLocals{"locals", 50'000, "too many locals"};  // declared in one function
}  // namespace impl_limits

// The message for `n` things past `limit`.
inline std::string impl_limit_message(const ImplLimit& limit, uint64_t n) {
  if (limit.message) return limit.message;
  return std::string("too many ") + limit.what + ": " + std::to_string(n) + " (the limit is " +
         std::to_string(limit.max) + ")";
}

}  // namespace kiln::core
