// wasm_config_t, wasm_engine_t, wasm_store_t over kiln::Config, kiln::Engine, kiln::Store.
#include "capi/capi.h"

extern "C" {

wasm_config_t* wasm_config_new(void) { return new wasm_config_t{}; }
void wasm_config_delete(wasm_config_t* c) { delete c; }

wasm_engine_t* wasm_engine_new(void) { return new wasm_engine_t{kiln::Engine()}; }

wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* config) {
  auto* e = new wasm_engine_t{kiln::Engine(config->config)};
  delete config;
  return e;
}

void wasm_engine_delete(wasm_engine_t* e) { delete e; }

wasm_store_t* wasm_store_new(wasm_engine_t* engine) {
  return new wasm_store_t(engine->engine, engine->engine.config().limits);
}

void wasm_store_delete(wasm_store_t* s) { delete s; }

}  // extern "C"
