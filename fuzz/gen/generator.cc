// The module generator (generator.h): type-directed bodies written straight to bytes.
#include "generator.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace kiln::fuzzgen {

// ---- Source ----------------------------------------------------------------------------

Source Source::from_seed(uint64_t seed) {
  Source s;
  s.seeded_ = true;
  s.rng_.seed(seed);
  return s;
}

Source Source::from_bytes(const uint8_t* data, size_t size) {
  Source s;
  s.data_ = data;
  s.size_ = size;
  return s;
}

uint64_t Source::next(unsigned bytes) {
  if (seeded_) return rng_();
  uint64_t v = 0;
  for (unsigned i = 0; i < bytes && pos_ < size_; ++i) v = (v << 8) | data_[pos_++];
  return v;
}

uint32_t Source::below(uint32_t n) { return n <= 1 ? 0 : static_cast<uint32_t>(next(n <= 256 ? 1 : 4) % n); }
bool Source::chance(uint32_t percent) { return below(100) < percent; }
uint64_t Source::bits64() { return next(8); }

namespace {

// ---- Encoding --------------------------------------------------------------------------

enum VT : uint8_t { I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, V128 = 0x7B, FuncRef = 0x70 };
constexpr VT kNumeric[] = {I32, I64, F32, F64};

using Bytes = std::vector<uint8_t>;

void u32(Bytes& b, uint64_t v) {
  do {
    uint8_t x = v & 0x7F;
    v >>= 7;
    b.push_back(v ? x | 0x80 : x);
  } while (v);
}

void s64(Bytes& b, int64_t v) {
  while (true) {
    uint8_t x = v & 0x7F;
    v >>= 7;
    bool done = (v == 0 && !(x & 0x40)) || (v == -1 && (x & 0x40));
    b.push_back(done ? x : x | 0x80);
    if (done) return;
  }
}

void section(Bytes& m, uint8_t id, const Bytes& payload) {
  m.push_back(id);
  u32(m, payload.size());
  m.insert(m.end(), payload.begin(), payload.end());
}

void name(Bytes& b, const std::string& s) {
  u32(b, s.size());
  b.insert(b.end(), s.begin(), s.end());
}

struct Sig {
  std::vector<VT> params, results;
  bool numeric() const {
    return std::none_of(params.begin(), params.end(), [](VT t) { return t == V128; }) &&
           std::none_of(results.begin(), results.end(), [](VT t) { return t == V128; });
  }
};

// ---- SIMD instructions, from the opcode table -----------------------------------------

// Every row of src/spec/opcodes.def, with its immediate kind, signature and feature as the
// table spells them.
struct TableRow {
  uint32_t prefix, code;
  std::string_view text, imm, sig, feature;
};
constexpr TableRow kTable[] = {
#define WASM_OP(name, prefix, code, text, imm, sig, feature) {prefix, code, text, #imm, #sig, #feature},
#include "spec/opcodes.def"
#undef WASM_OP
};

// What the generator does with a 0xFD instruction, from its signature and immediates.
enum class SimdKind {
  Const,      // [] -> [v128]
  Splat,      // [scalar] -> [v128]
  Extract,    // [v128] -> [scalar], a lane immediate
  Reduce,     // [v128] -> [i32]: any_true, all_true, bitmask
  Replace,    // [v128 scalar] -> [v128], a lane immediate
  Shift,      // [v128 i32] -> [v128]
  Unary,      // [v128] -> [v128]
  Binary,     // [v128 v128] -> [v128]
  Ternary,    // [v128 v128 v128] -> [v128]
  Shuffle,    // [v128 v128] -> [v128], 16 lane immediates
  Load,       // [i32] -> [v128], a memarg
  LoadLane,   // [i32 v128] -> [v128], a memarg and a lane
  Store,      // [i32 v128] -> []
  StoreLane,  // [i32 v128] -> [], a memarg and a lane
  Count_
};

struct SimdOp {
  uint32_t code;
  std::string_view text;
  SimdKind kind;
  VT scalar = I32;           // the scalar operand or result (splat, lanes, shift count)
  uint32_t lanes = 0;        // lane immediates are below this
  uint32_t access_log2 = 0;  // memory accesses: log2 of the bytes accessed
  uint8_t denan_shape = 0;   // 4 (f32x4) or 2 (f64x2) when a float result lane may be a NaN
                             // of engine-chosen bits; else 0
};

// "i16x8.add" -> 8; 0 when the name does not begin with a shape.
uint32_t shape_lanes(std::string_view text) {
  size_t dot = text.find('.'), x = text.find('x');
  if (x == std::string_view::npos || x > dot) return 0;
  uint32_t n = 0;
  for (size_t i = x + 1; i < dot; ++i) n = n * 10 + static_cast<uint32_t>(text[i] - '0');
  return n;
}

// log2 of the bytes a load or store accesses, from its name: "v128.load" 16, "load8x8_s" 8,
// "load16_splat" 2, "load32_zero" 4, "store64_lane" 8.
uint32_t access_log2(std::string_view text) {
  size_t p = text.find("load");
  p = p == std::string_view::npos ? text.find("store") + 5 : p + 4;
  uint32_t bits = 0, count = 1;
  while (p < text.size() && text[p] >= '0' && text[p] <= '9') bits = bits * 10 + static_cast<uint32_t>(text[p++] - '0');
  if (bits == 0) return 4;
  if (p < text.size() && text[p] == 'x') {
    count = 0;
    while (++p < text.size() && text[p] >= '0' && text[p] <= '9') count = count * 10 + static_cast<uint32_t>(text[p] - '0');
  }
  uint32_t bytes = bits * count / 8, log2 = 0;
  while ((1u << log2) < bytes) ++log2;
  return log2;
}

VT scalar_of(char c) { return c == 'l' ? I64 : c == 'f' ? F32 : c == 'd' ? F64 : I32; }

// The 0xFD instructions of the table by kind: those of feature Simd, and with `relaxed` those
// of RelaxedSimd too.
class SimdCatalog {
 public:
  explicit SimdCatalog(bool relaxed) {
    for (const TableRow& r : kTable) {
      if (r.prefix != 0xFD || !(r.feature == "Simd" || (relaxed && r.feature == "RelaxedSimd"))) continue;
      SimdOp op{r.code, r.text, SimdKind::Count_};
      std::string_view sig = r.sig;
      bool lane = r.imm == "Lane";
      if (sig == "_v") {
        op.kind = SimdKind::Const;
      } else if (sig.size() == 3 && sig[0] != 'v' && sig.substr(1) == "_v") {
        op.kind = SimdKind::Splat, op.scalar = scalar_of(sig[0]);
      } else if (sig.size() == 3 && sig[0] == 'v' && sig[1] == '_' && sig[2] != 'v') {
        op.kind = lane ? SimdKind::Extract : SimdKind::Reduce, op.scalar = scalar_of(sig[2]);
      } else if (sig.size() == 4 && sig[0] == 'v' && sig[1] != 'v' && sig.substr(2) == "_v") {
        op.kind = lane ? SimdKind::Replace : SimdKind::Shift, op.scalar = scalar_of(sig[1]);
      } else if (sig == "v_v") {
        op.kind = SimdKind::Unary;
      } else if (sig == "vv_v") {
        op.kind = r.imm == "Shuffle" ? SimdKind::Shuffle : SimdKind::Binary;
      } else if (sig == "vvv_v") {
        op.kind = SimdKind::Ternary;
      } else if (sig == "LoadV" || sig == "StoreV") {
        op.kind = sig == "LoadV" ? SimdKind::Load : SimdKind::Store;
        op.access_log2 = access_log2(r.text);
      } else if (r.imm == "MemArgLane") {
        bool load = r.text.find("load") != std::string_view::npos;
        op.kind = load ? SimdKind::LoadLane : SimdKind::StoreLane;
        op.access_log2 = access_log2(r.text);
        op.lanes = 16u >> op.access_log2;
      } else {
        continue;  // a signature this generator does not know: left out rather than guessed
      }
      if (lane) op.lanes = shape_lanes(r.text);
      op.denan_shape = may_give_arbitrary_nan(op) ? static_cast<uint8_t>(shape_lanes(r.text)) : 0;
      ops_[static_cast<size_t>(op.kind)].push_back(op);
    }
  }

