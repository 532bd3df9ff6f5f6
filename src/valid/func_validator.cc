#include "valid/func_validator.h"

#include <array>
#include <cstdio>
#include <optional>
#include <string>

#include "runtime/type_registry.h"
#include "valid/func_refs.h"
#include "valid/module_rules.h"
#include "valid/subtype.h"

namespace kiln::core {

ModuleContext::ModuleContext(const Module& m, const Features& f, std::vector<uint32_t> canonical_types)
    : module(m), features(f), declared_refs(declared_func_refs(m, f)),
      canonical(std::move(canonical_types)) {}

namespace {

ValType sig_type(char c) {
  switch (c) {
    case 'i': return ValType::i32();
    case 'l': return ValType::i64();
    case 'f': return ValType::f32();
    case 'd': return ValType::f64();
    default: return ValType::v128();
  }
}

// A plain signature's operand and result types, from its letters (sig_letters).
struct SigTypes {
  bool plain = false;  // at most three operands and one result
  uint8_t pops = 0, pushes = 0;
  ValType pop[3], push[1];
};

const SigTypes& sig_types(Sig sig) {
  static const std::array<SigTypes, detail::kSigCount> table = [] {
    std::array<SigTypes, detail::kSigCount> t{};
    for (size_t i = 0; i < detail::kSigCount; ++i) {
      SigLetters st = sig_letters(static_cast<Sig>(i));
      if (st.pops.size() > 3 || st.pushes.size() > 1) continue;
      t[i].plain = true;
      t[i].pops = static_cast<uint8_t>(st.pops.size());
      t[i].pushes = static_cast<uint8_t>(st.pushes.size());
      for (size_t j = 0; j < st.pops.size(); ++j) t[i].pop[j] = sig_type(st.pops[j]);
      for (size_t j = 0; j < st.pushes.size(); ++j) t[i].push[j] = sig_type(st.pushes[j]);
    }
    return t;
  }();
  return table[static_cast<size_t>(sig)];
}

}  // namespace

const char* not_implemented(Opcode op) {
  switch (info(op).feature) {
    case Feature::Exceptions: return "exception handling";
    case Feature::Gc: return "GC";
    case Feature::Threads: return "threads";
    case Feature::WideArithmetic: return "wide arithmetic";
    case Feature::CustomDescriptors: return "custom descriptors";
    default: return nullptr;
  }
}

namespace {

// A control frame (https://webassembly.github.io/spec/core/valid/instructions.html#valid-instructions).
struct Ctrl {
  Opcode op = Opcode::Block;  // Block, Loop, If, Else; Block for the function itself
  std::vector<ValType> params;
  std::vector<ValType> results;
  uint32_t height = 0;  // operand stack height at entry, below the params
  uint32_t init_height = 0;  // Checker::init_stack_ size at entry
  bool unreachable = false;
  const std::vector<ValType>& labels() const { return op == Opcode::Loop ? params : results; }
};

const ValType kBottom{ValKind::Bottom, false, {}};

class Checker {
 public:
  Checker(const ModuleContext& ctx, uint32_t func_index, BodySink* sink)
      : ctx_(ctx), m_(ctx.module), func_index_(func_index), sink_(sink) {}

  Status run();

 private:
  bool fail(std::string msg) {
    msg_ = std::move(msg);
    return false;
  }
  bool mismatch() { return fail("type mismatch"); }

  void push(ValType t) {
    vals_.push_back(t);
    if (vals_.size() > max_height_) max_height_ = static_cast<uint32_t>(vals_.size());
  }
  void push_all(const std::vector<ValType>& ts) {
    for (const ValType& t : ts) push(t);
  }
  bool pop(ValType& out) {
    const Ctrl& c = ctrl_.back();
    if (vals_.size() == c.height) {
      if (c.unreachable) {
        out = kBottom;
        return true;
      }
      return mismatch();
    }
    out = vals_.back();
    vals_.pop_back();
    return true;
  }
  bool pop_expect(const ValType& expect) {
    ValType t;
    if (!pop(t)) return false;
    if (t.kind == expect.kind && t.kind != ValKind::Ref) return true;  // numbers and vectors
    if (!is_subtype(t, expect, m_, &ctx_.canonical)) return mismatch();
    return true;
  }
  bool pop_all(const std::vector<ValType>& ts) {
    for (size_t i = ts.size(); i-- > 0;) {
      if (!pop_expect(ts[i])) return false;
    }
    return true;
  }
  // Checks the top of the stack against `ts` without popping (br_table targets).
  bool peek_all(const std::vector<ValType>& ts) {
    const Ctrl& c = ctrl_.back();
    size_t avail = vals_.size() - c.height;
    for (size_t i = 0; i < ts.size(); ++i) {
      size_t from_top = ts.size() - 1 - i;
      if (from_top >= avail) {
        if (!c.unreachable) return mismatch();
        continue;
      }
      if (!is_subtype(vals_[vals_.size() - 1 - from_top], ts[i], m_, &ctx_.canonical)) return mismatch();
    }
    return true;
  }
  void set_unreachable() {
    vals_.resize(ctrl_.back().height);
    ctrl_.back().unreachable = true;
  }
  bool pop_ref(ValType& out) {
    if (!pop(out)) return false;
    if (out.kind != ValKind::Bottom && !out.is_ref()) return mismatch();
    return true;
  }

