// The module generator with SIMD (fuzz/gen, Options::simd and Options::relaxed_simd): its
// modules are valid (for wabt, and for Kiln once Kiln runs SIMD), deterministic for a seed,
// use nearly every SIMD instruction, keep v128 out of exported signatures, and use relaxed
// SIMD only when asked.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "generator.h"
#include "kiln/kiln.hh"

namespace {

using kiln::fuzzgen::Options;
using kiln::fuzzgen::Source;

Options simd_options(bool relaxed = false) {
  Options o;
  o.simd = true;
  o.relaxed_simd = relaxed;
  return o;
}

std::vector<uint8_t> make(uint64_t seed, const Options& o) {
  Source src = Source::from_seed(seed);
  return kiln::fuzzgen::generate_module(src, o);
}

// The text names of the 0xFD instructions of the opcode table: those of feature Simd, or
// of RelaxedSimd.
std::set<std::string> simd_names(bool relaxed) {
  struct Row {
    uint32_t prefix;
    std::string_view text, feature;
  };
  static constexpr Row kRows[] = {
#define WASM_OP(name, prefix, code, text, imm, sig, feature) {prefix, text, #feature},
#include "spec/opcodes.def"
#undef WASM_OP
  };
  std::set<std::string> names;
  for (const Row& r : kRows) {
    if (r.prefix == 0xFD && r.feature == (relaxed ? "RelaxedSimd" : "Simd")) names.insert(std::string(r.text));
  }
  return names;
}

bool have_wabt() { return std::system("wasm-validate --version > /dev/null 2>&1") == 0; }

std::string write_temp(const std::vector<uint8_t>& m, const std::string& name) {
  std::string path = ::testing::TempDir() + "/" + name;
  FILE* f = std::fopen(path.c_str(), "wb");
  EXPECT_NE(f, nullptr);
  if (!f) return path;
  EXPECT_EQ(std::fwrite(m.data(), 1, m.size(), f), m.size());
  std::fclose(f);
  return path;
}

// wabt's text of a module (wasm2wat), as whitespace-separated tokens.
std::vector<std::string> wabt_tokens(const std::vector<uint8_t>& m, bool relaxed) {
  std::string in = write_temp(m, "kiln-gen-simd.wasm"), out = in + ".wat";
  std::string cmd = "wasm2wat " + std::string(relaxed ? "--enable-relaxed-simd " : "") + in + " -o " + out;
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream text(out);
  std::vector<std::string> tokens{std::istream_iterator<std::string>(text), std::istream_iterator<std::string>()};
  std::remove(in.c_str());
  std::remove(out.c_str());
  return tokens;
}

// wabt 1.0.32 spells two relaxed instructions as their proposal did before it was renamed.
std::string our_name(const std::string& wabt_name) {
  if (wabt_name == "i16x8.dot_i8x16_i7x16_s") return "i16x8.relaxed_dot_i8x16_i7x16_s";
  if (wabt_name == "i32x4.dot_i8x16_i7x16_add_s") return "i32x4.relaxed_dot_i8x16_i7x16_add_s";
  return wabt_name;
}

// What a module says about functions and globals, read from its type, import, function,
// global and export sections.
struct Shape {
  std::vector<std::pair<std::vector<uint8_t>, std::vector<uint8_t>>> types;  // params, results
  std::vector<uint32_t> func_types;                                          // imported, then defined
  uint32_t imported_funcs = 0;
  std::vector<uint8_t> global_types;
  std::vector<std::pair<uint8_t, uint32_t>> exports;  // kind, index
};

uint64_t leb(const std::vector<uint8_t>& b, size_t& p) {
  uint64_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    uint8_t x = b.at(p++);
    v |= uint64_t{x & 0x7Fu} << shift;
    if (!(x & 0x80)) return v;
  }
}

