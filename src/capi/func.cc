// Function instances (wasm_func_t) over kiln::Func: host functions from C callbacks, types
// and calls.
#include "capi/capi.h"

using namespace kiln::capi;

namespace {

// A host function's callback and environment; the finalizer runs when the function dies
// (with its store).
struct HostEnv {
  wasm_func_callback_t plain = nullptr;
  wasm_func_callback_with_env_t with_env = nullptr;
  void* env = nullptr;
  void (*finalizer)(void*) = nullptr;
  HostEnv() = default;
  HostEnv(const HostEnv&) = delete;
  HostEnv& operator=(const HostEnv&) = delete;
  ~HostEnv() {
    if (finalizer) finalizer(env);
  }
};

wasm_func_t* new_host_func(wasm_store_t* store, const wasm_functype_t* type, std::shared_ptr<HostEnv> host) {
  kiln::Func::Callback cb = [store, host](std::span<const kiln::Val> args,
                                          std::span<kiln::Val> results) -> kiln::Result<void> {
    wasm_val_vec_t in, out;
    wasm_val_vec_new_uninitialized(&in, args.size());
    bool ok = true;
    for (size_t i = 0; i < args.size(); ++i) ok = to_c(store, args[i], &in.data[i]) && ok;
    if (!ok) {
      wasm_val_vec_delete(&in);
      return kiln::Error(kiln::Error::Kind::Runtime, "host function called with a value wasm.h cannot represent");
    }
    wasm_val_vec_new_uninitialized(&out, results.size());
    for (size_t i = 0; i < results.size(); ++i) out.data[i] = wasm_val_t{WASM_EXTERNREF, {.ref = nullptr}};
    wasm_trap_t* trap = host->with_env ? host->with_env(host->env, &in, &out) : host->plain(&in, &out);
    wasm_val_vec_delete(&in);
    kiln::Result<void> r;
    if (trap) {
      r = kiln::Error(kiln::Error::Kind::Runtime, trap->message);
      wasm_trap_delete(trap);
    } else {
      for (size_t i = 0; i < results.size(); ++i) {
        if (!to_api(store, out.data[i], &results[i])) {
          r = kiln::Error(kiln::Error::Kind::Runtime, "host function returned a value of the wrong type");
          break;
        }
      }
    }
    wasm_val_vec_delete(&out);
    return r;
  };
  kiln::Func f = kiln::Func::create(store->store, to_api(type), std::move(cb));
  return new wasm_func_t(store, kiln::Extern(f));
}

}  // namespace

extern "C" {

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type, wasm_func_callback_t callback) {
  auto host = std::make_shared<HostEnv>();
  host->plain = callback;
  return new_host_func(store, type, std::move(host));
}

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t callback, void* env, void (*finalizer)(void*)) {
  auto host = std::make_shared<HostEnv>();
  host->with_env = callback;
  host->env = env;
  host->finalizer = finalizer;
  return new_host_func(store, type, std::move(host));
}

wasm_functype_t* wasm_func_type(const wasm_func_t* f) {
  kiln::Result<kiln::FuncType> t = f->func().type(f->store->store);
  return t.ok() ? new_functype(*t) : nullptr;
}

size_t wasm_func_param_arity(const wasm_func_t* f) {
  kiln::Result<kiln::FuncType> t = f->func().type(f->store->store);
  return t.ok() ? t->params.size() : 0;
}

size_t wasm_func_result_arity(const wasm_func_t* f) {
  kiln::Result<kiln::FuncType> t = f->func().type(f->store->store);
  return t.ok() ? t->results.size() : 0;
}

wasm_trap_t* wasm_func_call(const wasm_func_t* f, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  wasm_store_t* store = f->store;
  kiln::Result<kiln::FuncType> type = f->func().type(store->store);
  if (!type.ok()) return new_trap(store, type.error());
  size_t nargs = args ? args->size : 0;
  std::vector<kiln::Val> in(nargs), out(type->results.size());
  for (size_t i = 0; i < nargs; ++i) {
    if (!to_api(store, args->data[i], &in[i])) {
      return new_trap(store, kiln::Error(kiln::Error::Kind::Other, "argument " + std::to_string(i) + " has an invalid kind"));
    }
  }
  size_t room = results ? results->size : 0;
  if (room < out.size()) {
    return new_trap(store, kiln::Error(kiln::Error::Kind::Other,
                                       "function of type " + type->to_string() + " called with room for " +
                                           std::to_string(room) + " results"));
  }
  kiln::Result<void> r = f->func().call(store->store, in, out);
  if (!r.ok()) return new_trap(store, r.error());
  for (size_t i = 0; i < out.size(); ++i) {
    if (!to_c(store, out[i], &results->data[i])) {
      return new_trap(store, kiln::Error(kiln::Error::Kind::Other, "result of a kind wasm.h cannot represent"));
    }
  }
  return nullptr;
}

}  // extern "C"