  const std::vector<SimdOp>& of(SimdKind k) const { return ops_[static_cast<size_t>(k)]; }

  uint32_t code_of(std::string_view text) const {
    for (const auto& list : ops_) {
      for (const SimdOp& op : list) {
        if (op.text == text) return op.code;
      }
    }
    return 0;
  }

 private:
  // Float vector results whose NaN lanes may carry bits the engine chooses: everything of
  // f32x4 / f64x2 that computes, not comparisons (masks), not the sign-bit operations abs and
  // neg, not pmin / pmax (which return one operand's bits) and not conversions from integers.
  static bool may_give_arbitrary_nan(const SimdOp& op) {
    if (op.kind != SimdKind::Unary && op.kind != SimdKind::Binary && op.kind != SimdKind::Ternary) return false;
    std::string_view t = op.text;
    if (!t.starts_with("f32x4.") && !t.starts_with("f64x2.")) return false;
    std::string_view what = t.substr(6);
    for (std::string_view exact : {"eq", "ne", "lt", "gt", "le", "ge", "abs", "neg", "pmin", "pmax"}) {
      if (what == exact) return false;
    }
    return !what.starts_with("convert");
  }

  std::vector<SimdOp> ops_[static_cast<size_t>(SimdKind::Count_)];
};

const SimdCatalog& simd_catalog(bool relaxed) {
  static const SimdCatalog plain(false), with_relaxed(true);
  return relaxed ? with_relaxed : plain;
}

// ---- The module ------------------------------------------------------------------------

constexpr uint32_t kLogFuncs = 4;        // imports 0..3: log_i32, log_i64, log_f32, log_f64
constexpr uint32_t kLoopTrips = 4;       // at most this many iterations per loop entry
constexpr uint32_t kMaxLoopNesting = 3;
constexpr uint32_t kMaxDepth = 5;        // nesting of expressions and statements

class ModuleGen {
 public:
  ModuleGen(Source& src, const Options& o) : s_(src), o_(o), simd_(simd_catalog(o.relaxed_simd)) {
    o_.simd = o_.simd || o_.relaxed_simd;
  }

  Bytes run() {
    plan();
    Bytes m = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    section(m, 1, type_section());
    section(m, 2, import_section());
    section(m, 3, function_section());
    section(m, 4, table_section());
    section(m, 5, memory_section());
    section(m, 6, global_section());
    section(m, 7, export_section());
    section(m, 9, elem_section());
    section(m, 12, Bytes{0x02});  // data count: two segments
    Bytes code;
    u32(code, funcs_.size());
    for (uint32_t f = 0; f < funcs_.size(); ++f) {
      Bytes body = function_body(f);
      u32(code, body.size());
      code.insert(code.end(), body.begin(), body.end());
    }
    section(m, 10, code);
    section(m, 11, data_section());
    return m;
  }

 private:
  // Types 0..3 are the log functions' ([t] -> []); then the functions' signatures; then
  // result-only types for multi-value blocks. With SIMD, the first signature stays numeric
  // (so that some function is exported) and v128 globals follow the call budget.
  void plan() {
    for (VT t : kNumeric) types_.push_back(Sig{{t}, {}});
    uint32_t nsigs = 2 + s_.below(4);
    for (uint32_t i = 0; i < nsigs; ++i) {
      Sig sig;
      uint32_t np = s_.below(4), nr = s_.chance(15) ? 2 + s_.below(2) : s_.below(2);
      for (uint32_t k = 0; k < np; ++k) sig.params.push_back(i == 0 ? numeric() : value_type());
      for (uint32_t k = 0; k < nr; ++k) sig.results.push_back(i == 0 ? numeric() : value_type());
      types_.push_back(sig);
    }
    first_block_type_ = static_cast<uint32_t>(types_.size());
    for (int i = 0; i < 2; ++i) types_.push_back(Sig{{}, {value_type(), value_type()}});
    uint32_t nfuncs = 1 + s_.below(std::max<uint32_t>(o_.max_funcs, 1));
    for (uint32_t i = 0; i < nfuncs; ++i) funcs_.push_back(kLogFuncs + s_.below(nsigs));
    if (std::none_of(funcs_.begin(), funcs_.end(), [&](uint32_t t) { return types_[t].numeric(); })) {
      funcs_[0] = kLogFuncs;
    }
    uint32_t nglobals = s_.below(o_.max_globals + 1);
    for (uint32_t i = 0; i < nglobals; ++i) globals_.push_back(numeric());
    budget_global_ = static_cast<uint32_t>(globals_.size());
    table_size_ = static_cast<uint32_t>(funcs_.size()) + 2;
    if (o_.simd) vglobals_ = s_.below(3);
  }

