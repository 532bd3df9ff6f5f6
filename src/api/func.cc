// Func: host functions and calls.
#include "api/impl.h"
#include "interp/interp.h"

namespace kiln {

Func Func::create(Store& store, const FuncType& type, Callback callback) {
  Store::Impl* s = &store.impl();
  core::FuncType ct = to_core(type);
  core::rt::HostCallback cb = [s, ct, callback = std::move(callback)](core::rt::Store&, const core::rt::Slot* args,
                                                                        core::rt::Slot* results) -> core::rt::CallResult {
    // Small signatures stay on the stack.
    Val in_small[8], out_small[8];
    std::vector<Val> in_big, out_big;
    std::span<Val> in = ct.params.size() <= 8 ? std::span<Val>(in_small, ct.params.size())
                                              : std::span<Val>(in_big = std::vector<Val>(ct.params.size()));
    std::span<Val> out = ct.results.size() <= 8 ? std::span<Val>(out_small, ct.results.size())
                                                : std::span<Val>(out_big = std::vector<Val>(ct.results.size()));
    size_t slot = 0;
    for (size_t i = 0; i < ct.params.size(); ++i) {
      in[i] = from_slots(*s, ct.params[i], args + slot);
      slot += ct.params[i].slots();
    }
    for (size_t i = 0; i < ct.results.size(); ++i) out[i] = Val::from_bits(from_core(ct.results[i]).kind(), 0);
    Result<void> r = callback(in, out);
    if (!r.ok()) {
      const Error& e = r.error();
      return core::Error(e.message(), e.kind() == Error::Kind::Exit ? core::ErrorKind::Exit : core::ErrorKind::Trap);
    }
    slot = 0;
    for (size_t i = 0; i < ct.results.size(); ++i) {
      if (!check_val(*s, out[i], ct.results[i]).ok()) {
        return core::Error("host function returned a value of the wrong type", core::ErrorKind::Trap);
      }
      to_slots(out[i], results + slot);
      slot += ct.results[i].slots();
    }
    return core::Ok();
  };
  core::rt::FuncInst* f = s->store.new_host_func(to_core(type), std::move(cb), "host");
  return Func(make_ref(*s, f));
}

Result<FuncType> Func::type(const Store& store) const {
  auto* f = object_in<core::rt::FuncInst>(store, ref_);
  if (!f) return wrong_store();
  return from_core(*f->type);
}

Result<void> Func::call(Store& store, std::span<const Val> args, std::span<Val> results) const {
  auto* f = object_in<core::rt::FuncInst>(store, ref_);
  if (!f) return wrong_store();
  const core::FuncType& t = *f->type;
  if (args.size() != t.params.size()) {
    return misuse("function of type " + core::to_string(t) + " called with " + std::to_string(args.size()) +
                  " arguments");
  }
  if (results.size() != t.results.size()) {
    return misuse("function of type " + core::to_string(t) + " called with room for " +
                  std::to_string(results.size()) + " results");
  }
  core::rt::Slot small_args[16], small_results[16];
  std::vector<core::rt::Slot> big_args, big_results;
  size_t n_args = 0, n_results = 0;
  for (const core::ValType& p : t.params) n_args += p.slots();
  for (const core::ValType& r : t.results) n_results += r.slots();
  core::rt::Slot* a = n_args <= 16 ? small_args : (big_args.resize(n_args), big_args.data());
  core::rt::Slot* r = n_results + 1 <= 16 ? small_results : (big_results.resize(n_results + 1), big_results.data());
  size_t slot = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (auto c = check_val(store.impl(), args[i], t.params[i]); !c.ok()) return c.error();
    to_slots(args[i], a + slot);
    slot += t.params[i].slots();
  }
  core::rt::CallResult res = core::interp::invoke(store.impl().store, f, a, r);
  if (!res.ok()) return from_core_call(res.error(), store.impl().store);
  slot = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    results[i] = from_slots(store.impl(), t.results[i], r + slot);
    slot += t.results[i].slots();
  }
  return {};
}

Result<std::vector<Val>> Func::call(Store& store, std::span<const Val> args) const {
  auto* f = object_in<core::rt::FuncInst>(store, ref_);
  if (!f) return wrong_store();
  std::vector<Val> results(f->type->results.size());
  Result<void> r = call(store, args, results);
  if (!r.ok()) return r.error();
  return results;
}

}  // namespace kiln
