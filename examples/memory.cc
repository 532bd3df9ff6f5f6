// memory: the host reads, writes and grows a guest's linear memory.
//   A span from Memory::data() is valid until the memory grows -- by Memory::grow or by
//   memory.grow in wasm, so after any call into wasm. Take a new span after either.
#include <kiln/kiln.hh>

#include <cstdio>
#include <cstring>
#include <span>

static const char* kWat = R"((module
  (memory (export "memory") 1 4)
  (data (i32.const 16) "written by wasm")
  (func (export "sum") (param $ptr i32) (param $len i32) (result i32)
    (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (local.get $s))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size)))
)";

int main() {
  try {
    kiln::Engine engine;
    kiln::Store store(engine);
    kiln::Module module = kiln::Module::compile_text(engine, kWat).value_or_throw();
    kiln::Instance instance = kiln::Instance::create(store, module, kiln::Imports()).value_or_throw();
    kiln::Memory memory = *instance.get_memory(store, "memory");
    auto sum = instance.get_func(store, "sum")->typed<int32_t(int32_t, int32_t)>(store).value_or_throw();
    auto grow = instance.get_func(store, "grow")->typed<int32_t(int32_t)>(store).value_or_throw();

    // Read what the data segment wrote.
    std::span<uint8_t> bytes = memory.data(store);
    std::printf("pages: %llu, bytes: %zu\n", static_cast<unsigned long long>(memory.size_pages(store)), bytes.size());
    std::printf("at 16: \"%.15s\"\n", reinterpret_cast<const char*>(bytes.data() + 16));

    // Write from the host, let wasm read it.
    const uint8_t values[] = {1, 2, 3, 4, 250};
    std::memcpy(bytes.data() + 100, values, sizeof values);
    std::printf("wasm sums the host's bytes: %d\n", sum.call(store, 100, 5).value_or_throw());

    // Growth from the host: `bytes` is now stale; take a new span.
    uint64_t old_pages = memory.grow(store, 1).value_or_throw();
    bytes = memory.data(store);
    std::printf("host grew from %llu pages to %llu, %zu bytes\n", static_cast<unsigned long long>(old_pages),
                static_cast<unsigned long long>(memory.size_pages(store)), bytes.size());
    bytes[65536 + 7] = 42;  // in the new page
    std::printf("wasm reads the new page: %d\n", sum.call(store, 65536, 8).value_or_throw());

    // Growth from wasm: again a new span after the call.
    std::printf("wasm memory.grow(1) returned %d\n", grow.call(store, 1).value_or_throw());
    bytes = memory.data(store);
    std::printf("now %llu pages, %zu bytes\n", static_cast<unsigned long long>(memory.size_pages(store)), bytes.size());
    // Beyond the maximum of 4 pages: memory.grow gives -1, Memory::grow an error.
    std::printf("wasm memory.grow(2) returned %d\n", grow.call(store, 2).value_or_throw());
    kiln::Result<uint64_t> refused = memory.grow(store, 2);
    std::printf("host grow by 2: %s\n", refused.ok() ? "ok" : refused.error().message().c_str());

    // Out-of-bounds access from wasm traps.
    auto oob = sum.call(store, static_cast<int32_t>(bytes.size()) - 2, 4);
    std::printf("reading past the end: %s\n", oob.ok() ? "ok" : oob.error().message().c_str());
    return 0;
  } catch (const kiln::ApiException& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
