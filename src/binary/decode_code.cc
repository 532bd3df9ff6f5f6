// The code section (https://webassembly.github.io/spec/core/binary/modules.html#code-section).
#include <algorithm>
#include <utility>
#include <vector>

#include "base/parallel.h"
#include "binary/expr_scanner.h"
#include "binary/module_decoder.h"
#include "binary/type_reader.h"

namespace kiln::core::binary_detail {

Status ModuleDecoder::code_section() {
  KILN_ASSIGN(uint32_t n, len32());
  code_count_ = n;
  uint32_t i = 0;
  unsigned threads = pick_threads(threads_, size_ - r_.offset());
  if (threads > 1) {
    // The bodies of declared functions whose sizes read cleanly, from a first pass over the
    // sizes alone, are decoded on several threads. Body k starts where the loop below
    // would start it (after body k-1 ends at its declared size, or that body fails), so
    // each gives the error it gives there, and run_in_order reports the first. The loop
    // takes over at the first size this pass stops at, for its exact error.
    std::vector<std::pair<size_t, uint32_t>> spans;  // start, size
    ByteReader h = r_;
    uint32_t declared = std::min<uint32_t>(n, static_cast<uint32_t>(m_.funcs.size()));
    while (spans.size() < declared) {
      size_t at = h.offset();
      auto size = h.u32();
      if (!size.ok() || *size > size_ - at || *size > impl_limits::kBodyBytes.max || *size > h.remaining()) break;
      spans.emplace_back(h.offset(), *size);
      h.advance(*size);
    }
    std::vector<uint8_t> uses_data(spans.size(), 0);
    KILN_TRY(run_in_order(static_cast<uint32_t>(spans.size()), threads, kBodiesPerTask, [&](uint32_t k, unsigned) -> Status {
      auto [start, size] = spans[k];
      ByteReader r(data_ + start, size_ - start, start);
      bool uses = false;
      KILN_TRY(body_after_size(m_.funcs[k], r, start, size, uses));
      uses_data[k] = uses;
      return Ok();
    }));
    for (uint8_t u : uses_data) uses_data_index_ = uses_data_index_ || u;
    if (!spans.empty()) r_.advance(spans.back().first + spans.back().second - r_.offset());
    i = static_cast<uint32_t>(spans.size());
  }
  for (; i < n; ++i) {
    if (i < m_.funcs.size()) {
      KILN_TRY(function_body(m_.funcs[i]));
    } else {
      Function extra;  // no function declares it: still decoded for its errors
      KILN_TRY(function_body(extra));
    }
  }
  return Ok();
}

// A body: its size, local declarations, then the instructions.
Status ModuleDecoder::function_body(Function& fn) {
  size_t size_at = r_.offset();
  KILN_ASSIGN(uint32_t size, len32());
  KILN_TRY(within(impl_limits::kBodyBytes, size, size_at));
  bool uses = false;
  KILN_TRY(body_after_size(fn, r_, r_.offset(), size, uses));
  uses_data_index_ = uses_data_index_ || uses;
  return Ok();
}

// The local declarations and the instructions of a body of `size` bytes from `start`, read
// with `r`. The instructions are read from the whole input, not cut at the declared size, so
// that a missing `end` reports what the reference interpreter reports; the size is checked
// afterwards.
Status ModuleDecoder::body_after_size(Function& fn, ByteReader& r, size_t start, uint32_t size,
                                      bool& uses_data) const {
  size_t locals_at = r.offset();
  KILN_ASSIGN(uint32_t ndecls, count_at(r));
  uint64_t total = 0;
  for (uint32_t i = 0; i < ndecls; ++i) {
    KILN_ASSIGN(uint32_t count, r.u32());
    KILN_ASSIGN(ValType t, read_val_type(r, f_));
    total += count;
    KILN_TRY(within(impl_limits::kLocals, total, locals_at));
    if (count != 0) fn.locals.push_back({count, t});
  }
  fn.num_locals = static_cast<uint32_t>(total);
  size_t body_at = r.offset();
  const uint8_t* body = r.position();
  if (!scan_) {  // the declared extent, unchecked: the validator reads it
    if (body_at > start + size || start + size - body_at > r.remaining()) {
      return malformed(start, "section size mismatch");  // any error: the strict decode words it
    }
    r.advance(start + size - body_at);
    fn.body.code.assign(body, r.position());
    fn.body.offset = body_at;
    fn.locals_size = static_cast<uint32_t>(body_at - locals_at);
    return Ok();
  }
  ExprFacts facts;
  KILN_TRY(scan_expr(r, f_, &facts));
  uses_data = facts.uses_data_index;
  if (r.offset() != start + size) return malformed(start, "section size mismatch");
  fn.body.code.assign(body, r.position());
  fn.body.offset = body_at;
  fn.locals_size = static_cast<uint32_t>(body_at - locals_at);
  return Ok();
}

}  // namespace kiln::core::binary_detail
