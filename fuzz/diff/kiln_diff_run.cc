// kiln-diff-run FILE.wasm...: runs each module as the differential runner's protocol says
// (fuzz/diff/README.md) and prints its canonical log; fuzz/diff/v8_run.js prints the same
// log for Node's V8, and fuzz/diff/run.py compares the two.
//
// For each module: every imported function logs its name and arguments and returns zeroes;
// every exported function is called twice, in export order, with arguments from the
// protocol's tables; then the exported globals and a hash of the exported memory "memory".
// Traps are reported by category, as V8 and Kiln word them differently.
#include <kiln/kiln.hh>

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

// Arguments: entry (7 * export + 3 * param + 5 * round) of the table of the parameter's type.
constexpr int32_t kI32[] = {0, 1, -1, 2147483647, INT32_MIN, 42, 65535, 65536, 7, -100};
constexpr int64_t kI64[] = {0, 1, -1, INT64_MAX, INT64_MIN, 42, 4294967296, -7};
constexpr uint32_t kF32[] = {0x00000000, 0x80000000, 0x3F800000, 0xBFC00000,
                             0x7F7FFFFF, 0x00000001, 0x3F000000, 0x42C80000};
constexpr uint64_t kF64[] = {0, 0x8000000000000000, 0x3FF0000000000000, 0xBFF8000000000000,
                             0x7FEFFFFFFFFFFFFF, 1, 0x3FB999999999999A, 0x4202A05F20000000};
template <typename T, size_t N>
const T& pick(const T (&table)[N], size_t k) { return table[k % N]; }

kiln::Val argument(kiln::ValKind kind, size_t export_index, size_t param, size_t round) {
  size_t k = 7 * export_index + 3 * param + 5 * round;
  switch (kind) {
    case kiln::ValKind::I32: return kiln::Val(pick(kI32, k));
    case kiln::ValKind::I64: return kiln::Val(pick(kI64, k));
    case kiln::ValKind::F32: return kiln::Val::from_bits(kiln::ValKind::F32, pick(kF32, k));
    case kiln::ValKind::F64: return kiln::Val::from_bits(kiln::ValKind::F64, pick(kF64, k));
    default: return kiln::Val::null(kind);
  }
}

std::string format(const kiln::Val& v) {
  char buf[64];
  switch (v.kind()) {
    case kiln::ValKind::I32: std::snprintf(buf, sizeof buf, "i32:%" PRId32, v.i32()); break;
    case kiln::ValKind::I64: std::snprintf(buf, sizeof buf, "i64:%" PRId64, v.i64()); break;
    case kiln::ValKind::F32:
      if (std::isnan(v.f32())) return "f32:nan";
      std::snprintf(buf, sizeof buf, "f32:0x%08" PRIx32, static_cast<uint32_t>(v.bits()));
      break;
    case kiln::ValKind::F64:
      if (std::isnan(v.f64())) return "f64:nan";
      std::snprintf(buf, sizeof buf, "f64:0x%016" PRIx64, v.bits());
      break;
    case kiln::ValKind::V128: return "v128";  // JS cannot read one: only the type is compared
    default: return "ref";
  }
  return buf;
}

// V8's and Kiln's trap messages name the same few categories.
std::string category(const kiln::Error& e) {
  if (!e.trap_code()) return e.kind() == kiln::Error::Kind::Runtime ? "host" : "error: " + e.message();
  switch (*e.trap_code()) {
    case kiln::TrapCode::Unreachable: return "unreachable";
    case kiln::TrapCode::MemoryOutOfBounds: return "memory";
    case kiln::TrapCode::TableOutOfBounds:
    case kiln::TrapCode::UndefinedElement: return "table";
    case kiln::TrapCode::UninitializedElement:
    case kiln::TrapCode::IndirectCallMismatch:
    case kiln::TrapCode::NullFunctionReference: return "indirect";
    case kiln::TrapCode::IntegerDivideByZero: return "divzero";
    // "integer overflow" is both a division's and a float truncation's in Kiln (the spec's
    // messages); V8 tells them apart, so the two are one category here.
    case kiln::TrapCode::IntegerOverflow:
    case kiln::TrapCode::InvalidConversion: return "overflow";
    case kiln::TrapCode::CallStackExhausted: return "stack";
    case kiln::TrapCode::OutOfFuel: return "fuel";
    // A call of an import with a v128 in its type (JS: a TypeError).
    case kiln::TrapCode::HostError: return "host";
    default: return "other: " + e.message();
  }
}

std::string join(const std::vector<kiln::Val>& vals) {
  std::string s;
  for (const kiln::Val& v : vals) s += (s.empty() ? "" : " ") + format(v);
  return s;
}

