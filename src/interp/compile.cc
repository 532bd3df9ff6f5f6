// interp::compile: module rules, canonical types, then one validate-and-translate pass
// over every function body, on several threads for large modules.
#include <memory>
#include <vector>

#include "base/parallel.h"
#include "binary/decoder.h"

#include "interp/code.h"
#include "interp/interp.h"
#include "interp/translate.h"
#include "runtime/type_registry.h"
#include "valid/func_validator.h"
#include "valid/module_rules.h"

namespace kiln::core {

rt::CompiledModule::~CompiledModule() = default;

namespace interp {

namespace {

// Functions a thread takes at a time (run_in_order): small enough to balance bodies of very
// different sizes, large enough to keep the shared counter cold.
constexpr uint32_t kChunk = 16;

size_t code_bytes(const Module& m) {
  size_t bytes = 0;
  for (const Function& f : m.funcs) bytes += f.body.code.size();
  return bytes;
}

// Validates and translates defined function `i` into `out`, then frees its body: only
// the translation runs (CompiledModule).
Status compile_function(const ModuleContext& ctx, rt::CompiledModule& cm, Translator& t, uint32_t i,
                        FunctionCode& out) {
  t.set_output(out);
  KILN_TRY(validate_function(ctx, cm.module.num_imported_funcs + i, &t));
  std::vector<uint8_t>().swap(cm.module.funcs[i].body.code);
  return Ok();
}

}  // namespace

Result<std::shared_ptr<const rt::CompiledModule>> compile(Module module, const Features& features) {
  return compile(std::move(module), features, CompileOptions{});
}

Result<std::shared_ptr<const rt::CompiledModule>> compile(Module module, const Features& features,
                                                          const CompileOptions& options) {
  KILN_TRY(validate_module_rules(module, features));
  auto cm = std::make_shared<rt::CompiledModule>();
  cm->module = std::move(module);
  const Module& m = cm->module;
  cm->canonical_types = rt::canonicalize_types(m);
  cm->code = std::make_unique<ModuleCode>();
  cm->code->funcs.resize(m.funcs.size());
  ModuleContext ctx(m, features, cm->canonical_types);
  unsigned threads = pick_threads(options.threads, code_bytes(m));
  // One translator per thread, its buffers reused from function to function.
  std::vector<std::unique_ptr<Translator>> translators;
  for (unsigned w = 0; w < threads; ++w) {
    translators.push_back(std::make_unique<Translator>(m, features, cm->canonical_types));
    translators.back()->set_optimize(options.optimize);
  }
  KILN_TRY(run_in_order(static_cast<uint32_t>(m.funcs.size()), threads, kChunk, [&](uint32_t i, unsigned w) {
    return compile_function(ctx, *cm, *translators[w], i, cm->code->funcs[i]);
  }));
  return std::shared_ptr<const rt::CompiledModule>(std::move(cm));
}

Result<std::shared_ptr<const rt::CompiledModule>> compile_binary(const uint8_t* data, size_t size,
                                                                 const Features& features,
                                                                 const CompileOptions& options) {
  if (auto m = decode_module_unscanned(data, size, features, options.threads); m.ok()) {
    auto cm = compile(std::move(*m), features, options);
    if (cm.ok()) return cm;
  }
  KILN_ASSIGN(Module m, decode_module(data, size, features, options.threads));
  return compile(std::move(m), features, options);
}

namespace {

void put_leb(uint8_t*& p, uint32_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<uint8_t>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<uint8_t>(v);
}

uint32_t get_leb(const uint8_t*& p) {
  uint32_t v = 0;
  for (int shift = 0;; shift += 7) {
    uint8_t b = *p++;
    v |= static_cast<uint32_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
  }
}

// Visits the packed entries in order until `f` returns false.
template <typename F>
void for_each_source(const std::vector<uint8_t>& packed, F f) {
  const uint8_t* p = packed.data();
  const uint8_t* end = p + packed.size();
  FunctionCode::Source e{0, 0};
  while (p != end) {
    e.pos += get_leb(p);
    uint32_t z = get_leb(p);
    e.offset += (z & 1) ? ~(z >> 1) : (z >> 1);
    if (!f(e)) return;
  }
}

}  // namespace

std::vector<uint8_t> encode_sources(const std::vector<FunctionCode::Source>& entries) {
  // Into a buffer of the largest size (two 5-byte LEB128s an entry), then copied to fit.
  thread_local std::vector<uint8_t> buffer;
  buffer.resize(entries.size() * 10);
  uint8_t* p = buffer.data();
  FunctionCode::Source prev{0, 0};
  for (const FunctionCode::Source& e : entries) {
    put_leb(p, e.pos - prev.pos);
    uint32_t d = e.offset - prev.offset;  // modulo 2^32
    put_leb(p, static_cast<int32_t>(d) < 0 ? ((~d) << 1) | 1 : d << 1);
    prev = e;
  }
  return std::vector<uint8_t>(buffer.data(), p);
}

std::vector<FunctionCode::Source> decode_sources(const std::vector<uint8_t>& packed) {
  std::vector<FunctionCode::Source> entries;
  for_each_source(packed, [&](const FunctionCode::Source& e) {
    entries.push_back(e);
    return true;
  });
  return entries;
}

uint32_t FunctionCode::source_offset(size_t pos) const {
  uint32_t offset = 0;
  for_each_source(sources, [&](const Source& e) {
    if (e.pos > pos) return false;
    offset = e.offset;
    return true;
  });
  return offset;
}

const FunctionCode* function_code(const rt::CompiledModule& cm, uint32_t defined_index) {
  return &cm.code->funcs[defined_index];
}

}  // namespace interp
}  // namespace kiln::core
