// `kiln run [OPTIONS] FILE [ARGS...]`: compiles and instantiates one module with WASI
// preview 1 (`wasi_snapshot_preview1`) and the spectest host module as its possible imports,
// then runs a WASI command's `_start` (the guest's exit code is ours) or, with --invoke, calls
// an export with arguments parsed by its parameter types and prints each result on its own
// line (after a reactor's `_initialize`). Options follow wasmtime's: --dir HOST[::GUEST],
// --env NAME=VALUE, --invoke NAME, --tcplisten HOST:PORT, `--` to end them.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bit>
#include <chrono>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "binary/decoder.h"
#include "binary/writer.h"
#include "commands.h"
#include "feature_flags.h"
#include "interp/interp.h"
#include "module_file.h"
#include "runtime/instantiate.h"
#include "runtime/linker.h"
#include "runtime/spectest.h"
#include "runtime/trap_trace.h"
#include "wasi/wasi.h"

namespace kiln::core::tools {

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

// A v128 as printed: 0x and up to 32 hex digits, the high lanes first.
bool parse_v128(const std::string& s, rt::Slot out[2]) {
  if (s.size() < 3 || s.size() > 34 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return false;
  out[0] = out[1] = 0;
  for (size_t i = 2; i < s.size(); ++i) {
    char c = s[i];
    uint64_t d;
    if (c >= '0' && c <= '9') d = static_cast<uint64_t>(c - '0');
    else if (c >= 'a' && c <= 'f') d = static_cast<uint64_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') d = static_cast<uint64_t>(c - 'A' + 10);
    else return false;
    out[1] = (out[1] << 4) | (out[0] >> 60);
    out[0] = (out[0] << 4) | d;
  }
  return true;
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

struct RunOptions {
  std::string invoke;  // empty: _start
  bool trap_unknown_imports = false;
  std::optional<uint64_t> fuel;
  std::optional<double> timeout_seconds;
  std::optional<uint64_t> max_memory;
  Features features;
  wasi::WasiConfig wasi;
};

const char kUsage[] =
    "usage: kiln run [OPTIONS] FILE.wasm|FILE.wat [ARGS...]\n"
    "  --dir HOST[::GUEST]   give the guest the host directory HOST, seen as GUEST\n"
    "  --env NAME[=VALUE]    set a guest environment variable (NAME alone: the host's value)\n"
    "  --invoke NAME         call export NAME with ARGS parsed by its parameter types\n"
    "  --tcplisten HOST:PORT listen on a TCP socket and give it to the guest (after the --dir ones)\n"
    "  --fuel N              end the guest after N units of work (calls and loop iterations)\n"
    "  --timeout SECONDS     end the guest after SECONDS of wall time\n"
    "  --max-memory BYTES    bound all the guest's linear memories together\n"
    "  --trap-unknown-imports  satisfy function imports no module provides with functions\n"
    "                        that trap when called\n"
    "  --                    end of options\n";

// The value of option `name` at args[i]: "--name VALUE" or "--name=VALUE". Advances i past
// what it consumed; nullopt when args[i] is not this option.
std::optional<std::string> option_value(const Args& args, size_t& i, const char* name, bool& missing) {
  const std::string& a = args[i];
  std::string n = std::string("--") + name;
  if (a == n) {
    if (i + 1 >= args.size()) {
      missing = true;
      return std::nullopt;
    }
    return args[++i];
  }
  if (a.size() > n.size() && a.compare(0, n.size(), n) == 0 && a[n.size()] == '=') return a.substr(n.size() + 1);
  return std::nullopt;
}

// HOST[::GUEST]; GUEST defaults to HOST as written (wasmtime's convention).
wasi::Preopen parse_dir(const std::string& v) {
  size_t sep = v.find("::");
  if (sep == std::string::npos) return wasi::Preopen{v, v};
  return wasi::Preopen{v.substr(0, sep), v.substr(sep + 2)};
}

// --tcplisten HOST:PORT (wasmtime's option): a TCP socket bound to HOST:PORT and listening
// before the guest starts, for it to sock_accept from; -1 after printing why there is none.
// HOST is an IPv4 address, an IPv6 address in brackets or `localhost` (no name lookup: the
// kiln binary is static, where the resolver would need glibc's shared libraries).
int tcp_listen(const std::string& address) {
  auto refuse = [&](const std::string& why) {
    std::fprintf(stderr, "kiln run: cannot listen on %s: %s\n", address.c_str(), why.c_str());
    return -1;
  };
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) return refuse("expected HOST:PORT");
  std::string host = address.substr(0, colon), port = address.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::strtoul(port.c_str(), nullptr, 10) > 65535) {
    return refuse("bad port '" + port + "'");
  }
  uint16_t port_be = htons(static_cast<uint16_t>(std::strtoul(port.c_str(), nullptr, 10)));
  sockaddr_storage sa{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&sa);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&sa);
  if (host == "localhost") host = "127.0.0.1";
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = port_be;
    len = sizeof(sockaddr_in);
  } else if (host.size() >= 2 && host.front() == '[' && host.back() == ']' &&
             inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = port_be;
    len = sizeof(sockaddr_in6);
  } else {
    return refuse("HOST must be an IPv4 address, an IPv6 address in brackets or localhost");
  }
  int fd = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return refuse(std::strerror(errno));
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), len) != 0 || listen(fd, SOMAXCONN) != 0) {
    int e = errno;
    close(fd);
    return refuse(std::strerror(e));
  }
  return fd;
}

