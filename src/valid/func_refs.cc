#include "valid/func_refs.h"

#include "binary/instr.h"

namespace kiln::core {

namespace {

void scan_expr(const Expr& e, const Features& f, std::vector<bool>& refs) {
  ByteReader r(e.code.data(), e.code.size(), e.offset);
  InstrReader ir(r, f);
  while (!r.at_end()) {
    auto in = ir.read();
    if (!in.ok()) return;
    if (in->op == Opcode::RefFunc && in->a < refs.size()) refs[in->a] = true;
  }
}

}  // namespace

std::vector<bool> declared_func_refs(const Module& m, const Features& f) {
  std::vector<bool> refs(m.total_funcs(), false);
  for (const ElemSegment& seg : m.elems) {
    for (const Expr& e : seg.items) scan_expr(e, f, refs);
  }
  for (const Export& ex : m.exports) {
    if (ex.kind == ExternKind::Func && ex.index < refs.size()) refs[ex.index] = true;
  }
  for (const Global& g : m.globals) scan_expr(g.init, f, refs);
  for (const Table& t : m.tables) {
    if (t.init) scan_expr(*t.init, f, refs);
  }
  return refs;
}

}  // namespace kiln::core
