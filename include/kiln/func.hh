// Host functions from C++ callables and typed calls of wasm functions: the signature is
// deduced at compile time from C++ types.
//
//   kiln::Func add = kiln::Func::wrap(store, [](int32_t a, int32_t b) { return a + b; });
//   auto fac = instance.get_func(store, "fac")->typed<int64_t(int64_t)>(store).value_or_throw();
//   int64_t r = fac.call(store, 20).value_or_throw();
#pragma once

#include <cstring>
#include <tuple>
#include <type_traits>

#include "kiln/objects.hh"

namespace kiln {

namespace detail {

// The wasm value type of a C++ type.
template <typename T>
struct WasmType;
template <> struct WasmType<int32_t> { static constexpr ValKind kind = ValKind::I32; };
template <> struct WasmType<uint32_t> { static constexpr ValKind kind = ValKind::I32; };
template <> struct WasmType<int64_t> { static constexpr ValKind kind = ValKind::I64; };
template <> struct WasmType<uint64_t> { static constexpr ValKind kind = ValKind::I64; };
template <> struct WasmType<float> { static constexpr ValKind kind = ValKind::F32; };
template <> struct WasmType<double> { static constexpr ValKind kind = ValKind::F64; };
template <> struct WasmType<V128> { static constexpr ValKind kind = ValKind::V128; };
template <> struct WasmType<std::optional<Func>> { static constexpr ValKind kind = ValKind::FuncRef; };
template <> struct WasmType<std::optional<ExternRef>> { static constexpr ValKind kind = ValKind::ExternRef; };

template <typename T>
T from_val(const Val& v) {
  if constexpr (std::is_same_v<T, int32_t>) return v.i32();
  else if constexpr (std::is_same_v<T, uint32_t>) return static_cast<uint32_t>(v.i32());
  else if constexpr (std::is_same_v<T, int64_t>) return v.i64();
  else if constexpr (std::is_same_v<T, uint64_t>) return static_cast<uint64_t>(v.i64());
  else if constexpr (std::is_same_v<T, float>) return v.f32();
  else if constexpr (std::is_same_v<T, double>) return v.f64();
  else if constexpr (std::is_same_v<T, V128>) return v.v128();
  else if constexpr (std::is_same_v<T, std::optional<Func>>) return v.funcref();
  else return v.externref();
}

template <typename T>
Val to_val(const T& x) {
  if constexpr (std::is_same_v<T, uint32_t>) return Val(static_cast<int32_t>(x));
  else if constexpr (std::is_same_v<T, uint64_t>) return Val(static_cast<int64_t>(x));
  else if constexpr (std::is_same_v<T, std::optional<Func>>) return Val::funcref(x);
  else if constexpr (std::is_same_v<T, std::optional<ExternRef>>) return Val::externref(x);
  else return Val(x);
}

template <typename T>
struct IsTuple : std::false_type {};
template <typename... Ts>
struct IsTuple<std::tuple<Ts...>> : std::true_type {};
template <typename T>
struct IsResult : std::false_type {};
template <typename T>
struct IsResult<Result<T>> : std::true_type {
  using Value = T;
};

// Result types of a C++ return type, as value kinds.
template <typename R>
void result_kinds(std::vector<ValType>& out) {
  if constexpr (std::is_void_v<R>) {
  } else if constexpr (IsResult<R>::value) {
    result_kinds<typename IsResult<R>::Value>(out);
  } else if constexpr (IsTuple<R>::value) {
    std::apply([&](auto... xs) { (out.push_back(WasmType<decltype(xs)>::kind), ...); }, R{});
  } else {
    out.push_back(WasmType<R>::kind);
  }
}

template <typename R>
void store_results(R&& r, std::span<Val> results) {
  using T = std::decay_t<R>;
  if constexpr (IsTuple<T>::value) {
    size_t i = 0;
    std::apply([&](const auto&... xs) { ((results[i++] = to_val(xs)), ...); }, r);
  } else {
    results[0] = to_val(r);
  }
}

template <typename F, typename R, typename... Args>
Func wrap_impl(Store& store, F&& f, R (*)(Args...)) {
  FuncType type;
  (type.params.push_back(WasmType<std::decay_t<Args>>::kind), ...);
  result_kinds<R>(type.results);
  Func::Callback cb = [fn = std::forward<F>(f)](std::span<const Val> args, std::span<Val> results) -> Result<void> {
    auto call = [&]<size_t... I>(std::index_sequence<I...>) -> decltype(auto) {
      return fn(from_val<std::decay_t<Args>>(args[I])...);
    };
    if constexpr (std::is_void_v<R>) {
      call(std::index_sequence_for<Args...>{});
      return {};
    } else if constexpr (IsResult<R>::value) {
      R r = call(std::index_sequence_for<Args...>{});
      if (!r.ok()) return r.error();
      if constexpr (!std::is_void_v<typename IsResult<R>::Value>) store_results(*r, results);
      return {};
    } else {
      store_results(call(std::index_sequence_for<Args...>{}), results);
      return {};
    }
  };
  return Func::create(store, type, std::move(cb));
}

// The call signature of a callable (lambda, function object or function pointer).
template <typename F>
struct CallableSig : CallableSig<decltype(&std::decay_t<F>::operator())> {};
template <typename R, typename... A>
struct CallableSig<R (*)(A...)> {
  using Ptr = R (*)(A...);
};
template <typename R, typename... A>
struct CallableSig<R(A...)> {
  using Ptr = R (*)(A...);
};
template <typename C, typename R, typename... A>
struct CallableSig<R (C::*)(A...) const> {
  using Ptr = R (*)(A...);
};
template <typename C, typename R, typename... A>
struct CallableSig<R (C::*)(A...)> {
  using Ptr = R (*)(A...);
};

}  // namespace detail

template <typename F>
Func Func::wrap(Store& store, F&& f) {
  using Ptr = typename detail::CallableSig<std::remove_reference_t<F>>::Ptr;
  return detail::wrap_impl(store, std::forward<F>(f), static_cast<Ptr>(nullptr));
}

// A wasm function viewed with C++ types; made by Func::typed, which checked the types.
template <typename R, typename... Args>
class TypedFunc<R(Args...)> {
 public:
  explicit TypedFunc(Func f) : func_(f) {}
  // R: void, one value, or a std::tuple of values.
  Result<R> call(Store& store, Args... args) const {
    Val in[sizeof...(Args) + 1] = {detail::to_val(args)...};
    std::vector<ValType> kinds;
    detail::result_kinds<R>(kinds);
    Val out[8];
    std::vector<Val> heap_out;
    std::span<Val> results = kinds.size() <= 8 ? std::span<Val>(out, kinds.size())
                                               : std::span<Val>(heap_out = std::vector<Val>(kinds.size()));
    Result<void> r = func_.call(store, std::span<const Val>(in, sizeof...(Args)), results);
    if (!r.ok()) return r.error();
    if constexpr (std::is_void_v<R>) {
      return {};
    } else if constexpr (detail::IsTuple<R>::value) {
      return [&]<size_t... I>(std::index_sequence<I...>) {
        return R{detail::from_val<std::tuple_element_t<I, R>>(results[I])...};
      }(std::make_index_sequence<std::tuple_size_v<R>>{});
    } else {
      return detail::from_val<R>(results[0]);
    }
  }
  const Func& func() const { return func_; }

 private:
  Func func_;
};

template <typename Signature>
Result<TypedFunc<Signature>> Func::typed(const Store& store) const {
  Result<FuncType> actual = type(store);
  if (!actual.ok()) return actual.error();
  FuncType expected;
  [&]<typename R, typename... Args>(R (*)(Args...)) {
    (expected.params.push_back(detail::WasmType<std::decay_t<Args>>::kind), ...);
    detail::result_kinds<R>(expected.results);
  }(static_cast<Signature*>(nullptr));
  if (!(*actual == expected)) {
    return Error(Error::Kind::Other, "function of type " + actual->to_string() + " viewed as " + expected.to_string());
  }
  return TypedFunc<Signature>(*this);
}

}  // namespace kiln
