// Config, Engine and Store.
#include <atomic>
#include <chrono>

#include "api/impl.h"

namespace kiln {

namespace {
std::atomic<uint64_t> next_store_id{1};

const char* const kFeatureNames[] = {
#define WASM_FEATURE(name, flag, def) flag,
#include "spec/features.def"
#undef WASM_FEATURE
};
}  // namespace

Config::Config() : impl_(std::make_shared<Impl>()) {}

bool Config::set_feature(std::string_view name, bool enabled) {
  auto f = core::Features::from_flag(name);
  if (!f) return false;
  if (impl_.use_count() > 1) impl_ = std::make_shared<Impl>(*impl_);  // copies share until written
  impl_->features.set(*f, enabled);
  return true;
}

bool Config::feature(std::string_view name) const {
  auto f = core::Features::from_flag(name);
  return f && impl_->features.has(*f);
}

Config& Config::enable_all() {
  if (impl_.use_count() > 1) impl_ = std::make_shared<Impl>(*impl_);
  impl_->features = core::Features::all();
  return *this;
}

std::vector<std::string> Config::feature_names() {
  return std::vector<std::string>(std::begin(kFeatureNames), std::end(kFeatureNames));
}

Engine::Engine() : Engine(Config()) {}
Engine::Engine(Config config) : impl_(std::make_shared<const Impl>(Impl{std::move(config)})) {}
const Config& Engine::config() const { return impl_->config; }

namespace {
core::rt::StoreLimits core_limits(const Limits& l) {
  core::rt::StoreLimits c;
  c.max_call_depth = l.max_call_depth;
  c.max_memory_bytes = l.max_memory_bytes;
  c.max_table_entries = l.max_table_elements;
  return c;
}
}  // namespace

Store::Impl::Impl(const Engine& e, const Limits& l)
    : id(next_store_id.fetch_add(1)), engine(e), limits(l), store(core_limits(l)) {}

struct InterruptHandle::Impl {
  core::rt::InterruptHandle handle;
};

void InterruptHandle::interrupt() const {
  if (impl_) impl_->handle.interrupt();
}

InterruptHandle Store::interrupt_handle() {
  return InterruptHandle(std::make_shared<InterruptHandle::Impl>(InterruptHandle::Impl{impl_->store.interrupt_handle()}));
}
void Store::clear_interrupt() { impl_->store.clear_interrupt(); }
void Store::set_deadline(double seconds) {
  impl_->store.set_deadline(std::chrono::steady_clock::now() +
                            std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(seconds)));
}
void Store::clear_deadline() { impl_->store.clear_deadline(); }
void Store::set_fuel(uint64_t fuel) { impl_->store.set_fuel(fuel); }
void Store::disable_fuel() { impl_->store.disable_fuel(); }
std::optional<uint64_t> Store::fuel() const {
  if (!impl_->store.fuel_enabled()) return std::nullopt;
  return impl_->store.fuel_remaining();
}

Store::Store(const Engine& engine) : Store(engine, engine.config().limits) {}
Store::Store(const Engine& engine, const Limits& limits) : impl_(std::make_unique<Impl>(engine, limits)) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
const Engine& Store::engine() const { return impl_->engine; }
const Limits& Store::limits() const { return impl_->limits; }

}  // namespace kiln
