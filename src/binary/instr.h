// The one instruction reader (https://webassembly.github.io/spec/core/binary/instructions.html):
// reads an opcode and its immediates as described by spec/opcodes.def. Every stage that
// walks code (section decoder for constant expressions, validator and translator, printer)
// reads instructions through it, so immediates are decoded in one place.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "base/reader.h"
#include "spec/features.h"
#include "spec/opcodes.h"
#include "spec/types.h"

namespace kiln::core {

struct BlockType {
  enum class Kind : uint8_t { Empty, Value, Index };
  Kind kind = Kind::Empty;
  ValType value;       // Kind::Value
  uint32_t index = 0;  // Kind::Index: a type index
};

struct MemArg {
  uint32_t align = 0;   // log2 of the alignment
  uint32_t memory = 0;  // memory index (multi-memory)
  uint64_t offset = 0;
};

// A catch clause of try_table (https://webassembly.github.io/exception-handling/core/binary/instructions.html).
struct CatchClause {
  enum class Kind : uint8_t { Catch = 0, CatchRef = 1, CatchAll = 2, CatchAllRef = 3 };
  Kind kind = Kind::Catch;
  uint32_t tag = 0;  // Catch and CatchRef only
  uint32_t label = 0;
};

// One decoded instruction. Only the fields of its ImmKind are meaningful.
struct Instr {
  Opcode op = Opcode::Nop;
  size_t offset = 0;  // byte offset of the opcode
  // Index immediates: label / func / local / global / table / type / data / elem / memory,
  // and the second index of CallIndirect (table), TableCopy (src), TableInit (table),
  // MemoryCopy (src), MemoryInit (memory), and the second of the Type* kinds (field, count,
  // data, elem, source type).
  uint32_t a = 0;
  uint32_t b = 0;
  uint64_t bits = 0;  // I32 / I64 constants (sign-extended), F32 / F64 raw bits
  MemArg mem;
  BlockType block;
  HeapType heap;      // RefNull, CastType; BrOnCast: the source type
  HeapType heap2;     // BrOnCast: the target type
  uint8_t lane = 0;   // Lane, MemArgLane
  uint8_t flags = 0;  // BrOnCast (bit 0: source nullable, bit 1: target nullable)
  std::array<uint8_t, 16> v128{};  // V128 (little-endian bytes), Shuffle (lane indices)
  ValType select_type;  // SelectT (exactly one type in 2.0; count in `a`)
  // BrTable: label depths, the default last. Points into the reader's scratch storage and
  // stays valid until the next call to read().
  const std::vector<uint32_t>* targets = nullptr;
  // TryTable: its catch clauses (block type in `block`); valid until the next read().
  const std::vector<CatchClause>* catches = nullptr;
};

class InstrReader {
 public:
  InstrReader(ByteReader& r, const Features& f) : r_(r), features_(f) {}

  // Reads one instruction. Errors are "illegal opcode" for unknown bytes, "zero byte
  // expected" for non-zero reserved bytes, and the reader's LEB128 errors.
  Result<Instr> read();
  // The same into `in`, which loops reuse: cheaper per instruction. Fields that the
  // instruction's ImmKind does not use are reset (v128 excepted: only V128 and Shuffle
  // use it). On error `in` is unspecified.
  Status read(Instr& in);

  // Reads one instruction as read() does, with the same errors, but sets only `op`,
  // `offset` and the constants' immediates (`bits` of i32/i64/f32/f64.const, `v128` of
  // v128.const); the other fields are unspecified. For the passes that only look at
  // opcodes and constants (the code section's structure check, the translator's constant
  // pool): common well-formed instructions are stepped over without building an Instr.
  Status skim(Instr& in);

  ByteReader& bytes() { return r_; }

 private:
  Status read_immediates(Instr& in);
  Status read_block_type(Instr& in);
  Status read_memarg(Instr& in);

  ByteReader& r_;
  const Features& features_;
  std::vector<uint32_t> targets_;
  std::vector<CatchClause> catches_;
};

// Skips a constant expression up to and including its final `end`, returning its bytes
// (used by the section decoder, which validates the expression later).
Result<std::vector<uint8_t>> read_const_expr_bytes(ByteReader& r, const Features& f);

}  // namespace kiln::core
