#include "binary/instr.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "binary/expr_scanner.h"
#include "binary/type_reader.h"

namespace kiln::core {

namespace {

std::string hex_byte(uint32_t b) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02x", b);
  return buf;
}

// Prefixed opcodes by prefix (0xFB..0xFE) and sub-opcode, built at compile time from
// opcodes.def: the decoder's hot path, without a hash look-up or a static's guard.
constexpr uint32_t kPrefixedCodes = 512;  // above every sub-opcode of opcodes.def

struct PrefixedTable {
  int16_t op[4][kPrefixedCodes];
};

constexpr PrefixedTable make_prefixed_table() {
  PrefixedTable t{};
  for (auto& row : t.op)
    for (auto& v : row) v = -1;
  int16_t i = 0;
#define WASM_OP(name, prefix, code, text, imm, sig, feature) \
  if ((prefix) != 0 && t.op[(prefix) - 0xFB][(code)] < 0) t.op[(prefix) - 0xFB][(code)] = i; \
  ++i;
#include "spec/opcodes.def"
#undef WASM_OP
  return t;
}

constexpr PrefixedTable kPrefixed = make_prefixed_table();

std::optional<Opcode> prefixed_opcode(uint8_t prefix, uint32_t code) {
  if (prefix < 0xFB || prefix > 0xFE || code >= kPrefixedCodes) return opcode_from_prefixed(prefix, code);
  int16_t i = kPrefixed.op[prefix - 0xFB][code];
  if (i < 0) return std::nullopt;
  return static_cast<Opcode>(i);
}

}  // namespace

Result<Instr> InstrReader::read() {
  Instr in;
  KILN_TRY(read(in));
  return in;
}

Status InstrReader::read(Instr& in) {
  // Resets the fields field by field: value-initialising the whole Instr (v128 included,
  // which only V128 and Shuffle use and then write whole) costs a `rep stos` per
  // instruction, a fifth of the time of loading a large module.
  in.a = 0;
  in.b = 0;
  in.bits = 0;
  in.mem = MemArg{};
  in.block = BlockType{};
  in.heap = HeapType{};
  in.heap2 = HeapType{};
  in.lane = 0;
  in.flags = 0;
  in.select_type = ValType{};
  in.targets = nullptr;
  in.catches = nullptr;
  in.offset = r_.offset();
  KILN_ASSIGN(uint8_t byte, r_.u8());
  std::optional<Opcode> op;
  if (is_prefix_byte(byte)) {
    KILN_ASSIGN(uint32_t code, r_.u32());
    op = prefixed_opcode(byte, code);
    if (op && !opcode_enabled(*op, features_)) op.reset();
    if (!op) return Error(in.offset, "illegal opcode " + hex_byte(byte) + " " + hex_byte(code), ErrorKind::Malformed);
  } else {
    op = opcode_from_byte(byte);
    if (op && !opcode_enabled(*op, features_)) op.reset();
    if (!op) return Error(in.offset, "illegal opcode " + hex_byte(byte), ErrorKind::Malformed);
  }
  in.op = *op;
  return read_immediates(in);
}

namespace {

// Steps over an unsigned LEB128 of at most `max_bytes - 1` bytes (so free of the last
// byte's rules); false, with `p` anywhere, when it is longer or the input ends.
inline bool skip_short_leb(const uint8_t*& p, const uint8_t* end, int max_bytes) {
  for (int i = 0; i < max_bytes - 1 && p != end; ++i) {
    if (!(*p++ & 0x80)) return true;
  }
  return false;
}

// The same for a signed LEB128, whose value goes to `out` (sign-extended to 64 bits).
inline bool read_short_sleb(const uint8_t*& p, const uint8_t* end, int max_bytes, uint64_t& out) {
  uint64_t v = 0;
  int shift = 0;
  for (int i = 0; i < max_bytes - 1 && p != end; ++i) {
    uint8_t b = *p++;
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    shift += 7;
    if (!(b & 0x80)) {
      if (b & 0x40) v |= ~uint64_t{0} << shift;
      out = v;
      return true;
    }
  }
  return false;
}

}  // namespace

