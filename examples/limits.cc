// limits: keeping a guest in bounds -- fuel stops an infinite loop deterministically, an
// interrupt from another thread stops it in real time, and a memory limit makes memory.grow
// fail (return -1) instead of exhausting the host.
#include <kiln/kiln.hh>

#include <chrono>
#include <cstdio>
#include <thread>

static const char* kWat = R"((module
  (memory (export "memory") 1)
  (func (export "spin") (loop $forever (br $forever)))
  (func (export "count") (param $n i32) (result i32)
    (loop $next
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $next (local.get $n)))
    (local.get $n))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
)";

static const char* outcome(const kiln::Result<std::vector<kiln::Val>>& r) {
  return r.ok() ? "returned" : r.error().message().c_str();
}

int main() {
  try {
    kiln::Engine engine;
    kiln::Module module = kiln::Module::compile_text(engine, kWat).value_or_throw();

    // Fuel: one unit per function entered and per branch back to a loop.
    {
      kiln::Store store(engine);
      kiln::Instance instance = kiln::Instance::create(store, module, kiln::Imports()).value_or_throw();
      store.set_fuel(1000);
      auto r = instance.get_func(store, "count")->call(store, {kiln::Val(int32_t{100})});
      std::printf("count(100) with 1000 fuel: %s, %llu fuel left\n", outcome(r),
                  static_cast<unsigned long long>(*store.fuel()));
      uint64_t before = *store.fuel();
      r = instance.get_func(store, "spin")->call(store, {});
      std::printf("spin() with %llu fuel: %s (trap %s), %llu left\n", static_cast<unsigned long long>(before), outcome(r),
                  r.error().trap_code() == kiln::TrapCode::OutOfFuel ? "OutOfFuel" : "?",
                  static_cast<unsigned long long>(*store.fuel()));
      store.set_fuel(50);
      r = instance.get_func(store, "count")->call(store, {kiln::Val(int32_t{100})});
      std::printf("count(100) with 50 fuel: %s\n", outcome(r));
    }

    // Interruption: another thread stops the guest through the store's InterruptHandle.
    {
      kiln::Store store(engine);
      kiln::Instance instance = kiln::Instance::create(store, module, kiln::Imports()).value_or_throw();
      kiln::InterruptHandle handle = store.interrupt_handle();
      std::thread watchdog([handle] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        handle.interrupt();
      });
      auto start = std::chrono::steady_clock::now();
      auto r = instance.get_func(store, "spin")->call(store, {});
      auto elapsed = std::chrono::steady_clock::now() - start;
      watchdog.join();
      // The watchdog sleeps 100 ms before interrupting: the guest ran until then.
      std::printf("spin() interrupted by another thread: %s (trap %s), ran for more than 50 ms: %s\n", outcome(r),
                  r.error().trap_code() == kiln::TrapCode::Interrupted ? "Interrupted" : "?",
                  elapsed > std::chrono::milliseconds(50) ? "yes" : "no");
      // The request holds until cleared.
      r = instance.get_func(store, "count")->call(store, {kiln::Val(int32_t{3})});
      std::printf("count(3) before clear_interrupt: %s\n", outcome(r));
      store.clear_interrupt();
      r = instance.get_func(store, "count")->call(store, {kiln::Val(int32_t{3})});
      std::printf("count(3) after clear_interrupt: %s\n", outcome(r));
      // A deadline does the same without a thread.
      store.set_deadline(0.05);
      r = instance.get_func(store, "spin")->call(store, {});
      std::printf("spin() with a 50 ms deadline: %s\n", outcome(r));
    }

    // Memory limit: 4 pages for all the store's memories together.
    {
      kiln::Limits limits;
      limits.max_memory_bytes = 4 * 65536;
      kiln::Store store(engine, limits);
      kiln::Instance instance = kiln::Instance::create(store, module, kiln::Imports()).value_or_throw();
      auto grow = instance.get_func(store, "grow")->typed<int32_t(int32_t)>(store).value_or_throw();
      std::printf("memory.grow(2) = %d\n", grow.call(store, 2).value_or_throw());
      std::printf("memory.grow(2) = %d (over the limit)\n", grow.call(store, 2).value_or_throw());
      std::printf("memory.grow(1) = %d\n", grow.call(store, 1).value_or_throw());
      std::printf("memory.grow(1) = %d (over the limit)\n", grow.call(store, 1).value_or_throw());
      auto second = kiln::Instance::create(store, module, kiln::Imports());
      std::printf("a second instance: %s\n", second.ok() ? "created" : second.error().message().c_str());
    }
    return 0;
  } catch (const kiln::ApiException& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
