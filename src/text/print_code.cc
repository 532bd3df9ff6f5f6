// The printer's function bodies and constant expressions
// (https://webassembly.github.io/spec/core/text/instructions.html). Instructions are read
// with the one instruction reader (binary/instr.h) and spelled from spec/opcodes.def:
// flat with block-structured indentation, or folded, where an instruction's operands are
// nested under it when the instructions before it produce exactly its operands.
#include <algorithm>

#include "base/utf8.h"
#include "text/print_context.h"

namespace kiln::text::print {

namespace {

// Deeper nesting of folded expressions is printed flat: the printer must not run out of
// stack on hostile input.
constexpr uint32_t kMaxFoldDepth = 256;

// Operand and result counts of the fixed signatures (Sig in spec/opcodes.h).
bool sig_arity(Sig s, uint32_t& pops, uint32_t& pushes) {
  switch (s) {
    case Sig::Special: return false;
    case Sig::_i: case Sig::_l: case Sig::_f: case Sig::_d:
      pops = 0; pushes = 1; return true;
    case Sig::ii_i: case Sig::ll_i: case Sig::ll_l: case Sig::ff_f: case Sig::ff_i:
    case Sig::dd_d: case Sig::dd_i:
      pops = 2; pushes = 1; return true;
    case Sig::StoreI: case Sig::StoreL: case Sig::StoreF: case Sig::StoreD: case Sig::StoreV:
      pops = 2; pushes = 0; return true;
    case Sig::_v:
      pops = 0; pushes = 1; return true;
    case Sig::vv_v: case Sig::vi_v: case Sig::vl_v: case Sig::vf_v: case Sig::vd_v:
      pops = 2; pushes = 1; return true;
    case Sig::vvv_v:
      pops = 3; pushes = 1; return true;
    default:  // one operand, one result: unary operators, conversions, loads
      pops = 1; pushes = 1; return true;
  }
}

struct FuncState {
  Context& c;
  const std::vector<std::string>* locals = nullptr;
  const NameMap* label_names = nullptr;
  uint32_t blocks = 0;                 // blocks opened so far: the index of label names
  std::vector<std::string> labels;     // ids of the enclosing blocks, innermost last
  std::vector<uint32_t> branch_arity;  // values a branch to each of them carries
  uint32_t num_results = 0;            // of the function (for `return`)

  explicit FuncState(Context& ctx) : c(ctx) {}

  void append_local(std::string& out, uint32_t i) const {
    out += ' ';
    if (locals && i < locals->size() && !(*locals)[i].empty()) {
      out += (*locals)[i];
    } else {
      append_uint(out, i);
    }
  }

  // Appends " " and a branch target: its $id when that id names it (not shadowed), else
  // the depth with a comment saying which block it is, "1 (;@2;)", as the block's
  // `;; label = @2` says.
  void append_label(std::string& out, uint32_t depth) const {
    out += ' ';
    if (depth < labels.size()) {
      size_t target = labels.size() - 1 - depth;
      const std::string& id = labels[target];
      bool usable = !id.empty();
      for (size_t i = target + 1; usable && i < labels.size(); ++i) usable = labels[i] != id;
      if (usable) {
        out += id;
        return;
      }
      append_uint(out, depth);
      if (target != 0) {  // not the function's own label
        out += " (;@";
        append_uint(out, target);
        out += ";)";
      }
      return;
    }
    append_uint(out, depth);
  }

  // The comment that numbers an unnamed block (at the innermost level): "  ;; label = @2".
  std::string label_comment() const {
    if (labels.empty() || !labels.back().empty()) return {};
    return "  ;; label = @" + std::to_string(labels.size() - 1);
  }

