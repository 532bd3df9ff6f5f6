// threads: one Engine and one compiled Module shared by four threads; each thread has its
// own Store (a Store belongs to one thread) and instance, with its own memory and a host
// function of its own. The main thread sums their results.
#include <kiln/kiln.hh>

#include <cstdio>
#include <thread>
#include <vector>

static const char* kWat = R"((module
  (import "env" "weight" (func $weight (param i32) (result i64)))
  (memory 1)
  ;; Sums weight(i) * i for i in [from, to), keeping a running total in memory.
  (func (export "work") (param $from i32) (param $to i32) (result i64)
    (local $i i32)
    (local.set $i (local.get $from))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (i64.store (i32.const 0)
          (i64.add (i64.load (i32.const 0))
                   (i64.mul (call $weight (local.get $i)) (i64.extend_i32_u (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.load (i32.const 0))))
)";

int main() {
  kiln::Engine engine;
  kiln::Module module = kiln::Module::compile_text(engine, kWat).value_or_throw();  // compiled once

  constexpr int kThreads = 4;
  constexpr int32_t kPerThread = 25000;
  std::vector<int64_t> partial(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      kiln::Store store(engine);  // this thread's own store
      kiln::Imports imports;
      imports.define("env", "weight", kiln::Func::wrap(store, [t](int32_t i) { return int64_t{t + 1} * (i % 3); }));
      auto instance = kiln::Instance::create(store, module, imports);
      if (!instance.ok()) {
        errors[t] = instance.error().to_string();
        return;
      }
      auto work = instance->get_func(store, "work")->typed<int64_t(int32_t, int32_t)>(store).value_or_throw();
      // Two calls: the running total lives in this instance's own memory.
      auto first = work.call(store, t * kPerThread, t * kPerThread + kPerThread / 2);
      auto second = work.call(store, t * kPerThread + kPerThread / 2, (t + 1) * kPerThread);
      if (!first.ok() || !second.ok()) {
        errors[t] = (first.ok() ? second.error() : first.error()).to_string();
        return;
      }
      partial[t] = *second;
    });
  }
  for (std::thread& th : threads) th.join();

  int64_t total = 0;
  for (int t = 0; t < kThreads; ++t) {
    if (!errors[t].empty()) {
      std::fprintf(stderr, "thread %d: %s\n", t, errors[t].c_str());
      return 1;
    }
    std::printf("thread %d: %lld\n", t, static_cast<long long>(partial[t]));
    total += partial[t];
  }
  // The same sum computed by the host alone.
  int64_t expected = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (int32_t i = t * kPerThread; i < (t + 1) * kPerThread; ++i) expected += int64_t{t + 1} * (i % 3) * i;
  }
  std::printf("total: %lld (%s)\n", static_cast<long long>(total), total == expected ? "matches the host's sum" : "WRONG");
  return total == expected ? 0 : 1;
}