// A non-negative decimal count (no sign, no suffix).
std::optional<uint64_t> parse_count(const std::string& v) {
  if (v.empty() || v[0] < '0' || v[0] > '9') return std::nullopt;
  char* end = nullptr;
  errno = 0;
  unsigned long long n = std::strtoull(v.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return std::nullopt;
  return static_cast<uint64_t>(n);
}

long bad_value(const char* option, const std::string& v) {
  std::fprintf(stderr, "kiln run: invalid value '%s' for %s\n", v.c_str(), option);
  return -1;
}

// Parses options up to FILE; returns the index of FILE, or -1 after printing an error.
long parse_options(const Args& args, RunOptions& o) {
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool missing = false;
    if (FlagResult fr = apply_feature_flag(a, o.features); fr != FlagResult::NotAFeatureFlag) {
      if (fr == FlagResult::Unknown) {
        std::fprintf(stderr, "kiln run: unknown feature in %s\n", a.c_str());
        return -1;
      }
    } else if (auto v = option_value(args, i, "invoke", missing)) {
      o.invoke = *v;
    } else if (auto v = option_value(args, i, "dir", missing)) {
      o.wasi.preopens.push_back(parse_dir(*v));
    } else if (auto v = option_value(args, i, "env", missing)) {
      if (v->find('=') == std::string::npos) {
        const char* host = std::getenv(v->c_str());
        if (host) o.wasi.env.push_back(*v + "=" + host);
      } else {
        o.wasi.env.push_back(*v);
      }
    } else if (auto v = option_value(args, i, "tcplisten", missing)) {
      int fd = tcp_listen(*v);
      if (fd < 0) return -1;
      o.wasi.sockets.push_back(fd);  // stays open until kiln exits
    } else if (missing) {
      std::fprintf(stderr, "kiln run: option %s needs a value\n", a.c_str());
      return -1;
    } else if (auto v = option_value(args, i, "fuel", missing)) {
      auto n = parse_count(*v);
      if (!n) return bad_value("--fuel", *v);
      o.fuel = *n;
    } else if (auto v = option_value(args, i, "max-memory", missing)) {
      auto n = parse_count(*v);
      if (!n) return bad_value("--max-memory", *v);
      o.max_memory = *n;
    } else if (auto v = option_value(args, i, "timeout", missing)) {
      char* end = nullptr;
      double secs = std::strtod(v->c_str(), &end);
      if (v->empty() || *end != '\0' || !(secs > 0) || secs > 1e9) return bad_value("--timeout", *v);
      o.timeout_seconds = secs;
    } else if (a == "--trap-unknown-imports") {
      o.trap_unknown_imports = true;
    } else if (a == "--") {
      ++i;
      break;
    } else if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "kiln run: unknown option %s\n%s", a.c_str(), kUsage);
      return -1;
    } else {
      break;
    }
  }
  if (i >= args.size()) {
    std::fprintf(stderr, "%s", kUsage);
    return -1;
  }
  return static_cast<long>(i);
}

// The exit status for a guest's proc_exit code: the code itself where the host can carry it
// (0-255), else 1, so that a failure never reads as success.
int exit_status(uint32_t code) { return code <= 255 ? static_cast<int>(code) : 1; }

