// Errors of the public API: the JS API's three kinds (CompileError, LinkError, RuntimeError)
// as values. Every fallible call returns kiln::Result<T>; a program that prefers exceptions
// calls .value_or_throw(), which throws kiln::CompileError, kiln::LinkError or
// kiln::RuntimeError (all std::runtime_error).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kiln {

// Why a guest stopped: the spec's traps plus the engine's own (fuel, interruption, host).
enum class TrapCode : uint8_t {
#define WASM_TRAP(name, msg) name,
#include "kiln/traps.def"
#undef WASM_TRAP
};

// One wasm frame of a trap's backtrace, innermost first.
struct Frame {
  uint32_t func_index = 0;     // in the module's function index space
  uint32_t func_offset = 0;    // byte offset of the instruction within the function body
  uint64_t module_offset = 0;  // byte offset of the instruction within the module's bytes
  std::string module_name;     // from the name section; empty when absent
  std::string func_name;       // from the name section; empty when absent
  // The identity of the instance whose function this is: equal to Instance::ref().object of
  // that instance (nullptr for a frame of no instance). An identity only, never dereferenced.
  const void* instance = nullptr;
};

class Error {
 public:
  enum class Kind : uint8_t {
    Compile,  // the bytes or text are malformed or invalid (JS: CompileError)
    Link,     // an import is missing or has the wrong type (JS: LinkError)
    Runtime,  // a trap, also during instantiation (JS: RuntimeError)
    Exit,     // a WASI guest called proc_exit: not a failure; see exit_code()
    Other,    // misuse of the API (an object of another store, a wrong argument count...)
  };

  Error(Kind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  Kind kind() const { return kind_; }
  // The bare message: "type mismatch", "integer divide by zero", "unknown import \"m\" \"f\"".
  const std::string& message() const { return message_; }
  // Compile errors: the byte offset in binary input, or line and column (1-based) in text.
  std::optional<uint64_t> offset() const { return offset_; }
  uint32_t line() const { return line_; }
  uint32_t column() const { return column_; }
  // Runtime errors: the trap and the wasm frames it unwound, innermost first.
  std::optional<TrapCode> trap_code() const { return trap_; }
  const std::vector<Frame>& frames() const { return frames_; }
  // Exit: the guest's exit code.
  std::optional<uint32_t> exit_code() const { return exit_code_; }

  // The message with its location, and for traps the backtrace, as `kiln run` prints it.
  std::string to_string() const;

  // For the implementation.
  Error& set_offset(uint64_t o) { offset_ = o; return *this; }
  Error& set_position(uint32_t line, uint32_t column) { line_ = line; column_ = column; return *this; }
  Error& set_trap(TrapCode c) { trap_ = c; return *this; }
  Error& set_frames(std::vector<Frame> f) { frames_ = std::move(f); return *this; }
  Error& set_exit_code(uint32_t c) { exit_code_ = c; return *this; }

 private:
  Kind kind_;
  std::string message_;
  std::optional<uint64_t> offset_;
  uint32_t line_ = 0, column_ = 0;
  std::optional<TrapCode> trap_;
  std::vector<Frame> frames_;
  std::optional<uint32_t> exit_code_;
};

// The exceptions of value_or_throw(), one per kind as in the JS API; each carries the Error.
struct ApiException : std::runtime_error {
  explicit ApiException(Error e) : std::runtime_error(e.to_string()), error(std::move(e)) {}
  Error error;
};
struct CompileError : ApiException { using ApiException::ApiException; };
struct LinkError : ApiException { using ApiException::ApiException; };
struct RuntimeError : ApiException { using ApiException::ApiException; };

[[noreturn]] void throw_error(const Error& e);  // throws the exception of e.kind()

// A value or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}   // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }
  // The value, or the error thrown as CompileError / LinkError / RuntimeError.
  T value_or_throw() && {
    if (!ok()) throw_error(error());
    return std::get<0>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)) {}  // NOLINT
  bool ok() const { return !err_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *err_; }
  void value_or_throw() && {
    if (err_) throw_error(*err_);
  }

 private:
  std::optional<Error> err_;
};

}  // namespace kiln