Shape shape_of(const std::vector<uint8_t>& m) {
  Shape s;
  size_t p = 8;
  while (p < m.size()) {
    uint8_t id = m[p++];
    size_t size = leb(m, p), end = p + size;
    if (id == 1) {
      for (uint64_t n = leb(m, p); n > 0; --n) {
        EXPECT_EQ(m.at(p++), 0x60);
        std::vector<uint8_t> params, results;
        for (uint64_t k = leb(m, p); k > 0; --k) params.push_back(m.at(p++));
        for (uint64_t k = leb(m, p); k > 0; --k) results.push_back(m.at(p++));
        s.types.emplace_back(params, results);
      }
    } else if (id == 2) {
      for (uint64_t n = leb(m, p); n > 0; --n) {
        p += leb(m, p), p += leb(m, p);  // module and field names
        EXPECT_EQ(m.at(p++), 0x00) << "the generator imports only functions";
        s.func_types.push_back(static_cast<uint32_t>(leb(m, p)));
        ++s.imported_funcs;
      }
    } else if (id == 3) {
      for (uint64_t n = leb(m, p); n > 0; --n) s.func_types.push_back(static_cast<uint32_t>(leb(m, p)));
    } else if (id == 6) {
      // Each initialiser is one constant: i32/i64.const (LEB), f32/f64.const, v128.const.
      for (uint64_t n = leb(m, p); n > 0; --n) {
        s.global_types.push_back(m.at(p++));
        ++p;  // mutability
        uint8_t op = m.at(p++);
        if (op == 0x41 || op == 0x42) leb(m, p);
        else if (op == 0x43) p += 4;
        else if (op == 0x44) p += 8;
        else if (op == 0xFD) leb(m, p), p += 16;
        else ADD_FAILURE() << "unexpected global initialiser " << int{op};
        EXPECT_EQ(m.at(p++), 0x0B);
      }
    } else if (id == 7) {
      for (uint64_t n = leb(m, p); n > 0; --n) {
        p += leb(m, p);
        uint8_t kind = m.at(p++);
        s.exports.emplace_back(kind, static_cast<uint32_t>(leb(m, p)));
      }
    }
    p = end;
  }
  return s;
}

bool has_v128(const std::vector<uint8_t>& types) {
  for (uint8_t t : types) {
    if (t == 0x7B) return true;
  }
  return false;
}

TEST(GeneratorSimd, ASeedAlwaysGivesTheSameModuleAndSimdIsOffByDefault) {
  for (bool relaxed : {false, true}) {
    std::vector<uint8_t> a = make(42, simd_options(relaxed));
    EXPECT_EQ(a, make(42, simd_options(relaxed)));
    EXPECT_NE(a, make(43, simd_options(relaxed)));
  }
  // Off by default, and off means the modules of the generator without SIMD: without the
  // simd feature Kiln accepts no module with a v128 type or a 0xFD instruction, and it
  // validates these (a seed's SIMD module, in contrast, has v128 in it).
  kiln::Config no_simd;
  ASSERT_TRUE(no_simd.set_feature("simd", false));
  ASSERT_TRUE(no_simd.set_feature("relaxed-simd", false));
  kiln::Engine engine(no_simd);
  int with_v128 = 0;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    Source src = Source::from_seed(seed);
    std::vector<uint8_t> plain = kiln::fuzzgen::generate_module(src);
    EXPECT_EQ(plain, make(seed, Options{})) << seed;
    kiln::Result<void> v = kiln::Module::validate(engine, plain);
    EXPECT_TRUE(v.ok()) << "seed " << seed << ": " << v.error().to_string();
    EXPECT_FALSE(kiln::Module::validate(engine, make(seed, simd_options())).ok()) << seed;
    Shape s = shape_of(make(seed, simd_options()));
    for (const auto& [params, results] : s.types) with_v128 += has_v128(params) || has_v128(results);
  }
  EXPECT_GT(with_v128, 100);
}

