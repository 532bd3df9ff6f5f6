// WASI preview 1 for C hosts (kiln.h, kiln_wasi_*) over kiln::Wasi.
#include "capi/capi.h"

struct kiln_wasi_config_t {
  kiln::WasiConfig config;
};

struct kiln_wasi_t {
  wasm_store_t* store;
  kiln::Wasi wasi;
};

extern "C" {

kiln_wasi_config_t* kiln_wasi_config_new(void) { return new kiln_wasi_config_t{}; }
void kiln_wasi_config_delete(kiln_wasi_config_t* c) { delete c; }

void kiln_wasi_config_set_args(kiln_wasi_config_t* c, size_t argc, const char* const argv[]) {
  c->config.args.assign(argv, argv + argc);
}

void kiln_wasi_config_add_env(kiln_wasi_config_t* c, const char* name, const char* value) {
  c->config.env.push_back(std::string(name) + "=" + value);
}

void kiln_wasi_config_preopen_dir(kiln_wasi_config_t* c, const char* host_path, const char* guest_path) {
  c->config.preopens.push_back(kiln::WasiPreopen{host_path, guest_path});
}

void kiln_wasi_config_set_stdio(kiln_wasi_config_t* c, int stdin_fd, int stdout_fd, int stderr_fd) {
  c->config.stdin_fd = stdin_fd;
  c->config.stdout_fd = stdout_fd;
  c->config.stderr_fd = stderr_fd;
}

kiln_wasi_t* kiln_wasi_new(wasm_store_t* store, kiln_wasi_config_t* config, wasm_trap_t** trap) {
  if (trap) *trap = nullptr;
  kiln::Result<kiln::Wasi> w = kiln::Wasi::create(store->store, config->config);
  delete config;
  if (!w.ok()) {
    if (trap) *trap = kiln::capi::new_trap(store, w.error());
    return nullptr;
  }
  return new kiln_wasi_t{store, std::move(*w)};
}

void kiln_wasi_delete(kiln_wasi_t* w) { delete w; }

size_t kiln_wasi_imports(const kiln_wasi_t* w, const wasm_module_t* module, wasm_extern_vec_t* out) {
  kiln::Imports imports;
  w->wasi.define(imports);
  std::vector<kiln::ImportType> types = module->module.imports();
  wasm_extern_vec_new_uninitialized(out, types.size());
  size_t filled = 0;
  for (size_t i = 0; i < types.size(); ++i) {
    const kiln::Extern* e = types[i].module == "wasi_snapshot_preview1" ? imports.find(types[i].module, types[i].name) : nullptr;
    out->data[i] = e ? kiln::capi::new_extern(w->store, *e) : nullptr;
    filled += e != nullptr;
  }
  return filled;
}

bool kiln_wasi_bind(kiln_wasi_t* w, const wasm_instance_t* instance) {
  return w->wasi.bind(w->store->store, instance->instance).ok();
}

bool kiln_wasi_exit_code(const kiln_wasi_t* w, uint32_t* code) {
  std::optional<uint32_t> c = w->wasi.exit_code();
  if (!c) return false;
  *code = *c;
  return true;
}

}  // extern "C"
