// Module: compile, validate, reflection.
#include "api/impl.h"
#include "binary/decoder.h"
#include "binary/writer.h"
#include "interp/interp.h"
#include "text/parser.h"

namespace kiln {

namespace {

core::interp::CompileOptions compile_options(const Engine& engine) {
  core::interp::CompileOptions options;
  options.threads = engine.impl()->config.compile_threads;
  return options;
}

Result<Module> finish(const Engine& engine, std::shared_ptr<const core::rt::CompiledModule> compiled,
                      std::vector<uint8_t> bytes) {
  auto impl = std::make_shared<Module::Impl>();
  impl->engine = engine;
  impl->compiled = std::move(compiled);
  impl->bytes = std::move(bytes);
  return Module(std::move(impl));
}

ExternType extern_type_of(const core::Module& m, core::ExternKind kind, uint32_t index) {
  switch (kind) {
    case core::ExternKind::Func: return from_core(m.func_type(index));
    case core::ExternKind::Table: return from_core(m.table_type(index));
    case core::ExternKind::Memory: return from_core(m.memory_type(index));
    case core::ExternKind::Global: return from_core(m.global_type(index));
    case core::ExternKind::Tag: return TagType{from_core(m.functype(m.tag_type(index).type_index))};
  }
  return FuncType{};
}

}  // namespace

Result<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  auto compiled = core::interp::compile_binary(bytes.data(), bytes.size(), engine.impl()->config.impl().features,
                                               compile_options(engine));
  if (!compiled.ok()) return from_core(compiled.error());
  return finish(engine, std::move(*compiled), std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

Result<Module> Module::compile_text(const Engine& engine, std::string_view wat) {
  auto m = core::text::parse_module(wat, engine.impl()->config.impl().features);
  if (!m.ok()) return from_core(m.error());
  // Compiled from its binary encoding (with the text's names), so that trap backtraces have
  // module offsets into bytes().
  std::vector<uint8_t> bytes = core::write_module(*m, core::WriteOptions{.names = true});
  auto compiled = core::interp::compile_binary(bytes.data(), bytes.size(), engine.impl()->config.impl().features,
                                               compile_options(engine));
  if (!compiled.ok()) return from_core(compiled.error());
  return finish(engine, std::move(*compiled), std::move(bytes));
}

Result<void> Module::validate(const Engine& engine, std::span<const uint8_t> bytes) {
  auto m = compile(engine, bytes);
  if (!m.ok()) return m.error();
  return {};
}

std::vector<ImportType> Module::imports() const {
  const core::Module& m = impl_->compiled->module;
  std::vector<ImportType> out;
  uint32_t counts[5] = {};
  for (const core::Import& im : m.imports) {
    uint32_t index = counts[static_cast<int>(im.kind)]++;
    out.push_back(ImportType{im.module, im.name, extern_type_of(m, im.kind, index)});
  }
  return out;
}

std::vector<ExportType> Module::exports() const {
  const core::Module& m = impl_->compiled->module;
  std::vector<ExportType> out;
  for (const core::Export& ex : m.exports) out.push_back(ExportType{ex.name, extern_type_of(m, ex.kind, ex.index)});
  return out;
}

std::vector<std::span<const uint8_t>> Module::custom_sections(std::string_view name) const {
  std::vector<std::span<const uint8_t>> out;
  for (const core::CustomSection& c : impl_->compiled->module.customs) {
    if (c.name == name) out.emplace_back(c.data.data(), c.data.size());
  }
  return out;
}

std::span<const uint8_t> Module::bytes() const { return impl_->bytes; }

}  // namespace kiln