  VT numeric() { return kNumeric[s_.below(4)]; }
  // A numeric type, or with SIMD sometimes v128 (without SIMD, the same choices as numeric()).
  VT value_type() { return o_.simd && s_.chance(20) ? V128 : numeric(); }
  bool exported(uint32_t defined) const { return types_[funcs_[defined]].numeric(); }
  uint32_t func_index(uint32_t defined) const { return kLogFuncs + defined; }

  Bytes type_section() {
    Bytes b;
    u32(b, types_.size());
    for (const Sig& t : types_) {
      b.push_back(0x60);
      u32(b, t.params.size());
      for (VT v : t.params) b.push_back(v);
      u32(b, t.results.size());
      for (VT v : t.results) b.push_back(v);
    }
    return b;
  }

  Bytes import_section() {
    Bytes b;
    u32(b, kLogFuncs);
    const char* names[] = {"log_i32", "log_i64", "log_f32", "log_f64"};
    for (uint32_t i = 0; i < kLogFuncs; ++i) {
      name(b, "env");
      name(b, names[i]);
      b.push_back(0x00);
      u32(b, i);
    }
    return b;
  }

  Bytes function_section() {
    Bytes b;
    u32(b, funcs_.size());
    for (uint32_t t : funcs_) u32(b, t);
    return b;
  }

  Bytes table_section() {
    Bytes b = {0x01, FuncRef, 0x01};
    u32(b, table_size_);
    u32(b, table_size_ + 3);
    return b;
  }

  Bytes memory_section() { return Bytes{0x01, 0x01, 0x01, 0x02}; }  // 1 page, at most 2