// Status of a run that trapped: 134, as other engines and as a native program that aborts.
constexpr int kTrapStatus = 134;

// What ended a run that was stopped by a limit, for the message.
struct RunLimits {
  std::optional<double> timeout_seconds;
};

// Prints the outcome of a failed call (the trap's message and wasm backtrace); returns the
// exit status.
int report_call_failure(const Error& e, const wasi::WasiContext& ctx, const rt::Store& store, const RunLimits& limits) {
  if (e.kind == ErrorKind::Exit) return exit_status(ctx.exit_code().value_or(0));
  std::string message = e.message;
  if (message == trap_message(TrapKind::Interrupted) && limits.timeout_seconds) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " (time limit of %g s exceeded)", *limits.timeout_seconds);
    message += buf;
  }
  const std::vector<rt::TraceFrame>& frames =
      store.last_trap().message == e.message ? store.last_trap().frames : std::vector<rt::TraceFrame>{};
  std::fputs(rt::format_trap(message, frames).c_str(), stderr);
  return kTrapStatus;
}

// Calls `name` with the command line's arguments parsed by its parameter types and prints
// its results.
int invoke_export(rt::Store& store, rt::ModuleInstance& inst, const std::string& name, const Args& guest,
                  const wasi::WasiContext& ctx, const RunLimits& limits) {
  auto it = inst.exports.find(name);
  if (it == inst.exports.end() || it->second.kind != ExternKind::Func) {
    return fail("no exported function \"" + name + "\"");
  }
  rt::FuncInst* f = it->second.func();
  const FuncType& type = *f->type;
  if (guest.size() != type.params.size()) {
    return fail("\"" + name + "\" takes " + std::to_string(type.params.size()) + " arguments " + to_string(type) +
                ", got " + std::to_string(guest.size()));
  }
  std::vector<rt::Slot> argv;
  for (size_t k = 0; k < guest.size(); ++k) {
    auto bad = [&] {
      return fail("argument " + std::to_string(k + 1) + " \"" + guest[k] + "\" is not a valid " + to_string(type.params[k]));
    };
    if (type.params[k].kind == ValKind::V128) {
      rt::Slot v[2];
      if (!parse_v128(guest[k], v)) return bad();
      argv.push_back(v[0]);
      argv.push_back(v[1]);
      continue;
    }
    auto v = parse_arg(guest[k], type.params[k]);
    if (!v) return bad();
    argv.push_back(*v);
  }
  size_t result_slots = 0;
  for (const ValType& t : type.results) result_slots += t.slots();
  std::vector<rt::Slot> results(result_slots + 1, 0);
  auto r = interp::invoke(store, f, argv.data(), results.data());
  std::fflush(stdout);
  if (!r.ok()) return report_call_failure(r.error(), ctx, store, limits);
  size_t slot = 0;
  for (const ValType& t : type.results) {
    print_result(t, &results[slot]);
    slot += t.slots();
  }
  return 0;
}

// --trap-unknown-imports: each function import that no module provides becomes a host
// function of the imported type that traps with "unknown import "MOD" "NAME" called".
// Other kinds of imports stay link errors.
void define_trapping_imports(rt::Store& store, rt::Linker& linker, const Module& m) {
  for (const Import& im : m.imports) {
    if (im.kind != ExternKind::Func || linker.find(im.module, im.name)) continue;
    std::string message = "unknown import \"" + im.module + "\" \"" + im.name + "\" called";
    rt::HostCallback cb = [message](rt::Store&, const rt::Slot*, rt::Slot*) -> rt::CallResult {
      return Error(message, ErrorKind::Trap);
    };
    rt::FuncInst* f = store.new_host_func(m.functype(im.func_type), std::move(cb), im.module + "." + im.name);
    linker.define(im.module, im.name, rt::Extern{ExternKind::Func, f});
  }
}

