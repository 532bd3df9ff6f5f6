#include "binary/decoder.h"

#include <cstring>

#include "base/utf8.h"
#include "binary/module_decoder.h"
#include "binary/name_section.h"

namespace kiln::core {

namespace binary_detail {

namespace {

constexpr uint8_t kCustomId = 0;
constexpr uint8_t kTagId = 13;

// Position of a known section in the required order
// (https://webassembly.github.io/spec/core/binary/modules.html#binary-module); 0 if the id
// is not a section.
int section_rank(uint8_t id) {
  static constexpr int kRank[14] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};
  return id < 14 ? kRank[id] : 0;
}

}  // namespace

Result<uint32_t> ModuleDecoder::len32() { return count_at(r_); }

Result<uint32_t> ModuleDecoder::count_at(ByteReader& r) const {
  size_t at = r.offset();
  KILN_ASSIGN(uint32_t n, r.u32());
  if (n > size_ - at) return malformed(at, "length out of bounds");
  return n;
}

Result<std::string> ModuleDecoder::name() {
  size_t at = r_.offset();
  KILN_ASSIGN(uint32_t n, len32());
  KILN_ASSIGN(const uint8_t* p, r_.bytes(n));
  if (!is_valid_utf8(p, n)) return malformed(at, "malformed UTF-8 encoding");
  return std::string(reinterpret_cast<const char*>(p), n);
}

Status ModuleDecoder::custom_section(size_t start, uint32_t size, uint8_t after) {
  CustomSection cs;
  cs.offset = start;
  cs.after_section = after;
  KILN_ASSIGN(cs.name, name());
  size_t used = r_.offset() - start;
  if (used > size) return malformed(r_.offset(), "unexpected end of section or function");
  size_t n = size - used;
  KILN_ASSIGN(const uint8_t* p, r_.bytes(n));
  cs.data.assign(p, p + n);
  if (cs.name == "name") parse_name_section(cs.data.data(), cs.data.size(), m_.names);
  m_.customs.push_back(std::move(cs));
  return Ok();
}

Result<Module> ModuleDecoder::run() {
  if (size_ < 4) return malformed(size_, "unexpected end");
  KILN_TRY(within(impl_limits::kModuleBytes, size_, 0));
  static constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
  if (std::memcmp(data_, kMagic, 4) != 0) return malformed(0, "magic header not detected");
  if (size_ < 8) return malformed(size_, "unexpected end");
  static constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};
  if (std::memcmp(data_ + 4, kVersion, 4) != 0) return malformed(4, "unknown binary version");
  r_.bytes(8).value();

  int last_rank = 0;
  uint8_t last_id = 0;  // the last known section, for placing custom sections
  while (!r_.at_end()) {
    size_t id_at = r_.offset();
    uint8_t id = r_.u8().value();
    if (id > kTagId || (id == kTagId && !f_.has(Feature::Exceptions))) {
      return malformed(id_at, "malformed section id");
    }
    int rank = section_rank(id);
    if (id != kCustomId && rank <= last_rank) {
      return malformed(id_at, "unexpected content after last section");
    }
    KILN_ASSIGN(uint32_t size, len32());
    size_t start = r_.offset();
    Status s = Ok();
    switch (id) {
      case 0: s = custom_section(start, size, last_id); break;
      case 1: s = type_section(); break;
      case 2: s = import_section(); break;
      case 3: s = function_section(); break;
      case 4: s = table_section(); break;
      case 5: s = memory_section(); break;
      case 6: s = global_section(); break;
      case 7: s = export_section(); break;
      case 8: s = start_section(); break;
      case 9: s = elem_section(); break;
      case 10: s = code_section(); break;
      case 11: s = data_section(); break;
      case 12: s = data_count_section(); break;
      case 13: s = tag_section(); break;
    }
    if (!s.ok()) return std::move(s).error();
    if (r_.offset() != start + size) return malformed(start, "section size mismatch");
    if (id != kCustomId) {
      last_rank = rank;
      last_id = id;
    }
  }

  if (func_types_.size() != code_count_) {
    return malformed(size_, "function and code section have inconsistent lengths");
  }
  if (m_.data_count && *m_.data_count != m_.datas.size()) {
    return malformed(size_, "data count and data section have inconsistent lengths");
  }
  if (!m_.data_count && uses_data_index_) {
    return malformed(size_, "data count section required");
  }
  m_.bodies_unscanned = !scan_;
  return std::move(m_);
}

}  // namespace binary_detail

Result<Module> decode_module(const uint8_t* data, size_t size, const Features& f) {
  return decode_module(data, size, f, 0);
}

namespace {

Result<Module> decode(const uint8_t* data, size_t size, const Features& f, unsigned threads, bool scan) {
  binary_detail::ModuleDecoder d(data, size, f, threads, scan);
  auto r = d.run();
  if (r.ok()) return r;
  Error e = std::move(r).error();
  e.kind = ErrorKind::Malformed;
  // Running out of input inside a section: the reference interpreter's wording.
  if (e.message == "unexpected end" && e.offset != Error::kNoOffset && e.offset >= 8) {
    e.message = "unexpected end of section or function";
  }
  return e;
}

}  // namespace

Result<Module> decode_module(const uint8_t* data, size_t size, const Features& f, unsigned threads) {
  return decode(data, size, f, threads, true);
}

Result<Module> decode_module_unscanned(const uint8_t* data, size_t size, const Features& f, unsigned threads) {
  return decode(data, size, f, threads, false);
}

}  // namespace kiln::core
