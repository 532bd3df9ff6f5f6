// A bounds-checked cursor over bytes with the binary format's LEB128 rules
// (https://webassembly.github.io/spec/core/binary/values.html#integers).
// Error messages are the spec's: "unexpected end", "integer representation too long",
// "integer too large".
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "base/result.h"

namespace kiln::core {

class ByteReader {
 public:
  // `base` is the offset of data[0] in the whole input, so errors name file offsets.
  ByteReader(const uint8_t* data, size_t size, size_t base = 0)
      : begin_(data), p_(data), end_(data + size), base_(base) {}

  size_t offset() const { return base_ + static_cast<size_t>(p_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  bool at_end() const { return p_ == end_; }
  const uint8_t* position() const { return p_; }

  Error error(std::string msg) const { return Error(offset(), std::move(msg)); }
  Error error_at(size_t off, std::string msg) const { return Error(off, std::move(msg)); }

  Result<uint8_t> u8() {
    if (p_ == end_) return error("unexpected end");
    return *p_++;
  }
  Result<uint8_t> peek_u8() const {
    if (p_ == end_) return error("unexpected end");
    return *p_;
  }
  // LEB128s. A one-byte encoding (most indices, offsets and small constants) is read inline.
  Result<uint32_t> u32() {
    if (p_ != end_ && *p_ < 0x80) return *p_++;
    return unsigned_leb<uint32_t, 32>();
  }
  Result<uint64_t> u64() {
    if (p_ != end_ && *p_ < 0x80) return *p_++;
    return unsigned_leb<uint64_t, 64>();
  }
  Result<int32_t> s32() {
    if (p_ != end_ && *p_ < 0x80) return static_cast<int32_t>(static_cast<uint32_t>(*p_++) << 25) >> 25;
    return signed_leb<int32_t, 32>();
  }
  Result<int64_t> s33() { return signed_leb<int64_t, 33>(); }
  Result<int64_t> s64() {
    if (p_ != end_ && *p_ < 0x80) return static_cast<int64_t>(static_cast<uint64_t>(*p_++) << 57) >> 57;
    return signed_leb<int64_t, 64>();
  }
  // Little-endian fixed-width reads, returned as raw bits.
  Result<uint32_t> fixed32() {
    if (remaining() < 4) return error("unexpected end");
    uint32_t v;
    std::memcpy(&v, p_, 4);
    p_ += 4;
    return v;
  }
  Result<uint64_t> fixed64() {
    if (remaining() < 8) return error("unexpected end");
    uint64_t v;
    std::memcpy(&v, p_, 8);
    p_ += 8;
    return v;
  }
  // Moves past the next `n` bytes, which the caller has checked are there.
  void advance(size_t n) { p_ += n; }
  // Returns a pointer to the next `n` bytes and skips them.
  Result<const uint8_t*> bytes(size_t n) {
    if (remaining() < n) return error("unexpected end");
    const uint8_t* r = p_;
    p_ += n;
    return r;
  }
  // A length-prefixed UTF-8 name ("malformed UTF-8 encoding" when it is not).
  Result<std::string> name();

  // A vector length, checked against the bytes left, at `min_elem_size` bytes per element
  // at least, so that no caller allocates in proportion to a count the input cannot hold.
  Result<uint32_t> count(size_t min_elem_size = 1);

 private:
  template <typename T, int Bits>
  Result<T> unsigned_leb() {
    T result = 0;
    int shift = 0;
    size_t start = offset();
    while (true) {
      if (p_ == end_) return error("unexpected end");
      uint8_t b = *p_++;
      if (shift + 7 >= Bits) {
        // Last permitted byte: continuation bit and unused high bits must be clear.
        if (b & 0x80) return error_at(start, "integer representation too long");
        int used = Bits - shift;
        if ((b >> used) != 0) return error_at(start, "integer too large");
        result |= static_cast<T>(b) << shift;
        return result;
      }
      result |= static_cast<T>(b & 0x7F) << shift;
      shift += 7;
      if (!(b & 0x80)) return result;
    }
  }

  template <typename T, int Bits>
  Result<T> signed_leb() {
    using U = std::make_unsigned_t<T>;
    U result = 0;
    int shift = 0;
    size_t start = offset();
    while (true) {
      if (p_ == end_) return error("unexpected end");
      uint8_t b = *p_++;
      if (shift + 7 >= Bits) {
        if (b & 0x80) return error_at(start, "integer representation too long");
        // The sign bit and the unused high bits of the last byte must all be equal.
        int used = Bits - shift;  // value bits in this byte, 1..7
        uint8_t mask = static_cast<uint8_t>(0x7F & ~((1u << (used - 1)) - 1));
        if ((b & mask) != 0 && (b & mask) != mask) return error_at(start, "integer too large");
        result |= static_cast<U>(b & 0x7F) << shift;
        constexpr int kTypeBits = static_cast<int>(sizeof(T) * 8);
        if constexpr (Bits < kTypeBits) {
          constexpr int extra = kTypeBits - Bits;
          return static_cast<T>(static_cast<T>(result << extra) >> extra);
        }
        return static_cast<T>(result);
      }
      result |= static_cast<U>(b & 0x7F) << shift;
      shift += 7;
      if (!(b & 0x80)) {
        if (shift < static_cast<int>(sizeof(T) * 8) && (b & 0x40)) result |= ~U(0) << shift;
        return static_cast<T>(result);
      }
    }
  }

  const uint8_t* begin_;
  const uint8_t* p_;
  const uint8_t* end_;
  size_t base_;
};

}  // namespace kiln::core