  void const_of(Bytes& b, VT t) {
    switch (t) {
      case V128: return v128_const(b);
      case I32: b.push_back(0x41); s64(b, static_cast<int32_t>(interesting32())); break;
      case I64: b.push_back(0x42); s64(b, static_cast<int64_t>(interesting64())); break;
      case F32: {
        b.push_back(0x43);
        uint32_t bits = float_bits32();
        for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(bits >> (8 * i)));
        break;
      }
      default: {
        b.push_back(0x44);
        uint64_t bits = float_bits64();
        for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(bits >> (8 * i)));
        break;
      }
    }
  }

  Bytes global_section() {
    Bytes b;
    u32(b, globals_.size() + 1 + vglobals_);
    for (VT t : globals_) {
      b.push_back(t);
      b.push_back(0x01);
      const_of(b, t);
      b.push_back(0x0B);
    }
    b.push_back(I32);  // the call budget
    b.push_back(0x01);
    b.push_back(0x41);
    s64(b, o_.call_budget);
    b.push_back(0x0B);
    for (uint32_t i = 0; i < vglobals_; ++i) {
      b.push_back(V128);
      b.push_back(0x01);
      const_of(b, V128);
      b.push_back(0x0B);
    }
    return b;
  }

  Bytes export_section() {
    Bytes b;
    uint32_t nexported = 0;
    for (uint32_t f = 0; f < funcs_.size(); ++f) nexported += exported(f);
    u32(b, nexported + 1 + globals_.size());
    for (uint32_t f = 0; f < funcs_.size(); ++f) {
      if (!exported(f)) continue;
      name(b, "f" + std::to_string(f));
      b.push_back(0x00);
      u32(b, func_index(f));
    }
    name(b, "memory");
    b.push_back(0x02);
    b.push_back(0x00);
    for (uint32_t g = 0; g < globals_.size(); ++g) {
      name(b, "g" + std::to_string(g));
      b.push_back(0x03);
      u32(b, g);
    }
    return b;
  }

  // Entries from 0: some of the functions, in a random order; the rest of the table is null.
  // Functions that are not exported are declared by a declarative segment, for ref.func.
  Bytes elem_section() {
    std::vector<uint32_t> internal;
    for (uint32_t f = 0; f < funcs_.size(); ++f) {
      if (!exported(f)) internal.push_back(func_index(f));
    }
    Bytes b = {static_cast<uint8_t>(internal.empty() ? 1 : 2), 0x00, 0x41, 0x00, 0x0B};
    uint32_t n = s_.below(static_cast<uint32_t>(funcs_.size()) + 1);
    u32(b, n);
    for (uint32_t i = 0; i < n; ++i) u32(b, func_index(s_.below(static_cast<uint32_t>(funcs_.size()))));
    if (!internal.empty()) {
      b.insert(b.end(), {0x03, 0x00});  // declarative, funcref
      u32(b, internal.size());
      for (uint32_t f : internal) u32(b, f);
    }
    return b;
  }

  Bytes data_section() {
    Bytes b = {0x02};
    // An active segment somewhere in the first page, then a passive one for memory.init.
    b.insert(b.end(), {0x00, 0x41});
    s64(b, s_.below(1024));
    b.push_back(0x0B);
    uint32_t n = 1 + s_.below(32);
    u32(b, n);
    for (uint32_t i = 0; i < n; ++i) b.push_back(static_cast<uint8_t>(s_.below(256)));
    b.push_back(0x01);
    n = 1 + s_.below(32);
    u32(b, n);
    for (uint32_t i = 0; i < n; ++i) b.push_back(static_cast<uint8_t>(s_.below(256)));
    return b;
  }

  // ---- Values --------------------------------------------------------------------------

  uint32_t interesting32() {
    static constexpr uint32_t kValues[] = {0, 1, 2, 7, 0xFF, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
                                           0xFFFFFFFE, 16, 31, 32, 64, 100, 1000, 65535, 65536 - 4};
    if (s_.chance(70)) return kValues[s_.below(sizeof kValues / sizeof *kValues)];
    return static_cast<uint32_t>(s_.bits64());
  }
  uint64_t interesting64() {
    static constexpr uint64_t kValues[] = {0, 1, 2, 63, 64, 0xFFFFFFFF, 0x100000000, 0x7FFFFFFFFFFFFFFF,
                                           0x8000000000000000, 0xFFFFFFFFFFFFFFFF, 0x80000000};
    if (s_.chance(70)) return kValues[s_.below(sizeof kValues / sizeof *kValues)];
    return s_.bits64();
  }
  uint32_t float_bits32() {
    static constexpr uint32_t kValues[] = {0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000,
                                           0x7FC00000, 0x00000001, 0x7F7FFFFF, 0x4F000000, 0xCF000000, 0x3F000000,
                                           0x4B000000, 0x42280000};
    if (s_.chance(75)) return kValues[s_.below(sizeof kValues / sizeof *kValues)];
    return static_cast<uint32_t>(s_.bits64());
  }
  uint64_t float_bits64() {
    static constexpr uint64_t kValues[] = {0, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000,
                                           0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 1,
                                           0x7FEFFFFFFFFFFFFF, 0x41E0000000000000, 0xC3E0000000000000,
                                           0x3FE0000000000000, 0x4330000000000000, 0x4045000000000000};
    if (s_.chance(75)) return kValues[s_.below(sizeof kValues / sizeof *kValues)];
    return s_.bits64();
  }

  // Lane values of interest for 8- and 16-bit lanes.
  uint8_t interesting8() {
    static constexpr uint8_t kBytes[] = {0, 1, 2, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 16, 31};
    return kBytes[s_.below(sizeof kBytes)];
  }
  uint16_t interesting16() {
    static constexpr uint16_t kHalves[] = {0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF, 0x00FF, 0xFF00, 0x4000, 15};
    return kHalves[s_.below(sizeof kHalves / sizeof *kHalves)];
  }

  // v128.const: zeroes, ones, random bytes, lanes of one shape with values of interest
  // (floats included: infinities, NaNs with and without payloads, extremes), or one such
  // value in every lane.
  void v128_const(Bytes& b) {
    uint8_t v[16] = {};
    auto lanes = [&](uint32_t width, auto&& value) {
      for (uint32_t i = 0; i < 16 / width; ++i) {
        uint64_t x = value();
        for (uint32_t k = 0; k < width; ++k) v[i * width + k] = static_cast<uint8_t>(x >> (8 * k));
      }
    };
    auto same = [&](uint32_t width, uint64_t x) { lanes(width, [x] { return x; }); };
    switch (s_.below(12)) {
      case 0: break;
      case 1: std::memset(v, 0xFF, sizeof v); break;
      case 2: lanes(1, [&] { return s_.below(256); }); break;
      case 3: lanes(1, [&] { return interesting8(); }); break;
      case 4: lanes(2, [&] { return interesting16(); }); break;
      case 9: same(1, interesting8()); break;
      case 10: same(2, interesting16()); break;
      case 11: {
        uint32_t shape = s_.below(4);
        same(4 << (shape & 1), shape == 0 ? interesting32() : shape == 1 ? interesting64()
                                 : shape == 2 ? float_bits32() : float_bits64());
        break;
      }
      case 5: lanes(4, [&] { return interesting32(); }); break;
      case 6: lanes(8, [&] { return interesting64(); }); break;
      case 7: lanes(4, [&] { return float_bits32(); }); break;
      default: lanes(8, [&] { return float_bits64(); }); break;
    }
    b.push_back(0xFD);
    u32(b, simd_.code_of("v128.const"));
    b.insert(b.end(), v, v + 16);
  }

  // ---- Function bodies -----------------------------------------------------------------

  struct Label {
    std::vector<VT> types;  // what a branch to it carries
  };

  Bytes function_body(uint32_t f) {
    const Sig& sig = types_[funcs_[f]];
    locals_ = sig.params;
    nparams_ = static_cast<uint32_t>(locals_.size());
    reserved_.assign(locals_.size(), false);
    for (uint32_t i = 0, n = s_.below(5); i < n; ++i) add_local(value_type(), false);
    vscratch_ = -1;
    code_.clear();
    budget_ = o_.body_budget;
    loops_ = 0;
    results_ = sig.results;
    labels_.assign(1, Label{sig.results});

    // The call budget: once it is spent, return zeroes at once.
    op(0x23), u32(code_, budget_global_), op(0x45), op(0x04), op(0x40);
    for (VT t : results_) zero(t);
    op(0x0F), op(0x0B);
    op(0x23), u32(code_, budget_global_), op(0x41), op(0x01), op(0x6B), op(0x24), u32(code_, budget_global_);

    statements(0);
    for (VT t : results_) value(t, 0);
    op(0x0B);

    Bytes body;
    u32(body, locals_.size() - nparams_);
    for (size_t i = nparams_; i < locals_.size(); ++i) {
      body.push_back(0x01);
      body.push_back(locals_[i]);
    }
    body.insert(body.end(), code_.begin(), code_.end());
    return body;
  }

  uint32_t add_local(VT t, bool reserved) {
    locals_.push_back(t);
    reserved_.push_back(reserved);
    return static_cast<uint32_t>(locals_.size() - 1);
  }

  void op(uint8_t b) {
    code_.push_back(b);
    if (budget_) --budget_;
  }
  void imm(uint64_t v) { u32(code_, v); }

  void zero(VT t) {
    switch (t) {
      case I32: op(0x41), op(0x00); break;
      case I64: op(0x42), op(0x00); break;
      case F32: op(0x43), code_.insert(code_.end(), 4, 0x00); break;
      case F64: op(0x44), code_.insert(code_.end(), 8, 0x00); break;
      case V128: op(0xFD), imm(simd_.code_of("v128.const")), code_.insert(code_.end(), 16, 0x00); break;
      case FuncRef: op(0xD0), op(FuncRef); break;
    }
  }

  bool spent(uint32_t depth) const { return budget_ == 0 || depth >= kMaxDepth; }

  // A local of type t that code may write (not a loop counter), or -1.
  int64_t pick_local(VT t) {
    std::vector<uint32_t> c;
    for (uint32_t i = 0; i < locals_.size(); ++i) {
      if (locals_[i] == t && !reserved_[i]) c.push_back(i);
    }
    return c.empty() ? int64_t{-1} : int64_t{c[s_.below(static_cast<uint32_t>(c.size()))]};
  }
  int64_t pick_global(VT t) {
    if (t == V128) {
      if (vglobals_ == 0) return -1;
      return static_cast<int64_t>(globals_.size() + 1 + s_.below(vglobals_));
    }
    std::vector<uint32_t> c;
    for (uint32_t i = 0; i < globals_.size(); ++i) {
      if (globals_[i] == t) c.push_back(i);
    }
    return c.empty() ? int64_t{-1} : int64_t{c[s_.below(static_cast<uint32_t>(c.size()))]};
  }

  // Pushes one value of type t.
  void value(VT t, uint32_t depth) {
    if (t == FuncRef) return funcref(depth);
    if (t == V128) return vector(depth);
    if (o_.simd && !spent(depth) && s_.chance(20)) return from_vector(t, depth);
    if (spent(depth) || s_.chance(25)) return leaf(t);
    switch (s_.below(12)) {
      case 0: case 1: case 2: return unary_or_binary(t, depth);
      case 3: return comparison_or_conversion(t, depth);
      case 4: return load(t, depth);
      case 5: {  // select
        value(t, depth + 1), value(t, depth + 1), value(I32, depth + 1);
        return op(0x1B);
      }
      case 6: return block_value(t, depth);
      case 7: return call_returning(t, depth);
      case 8: {  // local.tee
        int64_t l = pick_local(t);
        if (l < 0) return leaf(t);
        value(t, depth + 1);
        op(0x22);
        return imm(static_cast<uint64_t>(l));
      }
      case 9:
        if (t == I32) {
          switch (s_.below(5)) {
            case 0: return op(0x3F), op(0x00);                                  // memory.size
            case 1: value(I32, depth + 1); return op(0x40), op(0x00);           // memory.grow
            case 2: funcref(depth + 1); return op(0xD1);                        // ref.is_null
            case 3: return op(0xFC), imm(16), imm(0);                           // table.size
            default:
              funcref(depth + 1), small_i32(4);
              return op(0xFC), imm(15), imm(0);                                 // table.grow
          }
        }
        return leaf(t);
      default: return unary_or_binary(t, depth);
    }
  }

  // A block or an if/else with one result of type t.
  void block_value(VT t, uint32_t depth) {
    std::vector<VT> r = {t};
    if (s_.chance(50)) {
      op(0x02), code_.push_back(t);
      labels_.push_back(Label{r});
      statements(depth + 1);
      value(t, depth + 1);
    } else {
      value(I32, depth + 1);
      op(0x04), code_.push_back(t);
      labels_.push_back(Label{r});
      statements(depth + 1);
      value(t, depth + 1);
      op(0x05);
      statements(depth + 1);
      value(t, depth + 1);
    }
    labels_.pop_back();
    op(0x0B);
  }

  void leaf(VT t) {
    if (s_.chance(40)) {
      int64_t l = pick_local(t);
      if (l < 0 && t == I32) {
        // Loop counters may be read.
        for (uint32_t i = 0; i < locals_.size(); ++i) {
          if (locals_[i] == I32) l = i;
        }
      }
      if (l >= 0) return op(0x20), imm(static_cast<uint64_t>(l));
    }
    if (s_.chance(20)) {
      int64_t g = pick_global(t);
      if (g >= 0) return op(0x23), imm(static_cast<uint64_t>(g));
    }
    const_of(code_, t);
    if (budget_) --budget_;
  }

  void small_i32(uint32_t below) { op(0x41), s64(code_, s_.below(below)); }

  void funcref(uint32_t depth) {
    switch (s_.below(3)) {
      case 0: op(0xD0), op(FuncRef); return;
      case 1: op(0xD2), imm(func_index(s_.below(static_cast<uint32_t>(funcs_.size())))); return;
      default:
        table_index(depth + 1);
        op(0x25), op(0x00);  // table.get
    }
  }

  void table_index(uint32_t depth) {
    if (s_.chance(85) || spent(depth)) return small_i32(table_size_ + 2);
    value(I32, depth);
  }

  // Any value converted to a float with NaNs made canonical: the bits of a NaN that
  // arithmetic produced are not deterministic, so none reaches memory, a reinterpretation or
  // copysign's sign operand.
  void denan(VT t, uint32_t depth) {
    value(t, depth);
    uint32_t tmp = add_local(t, false);
    op(0x22), imm(tmp);                     // local.tee tmp
    if (t == F32) {
      op(0x43), code_.insert(code_.end(), {0x00, 0x00, 0xC0, 0x7F});
    } else {
      op(0x44), code_.insert(code_.end(), {0, 0, 0, 0, 0, 0, 0xF8, 0x7F});
    }
    op(0x20), imm(tmp), op(0x20), imm(tmp);
    op(t == F32 ? 0x5B : 0x61);             // eq: false only for NaN
    op(0x1B);                               // select(tmp, canonical NaN, tmp == tmp)
  }

  void unary_or_binary(VT t, uint32_t depth) {
    static constexpr uint8_t kI32Un[] = {0x67, 0x68, 0x69, 0x45, 0xC0, 0xC1};
    static constexpr uint8_t kI32Bin[] = {0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70, 0x71,
                                          0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78};
    static constexpr uint8_t kI64Un[] = {0x79, 0x7A, 0x7B, 0xC2, 0xC3, 0xC4};
    static constexpr uint8_t kI64Bin[] = {0x7C, 0x7D, 0x7E, 0x7F, 0x80, 0x81, 0x82, 0x83,
                                          0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A};
    static constexpr uint8_t kF32Un[] = {0x8B, 0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x91};
    static constexpr uint8_t kF32Bin[] = {0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98};
    static constexpr uint8_t kF64Un[] = {0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F};
    static constexpr uint8_t kF64Bin[] = {0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6};
    bool un = s_.chance(35);
    auto pick = [&](const uint8_t* list, size_t n) { return list[s_.below(static_cast<uint32_t>(n))]; };
    uint8_t code;
    switch (t) {
      case I32: code = un ? pick(kI32Un, 6) : pick(kI32Bin, 15); break;
      case I64: code = un ? pick(kI64Un, 6) : pick(kI64Bin, 15); break;
      case F32: code = un ? pick(kF32Un, 7) : pick(kF32Bin, 7); break;
      default: code = un ? pick(kF64Un, 7) : pick(kF64Bin, 7); break;
    }
    value(t, depth + 1);
    if (!un) {
      if (code == 0x98 || code == 0xA6) {
        denan(t, depth + 1);  // copysign's sign operand
      } else {
        value(t, depth + 1);
      }
    }
    op(code);
  }

  void comparison_or_conversion(VT t, uint32_t depth) {
    struct Conv {
      uint8_t prefix, code;
      VT from;
    };
    static constexpr Conv kToI32[] = {
        {0, 0x46, I32}, {0, 0x49, I32}, {0, 0x4C, I32}, {0, 0x4F, I32}, {0, 0x50, I64}, {0, 0x51, I64},
        {0, 0x53, I64}, {0, 0x5A, I64}, {0, 0x5B, F32}, {0, 0x5D, F32}, {0, 0x60, F32}, {0, 0x61, F64},
        {0, 0x64, F64}, {0, 0x66, F64}, {0, 0xA7, I64}, {0, 0xA8, F32}, {0, 0xA9, F32}, {0, 0xAA, F64},
        {0, 0xAB, F64}, {0, 0xBC, F32}, {0xFC, 0, F32}, {0xFC, 1, F32}, {0xFC, 2, F64}, {0xFC, 3, F64}};
    static constexpr Conv kToI64[] = {{0, 0xAC, I32}, {0, 0xAD, I32}, {0, 0xAE, F32}, {0, 0xAF, F32},
                                      {0, 0xB0, F64}, {0, 0xB1, F64}, {0, 0xBD, F64}, {0xFC, 4, F32},
                                      {0xFC, 5, F32}, {0xFC, 6, F64}, {0xFC, 7, F64}};
    static constexpr Conv kToF32[] = {{0, 0xB2, I32}, {0, 0xB3, I32}, {0, 0xB4, I64},
                                      {0, 0xB5, I64}, {0, 0xB6, F64}, {0, 0xBE, I32}};
    static constexpr Conv kToF64[] = {{0, 0xB7, I32}, {0, 0xB8, I32}, {0, 0xB9, I64},
                                      {0, 0xBA, I64}, {0, 0xBB, F32}, {0, 0xBF, I64}};
    const Conv* list;
    size_t n;
    switch (t) {
      case I32: list = kToI32, n = sizeof kToI32 / sizeof *kToI32; break;
      case I64: list = kToI64, n = sizeof kToI64 / sizeof *kToI64; break;
      case F32: list = kToF32, n = sizeof kToF32 / sizeof *kToF32; break;
      default: list = kToF64, n = sizeof kToF64 / sizeof *kToF64; break;
    }
    const Conv& c = list[s_.below(static_cast<uint32_t>(n))];
    bool binary_compare = c.prefix == 0 && c.code >= 0x46 && c.code <= 0x66 && c.code != 0x50;
    bool reinterpret = c.prefix == 0 && (c.code == 0xBC || c.code == 0xBD);
    if (reinterpret) {
      denan(c.from, depth + 1);
    } else {
      value(c.from, depth + 1);
    }
    if (binary_compare) value(c.from, depth + 1);
    if (c.prefix) {
      op(c.prefix), imm(c.code);
    } else {
      op(c.code);
    }
  }

  // An address: mostly a constant near the memory (sometimes past it), else any i32.
  void address(uint32_t depth) {
    if (spent(depth) || s_.chance(80)) {
      uint32_t a = s_.chance(90) ? s_.below(65536 + 64) : interesting32();
      op(0x41), s64(code_, static_cast<int32_t>(a));
      return;
    }
    value(I32, depth);
  }

  void memarg(uint32_t natural_log2) {
    imm(s_.below(natural_log2 + 1));
    imm(s_.chance(80) ? s_.below(32) : interesting32());
  }

  void load(VT t, uint32_t depth) {
    struct Load {
      uint8_t code, log2;
    };
    static constexpr Load kI32[] = {{0x28, 2}, {0x2C, 0}, {0x2D, 0}, {0x2E, 1}, {0x2F, 1}};
    static constexpr Load kI64[] = {{0x29, 3}, {0x30, 0}, {0x31, 0}, {0x32, 1}, {0x33, 1}, {0x34, 2}, {0x35, 2}};
    Load l;
    switch (t) {
      case I32: l = kI32[s_.below(5)]; break;
      case I64: l = kI64[s_.below(7)]; break;
      case F32: l = {0x2A, 2}; break;
      default: l = {0x2B, 3}; break;
    }
    address(depth + 1);
    op(l.code);
    memarg(l.log2);
  }

  void store(uint32_t depth) {
    struct Store {
      uint8_t code, log2;
      VT t;
    };
    static constexpr Store kStores[] = {{0x36, 2, I32}, {0x37, 3, I64}, {0x38, 2, F32}, {0x39, 3, F64}, {0x3A, 0, I32},
                                        {0x3B, 1, I32}, {0x3C, 0, I64}, {0x3D, 1, I64}, {0x3E, 2, I64}};
    const Store& st = kStores[s_.below(9)];
    address(depth + 1);
    if (st.t == F32 || st.t == F64) {
      denan(st.t, depth + 1);
    } else {
      value(st.t, depth + 1);
    }
    op(st.code);
    memarg(st.log2);
  }

  // The defined functions (or, for call_indirect, the types) with results exactly [t].
  void call_returning(VT t, uint32_t depth) {
    std::vector<uint32_t> c;
    for (uint32_t f = 0; f < funcs_.size(); ++f) {
      const Sig& sig = types_[funcs_[f]];
      if (sig.results.size() == 1 && sig.results[0] == t) c.push_back(f);
    }
    if (c.empty()) return leaf(t);
    uint32_t f = c[s_.below(static_cast<uint32_t>(c.size()))];
    call(f, s_.chance(30), depth);
  }

  // Arguments, then call (or call_indirect through the table with f's type).
  void call(uint32_t f, bool indirect, uint32_t depth) {
    const Sig& sig = types_[funcs_[f]];
    for (VT p : sig.params) value(p, depth + 1);
    if (indirect) {
      table_index(depth + 1);
      op(0x11), imm(funcs_[f]), imm(0);
    } else {
      op(0x10), imm(func_index(f));
    }
  }

  // ---- SIMD ----------------------------------------------------------------------------

  const SimdOp& pick(SimdKind k) {
    const std::vector<SimdOp>& list = simd_.of(k);
    return list[s_.below(static_cast<uint32_t>(list.size()))];
  }

  void simd_op(const SimdOp& o) { op(0xFD), imm(o.code); }

  // The scalar operand of a splat or replace_lane: floats with NaNs made canonical, so that
  // no lane of a vector has engine-chosen bits.
  void scalar_operand(VT t, uint32_t depth) {
    if (t == F32 || t == F64) return denan(t, depth);
    value(t, depth);
  }

  void shift_count(uint32_t depth) {
    static constexpr int32_t kCounts[] = {0, 1, 3, 7, 8, 9, 15, 16, 31, 32, 63, 64, 65, -1};
    if (spent(depth) || s_.chance(60)) return op(0x41), s64(code_, kCounts[s_.below(sizeof kCounts / sizeof *kCounts)]);
    value(I32, depth);
  }

  // After an instruction of vector shape 4 (f32x4) or 2 (f64x2) that may give NaN lanes of
  // engine-chosen bits: each NaN lane becomes the canonical NaN,
  // v128.bitselect(x, canonical, fNxM.eq(x, x)), so such lanes never reach an integer view.
  void vdenan(uint8_t shape) {
    if (vscratch_ < 0) vscratch_ = add_local(V128, true);
    op(0x22), imm(static_cast<uint64_t>(vscratch_));
    op(0xFD), imm(simd_.code_of("v128.const"));
    for (int i = 0; i < 16; ++i) {
      static constexpr uint8_t kF32Nan[4] = {0x00, 0x00, 0xC0, 0x7F};
      static constexpr uint8_t kF64Nan[8] = {0, 0, 0, 0, 0, 0, 0xF8, 0x7F};
      code_.push_back(shape == 4 ? kF32Nan[i % 4] : kF64Nan[i % 8]);
    }
    op(0x20), imm(static_cast<uint64_t>(vscratch_)), op(0x20), imm(static_cast<uint64_t>(vscratch_));
    op(0xFD), imm(simd_.code_of(shape == 4 ? "f32x4.eq" : "f64x2.eq"));
    op(0xFD), imm(simd_.code_of("v128.bitselect"));
  }

  // Unary, binary and ternary vector operations, canonical NaNs after those that need them.
  // A binary operation sometimes gets one value twice (x op x: the edge cases where both
  // operands hold the same extreme lanes).
  void vector_op(SimdKind k, uint32_t depth) {
    const SimdOp& o = pick(k);
    uint32_t operands = k == SimdKind::Unary ? 1 : k == SimdKind::Binary ? 2 : 3;
    if (k == SimdKind::Binary && s_.chance(20)) {
      vector(depth + 1);
      if (vscratch_ < 0) vscratch_ = add_local(V128, true);
      op(0x22), imm(static_cast<uint64_t>(vscratch_)), op(0x20), imm(static_cast<uint64_t>(vscratch_));
    } else {
      for (uint32_t i = 0; i < operands; ++i) vector(depth + 1);
    }
    simd_op(o);
    if (o.denan_shape) vdenan(o.denan_shape);
  }

  void lane(uint32_t lanes) { code_.push_back(static_cast<uint8_t>(s_.below(lanes))); }

  // Pushes one v128 value.
  void vector(uint32_t depth) {
    if (spent(depth) || s_.chance(20)) return leaf(V128);
    switch (s_.below(20)) {
      case 0: case 1: {  // a splat, of a lane-sized value of interest or of any value
        const SimdOp& o = pick(SimdKind::Splat);
        uint32_t lanes = shape_lanes(o.text);
        if (o.scalar == I32 && s_.chance(40)) {
          op(0x41), s64(code_, lanes == 16 ? int8_t(interesting8()) : lanes == 8 ? int16_t(interesting16())
                                                                    : int32_t(interesting32()));
        } else {
          scalar_operand(o.scalar, depth + 1);
        }
        return simd_op(o);
      }
      case 2: {
        const SimdOp& o = pick(SimdKind::Replace);
        vector(depth + 1);
        scalar_operand(o.scalar, depth + 1);
        simd_op(o);
        return lane(o.lanes);
      }
      case 3: case 4: case 5: case 6: return vector_op(SimdKind::Binary, depth);
      case 7: case 8: case 9: return vector_op(SimdKind::Unary, depth);
      case 10: return vector_op(SimdKind::Ternary, depth);
      case 11: {
        const SimdOp& o = pick(SimdKind::Shift);
        vector(depth + 1);
        shift_count(depth + 1);
        return simd_op(o);
      }
      case 12: {  // i8x16.shuffle: lanes of either operand
        vector(depth + 1), vector(depth + 1);
        simd_op(pick(SimdKind::Shuffle));
        for (int i = 0; i < 16; ++i) lane(32);
        return;
      }
      case 13: {
        const SimdOp& o = pick(SimdKind::Load);
        address(depth + 1);
        simd_op(o);
        return memarg(o.access_log2);
      }
      case 14: {
        const SimdOp& o = pick(SimdKind::LoadLane);
        address(depth + 1);
        vector(depth + 1);
        simd_op(o);
        memarg(o.access_log2);
        return lane(o.lanes);
      }
      case 15: {  // select, untyped or typed
        vector(depth + 1), vector(depth + 1), value(I32, depth + 1);
        if (s_.chance(50)) return op(0x1B);
        return op(0x1C), op(0x01), op(V128);
      }
      case 16: return block_value(V128, depth);
      case 17: return call_returning(V128, depth);
      case 18: {  // local.tee
        int64_t l = pick_local(V128);
        if (l < 0) return leaf(V128);
        vector(depth + 1);
        op(0x22);
        return imm(static_cast<uint64_t>(l));
      }
      default: return leaf(V128);
    }
  }

  // A scalar of type t read from a vector: a lane, or (i32) any_true, all_true or bitmask.
  void from_vector(VT t, uint32_t depth) {
    std::vector<const SimdOp*> c;
    for (SimdKind k : {SimdKind::Extract, SimdKind::Reduce}) {
      for (const SimdOp& o : simd_.of(k)) {
        if (o.scalar == t) c.push_back(&o);
      }
    }
    const SimdOp& o = *c[s_.below(static_cast<uint32_t>(c.size()))];
    vector(depth + 1);
    simd_op(o);
    if (o.kind == SimdKind::Extract) lane(o.lanes);
  }

  void simd_statement(uint32_t depth) {
    switch (s_.below(6)) {
      case 0: case 1: {  // v128.store, a lane store
        const SimdOp& o = pick(s_.chance(50) ? SimdKind::Store : SimdKind::StoreLane);
        address(depth + 1);
        vector(depth + 1);
        simd_op(o);
        memarg(o.access_log2);
        if (o.kind == SimdKind::StoreLane) lane(o.lanes);
        return;
      }
      case 2: {  // local.set
        int64_t l = pick_local(V128);
        if (l < 0) l = add_local(V128, false);
        vector(depth + 1);
        op(0x21), imm(static_cast<uint64_t>(l));
        return;
      }
      case 3: {  // global.set
        int64_t g = pick_global(V128);
        if (g < 0) return;
        vector(depth + 1);
        op(0x24), imm(static_cast<uint64_t>(g));
        return;
      }
      case 4: {  // log something read from a vector
        uint32_t k = s_.below(4);
        from_vector(kNumeric[k], depth + 1);
        op(0x10), imm(k);
        return;
      }
      default:
        vector(depth + 1);
        op(0x1A);
        return;
    }
  }

  void statements(uint32_t depth) {
    uint32_t n = spent(depth) ? 0 : 1 + s_.below(depth == 0 ? 6 : 4);
    for (uint32_t i = 0; i < n && budget_ > 0; ++i) statement(depth);
  }

  void values_for(const std::vector<VT>& types, uint32_t depth) {
    for (VT t : types) value(t, depth + 1);
  }

  void statement(uint32_t depth) {
    if (o_.simd && s_.chance(40)) return simd_statement(depth);
    switch (s_.below(20)) {
      case 0: case 1: {  // local.set
        VT t = value_type();
        int64_t l = pick_local(t);
        if (l < 0) l = add_local(t, false);
        value(t, depth + 1);
        op(0x21), imm(static_cast<uint64_t>(l));
        return;
      }
      case 2: {  // global.set
        VT t = value_type();
        int64_t g = pick_global(t);
        if (g < 0) return;
        value(t, depth + 1);
        op(0x24), imm(static_cast<uint64_t>(g));
        return;
      }
      case 3: case 4: return store(depth);
      case 5: {  // log
        uint32_t k = s_.below(4);
        value(kNumeric[k], depth + 1);
        op(0x10), imm(k);
        return;
      }
      case 6: {  // drop
        value(value_type(), depth + 1);
        return op(0x1A);
      }
      case 7: {  // block
        op(0x02), op(0x40);
        labels_.push_back(Label{});
        statements(depth + 1);
        labels_.pop_back();
        return op(0x0B);
      }
      case 8: {  // if / else
        value(I32, depth + 1);
        op(0x04), op(0x40);
        labels_.push_back(Label{});
        statements(depth + 1);
        if (s_.chance(50)) op(0x05), statements(depth + 1);
        labels_.pop_back();
        return op(0x0B);
      }
      case 9: return loop(depth);
      case 10: {  // br_if, to any label
        uint32_t l = s_.below(static_cast<uint32_t>(labels_.size()));
        const Label& target = labels_[labels_.size() - 1 - l];
        std::vector<VT> types = target.types;
        values_for(types, depth);
        value(I32, depth + 1);
        op(0x0D), imm(l);
        for (size_t i = 0; i < types.size(); ++i) op(0x1A);
        return;
      }
      case 11: {  // br_table over labels without values, or br
        std::vector<uint32_t> empty;
        for (uint32_t l = 0; l < labels_.size(); ++l) {
          if (labels_[labels_.size() - 1 - l].types.empty()) empty.push_back(l);
        }
        if (empty.empty() || s_.chance(20)) {
          if (!s_.chance(25)) return;  // br: rare, the rest of the block is dead code
          uint32_t l = s_.below(static_cast<uint32_t>(labels_.size()));
          values_for(labels_[labels_.size() - 1 - l].types, depth);
          op(0x0C), imm(l);
          return;
        }
        value(I32, depth + 1);
        uint32_t n = s_.below(4);
        op(0x0E), imm(n);
        for (uint32_t i = 0; i <= n; ++i) imm(empty[s_.below(static_cast<uint32_t>(empty.size()))]);
        return;
      }
      case 12: {  // a call of any function, its results dropped
        uint32_t f = s_.below(static_cast<uint32_t>(funcs_.size()));
        call(f, s_.chance(35), depth);
        for (size_t i = 0; i < types_[funcs_[f]].results.size(); ++i) op(0x1A);
        return;
      }
      case 13: {  // bulk memory
        switch (s_.below(4)) {
          case 0: address(depth + 1), value(I32, depth + 1), small_i32(300); return op(0xFC), imm(11), imm(0);
          case 1: address(depth + 1), address(depth + 1), small_i32(300); return op(0xFC), imm(10), imm(0), imm(0);
          case 2: address(depth + 1), small_i32(40), small_i32(40); return op(0xFC), imm(8), imm(1), imm(0);
          default: return op(0xFC), imm(9), imm(1);  // data.drop
        }
      }
      case 14: {  // table.set, table.grow
        if (s_.chance(50)) {
          table_index(depth + 1), funcref(depth + 1);
          return op(0x26), op(0x00);
        }
        funcref(depth + 1), small_i32(3);
        op(0xFC), imm(15), imm(0);
        return op(0x1A);
      }
      case 15: {  // a multi-value block, its values dropped
        uint32_t ti = first_block_type_ + s_.below(2);
        std::vector<VT> r = types_[ti].results;
        op(0x02), imm(ti);
        labels_.push_back(Label{r});
        statements(depth + 1);
        values_for(r, depth);
        labels_.pop_back();
        op(0x0B);
        for (size_t i = 0; i < r.size(); ++i) op(0x1A);
        return;
      }
      case 16:
        if (s_.chance(10)) {  // return
          values_for(results_, depth);
          return op(0x0F);
        }
        return;
      case 17:
        if (s_.chance(5)) return op(0x00);  // unreachable
        return;
      default: {  // memory.grow, dropped
        value(I32, depth + 1);
        op(0x40), op(0x00);
        return op(0x1A);
      }
    }
  }

  // block $exit (loop $top (br_if $exit (i32.eqz c)) (c := c - 1) ... (br $top)): at most
  // kLoopTrips iterations per entry, whatever the body does with its branches.
  void loop(uint32_t depth) {
    if (loops_ >= kMaxLoopNesting) return;
    ++loops_;
    uint32_t c = add_local(I32, true);
    op(0x41), s64(code_, 1 + s_.below(kLoopTrips)), op(0x21), imm(c);
    op(0x02), op(0x40);
    labels_.push_back(Label{});
    op(0x03), op(0x40);
    labels_.push_back(Label{});
    op(0x20), imm(c), op(0x45), op(0x0D), imm(1);
    op(0x20), imm(c), op(0x41), op(0x01), op(0x6B), op(0x21), imm(c);
    statements(depth + 1);
    op(0x0C), imm(0);
    labels_.pop_back();
    op(0x0B);
    labels_.pop_back();
    op(0x0B);
    --loops_;
  }

  Source& s_;
  Options o_;
  const SimdCatalog& simd_;
  uint32_t vglobals_ = 0;  // v128 globals, after the call budget (not exported)
  int64_t vscratch_ = -1;  // the v128 scratch local of vdenan and x op x in the current function
  std::vector<Sig> types_;
  uint32_t first_block_type_ = 0;
  std::vector<uint32_t> funcs_;  // type index of each defined function
  std::vector<VT> globals_;
  uint32_t budget_global_ = 0;
  uint32_t table_size_ = 0;

  std::vector<VT> locals_;
  std::vector<bool> reserved_;
  uint32_t nparams_ = 0;
  std::vector<VT> results_;
  std::vector<Label> labels_;
  Bytes code_;
  uint32_t budget_ = 0;
  uint32_t loops_ = 0;
};

}  // namespace

std::vector<uint8_t> generate_module(Source& source, const Options& options) {
  return ModuleGen(source, options).run();
}

}  // namespace kiln::fuzzgen
