// Fuzz target `run`: decode any bytes as a module and, when it validates (every feature on),
// instantiate it with every import satisfied by a stub of the import's own type, then call
// every exported function with arguments derived from the input. Fuel bounds each call (and
// the start function), the Store bounds memories and tables, so every run ends. A trap is
// an ordinary outcome; a crash or a sanitizer report is a bug, and so is a function that
// returns null for a non-nullable reference result.
//
// The module runs twice, in two Stores: translated with the optimizations (fused
// instructions, operands in place) and plainly (interp::CompileOptions::optimize off, the
// reference). Each run keeps a trace: whether instantiation succeeded, every call of a stub
// with its arguments, every export's results or trap message and the fuel left, and at the
// end the size and a hash of every memory, the values of the globals and the table sizes.
// The two traces must be equal, up to the first call stack exhaustion in either: the plain
// translation's frames are larger, so deep recursion may exhaust the value stack earlier.
//
// Stubs: host functions that return zeroes (nulls; a stub value for a non-nullable
// reference), memories and tables of the import's minimum size, globals of value zero (or
// the stub value). A module that imports something of a type no stub value exists for
// (a non-nullable reference to a struct, array, i31, exception or bottom type: nothing that
// runs yet) is not run.
//
// With KILN_FUZZ_VERBOSE set in the environment, each input's fate is printed to stderr
// (to see what a reproducer does, or how much of a corpus runs).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "binary/decoder.h"
#include "interp/interp.h"
#include "invariant.h"
#include "runtime/instantiate.h"
#include "runtime/store.h"

using namespace kiln::core;
using kiln::fuzz::invariant_failed;

namespace {

bool verbose() {
  static const bool v = std::getenv("KILN_FUZZ_VERBOSE") != nullptr;
  return v;
}

void note(const std::string& what) {
  if (verbose()) std::fprintf(stderr, "run: %s\n", what.c_str());
}

// Fuel for the start function and for each call of an export: a check point is a call or a
// branch back to a loop, so this bounds the work to about kFuel times the code's size.
constexpr uint64_t kFuel = 2000;
// Exports called at most, in the order of the export section.
constexpr size_t kMaxCalls = 64;

rt::StoreLimits limits() {
  rt::StoreLimits l;
  l.max_memory_bytes = 1u << 20;  // 16 pages of 64 KiB for all memories together
  l.max_table_entries = 10000;
  return l;
}

// Deterministic arguments: splitmix64 seeded by a hash of the input.
class Rng {
 public:
  explicit Rng(const uint8_t* data, size_t size) {
    uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a
    for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 0x100000001b3ull;
    state_ = h;
  }
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Half the time a value from the edges (0, 1, -1, sign bits, page and table sizes), else
  // any bits.
  uint64_t number() {
    static constexpr uint64_t kEdges[] = {0, 1, 2, 7, 8, 0xffffffffffffffffull, 0x7fffffff, 0x80000000,
                                          0xffffffff, 0x7fffffffffffffffull, 0x8000000000000000ull,
                                          0xfff0, 0xffff, 0x10000, 0x10001};
    uint64_t r = next();
    if (r & 1) return kEdges[(r >> 1) % (sizeof kEdges / sizeof kEdges[0])];
    return next();
  }

 private:
  uint64_t state_;
};

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
  return buf;
}

// Values as the trace writes them: numbers as their bits, references as null or not (the
// addresses of two Stores differ).
std::string values(const std::vector<ValType>& types, const rt::Slot* slots) {
  std::string out;
  size_t slot = 0;
  for (const ValType& t : types) {
    out += ' ';
    if (t.is_ref()) {
      out += slots[slot] == rt::kNullRef ? "null" : "ref";
    } else {
      out += hex(slots[slot]);
      if (t.slots() == 2) out += ':' + hex(slots[slot + 1]);
    }
    slot += t.slots();
  }
  return out;
}

uint64_t fnv(const uint8_t* data, uint64_t size) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint64_t i = 0; i < size; ++i) h = (h ^ data[i]) * 0x100000001b3ull;
  return h;
}

// The lines of `trace` before the first call stack exhaustion.
std::vector<std::string_view> lines_before_exhaustion(std::string_view trace) {
  std::vector<std::string_view> lines;
  while (!trace.empty()) {
    size_t end = trace.find('\n');
    std::string_view line = trace.substr(0, end);
    if (line.find("call stack exhausted") != std::string_view::npos) break;
    lines.push_back(line);
    trace.remove_prefix(end == std::string_view::npos ? trace.size() : end + 1);
  }
  return lines;
}

