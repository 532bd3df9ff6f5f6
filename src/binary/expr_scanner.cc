#include "binary/expr_scanner.h"

#include <optional>
#include <vector>

#include "binary/instr.h"

namespace kiln::core {

namespace {
constexpr uint8_t kThrowRef = 0x0A;
}  // namespace

Status scan_expr(ByteReader& r, const Features& f, ExprFacts* facts) {
  InstrReader ir(r, f);
  // One entry per open block: true for an `if` still waiting for its `else`.
  std::vector<bool> open_ifs;
  // throw_ref (0x0A) is a 3.0 instruction without immediates. Without exception handling it
  // is stepped over so that the expression's structure decides the
  // error, as in the reference interpreter, and reported as illegal if nothing else is.
  std::optional<size_t> deferred_illegal;
  Instr in;
  while (true) {
    if (!r.at_end() && *r.position() == kThrowRef && !opcode_enabled(Opcode::ThrowRef, f)) {
      if (!deferred_illegal) deferred_illegal = r.offset();
      r.u8().value();
      continue;
    }
    if (Status st = ir.skim(in); !st.ok()) {
      Error e = std::move(st).error();
      e.kind = ErrorKind::Malformed;
      return e;
    }
    switch (in.op) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::Try:
      case Opcode::TryTable:
        open_ifs.push_back(false);
        break;
      case Opcode::If:
        open_ifs.push_back(true);
        break;
      case Opcode::Else:
        if (open_ifs.empty() || !open_ifs.back()) {
          return Error(in.offset, "END opcode expected", ErrorKind::Malformed);
        }
        open_ifs.back() = false;
        break;
      case Opcode::Delegate:  // ends a legacy try, as `end` does
        if (open_ifs.empty()) return Error(in.offset, "END opcode expected", ErrorKind::Malformed);
        open_ifs.pop_back();
        break;
      case Opcode::End:
        if (open_ifs.empty()) {
          if (deferred_illegal) return Error(*deferred_illegal, "illegal opcode 0a", ErrorKind::Malformed);
          return Ok();
        }
        open_ifs.pop_back();
        break;
      case Opcode::MemoryInit:
      case Opcode::DataDrop:
        if (facts) facts->uses_data_index = true;
        break;
      default:
        break;
    }
  }
}

}  // namespace kiln::core
