// The binary format decoder (https://webassembly.github.io/spec/core/binary/modules.html):
// bytes -> the module IR. Checks everything the binary grammar requires (malformed
// modules); the validator checks the rest (invalid modules).
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/result.h"
#include "spec/features.h"
#include "spec/module.h"

namespace kiln::core {

// Decodes a whole module. Errors are ErrorKind::Malformed with the byte offset where
// decoding failed and the spec's message ("unexpected end", "section size mismatch", ...).
// Every function body is scanned once, so malformed instructions are reported here too;
// for large modules on several threads (`threads` as for base/parallel.h pick_threads, 0:
// automatic, 1: the calling thread only), with the same result and the same error.
Result<Module> decode_module(const uint8_t* data, size_t size, const Features& f);
Result<Module> decode_module(const uint8_t* data, size_t size, const Features& f, unsigned threads);

// The same without scanning function bodies: each is taken at its declared size as it is,
// and Module::bodies_unscanned is set. Only for a validation that follows at once
// (interp::compile_binary): a module this accepts and the validator then accepts is one
// decode_module accepts, with the same contents; for any other, the first error differs
// from decode_module's, so callers that report errors must decode again with it.
Result<Module> decode_module_unscanned(const uint8_t* data, size_t size, const Features& f, unsigned threads);

}  // namespace kiln::core