Status InstrReader::skim(Instr& in) {
  const uint8_t* const start = r_.position();
  const uint8_t* const end = start + r_.remaining();
  if (start != end) {
    int16_t index = kSingleByteOpcodes[*start];
    if (index >= 0 && opcode_enabled(static_cast<Opcode>(index), features_)) {
      const Opcode op = static_cast<Opcode>(index);
      const uint8_t* p = start + 1;
      bool fast = false;
      switch (info(op).imm) {
        case ImmKind::None:
          fast = true;
          break;
        case ImmKind::Label: case ImmKind::Func: case ImmKind::Local: case ImmKind::Global:
        case ImmKind::Table: case ImmKind::Data: case ImmKind::Elem: case ImmKind::Type:
        case ImmKind::Tag:
          fast = skip_short_leb(p, end, 5);
          break;
        case ImmKind::MemArg:
          // Alignment flags without a memory index, then the offset.
          if (p != end && *p < 0x40) {
            ++p;
            fast = skip_short_leb(p, end, 10);
          }
          break;
        case ImmKind::BlockType:
          // Empty, or one of the numeric value types, which need no feature.
          if (p != end && (*p == 0x40 || (*p >= 0x7C && *p <= 0x7F))) {
            ++p;
            fast = true;
          }
          break;
        case ImmKind::I32:
          fast = read_short_sleb(p, end, 5, in.bits);
          break;
        case ImmKind::I64:
          fast = read_short_sleb(p, end, 10, in.bits);
          break;
        case ImmKind::F32:
          if (end - p >= 4) {
            uint32_t v;
            std::memcpy(&v, p, 4);
            in.bits = v;
            p += 4;
            fast = true;
          }
          break;
        case ImmKind::F64:
          if (end - p >= 8) {
            std::memcpy(&in.bits, p, 8);
            p += 8;
            fast = true;
          }
          break;
        default:
          break;
      }
      if (fast) {
        in.op = op;
        in.offset = r_.offset();
        r_.advance(static_cast<size_t>(p - start));
        return Ok();
      }
    }
  }
  return read(in);
}

Status InstrReader::read_immediates(Instr& in) {
  switch (info(in.op).imm) {
    case ImmKind::None:
      return Ok();
    case ImmKind::BlockType:
      return read_block_type(in);
    case ImmKind::Label:
    case ImmKind::Func:
    case ImmKind::Local:
    case ImmKind::Global:
    case ImmKind::Table:
    case ImmKind::Data:
    case ImmKind::Elem: {
      KILN_ASSIGN(in.a, r_.u32());
      return Ok();
    }
    case ImmKind::Memory: {
      // memory.size / memory.grow / memory.fill: a memory index (a zero byte before
      // multi-memory).
      size_t at = r_.offset();
      KILN_ASSIGN(in.a, r_.u32());
      if (in.a != 0 && !features_.has(Feature::MultiMemory)) {
        return Error(at, "zero byte expected", ErrorKind::Malformed);
      }
      return Ok();
    }
    case ImmKind::BrTable: {
      KILN_ASSIGN(uint32_t n, r_.count(1));
      targets_.clear();
      targets_.reserve(n + 1);
      for (uint32_t i = 0; i <= n; ++i) {
        KILN_ASSIGN(uint32_t t, r_.u32());
        targets_.push_back(t);
      }
      in.targets = &targets_;
      return Ok();
    }
    case ImmKind::CallIndirect:
    case ImmKind::TableCopy:
    case ImmKind::TableInit:
    case ImmKind::MemoryCopy:
    case ImmKind::MemoryInit: {
      KILN_ASSIGN(in.a, r_.u32());
      size_t at = r_.offset();
      KILN_ASSIGN(in.b, r_.u32());
      bool memory_op = info(in.op).imm == ImmKind::MemoryCopy || info(in.op).imm == ImmKind::MemoryInit;
      if (memory_op && in.b != 0 && !features_.has(Feature::MultiMemory)) {
        return Error(at, "zero byte expected", ErrorKind::Malformed);
      }
      if (memory_op && info(in.op).imm == ImmKind::MemoryCopy && in.a != 0 &&
          !features_.has(Feature::MultiMemory)) {
        return Error(at - 1, "zero byte expected", ErrorKind::Malformed);
      }
      return Ok();
    }
    case ImmKind::MemArg:
      return read_memarg(in);
    case ImmKind::I32: {
      KILN_ASSIGN(int32_t v, r_.s32());
      in.bits = static_cast<uint64_t>(static_cast<int64_t>(v));
      return Ok();
    }
    case ImmKind::I64: {
      KILN_ASSIGN(int64_t v, r_.s64());
      in.bits = static_cast<uint64_t>(v);
      return Ok();
    }
    case ImmKind::F32: {
      KILN_ASSIGN(uint32_t v, r_.fixed32());
      in.bits = v;
      return Ok();
    }
    case ImmKind::F64: {
      KILN_ASSIGN(in.bits, r_.fixed64());
      return Ok();
    }
    case ImmKind::SelectT: {
      KILN_ASSIGN(in.a, r_.count(1));
      if (in.a == 0) return Ok();  // the validator reports "invalid result arity"
      for (uint32_t i = 0; i < in.a; ++i) {
        KILN_ASSIGN(ValType t, read_val_type(r_, features_));
        if (i == 0) in.select_type = t;
      }
      return Ok();
    }
    case ImmKind::HeapType: {
      KILN_ASSIGN(in.heap, read_heap_type(r_, features_));
      return Ok();
    }
    case ImmKind::V128:
    case ImmKind::Shuffle: {
      KILN_ASSIGN(const uint8_t* p, r_.bytes(16));
      std::copy(p, p + 16, in.v128.begin());
      return Ok();
    }
    case ImmKind::Lane: {
      KILN_ASSIGN(in.lane, r_.u8());
      return Ok();
    }
    case ImmKind::MemArgLane: {
      KILN_TRY(read_memarg(in));
      KILN_ASSIGN(in.lane, r_.u8());
      return Ok();
    }
    case ImmKind::Type:
    case ImmKind::Tag: {
      KILN_ASSIGN(in.a, r_.u32());
      return Ok();
    }
    case ImmKind::TypeField:
    case ImmKind::TypeCount:
    case ImmKind::TypeData:
    case ImmKind::TypeElem:
    case ImmKind::TypeType: {
      KILN_ASSIGN(in.a, r_.u32());
      KILN_ASSIGN(in.b, r_.u32());
      return Ok();
    }
    case ImmKind::CastType: {
      KILN_ASSIGN(in.heap, read_heap_type(r_, features_));
      return Ok();
    }
    case ImmKind::BrOnCast: {
      size_t at = r_.offset();
      KILN_ASSIGN(in.flags, r_.u8());
      if (in.flags > 3) return Error(at, "malformed br_on_cast flags", ErrorKind::Malformed);
      KILN_ASSIGN(in.a, r_.u32());
      KILN_ASSIGN(in.heap, read_heap_type(r_, features_));
      KILN_ASSIGN(in.heap2, read_heap_type(r_, features_));
      return Ok();
    }
    case ImmKind::TryTable: {
      KILN_TRY(read_block_type(in));
      KILN_ASSIGN(uint32_t n, r_.count(2));
      catches_.clear();
      for (uint32_t i = 0; i < n; ++i) {
        size_t at = r_.offset();
        KILN_ASSIGN(uint8_t kind, r_.u8());
        if (kind > 3) return Error(at, "malformed catch clause", ErrorKind::Malformed);
        CatchClause c;
        c.kind = static_cast<CatchClause::Kind>(kind);
        if (kind < 2) {
          KILN_ASSIGN(c.tag, r_.u32());
        }
        KILN_ASSIGN(c.label, r_.u32());
        catches_.push_back(c);
      }
      in.catches = &catches_;
      return Ok();
    }
    case ImmKind::ZeroByte: {
      size_t at = r_.offset();
      KILN_ASSIGN(uint8_t z, r_.u8());
      if (z != 0) return Error(at, "zero byte expected", ErrorKind::Malformed);
      return Ok();
    }
  }
  return Ok();
}