// Whether two traces agree (see the top of the file).
bool same_run(const std::string& a, const std::string& b) {
  if (a == b) return true;
  std::vector<std::string_view> la = lines_before_exhaustion(a), lb = lines_before_exhaustion(b);
  size_t n = std::min(la.size(), lb.size());
  bool exhausted = la.size() != static_cast<size_t>(std::count(a.begin(), a.end(), '\n')) ||
                   lb.size() != static_cast<size_t>(std::count(b.begin(), b.end(), '\n'));
  if (!exhausted) return false;
  for (size_t i = 0; i < n; ++i) {
    if (la[i] != lb[i]) return false;
  }
  return true;
}

class Runner {
 public:
  Runner(std::shared_ptr<const rt::CompiledModule> cm, Rng rng) : cm_(std::move(cm)), m_(cm_->module), rng_(rng) {}

  const std::string& trace() const { return trace_; }

  void run() {
    std::vector<rt::Extern> imports;
    for (const Import& im : m_.imports) {
      std::optional<rt::Extern> e = stub_import(im);
      if (!e) return record("no stub for import \"" + im.module + "\" \"" + im.name + "\"");
      imports.push_back(*e);
    }
    store_.set_fuel(kFuel);
    auto inst = rt::instantiate(store_, cm_, imports, kiln::fuzz::all_features());
    if (!inst.ok()) {
      record("not instantiated: " + inst.error().message);
      return;
    }
    record("instantiated");
    size_t calls = 0;
    for (const Export& ex : m_.exports) {
      if (ex.kind != ExternKind::Func || calls == kMaxCalls) continue;
      ++calls;
      call((*inst)->exports.at(ex.name).func(), ex.name);
    }
    record_state(**inst);
  }

 private:
  // A host function of type index `type_index` of the module, returning default values.
  rt::FuncInst* stub_func(uint32_t type_index) {
    rt::FuncInst* f = store_.new_func();
    f->host_type = std::make_unique<FuncType>(m_.functype(type_index));
    f->type = f->host_type.get();
    f->canonical_type = cm_->canonical_types[type_index];
    f->debug_name = "fuzz.stub";
    const FuncType* type = f->type;
    f->host = [this, type](rt::Store&, const rt::Slot* args, rt::Slot* out) -> rt::CallResult {
      record("stub (type " + to_string(*type) + ") called with" + values(type->params, args));
      const std::vector<ValType>& results = type->results;
      size_t slot = 0;
      for (const ValType& t : results) {
        std::optional<rt::Slot> v = default_value(t);
        if (!v) return Error("fuzz stub: no value of type " + to_string(t), ErrorKind::Trap);
        out[slot++] = *v;
        if (t.slots() == 2) out[slot++] = 0;
      }
      return Ok();
    };
    return f;
  }