// wabt (which has SIMD on by default and relaxed SIMD off) agrees that the modules are valid:
// so modules of Options::simd have no relaxed instruction, and those of relaxed_simd are valid
// with relaxed SIMD. Modules from fuzzer inputs too.
TEST(GeneratorSimd, WabtAgreesTheModulesAreValid) {
  if (!have_wabt()) GTEST_SKIP() << "wasm-validate (wabt) not installed";
  auto validate = [](const std::vector<uint8_t>& m, bool relaxed, const std::string& what) {
    std::string path = write_temp(m, "kiln-gen-simd-valid.wasm");
    std::string cmd = "wasm-validate " + std::string(relaxed ? "--enable-relaxed-simd " : "") + path;
    EXPECT_EQ(std::system(cmd.c_str()), 0) << what;
    std::remove(path.c_str());
  };
  for (uint64_t seed = 0; seed < 200; ++seed) validate(make(seed, simd_options()), false, "seed " + std::to_string(seed));
  for (uint64_t seed = 0; seed < 60; ++seed) {
    validate(make(seed, simd_options(true)), true, "relaxed, seed " + std::to_string(seed));
  }
  std::mt19937 rng(11);
  for (int i = 0; i < 60; ++i) {
    std::vector<uint8_t> input(rng() % 800);
    for (uint8_t& b : input) b = static_cast<uint8_t>(rng());
    Source src = Source::from_bytes(input.data(), input.size());
    validate(kiln::fuzzgen::generate_module(src, simd_options()), false, "input " + std::to_string(i));
  }
}

// Nearly every SIMD instruction occurs in a few hundred modules (1000 seeds give all 236),
// no relaxed one unless asked, and with relaxed_simd nearly all 20 relaxed ones.
TEST(GeneratorSimd, UsesNearlyEverySimdInstructionAndRelaxedOnesOnlyWhenAsked) {
  if (!have_wabt()) GTEST_SKIP() << "wasm2wat (wabt) not installed";
  const std::set<std::string> simd = simd_names(false), relaxed = simd_names(true);
  ASSERT_EQ(simd.size(), 236u);
  ASSERT_EQ(relaxed.size(), 20u);
  std::map<std::string, int> seen;
  int relaxed_seen = 0;
  for (uint64_t seed = 0; seed < 300; ++seed) {
    for (const std::string& t : wabt_tokens(make(seed, simd_options()), false)) {
      if (simd.count(t)) ++seen[t];
      if (relaxed.count(our_name(t))) ++relaxed_seen;
    }
  }
  EXPECT_EQ(relaxed_seen, 0);
  EXPECT_GE(seen.size(), 225u);
  int total = 0;
  for (const auto& [name, n] : seen) total += n;
  EXPECT_GT(total, 8000);  // about 30 SIMD instructions a module
  std::set<std::string> relaxed_used;
  for (uint64_t seed = 0; seed < 300; ++seed) {
    for (const std::string& t : wabt_tokens(make(seed, simd_options(true)), true)) {
      if (relaxed.count(our_name(t))) relaxed_used.insert(our_name(t));
    }
  }
  EXPECT_GE(relaxed_used.size(), 17u);
}

// JS cannot pass a v128: exports keep numeric signatures, v128 globals are not exported, and
// v128 parameters and results are those of functions that are not exported.
TEST(GeneratorSimd, ExportsAreNumericAndV128StaysInside) {
  int internal_v128_funcs = 0, v128_globals = 0;
  for (uint64_t seed = 0; seed < 500; ++seed) {
    Shape s = shape_of(make(seed, simd_options()));
    std::set<uint32_t> exported_funcs;
    for (auto [kind, index] : s.exports) {
      if (kind == 0x00) {
        exported_funcs.insert(index);
        const auto& [params, results] = s.types.at(s.func_types.at(index));
        EXPECT_FALSE(has_v128(params) || has_v128(results)) << "seed " << seed << ", function " << index;
      } else if (kind == 0x03) {
        EXPECT_NE(s.global_types.at(index), 0x7B) << "seed " << seed << ", global " << index;
      }
    }
    EXPECT_FALSE(exported_funcs.empty()) << "seed " << seed;
    for (uint32_t f = s.imported_funcs; f < s.func_types.size(); ++f) {
      const auto& [params, results] = s.types.at(s.func_types[f]);
      bool v128 = has_v128(params) || has_v128(results);
      EXPECT_EQ(v128, !exported_funcs.count(f)) << "seed " << seed << ", function " << f;
      internal_v128_funcs += v128;
    }
    for (uint8_t t : s.global_types) v128_globals += t == 0x7B;
  }
  EXPECT_GT(internal_v128_funcs, 200);
  EXPECT_GT(v128_globals, 200);
}

