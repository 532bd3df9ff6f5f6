// Kiln's extensions (include/kiln.h): features, text to binary, store limits, fuel and
// interruption.
#include "capi/capi.h"

extern "C" {

bool kiln_config_set_feature(wasm_config_t* c, const char* name, bool enabled) {
  return c->config.set_feature(name, enabled);
}

bool kiln_wat2wasm(const wasm_byte_vec_t* wat, wasm_byte_vec_t* out, wasm_message_t* error) {
  static const kiln::Engine engine = [] {
    kiln::Config c;
    c.enable_all();
    return kiln::Engine(c);
  }();
  kiln::Result<kiln::Module> m = kiln::Module::compile_text(engine, std::string_view(wat->data, wat->size));
  if (!m.ok()) {
    if (error) kiln::capi::fill_name(error, m.error().to_string(), true);
    return false;
  }
  std::span<const uint8_t> b = m->bytes();
  wasm_byte_vec_new(out, b.size(), reinterpret_cast<const byte_t*>(b.data()));
  return true;
}

void kiln_limits_init(kiln_limits_t* out) {
  kiln::Limits l;
  *out = kiln_limits_t{l.max_memory_bytes, l.max_table_elements, l.max_call_depth};
}

wasm_store_t* kiln_store_new_with_limits(wasm_engine_t* engine, const kiln_limits_t* limits) {
  kiln::Limits l;
  l.max_memory_bytes = limits->max_memory_bytes;
  l.max_table_elements = limits->max_table_elements;
  l.max_call_depth = limits->max_call_depth;
  return new wasm_store_t(engine->engine, l);
}

void kiln_store_set_fuel(wasm_store_t* s, uint64_t fuel) { s->store.set_fuel(fuel); }

bool kiln_store_get_fuel(const wasm_store_t* s, uint64_t* fuel) {
  std::optional<uint64_t> f = s->store.fuel();
  if (!f) return false;
  *fuel = *f;
  return true;
}

void kiln_store_disable_fuel(wasm_store_t* s) { s->store.disable_fuel(); }

kiln_interrupt_handle_t* kiln_store_interrupt_handle(wasm_store_t* s) {
  return new kiln_interrupt_handle_t{s->store.interrupt_handle()};
}
void kiln_interrupt_handle_interrupt(const kiln_interrupt_handle_t* h) { h->handle.interrupt(); }
void kiln_interrupt_handle_delete(kiln_interrupt_handle_t* h) { delete h; }
void kiln_store_clear_interrupt(wasm_store_t* s) { s->store.clear_interrupt(); }
void kiln_store_set_deadline(wasm_store_t* s, double seconds) { s->store.set_deadline(seconds); }
void kiln_store_clear_deadline(wasm_store_t* s) { s->store.clear_deadline(); }

}  // extern "C"
