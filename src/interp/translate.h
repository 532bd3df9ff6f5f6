// Translation of a validated function body into the interpreter's code (interp/code.h),
// driven by the validator as a BodySink so both happen in one pass.
//
// Each operand-stack position p has a home slot opbase + off(p), after the locals and the
// function's constants, where off(p) counts the slots of the values below p (a v128 takes
// two slots, every other value one; DESIGN.md decision 4). `local.get` and constants emit nothing: the value's source stays
// the local's (or the constant's) slot until something forces it home (a write to that
// local, a block boundary, a call's arguments). Branches move the label's values to
// the target block's home slots; forward branches are patched at the block's `end`.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <vector>

#include "interp/code.h"
#include "valid/func_validator.h"

namespace kiln::core::interp {

class Translator final : public BodySink {
 public:
  // `canonical_types` maps the module's type indices to canonical ids (call_indirect
  // compares them at run time). One translator translates any number of functions of the
  // module in turn (one per thread), reusing its buffers: set_output before each.
  Translator(const Module& m, const Features& features, const std::vector<uint32_t>& canonical_types)
      : m_(m), features_(features), canonical_(canonical_types) {}

  // Where the next function's code goes (filled by end_function).
  void set_output(FunctionCode& out) { out_ = &out; }

  // Off: no lazy operands, constant slots or fused instructions (interp::CompileOptions).
  void set_optimize(bool on) { optimize_ = on; }

  void begin_function(uint32_t func_index, const FuncType& type,
                      const std::vector<ValType>& locals) override;
  void instr(const Instr& in, uint32_t height, bool reachable, const BlockSig* sig) override;
  void end_function(uint32_t max_height) override;

 private:
  // A block being translated: where its label's values go and who jumps to its end.
  struct Frame {
    Opcode op = Opcode::Block;
    bool dead = false;     // opened in unreachable code: nothing inside is emitted
    uint32_t base = 0;     // operand height below its params
    uint32_t params = 0;
    uint32_t results = 0;
    std::vector<uint8_t> param_widths, result_widths;  // slots of each value
    size_t start = 0;      // loop: code position of the loop head
    std::vector<std::pair<size_t, size_t>> patches;  // (instruction start, operand word)
    size_t else_patch_instr = SIZE_MAX, else_patch_word = SIZE_MAX;
    uint32_t arity() const { return op == Opcode::Loop ? params : results; }
    const std::vector<uint8_t>& label_widths() const { return op == Opcode::Loop ? param_widths : result_widths; }
  };

  // A memory or table index operand, with bit 31 set when it has 64-bit addresses.
  Word mem_word(uint32_t i) const {
    return i | (m_.memory_type(i).limits.is64 ? kIs64 : 0u);
  }
  Word table_word(uint32_t i) const {
    return i | (m_.table_type(i).limits.is64 ? kIs64 : 0u);
  }
  // The home slot of operand position `pos` (at most the current height).
  Word home(uint32_t pos) const { return opbase_ + off_[pos]; }
  // The home of the label value `j` of frame `f` (its positions may hold other values now).
  Word label_home(const Frame& f, uint32_t j) const {
    Word h = home(f.base);
    const std::vector<uint8_t>& w = f.label_widths();
    for (uint32_t i = 0; i < j; ++i) h += w[i];
    return h;
  }
  size_t here() const { return code_.size(); }
  void emit(Word w) { code_.push_back(w); }
  // A slot operand. Operand homes and pooled constants have provisional numbers
  // (kHomeSlot + offset, kConstSlot + index) until end_function, when the pool's size, and so
  // where the operand area starts, is known: emit_slot records where they are.
  void emit_slot(Word w) {
    if (w >= kHomeSlot) slot_uses_.push_back(code_.size());
    code_.push_back(w);
  }
  void emit_op(IOp op) { code_.push_back(static_cast<Word>(op)); }
  // Records that the code from `pos` comes from the current instruction (FunctionCode::sources).
  void add_source(size_t pos);
  // The jump at `at` targets a loop head: makes it the check point form (iops.def *Back)
  // and records it.
  void to_back_edge(size_t at);

  // Constants live in slots [num_locals, num_locals + pool size) of the frame, filled from
  // FunctionCode::consts on entry, numbered in the order the body first uses them; the
  // operand homes come after them. Both have provisional numbers while translating (see
  // emit_slot), far above any local's slot (impl_limits bound locals and operand height).
  static constexpr size_t kMaxConsts = 256;
  static constexpr Word kHomeSlot = 0x80000000u;
  static constexpr Word kConstSlot = 0xF0000000u;
  void push_constant(uint64_t bits);
  void push_v128_constant(const std::array<uint8_t, 16>& bytes);
  // The pool's index of `bits`, added when new; -1 when the pool is full.
  int32_t const_slot(uint64_t bits);
  // v128 constants in the pool: two consecutive slots, keyed by their two halves.
  std::map<std::pair<uint64_t, uint64_t>, Word> v128_index_;
  // Operand stack helpers; `src_` holds the (first) slot each operand currently lives in
  // (its home, a local, or a constant), `width_` its number of slots, and off_[p] the
  // offset of position p's home from opbase (off_ has one more entry than src_).
  Word pop() {
    Word s = src_.back();
    src_.pop_back();
    width_.pop_back();
    off_.pop_back();
    return s;
  }
  // Pushes an operand that lives in slot `at` (lazily: a local or a constant).
  void push_at(Word at, uint32_t width) {
    src_.push_back(at);
    width_.push_back(static_cast<uint8_t>(width));
    off_.push_back(off_.back() + width);
    if (off_.back() > max_slots_) max_slots_ = off_.back();
  }
  Word push(uint32_t width = 1) {
    Word h = home(static_cast<uint32_t>(src_.size()));
    push_at(h, width);
    return h;
  }
  uint32_t top_width() const { return width_.back(); }
  void flush(uint32_t from, uint32_t to);
  void flush_local(Word local);
  // Truncates the operand stack to `h` values (their sources unchanged).
  void truncate(uint32_t h);
  // Truncates the operand stack to `h` values and makes every operand live at home (after
  // a flush, or where control flow joins).
  void set_home_height(uint32_t h);
  void push_homes(const std::vector<uint8_t>& widths);
  void copy(Word dst, Word src, uint32_t width = 1);
  static void widths_of(const std::vector<ValType>& ts, std::vector<uint8_t>& out);
  // A home for each value of type `ts`, pushed in order (a call's results).
  void push_typed_homes(const std::vector<ValType>& ts) {
    for (const ValType& t : ts) push(t.slots());
  }

