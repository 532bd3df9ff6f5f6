#include "interp/translate.h"

#include <algorithm>
#include <cstring>

#include "binary/writer.h"

namespace kiln::core::interp {

namespace {

// Instructions whose code can trap or call (FunctionCode::sources).
bool can_trap(Opcode op) {
  switch (info(op).sig) {
    case Sig::LoadI: case Sig::LoadL: case Sig::LoadF: case Sig::LoadD:
    case Sig::StoreI: case Sig::StoreL: case Sig::StoreF: case Sig::StoreD:
    case Sig::LoadV: case Sig::StoreV:
      return true;
    default:
      break;
  }
  if (info(op).imm == ImmKind::MemArgLane) return true;
  switch (op) {
    case Opcode::Unreachable:
    case Opcode::Call: case Opcode::CallIndirect: case Opcode::CallRef:
    case Opcode::ReturnCall: case Opcode::ReturnCallIndirect: case Opcode::ReturnCallRef:
    case Opcode::I32DivS: case Opcode::I32DivU: case Opcode::I32RemS: case Opcode::I32RemU:
    case Opcode::I64DivS: case Opcode::I64DivU: case Opcode::I64RemS: case Opcode::I64RemU:
    case Opcode::I32TruncF32S: case Opcode::I32TruncF32U: case Opcode::I32TruncF64S:
    case Opcode::I32TruncF64U: case Opcode::I64TruncF32S: case Opcode::I64TruncF32U:
    case Opcode::I64TruncF64S: case Opcode::I64TruncF64U:
    case Opcode::RefAsNonNull: case Opcode::TableGet: case Opcode::TableSet:
    case Opcode::MemoryInit: case Opcode::MemoryCopy: case Opcode::MemoryFill:
    case Opcode::TableInit: case Opcode::TableCopy: case Opcode::TableFill:
      return true;
    default:
      return false;
  }
}

}  // namespace

void Translator::add_source(size_t pos) {
  auto& v = sources_;
  FunctionCode::Source src{static_cast<uint32_t>(pos), instr_offset_};
  if (v.empty() || v.back().pos < src.pos) {
    v.push_back(src);
    return;
  }
  // A fused compare-and-branch starts before code already emitted: keep the order.
  auto it = std::upper_bound(v.begin(), v.end(), src.pos,
                             [](uint32_t p, const FunctionCode::Source& e) { return p < e.pos; });
  if (it != v.begin() && (it - 1)->pos == src.pos) (it - 1)->offset = src.offset;
  else v.insert(it, src);
}

void Translator::to_back_edge(size_t at) {
  IOp back = back_form(static_cast<IOp>(code_[at]));
  if (back == IOp::Count_) return;  // not reached: every jump to a loop has a Back form
  code_[at] = static_cast<Word>(back);
  add_source(at);
}

IOp Translator::back_form(IOp op) {
  IOp back;
  switch (op) {
    case IOp::Jump: back = IOp::JumpBack; break;
    case IOp::JumpIf: back = IOp::JumpIfBack; break;
    case IOp::JumpIfNot: back = IOp::JumpIfNotBack; break;
    case IOp::JumpIfNull: back = IOp::JumpIfNullBack; break;
    case IOp::JumpIfNonNull: back = IOp::JumpIfNonNullBack; break;
    case IOp::JumpEq: back = IOp::JumpEqBack; break;
    case IOp::JumpNe: back = IOp::JumpNeBack; break;
    case IOp::JumpLtS: back = IOp::JumpLtSBack; break;
    case IOp::JumpLtU: back = IOp::JumpLtUBack; break;
    case IOp::JumpGtS: back = IOp::JumpGtSBack; break;
    case IOp::JumpGtU: back = IOp::JumpGtUBack; break;
    case IOp::JumpLeS: back = IOp::JumpLeSBack; break;
    case IOp::JumpLeU: back = IOp::JumpLeUBack; break;
    case IOp::JumpGeS: back = IOp::JumpGeSBack; break;
    case IOp::JumpGeU: back = IOp::JumpGeUBack; break;
    case IOp::JumpEq64: back = IOp::JumpEq64Back; break;
    case IOp::JumpNe64: back = IOp::JumpNe64Back; break;
    case IOp::JumpLtS64: back = IOp::JumpLtS64Back; break;
    case IOp::JumpLtU64: back = IOp::JumpLtU64Back; break;
    case IOp::JumpGtS64: back = IOp::JumpGtS64Back; break;
    case IOp::JumpGtU64: back = IOp::JumpGtU64Back; break;
    case IOp::JumpLeS64: back = IOp::JumpLeS64Back; break;
    case IOp::JumpLeU64: back = IOp::JumpLeU64Back; break;
    case IOp::JumpGeS64: back = IOp::JumpGeS64Back; break;
    case IOp::JumpGeU64: back = IOp::JumpGeU64Back; break;
    case IOp::JumpIfZero64: back = IOp::JumpIfZero64Back; break;
    case IOp::JumpIfNonZero64: back = IOp::JumpIfNonZero64Back; break;
    default: return IOp::Count_;
  }
  return back;
}

// Jump threading, once the function's code is complete: a forward jump (or br_table entry)
// that lands on an unconditional `Jump` goes straight to that jump's target. When the chain
// ends at a `JumpBack` (a branch to a loop head, a check point), a jump that has a Back
// form becomes that form and goes to the loop head itself, with the JumpBack's source
// offset: the path still passes one check point, at the same place in the wasm code.
void Translator::thread_jumps() {
  size_t sorted = sources_.size();
  auto offset_at = [&](size_t pos) -> uint32_t {
    auto it = std::lower_bound(sources_.begin(), sources_.begin() + static_cast<std::ptrdiff_t>(sorted), pos,
                               [](const FunctionCode::Source& e, size_t p) { return e.pos < p; });
    if (it != sources_.begin() + static_cast<std::ptrdiff_t>(sorted) && it->pos == pos) return it->offset;
    for (size_t k = sources_.size(); k-- > sorted;) {
      if (sources_[k].pos == pos) return sources_[k].offset;
    }
    return 0;  // not reached: every JumpBack has its source
  };
  for (auto [at, word] : forward_jumps_) {
    size_t t = at + static_cast<size_t>(static_cast<int32_t>(code_[word]));
    for (int hops = 0; hops < 16 && t < code_.size() && static_cast<IOp>(code_[t]) == IOp::Jump; ++hops) {
      t += static_cast<size_t>(static_cast<int32_t>(code_[t + 1]));
    }
    IOp op = static_cast<IOp>(code_[at]);
    if (t < code_.size() && static_cast<IOp>(code_[t]) == IOp::JumpBack && op != IOp::Switch) {
      IOp back = back_form(op);
      if (back != IOp::Count_) {
        code_[at] = static_cast<Word>(back);
        sources_.push_back({static_cast<uint32_t>(at), offset_at(t)});
        t += static_cast<size_t>(static_cast<int32_t>(code_[t + 1]));
      }
    }
    code_[word] = static_cast<Word>(static_cast<int32_t>(t) - static_cast<int32_t>(at));  // not patch(): no new record
  }
  if (sources_.size() > sorted) {
    // In position order; a new entry replaces one at the same position (none is expected:
    // forward jumps do not trap).
    std::stable_sort(sources_.begin(), sources_.end(),
                     [](const FunctionCode::Source& a, const FunctionCode::Source& b) { return a.pos < b.pos; });
    size_t kept = 0;
    for (size_t k = 0; k < sources_.size(); ++k) {
      if (kept > 0 && sources_[kept - 1].pos == sources_[k].pos) sources_[kept - 1] = sources_[k];
      else sources_[kept++] = sources_[k];
    }
    sources_.resize(kept);
  }
}

void Translator::widths_of(const std::vector<ValType>& ts, std::vector<uint8_t>& out) {
  out.clear();
  for (const ValType& t : ts) out.push_back(static_cast<uint8_t>(t.slots()));
}

void Translator::begin_function(uint32_t func_index, const FuncType& type, const std::vector<ValType>& locals) {
  local_slot_.clear();
  local_width_.clear();
  uint32_t slot = 0;
  for (const ValType& t : locals) {
    local_slot_.push_back(slot);
    local_width_.push_back(static_cast<uint8_t>(t.slots()));
    slot += t.slots();
  }
  num_locals_ = slot;
  num_results_ = static_cast<uint32_t>(type.results.size());
  widths_of(type.results, result_widths_);
  out_->num_params = slot_count(type.params);
  out_->num_locals = num_locals_;
  out_->num_results = slot_count(type.results);
  code_.clear();
  src_.clear();
  width_.clear();
  off_.assign(1, 0);
  max_slots_ = 0;
  v128_index_.clear();
  frames_.clear();
  consts_.clear();
  const Function& fn = m_.funcs[func_index - m_.num_imported_funcs];
  sources_.clear();
  out_->func_index = func_index;
  out_->body_offset = fn.body.offset;
  body_base_ = fn.body.offset;
  instr_offset_ = 0;
  if (fn.body.offset != 0) {
    out_->locals_size = fn.locals_size;
  } else {  // made from text: the size the binary writer gives the declarations
    std::vector<uint8_t> decls;
    write_local_decls(decls, fn.locals);
    out_->locals_size = static_cast<uint32_t>(decls.size());
  }
  if (++generation_ == 0) {  // wrapped: entries of an old function could look current
    const_table_.fill(ConstEntry{});
    generation_ = 1;
  }
  slot_uses_.clear();
  forward_jumps_.clear();
  Frame& f = frames_.push();
  f.results = num_results_;
  f.result_widths = result_widths_;
}

void Translator::end_function(uint32_t) {
  if (optimize_) thread_jumps();
  // Constants go right after the locals, operand homes after them: the provisional slots
  // become real ones. A recorded word that now holds a real slot (a result retargeted to
  // a local, or to slot 0) stays.
  uint32_t consts = static_cast<uint32_t>(consts_.size());
  uint32_t opbase = num_locals_ + consts;
  for (size_t at : slot_uses_) {
    Word w = code_[at];
    if (w >= kConstSlot) code_[at] = w - kConstSlot + num_locals_;
    else if (w >= kHomeSlot) code_[at] = w - kHomeSlot + opbase;
  }
  uint32_t frame_slots = opbase + max_slots_;  // the validator's height counts values, not slots
  if (frame_slots < out_->num_results) frame_slots = out_->num_results;
  out_->const_base = num_locals_;
  out_->frame_slots = frame_slots;
  out_->consts.assign(consts_.begin(), consts_.end());
  out_->code.assign(code_.begin(), code_.end());
  out_->sources = encode_sources(sources_);
}

int32_t Translator::const_slot(uint64_t bits) {
  uint64_t h = bits * 0x9E3779B97F4A7C15ull;
  size_t i = static_cast<size_t>(h >> 40) & (kConstTableSize - 1);
  while (true) {
    ConstEntry& e = const_table_[i];
    if (e.generation != generation_) {  // free: the constant is new
      if (consts_.size() >= kMaxConsts) return -1;
      e = ConstEntry{bits, generation_, static_cast<uint32_t>(consts_.size())};
      consts_.push_back(bits);
      return static_cast<int32_t>(e.index);
    }
    if (e.bits == bits) return static_cast<int32_t>(e.index);
    i = (i + 1) & (kConstTableSize - 1);
  }
}

// Pushes a constant operand: its slot when collected, else an instruction that writes it.
void Translator::push_constant(uint64_t bits) {
  if (optimize_) {
    int32_t k = const_slot(bits);
    if (k >= 0) {
      push_at(kConstSlot + static_cast<Word>(k), 1);
      return;
    }
  }
  Word dst = push();
  emit_op(IOp::Const64);
  emit_dst(dst);
  emit(static_cast<Word>(bits));
  emit(static_cast<Word>(bits >> 32));
}

// A v128 constant operand: its two slots in the pool when collected, else a ConstV.
void Translator::push_v128_constant(const std::array<uint8_t, 16>& bytes) {
  uint64_t lo, hi;
  std::memcpy(&lo, bytes.data(), 8);
  std::memcpy(&hi, bytes.data() + 8, 8);
  if (optimize_) {
    auto [it, added] = v128_index_.emplace(std::pair(lo, hi), static_cast<Word>(consts_.size()));
    if (!added || consts_.size() + 2 <= kMaxConsts) {
      if (added) {
        consts_.push_back(lo);
        consts_.push_back(hi);
      }
      push_at(kConstSlot + it->second, 2);
      return;
    }
    v128_index_.erase(it);
  }
  Word dst = push(2);
  emit_op(IOp::ConstV);
  emit_dst(dst);
  emit(static_cast<Word>(lo));
  emit(static_cast<Word>(lo >> 32));
  emit(static_cast<Word>(hi));
  emit(static_cast<Word>(hi >> 32));
}

void Translator::copy(Word dst, Word src, uint32_t width) {
  if (dst == src) return;
  emit_op(width == 2 ? IOp::CopyV : IOp::Copy);
  emit_slot(dst);
  emit_slot(src);
}

// Moves the operands at positions [from, to) into their home slots.
void Translator::flush(uint32_t from, uint32_t to) {
  for (uint32_t p = from; p < to; ++p) {
    if (src_[p] != home(p)) {
      copy(home(p), src_[p], width_[p]);
      src_[p] = home(p);
    }
  }
}

// Before `local` is written: operands still reading it get their own copy first.
void Translator::flush_local(Word local) {
  for (uint32_t p = 0; p < src_.size(); ++p) {
    if (src_[p] == local) {
      copy(home(p), local, width_[p]);
      src_[p] = home(p);
    }
  }
}

void Translator::truncate(uint32_t h) {
  if (h > src_.size()) h = static_cast<uint32_t>(src_.size());  // not reached
  src_.resize(h);
  width_.resize(h);
  off_.resize(h + 1);
}

void Translator::set_home_height(uint32_t h) {
  truncate(h);
  for (uint32_t p = 0; p < h; ++p) src_[p] = home(p);
}

void Translator::push_homes(const std::vector<uint8_t>& widths) {
  for (uint8_t w : widths) push(w);
}

// Branch to label `depth`: its values go to the target's home slots, then jump. Emits
// code only; the operand bookkeeping is left as it is (br_if falls through with it).
void Translator::branch(uint32_t depth) {
  size_t ti = frames_.size() - 1 - depth;
  if (ti == 0) {
    do_return();
    return;
  }
  Frame& t = frames_[ti];
  uint32_t n = t.arity();
  uint32_t h = static_cast<uint32_t>(src_.size());
  for (uint32_t j = 0; j < n; ++j) copy(label_home(t, j), src_[h - n + j], width_[h - n + j]);
  size_t at = here();
  emit_op(IOp::Jump);
  emit(0);
  if (t.op == Opcode::Loop) {
    patch(at, at + 1, t.start);
    to_back_edge(at);
  } else {
    t.patches.emplace_back(at, at + 1);
  }
}

// Results go to slots [0, n): first every lazily read local goes home (a result slot may
// be a local that a later result reads), then homes move down in increasing order.
void Translator::do_return() {
  uint32_t n = num_results_;
  uint32_t h = static_cast<uint32_t>(src_.size());
  if (optimize_ && n == 1 && result_end_ == here() && src_[h - 1] == home(h - 1) &&
      code_[result_word_] == home(h - 1)) {
    code_[result_word_] = 0;  // the last instruction writes the result slot itself
    emit_op(IOp::Ret);
    return;
  }
  for (uint32_t j = 0; j < n; ++j) {
    if (src_[h - n + j] != home(h - n + j)) copy(home(h - n + j), src_[h - n + j], width_[h - n + j]);
  }
  Word dst = 0;
  for (uint32_t j = 0; j < n; ++j) {
    copy(dst, home(h - n + j), result_widths_[j]);
    dst += result_widths_[j];
  }
  emit_op(IOp::Ret);
}

// `local.set x` right after an instruction that produced the top value: that instruction
// writes x itself instead, unless another operand still reads x lazily.
bool Translator::retarget_top(Word local) {
  if (!optimize_) return false;
  uint32_t top = static_cast<uint32_t>(src_.size()) - 1;
  if (result_end_ != here() || src_[top] != home(top) || code_[result_word_] != home(top)) {
    return false;
  }
  for (uint32_t p = 0; p < top; ++p) {
    if (src_[p] == local) return false;
  }
  code_[result_word_] = local;
  result_end_ = SIZE_MAX;
  return true;
}

namespace {

// The compare-and-jump form of an i32 or i64 compare, and of its negation.
struct CompareJump {
  IOp cmp, jump, negated;
};
constexpr CompareJump kCompareJumps[] = {
    {IOp::I32Eq, IOp::JumpEq, IOp::JumpNe},     {IOp::I32Ne, IOp::JumpNe, IOp::JumpEq},
    {IOp::I32LtS, IOp::JumpLtS, IOp::JumpGeS},  {IOp::I32LtU, IOp::JumpLtU, IOp::JumpGeU},
    {IOp::I32GtS, IOp::JumpGtS, IOp::JumpLeS},  {IOp::I32GtU, IOp::JumpGtU, IOp::JumpLeU},
    {IOp::I32LeS, IOp::JumpLeS, IOp::JumpGtS},  {IOp::I32LeU, IOp::JumpLeU, IOp::JumpGtU},
    {IOp::I32GeS, IOp::JumpGeS, IOp::JumpLtS},  {IOp::I32GeU, IOp::JumpGeU, IOp::JumpLtU},
    {IOp::I32Eqz, IOp::JumpIfNot, IOp::JumpIf},
    {IOp::I64Eq, IOp::JumpEq64, IOp::JumpNe64},       {IOp::I64Ne, IOp::JumpNe64, IOp::JumpEq64},
    {IOp::I64LtS, IOp::JumpLtS64, IOp::JumpGeS64},    {IOp::I64LtU, IOp::JumpLtU64, IOp::JumpGeU64},
    {IOp::I64GtS, IOp::JumpGtS64, IOp::JumpLeS64},    {IOp::I64GtU, IOp::JumpGtU64, IOp::JumpLeU64},
    {IOp::I64LeS, IOp::JumpLeS64, IOp::JumpGtS64},    {IOp::I64LeU, IOp::JumpLeU64, IOp::JumpGtU64},
    {IOp::I64GeS, IOp::JumpGeS64, IOp::JumpLtS64},    {IOp::I64GeU, IOp::JumpGeU64, IOp::JumpLtU64},
    {IOp::I64Eqz, IOp::JumpIfZero64, IOp::JumpIfNonZero64},
};

// The select-if-compare form of an i32 compare (iops.def SelectEq ...).
struct CompareSelect {
  IOp cmp, select;
};
constexpr CompareSelect kCompareSelects[] = {
    {IOp::I32Eq, IOp::SelectEq},   {IOp::I32Ne, IOp::SelectNe},   {IOp::I32LtS, IOp::SelectLtS},
    {IOp::I32LtU, IOp::SelectLtU}, {IOp::I32GtS, IOp::SelectGtS}, {IOp::I32GtU, IOp::SelectGtU},
    {IOp::I32LeS, IOp::SelectLeS}, {IOp::I32LeU, IOp::SelectLeU}, {IOp::I32GeS, IOp::SelectGeS},
    {IOp::I32GeU, IOp::SelectGeU}, {IOp::I32Eqz, IOp::SelectEqz},
};

}  // namespace

// A jump taken when `cond` is non-zero (`when_true`) or zero. When `cond` was produced by
// the i32 compare just emitted, that compare becomes the jump itself. Sets the jump's
// start and the word that takes its target.
void Translator::cond_jump(Word cond, bool when_true, size_t& at, size_t& word) {
  if (optimize_ && result_end_ == here() && code_[result_word_] == cond &&
      cond == home(static_cast<uint32_t>(src_.size()))) {
    size_t start = result_word_ - 1;
    IOp op = static_cast<IOp>(code_[start]);
    for (const CompareJump& cj : kCompareJumps) {
      if (cj.cmp != op) continue;
      code_[start] = static_cast<Word>(when_true ? cj.jump : cj.negated);
      // [eqz, dst, a] -> [jump, a, rel]; [cmp, dst, a, b] -> [jump, a, b, rel]
      drop_result_word(start);
      word = here();
      emit(0);
      at = start;
      result_end_ = SIZE_MAX;
      return;
    }
  }
  at = here();
  word = at + 2;
  emit_op(when_true ? IOp::JumpIf : IOp::JumpIfNot);
  emit_slot(cond);
  emit(0);
}

// The last instruction, from `start`, loses its result word: its operands move down one
// word (and so do their records in slot_uses_), the code ending one word earlier.
void Translator::drop_result_word(size_t start) {
  for (size_t w = start + 1; w + 1 < code_.size(); ++w) code_[w] = code_[w + 1];
  code_.pop_back();
  size_t first = slot_uses_.size();
  while (first > 0 && slot_uses_[first - 1] > start) --first;
  size_t kept = first;
  for (size_t k = first; k < slot_uses_.size(); ++k) {
    if (slot_uses_[k] != start + 1) slot_uses_[kept++] = slot_uses_[k] - 1;
  }
  slot_uses_.resize(kept);
}

// The start of the i32.add just emitted when it computed `addr`, the operand now popped
// from position `pos` (so nothing else reads its result): a memory-0 load or store can
// take its two operands instead. SIZE_MAX otherwise.
size_t Translator::fusable_add(Word addr, uint32_t pos) const {
  if (!optimize_ || result_end_ != here() || code_[result_word_] != addr || addr != home(pos)) return SIZE_MAX;
  size_t start = result_word_ - 1;
  if (static_cast<IOp>(code_[start]) != IOp::I32Add) return SIZE_MAX;
  return start;
}

void Translator::instr(const Instr& in, uint32_t height, bool reachable, const BlockSig* sig) {
  bool live = reachable && !frames_.back().dead;
  instr_offset_ = static_cast<uint32_t>(in.offset - body_base_);
  switch (in.op) {
    case Opcode::Block: case Opcode::Loop: case Opcode::If:
    case Opcode::Else: case Opcode::End:
      control(in, live, sig);
      return;
    default:
      break;
  }
  if (!live) return;
  if (src_.size() > height) truncate(height);  // never expected; keeps slots sane
  switch (in.op) {
    case Opcode::Nop:
      return;
    case Opcode::Unreachable:
      add_source(here());
      emit_op(IOp::Unreachable);
      return;
    case Opcode::Br:
      branch(in.a);
      return;
    case Opcode::BrIf: {
      Word cond = pop();
      size_t ti = frames_.size() - 1 - in.a;
      Frame& t = frames_[ti];
      uint32_t h = static_cast<uint32_t>(src_.size());
      bool direct = ti != 0;
      for (uint32_t j = 0; direct && j < t.arity(); ++j) {
        direct = src_[h - t.arity() + j] == label_home(t, j);
      }
      size_t at, word;
      if (direct) {
        cond_jump(cond, true, at, word);
        if (t.op == Opcode::Loop) {
          patch(at, word, t.start);
          to_back_edge(at);
        } else {
          t.patches.emplace_back(at, word);
        }
      } else {
        cond_jump(cond, false, at, word);
        branch(in.a);
        patch(at, word, here());
      }
      return;
    }
    case Opcode::BrOnNull:
    case Opcode::BrOnNonNull: {
      // br_on_null branches without the reference; br_on_non_null carries it as the last
      // label value. Either way the operand stays put for the other path.
      bool on_null = in.op == Opcode::BrOnNull;
      Word ref = src_.back();
      if (on_null) pop();
      size_t ti = frames_.size() - 1 - in.a;
      Frame& t = frames_[ti];
      uint32_t h = static_cast<uint32_t>(src_.size());
      bool direct = ti != 0;
      for (uint32_t j = 0; direct && j < t.arity(); ++j) {
        direct = src_[h - t.arity() + j] == label_home(t, j);
      }
      size_t at = here();
      emit_op(direct == on_null ? IOp::JumpIfNull : IOp::JumpIfNonNull);
      emit_slot(ref);
      emit(0);
      if (direct) {
        if (t.op == Opcode::Loop) {
          patch(at, at + 2, t.start);
          to_back_edge(at);
        } else {
          t.patches.emplace_back(at, at + 2);
        }
      } else {
        branch(in.a);
        patch(at, at + 2, here());
      }
      if (on_null) push_at(ref, 1);
      else pop();
      return;
    }
    case Opcode::RefAsNonNull:
      add_source(here());
      emit_op(IOp::RefAsNonNull);
      emit_slot(src_.back());
      return;
    case Opcode::BrTable: {
      Word idx = pop();
      const std::vector<uint32_t>& targets = *in.targets;  // the reader's: stays until its next read
      size_t at = here();
      emit_op(IOp::Switch);
      emit_slot(idx);
      emit(static_cast<Word>(targets.size() - 1));
      for (size_t i = 0; i < targets.size(); ++i) emit(0);
      for (size_t i = 0; i < targets.size(); ++i) {
        patch(at, at + 3 + i, here());
        branch(targets[i]);
      }
      return;
    }
    case Opcode::Return:
      do_return();
      return;
    default: {
      result_pending_ = SIZE_MAX;
      fused_start_ = SIZE_MAX;
      size_t at = here();
      emit_instr(in);
      if (fused_start_ != SIZE_MAX) at = fused_start_;  // it took over the instruction before
      if (here() > at && can_trap(in.op)) add_source(at);
      if (result_pending_ != SIZE_MAX) {
        result_word_ = result_pending_;
        result_end_ = here();
      }
    }
  }
}

void Translator::control(const Instr& in, bool live, const BlockSig* sig) {
  size_t prev_result_end = result_end_;
  result_end_ = SIZE_MAX;  // a label may land here: no retargeting across it
  switch (in.op) {
    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If: {
      Frame& f = frames_.push();
      f.op = in.op;
      if (!live) {
        f.dead = true;
        return;
      }
      Word cond = in.op == Opcode::If ? pop() : 0;
      result_end_ = prev_result_end;  // the condition's compare may fuse with the jump
      flush(0, static_cast<uint32_t>(src_.size()));
      f.params = static_cast<uint32_t>(sig->params.size());
      f.results = static_cast<uint32_t>(sig->results.size());
      widths_of(sig->params, f.param_widths);
      widths_of(sig->results, f.result_widths);
      f.base = static_cast<uint32_t>(src_.size()) - f.params;
      if (in.op == Opcode::If) cond_jump(cond, false, f.else_patch_instr, f.else_patch_word);
      result_end_ = SIZE_MAX;
      f.start = here();
      return;
    }
    case Opcode::Else: {
      Frame& f = frames_.back();
      if (f.dead) return;
      if (live) {
        flush(f.base, static_cast<uint32_t>(src_.size()));
        size_t at = here();
        emit_op(IOp::Jump);
        emit(0);
        f.patches.emplace_back(at, at + 1);
      }
      patch(f.else_patch_instr, f.else_patch_word, here());
      f.else_patch_instr = f.else_patch_word = SIZE_MAX;
      f.op = Opcode::Else;
      set_home_height(f.base);
      push_homes(f.param_widths);
      return;
    }
    default: {  // End
      Frame& f = frames_.back();
      if (f.dead) {
        frames_.pop();
        return;
      }
      bool outermost = frames_.size() == 1;
      // The function's own end is reached by fallthrough only (branches to it return).
      if (outermost && live) result_end_ = prev_result_end;
      if (live) flush(f.base, static_cast<uint32_t>(src_.size()));
      for (auto& [at, word] : f.patches) patch(at, word, here());
      if (f.else_patch_instr != SIZE_MAX) patch(f.else_patch_instr, f.else_patch_word, here());
      set_home_height(f.base);
      push_homes(f.result_widths);
      frames_.pop();
      if (outermost) do_return();
      return;
    }
  }
}

void Translator::emit_instr(const Instr& in) {
  const OpcodeInfo& oi = info(in.op);
  IOp op = static_cast<IOp>(in.op);
  bool simd = oi.feature == Feature::Simd || oi.feature == Feature::RelaxedSimd;
  if (simd && oi.sig != Sig::LoadV && oi.sig != Sig::StoreV) {
    emit_simd(in);
    return;
  }
  switch (oi.sig) {
    case Sig::Special:
      break;
    case Sig::_i: case Sig::_f:
      push_constant(static_cast<uint32_t>(in.bits));
      return;
    case Sig::_l: case Sig::_d:
      push_constant(in.bits);
      return;
    case Sig::LoadI: case Sig::LoadL: case Sig::LoadF: case Sig::LoadD: case Sig::LoadV: {
      Word addr = pop();
      bool short_form = memory0_short(op, in.mem);
      if (size_t start = short_form ? fusable_add(addr, static_cast<uint32_t>(src_.size())) : SIZE_MAX;
          start != SIZE_MAX) {
        // [i32.add, h, a, b] -> [load, h, a, b, offset]: the result goes where the sum went.
        push();
        code_[start] = static_cast<Word>(memory0_add_form(op));
        emit(static_cast<Word>(in.mem.offset));
        result_pending_ = start + 1;
        fused_start_ = start;
        return;
      }
      Word dst = push(oi.sig == Sig::LoadV ? 2 : 1);
      emit_op(short_form ? memory0_form(op) : op);
      emit_dst(dst);
      emit_slot(addr);
      emit_memarg(in.mem, short_form);
      return;
    }
    case Sig::StoreI: case Sig::StoreL: case Sig::StoreF: case Sig::StoreD: case Sig::StoreV: {
      Word v = pop();
      Word addr = pop();
      bool short_form = memory0_short(op, in.mem);
      if (size_t start = short_form ? fusable_add(addr, static_cast<uint32_t>(src_.size())) : SIZE_MAX;
          start != SIZE_MAX) {
        // [i32.add, h, a, b] -> [store, a, b, value, offset] (the value is a local's or a
        // constant's slot: nothing was emitted after the add).
        code_[start] = static_cast<Word>(memory0_add_form(op));
        drop_result_word(start);
        emit_slot(v);
        emit(static_cast<Word>(in.mem.offset));
        fused_start_ = start;
        return;
      }
      emit_op(short_form ? memory0_form(op) : op);
      emit_slot(addr);
      emit_slot(v);
      emit_memarg(in.mem, short_form);
      return;
    }
    default: {
      size_t n = sig_letters(oi.sig).pops.size();
      Word b = n == 2 ? pop() : 0;
      Word a = pop();
      Word dst = push();
      emit_op(op);
      emit_dst(dst);
      emit_slot(a);
      if (n == 2) emit_slot(b);
      return;
    }
  }
  switch (in.op) {
    case Opcode::Drop:
      pop();
      return;
    case Opcode::Select:
    case Opcode::SelectT: {
      Word c = pop();
      uint32_t c_pos = static_cast<uint32_t>(src_.size());
      Word b = pop();
      uint32_t w = top_width();
      Word a = pop();
      Word dst = push(w);
      IOp fused = IOp::Count_;
      if (optimize_ && w == 1 && result_end_ == here() && code_[result_word_] == c && c == home(c_pos)) {
        for (const CompareSelect& cs : kCompareSelects) {
          if (static_cast<IOp>(code_[result_word_ - 1]) == cs.cmp) fused = cs.select;
        }
      }
      if (fused != IOp::Count_) {
        // [cmp, c, x(, y)] -> [select-if-cmp, dst, x(, y), a, b]
        size_t start = result_word_ - 1;
        code_[start] = static_cast<Word>(fused);
        code_[start + 1] = dst;  // a provisional home too: its record stays right
        emit_slot(a);
        emit_slot(b);
        result_pending_ = start + 1;
        return;
      }
      emit_op(w == 2 ? IOp::SelectV : IOp::Select);
      emit_dst(dst);
      emit_slot(a);
      emit_slot(b);
      emit_slot(c);
      return;
    }
    case Opcode::LocalGet: {
      Word local = local_slot_[in.a];
      uint32_t w = local_width_[in.a];
      if (optimize_) {
        push_at(local, w);
      } else {
        Word dst = push(w);
        copy(dst, local, w);
      }
      return;
    }
    case Opcode::LocalSet: {
      Word local = local_slot_[in.a];
      if (retarget_top(local)) {
        pop();
        return;
      }
      uint32_t w = top_width();
      Word v = pop();
      flush_local(local);
      copy(local, v, w);
      return;
    }
    case Opcode::LocalTee: {
      Word local = local_slot_[in.a];
      if (retarget_top(local)) {
        src_.back() = local;
        return;
      }
      Word v = src_.back();
      if (v == local) return;  // the local's own value: nothing changes
      uint32_t w = top_width();
      pop();
      flush_local(local);
      push_at(v, w);
      copy(local, v, w);
      return;
    }
    case Opcode::GlobalGet: {
      bool wide = m_.global_type(in.a).type.kind == ValKind::V128;
      Word dst = push(wide ? 2 : 1);
      emit_op(wide ? IOp::GlobalGetV : IOp::GlobalGet);
      emit_dst(dst);
      emit(in.a);
      return;
    }
    case Opcode::GlobalSet: {
      bool wide = m_.global_type(in.a).type.kind == ValKind::V128;
      Word v = pop();
      emit_op(wide ? IOp::GlobalSetV : IOp::GlobalSet);
      emit(in.a);
      emit_slot(v);
      return;
    }
    case Opcode::CallRef:
    case Opcode::ReturnCallRef: {
      // [op, args slot, ref]: the reference's function is called like call_indirect's.
      const FuncType& ft = m_.functype(in.a);
      Word ref = pop();
      uint32_t np = static_cast<uint32_t>(ft.params.size());
      uint32_t h = static_cast<uint32_t>(src_.size());
      flush(h - np, h);
      emit_op(static_cast<IOp>(in.op));
      emit_slot(home(h - np));
      emit_slot(ref);
      if (in.op == Opcode::CallRef) {
        truncate(h - np);
        push_typed_homes(ft.results);
      }
      return;
    }
    case Opcode::ReturnCall:
    case Opcode::ReturnCallIndirect: {
      bool direct = in.op == Opcode::ReturnCall;
      const FuncType& ft = direct ? m_.func_type(in.a) : m_.functype(in.a);
      Word idx = direct ? 0 : pop();
      uint32_t np = static_cast<uint32_t>(ft.params.size());
      uint32_t h = static_cast<uint32_t>(src_.size());
      flush(h - np, h);
      if (direct) {
        emit_op(IOp::ReturnCall);
        emit(in.a);
        emit_slot(home(h - np));
      } else {
        emit_op(IOp::ReturnCallIndirect);
        emit(table_word(in.b));
        emit(canonical_[in.a]);
        emit_slot(home(h - np));
        emit_slot(idx);
      }
      return;
    }
    case Opcode::Call:
    case Opcode::CallIndirect: {
      const FuncType& ft = in.op == Opcode::Call ? m_.func_type(in.a) : m_.functype(in.a);
      Word idx = in.op == Opcode::CallIndirect ? pop() : 0;
      uint32_t np = static_cast<uint32_t>(ft.params.size());
      uint32_t h = static_cast<uint32_t>(src_.size());
      flush(h - np, h);
      uint32_t base = h - np;
      if (in.op == Opcode::Call) {
        emit_op(IOp::Call);
        emit(in.a);
        emit_slot(home(base));
      } else {
        emit_op(IOp::CallIndirect);
        emit(table_word(in.b));
        emit(canonical_[in.a]);
        emit_slot(home(base));
        emit_slot(idx);
      }
      truncate(base);
      push_typed_homes(ft.results);
      return;
    }
    case Opcode::MemorySize: {
      Word dst = push();
      emit_op(IOp::MemorySize);
      emit_dst(dst);
      emit(mem_word(in.a));
      return;
    }
    case Opcode::MemoryGrow: {
      Word d = pop();
      Word dst = push();
      emit_op(IOp::MemoryGrow);
      emit_dst(dst);
      emit_slot(d);
      emit(mem_word(in.a));
      return;
    }
    case Opcode::RefNull:
      push_constant(0);  // the null reference
      return;
    case Opcode::RefIsNull: {
      Word a = pop();
      Word dst = push();
      emit_op(IOp::RefIsNull);
      emit_dst(dst);
      emit_slot(a);
      return;
    }
    case Opcode::RefFunc: {
      Word dst = push();
      emit_op(IOp::RefFunc);
      emit_dst(dst);
      emit(in.a);
      return;
    }
    case Opcode::TableGet: {
      Word i = pop();
      Word dst = push();
      emit_op(IOp::TableGet);
      emit_dst(dst);
      emit_slot(i);
      emit(table_word(in.a));
      return;
    }
    case Opcode::TableSet: {
      Word v = pop(), i = pop();
      emit_op(IOp::TableSet);
      emit(table_word(in.a));
      emit_slot(i);
      emit_slot(v);
      return;
    }
    default:
      emit_bulk(in);
  }
}

// SIMD (https://webassembly.github.io/spec/core/syntax/instructions.html#vector-instructions):
//   loads and stores: the scalar ones' shape (emit_instr)
//   load lane  [op, dst, addr, memory, offset lo, offset hi, vector, lane]
//   store lane [op, addr, vector, memory, offset lo, offset hi, lane]
//   the rest   [op, dst, operands...], then the lane index (extract/replace_lane) or the
//              16 shuffle indices in four words.
void Translator::emit_simd(const Instr& in) {
  const OpcodeInfo& oi = info(in.op);
  IOp op = static_cast<IOp>(in.op);
  if (in.op == Opcode::V128Const) {
    push_v128_constant(in.v128);
    return;
  }
  if (oi.imm == ImmKind::MemArgLane) {
    Word v = pop(), addr = pop();
    bool load = in.op == Opcode::V128Load8Lane || in.op == Opcode::V128Load16Lane ||
                in.op == Opcode::V128Load32Lane || in.op == Opcode::V128Load64Lane;
    emit_op(op);
    if (load) emit_dst(push(2));
    emit_slot(addr);
    if (!load) emit_slot(v);
    emit_memarg(in.mem);
    if (load) emit_slot(v);
    emit(in.lane);
    return;
  }
  SigLetters letters = sig_letters(oi.sig);
  Word operands[3];
  size_t n = letters.pops.size();
  for (size_t i = n; i-- > 0;) operands[i] = pop();
  Word dst = push(letters.pushes == "v" ? 2 : 1);
  emit_op(op);
  emit_dst(dst);
  for (size_t i = 0; i < n; ++i) emit_slot(operands[i]);
  if (oi.imm == ImmKind::Lane) emit(in.lane);
  if (oi.imm == ImmKind::Shuffle) {
    for (int w = 0; w < 4; ++w) {
      Word lanes;
      std::memcpy(&lanes, in.v128.data() + 4 * w, 4);
      emit(lanes);
    }
  }
}

// Bulk memory and table instructions: operands in the order the stack holds them.
void Translator::emit_bulk(const Instr& in) {
  switch (in.op) {
    case Opcode::TableSize: {
      Word dst = push();
      emit_op(IOp::TableSize);
      emit_dst(dst);
      emit(table_word(in.a));
      return;
    }
    case Opcode::TableGrow: {
      Word n = pop(), init = pop();
      Word dst = push();
      emit_op(IOp::TableGrow);
      emit_dst(dst);
      emit_slot(init);
      emit_slot(n);
      emit(table_word(in.a));
      return;
    }
    case Opcode::DataDrop:
    case Opcode::ElemDrop:
      emit_op(static_cast<IOp>(in.op));
      emit(in.a);
      return;
    case Opcode::MemoryInit: case Opcode::MemoryCopy: case Opcode::MemoryFill:
    case Opcode::TableInit: case Opcode::TableCopy: case Opcode::TableFill: {
      Word c = pop(), b = pop(), a = pop();
      emit_op(static_cast<IOp>(in.op));
      switch (in.op) {
        case Opcode::MemoryInit: emit(in.a); emit(mem_word(in.b)); break;
        case Opcode::MemoryCopy: emit(mem_word(in.a)); emit(mem_word(in.b)); break;
        case Opcode::MemoryFill: emit(mem_word(in.a)); emit(0); break;
        case Opcode::TableInit: emit(in.a); emit(table_word(in.b)); break;
        case Opcode::TableCopy: emit(table_word(in.a)); emit(table_word(in.b)); break;
        default: emit(table_word(in.a)); emit(0); break;  // TableFill
      }
      emit_slot(a);
      emit_slot(b);
      emit_slot(c);
      return;
    }
    default:
      emit_op(IOp::Unreachable);  // not reached: the validator rejects other opcodes
  }
}

}  // namespace kiln::core::interp
