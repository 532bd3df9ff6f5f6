/* threads: one engine and one compiled module shared by four threads (C, wasm.h, POSIX
 * threads). Each thread has its own store (a store belongs to one thread), obtains the
 * module from a wasm_shared_module_t, instantiates it with a host function of its own and
 * calls it. The main thread prints the results in thread order. */
#include <inttypes.h>
#include <pthread.h>

#include "example.h"

static const char* kWat =
    "(module\n"
    "  (import \"env\" \"weight\" (func $weight (param i32) (result i64)))\n"
    "  (memory 1)\n"
    "  (func (export \"work\") (param $from i32) (param $to i32) (result i64)\n"
    "    (local $i i32)\n"
    "    (local.set $i (local.get $from))\n"
    "    (block $done\n"
    "      (loop $next\n"
    "        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))\n"
    "        (i64.store (i32.const 0)\n"
    "          (i64.add (i64.load (i32.const 0))\n"
    "                   (i64.mul (call $weight (local.get $i)) (i64.extend_i32_u (local.get $i)))))\n"
    "        (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "        (br $next)))\n"
    "    (i64.load (i32.const 0))))";

enum { kThreads = 4, kPerThread = 25000 };

struct Job {
  wasm_engine_t* engine;
  wasm_shared_module_t* shared;
  int index;
  int64_t result;
  bool ok;
};

static wasm_trap_t* weight(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  const struct Job* job = env;
  results->data[0] = (wasm_val_t)WASM_I64_VAL((int64_t)(job->index + 1) * (args->data[0].of.i32 % 3));
  return NULL;
}

static void* run(void* arg) {
  struct Job* job = arg;
  wasm_store_t* store = wasm_store_new(job->engine);  /* this thread's own store */
  wasm_module_t* module = wasm_module_obtain(store, job->shared);
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i64());
  wasm_func_t* weight_func = wasm_func_new_with_env(store, type, weight, job, NULL);
  wasm_functype_delete(type);
  wasm_extern_t* imported[] = {wasm_func_as_extern(weight_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imported);
  wasm_instance_t* instance = module ? wasm_instance_new(store, module, &imports, NULL) : NULL;
  if (instance) {
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_func_t* work = example_export_func(&exports, 0);
    /* Two calls: the running total lives in this instance's own memory. */
    int32_t from = job->index * kPerThread, mid = from + kPerThread / 2, to = from + kPerThread;
    wasm_val_t in[2] = {WASM_I32_VAL(from), WASM_I32_VAL(mid)};
    wasm_val_t out[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(in), results = WASM_ARRAY_VEC(out);
    wasm_trap_t* trap = wasm_func_call(work, &args, &results);
    if (!trap) {
      in[0] = (wasm_val_t)WASM_I32_VAL(mid);
      in[1] = (wasm_val_t)WASM_I32_VAL(to);
      trap = wasm_func_call(work, &args, &results);
    }
    job->ok = !trap;
    job->result = out[0].of.i64;
    if (trap) wasm_trap_delete(trap);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
  }
  wasm_func_delete(weight_func);
  if (module) wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = example_compile(store, kWat); /* compiled once */
  if (!module) return 1;
  wasm_shared_module_t* shared = wasm_module_share(module);

  struct Job jobs[kThreads];
  pthread_t threads[kThreads];
  for (int t = 0; t < kThreads; ++t) {
    jobs[t] = (struct Job){engine, shared, t, 0, false};
    pthread_create(&threads[t], NULL, run, &jobs[t]);
  }
  for (int t = 0; t < kThreads; ++t) pthread_join(threads[t], NULL);

  int64_t total = 0;
  bool ok = true;
  for (int t = 0; t < kThreads; ++t) {
    if (!jobs[t].ok) {
      fprintf(stderr, "thread %d failed\n", t);
      ok = false;
      continue;
    }
    printf("thread %d: %" PRId64 "\n", t, jobs[t].result);
    total += jobs[t].result;
  }
  /* The same sum computed by the host alone. */
  int64_t expected = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int32_t i = t * kPerThread; i < (t + 1) * kPerThread; ++i) expected += (int64_t)(t + 1) * (i % 3) * i;
  }
  printf("total: %" PRId64 " (%s)\n", total, total == expected ? "matches the host's sum" : "WRONG");

  wasm_shared_module_delete(shared);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return ok && total == expected ? 0 : 1;
}
