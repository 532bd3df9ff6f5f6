// `kiln run [--invoke NAME] FILE [ARGS...]`: compiles and instantiates one module (with
// the spectest host module as its only possible imports), calls an export with arguments
// parsed by its parameter types and prints each result on its own line.
#include <bit>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "commands.h"
#include "feature_flags.h"
#include "interp/interp.h"
#include "module_file.h"
#include "runtime/instantiate.h"
#include "runtime/linker.h"
#include "runtime/spectest.h"

namespace kiln::tools {

namespace {

// An integer of `bits` bits: decimal or 0x hex, negative values as two's complement.
std::optional<uint64_t> parse_int(const std::string& s, int bits) {
  if (s.empty()) return std::nullopt;
  bool neg = s[0] == '-';
  size_t i = (neg || s[0] == '+') ? 1 : 0;
  int base = 10;
  if (s.size() > i + 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    base = 16;
    i += 2;
  }
  if (i >= s.size()) return std::nullopt;
  const char* begin = s.c_str() + i;
  if (*begin == '-' || *begin == '+' || *begin == ' ') return std::nullopt;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(begin, &end, base);
  if (errno != 0 || *end != '\0') return std::nullopt;
  uint64_t max_unsigned = bits == 32 ? 0xFFFFFFFFull : UINT64_MAX;
  uint64_t max_negative = bits == 32 ? 0x80000000ull : 0x8000000000000000ull;
  if (neg) {
    if (v > max_negative) return std::nullopt;
    uint64_t r = ~static_cast<uint64_t>(v) + 1;
    return bits == 32 ? (r & 0xFFFFFFFFull) : r;
  }
  if (v > max_unsigned) return std::nullopt;
  return static_cast<uint64_t>(v);
}

std::optional<rt::Slot> parse_arg(const std::string& s, const ValType& t) {
  switch (t.kind) {
    case ValKind::I32: return parse_int(s, 32);
    case ValKind::I64: return parse_int(s, 64);
    case ValKind::F32: {
      char* end = nullptr;
      float f = std::strtof(s.c_str(), &end);
      if (s.empty() || *end != '\0') return std::nullopt;
      return std::bit_cast<uint32_t>(f);
    }
    case ValKind::F64: {
      char* end = nullptr;
      double d = std::strtod(s.c_str(), &end);
      if (s.empty() || *end != '\0') return std::nullopt;
      return std::bit_cast<uint64_t>(d);
    }
    case ValKind::Ref:
      if (s == "null") return rt::kNullRef;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

void print_result(const ValType& t, const rt::Slot* s) {
  switch (t.kind) {
    case ValKind::I32: std::printf("%" PRId32 "\n", static_cast<int32_t>(s[0])); break;
    case ValKind::I64: std::printf("%" PRId64 "\n", static_cast<int64_t>(s[0])); break;
    case ValKind::F32:
      std::printf("%.9g\n", static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(s[0]))));
      break;
    case ValKind::F64: std::printf("%.17g\n", std::bit_cast<double>(s[0])); break;
    case ValKind::V128: std::printf("0x%016" PRIx64 "%016" PRIx64 "\n", s[1], s[0]); break;
    case ValKind::Ref: std::printf("%s\n", s[0] == rt::kNullRef ? "null" : to_string(t).c_str()); break;
    case ValKind::Bottom: std::printf("?\n"); break;
  }
}

int fail(const std::string& msg) {
  std::fprintf(stderr, "error: %s\n", msg.c_str());
  return 1;
}

}  // namespace

namespace {

int cmd_run(const Args& args) {
  std::string invoke = "_start";
  Features features;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (FlagResult fr = apply_feature_flag(a, features); fr != FlagResult::NotAFeatureFlag) {
      if (fr == FlagResult::Unknown) {
        std::fprintf(stderr, "kiln run: unknown feature in %s\n", a.c_str());
        return 2;
      }
    } else if (a == "--invoke" && i + 1 < args.size()) {
      invoke = args[++i];
    } else if (a.rfind("--invoke=", 0) == 0) {
      invoke = a.substr(9);
    } else if (a == "--") {
      ++i;
      break;
    } else if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "kiln run: unknown option %s\n", a.c_str());
      return 2;
    } else {
      break;
    }
  }
  if (i >= args.size()) {
    std::fprintf(stderr, "usage: kiln run [--invoke NAME] FILE.wasm|FILE.wat [ARGS...]\n");
    return 2;
  }
  const std::string& path = args[i];
  Args guest(args.begin() + static_cast<long>(i) + 1, args.end());

  auto file = read_module_file(path);
  if (!file.ok()) return fail(file.error().message);
  auto module = load_module(*file, features);
  if (!module.ok()) {
    std::fprintf(stderr, "%s\n", format_file_error(module.error(), path, &*file).c_str());
    return 1;
  }
  auto compiled = interp::compile(std::move(*module), features);
  if (!compiled.ok()) {
    std::fprintf(stderr, "%s\n", format_file_error(compiled.error(), path, &*file).c_str());
    return 1;
  }
  rt::Store store;
  rt::Linker linker;
  linker.define("spectest", rt::make_spectest(store, stdout));
  auto imports = linker.resolve((*compiled)->module);
  if (!imports.ok()) return fail(imports.error().message);
  auto inst = rt::instantiate(store, *compiled, *imports, features);
  if (!inst.ok()) return fail(inst.error().message);

  auto it = (*inst)->exports.find(invoke);
  if (it == (*inst)->exports.end() || it->second.kind != ExternKind::Func) {
    return fail("no exported function \"" + invoke + "\"");
  }
  rt::FuncInst* f = it->second.func();
  const FuncType& type = *f->type;
  if (guest.size() != type.params.size()) {
    return fail("\"" + invoke + "\" takes " + std::to_string(type.params.size()) + " arguments " + to_string(type) +
                ", got " + std::to_string(guest.size()));
  }
  std::vector<rt::Slot> argv;
  for (size_t k = 0; k < guest.size(); ++k) {
    auto v = parse_arg(guest[k], type.params[k]);
    if (!v) return fail("argument " + std::to_string(k + 1) + " \"" + guest[k] + "\" is not a valid " + to_string(type.params[k]));
    argv.push_back(*v);
    if (type.params[k].slots() == 2) argv.push_back(0);
  }
  size_t result_slots = 0;
  for (const ValType& t : type.results) result_slots += t.slots();
  std::vector<rt::Slot> results(result_slots + 1, 0);
  auto r = interp::invoke(store, f, argv.data(), results.data());
  std::fflush(stdout);
  if (!r.ok()) return fail(r.error().message);
  size_t slot = 0;
  for (const ValType& t : type.results) {
    print_result(t, &results[slot]);
    slot += t.slots();
  }
  return 0;
}

const CommandRegistration kRegistration({"run",
    "  run [--invoke NAME] FILE [ARGS...]  run a module (.wasm or .wat): call export NAME\n"
    "                                      (default _start) with ARGS, print its results\n",
    cmd_run, 10});

}  // namespace

}  // namespace kiln::tools