Status InstrReader::read_block_type(Instr& in) {
  size_t at = r_.offset();
  KILN_ASSIGN(uint8_t b, r_.peek_u8());
  if (b == 0x40) {
    r_.u8().value();
    in.block.kind = BlockType::Kind::Empty;
    return Ok();
  }
  if (b & 0x40) {  // a negative s33: a value type
    auto t = read_val_type(r_, features_);
    if (!t.ok()) return Error(at, "malformed block type", ErrorKind::Malformed);
    in.block.kind = BlockType::Kind::Value;
    in.block.value = *t;
    return Ok();
  }
  KILN_ASSIGN(int64_t idx, r_.s33());
  in.block.kind = BlockType::Kind::Index;
  in.block.index = static_cast<uint32_t>(idx);
  return Ok();
}

Status InstrReader::read_memarg(Instr& in) {
  size_t at = r_.offset();
  KILN_ASSIGN(uint32_t flags, r_.u32());
  if (flags >= 0x80) return Error(at, "malformed memop flags", ErrorKind::Malformed);
  if (flags & 0x40) {
    if (!features_.has(Feature::MultiMemory)) return Error(at, "malformed memop flags", ErrorKind::Malformed);
    KILN_ASSIGN(in.mem.memory, r_.u32());
  }
  in.mem.align = flags & ~0x40u;
  // Always a u64, as in the 3.0 binary format; the validator checks that it fits the
  // memory's address type ("offset out of range").
  KILN_ASSIGN(in.mem.offset, r_.u64());
  return Ok();
}

Result<std::vector<uint8_t>> read_const_expr_bytes(ByteReader& r, const Features& f) {
  const uint8_t* start = r.position();
  KILN_TRY(scan_expr(r, f));
  return std::vector<uint8_t>(start, r.position());
}

}  // namespace kiln::core