  bool block_sig(const BlockType& bt, BlockSig& sig);
  bool check_label(uint32_t depth) {
    if (depth >= ctrl_.size()) return fail("unknown label");
    return true;
  }
  const Ctrl& label(uint32_t depth) const { return ctrl_[ctrl_.size() - 1 - depth]; }
  bool check_func(uint32_t idx) {
    if (idx >= m_.total_funcs()) return fail("unknown function " + std::to_string(idx));
    return true;
  }
  bool check_table(uint32_t idx) {
    if (idx >= m_.total_tables()) return fail("unknown table " + std::to_string(idx));
    return true;
  }
  bool check_memory(uint32_t idx) {
    if (idx >= m_.total_memories()) return fail("unknown memory " + std::to_string(idx));
    return true;
  }
  bool check_func_type(uint32_t idx) {
    if (idx >= m_.types.size() || m_.types[idx].kind != CompositeKind::Func) {
      return fail("unknown type " + std::to_string(idx));
    }
    return true;
  }
  bool check_data(uint32_t idx) {
    uint32_t n = m_.data_count ? *m_.data_count : static_cast<uint32_t>(m_.datas.size());
    if (idx >= n) return fail("unknown data segment " + std::to_string(idx));
    return true;
  }
  bool check_elem(uint32_t idx) {
    if (idx >= m_.elems.size()) return fail("unknown elem segment " + std::to_string(idx));
    return true;
  }
  // Address operands are i64 for 64-bit memories and tables.
  ValType mem_addr(uint32_t mem) const {
    return m_.memory_type(mem).limits.is64 ? ValType::i64() : ValType::i32();
  }
  ValType table_addr(uint32_t t) const {
    return m_.table_type(t).limits.is64 ? ValType::i64() : ValType::i32();
  }

  bool step(const Instr& in, BlockSig& sig, bool& has_sig);
  bool step_descriptors(const Instr& in);
  bool descriptor_of_cast(const ValType& target, ValType& desc);
  bool step_special(const Instr& in, BlockSig& sig, bool& has_sig);
  bool step_memory(const Instr& in);
  bool step_bulk(const Instr& in);

