// WASI for C hosts (kiln.h, kiln_wasi_*): arguments, environment, a standard stream, exit
// codes and a preopen that fails.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "helpers.h"
#include "kiln.h"
#include "wasm.h"

namespace {

using namespace kiln_capi_test;
using CApiWasi = Fixture;

const char* const kGuest = R"((module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
  (import "env" "other" (func $other (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello\n")
  (func (export "argc") (result i32) (drop (call $args (i32.const 0) (i32.const 4))) (i32.load (i32.const 0)))
  (func (export "envc") (result i32) (drop (call $env (i32.const 0) (i32.const 4))) (i32.load (i32.const 0)))
  (func (export "write") (result i32)
    (i32.store (i32.const 8) (i32.const 16))
    (i32.store (i32.const 12) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 32)))
    (i32.add (i32.load (i32.const 32)) (call $other)))
  (func (export "exit") (call $exit (i32.const 3)))))";

int32_t call_i32(wasm_func_t* f) {
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, res = WASM_ARRAY_VEC(r);
  wasm_trap_t* trap = wasm_func_call(f, &none, &res);
  EXPECT_EQ(trap, nullptr);
  wasm_trap_delete(trap);
  return r[0].of.i32;
}

TEST_F(CApiWasi, ArgsEnvStdoutAndExit) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  kiln_wasi_config_t* c = kiln_wasi_config_new();
  const char* argv[] = {"guest", "a", "b"};
  kiln_wasi_config_set_args(c, 3, argv);
  kiln_wasi_config_add_env(c, "HOME", "/nowhere");
  kiln_wasi_config_set_stdio(c, -1, fds[1], -1);
  wasm_trap_t* trap = nullptr;
  kiln_wasi_t* wasi = kiln_wasi_new(store, c, &trap);
  ASSERT_NE(wasi, nullptr);
  EXPECT_EQ(trap, nullptr);
  wasm_module_t* m = compile(store, kGuest);
  wasm_extern_vec_t imports;
  EXPECT_EQ(kiln_wasi_imports(wasi, m, &imports), 4u);
  ASSERT_EQ(imports.size, 5u);
  EXPECT_EQ(imports.data[2], nullptr);  // env.other: the host's to give
  wasm_functype_t* ft = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* other = wasm_func_new(store, ft, [](const wasm_val_vec_t*, wasm_val_vec_t* results) -> wasm_trap_t* {
    results->data[0] = wasm_val_t WASM_I32_VAL(1000);
    return nullptr;
  });
  wasm_functype_delete(ft);
  imports.data[2] = wasm_func_as_extern(other);
  wasm_instance_t* inst = wasm_instance_new(store, m, &imports, &trap);
  ASSERT_NE(inst, nullptr);
  imports.data[2] = nullptr;  // `other` is deleted below
  wasm_extern_vec_delete(&imports);
  EXPECT_TRUE(kiln_wasi_bind(wasi, inst));
  wasm_extern_vec_t ex;
  wasm_instance_exports(inst, &ex);
  ASSERT_EQ(ex.size, 5u);
  EXPECT_EQ(call_i32(wasm_extern_as_func(ex.data[1])), 3);
  EXPECT_EQ(call_i32(wasm_extern_as_func(ex.data[2])), 1);
  EXPECT_EQ(call_i32(wasm_extern_as_func(ex.data[3])), 1006);  // 6 bytes written + 1000
  char buf[16] = {};
  ASSERT_EQ(read(fds[0], buf, sizeof buf), 6);
  EXPECT_EQ(std::string(buf), "hello\n");
  uint32_t code = 99;
  EXPECT_FALSE(kiln_wasi_exit_code(wasi, &code));
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  trap = wasm_func_call(wasm_extern_as_func(ex.data[4]), &none, &none);
  ASSERT_NE(trap, nullptr);
  wasm_trap_delete(trap);
  EXPECT_TRUE(kiln_wasi_exit_code(wasi, &code));
  EXPECT_EQ(code, 3u);
  wasm_extern_vec_delete(&ex);
  wasm_instance_delete(inst);
  wasm_func_delete(other);
  wasm_module_delete(m);
  kiln_wasi_delete(wasi);
  close(fds[0]);
  close(fds[1]);
}

TEST_F(CApiWasi, PreopenThatCannotBeOpenedFails) {
  kiln_wasi_config_t* c = kiln_wasi_config_new();
  kiln_wasi_config_preopen_dir(c, "/nonexistent/kiln-capi", "/data");
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(kiln_wasi_new(store, c, &trap), nullptr);
  ASSERT_NE(trap, nullptr);
  EXPECT_NE(message_of(trap).find("/nonexistent/kiln-capi"), std::string::npos) << message_of(trap);
  wasm_trap_delete(trap);
}

}  // namespace
