// Errors as values: every fallible stage of the engine returns Result<T>.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <variant>

namespace kiln::core {

// Which stage an error comes from; lets callers such as the script runner tell a
// malformed module from an invalid one, and a link error from a trap.
enum class ErrorKind : uint8_t {
  Other,
  Malformed,  // binary decoding or text parsing ("CompileError" in the JS API)
  Invalid,    // validation ("CompileError")
  Link,       // import resolution ("LinkError")
  Trap,       // a trap while running, including during instantiation ("RuntimeError")
  Exhaustion, // call stack exhausted (a trap the scripts test separately)
  Io,         // reading or writing files
  Exit,       // the guest asked to end the program (WASI proc_exit): not a failure of the
              // engine; the exit code is kept by whoever provided the exit function
};

// What went wrong and where: `offset` is a byte offset into the input for binary errors,
// `line`/`column` locate text errors. `message` is the bare message ("type mismatch"),
// the spec's wording where the spec has one; tools add the location when they print it.
struct Error {
  static constexpr size_t kNoOffset = static_cast<size_t>(-1);
  size_t offset = kNoOffset;
  std::string message;
  ErrorKind kind = ErrorKind::Other;
  // Text errors: 1-based line and column of the offending token (0 when unknown).
  uint32_t line = 0;
  uint32_t column = 0;

  Error() = default;
  Error(size_t off, std::string msg, ErrorKind k = ErrorKind::Other)
      : offset(off), message(std::move(msg)), kind(k) {}
  explicit Error(std::string msg, ErrorKind k = ErrorKind::Other)
      : message(std::move(msg)), kind(k) {}
};

// A value or an Error. Cheap to move; no exceptions.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
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

  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// Result of an operation that yields nothing but may fail. Success is a null pointer, so
// that the decoder's and validator's per-instruction steps pay one word for it; the Error
// lives on the heap (failures are rare and leave the hot path anyway). error() is only
// for a failed Status.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::make_unique<Error>(std::move(error))) {}  // NOLINT
  Result(const Result& o) : err_(o.err_ ? std::make_unique<Error>(*o.err_) : nullptr) {}
  Result(Result&&) noexcept = default;
  Result& operator=(const Result& o) {
    if (this != &o) err_ = o.err_ ? std::make_unique<Error>(*o.err_) : nullptr;
    return *this;
  }
  Result& operator=(Result&&) noexcept = default;

  bool ok() const { return !err_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return *err_; }
  Error&& error() && { return std::move(*err_); }

 private:
  std::unique_ptr<Error> err_;
};

using Status = Result<void>;

inline Status Ok() { return Status(); }

}  // namespace kiln::core

// Propagate an error from an expression returning Status or Result<T>.
#define KILN_TRY(expr)                               \
  do {                                               \
    auto kiln_try_r_ = (expr);                       \
    if (!kiln_try_r_.ok()) return std::move(kiln_try_r_).error(); \
  } while (0)

#define KILN_CONCAT_INNER(a, b) a##b
#define KILN_CONCAT(a, b) KILN_CONCAT_INNER(a, b)

// `KILN_ASSIGN(auto x, f());` declares x from a Result or returns its error.
#define KILN_ASSIGN(decl, expr) KILN_ASSIGN_IMPL(KILN_CONCAT(kiln_r_, __LINE__), decl, expr)
#define KILN_ASSIGN_IMPL(tmp, decl, expr)            \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return std::move(tmp).error();      \
  decl = std::move(tmp).value()
