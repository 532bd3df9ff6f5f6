// The WAST script AST (https://github.com/WebAssembly/spec/tree/main/interpreter#scripts):
// what text/script_parser produces and the `kiln wast` runner executes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "spec/module.h"

namespace kiln::core::text {

// A constant of a script: an argument of an action, or the pattern of an expected result.
struct ScriptValue {
  enum class Kind : uint8_t {
    I32, I64, F32, F64, V128,
    RefNull,    // (ref.null ht); `heap` says which
    RefExtern,  // (ref.extern N), or (ref.extern) as a result pattern: any non-null extern
    RefFunc,    // (ref.func) as a result pattern: any non-null funcref
    RefHost,    // (ref.host N)
    RefAny,     // 3.0 result patterns: (ref.any), (ref.eq), (ref.i31), (ref.struct), (ref.array)
    RefEq, RefI31, RefStruct, RefArray, RefExn, RefNullAny,  // RefNullAny: (ref.null) with no type
  };
  // NaN patterns of a float (or of a float lane of a v128).
  enum class Nan : uint8_t { None, Canonical, Arithmetic };
  // v128 lane shapes as written: i8x16 i16x8 i32x4 i64x2 f32x4 f64x2.
  enum class Shape : uint8_t { I8x16, I16x8, I32x4, I64x2, F32x4, F64x2 };

  Kind kind = Kind::I32;
  uint64_t bits[2] = {0, 0};  // numbers: raw bits (f32 in the low 32); v128: low, high
  bool has_payload = false;   // RefExtern / RefHost with N; I31 with a value
  HeapType heap;              // RefNull
  Shape shape = Shape::I32x4; // V128
  Nan nan = Nan::None;        // F32 / F64 pattern
  Nan lane_nan[4] = {Nan::None, Nan::None, Nan::None, Nan::None};  // V128 f32x4 / f64x2 lanes
};

// An expected result: one pattern, or (either ...) alternatives.
struct Expected {
  ScriptValue value;
  std::vector<ScriptValue> either;  // non-empty for (either v1 v2 ...)
};

struct ScriptModule {
  enum class Form : uint8_t { Text, Binary, Quote };
  Form form = Form::Text;
  std::optional<std::string> id;  // $name
  bool is_definition = false;     // (module definition ...): compiled, not instantiated
  // Form::Text: the parsed module. Form::Binary: the bytes. Form::Quote: the source text,
  // parsed only when the command runs (assert_malformed expects the parse to fail).
  std::shared_ptr<Module> module;
  std::vector<uint8_t> bytes;
  std::string quote;
  uint32_t line = 0;
};

struct Action {
  enum class Kind : uint8_t { Invoke, Get };
  Kind kind = Kind::Invoke;
  std::optional<std::string> module_id;
  std::string name;
  std::vector<ScriptValue> args;
};

struct Command {
  enum class Kind : uint8_t {
    Module,            // (module ...) / (module definition ...)
    ModuleInstance,    // (module instance $I? $M?)
    Register,          // (register "name" $M?)
    Action,            // a bare (invoke ...) / (get ...)
    AssertReturn,
    AssertTrap,        // on an action, or on a module (trap during instantiation)
    AssertExhaustion,
    AssertException,
    AssertMalformed,
    AssertInvalid,
    AssertUnlinkable,
    AssertUninstantiable,
    // Custom annotations (https://github.com/WebAssembly/annotations): the module's
    // @custom annotations must be rejected. Kiln does not encode annotations: skipped.
    AssertMalformedCustom,
    AssertInvalidCustom,
  };
  Kind kind = Kind::Module;
  uint32_t line = 0;
  ScriptModule module;           // Module, AssertTrap on a module, Assert{Malformed,...}
  bool has_module = false;       // AssertTrap: true when it names a module, not an action
  Action action;
  std::vector<Expected> expected;  // AssertReturn
  std::string message;             // the expected failure text of assertions
  std::string register_name;       // Register
  std::optional<std::string> instance_id;  // ModuleInstance: $I; Register: $M
  std::optional<std::string> definition_id;  // ModuleInstance: $M
};

struct Script {
  std::string file;
  std::vector<Command> commands;
};

}  // namespace kiln::core::text
