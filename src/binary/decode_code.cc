// The code section (https://webassembly.github.io/spec/core/binary/modules.html#code-section).
#include "binary/expr_scanner.h"
#include "binary/module_decoder.h"
#include "binary/type_reader.h"

namespace kiln::core::binary_detail {

Status ModuleDecoder::code_section() {
  KILN_ASSIGN(uint32_t n, len32());
  code_count_ = n;
  for (uint32_t i = 0; i < n; ++i) {
    if (i < m_.funcs.size()) {
      KILN_TRY(function_body(m_.funcs[i]));
    } else {
      Function extra;  // no function declares it: still decoded for its errors
      KILN_TRY(function_body(extra));
    }
  }
  return Ok();
}

// A body: its size, local declarations, then the instructions. The instructions are read
// from the whole input, not cut at the declared size, so that a missing `end` reports what
// the reference interpreter reports; the size is checked afterwards.
Status ModuleDecoder::function_body(Function& fn) {
  size_t size_at = r_.offset();
  KILN_ASSIGN(uint32_t size, len32());
  KILN_TRY(within(impl_limits::kBodyBytes, size, size_at));
  size_t start = r_.offset();
  size_t locals_at = r_.offset();
  KILN_ASSIGN(uint32_t ndecls, len32());
  uint64_t total = 0;
  for (uint32_t i = 0; i < ndecls; ++i) {
    KILN_ASSIGN(uint32_t count, r_.u32());
    KILN_ASSIGN(ValType t, read_val_type(r_, f_));
    total += count;
    KILN_TRY(within(impl_limits::kLocals, total, locals_at));
    if (count != 0) fn.locals.push_back({count, t});
  }
  fn.num_locals = static_cast<uint32_t>(total);
  size_t body_at = r_.offset();
  const uint8_t* body = r_.position();
  ExprFacts facts;
  KILN_TRY(scan_expr(r_, f_, &facts));
  if (facts.uses_data_index) uses_data_index_ = true;
  if (r_.offset() != start + size) return malformed(start, "section size mismatch");
  fn.body.code.assign(body, r_.position());
  fn.body.offset = body_at;
  fn.locals_size = static_cast<uint32_t>(body_at - locals_at);
  return Ok();
}

}  // namespace kiln::core::binary_detail
