// The printer's function bodies and constant expressions
// (https://webassembly.github.io/spec/core/text/instructions.html). Instructions are read
// with the one instruction reader (binary/instr.h) and spelled from spec/opcodes.def, flat
// with block-structured indentation here, or folded (print_fold.cc).
#include <algorithm>

#include "text/print_func.h"

namespace kiln::core::text::print {

namespace {

std::string block_type_text(const Context& c, const BlockType& bt) {
  switch (bt.kind) {
    case BlockType::Kind::Empty: return {};
    case BlockType::Kind::Value: return " (result " + c.val_type(bt.value) + ")";
    case BlockType::Kind::Index: return " (type " + c.types.ref(bt.index) + ")";
  }
  return {};
}

// ---- flat

void print_flat(FuncState& fs, ByteReader& r, uint32_t indent) {
  Context& c = fs.c;
  Features all = Features::all();
  InstrReader reader(r, all);
  uint32_t depth = 0;
  while (!r.at_end()) {
    auto in = reader.read();
    if (!in.ok()) {
      c.newline(indent + depth);
      c.out += ";; unreadable code: " + in.error().message;
      c.line_comment = true;
      return;
    }
    switch (in->op) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::If:
      case Opcode::Try:
      case Opcode::TryTable: {
        c.newline(indent + depth);
        c.out += open_block(fs, *in);
        std::string comment = fs.label_comment();
        if (!comment.empty()) {
          c.out += comment;
          c.line_comment = true;
        }
        ++depth;
        break;
      }
      case Opcode::Else:
      case Opcode::Catch:
      case Opcode::CatchAll:
        c.newline(indent + (depth ? depth - 1 : 0));
        append_instr(fs, *in, c.out);
        break;
      case Opcode::Delegate:  // ends a legacy try; its label counts from outside it
        if (depth == 0) return;
        --depth;
        close_block(fs);
        c.newline(indent + depth);
        append_instr(fs, *in, c.out);
        break;
      case Opcode::End:
        if (depth == 0) return;  // the end of the body
        --depth;
        close_block(fs);
        c.newline(indent + depth);
        c.out += "end";
        break;
      default:
        c.newline(indent + depth);
        append_instr(fs, *in, c.out);
        break;
    }
  }
}

}  // namespace

void block_arity(const Context& c, const BlockType& bt, uint32_t& params, uint32_t& results) {
  params = 0;
  results = bt.kind == BlockType::Kind::Value ? 1 : 0;
  if (bt.kind != BlockType::Kind::Index) return;
  if (const FuncType* ft = c.func_type_at(bt.index)) {
    params = static_cast<uint32_t>(ft->params.size());
    results = static_cast<uint32_t>(ft->results.size());
  }
}

