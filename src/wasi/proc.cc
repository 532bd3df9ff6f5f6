// WASI: arguments, environment, clocks, random bytes, sched_yield, proc_exit, proc_raise.
#include <sched.h>
#include <sys/random.h>
#include <time.h>

#include <cerrno>

#include "wasi/context.h"

namespace kiln::core::wasi {

namespace {

// argv-style tables: `ptrs` receives one u32 pointer per string, `buf` the strings, each
// NUL-terminated, one after another.
Errno write_strings(Guest& g, const std::vector<std::string>& strings, uint32_t ptrs, uint32_t buf) {
  uint64_t total = 0;
  for (const std::string& s : strings) total += s.size() + 1;
  if (!g.in_bounds(ptrs, uint64_t{4} * strings.size()) || !g.in_bounds(buf, total)) return Errno::Fault;
  uint64_t at = buf;
  for (size_t i = 0; i < strings.size(); ++i) {
    g.store<uint32_t>(ptrs + 4 * i, static_cast<uint32_t>(at));
    g.write_bytes(at, strings[i].c_str(), strings[i].size() + 1);
    at += strings[i].size() + 1;
  }
  return Errno::Success;
}

Errno write_sizes(Guest& g, const std::vector<std::string>& strings, uint32_t count_ptr, uint32_t size_ptr) {
  uint64_t total = 0;
  for (const std::string& s : strings) total += s.size() + 1;
  if (total > UINT32_MAX) return Errno::Overflow;
  if (!g.store<uint32_t>(count_ptr, static_cast<uint32_t>(strings.size()))) return Errno::Fault;
  if (!g.store<uint32_t>(size_ptr, static_cast<uint32_t>(total))) return Errno::Fault;
  return Errno::Success;
}

Errno args_get(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  return write_strings(g, s.args, arg32(a, 0), arg32(a, 1));
}
Errno args_sizes_get(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  return write_sizes(g, s.args, arg32(a, 0), arg32(a, 1));
}
Errno environ_get(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  return write_strings(g, s.env, arg32(a, 0), arg32(a, 1));
}
Errno environ_sizes_get(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  return write_sizes(g, s.env, arg32(a, 0), arg32(a, 1));
}

// The host clock for a WASI clock id.
bool host_clock(uint32_t id, clockid_t& out) {
  switch (static_cast<ClockId>(id)) {
    case ClockId::Realtime: out = CLOCK_REALTIME; return true;
    case ClockId::Monotonic: out = CLOCK_MONOTONIC; return true;
    case ClockId::ProcessCputime: out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case ClockId::ThreadCputime: out = CLOCK_THREAD_CPUTIME_ID; return true;
  }
  return false;
}

uint64_t to_ns(const timespec& ts) {
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

Errno clock_res_get(WasiContext::State&, Guest& g, const rt::Slot* a) {
  clockid_t c;
  if (!host_clock(arg32(a, 0), c)) return Errno::Inval;
  timespec ts{};
  if (clock_getres(c, &ts) != 0) return errno_from_host(errno);
  uint64_t ns = to_ns(ts);
  if (ns == 0) ns = 1;  // a resolution is never zero
  return g.store<uint64_t>(arg32(a, 1), ns) ? Errno::Success : Errno::Fault;
}

Errno clock_time_get(WasiContext::State&, Guest& g, const rt::Slot* a) {
  clockid_t c;
  if (!host_clock(arg32(a, 0), c)) return Errno::Inval;
  // a[1] is the precision the guest tolerates; the host clock is at least that precise.
  timespec ts{};
  if (clock_gettime(c, &ts) != 0) return errno_from_host(errno);
  return g.store<uint64_t>(arg32(a, 2), to_ns(ts)) ? Errno::Success : Errno::Fault;
}

Errno random_get(WasiContext::State&, Guest& g, const rt::Slot* a) {
  uint32_t buf = arg32(a, 0), len = arg32(a, 1);
  if (!g.in_bounds(buf, len)) return Errno::Fault;
  uint8_t* p = g.at(buf);
  uint32_t done = 0;
  while (done < len) {
    ssize_t n = getrandom(p + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_from_host(errno);
    }
    done += static_cast<uint32_t>(n);
  }
  return Errno::Success;
}

Errno sched_yield_(WasiContext::State&, Guest&, const rt::Slot*) {
  sched_yield();
  return Errno::Success;
}

Errno proc_exit(WasiContext::State& s, Guest&, const rt::Slot* a) {
  s.exit_code = arg32(a, 0);
  return kExitRequested;
}

// proc_raise (deprecated in preview 1, no longer used by wasi-libc): signal 0 only checks
// the call, any valid signal is refused with ENOTSUP, since a guest cannot be sent a host
// signal; a number outside the signal enumeration is EINVAL.
Errno proc_raise(WasiContext::State&, Guest&, const rt::Slot* a) {
  uint32_t sig = arg32(a, 0);
  if (sig > kSignalMax) return Errno::Inval;
  return sig == 0 ? Errno::Success : Errno::NotSup;
}

}  // namespace

const std::vector<FunctionDef>& proc_functions() {
  static const std::vector<FunctionDef> defs = {
      {"args_get", "ii>i", args_get},
      {"args_sizes_get", "ii>i", args_sizes_get},
      {"environ_get", "ii>i", environ_get},
      {"environ_sizes_get", "ii>i", environ_sizes_get},
      {"clock_res_get", "ii>i", clock_res_get},
      {"clock_time_get", "iIi>i", clock_time_get},
      {"proc_exit", "i>", proc_exit},
      {"proc_raise", "i>i", proc_raise},
      {"sched_yield", ">i", sched_yield_},
      {"random_get", "ii>i", random_get},
  };
  return defs;
}

}  // namespace kiln::core::wasi