  const ModuleContext& ctx_;
  const Module& m_;
  uint32_t func_index_;
  BodySink* sink_;
  std::optional<Error> unsupported_;  // the first instruction that cannot run yet
  std::vector<ValType> locals_;
  // Local initialization (https://webassembly.github.io/spec/core/valid/instructions.html#local-instructions):
  // non-defaultable locals (non-null references) must be set before they are read; a set
  // inside a block counts until the block ends.
  std::vector<bool> inits_;
  std::vector<uint32_t> init_stack_;
  void reset_inits(uint32_t height) {
    while (init_stack_.size() > height) {
      inits_[init_stack_.back()] = false;
      init_stack_.pop_back();
    }
  }
  void mark_init(uint32_t local) {
    if (!inits_[local]) {
      inits_[local] = true;
      init_stack_.push_back(local);
    }
  }
  bool known_type(const ValType& t) {
    if (t.is_ref() && t.heap.is_concrete() && t.heap.index >= m_.types.size()) {
      return fail("unknown type " + std::to_string(t.heap.index));
    }
    return true;
  }
  bool check_feature(const Instr& in, Feature f) {
    if (ctx_.features.has(f)) return true;
    kind_ = ErrorKind::Malformed;
    char buf[32];
    std::snprintf(buf, sizeof buf, "illegal opcode %02x", static_cast<unsigned>(info(in.op).code));
    return fail(buf);
  }
  std::vector<ValType> vals_;
  std::vector<Ctrl> ctrl_;
  uint32_t max_height_ = 0;
  std::string msg_;
  ErrorKind kind_ = ErrorKind::Invalid;
};

bool Checker::block_sig(const BlockType& bt, BlockSig& sig) {
  sig.params.clear();
  sig.results.clear();
  switch (bt.kind) {
    case BlockType::Kind::Empty:
      return true;
    case BlockType::Kind::Value:
      if (bt.value.is_ref() && bt.value.heap.is_concrete() && bt.value.heap.index >= m_.types.size()) {
        return fail("unknown type " + std::to_string(bt.value.heap.index));
      }
      sig.results.push_back(bt.value);
      return true;
    case BlockType::Kind::Index:
      if (!check_func_type(bt.index)) return false;
      sig.params = m_.functype(bt.index).params;
      sig.results = m_.functype(bt.index).results;
      return true;
  }
  return true;
}

Status Checker::run() {
  const Function& fn = m_.funcs[func_index_ - m_.num_imported_funcs];
  const FuncType& type = m_.functype(fn.type);
  locals_ = type.params;
  locals_.reserve(type.params.size() + fn.num_locals);
  for (const LocalDecl& d : fn.locals) {
    if (!known_type(d.type)) return Error(fn.body.offset, msg_, ErrorKind::Invalid);
    locals_.insert(locals_.end(), d.count, d.type);
  }
  inits_.resize(locals_.size());
  for (size_t i = 0; i < locals_.size(); ++i) {
    inits_[i] = i < type.params.size() || !locals_[i].is_ref() || locals_[i].nullable;
  }
  if (sink_) sink_->begin_function(func_index_, type, locals_);

  Ctrl top;
  top.op = Opcode::Block;
  top.results = type.results;
  ctrl_.push_back(std::move(top));

  ByteReader r(fn.body.code.data(), fn.body.code.size(), fn.body.offset);
  InstrReader reader(r, ctx_.features);
  BlockSig sig;
  Instr in;
  while (!ctrl_.empty()) {
    if (r.at_end()) return Error(r.offset(), "END opcode expected", ErrorKind::Malformed);
    KILN_TRY(reader.read(in));
    uint32_t height = static_cast<uint32_t>(vals_.size());
    bool reachable = !ctrl_.back().unreachable;
    bool has_sig = false;
    if (!step(in, sig, has_sig)) return Error(in.offset, msg_, kind_);
    if (!unsupported_ && info(in.op).feature == Feature::CustomDescriptors) {
      // Type-checked but not runnable: the rest of the body is still checked, so that a
      // type error anywhere wins; the sink sees no more of this function.
      if (const char* what = not_implemented(in.op)) {
        unsupported_ = Error(in.offset, "unsupported instruction " + std::string(info(in.op).text) + " (" + what +
                                            " is not implemented yet)", ErrorKind::Invalid);
        sink_ = nullptr;
      }
    }
    if (sink_) sink_->instr(in, height, reachable, has_sig ? &sig : nullptr);
  }
  if (!r.at_end()) {
    return Error(r.offset(), "operators remaining after end of function", ErrorKind::Malformed);
  }
  if (unsupported_) return *unsupported_;
  if (sink_) sink_->end_function(max_height_);
  return Ok();
}

bool Checker::step(const Instr& in, BlockSig& sig, bool& has_sig) {
  const OpcodeInfo& oi = info(in.op);
  // The instructions of custom descriptors type-check (run() then reports them as not
  // running yet), so that invalid code gets the spec's message.
  if (oi.feature == Feature::CustomDescriptors) return step_descriptors(in);
  if (const char* what = not_implemented(in.op)) {
    // custom-descriptors: struct.new / struct.new_default cannot allocate a type with a
    // descriptor.
    if ((in.op == Opcode::StructNew || in.op == Opcode::StructNewDefault) && in.a < m_.types.size() &&
        m_.types[in.a].descriptor) {
      return fail("type with descriptor requires descriptor allocation");
    }
    return fail("unsupported instruction " + std::string(oi.text) + " (" + what + " is not implemented yet)");
  }
  // Lane immediates (https://webassembly.github.io/spec/core/valid/instructions.html#vector-instructions).
  if (oi.imm == ImmKind::Lane || oi.imm == ImmKind::MemArgLane) {
    if (in.lane >= lane_count(in.op)) return fail("invalid lane index");
  } else if (oi.imm == ImmKind::Shuffle) {
    for (uint8_t l : in.v128) {
      if (l >= 32) return fail("invalid lane index");
    }
  }
  if (oi.imm == ImmKind::MemArgLane) return step_memory(in);
  switch (oi.sig) {
    case Sig::Special:
      return step_special(in, sig, has_sig);
    case Sig::LoadI: case Sig::LoadL: case Sig::LoadF: case Sig::LoadD: case Sig::LoadV:
    case Sig::StoreI: case Sig::StoreL: case Sig::StoreF: case Sig::StoreD: case Sig::StoreV:
      return step_memory(in);
    default: {
      const SigTypes& ts = sig_types(oi.sig);
      if (ts.plain) {
        for (size_t i = ts.pops; i-- > 0;) {
          if (!pop_expect(ts.pop[i])) return false;
        }
        if (ts.pushes) push(ts.push[0]);
        return true;
      }
      SigLetters st = sig_letters(oi.sig);
      for (size_t i = st.pops.size(); i-- > 0;) {
        if (!pop_expect(sig_type(st.pops[i]))) return false;
      }
      for (char c : st.pushes) push(sig_type(c));
      return true;
    }
  }
}

bool Checker::step_memory(const Instr& in) {
  if (!check_memory(in.mem.memory)) return false;
  if (in.mem.align > natural_alignment(in.op)) return fail("alignment must not be larger than natural");
  ValType addr = mem_addr(in.mem.memory);
  if (addr.kind == ValKind::I32 && in.mem.offset > UINT32_MAX) return fail("offset out of range");
  switch (info(in.op).sig) {
    case Sig::LoadI: if (!pop_expect(addr)) return false; push(ValType::i32()); return true;
    case Sig::LoadL: if (!pop_expect(addr)) return false; push(ValType::i64()); return true;
    case Sig::LoadF: if (!pop_expect(addr)) return false; push(ValType::f32()); return true;
    case Sig::LoadD: if (!pop_expect(addr)) return false; push(ValType::f64()); return true;
    case Sig::StoreI: return pop_expect(ValType::i32()) && pop_expect(addr);
    case Sig::StoreL: return pop_expect(ValType::i64()) && pop_expect(addr);
    case Sig::StoreF: return pop_expect(ValType::f32()) && pop_expect(addr);
    case Sig::StoreD: return pop_expect(ValType::f64()) && pop_expect(addr);
    case Sig::LoadV: if (!pop_expect(addr)) return false; push(ValType::v128()); return true;
    case Sig::StoreV: return pop_expect(ValType::v128()) && pop_expect(addr);
    default: break;
  }
  // v128.loadN_lane: [addr v128] -> [v128]; v128.storeN_lane: [addr v128] -> [].
  if (!pop_expect(ValType::v128()) || !pop_expect(addr)) return false;
  switch (in.op) {
    case Opcode::V128Load8Lane: case Opcode::V128Load16Lane:
    case Opcode::V128Load32Lane: case Opcode::V128Load64Lane:
      push(ValType::v128());
      return true;
    default:
      return true;
  }
}

bool Checker::step_special(const Instr& in, BlockSig& sig, bool& has_sig) {
  ValType t, u;
  switch (in.op) {
    case Opcode::Unreachable:
      set_unreachable();
      return true;
    case Opcode::Nop:
      return true;
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If: {
      if (!block_sig(in.block, sig)) return false;
      has_sig = true;
      if (in.op == Opcode::If && !pop_expect(ValType::i32())) return false;
      if (!pop_all(sig.params)) return false;
      Ctrl c;
      c.op = in.op;
      c.params = sig.params;
      c.results = sig.results;
      c.height = static_cast<uint32_t>(vals_.size());
      c.init_height = static_cast<uint32_t>(init_stack_.size());
      ctrl_.push_back(std::move(c));
      push_all(sig.params);
      return true;
    }
    case Opcode::Else: {
      Ctrl& c = ctrl_.back();
      if (c.op != Opcode::If) {
        kind_ = ErrorKind::Malformed;
        return fail("else without matching if");
      }
      if (!pop_all(c.results)) return false;
      if (vals_.size() != c.height) return mismatch();
      c.op = Opcode::Else;
      c.unreachable = false;
      reset_inits(c.init_height);
      push_all(c.params);
      return true;
    }
    case Opcode::End: {
      Ctrl& c = ctrl_.back();
      if (!pop_all(c.results)) return false;
      if (vals_.size() != c.height) return mismatch();
      // An if without else passes its parameters through the missing branch.
      if (c.op == Opcode::If && c.params != c.results) return mismatch();
      reset_inits(c.init_height);
      std::vector<ValType> results = std::move(c.results);
      ctrl_.pop_back();
      if (!ctrl_.empty()) push_all(results);
      return true;
    }
    case Opcode::Br:
      if (!check_label(in.a) || !pop_all(label(in.a).labels())) return false;
      set_unreachable();
      return true;
    case Opcode::BrIf: {
      if (!check_label(in.a) || !pop_expect(ValType::i32())) return false;
      const std::vector<ValType>& labels = label(in.a).labels();  // ctrl_ stays as it is
      if (!pop_all(labels)) return false;
      push_all(labels);
      return true;
    }
    case Opcode::BrTable: {
      if (!pop_expect(ValType::i32())) return false;
      const std::vector<uint32_t>& targets = *in.targets;
      uint32_t def = targets.back();
      if (!check_label(def)) return false;
      size_t arity = label(def).labels().size();
      for (uint32_t l : targets) {
        if (!check_label(l)) return false;
        if (label(l).labels().size() != arity) return mismatch();
        if (!peek_all(label(l).labels())) return false;
      }
      if (!pop_all(label(def).labels())) return false;
      set_unreachable();
      return true;
    }
    case Opcode::Return:
      if (!pop_all(ctrl_.front().results)) return false;
      set_unreachable();
      return true;
    case Opcode::Call: {
      if (!check_func(in.a)) return false;
      const FuncType& ft = m_.func_type(in.a);
      if (!pop_all(ft.params)) return false;
      push_all(ft.results);
      return true;
    }
    case Opcode::ReturnCall:
    case Opcode::ReturnCallIndirect: {
      // https://webassembly.github.io/spec/core/valid/instructions.html#xref-syntax-instructions-syntax-instr-control-mathsf-return-call-x
      if (!check_feature(in, Feature::TailCall)) return false;
      const FuncType* ft;
      if (in.op == Opcode::ReturnCall) {
        if (!check_func(in.a)) return false;
        ft = &m_.func_type(in.a);
      } else {
        if (!check_table(in.b) || !check_func_type(in.a)) return false;
        if (!is_subtype(m_.table_type(in.b).elem, ValType::funcref(), m_, &ctx_.canonical)) return mismatch();
        if (!pop_expect(table_addr(in.b))) return false;
        ft = &m_.functype(in.a);
      }
      const std::vector<ValType>& mine = ctrl_.front().results;
      if (ft->results.size() != mine.size()) return mismatch();
      for (size_t i = 0; i < mine.size(); ++i) {
        if (!is_subtype(ft->results[i], mine[i], m_, &ctx_.canonical)) return mismatch();
      }
      if (!pop_all(ft->params)) return false;
      set_unreachable();
      return true;
    }
    case Opcode::CallRef:
    case Opcode::ReturnCallRef: {
      // call_ref $t: [t1* (ref null $t)] -> [t2*]; return_call_ref also returns.
      if (!check_feature(in, Feature::FunctionRefs)) return false;
      if (in.op == Opcode::ReturnCallRef && !check_feature(in, Feature::TailCall)) return false;
      if (!check_func_type(in.a)) return false;
      if (!pop_expect(ValType::ref(HeapType::concrete(in.a), true))) return false;
      const FuncType& ft = m_.functype(in.a);
      if (in.op == Opcode::ReturnCallRef) {
        const std::vector<ValType>& mine = ctrl_.front().results;
        if (ft.results.size() != mine.size()) return mismatch();
        for (size_t i = 0; i < mine.size(); ++i) {
          if (!is_subtype(ft.results[i], mine[i], m_, &ctx_.canonical)) return mismatch();
        }
      }
      if (!pop_all(ft.params)) return false;
      if (in.op == Opcode::ReturnCallRef) {
        set_unreachable();
      } else {
        push_all(ft.results);
      }
      return true;
    }
    case Opcode::CallIndirect: {
      if (!check_table(in.b) || !check_func_type(in.a)) return false;
      if (!is_subtype(m_.table_type(in.b).elem, ValType::funcref(), m_, &ctx_.canonical)) return mismatch();
      if (!pop_expect(table_addr(in.b))) return false;
      const FuncType& ft = m_.functype(in.a);
      if (!pop_all(ft.params)) return false;
      push_all(ft.results);
      return true;
    }
    case Opcode::Drop:
      return pop(t);
    case Opcode::Select: {
      if (!pop_expect(ValType::i32()) || !pop(t) || !pop(u)) return false;
      bool t_ok = t.is_num() || t.kind == ValKind::V128 || t.kind == ValKind::Bottom;
      bool u_ok = u.is_num() || u.kind == ValKind::V128 || u.kind == ValKind::Bottom;
      if (!t_ok || !u_ok) return mismatch();
      if (t.kind != ValKind::Bottom && u.kind != ValKind::Bottom && !(t == u)) return mismatch();
      push(t.kind == ValKind::Bottom ? u : t);
      return true;
    }
    case Opcode::SelectT:
      if (in.a != 1) return fail("invalid result arity");
      if (!known_type(in.select_type)) return false;
      if (!pop_expect(ValType::i32()) || !pop_expect(in.select_type) ||
          !pop_expect(in.select_type)) {
        return false;
      }
      push(in.select_type);
      return true;
    case Opcode::LocalGet:
      if (in.a >= locals_.size()) return fail("unknown local " + std::to_string(in.a));
      if (!inits_[in.a]) return fail("uninitialized local");
      push(locals_[in.a]);
      return true;
    case Opcode::LocalSet:
      if (in.a >= locals_.size()) return fail("unknown local " + std::to_string(in.a));
      if (!pop_expect(locals_[in.a])) return false;
      mark_init(in.a);
      return true;
    case Opcode::LocalTee:
      if (in.a >= locals_.size()) return fail("unknown local " + std::to_string(in.a));
      if (!pop_expect(locals_[in.a])) return false;
      mark_init(in.a);
      push(locals_[in.a]);
      return true;
    case Opcode::GlobalGet:
      if (in.a >= m_.total_globals()) return fail("unknown global " + std::to_string(in.a));
      push(m_.global_type(in.a).type);
      return true;
    case Opcode::GlobalSet: {
      if (in.a >= m_.total_globals()) return fail("unknown global " + std::to_string(in.a));
      GlobalType gt = m_.global_type(in.a);
      if (!gt.mut) return fail("immutable global");
      return pop_expect(gt.type);
    }
    case Opcode::TableGet:
      if (!check_table(in.a) || !pop_expect(table_addr(in.a))) return false;
      push(m_.table_type(in.a).elem);
      return true;
    case Opcode::TableSet:
      if (!check_table(in.a)) return false;
      return pop_expect(m_.table_type(in.a).elem) && pop_expect(table_addr(in.a));
    case Opcode::MemorySize:
      if (!check_memory(in.a)) return false;
      push(mem_addr(in.a));
      return true;
    case Opcode::MemoryGrow:
      if (!check_memory(in.a) || !pop_expect(mem_addr(in.a))) return false;
      push(mem_addr(in.a));
      return true;
    case Opcode::RefNull:
      if (in.heap.is_concrete() && in.heap.index >= m_.types.size()) {
        return fail("unknown type " + std::to_string(in.heap.index));
      }
      push(ValType::ref(in.heap, true));
      return true;
    case Opcode::RefAsNonNull:
      if (!check_feature(in, Feature::FunctionRefs) || !pop_ref(t)) return false;
      push(t.kind == ValKind::Bottom ? t : ValType::ref(t.heap, false));
      return true;
    case Opcode::BrOnNull: {
      if (!check_feature(in, Feature::FunctionRefs) || !check_label(in.a) || !pop_ref(t)) return false;
      const std::vector<ValType>& labels = label(in.a).labels();  // ctrl_ stays as it is
      if (!pop_all(labels)) return false;
      push_all(labels);
      push(t.kind == ValKind::Bottom ? t : ValType::ref(t.heap, false));
      return true;
    }
    case Opcode::BrOnNonNull: {
      if (!check_feature(in, Feature::FunctionRefs) || !check_label(in.a)) return false;
      std::vector<ValType> labels = label(in.a).labels();
      if (labels.empty() || !labels.back().is_ref()) return mismatch();
      if (!pop_ref(t)) return false;
      push(t.kind == ValKind::Bottom ? t : ValType::ref(t.heap, false));
      if (!pop_all(labels)) return false;
      labels.pop_back();
      push_all(labels);
      return true;
    }
    case Opcode::RefIsNull:
      if (!pop_ref(t)) return false;
      push(ValType::i32());
      return true;
    case Opcode::RefFunc:
      if (!check_func(in.a)) return false;
      if (!ctx_.declared_refs[in.a]) return fail("undeclared function reference");
      if (ctx_.features.has(Feature::FunctionRefs)) {
        push(ValType::ref(m_.func_heap_type(in.a, ctx_.features), false));
      } else {
        push(ValType::funcref());
      }
      return true;
    default:
      return step_bulk(in);
  }
}

namespace {

// The abstract type at the top of the hierarchy of `h` (any, func, extern or exn).
HeapKind top_heap(const Module& m, const HeapType& h) {
  if (h.is_concrete()) {
    if (h.index < m.types.size() && m.types[h.index].kind == CompositeKind::Func) return HeapKind::Func;
    return HeapKind::Any;
  }
  switch (h.kind) {
    case HeapKind::Func: case HeapKind::NoFunc: return HeapKind::Func;
    case HeapKind::Extern: case HeapKind::NoExtern: return HeapKind::Extern;
    case HeapKind::Exn: case HeapKind::NoExn: return HeapKind::Exn;
    default: return HeapKind::Any;
  }
}

// A cast's source type without the values the cast takes: non-null when the target
// admits null (https://webassembly.github.io/spec/core/valid/conventions.html#aux-reftypediff).
ValType ref_diff(const ValType& from, const ValType& to) {
  return ValType::ref(from.heap, to.nullable ? false : from.nullable);
}

bool defaultable(const FieldType& f) { return f.packed != Packed::None || !f.type.is_ref() || f.type.nullable; }

}  // namespace

// The descriptor operand of ref.cast_desc_eq / br_on_cast_desc_eq(_fail) with target
// type `target` (proposals/custom-descriptors/Overview.md): (ref null y), exact when the
// target is, where y is the descriptor type of the target's concrete type.
bool Checker::descriptor_of_cast(const ValType& target, ValType& desc) {
  const HeapType& h = target.heap;
  std::string no_desc = "type " + to_string(h) + " does not have a descriptor";
  if (!h.is_concrete()) return fail(no_desc);
  const SubType& st = m_.types[h.index];
  if (!st.descriptor) return fail(no_desc);
  desc = ValType::ref(HeapType::concrete(*st.descriptor, h.exact), true);
  return true;
}

// Type rules of the custom-descriptors instructions (proposals/custom-descriptors/Overview.md).
bool Checker::step_descriptors(const Instr& in) {
  ValType t, desc;
  switch (in.op) {
    case Opcode::StructNewDesc:
    case Opcode::StructNewDefaultDesc: {
      // [t* (ref null (exact y))] -> [(ref (exact x))] where x has descriptor y.
      if (in.a >= m_.types.size()) return fail("unknown type " + std::to_string(in.a));
      const SubType& st = m_.types[in.a];
      if (st.kind != CompositeKind::Struct) return fail("non-structure type " + std::to_string(in.a));
      bool with_defaults = in.op == Opcode::StructNewDefaultDesc;
      if (with_defaults) {
        for (const FieldType& f : st.fields) {
          if (!defaultable(f)) return fail("field type is not defaultable");
        }
      }
      if (!st.descriptor) return fail("type without descriptor requires non-descriptor allocation");
      if (!pop_expect(ValType::ref(HeapType::concrete(*st.descriptor, true), true))) return false;
      if (!with_defaults) {
        for (size_t i = st.fields.size(); i-- > 0;) {
          const FieldType& f = st.fields[i];
          if (!pop_expect(f.packed == Packed::None ? f.type : ValType::i32())) return false;
        }
      }
      push(ValType::ref(HeapType::concrete(in.a, true), false));
      return true;
    }
    case Opcode::RefGetDesc: {
      // [(ref null x)] -> [(ref y)], both exact when the operand is exactly x.
      if (in.a >= m_.types.size()) return fail("unknown type " + std::to_string(in.a));
      const SubType& st = m_.types[in.a];
      if (!st.descriptor) return fail("type without descriptor " + std::to_string(in.a));
      if (!pop_ref(t)) return false;
      bool exact = t.kind == ValKind::Bottom ||
                   is_subtype(t.heap, HeapType::concrete(in.a, true), m_, &ctx_.canonical);
      if (!is_subtype(t, ValType::ref(HeapType::concrete(in.a, exact), true), m_, &ctx_.canonical)) return mismatch();
      push(ValType::ref(HeapType::concrete(*st.descriptor, exact), false));
      return true;
    }
    case Opcode::RefCastDescEq:
    case Opcode::RefCastDescEqNull: {
      // [(ref null top) (ref null y)] -> [rt]
      ValType target = ValType::ref(in.heap, cast_target_nullable(in.op));
      if (!known_type(target) || !descriptor_of_cast(target, desc)) return false;
      if (!pop_expect(desc)) return false;
      if (!pop_expect(ValType::ref(HeapType::abstract(top_heap(m_, in.heap)), true))) return false;
      push(target);
      return true;
    }
    case Opcode::BrOnCastDescEq:
    case Opcode::BrOnCastDescEqFail: {
      // [t* rt1 (ref null y)] -> [t* (rt1 \ rt2)] branching with rt2 (or the reverse for
      // _fail); rt1 and rt2 need only share a hierarchy.
      ValType from = ValType::ref(in.heap, (in.flags & 1) != 0);
      ValType to = ValType::ref(in.heap2, (in.flags & 2) != 0);
      if (!known_type(from) || !known_type(to)) return false;
      if (top_heap(m_, from.heap) != top_heap(m_, to.heap)) {
        return fail("type mismatch on cast: type " + to_string(from.heap) + " has a different top type than type " +
                    to_string(to.heap));
      }
      if (!check_label(in.a)) return false;
      std::vector<ValType> labels = label(in.a).labels();
      if (labels.empty()) return mismatch();
      bool on_fail = in.op == Opcode::BrOnCastDescEqFail;
      ValType branch = on_fail ? ref_diff(from, to) : to;
      if (!is_subtype(branch, labels.back(), m_, &ctx_.canonical)) return mismatch();
      if (!descriptor_of_cast(to, desc)) return false;
      if (!pop_expect(desc) || !pop_expect(from)) return false;
      labels.pop_back();
      if (!pop_all(labels)) return false;
      push_all(labels);
      push(on_fail ? to : ref_diff(from, to));
      return true;
    }
    default:
      return true;
  }
}

// Bulk memory and table instructions (https://webassembly.github.io/spec/core/valid/instructions.html#table-instructions).
bool Checker::step_bulk(const Instr& in) {
  switch (in.op) {
    case Opcode::MemoryInit: {
      if (m_.bodies_unscanned && !m_.data_count) return fail("data count section required");
      if (!check_memory(in.b) || !check_data(in.a)) return false;
      ValType addr = mem_addr(in.b);
      return pop_expect(ValType::i32()) && pop_expect(ValType::i32()) && pop_expect(addr);
    }
    case Opcode::DataDrop:
      if (m_.bodies_unscanned && !m_.data_count) return fail("data count section required");
      return check_data(in.a);
    case Opcode::MemoryCopy: {
      if (!check_memory(in.a) || !check_memory(in.b)) return false;
      ValType d = mem_addr(in.a), s = mem_addr(in.b);
      ValType n = (d.kind == ValKind::I64 && s.kind == ValKind::I64) ? ValType::i64() : ValType::i32();
      return pop_expect(n) && pop_expect(s) && pop_expect(d);
    }
    case Opcode::MemoryFill: {
      if (!check_memory(in.a)) return false;
      ValType addr = mem_addr(in.a);
      return pop_expect(addr) && pop_expect(ValType::i32()) && pop_expect(addr);
    }
    case Opcode::TableInit: {
      if (!check_table(in.b) || !check_elem(in.a)) return false;
      if (!is_subtype(m_.elems[in.a].type, m_.table_type(in.b).elem, m_, &ctx_.canonical)) return mismatch();
      ValType addr = table_addr(in.b);
      return pop_expect(ValType::i32()) && pop_expect(ValType::i32()) && pop_expect(addr);
    }
    case Opcode::ElemDrop:
      return check_elem(in.a);
    case Opcode::TableCopy: {
      if (!check_table(in.a) || !check_table(in.b)) return false;
      if (!is_subtype(m_.table_type(in.b).elem, m_.table_type(in.a).elem, m_, &ctx_.canonical)) return mismatch();
      ValType d = table_addr(in.a), s = table_addr(in.b);
      ValType n = (d.kind == ValKind::I64 && s.kind == ValKind::I64) ? ValType::i64() : ValType::i32();
      return pop_expect(n) && pop_expect(s) && pop_expect(d);
    }
    case Opcode::TableGrow: {
      if (!check_table(in.a)) return false;
      ValType addr = table_addr(in.a);
      if (!pop_expect(addr) || !pop_expect(m_.table_type(in.a).elem)) return false;
      push(addr);
      return true;
    }
    case Opcode::TableSize:
      if (!check_table(in.a)) return false;
      push(table_addr(in.a));
      return true;
    case Opcode::TableFill: {
      if (!check_table(in.a)) return false;
      ValType addr = table_addr(in.a);
      return pop_expect(addr) && pop_expect(m_.table_type(in.a).elem) && pop_expect(addr);
    }
    default:
      kind_ = ErrorKind::Malformed;
      return fail(std::string("unsupported instruction ") + std::string(info(in.op).text));
  }
}

}  // namespace

Status validate_function(const ModuleContext& ctx, uint32_t func_index, BodySink* sink) {
  Checker c(ctx, func_index, sink);
  return c.run();
}

Status validate_module(const Module& m, const Features& f) {
  KILN_TRY(validate_module_rules(m, f));
  ModuleContext ctx(m, f, rt::canonicalize_types(m));
  for (uint32_t i = 0; i < m.funcs.size(); ++i) {
    KILN_TRY(validate_function(ctx, m.num_imported_funcs + i, nullptr));
  }
  return Ok();
}

}  // namespace kiln::core
