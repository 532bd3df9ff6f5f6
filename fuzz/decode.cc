// Fuzz target `decode`: any bytes through the binary decoder, then through validation and
// the interpreter's translation (one pass), with every feature on. The translation runs
// twice, optimized and plain (interp::CompileOptions); both must come to the same verdict,
// with the same error. interp::compile_binary (decoding without the body scan, strictly
// again only on failure) must agree with decode_module then compile too.
#include <cstddef>
#include <cstdint>

#include "binary/decoder.h"
#include "interp/interp.h"
#include "invariant.h"

using namespace kiln::core;
using kiln::fuzz::describe;
using kiln::fuzz::invariant_failed;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Features& f = kiln::fuzz::all_features();
  Result<Module> decoded = decode_module(data, size, f);
  auto fast = interp::compile_binary(data, size, f, {});
  if (!decoded.ok()) {
    if (fast.ok()) invariant_failed("compile_binary accepts a malformed module", describe(decoded.error()));
    if (fast.error().message != decoded.error().message || fast.error().offset != decoded.error().offset) {
      invariant_failed("compile_binary and decode_module fail differently",
                       describe(fast.error()) + "\n" + describe(decoded.error()));
    }
  }
  if (!decoded.ok()) {
    const Error& e = decoded.error();
    if (e.offset != Error::kNoOffset && e.offset > size) {
      invariant_failed("a decode error lies past the end of the input", describe(e));
    }
    return 0;
  }
  Module copy = *decoded;
  auto optimized = interp::compile(std::move(*decoded), f, {.optimize = true});
  auto plain = interp::compile(std::move(copy), f, {.optimize = false});
  if (optimized.ok() != plain.ok()) {
    invariant_failed("the optimized and the plain translation disagree on validity",
                     describe(optimized.ok() ? plain.error() : optimized.error()));
  }
  if (optimized.ok() != fast.ok()) {
    invariant_failed("compile_binary and decode_module + compile disagree on validity",
                     describe(optimized.ok() ? fast.error() : optimized.error()));
  }
  if (!optimized.ok() && (fast.error().message != optimized.error().message ||
                          fast.error().offset != optimized.error().offset)) {
    invariant_failed("compile_binary and decode_module + compile fail differently",
                     describe(fast.error()) + "\n" + describe(optimized.error()));
  }
  if (!optimized.ok()) {
    const Error& a = optimized.error();
    const Error& b = plain.error();
    if (a.message != b.message || a.offset != b.offset) {
      invariant_failed("the optimized and the plain translation fail differently", describe(a) + "\n" + describe(b));
    }
    if (a.offset != Error::kNoOffset && a.offset > size) {
      invariant_failed("a validation error lies past the end of the input", describe(a));
    }
  }
  return 0;
}
