// The interpreter loop: one handler per instruction of interp/code.h, dispatched by
// computed goto on GCC and Clang, or by a `switch` when KILN_DISPATCH_SWITCH is defined
// (the portable reference build). Handlers are written once, for both, with the macros
// below. Wasm-to-wasm calls stay inside the loop: frames live on the Store's value stack
// and the saved callers in InterpState::frames, both bounded by StoreLimits.
#include <algorithm>
#include <bit>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "interp/bulk.h"
#include "interp/code.h"
#include "interp/interp.h"
#include "interp/numeric.h"
#include "interp/simd.h"
#include "interp/state.h"

namespace kiln::core::interp {

using rt::FuncInst;
using rt::ModuleInstance;
using rt::Slot;
using rt::CallResult;
namespace ops = simd::ops;

namespace {

// Nested host -> wasm entries, each of which uses the host's C++ stack.
constexpr uint32_t kMaxHostNesting = 200;

Error trap_error(TrapKind k) {
  return Error(trap_message(k),
               k == TrapKind::CallStackExhausted ? ErrorKind::Exhaustion : ErrorKind::Trap);
}

// Traps about a table entry name the index, as the reference interpreter does
// ("uninitialized element 2").
Error element_trap(TrapKind k, uint64_t index) {
  return Error(std::string(trap_message(k)) + " " + std::to_string(index), ErrorKind::Trap);
}

rt::Store::InterpState& state_of(rt::Store& store) {
  if (!store.interp) {
    auto* st = new rt::Store::InterpState();
    st->stack_slots = store.limits.value_stack_slots;
    st->stack.reset(new Slot[st->stack_slots]);
    st->frames.resize(store.limits.max_call_depth + 1);
    store.interp = st;
  }
  return *store.interp;
}

// Calls a host function with arguments at `args`, writing its results back over them.
// Results go to a buffer of this call's own first (the host may call back into wasm, so a
// shared scratch buffer could move under it); only functions with more than 16 results
// allocate.
CallResult call_host(rt::Store& store, FuncInst* f, Slot* args) {
  size_t n = slot_count(f->type->results);
  Slot local[16];
  std::vector<Slot> big;
  Slot* results = local;
  if (n > 16) {
    big.resize(n);
    results = big.data();
  }
  CallResult r = f->host(store, args, results);
  if (r.ok()) {
    for (size_t i = 0; i < n; ++i) args[i] = results[i];
  }
  return r;
}

// A check point (Store: fuel) found its budget used up: polls for an interruption or a
// passed deadline, then takes the next units of fuel, the one of this check point
// included. Returns the check points left before the next refill, or -1 with `trap` set
// when the code must stop.
[[gnu::cold, gnu::noinline]] int64_t refill(rt::Store& store, TrapKind* trap) {
  if (store.interrupt_requested() || store.deadline_passed()) {
    *trap = TrapKind::Interrupted;
    return -1;
  }
  uint64_t grant = rt::Store::kPollInterval;
  if (store.fuel_enabled()) {
    uint64_t& fuel = store.fuel_units();
    if (fuel == 0) {
      *trap = TrapKind::OutOfFuel;
      return -1;
    }
    grant = std::min(grant, fuel);
    fuel -= grant;
  }
  return static_cast<int64_t>(grant) - 1;
}

// Gives back the units of fuel taken but not used, before host code runs and on leaving.
inline void return_fuel(rt::Store& store, int64_t& budget) {
  if (budget > 0 && store.fuel_enabled()) store.fuel_units() += static_cast<uint64_t>(budget);
  budget = 0;
}

// The backtrace frame of function code `fc` of `inst` at code position `pos`
// (kEntryPos: on entry, before its first instruction).
constexpr size_t kEntryPos = SIZE_MAX;
rt::TraceFrame trace_frame(const FunctionCode* fc, const ModuleInstance* inst, size_t pos) {
  uint32_t off = 0;
  if (pos != kEntryPos) {
    off = fc->source_offset(pos);
  }
  rt::TraceFrame f;
  f.instance = inst;
  f.func_index = fc->func_index;
  f.func_offset = fc->locals_size + off;
  if (fc->body_offset != 0) f.module_offset = fc->body_offset + off;
  return f;
}

// Records the error `message` in Store::last_trap with the wasm frames it unwinds: the
// innermost one (`fc` at `ip`, unless null) and the saved callers of every activation
// below InterpState::depth. Only on the way out of a trap; it may allocate.
[[gnu::cold, gnu::noinline]] void record_trap(rt::Store& store, const rt::Store::InterpState& st,
                                              const std::string& message, const FunctionCode* fc,
                                              const ModuleInstance* inst, const Word* ip,
                                              bool at_entry) {
  rt::TrapTrace& t = store.trap_record();
  t.message = message;
  t.frames.clear();
  if (fc) {
    t.frames.push_back(trace_frame(fc, inst, at_entry ? kEntryPos : static_cast<size_t>(ip - fc->code.data())));
  }
  for (uint32_t d = st.depth; d-- > 0;) {
    const CallFrame& cf = st.frames[d];
    if (!cf.code) continue;  // a host function or host entry
    // A saved return address: the call is the instruction just before it.
    t.frames.push_back(trace_frame(cf.code, cf.instance, static_cast<size_t>(cf.ip - cf.code->code.data()) - 1));
  }
  ++store.trap_serial;
}

// An error from a host function called when Store::trap_serial was `serial`: whether the
// backtrace recorded meanwhile (by wasm code it called) is this error's.
bool recorded_inside(const rt::Store& store, uint64_t serial, const Error& e) {
  return store.trap_serial != serial && store.last_trap().message == e.message;
}

// Copies and zeroing of slots for enter_frame: without a library call (memcpy and memset
// are reached through an indirect jump in the static build), and with no loop for up to
// eight slots (two possibly overlapping moves of 2 or 4 slots), as most functions have a
// few locals and constants, and a loop's exit is a branch mispredicted at every call whose
// count differs from the last one's.
inline void copy_slots(Slot* d, const uint64_t* s, size_t n) {
  if (n <= 2) {
    if (n != 0) {
      Slot a = s[0], b = s[n - 1];
      d[0] = a;
      d[n - 1] = b;
    }
  } else if (n <= 4) {
    Slot a[2], b[2];
    std::memcpy(a, s, sizeof a);
    std::memcpy(b, s + n - 2, sizeof b);
    std::memcpy(d, a, sizeof a);
    std::memcpy(d + n - 2, b, sizeof b);
  } else if (n <= 8) {
    Slot a[4], b[4];
    std::memcpy(a, s, sizeof a);
    std::memcpy(b, s + n - 4, sizeof b);
    std::memcpy(d, a, sizeof a);
    std::memcpy(d + n - 4, b, sizeof b);
  } else {
    Slot a[4];
    for (size_t i = 0; i + 4 < n; i += 4) {
      std::memcpy(a, s + i, sizeof a);
      std::memcpy(d + i, a, sizeof a);
    }
    std::memcpy(a, s + n - 4, sizeof a);
    std::memcpy(d + n - 4, a, sizeof a);
  }
}
inline void zero_slots(Slot* d, size_t n) {
  if (n <= 2) {
    if (n != 0) {
      d[0] = 0;
      d[n - 1] = 0;
    }
  } else if (n <= 4) {
    const Slot z[2] = {0, 0};
    std::memcpy(d, z, sizeof z);
    std::memcpy(d + n - 2, z, sizeof z);
  } else if (n <= 8) {
    const Slot z[4] = {0, 0, 0, 0};
    std::memcpy(d, z, sizeof z);
    std::memcpy(d + n - 4, z, sizeof z);
  } else {
    const Slot z[4] = {0, 0, 0, 0};
    for (size_t i = 0; i + 4 < n; i += 4) std::memcpy(d + i, z, sizeof z);
    std::memcpy(d + n - 4, z, sizeof z);
  }
}

// A new frame: declared locals start at zero, constants come from the code. Out of line:
// inlined into its three uses, it made `execute` slower. (Plain loops instead of
// copy_slots and zero_slots ran 5% more instructions on fib_calls and were no faster.)
[[gnu::hot, gnu::noinline]] void enter_frame(const FunctionCode* fc, Slot* fp) {
  zero_slots(fp + fc->num_params, fc->num_locals - fc->num_params);
  copy_slots(fp + fc->const_base, fc->consts.data(), fc->consts.size());
}

// Runs wasm function `entry` whose arguments are already at `fp`; results are left at fp.
CallResult execute(rt::Store& store, rt::Store::InterpState& st, FuncInst* entry, Slot* entry_fp) {
  // The frame pointer, which nearly every handler uses. Left to itself, GCC keeps it on the
  // stack in this large function and reloads it in almost every handler (865 reloads in
  // the loop); given a register (a GCC extension; other compilers allocate as they will), the
  // handlers address slots off it directly: 3-6% faster on bench/programs.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
  register Slot* fp asm("r15") = entry_fp;
#else
  Slot* fp = entry_fp;
#endif
  const uint32_t max_depth = store.limits.max_call_depth;
  Slot* const stack_end = st.stack.get() + st.stack_slots;
  const FunctionCode* fc = entry->code;
  ModuleInstance* inst = entry->instance;
  const Word* ip = fc->code.data();
  uint8_t* mem_base = nullptr;
  uint64_t mem_size = 0;
  TrapKind trap = TrapKind::Unreachable;
  FuncInst* callee = nullptr;
  Slot* nfp = nullptr;
  CallResult host_result;
  Error err;
  uint64_t serial = 0;
  bool at_entry = false;   // the trap is on entry to the function, before its code
  // Check points left before the next refill (Store: fuel). A local: kept in the
  // InterpState, it made GCC keep `st` in a register and spill `fp` out of one.
  int64_t budget = 0;
  const Word* trap_ip = nullptr;  // the failing instruction
  TrapKind trap_out = TrapKind::Unreachable;  // refill's

  if (st.depth >= max_depth || fp + fc->frame_slots > stack_end) {
    err = trap_error(TrapKind::CallStackExhausted);
    record_trap(store, st, err.message, nullptr, nullptr, nullptr, false);
    return err;
  }
  st.frames[st.depth] = CallFrame{};  // the host side of this activation
  const uint32_t entry_depth = ++st.depth;
  // The saved callers as a pointer to the next free entry of InterpState::frames, kept
  // here and written back to InterpState::depth only where other code reads it (host calls,
  // trap records): a call or return then costs no loads of `st`.
  CallFrame* const frames = st.frames.data();
  CallFrame* const frames_limit = frames + max_depth;
  CallFrame* const entry_frame = frames + entry_depth;
  CallFrame* cfp = entry_frame;
#define SYNC_DEPTH() (st.depth = static_cast<uint32_t>(cfp - frames))
  enter_frame(fc, fp);

// A fuel and interruption check point (Store): one unit; runs `on_trap` to stop.
#define CHECKPOINT(on_trap)                                                        \
  if (__builtin_expect(--budget < 0, 0)) {                                         \
    budget = refill(store, &trap_out);                                             \
    if (budget < 0) {                                                              \
      budget = 0;                                                                  \
      trap = trap_out;                                                             \
      on_trap;                                                                     \
    }                                                                              \
  }
// A taken branch by `w` words; BACK_BY: back to a loop, a check point.
#define JUMP_BY(w)                                  \
  do {                                              \
    ip += static_cast<int32_t>(w);                  \
    NEXT();                                         \
  } while (0)
#define BACK_BY(w)                                  \
  do {                                              \
    CHECKPOINT(trap_ip = ip; goto trapped);         \
    ip += static_cast<int32_t>(w);                  \
    NEXT();                                         \
  } while (0)

#define RELOAD_MEM()                              \
  do {                                            \
    if (!inst->memories.empty()) {                \
      mem_base = inst->memories[0]->data;         \
      mem_size = inst->memories[0]->size;         \
    } else {                                      \
      mem_base = nullptr;                         \
      mem_size = 0;                               \
    }                                             \
  } while (0)
  RELOAD_MEM();

// Trap paths take the instruction's address in `trap_ip`, not `ip`: were `ip` live at their
// shared labels, the compiler would keep a memory copy of it at every instruction.
#define TRAP(kind)            \
  do {                        \
    trap = TrapKind::kind;    \
    trap_ip = ip;             \
    goto trapped;             \
  } while (0)
#define TRAP_IN_CALL(kind)    \
  do {                        \
    trap = TrapKind::kind;    \
    trap_ip = ip - 1;         \
    goto trapped;             \
  } while (0)

#ifdef KILN_DISPATCH_SWITCH
#define HANDLER(name) case IOp::name:
#define NEXT() goto dispatch
#else
  static const void* const kLabels[] = {
#define WASM_OP(name, prefix, code, text, imm, sig, feature) &&L_##name,
#include "spec/opcodes.def"
#undef WASM_OP
#define IOP(name) &&L_##name,
#include "interp/iops.def"
#undef IOP
  };
  // The table's address in a register, like fp: GCC otherwise rematerializes it with a
  // lea in every handler (529 of them); 9-12% fewer instructions on bench/programs.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
  register const void* const* labels asm("r12") = kLabels;
#else
  const void* const* labels = kLabels;
#endif
#define HANDLER(name) L_##name:
#define NEXT() goto* labels[*ip]
#endif

#define S(k) fp[ip[k]]
#define U32(k) static_cast<uint32_t>(fp[ip[k]])
#define I32(k) static_cast<int32_t>(static_cast<uint32_t>(fp[ip[k]]))
#define I64(k) static_cast<int64_t>(fp[ip[k]])
#define F32(k) f32_of(fp[ip[k]])
#define F64(k) f64_of(fp[ip[k]])
// Memory and table operands: the index, and an address of the right width (code.h kIs64).
#define IDX(w) ((w) & ~kIs64)
#define ADDR(k, w) (((w) & kIs64) ? S(k) : static_cast<Slot>(U32(k)))
#define WIDTH(w, x) (((w) & kIs64) ? W64(x) : W32(x))

// Handler shapes: [op, dst, a] and [op, dst, a, b].
#define UNOP(name, get, expr)  \
  HANDLER(name) {              \
    auto a = get(2);           \
    S(1) = (expr);             \
    ip += 3;                   \
    NEXT();                    \
  }
#define BINOP(name, get, expr) \
  HANDLER(name) {              \
    auto a = get(2);           \
    auto b = get(3);           \
    S(1) = (expr);             \
    ip += 4;                   \
    NEXT();                    \
  }
#define W32(x) static_cast<Slot>(static_cast<uint32_t>(x))
#define W64(x) static_cast<Slot>(x)

  CHECKPOINT(trap_ip = ip; goto entry_trapped);

#ifdef KILN_DISPATCH_SWITCH
dispatch:
  switch (static_cast<IOp>(*ip)) {
#else
  NEXT();
  {
#endif
    // Instructions the translator never emits.
    HANDLER(Nop) HANDLER(Block) HANDLER(Loop) HANDLER(If) HANDLER(Else) HANDLER(End)
    HANDLER(Br) HANDLER(BrIf) HANDLER(BrTable) HANDLER(Return) HANDLER(Drop)
    HANDLER(SelectT) HANDLER(LocalGet) HANDLER(LocalSet) HANDLER(LocalTee) HANDLER(RefNull)
    HANDLER(BrOnNull) HANDLER(BrOnNonNull)
    HANDLER(I64Const) HANDLER(F64Const) HANDLER(V128Const)
    // Instructions the validator rejects as not implemented yet: those of the features
    // listed in KILN_NOT_RUN_* (see valid/func_validator.cc).
#define KILN_NOT_RUN_Mvp(name)
#define KILN_NOT_RUN_SignExtension(name)
#define KILN_NOT_RUN_SatFloatToInt(name)
#define KILN_NOT_RUN_BulkMemory(name)
#define KILN_NOT_RUN_ReferenceTypes(name)
#define KILN_NOT_RUN_TailCall(name)
#define KILN_NOT_RUN_FunctionRefs(name)
#define KILN_NOT_RUN_Simd(name)
#define KILN_NOT_RUN_RelaxedSimd(name)
#define KILN_NOT_RUN_Exceptions(name) HANDLER(name)
#define KILN_NOT_RUN_Gc(name) HANDLER(name)
#define KILN_NOT_RUN_Threads(name) HANDLER(name)
#define KILN_NOT_RUN_WideArithmetic(name) HANDLER(name)
#define KILN_NOT_RUN_CustomDescriptors(name) HANDLER(name)
#define WASM_OP(name, prefix, code, text, imm, sig, feature) KILN_NOT_RUN_##feature(name)
#include "spec/opcodes.def"
#undef WASM_OP
    {
      TRAP(Unreachable);
    }

    HANDLER(Unreachable) TRAP(Unreachable);

    HANDLER(Copy) {
      S(1) = S(2);
      ip += 3;
      NEXT();
    }
    HANDLER(I32Const) HANDLER(F32Const) {
      S(1) = ip[2];
      ip += 3;
      NEXT();
    }
    HANDLER(Const64) {
      S(1) = static_cast<Slot>(ip[2]) | (static_cast<Slot>(ip[3]) << 32);
      ip += 4;
      NEXT();
    }
// Each jump in its forward and its back-to-a-loop (check point) form.
#define TEST_JUMP(name, test, n, rel)                 \
  HANDLER(name) {                                     \
    if (test) JUMP_BY(ip[rel]);                       \
    ip += n;                                          \
    NEXT();                                           \
  }                                                   \
  HANDLER(name##Back) {                               \
    if (test) BACK_BY(ip[rel]);                       \
    ip += n;                                          \
    NEXT();                                           \
  }
    HANDLER(Jump) JUMP_BY(ip[1]);
    HANDLER(JumpBack) BACK_BY(ip[1]);
    TEST_JUMP(JumpIf, U32(1) != 0, 3, 2)
    TEST_JUMP(JumpIfNot, U32(1) == 0, 3, 2)
#define COMPARE_JUMP(name, get, cmp) TEST_JUMP(name, get(1) cmp get(2), 4, 3)
    COMPARE_JUMP(JumpEq, U32, ==)
    COMPARE_JUMP(JumpNe, U32, !=)
    COMPARE_JUMP(JumpLtS, I32, <)
    COMPARE_JUMP(JumpLtU, U32, <)
    COMPARE_JUMP(JumpGtS, I32, >)
    COMPARE_JUMP(JumpGtU, U32, >)
    COMPARE_JUMP(JumpLeS, I32, <=)
    COMPARE_JUMP(JumpLeU, U32, <=)
    COMPARE_JUMP(JumpGeS, I32, >=)
    COMPARE_JUMP(JumpGeU, U32, >=)
    COMPARE_JUMP(JumpEq64, S, ==)
    COMPARE_JUMP(JumpNe64, S, !=)
    COMPARE_JUMP(JumpLtS64, I64, <)
    COMPARE_JUMP(JumpLtU64, S, <)
    COMPARE_JUMP(JumpGtS64, I64, >)
    COMPARE_JUMP(JumpGtU64, S, >)
    COMPARE_JUMP(JumpLeS64, I64, <=)
    COMPARE_JUMP(JumpLeU64, S, <=)
    COMPARE_JUMP(JumpGeS64, I64, >=)
    COMPARE_JUMP(JumpGeU64, S, >=)
    TEST_JUMP(JumpIfZero64, S(1) == 0, 3, 2)
    TEST_JUMP(JumpIfNonZero64, S(1) != 0, 3, 2)
    TEST_JUMP(JumpIfNull, S(1) == rt::kNullRef, 3, 2)
    TEST_JUMP(JumpIfNonNull, S(1) != rt::kNullRef, 3, 2)
    HANDLER(RefAsNonNull) {
      if (S(1) == rt::kNullRef) TRAP(NullReference);
      ip += 2;
      NEXT();
    }
    HANDLER(Switch) {
      uint32_t i = U32(1);
      uint32_t n = ip[2];
      // A branch (the default is rare in hot tables), not the SSE4.1 pminud GCC chose for
      // the minimum: two moves between register files on the index's path to the jump.
      if (__builtin_expect(i > n, 0)) {
        i = n;
        asm("" : "+r"(i));  // keeps GCC from if-converting this into the minimum
      }
      JUMP_BY(ip[3 + i]);  // to a loop through a JumpBack
    }
    HANDLER(Select) {
      // Both loaded and chosen without a branch (cmov): compilers emit select for
      // conditions they expect to be unpredictable.
      Slot a = S(2), b = S(3);
      uint32_t c = U32(4);
      asm("" : "+r"(a), "+r"(b));
      S(1) = c ? a : b;
      ip += 5;
      NEXT();
    }
// Branch-free (a select's condition is often unpredictable): both values, then a mask.
#define SELECT_BY(cond, a, b)                         \
  do {                                                \
    Slot x_ = (a), y_ = (b);                          \
    Slot m_ = Slot{0} - static_cast<Slot>(cond);      \
    S(1) = (x_ & m_) | (y_ & ~m_);                    \
  } while (0)
#define COMPARE_SELECT(name, get, cmp)             \
  HANDLER(name) {                                  \
    SELECT_BY(get(2) cmp get(3), S(4), S(5));      \
    ip += 6;                                       \
    NEXT();                                        \
  }
    COMPARE_SELECT(SelectEq, U32, ==)
    COMPARE_SELECT(SelectNe, U32, !=)
    COMPARE_SELECT(SelectLtS, I32, <)
    COMPARE_SELECT(SelectLtU, U32, <)
    COMPARE_SELECT(SelectGtS, I32, >)
    COMPARE_SELECT(SelectGtU, U32, >)
    COMPARE_SELECT(SelectLeS, I32, <=)
    COMPARE_SELECT(SelectLeU, U32, <=)
    COMPARE_SELECT(SelectGeS, I32, >=)
    COMPARE_SELECT(SelectGeU, U32, >=)
    HANDLER(SelectEqz) {
      SELECT_BY(U32(2) == 0, S(3), S(4));
      ip += 5;
      NEXT();
    }
    HANDLER(Ret) goto do_return;
    HANDLER(Call) {
      callee = inst->funcs[ip[1]];
      nfp = fp + ip[2];
      ip += 3;
      goto do_call;
    }
    HANDLER(CallRef) HANDLER(ReturnCallRef) {
      if (S(2) == rt::kNullRef) TRAP(NullFunctionReference);
      callee = reinterpret_cast<FuncInst*>(S(2));
      nfp = fp + ip[1];
      if (static_cast<IOp>(*ip) == IOp::ReturnCallRef) goto do_tail_call;
      ip += 3;
      goto do_call;
    }
    HANDLER(ReturnCall) {
      callee = inst->funcs[ip[1]];
      nfp = fp + ip[2];
      goto do_tail_call;
    }
    HANDLER(ReturnCallIndirect) HANDLER(CallIndirect) {
      rt::TableInst* t = inst->tables[IDX(ip[1])];
      uint64_t i = ADDR(4, ip[1]);
      if (i >= t->elems.size()) {
        err = element_trap(TrapKind::UndefinedElement, static_cast<uint64_t>(i));
        trap_ip = ip;
        goto failed;
      }
      rt::Ref r = t->elems[i];
      if (r == rt::kNullRef) {
        err = element_trap(TrapKind::UninitializedElement, i);
        trap_ip = ip;
        goto failed;
      }
      callee = reinterpret_cast<FuncInst*>(r);
      if (callee->canonical_type != ip[2]) TRAP(IndirectCallMismatch);
      nfp = fp + ip[3];
      if (static_cast<IOp>(*ip) == IOp::ReturnCallIndirect) goto do_tail_call;
      ip += 5;
      goto do_call;
    }
    HANDLER(GlobalGet) {
      S(1) = inst->globals[ip[2]]->value[0];
      ip += 3;
      NEXT();
    }
    HANDLER(GlobalSet) {
      inst->globals[ip[1]]->value[0] = S(2);
      ip += 3;
      NEXT();
    }

    // Memory: [op, dst|addr, addr|value, memory, offset lo, offset hi]. The effective
    // address is computed in 64 bits and checked against the size before any access.
// Memory word 0 (memory 0, 32-bit) uses the cached base and size.
#define EFFECTIVE(T, ea)                                                            \
  uint8_t* base;                                                                    \
  uint64_t size;                                                                    \
  uint64_t ea;                                                                      \
  {                                                                                 \
    Word mw_ = ip[3];                                                               \
    uint64_t off_ = static_cast<uint64_t>(ip[4]) | (static_cast<uint64_t>(ip[5]) << 32); \
    if (mw_ == 0) {                                                                 \
      base = mem_base;                                                              \
      size = mem_size;                                                              \
      ea = static_cast<uint64_t>(U32(2 - is_store)) + off_;                         \
    } else {                                                                        \
      rt::MemoryInst* m_ = inst->memories[IDX(mw_)];                                \
      base = m_->data;                                                              \
      size = m_->size;                                                              \
      if (__builtin_add_overflow(ADDR(2 - is_store, mw_), off_, &ea)) TRAP(MemoryOutOfBounds); \
    }                                                                               \
  }                                                                                 \
  if (ea > size || size - ea < sizeof(T)) TRAP(MemoryOutOfBounds);
// The memory-0 forms (iops.def): [op, dst|addr, addr|value, offset]; the sum of a 32-bit
// address and a 32-bit offset cannot overflow 64 bits.
#define EFFECTIVE0(T, ea)                                                     \
  uint64_t ea = static_cast<uint64_t>(U32(2 - is_store)) + ip[3];             \
  if (ea + sizeof(T) > mem_size) TRAP(MemoryOutOfBounds);
// The fused-add forms: [op, dst|a, a|b, b|value, offset], the address a + b modulo 2^32.
#define EFFECTIVE0A(T, ea)                                                             \
  uint64_t ea = static_cast<uint64_t>(static_cast<uint32_t>(U32(2 - is_store) + U32(3 - is_store))) + ip[4]; \
  if (ea + sizeof(T) > mem_size) TRAP(MemoryOutOfBounds);
#define LOAD(name, T, conv)                   \
  HANDLER(name) {                             \
    constexpr int is_store = 0;               \
    EFFECTIVE(T, ea);                         \
    T v;                                      \
    std::memcpy(&v, base + ea, sizeof(T));    \
    S(1) = conv(v);                           \
    ip += 6;                                  \
    NEXT();                                   \
  }                                           \
  HANDLER(name##M0) {                         \
    constexpr int is_store = 0;               \
    EFFECTIVE0(T, ea);                        \
    T v;                                      \
    std::memcpy(&v, mem_base + ea, sizeof(T)); \
    S(1) = conv(v);                           \
    ip += 4;                                  \
    NEXT();                                   \
  }                                           \
  HANDLER(name##M0A) {                        \
    constexpr int is_store = 0;               \
    EFFECTIVE0A(T, ea);                       \
    T v;                                      \
    std::memcpy(&v, mem_base + ea, sizeof(T)); \
    S(1) = conv(v);                           \
    ip += 5;                                  \
    NEXT();                                   \
  }
#define STORE(name, T)                                    \
  HANDLER(name) {                                         \
    constexpr int is_store = 1;                           \
    EFFECTIVE(T, ea);                                     \
    T v = static_cast<T>(S(2));                           \
    std::memcpy(base + ea, &v, sizeof(T));                \
    ip += 6;                                              \
    NEXT();                                               \
  }                                                       \
  HANDLER(name##M0) {                                     \
    constexpr int is_store = 1;                           \
    EFFECTIVE0(T, ea);                                    \
    T v = static_cast<T>(S(2));                           \
    std::memcpy(mem_base + ea, &v, sizeof(T));            \
    ip += 4;                                              \
    NEXT();                                               \
  }                                                       \
  HANDLER(name##M0A) {                                    \
    constexpr int is_store = 1;                           \
    EFFECTIVE0A(T, ea);                                   \
    T v = static_cast<T>(S(3));                           \
    std::memcpy(mem_base + ea, &v, sizeof(T));            \
    ip += 5;                                              \
    NEXT();                                               \
  }
#define ZX32(v) static_cast<Slot>(static_cast<uint32_t>(v))
#define SX32(v) static_cast<Slot>(static_cast<uint32_t>(static_cast<int32_t>(v)))
#define ZX64(v) static_cast<Slot>(v)
#define SX64(v) static_cast<Slot>(static_cast<int64_t>(v))
    LOAD(I32Load, uint32_t, ZX32)
    LOAD(I64Load, uint64_t, ZX64)
    LOAD(F32Load, uint32_t, ZX32)
    LOAD(F64Load, uint64_t, ZX64)
    LOAD(I32Load8S, int8_t, SX32)
    LOAD(I32Load8U, uint8_t, ZX32)
    LOAD(I32Load16S, int16_t, SX32)
    LOAD(I32Load16U, uint16_t, ZX32)
    LOAD(I64Load8S, int8_t, SX64)
    LOAD(I64Load8U, uint8_t, ZX64)
    LOAD(I64Load16S, int16_t, SX64)
    LOAD(I64Load16U, uint16_t, ZX64)
    LOAD(I64Load32S, int32_t, SX64)
    LOAD(I64Load32U, uint32_t, ZX64)
    STORE(I32Store, uint32_t)
    STORE(I64Store, uint64_t)
    STORE(F32Store, uint32_t)
    STORE(F64Store, uint64_t)
    STORE(I32Store8, uint8_t)
    STORE(I32Store16, uint16_t)
    STORE(I64Store8, uint8_t)
    STORE(I64Store16, uint16_t)
    STORE(I64Store32, uint32_t)

    HANDLER(MemorySize) {
      S(1) = WIDTH(ip[2], inst->memories[IDX(ip[2])]->pages());
      ip += 3;
      NEXT();
    }
    HANDLER(MemoryGrow) {
      int64_t old = inst->memories[IDX(ip[3])]->grow(ADDR(2, ip[3]));
      S(1) = WIDTH(ip[3], old);
      RELOAD_MEM();
      ip += 4;
      NEXT();
    }
#define BULK_TRAPPED() \
  do {                 \
    trap_ip = ip;      \
    goto trapped;      \
  } while (0)
    // Bulk: [op, imm a, imm b, x, y, z] with x, y, z the three operands, deepest first.
    HANDLER(MemoryInit) {
      if (!memory_init(inst, ip[1], IDX(ip[2]), ADDR(3, ip[2]), U32(4), U32(5), trap)) BULK_TRAPPED();
      ip += 6;
      NEXT();
    }
    HANDLER(MemoryCopy) {
      if (!memory_copy(inst, IDX(ip[1]), IDX(ip[2]), ADDR(3, ip[1]), ADDR(4, ip[2]),
                       ADDR(5, ip[1] & ip[2]), trap)) {
        BULK_TRAPPED();
      }
      ip += 6;
      NEXT();
    }
    HANDLER(MemoryFill) {
      if (!memory_fill(inst, IDX(ip[1]), ADDR(3, ip[1]), static_cast<uint8_t>(S(4)), ADDR(5, ip[1]),
                       trap)) {
        BULK_TRAPPED();
      }
      ip += 6;
      NEXT();
    }
    HANDLER(DataDrop) {
      inst->datas[ip[1]].size = 0;
      ip += 2;
      NEXT();
    }
    HANDLER(TableInit) {
      if (!table_init(inst, ip[1], IDX(ip[2]), ADDR(3, ip[2]), U32(4), U32(5), trap)) BULK_TRAPPED();
      ip += 6;
      NEXT();
    }
    HANDLER(TableCopy) {
      if (!table_copy(inst, IDX(ip[1]), IDX(ip[2]), ADDR(3, ip[1]), ADDR(4, ip[2]),
                      ADDR(5, ip[1] & ip[2]), trap)) {
        BULK_TRAPPED();
      }
      ip += 6;
      NEXT();
    }
    HANDLER(TableFill) {
      if (!table_fill(inst, IDX(ip[1]), ADDR(3, ip[1]), S(4), ADDR(5, ip[1]), trap)) BULK_TRAPPED();
      ip += 6;
      NEXT();
    }
    HANDLER(ElemDrop) {
      inst->elems[ip[1]].refs.clear();
      ip += 2;
      NEXT();
    }
    HANDLER(TableGet) {
      rt::TableInst* t = inst->tables[IDX(ip[3])];
      uint64_t i = ADDR(2, ip[3]);
      if (i >= t->elems.size()) TRAP(TableOutOfBounds);
      S(1) = t->elems[i];
      ip += 4;
      NEXT();
    }
    HANDLER(TableSet) {
      rt::TableInst* t = inst->tables[IDX(ip[1])];
      uint64_t i = ADDR(2, ip[1]);
      if (i >= t->elems.size()) TRAP(TableOutOfBounds);
      t->elems[i] = S(3);
      ip += 4;
      NEXT();
    }
    HANDLER(TableSize) {
      S(1) = WIDTH(ip[2], inst->tables[IDX(ip[2])]->elems.size());
      ip += 3;
      NEXT();
    }
    HANDLER(TableGrow) {
      int64_t old = inst->tables[IDX(ip[4])]->grow(ADDR(3, ip[4]), S(2));
      S(1) = WIDTH(ip[4], old);
      ip += 5;
      NEXT();
    }
    HANDLER(RefIsNull) {
      S(1) = S(2) == rt::kNullRef ? 1 : 0;
      ip += 3;
      NEXT();
    }
    HANDLER(RefFunc) {
      S(1) = reinterpret_cast<Slot>(inst->funcs[ip[2]]);
      ip += 3;
      NEXT();
    }

    // i32 comparisons and arithmetic.
    UNOP(I32Eqz, U32, W32(a == 0))
    BINOP(I32Eq, U32, W32(a == b))
    BINOP(I32Ne, U32, W32(a != b))
    BINOP(I32LtS, I32, W32(a < b))
    BINOP(I32LtU, U32, W32(a < b))
    BINOP(I32GtS, I32, W32(a > b))
    BINOP(I32GtU, U32, W32(a > b))
    BINOP(I32LeS, I32, W32(a <= b))
    BINOP(I32LeU, U32, W32(a <= b))
    BINOP(I32GeS, I32, W32(a >= b))
    BINOP(I32GeU, U32, W32(a >= b))
    UNOP(I32Clz, U32, W32(std::countl_zero(a)))
    UNOP(I32Ctz, U32, W32(std::countr_zero(a)))
    UNOP(I32Popcnt, U32, W32(std::popcount(a)))
    BINOP(I32Add, U32, W32(a + b))
    BINOP(I32Sub, U32, W32(a - b))
    BINOP(I32Mul, U32, W32(a * b))
    HANDLER(I32DivS) {
      int32_t a = I32(2), b = I32(3);
      if (b == 0) TRAP(IntegerDivideByZero);
      if (a == INT32_MIN && b == -1) TRAP(IntegerOverflow);
      S(1) = W32(a / b);
      ip += 4;
      NEXT();
    }
    HANDLER(I32DivU) {
      uint32_t a = U32(2), b = U32(3);
      if (b == 0) TRAP(IntegerDivideByZero);
      S(1) = W32(a / b);
      ip += 4;
      NEXT();
    }
    HANDLER(I32RemS) {
      int32_t a = I32(2), b = I32(3);
      if (b == 0) TRAP(IntegerDivideByZero);
      S(1) = b == -1 ? 0 : W32(a % b);
      ip += 4;
      NEXT();
    }
    HANDLER(I32RemU) {
      uint32_t a = U32(2), b = U32(3);
      if (b == 0) TRAP(IntegerDivideByZero);
      S(1) = W32(a % b);
      ip += 4;
      NEXT();
    }
    BINOP(I32And, U32, W32(a & b))
    BINOP(I32Or, U32, W32(a | b))
    BINOP(I32Xor, U32, W32(a ^ b))
    BINOP(I32Shl, U32, W32(a << (b & 31)))
    BINOP(I32ShrS, U32, W32(static_cast<int32_t>(a) >> (b & 31)))
    BINOP(I32ShrU, U32, W32(a >> (b & 31)))
    BINOP(I32Rotl, U32, W32(std::rotl(a, static_cast<int>(b & 31))))
    BINOP(I32Rotr, U32, W32(std::rotr(a, static_cast<int>(b & 31))))

    // i64.
    UNOP(I64Eqz, S, W32(a == 0))
    BINOP(I64Eq, S, W32(a == b))
    BINOP(I64Ne, S, W32(a != b))
    BINOP(I64LtS, I64, W32(a < b))
    BINOP(I64LtU, S, W32(a < b))
    BINOP(I64GtS, I64, W32(a > b))
    BINOP(I64GtU, S, W32(a > b))
    BINOP(I64LeS, I64, W32(a <= b))
    BINOP(I64LeU, S, W32(a <= b))
    BINOP(I64GeS, I64, W32(a >= b))
    BINOP(I64GeU, S, W32(a >= b))
    UNOP(I64Clz, S, W64(std::countl_zero(a)))
    UNOP(I64Ctz, S, W64(std::countr_zero(a)))
    UNOP(I64Popcnt, S, W64(std::popcount(a)))
    BINOP(I64Add, S, W64(a + b))
    BINOP(I64Sub, S, W64(a - b))
    BINOP(I64Mul, S, W64(a * b))
    HANDLER(I64DivS) {
      int64_t a = I64(2), b = I64(3);
      if (b == 0) TRAP(IntegerDivideByZero);
      if (a == INT64_MIN && b == -1) TRAP(IntegerOverflow);
      S(1) = W64(a / b);
      ip += 4;
      NEXT();
    }
    HANDLER(I64DivU) {
      uint64_t a = S(2), b = S(3);
      if (b == 0) TRAP(IntegerDivideByZero);
      S(1) = a / b;
      ip += 4;
      NEXT();
    }
    HANDLER(I64RemS) {
      int64_t a = I64(2), b = I64(3);
      if (b == 0) TRAP(IntegerDivideByZero);
      S(1) = b == -1 ? 0 : W64(a % b);
      ip += 4;
      NEXT();
    }
    HANDLER(I64RemU) {
      uint64_t a = S(2), b = S(3);
      if (b == 0) TRAP(IntegerDivideByZero);
      S(1) = a % b;
      ip += 4;
      NEXT();
    }
    BINOP(I64And, S, W64(a & b))
    BINOP(I64Or, S, W64(a | b))
    BINOP(I64Xor, S, W64(a ^ b))
    BINOP(I64Shl, S, W64(a << (b & 63)))
    BINOP(I64ShrS, S, W64(static_cast<int64_t>(a) >> (b & 63)))
    BINOP(I64ShrU, S, W64(a >> (b & 63)))
    BINOP(I64Rotl, S, W64(std::rotl(a, static_cast<int>(b & 63))))
    BINOP(I64Rotr, S, W64(std::rotr(a, static_cast<int>(b & 63))))

    // f32 / f64 comparisons and arithmetic. abs, neg and copysign work on the bits.
    BINOP(F32Eq, F32, W32(a == b))
    BINOP(F32Ne, F32, W32(a != b))
    BINOP(F32Lt, F32, W32(a < b))
    BINOP(F32Gt, F32, W32(a > b))
    BINOP(F32Le, F32, W32(a <= b))
    BINOP(F32Ge, F32, W32(a >= b))
    BINOP(F64Eq, F64, W32(a == b))
    BINOP(F64Ne, F64, W32(a != b))
    BINOP(F64Lt, F64, W32(a < b))
    BINOP(F64Gt, F64, W32(a > b))
    BINOP(F64Le, F64, W32(a <= b))
    BINOP(F64Ge, F64, W32(a >= b))
    UNOP(F32Abs, U32, W32(a & 0x7FFFFFFFu))
    UNOP(F32Neg, U32, W32(a ^ 0x80000000u))
    UNOP(F32Ceil, F32, bits_of(wasm_ceil(a)))
    UNOP(F32Floor, F32, bits_of(wasm_floor(a)))
    UNOP(F32Trunc, F32, bits_of(wasm_trunc_f(a)))
    UNOP(F32Nearest, F32, bits_of(wasm_nearest(a)))
    UNOP(F32Sqrt, F32, bits_of(std::sqrt(a)))
    BINOP(F32Add, F32, bits_of(a + b))
    BINOP(F32Sub, F32, bits_of(a - b))
    BINOP(F32Mul, F32, bits_of(a * b))
    BINOP(F32Div, F32, bits_of(a / b))
    BINOP(F32Min, F32, bits_of(wasm_min(a, b)))
    BINOP(F32Max, F32, bits_of(wasm_max(a, b)))
    BINOP(F32Copysign, U32, W32((a & 0x7FFFFFFFu) | (b & 0x80000000u)))
    UNOP(F64Abs, S, a & 0x7FFFFFFFFFFFFFFFull)
    UNOP(F64Neg, S, a ^ 0x8000000000000000ull)
    UNOP(F64Ceil, F64, bits_of(wasm_ceil(a)))
    UNOP(F64Floor, F64, bits_of(wasm_floor(a)))
    UNOP(F64Trunc, F64, bits_of(wasm_trunc_f(a)))
    UNOP(F64Nearest, F64, bits_of(wasm_nearest(a)))
    UNOP(F64Sqrt, F64, bits_of(std::sqrt(a)))
    BINOP(F64Add, F64, bits_of(a + b))
    BINOP(F64Sub, F64, bits_of(a - b))
    BINOP(F64Mul, F64, bits_of(a * b))
    BINOP(F64Div, F64, bits_of(a / b))
    BINOP(F64Min, F64, bits_of(wasm_min(a, b)))
    BINOP(F64Max, F64, bits_of(wasm_max(a, b)))
    BINOP(F64Copysign, S, (a & 0x7FFFFFFFFFFFFFFFull) | (b & 0x8000000000000000ull))

    // Conversions.
    UNOP(I32WrapI64, S, W32(a))
#define TRUNC(name, get, I, widen)                              \
  HANDLER(name) {                                               \
    I v;                                                        \
    switch (wasm_trunc<I>(get(2), v)) {                         \
      case TruncResult::Invalid: TRAP(InvalidConversion);       \
      case TruncResult::Overflow: TRAP(IntegerOverflow);        \
      case TruncResult::Ok: break;                              \
    }                                                           \
    S(1) = widen(v);                                            \
    ip += 3;                                                    \
    NEXT();                                                     \
  }
    TRUNC(I32TruncF32S, F32, int32_t, W32)
    TRUNC(I32TruncF32U, F32, uint32_t, W32)
    TRUNC(I32TruncF64S, F64, int32_t, W32)
    TRUNC(I32TruncF64U, F64, uint32_t, W32)
    TRUNC(I64TruncF32S, F32, int64_t, W64)
    TRUNC(I64TruncF32U, F32, uint64_t, W64)
    TRUNC(I64TruncF64S, F64, int64_t, W64)
    TRUNC(I64TruncF64U, F64, uint64_t, W64)
    UNOP(I32TruncSatF32S, F32, W32(wasm_trunc_sat<int32_t>(a)))
    UNOP(I32TruncSatF32U, F32, W32(wasm_trunc_sat<uint32_t>(a)))
    UNOP(I32TruncSatF64S, F64, W32(wasm_trunc_sat<int32_t>(a)))
    UNOP(I32TruncSatF64U, F64, W32(wasm_trunc_sat<uint32_t>(a)))
    UNOP(I64TruncSatF32S, F32, W64(wasm_trunc_sat<int64_t>(a)))
    UNOP(I64TruncSatF32U, F32, W64(wasm_trunc_sat<uint64_t>(a)))
    UNOP(I64TruncSatF64S, F64, W64(wasm_trunc_sat<int64_t>(a)))
    UNOP(I64TruncSatF64U, F64, W64(wasm_trunc_sat<uint64_t>(a)))
    UNOP(I64ExtendI32S, I32, W64(static_cast<int64_t>(a)))
    UNOP(I64ExtendI32U, U32, W64(a))
    UNOP(F32ConvertI32S, I32, bits_of(static_cast<float>(a)))
    UNOP(F32ConvertI32U, U32, bits_of(static_cast<float>(a)))
    UNOP(F32ConvertI64S, I64, bits_of(static_cast<float>(a)))
    UNOP(F32ConvertI64U, S, bits_of(static_cast<float>(a)))
    UNOP(F32DemoteF64, F64, bits_of(static_cast<float>(a)))
    UNOP(F64ConvertI32S, I32, bits_of(static_cast<double>(a)))
    UNOP(F64ConvertI32U, U32, bits_of(static_cast<double>(a)))
    UNOP(F64ConvertI64S, I64, bits_of(static_cast<double>(a)))
    UNOP(F64ConvertI64U, S, bits_of(static_cast<double>(a)))
    UNOP(F64PromoteF32, F32, bits_of(static_cast<double>(a)))
    UNOP(I32ReinterpretF32, U32, W32(a))
    UNOP(I64ReinterpretF64, S, a)
    UNOP(F32ReinterpretI32, U32, W32(a))
    UNOP(F64ReinterpretI64, S, a)
    UNOP(I32Extend8S, U32, W32(static_cast<int32_t>(static_cast<int8_t>(a))))
    UNOP(I32Extend16S, U32, W32(static_cast<int32_t>(static_cast<int16_t>(a))))
    UNOP(I64Extend8S, S, W64(static_cast<int64_t>(static_cast<int8_t>(a))))
    UNOP(I64Extend16S, S, W64(static_cast<int64_t>(static_cast<int16_t>(a))))
    UNOP(I64Extend32S, S, W64(static_cast<int64_t>(static_cast<int32_t>(a))))

#include "interp/simd_handlers.inc"

#ifdef KILN_DISPATCH_SWITCH
    default:
      TRAP(Unreachable);
#endif
  }

do_call:
  // `callee` with its arguments at `nfp`; `ip` is after the call (its return address), so
  // traps here are reported at `ip - 1`, within the call.
  if (callee->is_host()) {
    if (cfp >= frames_limit) TRAP_IN_CALL(CallStackExhausted);
    CHECKPOINT(trap_ip = ip - 1; goto trapped);
    return_fuel(store, budget);
    size_t saved_top = st.top;
    st.top = static_cast<size_t>(fp - st.stack.get()) + fc->frame_slots;
    *cfp++ = CallFrame{ip, fp, fc, inst};
    SYNC_DEPTH();
    serial = store.trap_serial;
    host_result = call_host(store, callee, nfp);
    --cfp;
    st.top = saved_top;
    if (!host_result.ok()) {
      trap_ip = ip - 1;
      goto host_failed;
    }
    RELOAD_MEM();
    NEXT();
  }
  {
    const FunctionCode* cc = callee->code;
    if (cfp >= frames_limit || nfp + cc->frame_slots > stack_end) TRAP_IN_CALL(CallStackExhausted);
    *cfp++ = CallFrame{ip, fp, fc, inst};
    fp = nfp;
    fc = cc;
    ip = cc->code.data();
    enter_frame(cc, fp);
    if (callee->instance != inst) {
      inst = callee->instance;
      RELOAD_MEM();
    }
    CHECKPOINT(trap_ip = ip; goto entry_trapped);
    NEXT();
  }

do_tail_call:
  // `callee` replaces the running function: its arguments move down to this frame's base.
  if (callee->is_host()) {
    if (cfp >= frames_limit) TRAP(CallStackExhausted);
    CHECKPOINT(trap_ip = ip; goto trapped);
    return_fuel(store, budget);
    size_t saved_top = st.top;
    st.top = static_cast<size_t>(fp - st.stack.get()) + fc->frame_slots;
    *cfp++ = CallFrame{ip + 1, fp, fc, inst};  // reported as at this call
    SYNC_DEPTH();
    serial = store.trap_serial;
    host_result = call_host(store, callee, nfp);
    --cfp;
    st.top = saved_top;
    if (!host_result.ok()) {
      trap_ip = ip;
      goto host_failed;
    }
    std::memmove(fp, nfp, slot_count(callee->type->results) * sizeof(Slot));
    goto do_return;
  }
  {
    const FunctionCode* cc = callee->code;
    if (fp + cc->frame_slots > stack_end) TRAP(CallStackExhausted);
    std::memmove(fp, nfp, cc->num_params * sizeof(Slot));
    fc = cc;
    ip = cc->code.data();
    enter_frame(cc, fp);
    if (callee->instance != inst) {
      inst = callee->instance;
      RELOAD_MEM();
    }
    CHECKPOINT(trap_ip = ip; goto entry_trapped);
    NEXT();
  }

do_return:
  if (cfp == entry_frame) goto done;
  {
    const CallFrame& cf = *--cfp;
    ip = cf.ip;
    fp = cf.fp;
    fc = cf.code;
    // Memory 0 of the same instance is still cached: a grow in the callee reloaded it
    // (MemoryGrow, and after every host call), so only a change of instance reloads.
    if (cf.instance != inst) {
      inst = cf.instance;
      RELOAD_MEM();
    }
  }
  NEXT();

entry_trapped:
  at_entry = true;
trapped:
  err = trap_error(trap);
failed:
  // `err` stops the code at `trap_ip` (or on entry to the function): recorded with its frames.
  SYNC_DEPTH();
  record_trap(store, st, err.message, fc, inst, trap_ip, at_entry);
  return_fuel(store, budget);
  st.depth = entry_depth - 1;
  return err;

host_failed:
  // A host function called at `trap_ip` failed; a trap of wasm code it called was recorded then.
  err = std::move(host_result).error();
  if (!recorded_inside(store, serial, err)) goto failed;
  return_fuel(store, budget);
  st.depth = entry_depth - 1;
  return err;

done:
  return_fuel(store, budget);
  st.depth = entry_depth - 1;
  return Ok();
}

}  // namespace

rt::CallResult invoke(rt::Store& store, FuncInst* func, const Slot* args, Slot* results) {
  rt::Store::InterpState& st = state_of(store);
  const FuncType& type = *func->type;
  size_t np = slot_count(type.params), nr = slot_count(type.results);
  // Errors before any wasm frame runs are recorded with the frames below this call.
  auto fail = [&](Error e) -> CallResult {
    record_trap(store, st, e.message, nullptr, nullptr, nullptr, false);
    return e;
  };
  if (func->is_host()) {
    if (st.depth >= store.limits.max_call_depth) return fail(trap_error(TrapKind::CallStackExhausted));
    st.frames[st.depth++] = CallFrame{};
    uint64_t serial = store.trap_serial;
    CallResult r = func->host(store, args, results);
    --st.depth;
    if (!r.ok() && !recorded_inside(store, serial, r.error())) return fail(std::move(r).error());
    return r;
  }
  if (store.host_call_depth >= kMaxHostNesting) return fail(trap_error(TrapKind::CallStackExhausted));
  size_t base = st.top;
  size_t need = std::max<size_t>(func->code->frame_slots, np);
  if (base > st.stack_slots || st.stack_slots - base < need) {
    return fail(trap_error(TrapKind::CallStackExhausted));
  }
  Slot* fp = st.stack.get() + base;
  for (size_t i = 0; i < np; ++i) fp[i] = args[i];
  ++store.host_call_depth;
  CallResult r = execute(store, st, func, fp);
  --store.host_call_depth;
  if (r.ok()) {
    for (size_t i = 0; i < nr; ++i) results[i] = fp[i];
  }
  return r;
}

void release_state(rt::Store::InterpState* state) { delete state; }

}  // namespace kiln::core::interp
