// WASI: poll_oneoff - waits until one of a set of clocks expires or descriptors become ready.
//
// Every subscription is read before anything is waited for or written, so the subscription
// and event arrays may overlap. Clock subscriptions become deadlines (relative ones from the
// start of the call on the monotonic clock, as POSIX sleeps are; absolute realtime ones against
// the realtime clock, checked again on each wake-up so that a clock step cannot end the wait
// early); descriptor subscriptions become entries of one ppoll(2), whose timeout is the
// earliest deadline. Regular files are always ready, as poll(2) reports them. A subscription
// on a descriptor that cannot be polled yields an event carrying the error (EBADF,
// ENOTCAPABLE) rather than failing the call, as wasi-libc's poll() expects.
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <limits>

#include "wasi/context.h"

namespace kiln::core::wasi {

namespace {

constexpr uint64_t kForever = std::numeric_limits<uint64_t>::max();

uint64_t now_ns(clockid_t c) {
  timespec ts{};
  clock_gettime(c, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}

uint64_t saturating_add(uint64_t a, uint64_t b) { return b > kForever - a ? kForever : a + b; }

// One subscription as read from guest memory.
struct Subscription {
  uint64_t userdata = 0;
  EventType type = EventType::Clock;
  // Clock: the deadline in nanoseconds on `clock`.
  clockid_t clock = CLOCK_MONOTONIC;
  uint64_t deadline = 0;
  // Descriptor: an error to report at once, or the host descriptor and where it is polled.
  Errno error = Errno::Success;
  int host_fd = -1;
  bool always_ready = false;  // a regular file or block device
  int poll_index = -1;        // index into the pollfd array
};

// Bytes that can be read from `fd` without blocking, where the host can tell: what remains
// of a regular file after its offset, the queued bytes of a pipe, socket or terminal.
uint64_t readable_bytes(int fd) {
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    off_t pos = lseek(fd, 0, SEEK_CUR);
    if (pos < 0 || st.st_size <= pos) return 0;
    return static_cast<uint64_t>(st.st_size - pos);
  }
  int n = 0;
  if (ioctl(fd, FIONREAD, &n) == 0 && n > 0) return static_cast<uint64_t>(n);
  return 0;
}

// The error a socket has pending (SO_ERROR), or `fallback` when there is none or `fd` is not
// a socket.
Errno pending_error(int fd, Errno fallback) {
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0) return errno_from_host(err);
  return fallback;
}

void write_event(Guest& g, uint64_t at, const Subscription& s, Errno error, uint64_t nbytes, uint16_t flags) {
  uint8_t zero[layout::kEventSize] = {};
  g.write_bytes(at, zero, sizeof zero);
  g.store<uint64_t>(at, s.userdata);
  g.store<uint16_t>(at + 8, static_cast<uint16_t>(error));
  g.store<uint8_t>(at + 10, static_cast<uint8_t>(s.type));
  if (s.type != EventType::Clock) {
    g.store<uint64_t>(at + 16, nbytes);
    g.store<uint16_t>(at + 24, flags);
  }
}

// Reads subscription `i`; EINVAL for an unknown tag or a clock other than realtime and
// monotonic (the whole call fails, as in wasmtime).
Errno read_subscription(WasiContext::State& s, const Guest& g, uint64_t at, uint64_t call_start,
                        Subscription& out, std::vector<pollfd>& pfds) {
  uint8_t tag = 0;
  g.load(at, out.userdata);
  g.load(at + 8, tag);
  switch (tag) {
    case static_cast<uint8_t>(EventType::Clock): {
      uint32_t id = 0;
      uint64_t timeout = 0;
      uint16_t flags = 0;
      g.load(at + 16, id);
      g.load(at + 24, timeout);
      g.load(at + 40, flags);  // precision (@32) is a hint the host clock always meets
      bool absolute = (flags & kSubclockAbstime) != 0;
      out.type = EventType::Clock;
      if (id == static_cast<uint32_t>(ClockId::Monotonic)) {
        out.deadline = absolute ? timeout : saturating_add(call_start, timeout);
      } else if (id == static_cast<uint32_t>(ClockId::Realtime)) {
        if (absolute) {
          out.clock = CLOCK_REALTIME;
          out.deadline = timeout;
        } else {
          out.deadline = saturating_add(call_start, timeout);  // a duration: immune to clock steps
        }
      } else {
        return Errno::Inval;
      }
      return Errno::Success;
    }
    case static_cast<uint8_t>(EventType::FdRead):
    case static_cast<uint8_t>(EventType::FdWrite): {
      uint32_t fd = 0;
      g.load(at + 16, fd);
      out.type = static_cast<EventType>(tag);
      FdEntry* e = s.entry(fd);
      if (!e || e->type == FileType::Directory) {
        out.error = Errno::Badf;
      } else if ((e->rights_base & kRightPollFdReadwrite) == 0) {
        out.error = Errno::NotCapable;
      } else {
        out.host_fd = e->host_fd;
        struct stat st;
        if (fstat(e->host_fd, &st) == 0 && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
          out.always_ready = true;
        } else {
          out.poll_index = static_cast<int>(pfds.size());
          short events = out.type == EventType::FdRead ? POLLIN : POLLOUT;
          pfds.push_back(pollfd{e->host_fd, events, 0});
        }
      }
      return Errno::Success;
    }
    default:
      return Errno::Inval;
  }
}

// Nanoseconds until `sub`'s deadline (0 once it has passed).
uint64_t remaining(const Subscription& sub, uint64_t mono_now, uint64_t real_now) {
  uint64_t now = sub.clock == CLOCK_REALTIME ? real_now : mono_now;
  return sub.deadline > now ? sub.deadline - now : 0;
}

// Writes the event of `sub` if it has one; returns whether it did.
bool emit(Guest& g, uint64_t at, const Subscription& sub, const std::vector<pollfd>& pfds, uint64_t mono_now,
          uint64_t real_now) {
  if (sub.type == EventType::Clock) {
    if (remaining(sub, mono_now, real_now) != 0) return false;
    write_event(g, at, sub, Errno::Success, 0, 0);
    return true;
  }
  if (sub.error != Errno::Success) {
    write_event(g, at, sub, sub.error, 0, 0);
    return true;
  }
  bool read = sub.type == EventType::FdRead;
  if (sub.always_ready) {
    write_event(g, at, sub, Errno::Success, read ? readable_bytes(sub.host_fd) : 0, 0);
    return true;
  }
  short rev = pfds[static_cast<size_t>(sub.poll_index)].revents;
  if (rev == 0) return false;
  Errno error = Errno::Success;
  uint16_t flags = (rev & POLLHUP) ? kEventFdReadwriteHangup : 0;
  if (rev & POLLNVAL) {
    error = Errno::Badf;
  } else if ((rev & POLLERR) && !(rev & POLLIN)) {
    // A write end whose readers are gone (a pipe) or a socket with an error pending.
    error = pending_error(sub.host_fd, read ? Errno::Io : Errno::Pipe);
  }
  // The writable space is not something the host can tell exactly (pipe buffers are counted
  // in pages, socket buffers with overhead): 0 for writes.
  uint64_t nbytes = read && error == Errno::Success ? readable_bytes(sub.host_fd) : 0;
  write_event(g, at, sub, error, nbytes, error == Errno::Success ? flags : 0);
  return true;
}

Errno poll_oneoff(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  uint32_t in = arg32(a, 0), out = arg32(a, 1), n = arg32(a, 2), nevents_ptr = arg32(a, 3);
  if (n == 0) return Errno::Inval;  // there is nothing to wait for (and no way to wait forever)
  if (!g.in_bounds(in, uint64_t{n} * layout::kSubscriptionSize) || !g.in_bounds(out, uint64_t{n} * layout::kEventSize) ||
      !g.in_bounds(nevents_ptr, 4)) {
    return Errno::Fault;
  }
  uint64_t call_start = now_ns(CLOCK_MONOTONIC);
  std::vector<Subscription> subs(n);
  std::vector<pollfd> pfds;
  bool has_realtime = false;
  bool immediate = false;  // an event exists without waiting (an error, a regular file)
  for (uint32_t i = 0; i < n; ++i) {
    Errno e = read_subscription(s, g, in + uint64_t{i} * layout::kSubscriptionSize, call_start, subs[i], pfds);
    if (e != Errno::Success) return e;
    has_realtime |= subs[i].type == EventType::Clock && subs[i].clock == CLOCK_REALTIME;
    immediate |= subs[i].error != Errno::Success || subs[i].always_ready;
  }

  uint64_t mono_now = 0, real_now = 0;
  for (;;) {
    mono_now = now_ns(CLOCK_MONOTONIC);
    real_now = has_realtime ? now_ns(CLOCK_REALTIME) : 0;
    uint64_t wait = kForever;
    for (const Subscription& sub : subs) {
      if (sub.type == EventType::Clock) wait = std::min(wait, remaining(sub, mono_now, real_now));
    }
    bool ready_now = immediate || wait == 0;
    timespec ts{};
    timespec* timeout = nullptr;
    if (ready_now) {
      timeout = &ts;  // look at the descriptors without waiting
    } else if (wait != kForever) {
      ts.tv_sec = static_cast<time_t>(wait / 1000000000ull);
      ts.tv_nsec = static_cast<long>(wait % 1000000000ull);
      timeout = &ts;
    }
    for (pollfd& p : pfds) p.revents = 0;
    int rc = ppoll(pfds.data(), pfds.size(), timeout, nullptr);
    if (rc < 0) {
      if (errno == EINTR) continue;
      return errno_from_host(errno);
    }
    if (rc > 0 || ready_now) break;
    // The wait timed out: the next round finds the clock that expired (or waits on, should
    // the realtime clock have been set back).
  }
  mono_now = now_ns(CLOCK_MONOTONIC);
  real_now = has_realtime ? now_ns(CLOCK_REALTIME) : 0;
  uint32_t count = 0;
  for (const Subscription& sub : subs) {
    if (emit(g, out + uint64_t{count} * layout::kEventSize, sub, pfds, mono_now, real_now)) ++count;
  }
  g.store<uint32_t>(nevents_ptr, count);
  return Errno::Success;
}

}  // namespace

const std::vector<FunctionDef>& poll_functions() {
  static const std::vector<FunctionDef> defs = {
      {"poll_oneoff", "iiii>i", poll_oneoff},
  };
  return defs;
}

}  // namespace kiln::core::wasi
