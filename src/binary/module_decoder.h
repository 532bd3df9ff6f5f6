// Internal to the decoder: the state of decoding one module, shared by the .cc files that
// decode the different sections. Not a public interface; use decoder.h.
//
// Like the reference interpreter, sections are read from one cursor over the whole input
// and their declared size is checked once they are read ("section size mismatch"); this
// decides which error a truncated or overlong section reports. Lengths are checked against
// the bytes that remain before anything is read or allocated ("length out of bounds").
#pragma once

#include "spec/impl_limits.h"

#include <cstdint>
#include <string>
#include <vector>

#include "base/reader.h"
#include "spec/features.h"
#include "spec/module.h"

namespace kiln::core::binary_detail {

class ModuleDecoder {
 public:
  // `threads` for the function bodies (base/parallel.h pick_threads; 0: automatic);
  // `scan` false: bodies are taken at their declared sizes (decode_module_unscanned).
  ModuleDecoder(const uint8_t* data, size_t size, const Features& f, unsigned threads = 0, bool scan = true)
      : r_(data, size), data_(data), size_(size), f_(f), threads_(threads), scan_(scan) {}

  Result<Module> run();

 private:
  // Sections (decode_sections.cc, decode_segments.cc, decode_code.cc).
  Status type_section();
  Status import_section();
  Status function_section();
  Status table_section();
  Status memory_section();
  Status tag_section();
  Status global_section();
  Status export_section();
  Status start_section();
  Status elem_section();
  Status data_count_section();
  Status code_section();
  Status data_section();
  Status custom_section(size_t start, uint32_t size, uint8_t after);

  // Types and other shared pieces.
  Status sub_type(std::vector<SubType>& out);
  Result<FieldType> field_type();
  Result<Limits> limits(bool memory);
  Result<TableType> table_type();
  Result<MemoryType> memory_type();
  Result<GlobalType> global_type();
  Result<TagType> tag_type();
  Result<uint8_t> mutability();
  Status function_body(Function& fn);
  Status body_after_size(Function& fn, ByteReader& r, size_t start, uint32_t size, bool& uses_data) const;
  // Bodies a thread decodes at a time (run_in_order).
  static constexpr uint32_t kBodiesPerTask = 32;
  Result<Expr> const_expr();

  // A length or vector count: at most the number of bytes left in the input, counted from
  // the start of the LEB128 ("length out of bounds").
  Result<uint32_t> len32();
  // The same read with `r`, a reader over the rest of the input.
  Result<uint32_t> count_at(ByteReader& r) const;
  // A length-prefixed UTF-8 name.
  Result<std::string> name();
  Error malformed(size_t at, std::string msg) const { return Error(at, std::move(msg), ErrorKind::Malformed); }
  // Malformed at `at` when `n` is past the implementation limit (spec/impl_limits.h).
  Status within(const ImplLimit& limit, uint64_t n, size_t at) const {
    if (n > limit.max) return malformed(at, impl_limit_message(limit, n));
    return Ok();
  }

  ByteReader r_;
  const uint8_t* data_;
  size_t size_;
  const Features& f_;
  unsigned threads_ = 0;
  bool scan_ = true;
  Module m_;
  std::vector<uint32_t> func_types_;  // the function section
  uint32_t code_count_ = 0;
  bool uses_data_index_ = false;      // some body has memory.init or data.drop
};

}  // namespace kiln::core::binary_detail