  // Zero, null, or for a non-nullable reference a stub object of its type; nullopt when
  // there is none.
  std::optional<rt::Slot> default_value(const ValType& t) {
    if (!t.is_ref() || t.nullable) return rt::Slot{0};
    switch (t.heap.kind) {
      case HeapKind::Func:
        if (!any_func_) any_func_ = stub_func_of_type(FuncType{});
        return reinterpret_cast<rt::Ref>(any_func_);
      case HeapKind::Extern:
        return store_.host_ref(1);
      case HeapKind::Concrete:
        if (t.heap.index < m_.types.size() && m_.types[t.heap.index].kind == CompositeKind::Func) {
          return reinterpret_cast<rt::Ref>(stub_func(t.heap.index));
        }
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  // A stub of a function type standing alone (for `(ref func)`).
  rt::FuncInst* stub_func_of_type(FuncType type) {
    return store_.new_host_func(std::move(type), [](rt::Store&, const rt::Slot*, rt::Slot*) -> rt::CallResult { return Ok(); },
                                "fuzz.any_func");
  }

  std::optional<rt::Extern> stub_import(const Import& im) {
    switch (im.kind) {
      case ExternKind::Func:
        return rt::Extern{ExternKind::Func, stub_func(im.func_type)};
      case ExternKind::Table: {
        std::optional<rt::Slot> init = default_value(im.table.elem);
        if (!init) return std::nullopt;
        auto t = store_.create_table(im.table, *init);
        if (!t.ok()) return std::nullopt;
        return rt::Extern{ExternKind::Table, *t};
      }
      case ExternKind::Memory: {
        auto mem = store_.create_memory(im.memory);
        if (!mem.ok()) return std::nullopt;
        return rt::Extern{ExternKind::Memory, *mem};
      }
      case ExternKind::Global: {
        std::optional<rt::Slot> v = default_value(im.global.type);
        if (!v) return std::nullopt;
        rt::GlobalInst* g = store_.new_global(im.global);
        g->value[0] = *v;
        return rt::Extern{ExternKind::Global, g};
      }
      case ExternKind::Tag: {
        uint32_t ti = im.tag.type_index;
        return rt::Extern{ExternKind::Tag, store_.new_tag(&m_.functype(ti), cm_->canonical_types[ti])};
      }
    }
    return std::nullopt;
  }

  void record(const std::string& line) {
    note(line);
    trace_ += line;
    trace_ += '\n';
  }

  // What the instance holds once the calls are done.
  void record_state(const rt::ModuleInstance& inst) {
    for (size_t i = 0; i < inst.memories.size(); ++i) {
      const rt::MemoryInst* mem = inst.memories[i];
      record("memory " + std::to_string(i) + ": " + std::to_string(mem->size) + " bytes, hash " + hex(fnv(mem->data, mem->size)));
    }
    for (size_t i = 0; i < inst.globals.size(); ++i) {
      const rt::GlobalInst* g = inst.globals[i];
      record("global " + std::to_string(i) + ":" + values({g->type.type}, g->value));
    }
    for (size_t i = 0; i < inst.tables.size(); ++i) {
      record("table " + std::to_string(i) + ": " + std::to_string(inst.tables[i]->elems.size()) + " entries");
    }
  }

  void call(rt::FuncInst* f, const std::string& name) {
    const FuncType& type = *f->type;
    std::vector<rt::Slot> args;
    for (const ValType& t : type.params) {
      if (t.is_ref()) {
        std::optional<rt::Slot> v = default_value(t);
        if (!v) return record("export \"" + name + "\": no argument of type " + to_string(t));
        args.push_back(*v);
      } else {
        uint64_t bits = rng_.number();
        if (t.kind == ValKind::I32 || t.kind == ValKind::F32) bits &= 0xffffffffu;
        args.push_back(bits);
        if (t.slots() == 2) args.push_back(rng_.number());
      }
    }
    size_t result_slots = 0;
    for (const ValType& t : type.results) result_slots += t.slots();
    std::vector<rt::Slot> results(result_slots + 1, 0);
    args.push_back(0);  // never an empty buffer
    store_.set_fuel(kFuel);
    rt::CallResult r = interp::invoke(store_, f, args.data(), results.data());
    // A trap, exhaustion or fuel: the guest's business.
    std::string fuel = ", fuel left " + std::to_string(store_.fuel_remaining());
    if (!r.ok()) return record("export \"" + name + "\" trapped: " + r.error().message + fuel);
    record("export \"" + name + "\" returned" + values(type.results, results.data()) + fuel);
    size_t slot = 0;
    for (const ValType& t : type.results) {
      if (t.is_ref() && !t.nullable && results[slot] == rt::kNullRef) {
        invariant_failed("export \"" + name + "\" returned null for a result of type " + to_string(t));
      }
      slot += t.slots();
    }
  }

  std::shared_ptr<const rt::CompiledModule> cm_;
  const Module& m_;
  Rng rng_;
  rt::Store store_{limits()};
  std::string trace_;
  rt::FuncInst* any_func_ = nullptr;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Features& f = kiln::fuzz::all_features();
  Result<Module> decoded = decode_module(data, size, f);
  if (!decoded.ok()) {
    note("malformed: " + decoded.error().message);
    return 0;
  }
  auto plain = interp::compile(*decoded, f, {.optimize = false});
  auto optimized = interp::compile(std::move(*decoded), f, {.optimize = true});
  if (!optimized.ok() || !plain.ok()) {
    // (Whether both agree is the decode target's concern.)
    note("invalid: " + (optimized.ok() ? plain.error() : optimized.error()).message);
    return 0;
  }
  Rng rng(data, size);
  note("optimized:");
  Runner a(*optimized, rng);
  a.run();
  note("plain:");
  Runner b(*plain, rng);
  b.run();
  if (!same_run(a.trace(), b.trace())) {
    invariant_failed("the optimized and the plain translation run differently",
                     "optimized:\n" + a.trace() + "plain:\n" + b.trace());
  }
  return 0;
}
