// kiln::Wasi: the WASI host module for embedders.
#include "kiln/wasi.hh"

#include "api/impl.h"
#include "wasi/wasi.h"

namespace kiln {

struct Wasi::Impl {
  uint64_t store_id = 0;
  std::shared_ptr<core::wasi::WasiContext> context;
  std::vector<std::pair<std::string, Extern>> functions;
};

Result<Wasi> Wasi::create(Store& store, const WasiConfig& config) {
  core::wasi::WasiConfig c;
  c.args = config.args;
  c.env = config.env;
  for (const WasiPreopen& p : config.preopens) c.preopens.push_back(core::wasi::Preopen{p.host_path, p.guest_path});
  c.stdin_fd = config.stdin_fd;
  c.stdout_fd = config.stdout_fd;
  c.stderr_fd = config.stderr_fd;
  auto ctx = core::wasi::WasiContext::create(c);
  if (!ctx.ok()) return misuse(ctx.error().message);
  auto impl = std::make_shared<Impl>();
  impl->store_id = store.impl().id;
  impl->context = std::shared_ptr<core::wasi::WasiContext>(std::move(*ctx));
  store.impl().keep_alive.push_back(impl->context);  // the host functions refer to it
  core::rt::ExportMap m = core::wasi::make_host_module(store.impl().store, *impl->context);
  for (const std::string& name : core::wasi::function_names()) {
    impl->functions.emplace_back(name, Func(make_ref(store.impl(), m.at(name).object)));
  }
  return Wasi(std::move(impl));
}

void Wasi::define(Imports& imports) const {
  for (const auto& [name, f] : impl_->functions) imports.define("wasi_snapshot_preview1", name, f);
}

Result<void> Wasi::bind(Store& store, const Instance& instance) const {
  if (store.impl().id != impl_->store_id) return wrong_store();
  auto* inst = object_in<core::rt::ModuleInstance>(store, instance.ref());
  if (!inst) return wrong_store();
  impl_->context->bind(*inst);
  return {};
}

std::optional<uint32_t> Wasi::exit_code() const { return impl_->context->exit_code(); }

}  // namespace kiln
