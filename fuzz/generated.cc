// fuzz_generated: the input chooses a module through Kiln's generator (fuzz/gen), which
// is valid and terminating by construction, so the fuzzer spends its time deep in the
// interpreter rather than in the decoder. The module is instantiated (imports log nothing
// and return zeroes) and every export called twice with arguments from the input.
//
// Fails on: a crash or sanitizer report; a generated module that does not validate; an
// export that runs out of fuel (the generator promises every export ends); a trap other
// than those the generator aims at; the same calls on a second instance giving other
// results (the interpreter must be deterministic).
//
// Inputs whose first byte is odd make modules that also compute with v128 values, the SIMD
// and the relaxed SIMD instructions (the generator's Options::simd and relaxed_simd).
#include <cstdint>
#include <string>
#include <vector>

#include "generator.h"
#include "invariant.h"
#include "kiln/kiln.hh"

namespace {

const kiln::Engine& engine() {
  static const kiln::Engine e = [] {
    kiln::Config config;
    config.set_feature("simd", true);
    config.set_feature("relaxed-simd", true);
    return kiln::Engine(config);
  }();
  return e;
}

// What one instance did: results or trap messages of each call, then the memory's size.
std::string run(const kiln::Module& module, const uint8_t* data, size_t size) {
  kiln::Limits limits;
  limits.max_memory_bytes = 4 << 20;
  kiln::Store store(engine(), limits);
  store.set_fuel(20'000'000);
  std::vector<kiln::Extern> imports;
  for (const kiln::ImportType& im : module.imports()) {
    imports.push_back(kiln::Func::create(store, std::get<kiln::FuncType>(im.type),
                                         [](std::span<const kiln::Val>, std::span<kiln::Val>) { return kiln::Result<void>(); }));
  }
  kiln::Result<kiln::Instance> inst = kiln::Instance::create(store, module, imports);
  if (!inst.ok()) kiln::fuzz::invariant_failed("a generated module does not instantiate", inst.error().to_string());
  std::string trace;
  size_t k = 0;
  for (const auto& [name, ext] : inst->exports(store)) {
    std::optional<kiln::Func> f = ext.func();
    if (!f) continue;
    kiln::FuncType type = f->type(store).value_or_throw();
    for (int round = 0; round < 2; ++round) {
      std::vector<kiln::Val> args;
      for (const kiln::ValType& p : type.params) {
        uint64_t bits = 0;
        for (int b = 0; b < 8; ++b) bits = (bits << 8) | (size ? data[k++ % size] : 0);
        if (p.kind() == kiln::ValKind::I32 || p.kind() == kiln::ValKind::F32) bits &= 0xFFFFFFFF;
        args.push_back(kiln::Val::from_bits(p.kind(), bits));
      }
      kiln::Result<std::vector<kiln::Val>> r = f->call(store, args);
      trace += name + ":";
      if (r.ok()) {
        for (const kiln::Val& v : *r) trace += " " + std::to_string(v.bits());
      } else {
        const kiln::Error& e = r.error();
        if (e.trap_code() == kiln::TrapCode::OutOfFuel || e.trap_code() == kiln::TrapCode::CallStackExhausted ||
            e.trap_code() == kiln::TrapCode::HostError || e.kind() != kiln::Error::Kind::Runtime) {
          kiln::fuzz::invariant_failed("a generated export ended unexpectedly", e.to_string());
        }
        trace += " trap " + e.message();
      }
      trace += "\n";
    }
  }
  for (const auto& [name, ext] : inst->exports(store)) {
    if (std::optional<kiln::Memory> m = ext.memory()) trace += "memory " + std::to_string(m->data(store).size()) + "\n";
  }
  return trace;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kiln::fuzzgen::Source src = kiln::fuzzgen::Source::from_bytes(data, size);
  kiln::fuzzgen::Options options;
  options.simd = options.relaxed_simd = size > 0 && (data[0] & 1) != 0;
  std::vector<uint8_t> bytes = kiln::fuzzgen::generate_module(src, options);
  kiln::Result<kiln::Module> module = kiln::Module::compile(engine(), bytes);
  if (!module.ok()) kiln::fuzz::invariant_failed("a generated module does not validate", module.error().to_string());
  std::string first = run(*module, data, size);
  std::string second = run(*module, data, size);
  if (first != second) kiln::fuzz::invariant_failed("two instances of one module behaved differently", first + "---\n" + second);
  return 0;
}