void append_instr(FuncState& fs, const Instr& in, std::string& s) {
  const Context& c = fs.c;
  const OpcodeInfo& oi = info(in.op);
  s += oi.text;
  switch (oi.imm) {
    case ImmKind::None:
    case ImmKind::BlockType:
      break;
    case ImmKind::Label: fs.append_label(s, in.a); break;
    case ImmKind::BrTable:
      if (in.targets) {
        for (uint32_t t : *in.targets) fs.append_label(s, t);
      }
      break;
    case ImmKind::Func: c.funcs.append_ref(s, in.a); break;
    case ImmKind::CallIndirect:
      if (in.b != 0) c.tables.append_ref(s, in.b);
      s += " (type";
      c.types.append_ref(s, in.a);
      s += ")";
      break;
    case ImmKind::Local: fs.append_local(s, in.a); break;
    case ImmKind::Global: c.globals.append_ref(s, in.a); break;
    case ImmKind::Table: c.tables.append_ref(s, in.a); break;
    case ImmKind::MemArg:
    case ImmKind::MemArgLane:
      if (in.mem.memory != 0) c.memories.append_ref(s, in.mem.memory);
      if (in.mem.offset != 0) {
        s += " offset=";
        append_uint(s, in.mem.offset);
      }
      if (in.mem.align != natural_alignment(in.op)) {
        // The alignment as a byte count; beyond 2^63 only the binary can say it, and the
        // validator rejects it anyway.
        s += " align=";
        append_uint(s, uint64_t(1) << std::min<uint32_t>(in.mem.align, 63));
      }
      if (oi.imm == ImmKind::MemArgLane) {
        s += ' ';
        append_uint(s, in.lane);
      }
      break;
    case ImmKind::Memory:
      if (in.a != 0) c.memories.append_ref(s, in.a);
      break;
    case ImmKind::I32:
      s += ' ';
      append_int(s, static_cast<int32_t>(in.bits));
      break;
    case ImmKind::I64:
      s += ' ';
      append_int(s, static_cast<int64_t>(in.bits));
      break;
    case ImmKind::F32: s += " " + f32_text(static_cast<uint32_t>(in.bits)); break;
    case ImmKind::F64: s += " " + f64_text(in.bits); break;
    case ImmKind::SelectT:
      s += " (result";
      if (in.a != 0) s += " " + c.val_type(in.select_type);
      s += ")";
      break;
    case ImmKind::HeapType: s += " " + c.heap_type(in.heap); break;
    case ImmKind::TableCopy:
      if (in.a != 0 || in.b != 0) {
        c.tables.append_ref(s, in.a);
        c.tables.append_ref(s, in.b);
      }
      break;
    case ImmKind::TableInit:
      if (in.b != 0) c.tables.append_ref(s, in.b);
      c.elems.append_ref(s, in.a);
      break;
    case ImmKind::MemoryCopy:
      if (in.a != 0 || in.b != 0) {
        c.memories.append_ref(s, in.a);
        c.memories.append_ref(s, in.b);
      }
      break;
    case ImmKind::MemoryInit:
      if (in.b != 0) c.memories.append_ref(s, in.b);
      c.datas.append_ref(s, in.a);
      break;
    case ImmKind::Data: c.datas.append_ref(s, in.a); break;
    case ImmKind::Elem: c.elems.append_ref(s, in.a); break;
    case ImmKind::V128: s += " " + v128_text(in.v128); break;
    case ImmKind::Shuffle:
      for (uint8_t l : in.v128) {
        s += ' ';
        append_uint(s, l);
      }
      break;
    case ImmKind::Lane:
      s += ' ';
      append_uint(s, in.lane);
      break;
    case ImmKind::Type: c.types.append_ref(s, in.a); break;
    case ImmKind::TypeField:
    case ImmKind::TypeCount:
      c.types.append_ref(s, in.a);
      s += ' ';
      append_uint(s, in.b);
      break;
    case ImmKind::TypeData:
      c.types.append_ref(s, in.a);
      c.datas.append_ref(s, in.b);
      break;
    case ImmKind::TypeElem:
      c.types.append_ref(s, in.a);
      c.elems.append_ref(s, in.b);
      break;
    case ImmKind::TypeType:
      c.types.append_ref(s, in.a);
      c.types.append_ref(s, in.b);
      break;
    case ImmKind::Tag: c.tags.append_ref(s, in.a); break;
    case ImmKind::CastType:
      s += cast_target_nullable(in.op) ? " (ref null " : " (ref ";
      s += c.heap_type(in.heap) + ")";
      break;
    case ImmKind::BrOnCast:
      fs.append_label(s, in.a);
      s += in.flags & 1 ? " (ref null " : " (ref ";
      s += c.heap_type(in.heap) + ")";
      s += in.flags & 2 ? " (ref null " : " (ref ";
      s += c.heap_type(in.heap2) + ")";
      break;
    case ImmKind::TryTable:  // open_block
    case ImmKind::ZeroByte:
      break;
  }
}

// The catch clauses of try_table, e.g. " (catch $e $l) (catch_all_ref 0)"; their labels
// are those outside the try_table.
static void append_catch_clauses(FuncState& fs, const Instr& in, std::string& s) {
  if (!in.catches) return;
  static const char* const kNames[] = {"catch", "catch_ref", "catch_all", "catch_all_ref"};
  for (const CatchClause& cc : *in.catches) {
    s += " (";
    s += kNames[static_cast<int>(cc.kind)];
    if (cc.kind == CatchClause::Kind::Catch || cc.kind == CatchClause::Kind::CatchRef) fs.c.tags.append_ref(s, cc.tag);
    fs.append_label(s, cc.label);
    s += ")";
  }
}