// Kiln validates the modules, and every export ends (no fuel exhaustion, no stack
// exhaustion) with results or the traps the generator aims at; twice the same on a second
// instance. With relaxed SIMD too.
TEST(GeneratorSimd, KilnValidatesAndRunsTheModules) {
  kiln::Config config;
  ASSERT_TRUE(config.set_feature("simd", true));
  ASSERT_TRUE(config.set_feature("relaxed-simd", true));
  kiln::Engine engine(config);
  for (bool relaxed : {false, true}) {
    for (uint64_t seed = 0; seed < 1000; ++seed) {
      kiln::Result<void> v = kiln::Module::validate(engine, make(seed, simd_options(relaxed)));
      ASSERT_TRUE(v.ok()) << (relaxed ? "relaxed, " : "") << "seed " << seed << ": " << v.error().to_string();
    }
  }
  std::map<kiln::TrapCode, int> traps;
  int calls = 0, results = 0;
  for (bool relaxed : {false, true}) {
    for (uint64_t seed = 0; seed < 300; ++seed) {
      kiln::Module module = kiln::Module::compile(engine, make(seed, simd_options(relaxed))).value_or_throw();
      std::string trace[2];
      for (std::string& t : trace) {
        kiln::Store store(engine);
        store.set_fuel(10'000'000);
        std::vector<kiln::Extern> imports;
        for (const kiln::ImportType& im : module.imports()) {
          imports.push_back(kiln::Func::create(store, std::get<kiln::FuncType>(im.type),
                                               [&t](std::span<const kiln::Val> args, std::span<kiln::Val>) {
                                                 t += "log " + std::to_string(args[0].bits()) + "\n";
                                                 return kiln::Result<void>();
                                               }));
        }
        kiln::Instance inst = kiln::Instance::create(store, module, imports).value_or_throw();
        for (const auto& [name, ext] : inst.exports(store)) {
          std::optional<kiln::Func> f = ext.func();
          if (!f) continue;
          kiln::FuncType type = f->type(store).value_or_throw();
          std::vector<kiln::Val> args;
          for (const kiln::ValType& p : type.params) {
            ASSERT_TRUE(p.is_num()) << name;
            args.push_back(kiln::Val::from_bits(p.kind(), 1));
          }
          ++calls;
          auto r = f->call(store, args);
          t += name + ":";
          if (r.ok()) {
            ++results;
            for (const kiln::Val& v : *r) t += " " + std::to_string(v.bits());
          } else {
            std::optional<kiln::TrapCode> code = r.error().trap_code();
            ASSERT_TRUE(code.has_value()) << name << ": " << r.error().to_string();
            ++traps[*code];
            t += " trap " + r.error().message();
          }
          t += "\n";
        }
        for (const auto& [name, ext] : inst.exports(store)) {
          if (std::optional<kiln::Memory> mem = ext.memory()) {
            std::span<const uint8_t> d = mem->data(store);
            t += "memory " + std::string(d.begin(), d.end()) + "\n";
          }
        }
      }
      EXPECT_EQ(trace[0], trace[1]) << (relaxed ? "relaxed, " : "") << "seed " << seed;
    }
  }
  EXPECT_GT(calls, 1500);
  EXPECT_GT(results, calls / 3);
  // Only the traps the generator aims at: no fuel or stack exhaustion, no host error.
  using kiln::TrapCode;
  const std::set<TrapCode> aimed = {TrapCode::Unreachable,          TrapCode::MemoryOutOfBounds,
                                    TrapCode::TableOutOfBounds,     TrapCode::UndefinedElement,
                                    TrapCode::UninitializedElement, TrapCode::IndirectCallMismatch,
                                    TrapCode::IntegerDivideByZero,  TrapCode::IntegerOverflow,
                                    TrapCode::InvalidConversion};
  for (const auto& [code, n] : traps) EXPECT_TRUE(aimed.count(code)) << "trap code " << int(code) << " (" << n << ")";
  EXPECT_GT(traps[TrapCode::MemoryOutOfBounds], 0);
}

}  // namespace