  // Emits a result slot operand and remembers where, for retargeting (retarget_top).
  void emit_dst(Word dst) {
    result_pending_ = here();
    emit_slot(dst);
  }
  bool retarget_top(Word local);
  void drop_result_word(size_t start);
  size_t fusable_add(Word addr, uint32_t pos) const;

  void patch(size_t instr, size_t word, size_t target) {
    code_[word] = static_cast<Word>(static_cast<int32_t>(target) - static_cast<int32_t>(instr));
    if (target > instr) forward_jumps_.push_back({instr, word});
  }
  void thread_jumps();
  static IOp back_form(IOp jump);  // its check point form, or IOp::Count_
  void branch(uint32_t depth);
  void cond_jump(Word cond, bool when_true, size_t& at, size_t& word);
  void do_return();
  void control(const Instr& in, bool live, const BlockSig* sig);
  void emit_instr(const Instr& in);
  void emit_bulk(const Instr& in);
  void emit_simd(const Instr& in);
  // A memory operand: the memory word (mem_word), then the offset's low and high halves;
  // in the memory-0 form (iops.def), the offset's one word.
  void emit_memarg(const MemArg& m, bool memory0 = false) {
    if (memory0) {
      emit(static_cast<Word>(m.offset));
      return;
    }
    emit(mem_word(m.memory));
    emit(static_cast<Word>(m.offset));
    emit(static_cast<Word>(m.offset >> 32));
  }
  // Whether scalar load or store `op` takes its memory-0 form (code.h memory0_form).
  bool memory0_short(IOp op, const MemArg& m) const {
    return memory0_form(op) != IOp::Count_ && m.memory == 0 && mem_word(0) == 0 && m.offset <= UINT32_MAX;
  }

  const Module& m_;
  const Features& features_;
  const std::vector<uint32_t>& canonical_;
  FunctionCode* out_ = nullptr;
  std::vector<Word> code_;               // the function's code, copied out at its end
  uint32_t num_locals_ = 0;
  uint32_t num_results_ = 0;
  // The open blocks, innermost last. Popped frames stay allocated, so that pushing one
  // reuses the buffers of an earlier block instead of allocating.
  class FrameStack {
   public:
    Frame& push() {
      if (size_ == frames_.size()) frames_.emplace_back();
      Frame& f = frames_[size_++];
      f.op = Opcode::Block;
      f.dead = false;
      f.base = f.params = f.results = 0;
      f.param_widths.clear();
      f.result_widths.clear();
      f.start = 0;
      f.patches.clear();
      f.else_patch_instr = f.else_patch_word = SIZE_MAX;
      return f;
    }
    void pop() { --size_; }
    void clear() { size_ = 0; }
    Frame& back() { return frames_[size_ - 1]; }
    Frame& operator[](size_t i) { return frames_[i]; }
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

   private:
    std::vector<Frame> frames_;
    size_t size_ = 0;
  };
  FrameStack frames_;
  std::vector<Word> src_;
  std::vector<uint8_t> width_;
  std::vector<uint32_t> off_{0};
  uint32_t max_slots_ = 0;                 // the most operand slots in use at once
  std::vector<Word> local_slot_;           // each local's first slot
  std::vector<uint8_t> local_width_;
  std::vector<uint8_t> result_widths_;     // of the function's results
  // The result operand word of the last instruction and where that instruction ends;
  // result_end_ == here() means nothing was emitted and no label placed since.
  size_t result_word_ = SIZE_MAX;
  size_t result_end_ = SIZE_MAX;
  size_t result_pending_ = SIZE_MAX;
  size_t fused_start_ = SIZE_MAX;  // set by emit_instr when it fused with the instruction before
  std::vector<FunctionCode::Source> sources_;  // FunctionCode::sources, unpacked
  std::vector<uint64_t> consts_;
  std::vector<size_t> slot_uses_;
  std::vector<std::pair<size_t, size_t>> forward_jumps_;  // (instruction, target word), by patch()  // code words that held provisional slots (emit_slot)
  // An open-addressing map from a constant's bits to its pool index, valid for entries of
  // the current generation (one per function, so nothing is cleared between functions).
  struct ConstEntry {
    uint64_t bits = 0;
    uint32_t generation = 0;
    uint32_t index = 0;
  };
  static constexpr size_t kConstTableSize = 2 * kMaxConsts;  // a power of two
  std::array<ConstEntry, kConstTableSize> const_table_{};
  uint32_t generation_ = 0;
  static constexpr Word opbase_ = kHomeSlot;  // provisional slot of operand position 0
  size_t body_base_ = 0;       // Instr::offset of the body's first byte
  uint32_t instr_offset_ = 0;  // the current instruction's offset from body_base_
  bool optimize_ = true;
};

}  // namespace kiln::core::interp