std::string instr_text(FuncState& fs, const Instr& in) {
  std::string s;
  append_instr(fs, in, s);
  return s;
}

std::string open_block(FuncState& fs, const Instr& in) {
  std::string id = fs.next_label_id();
  std::string s(info(in.op).text);
  if (!id.empty()) s += " " + id;
  s += block_type_text(fs.c, in.block);
  if (in.op == Opcode::TryTable) append_catch_clauses(fs, in, s);
  uint32_t params, results;
  block_arity(fs.c, in.block, params, results);
  fs.labels.push_back(id);
  fs.branch_arity.push_back(in.op == Opcode::Loop ? params : results);
  return s;
}

void close_block(FuncState& fs) {
  if (fs.labels.empty()) return;
  fs.labels.pop_back();
  fs.branch_arity.pop_back();
}


void print_function_body(Context& c, uint32_t func_index, const Function& f,
                         const std::vector<std::string>& local_ids, uint32_t indent) {
  const FuncType* ft = c.func_type_at(f.type);
  uint32_t num_params = ft ? static_cast<uint32_t>(ft->params.size()) : 0;
  // Locals: named ones alone, runs of unnamed ones of a type together.
  uint32_t index = num_params;
  bool open = false;
  for (const LocalDecl& d : f.locals) {
    for (uint32_t k = 0; k < d.count; ++k, ++index) {
      const std::string* id = index < local_ids.size() && !local_ids[index].empty() ? &local_ids[index] : nullptr;
      if (id || !open) {
        if (open) c.out += ")";
        c.newline(indent);
        c.out += "(local";
        open = id == nullptr;
        if (id) {
          c.out += " " + *id + " " + c.val_type(d.type) + ")";
          continue;
        }
      }
      c.out += " " + c.val_type(d.type);
    }
  }
  if (open) c.out += ")";

  FuncState fs(c);
  fs.locals = &local_ids;
  if (c.opts.names) {
    auto it = c.m.names.labels.find(func_index);
    if (it != c.m.names.labels.end()) fs.label_names = &it->second;
  }
  fs.num_results = ft ? static_cast<uint32_t>(ft->results.size()) : 0;
  fs.labels.push_back({});  // the function's own label: only numbers reach it
  fs.branch_arity.push_back(fs.num_results);
  ByteReader r(f.body.code.data(), f.body.code.size());
  if (c.opts.fold) {
    size_t mark = c.out.size();
    if (print_folded(fs, r, indent)) return;
    c.out.resize(mark);
    r = ByteReader(f.body.code.data(), f.body.code.size());
    fs.blocks = 0;
    fs.labels.resize(1);
    fs.branch_arity.resize(1);
  }
  print_flat(fs, r, indent);
}

// Instructions at the top level are folded (with no operands); blocks, only possible in
// invalid modules, are printed plain, which an expr also allows.
void print_const_expr(Context& c, const Expr& e) {
  FuncState fs(c);
  ByteReader r(e.code.data(), e.code.size());
  Features all = Features::all();
  InstrReader reader(r, all);
  uint32_t depth = 0;
  while (!r.at_end()) {
    auto in = reader.read();
    if (!in.ok()) {
      c.out += " (; unreadable code: " + in.error().message + " ;)";
      return;
    }
    switch (in->op) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::If:
        c.out += " " + open_block(fs, *in);
        ++depth;
        break;
      case Opcode::Else:
        c.out += " else";
        break;
      case Opcode::End:
        if (depth == 0) return;
        --depth;
        close_block(fs);
        c.out += " end";
        break;
      default:
        c.out += depth ? " " + instr_text(fs, *in) : " (" + instr_text(fs, *in) + ")";
        break;
    }
  }
}

size_t const_expr_length(const Expr& e) {
  ByteReader r(e.code.data(), e.code.size());
  Features all = Features::all();
  InstrReader reader(r, all);
  size_t n = 0;
  while (!r.at_end()) {
    auto in = reader.read();
    if (!in.ok()) return 0;
    if (in->op == Opcode::Block || in->op == Opcode::Loop || in->op == Opcode::If || in->op == Opcode::Else) return 0;
    if (in->op == Opcode::End) return n;
    ++n;
  }
  return n;
}

}  // namespace kiln::core::text::print
