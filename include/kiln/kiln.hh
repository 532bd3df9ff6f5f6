// Kiln's C++ embedding API: the WebAssembly JS API's object model for C++ hosts.
//
//   kiln::Engine engine;
//   kiln::Store store(engine);
//   auto module = kiln::Module::compile_text(engine, "(module (func (export \"add\") ...))").value_or_throw();
//   kiln::Imports imports;
//   imports.define("env", "log", kiln::Func::wrap(store, [](int32_t x) { std::printf("%d\n", x); }));
//   auto instance = kiln::Instance::create(store, module, imports).value_or_throw();
//   auto add = instance.get_func(store, "add")->typed<int32_t(int32_t, int32_t)>(store).value_or_throw();
//   int32_t sum = add.call(store, 1, 2).value_or_throw();
//
// See docs/embedding.md.
#pragma once

#include "kiln/engine.hh"
#include "kiln/error.hh"
#include "kiln/func.hh"
#include "kiln/module.hh"
#include "kiln/objects.hh"
#include "kiln/types.hh"
#include "kiln/wasi.hh"
