// The module generator (fuzz/gen): every module it makes validates, is deterministic for a
// seed, runs to an end without fuel, and covers what it claims to.
#include "generator.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "kiln/kiln.hh"

namespace {

using kiln::fuzzgen::Source;

TEST(Generator, EveryModuleOfThousandsOfSeedsValidates) {
  kiln::Engine engine;
  for (uint64_t seed = 0; seed < 3000; ++seed) {
    Source src = Source::from_seed(seed);
    std::vector<uint8_t> m = kiln::fuzzgen::generate_module(src);
    kiln::Result<void> v = kiln::Module::validate(engine, m);
    ASSERT_TRUE(v.ok()) << "seed " << seed << ": " << v.error().to_string();
  }
}

TEST(Generator, AnyFuzzerInputGivesAValidModule) {
  kiln::Engine engine;
  std::mt19937 rng(7);
  for (int i = 0; i < 1000; ++i) {
    std::vector<uint8_t> input(rng() % 600);
    for (uint8_t& b : input) b = static_cast<uint8_t>(rng());
    Source src = Source::from_bytes(input.data(), input.size());
    std::vector<uint8_t> m = kiln::fuzzgen::generate_module(src);
    kiln::Result<void> v = kiln::Module::validate(engine, m);
    ASSERT_TRUE(v.ok()) << "input " << i << ": " << v.error().to_string();
  }
  Source empty = Source::from_bytes(nullptr, 0);
  EXPECT_TRUE(kiln::Module::validate(engine, kiln::fuzzgen::generate_module(empty)).ok());
}

TEST(Generator, ASeedAlwaysGivesTheSameModule) {
  Source a = Source::from_seed(42), b = Source::from_seed(42), c = Source::from_seed(43);
  std::vector<uint8_t> ma = kiln::fuzzgen::generate_module(a);
  EXPECT_EQ(ma, kiln::fuzzgen::generate_module(b));
  EXPECT_NE(ma, kiln::fuzzgen::generate_module(c));
}

// Every export of every module ends without fuel (loops and calls are bounded); the ones
// that trap do so for the reasons the generator aims at.
TEST(Generator, ExportsEndAndTrapForTheIntendedReasons) {
  kiln::Engine engine;
  std::map<std::string, int> traps;
  int calls = 0;
  for (uint64_t seed = 0; seed < 300; ++seed) {
    Source src = Source::from_seed(seed);
    kiln::Module module = kiln::Module::compile(engine, kiln::fuzzgen::generate_module(src)).value_or_throw();
    kiln::Store store(engine);
    store.set_fuel(10'000'000);
    std::vector<kiln::Extern> imports;
    for (const kiln::ImportType& im : module.imports()) {
      imports.push_back(kiln::Func::create(store, std::get<kiln::FuncType>(im.type),
                                           [](std::span<const kiln::Val>, std::span<kiln::Val>) { return kiln::Result<void>(); }));
    }
    kiln::Instance inst = kiln::Instance::create(store, module, imports).value_or_throw();
    for (const auto& [name, ext] : inst.exports(store)) {
      std::optional<kiln::Func> f = ext.func();
      if (!f) continue;
      kiln::FuncType t = f->type(store).value_or_throw();
      std::vector<kiln::Val> args;
      for (const kiln::ValType& p : t.params) args.push_back(kiln::Val::from_bits(p.kind(), 1));
      ++calls;
      auto r = f->call(store, args);
      if (!r.ok()) ++traps[r.error().message().substr(0, r.error().message().find_first_of("0123456789") - 1)];
    }
  }
  EXPECT_GT(calls, 600);
  EXPECT_EQ(traps.count("all fuel consumed"), 0u);
  EXPECT_EQ(traps.count("call stack exhausted"), 0u);
  // The traps it aims at all occur.
  for (const char* t : {"out of bounds memory access", "integer divide by zero", "uninitialized element",
                        "indirect call type mismatch", "undefined element"}) {
    EXPECT_GT(traps[t], 0) << t;
  }
}

// Debian's wabt agrees that a sample of the modules is valid, where it is installed.
TEST(Generator, WabtAgreesTheModulesAreValid) {
  if (std::system("wasm-validate --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "wasm-validate (wabt) not installed";
  std::string dir = ::testing::TempDir();
  for (uint64_t seed = 0; seed < 100; ++seed) {
    Source src = Source::from_seed(seed);
    std::vector<uint8_t> m = kiln::fuzzgen::generate_module(src);
    std::string path = dir + "/kiln-gen-" + std::to_string(seed) + ".wasm";
    FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(std::fwrite(m.data(), 1, m.size(), f), m.size());
    std::fclose(f);
    EXPECT_EQ(std::system(("wasm-validate " + path).c_str()), 0) << "seed " << seed;
    std::remove(path.c_str());
  }
}

}  // namespace
