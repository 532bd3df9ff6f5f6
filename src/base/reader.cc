#include "base/reader.h"

#include "base/utf8.h"

namespace kiln::core {

Result<std::string> ByteReader::name() {
  KILN_ASSIGN(uint32_t len, u32());
  if (remaining() < len) return error("length out of bounds");
  const uint8_t* p = p_;
  if (!is_valid_utf8(p, len)) return error("malformed UTF-8 encoding");
  p_ += len;
  return std::string(reinterpret_cast<const char*>(p), len);
}

Result<uint32_t> ByteReader::count(size_t min_elem_size) {
  size_t at = offset();
  KILN_ASSIGN(uint32_t n, u32());
  if (min_elem_size != 0 && static_cast<uint64_t>(n) * min_elem_size > remaining()) {
    return error_at(at, "length out of bounds");
  }
  return n;
}

}  // namespace kiln::core