// FNV-1a, 32 bits (cheap in JavaScript too).
uint32_t fnv1a(std::span<const uint8_t> bytes) {
  uint32_t h = 2166136261u;
  for (uint8_t b : bytes) h = (h ^ b) * 16777619u;
  return h;
}

void run(const kiln::Engine& engine, const std::string& path) {
  std::string base = path.substr(path.find_last_of('/') + 1);
  std::printf("module %s\n", base.c_str());
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  kiln::Result<kiln::Module> module = kiln::Module::compile(engine, bytes);
  if (!module.ok()) {
    std::printf("invalid\n");
    return;
  }
  kiln::Store store(engine);
  std::vector<kiln::Extern> imports;
  for (const kiln::ImportType& im : module->imports()) {
    const kiln::FuncType* ft = std::get_if<kiln::FuncType>(&im.type);
    if (!ft) {
      std::printf("skip import %s %s\n", im.module.c_str(), im.name.c_str());
      return;
    }
    std::string label = im.name;
    // JS functions cannot take or return a v128: wasm calling such an import gets a
    // TypeError in V8, before the function runs. Here the call fails the same way.
    bool v128 = false;
    for (const kiln::ValType& t : ft->params) v128 = v128 || t.kind() == kiln::ValKind::V128;
    for (const kiln::ValType& t : ft->results) v128 = v128 || t.kind() == kiln::ValKind::V128;
    if (v128) {
      imports.push_back(kiln::Func::create(store, *ft, [](std::span<const kiln::Val>, std::span<kiln::Val>) {
        return kiln::Result<void>(kiln::Error(kiln::Error::Kind::Runtime, "v128 at the JS boundary"));
      }));
      continue;
    }
    imports.push_back(kiln::Func::create(store, *ft, [label](std::span<const kiln::Val> args, std::span<kiln::Val> results) {
      std::vector<kiln::Val> a(args.begin(), args.end());
      std::printf("log %s %s\n", label.c_str(), join(a).c_str());
      for (kiln::Val& r : results) r = kiln::Val::from_bits(r.kind(), 0);
      return kiln::Result<void>();
    }));
  }
  // Fuel only as a safety net: running out makes the module inconclusive ("fuel").
  store.set_fuel(50'000'000);
  kiln::Result<kiln::Instance> instance = kiln::Instance::create(store, *module, imports);
  if (!instance.ok()) {
    std::printf("instantiate: trap %s\n", category(instance.error()).c_str());
    return;
  }
  size_t export_index = 0;
  for (const auto& [name, ext] : instance->exports(store)) {
    std::optional<kiln::Func> f = ext.func();
    if (!f) continue;
    kiln::FuncType type = f->type(store).value_or_throw();
    bool numeric = true;
    for (const kiln::ValType& p : type.params) numeric = numeric && p.is_num();
    for (const kiln::ValType& r : type.results) numeric = numeric && r.is_num();
    if (numeric) {
      for (size_t round = 0; round < 2; ++round) {
        std::vector<kiln::Val> args;
        for (size_t p = 0; p < type.params.size(); ++p) args.push_back(argument(type.params[p].kind(), export_index, p, round));
        std::printf("call %s (%s)\n", name.c_str(), join(args).c_str());
        kiln::Result<std::vector<kiln::Val>> r = f->call(store, args);
        if (r.ok()) {
          std::printf("-> %s\n", join(*r).c_str());
        } else {
          std::printf("-> trap %s\n", category(r.error()).c_str());
        }
      }
    }
    ++export_index;
  }
  for (const auto& [name, ext] : instance->exports(store)) {
    if (std::optional<kiln::Global> g = ext.global()) {
      std::printf("global %s %s\n", name.c_str(), format(g->get(store).value_or_throw()).c_str());
    } else if (std::optional<kiln::Memory> m = ext.memory(); m && name == "memory") {
      std::span<const uint8_t> data = m->data(store);
      std::printf("memory %zu %08" PRIx32 "\n", data.size(), fnv1a(data));
      // KILN_DIFF_DUMP=DIR: the memory also goes to DIR/NAME.kiln.mem, to find a difference.
      if (const char* dir = std::getenv("KILN_DIFF_DUMP")) {
        std::ofstream(std::string(dir) + "/" + base + ".kiln.mem", std::ios::binary)
            .write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  // The default features (WebAssembly 2.0 plus what is finished of 3.0), SIMD certainly:
  // Node 20's V8 runs it too. The generator's differential modules have no relaxed SIMD (V8
  // may choose other results for it, as the spec allows).
  kiln::Config config;
  config.set_feature("simd", true);
  kiln::Engine engine(config);
  for (int i = 1; i < argc; ++i) {
    run(engine, argv[i]);
    std::fflush(stdout);
  }
  return 0;
}
