// Helpers of the C API tests.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "kiln.h"
#include "wasm.h"

namespace kiln_capi_test {

inline std::string str(const wasm_name_t* n) { return std::string(n->data, n->size); }

inline wasm_byte_vec_t bytes_of(const std::string& s) {
  wasm_byte_vec_t v;
  wasm_byte_vec_new(&v, s.size(), s.data());
  return v;
}

// The binary of a text module.
inline std::vector<uint8_t> wat2wasm(const std::string& text) {
  wasm_byte_vec_t t = bytes_of(text), out;
  wasm_message_t err;
  bool ok = kiln_wat2wasm(&t, &out, &err);
  wasm_byte_vec_delete(&t);
  if (!ok) {
    ADD_FAILURE() << err.data;
    wasm_byte_vec_delete(&err);
    return {};
  }
  std::vector<uint8_t> b(out.data, out.data + out.size);
  wasm_byte_vec_delete(&out);
  return b;
}

inline wasm_module_t* compile(wasm_store_t* store, const std::string& text) {
  std::vector<uint8_t> b = wat2wasm(text);
  wasm_byte_vec_t v;
  wasm_byte_vec_new(&v, b.size(), reinterpret_cast<const byte_t*>(b.data()));
  wasm_module_t* m = wasm_module_new(store, &v);
  wasm_byte_vec_delete(&v);
  return m;
}

inline std::string message_of(wasm_trap_t* trap) {
  wasm_message_t m;
  wasm_trap_message(trap, &m);
  EXPECT_EQ(m.data[m.size - 1], '\0');
  std::string s(m.data, m.size - 1);
  wasm_byte_vec_delete(&m);
  return s;
}

struct Fixture : ::testing::Test {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  ~Fixture() override {
    wasm_store_delete(store);
    wasm_engine_delete(engine);
  }
};

}  // namespace kiln_capi_test
