// Module: compiled, validated, stateless code (the JS API's WebAssembly.Module). Immutable:
// copies share it, and any thread may instantiate it in its own Store.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "kiln/engine.hh"
#include "kiln/error.hh"
#include "kiln/types.hh"

namespace kiln {

class Module {
 public:
  // Decodes, validates and compiles a binary module (Error::Kind::Compile with the byte
  // offset on failure). The bytes are copied; the caller keeps its buffer.
  static Result<Module> compile(const Engine& engine, std::span<const uint8_t> bytes);
  // The same from the text format (`(module ...)`), errors with line and column.
  static Result<Module> compile_text(const Engine& engine, std::string_view wat);
  // Whether `bytes` is a valid module for the engine's features (WebAssembly.validate).
  static Result<void> validate(const Engine& engine, std::span<const uint8_t> bytes);

  std::vector<ImportType> imports() const;
  std::vector<ExportType> exports() const;
  // The contents of every custom section called `name`, in order (WebAssembly.Module.customSections).
  std::vector<std::span<const uint8_t>> custom_sections(std::string_view name) const;
  // The module's binary encoding (its input bytes, or the encoding of its text), from
  // which compile() makes an equal module: what wasm_module_serialize gives.
  std::span<const uint8_t> bytes() const;

  struct Impl;
  const std::shared_ptr<const Impl>& impl() const { return impl_; }
  explicit Module(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const Impl> impl_;
};

}  // namespace kiln
