// The module generator (generator.h): type-directed bodies written straight to bytes.
#include "generator.h"

#include <algorithm>
#include <cstring>
#include <string>

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

enum VT : uint8_t { I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, FuncRef = 0x70 };
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
};

// ---- The module ------------------------------------------------------------------------

constexpr uint32_t kLogFuncs = 4;        // imports 0..3: log_i32, log_i64, log_f32, log_f64
constexpr uint32_t kLoopTrips = 4;       // at most this many iterations per loop entry
constexpr uint32_t kMaxLoopNesting = 3;
constexpr uint32_t kMaxDepth = 5;        // nesting of expressions and statements

class ModuleGen {
 public:
  ModuleGen(Source& src, const Options& o) : s_(src), o_(o) {}

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
  // result-only types for multi-value blocks.
  void plan() {
    for (VT t : kNumeric) types_.push_back(Sig{{t}, {}});
    uint32_t nsigs = 2 + s_.below(4);
    for (uint32_t i = 0; i < nsigs; ++i) {
      Sig sig;
      uint32_t np = s_.below(4), nr = s_.chance(15) ? 2 + s_.below(2) : s_.below(2);
      for (uint32_t k = 0; k < np; ++k) sig.params.push_back(numeric());
      for (uint32_t k = 0; k < nr; ++k) sig.results.push_back(numeric());
      types_.push_back(sig);
    }
    first_block_type_ = static_cast<uint32_t>(types_.size());
    for (int i = 0; i < 2; ++i) types_.push_back(Sig{{}, {numeric(), numeric()}});
    uint32_t nfuncs = 1 + s_.below(std::max<uint32_t>(o_.max_funcs, 1));
    for (uint32_t i = 0; i < nfuncs; ++i) funcs_.push_back(kLogFuncs + s_.below(nsigs));
    uint32_t nglobals = s_.below(o_.max_globals + 1);
    for (uint32_t i = 0; i < nglobals; ++i) globals_.push_back(numeric());
    budget_global_ = static_cast<uint32_t>(globals_.size());
    table_size_ = static_cast<uint32_t>(funcs_.size()) + 2;
  }

  VT numeric() { return kNumeric[s_.below(4)]; }
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
    u32(b, globals_.size() + 1);
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
    return b;
  }

  Bytes export_section() {
    Bytes b;
    u32(b, funcs_.size() + 1 + globals_.size());
    for (uint32_t f = 0; f < funcs_.size(); ++f) {
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
  Bytes elem_section() {
    Bytes b = {0x01, 0x00, 0x41, 0x00, 0x0B};
    uint32_t n = s_.below(static_cast<uint32_t>(funcs_.size()) + 1);
    u32(b, n);
    for (uint32_t i = 0; i < n; ++i) u32(b, func_index(s_.below(static_cast<uint32_t>(funcs_.size()))));
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

  // ---- Function bodies -----------------------------------------------------------------

  struct Label {
    std::vector<VT> types;  // what a branch to it carries
  };

  Bytes function_body(uint32_t f) {
    const Sig& sig = types_[funcs_[f]];
    locals_ = sig.params;
    nparams_ = static_cast<uint32_t>(locals_.size());
    reserved_.assign(locals_.size(), false);
    for (uint32_t i = 0, n = s_.below(5); i < n; ++i) add_local(numeric(), false);
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
    std::vector<uint32_t> c;
    for (uint32_t i = 0; i < globals_.size(); ++i) {
      if (globals_[i] == t) c.push_back(i);
    }
    return c.empty() ? int64_t{-1} : int64_t{c[s_.below(static_cast<uint32_t>(c.size()))]};
  }

  // Pushes one value of type t.
  void value(VT t, uint32_t depth) {
    if (t == FuncRef) return funcref(depth);
    if (spent(depth) || s_.chance(25)) return leaf(t);
    switch (s_.below(12)) {
      case 0: case 1: case 2: return unary_or_binary(t, depth);
      case 3: return comparison_or_conversion(t, depth);
      case 4: return load(t, depth);
      case 5: {  // select
        value(t, depth + 1), value(t, depth + 1), value(I32, depth + 1);
        return op(0x1B);
      }
      case 6: {  // block or if with a result
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
        return op(0x0B);
      }
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

  void statements(uint32_t depth) {
    uint32_t n = spent(depth) ? 0 : 1 + s_.below(depth == 0 ? 6 : 4);
    for (uint32_t i = 0; i < n && budget_ > 0; ++i) statement(depth);
  }

  void values_for(const std::vector<VT>& types, uint32_t depth) {
    for (VT t : types) value(t, depth + 1);
  }

  void statement(uint32_t depth) {
    switch (s_.below(20)) {
      case 0: case 1: {  // local.set
        VT t = numeric();
        int64_t l = pick_local(t);
        if (l < 0) l = add_local(t, false);
        value(t, depth + 1);
        op(0x21), imm(static_cast<uint64_t>(l));
        return;
      }
      case 2: {  // global.set
        VT t = numeric();
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
        value(numeric(), depth + 1);
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