  // The id of the next block opened (from the name section's labels).
  std::string next_label_id() {
    uint32_t n = blocks++;
    if (!label_names) return {};
    auto it = label_names->names.find(n);
    if (it == label_names->names.end() || it->second.empty() || !is_valid_utf8(it->second)) return {};
    return id_text(it->second);
  }
};

std::string block_type_text(const Context& c, const BlockType& bt) {
  switch (bt.kind) {
    case BlockType::Kind::Empty: return {};
    case BlockType::Kind::Value: return " (result " + c.val_type(bt.value) + ")";
    case BlockType::Kind::Index: return " (type " + c.types.ref(bt.index) + ")";
  }
  return {};
}

// Values a block takes from the stack and leaves on it.
void block_arity(const Context& c, const BlockType& bt, uint32_t& params, uint32_t& results) {
  params = 0;
  results = bt.kind == BlockType::Kind::Value ? 1 : 0;
  if (bt.kind != BlockType::Kind::Index) return;
  if (const FuncType* ft = c.func_type_at(bt.index)) {
    params = static_cast<uint32_t>(ft->params.size());
    results = static_cast<uint32_t>(ft->results.size());
  }
}

// Appends the instruction's name and immediates, e.g. "i32.load offset=4" or
// "br_table 0 1 $l". Block instructions give only their name; the caller adds label and
// block type.
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
      s += in.op == Opcode::RefTestNull || in.op == Opcode::RefCastNull ? " (ref null " : " (ref ";
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
void append_catch_clauses(FuncState& fs, const Instr& in, std::string& s) {
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

// The head of a block, loop or if: "block $l (result i32)". Opens its label.
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

// ---- folded

// A folded instruction: `(head operand*)`, or a block with its body.
struct Node {
  std::string head;
  std::string comment;  // blocks: `;; label = @N`
  Opcode op = Opcode::Nop;
  std::vector<Node> operands;  // nested before the instruction (for `if`: the condition)
  std::vector<Node> body;      // block, loop, then
  std::vector<Node> else_body;
  bool has_else = false;
  uint32_t results = 0;  // values it leaves for a later instruction (0: none or unknown)
  uint32_t depth = 1;    // nesting depth of the printed form
};

// How many values `in` takes and leaves, when that is known.
bool arity(const FuncState& fs, const Instr& in, uint32_t& pops, uint32_t& pushes) {
  const Context& c = fs.c;
  if (sig_arity(info(in.op).sig, pops, pushes)) return true;
  pops = 0;
  pushes = 0;
  switch (in.op) {
    case Opcode::Nop: case Opcode::DataDrop: case Opcode::ElemDrop:
      return true;
    case Opcode::Drop: case Opcode::LocalSet: case Opcode::GlobalSet:
      pops = 1; return true;
    case Opcode::Select: case Opcode::SelectT:
      pops = 3; pushes = 1; return true;
    case Opcode::LocalGet: case Opcode::GlobalGet: case Opcode::MemorySize: case Opcode::TableSize:
    case Opcode::RefNull: case Opcode::RefFunc:
      pushes = 1; return true;
    case Opcode::LocalTee: case Opcode::TableGet: case Opcode::MemoryGrow: case Opcode::RefIsNull:
      pops = 1; pushes = 1; return true;
    case Opcode::TableSet:
      pops = 2; return true;
    case Opcode::TableGrow:
      pops = 2; pushes = 1; return true;
    case Opcode::MemoryFill: case Opcode::MemoryCopy: case Opcode::MemoryInit:
    case Opcode::TableInit: case Opcode::TableCopy: case Opcode::TableFill:
      pops = 3; return true;
    case Opcode::Call: case Opcode::CallIndirect: {
      uint32_t type = in.op == Opcode::Call ? (in.a < c.m.total_funcs() ? c.m.func_type_index(in.a) : ~0u) : in.a;
      const FuncType* ft = c.func_type_at(type);
      if (!ft) return false;
      pops = static_cast<uint32_t>(ft->params.size()) + (in.op == Opcode::CallIndirect ? 1 : 0);
      pushes = static_cast<uint32_t>(ft->results.size());
      return true;
    }
    case Opcode::Br: case Opcode::BrIf: {
      if (in.a >= fs.branch_arity.size()) return false;
      uint32_t n = fs.branch_arity[fs.branch_arity.size() - 1 - in.a];
      pops = n + (in.op == Opcode::BrIf ? 1 : 0);
      pushes = in.op == Opcode::BrIf ? n : 0;
      return true;
    }
    case Opcode::BrTable: {
      if (!in.targets || in.targets->empty() || in.targets->back() >= fs.branch_arity.size()) return false;
      pops = fs.branch_arity[fs.branch_arity.size() - 1 - in.targets->back()] + 1;
      return true;
    }
    case Opcode::Return:
      pops = fs.num_results;
      return true;
    default:
      return false;
  }
}

// Moves the nodes at the end of `seq` that produce exactly `n` values into `operands`.
void take_operands(std::vector<Node>& seq, uint32_t n, Node& node) {
  if (n == 0) return;
  uint32_t sum = 0;
  size_t k = 0;
  uint32_t depth = 0;
  while (sum < n && k < seq.size()) {
    const Node& prev = seq[seq.size() - 1 - k];
    if (prev.results == 0) return;
    sum += prev.results;
    depth = std::max(depth, prev.depth);
    ++k;
  }
  if (sum != n || depth + 1 > kMaxFoldDepth) return;
  auto first = seq.end() - static_cast<ptrdiff_t>(k);
  node.operands.assign(std::make_move_iterator(first), std::make_move_iterator(seq.end()));
  seq.erase(first, seq.end());
  node.depth = std::max(node.depth, depth + 1);
}

uint32_t max_depth(const std::vector<Node>& seq) {
  uint32_t d = 0;
  for (const Node& n : seq) d = std::max(d, n.depth);
  return d;
}

// Reads instructions into `seq` up to the `end` or `else` that closes the sequence, which
// it returns (End at the end of the input). False when the code is unreadable or nested
// too deeply to fold.
bool fold_seq(FuncState& fs, InstrReader& reader, std::vector<Node>& seq, Opcode& closer, uint32_t level) {
  if (level > kMaxFoldDepth) return false;
  while (!reader.bytes().at_end()) {
    auto in = reader.read();
    if (!in.ok()) return false;
    Opcode op = in->op;
    if (op == Opcode::End || op == Opcode::Else) {
      closer = op;
      return true;
    }
    // Exception handling blocks are printed flat.
    if (op == Opcode::Try || op == Opcode::TryTable || op == Opcode::Catch || op == Opcode::CatchAll ||
        op == Opcode::Delegate) {
      return false;
    }
    Node node;
    node.op = op;
    if (op == Opcode::Block || op == Opcode::Loop || op == Opcode::If) {
      node.head = open_block(fs, *in);
      node.comment = fs.label_comment();
      uint32_t params, results;
      block_arity(fs.c, in->block, params, results);
      if (op == Opcode::If && params == 0) take_operands(seq, 1, node);
      Opcode end = Opcode::End;
      if (!fold_seq(fs, reader, node.body, end, level + 1)) return false;
      if (end == Opcode::Else) {
        node.has_else = true;
        if (!fold_seq(fs, reader, node.else_body, end, level + 1)) return false;
      }
      close_block(fs);
      node.results = results;
      node.depth = std::max({node.depth, max_depth(node.body) + 1, max_depth(node.else_body) + 1});
      if (node.depth > kMaxFoldDepth) return false;
    } else {
      node.head = instr_text(fs, *in);
      uint32_t pops, pushes;
      if (arity(fs, *in, pops, pushes)) {
        take_operands(seq, pops, node);
        node.results = pushes;
      }
    }
    seq.push_back(std::move(node));
  }
  closer = Opcode::End;
  return true;
}

void print_node(Context& c, const Node& n, uint32_t indent);

void print_seq(Context& c, const std::vector<Node>& seq, uint32_t indent) {
  for (const Node& n : seq) {
    c.newline(indent);
    print_node(c, n, indent);
  }
}

void print_node(Context& c, const Node& n, uint32_t indent) {
  c.out += "(" + n.head;
  if (!n.comment.empty()) {
    c.out += n.comment;
    c.line_comment = true;
  }
  print_seq(c, n.operands, indent + 1);
  if (n.op == Opcode::If) {
    c.newline(indent + 1);
    c.out += "(then";
    print_seq(c, n.body, indent + 2);
    c.close(indent + 1);
    if (n.has_else) {
      c.newline(indent + 1);
      c.out += "(else";
      print_seq(c, n.else_body, indent + 2);
      c.close(indent + 1);
    }
  } else {
    print_seq(c, n.body, indent + 1);
  }
  c.close(indent);
}

// Folds the whole body, or returns false (having printed nothing) when it cannot.
bool print_folded(FuncState& fs, ByteReader& r, uint32_t indent) {
  Features all = Features::all();
  InstrReader reader(r, all);
  std::vector<Node> seq;
  Opcode closer = Opcode::End;
  if (!fold_seq(fs, reader, seq, closer, 0) || closer != Opcode::End || !r.at_end()) return false;
  print_seq(fs.c, seq, indent);
  return true;
}

}  // namespace

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

}  // namespace kiln::text::print
