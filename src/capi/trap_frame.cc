// Traps (wasm_trap_t) and the frames of their backtraces (wasm_frame_t).
#include "capi/capi.h"

namespace kiln::capi {

void fill_name(wasm_name_t* out, const std::string& s, bool nul) {
  wasm_byte_vec_new_uninitialized(out, s.size() + (nul ? 1 : 0));
  if (!s.empty()) std::memcpy(out->data, s.data(), s.size());
  if (nul) out->data[s.size()] = '\0';
}

wasm_trap_t* new_trap(wasm_store_t* store, const Error& e) { return new wasm_trap_t(store, e.message(), e.frames()); }

}  // namespace kiln::capi

wasm_frame_t::wasm_frame_t(wasm_store_t* store, kiln::Frame f) : frame(std::move(f)) {
  if (!store || !frame.instance) return;
  auto it = store->instances.find(frame.instance);
  if (it != store->instances.end()) instance = new wasm_instance_t(store, it->second);
}

wasm_frame_t::wasm_frame_t(const wasm_frame_t& other)
    : frame(other.frame), instance(other.instance ? static_cast<wasm_instance_t*>(other.instance->clone()) : nullptr) {}

wasm_frame_t::~wasm_frame_t() { delete instance; }

extern "C" {

wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t* message) {
  std::string m(message->data, message->size);
  if (!m.empty() && m.back() == '\0') m.pop_back();
  return new wasm_trap_t(store, std::move(m), {});
}

void wasm_trap_message(const wasm_trap_t* t, wasm_message_t* out) { kiln::capi::fill_name(out, t->message, true); }

wasm_frame_t* wasm_trap_origin(const wasm_trap_t* t) {
  return t->frames.empty() ? nullptr : new wasm_frame_t(t->store, t->frames.front());
}

void wasm_trap_trace(const wasm_trap_t* t, wasm_frame_vec_t* out) {
  wasm_frame_vec_new_uninitialized(out, t->frames.size());
  for (size_t i = 0; i < t->frames.size(); ++i) out->data[i] = new wasm_frame_t(t->store, t->frames[i]);
}

void wasm_frame_delete(wasm_frame_t* f) { delete f; }
wasm_frame_t* wasm_frame_copy(const wasm_frame_t* f) { return new wasm_frame_t(*f); }
wasm_instance_t* wasm_frame_instance(const wasm_frame_t* f) { return f->instance; }
uint32_t wasm_frame_func_index(const wasm_frame_t* f) { return f->frame.func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t* f) { return f->frame.func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t* f) { return static_cast<size_t>(f->frame.module_offset); }

void kiln_frame_func_name(const wasm_frame_t* f, wasm_name_t* out) { kiln::capi::fill_name(out, f->frame.func_name); }

}  // extern "C"