int cmd_run(const Args& args) {
  RunOptions o;
  long file_index = parse_options(args, o);
  if (file_index < 0) return 2;
  const std::string& path = args[static_cast<size_t>(file_index)];
  Args guest(args.begin() + file_index + 1, args.end());

  auto file = read_module_file(path);
  if (!file.ok()) return fail(file.error().message);
  Result<std::shared_ptr<const rt::CompiledModule>> compiled = Error("");
  if (file->binary) {
    compiled = compile_binary_file(*file, path, o.features);
  } else {
    auto module = load_module(*file, o.features);
    if (!module.ok()) {
      std::fprintf(stderr, "%s\n", format_file_error(module.error(), path, &*file).c_str());
      return 1;
    }
    // Run a text module as its binary encoding (with its names), so that backtraces give
    // module offsets as for a .wasm file.
    std::vector<uint8_t> bytes = write_module(*module, WriteOptions{.names = true});
    auto decoded = decode_module(bytes.data(), bytes.size(), o.features);
    if (decoded.ok()) module = std::move(decoded);
    compiled = interp::compile(std::move(*module), o.features);
  }
  if (!compiled.ok()) {
    std::fprintf(stderr, "%s\n", format_file_error(compiled.error(), path, &*file).c_str());
    return 1;
  }

  // WASI: the guest's argv is the module's path and the arguments after it (with --invoke,
  // the arguments are the export's instead).
  o.wasi.args.push_back(path);
  if (o.invoke.empty()) o.wasi.args.insert(o.wasi.args.end(), guest.begin(), guest.end());
  auto ctx = wasi::WasiContext::create(o.wasi);
  if (!ctx.ok()) return fail(ctx.error().message);

  rt::StoreLimits store_limits;
  if (o.max_memory) store_limits.max_memory_bytes = *o.max_memory;
  rt::Store store(store_limits);
  if (o.fuel) store.set_fuel(*o.fuel);
  RunLimits limits{o.timeout_seconds};
  if (o.timeout_seconds) {
    // The deadline counts from here: compilation is not the guest's time.
    store.set_deadline(std::chrono::steady_clock::now() +
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(*o.timeout_seconds)));
  }
  rt::Linker linker;
  // The spectest host module only for modules that import it (its memory and table would
  // count against --max-memory otherwise).
  for (const Import& im : (*compiled)->module.imports) {
    if (im.module == "spectest") {
      linker.define("spectest", rt::make_spectest(store, stdout));
      break;
    }
  }
  linker.define("wasi_snapshot_preview1", wasi::make_host_module(store, **ctx));
  if (o.trap_unknown_imports) define_trapping_imports(store, linker, (*compiled)->module);
  auto imports = linker.resolve((*compiled)->module);
  if (!imports.ok()) return fail(imports.error().message);
  auto inst = rt::instantiate(store, *compiled, *imports, o.features);
  if (!inst.ok()) {
    const Error& e = inst.error();
    if (e.kind == ErrorKind::Exit) return exit_status((*ctx)->exit_code().value_or(0));
    // A trap of the start function has a backtrace; a failed allocation or segment does not.
    if ((e.kind == ErrorKind::Trap || e.kind == ErrorKind::Exhaustion) && store.last_trap().message == e.message &&
        !store.last_trap().frames.empty()) {
      return report_call_failure(e, **ctx, store, limits);
    }
    return fail(e.message);
  }
  (*ctx)->bind(**inst);

  if (o.invoke.empty()) {
    auto it = (*inst)->exports.find("_start");
    if (it == (*inst)->exports.end() || it->second.kind != ExternKind::Func) {
      return fail("the module exports no _start function; name an export with --invoke NAME");
    }
    // A command's _start takes nothing; its arguments come through WASI.
    const FuncType& start_type = *it->second.func()->type;
    if (!start_type.params.empty() || !start_type.results.empty()) {
      return fail("_start must have type [] -> [], has " + to_string(start_type));
    }
    auto r = interp::invoke(store, it->second.func(), nullptr, nullptr);
    if (!r.ok()) return report_call_failure(r.error(), **ctx, store, limits);
    return 0;
  }
  // A reactor initialises itself in _initialize before any other export is called.
  auto init = (*inst)->exports.find("_initialize");
  if (init != (*inst)->exports.end() && init->second.kind == ExternKind::Func) {
    auto r = interp::invoke(store, init->second.func(), nullptr, nullptr);
    if (!r.ok()) return report_call_failure(r.error(), **ctx, store, limits);
  }
  return invoke_export(store, **inst, o.invoke, guest, **ctx, limits);
}

const CommandRegistration kRegistration({"run",
    "  run [OPTIONS] FILE [ARGS...]        run a module (.wasm or .wat): a WASI command's\n"
    "                                      _start with ARGS, or --invoke NAME with ARGS;\n"
    "                                      --dir HOST[::GUEST], --env NAME=VALUE\n",
    cmd_run, 10});

}  // namespace

}  // namespace kiln::core::tools
