#include "runtime/const_eval.h"

#include <cstring>
#include <vector>

#include "binary/instr.h"

namespace kiln::core::rt {

namespace {

Error bad(size_t offset, std::string msg) { return Error(offset, std::move(msg), ErrorKind::Invalid); }

}  // namespace

Status eval_const_expr(const Expr& e, const ModuleInstance& inst, const Features& f, Slot out[2]) {
  ByteReader bytes(e.code.data(), e.code.size(), e.offset);
  InstrReader reader(bytes, f);
  // Each entry is one value; v128 constants use both halves.
  struct Value {
    Slot lo = 0, hi = 0;
  };
  std::vector<Value> stack;
  auto pop2 = [&](size_t at, Value& a, Value& b) -> Status {
    if (stack.size() < 2) return bad(at, "type mismatch");
    b = stack.back();
    stack.pop_back();
    a = stack.back();
    stack.pop_back();
    return Ok();
  };
  while (true) {
    KILN_ASSIGN(Instr in, reader.read());
    switch (in.op) {
      case Opcode::End:
        if (stack.size() != 1) return bad(in.offset, "type mismatch");
        out[0] = stack.back().lo;
        out[1] = stack.back().hi;
        return Ok();
      case Opcode::I32Const:
        stack.push_back({static_cast<uint32_t>(in.bits), 0});
        break;
      case Opcode::I64Const:
      case Opcode::F64Const:
        stack.push_back({in.bits, 0});
        break;
      case Opcode::F32Const:
        stack.push_back({static_cast<uint32_t>(in.bits), 0});
        break;
      case Opcode::V128Const: {
        Value v;
        std::memcpy(&v.lo, in.v128.data(), 8);
        std::memcpy(&v.hi, in.v128.data() + 8, 8);
        stack.push_back(v);
        break;
      }
      case Opcode::RefNull:
        stack.push_back({kNullRef, 0});
        break;
      case Opcode::RefFunc:
        if (in.a >= inst.funcs.size()) return bad(in.offset, "unknown function " + std::to_string(in.a));
        stack.push_back({reinterpret_cast<Ref>(inst.funcs[in.a]), 0});
        break;
      case Opcode::GlobalGet: {
        if (in.a >= inst.globals.size() || !inst.globals[in.a]) {
          return bad(in.offset, "unknown global " + std::to_string(in.a));
        }
        const GlobalInst* g = inst.globals[in.a];
        stack.push_back({g->value[0], g->value[1]});
        break;
      }
      case Opcode::I32Add:
      case Opcode::I32Sub:
      case Opcode::I32Mul: {
        Value a, b;
        KILN_TRY(pop2(in.offset, a, b));
        uint32_t x = static_cast<uint32_t>(a.lo), y = static_cast<uint32_t>(b.lo);
        uint32_t r = in.op == Opcode::I32Add ? x + y : in.op == Opcode::I32Sub ? x - y : x * y;
        stack.push_back({r, 0});
        break;
      }
      case Opcode::I64Add:
      case Opcode::I64Sub:
      case Opcode::I64Mul: {
        Value a, b;
        KILN_TRY(pop2(in.offset, a, b));
        uint64_t r = in.op == Opcode::I64Add   ? a.lo + b.lo
                     : in.op == Opcode::I64Sub ? a.lo - b.lo
                                               : a.lo * b.lo;
        stack.push_back({r, 0});
        break;
      }
      default:
        return bad(in.offset, "constant expression required");
    }
  }
}

}  // namespace kiln::core::rt
