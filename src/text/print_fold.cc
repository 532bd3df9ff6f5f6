// Folded instructions for the printer
// (https://webassembly.github.io/spec/core/text/instructions.html#folded-instructions): an
// instruction's operands are nested under it when the instructions just before it
// produce exactly its operands, as counted from the opcode table's signatures and the
// module's function and block types. Any grouping is the same code, so where the counts
// are unknown (stack-polymorphic code, multiple values) the instructions stay side by side.
#include <algorithm>

#include "text/print_func.h"

namespace kiln::core::text::print {

namespace {

// Deeper nesting of folded expressions is printed flat: the printer must not run out of
// stack on hostile input.
constexpr uint32_t kMaxFoldDepth = 256;

// Operand and result counts of the fixed signatures (Sig in spec/opcodes.h).
bool sig_arity(Sig s, uint32_t& pops, uint32_t& pushes) {
  switch (s) {
    case Sig::Special: return false;
    case Sig::StoreI: case Sig::StoreL: case Sig::StoreF: case Sig::StoreD: case Sig::StoreV:
      pops = 2; pushes = 0; return true;
    case Sig::LoadI: case Sig::LoadL: case Sig::LoadF: case Sig::LoadD: case Sig::LoadV:
      pops = 1; pushes = 1; return true;
    default: {
      SigLetters l = sig_letters(s);
      pops = static_cast<uint32_t>(l.pops.size());
      pushes = static_cast<uint32_t>(l.pushes.size());
      return true;
    }
  }
}

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
    // custom-descriptors: the descriptor is the last operand.
    case Opcode::RefGetDesc: case Opcode::StructNewDefaultDesc:
      pops = 1; pushes = 1; return true;
    case Opcode::RefCastDescEq: case Opcode::RefCastDescEqNull:
      pops = 2; pushes = 1; return true;
    case Opcode::StructNewDesc: {
      if (in.a >= c.m.types.size() || c.m.types[in.a].kind != CompositeKind::Struct) return false;
      pops = static_cast<uint32_t>(c.m.types[in.a].fields.size()) + 1;
      pushes = 1;
      return true;
    }
    case Opcode::BrOnCastDescEq: case Opcode::BrOnCastDescEqFail: {
      // [t* rt1 desc] -> [t* rt]: the label's values, the last one cast, and the descriptor.
      if (in.a >= fs.branch_arity.size()) return false;
      uint32_t n = fs.branch_arity[fs.branch_arity.size() - 1 - in.a];
      if (n == 0) return false;
      pops = n + 1;
      pushes = n;
      return true;
    }
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

}  // namespace

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

}  // namespace kiln::core::text::print
