// WASI preview 1 poll_oneoff: clock subscriptions (relative and absolute, monotonic and
// realtime), descriptor readiness (pipes, sockets, regular files, stdio), the events' layout,
// and the errors of the call and of single subscriptions. Timing is only ever checked from
// below: a sleep takes at least what was asked, measured by the guest on the same clock.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "wasi/abi.h"
#include "wasi_harness.h"

namespace kiln::core::wasi::test {
namespace {

constexpr uint32_t kFault = static_cast<uint32_t>(Errno::Fault);
constexpr uint32_t kBadf = static_cast<uint32_t>(Errno::Badf);
constexpr uint32_t kInval = static_cast<uint32_t>(Errno::Inval);
constexpr uint64_t kMs = 1000000;
constexpr uint64_t kHour = 3600ull * 1000 * kMs;

// Guest memory of these modules: results of calls from 0, nevents at 100 (and 104), clock
// readings at 900 (before) and 908 (after), subscriptions from 1000, events from 2000.
constexpr uint32_t kSubs = 1000;
constexpr uint32_t kEvents = 2000;

std::string imports() {
  return import("poll_oneoff", "(param i32 i32 i32 i32) (result i32)") +
         import("clock_time_get", "(param i32 i64 i32) (result i32)") +
         import("fd_close", "(param i32) (result i32)");
}

std::string module(const std::string& body) {
  return "(module\n" + imports() + "(memory (export \"memory\") 1)\n(func (export \"_start\")\n" + body + "))\n";
}

// Stores subscription `index` (at kSubs) for a clock; `timeout` is an i64 WAT expression.
std::string clock_sub(uint32_t index, uint64_t userdata, uint32_t id, const std::string& timeout, uint16_t flags) {
  uint32_t at = kSubs + index * 48;
  return "(i64.store (i32.const " + std::to_string(at) + ") (i64.const " + std::to_string(userdata) + "))\n" +
         "(i32.store8 (i32.const " + std::to_string(at + 8) + ") (i32.const 0))\n" +
         "(i32.store (i32.const " + std::to_string(at + 16) + ") (i32.const " + std::to_string(id) + "))\n" +
         "(i64.store (i32.const " + std::to_string(at + 24) + ") " + timeout + ")\n" +
         "(i64.store (i32.const " + std::to_string(at + 32) + ") (i64.const 1000))\n" +
         "(i32.store16 (i32.const " + std::to_string(at + 40) + ") (i32.const " + std::to_string(flags) + "))\n";
}

std::string i64c(uint64_t v) { return "(i64.const " + std::to_string(v) + ")"; }

// Stores subscription `index` for descriptor `fd`; tag 1 fd_read, 2 fd_write.
std::string fd_sub(uint32_t index, uint64_t userdata, uint8_t tag, uint32_t fd) {
  uint32_t at = kSubs + index * 48;
  return "(i64.store (i32.const " + std::to_string(at) + ") (i64.const " + std::to_string(userdata) + "))\n" +
         "(i32.store8 (i32.const " + std::to_string(at + 8) + ") (i32.const " + std::to_string(tag) + "))\n" +
         "(i32.store (i32.const " + std::to_string(at + 16) + ") (i32.const " + std::to_string(fd) + "))\n";
}

// The call with `n` subscriptions, its errno stored at `result_at`, nevents at 100.
std::string poll(uint32_t n, uint32_t result_at = 0) {
  return "(i32.store (i32.const " + std::to_string(result_at) + ") (call $poll_oneoff (i32.const " +
         std::to_string(kSubs) + ") (i32.const " + std::to_string(kEvents) + ") (i32.const " + std::to_string(n) +
         ") (i32.const 100)))\n";
}

// Reads clock `id` into memory at `at`.
std::string read_clock(uint32_t id, uint32_t at) {
  return "(drop (call $clock_time_get (i32.const " + std::to_string(id) + ") (i64.const 1) (i32.const " +
         std::to_string(at) + ")))\n";
}

struct Event {
  uint64_t userdata;
  uint16_t error;
  uint8_t type;
  uint64_t nbytes;
  uint16_t flags;
};

Event event(const WasiHarness& h, uint32_t i) {
  uint32_t at = kEvents + i * 32;
  Event e;
  e.userdata = h.u64(at);
  e.error = static_cast<uint16_t>(h.u32(at + 8) & 0xFFFF);
  e.type = h.memory()[at + 10];
  e.nbytes = h.u64(at + 16);
  e.flags = static_cast<uint16_t>(h.u32(at + 24) & 0xFFFF);
  return e;
}

constexpr uint8_t kClock = static_cast<uint8_t>(EventType::Clock);
constexpr uint8_t kRead = static_cast<uint8_t>(EventType::FdRead);
constexpr uint8_t kWrite = static_cast<uint8_t>(EventType::FdWrite);

TEST(WasiPoll, RelativeMonotonicSleepWaitsAtLeastTheTimeout) {
  // Events are prefilled with 0xff to see that every field (and the padding) is written.
  std::string body = "(memory.fill (i32.const 2000) (i32.const 255) (i32.const 64))\n" +
                     clock_sub(0, 0x1122334455667788ull, 1, i64c(50 * kMs), 0) + read_clock(1, 900) + poll(1) +
                     read_clock(1, 908);
  WasiHarness h;
  RunOutcome o = h.run(module(body), {});
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(100), 1u);
  Event e = event(h, 0);
  EXPECT_EQ(e.userdata, 0x1122334455667788ull);
  EXPECT_EQ(e.error, 0u);
  EXPECT_EQ(e.type, kClock);
  EXPECT_EQ(e.nbytes, 0u);
  EXPECT_EQ(e.flags, 0u);
  EXPECT_EQ(h.bytes(kEvents + 11, 5), std::string(5, '\0'));
  EXPECT_EQ(h.bytes(kEvents + 26, 6), std::string(6, '\0'));
  EXPECT_EQ(h.bytes(kEvents + 32, 32), std::string(32, '\xff'));  // only one event written
  EXPECT_GE(h.u64(908) - h.u64(900), 50 * kMs);
}

// What wasi-libc's nanosleep() (and so sleep() and usleep()) sends: one relative realtime
// subscription with userdata 0; it then requires a zero errno in both the result and the event.
TEST(WasiPoll, NanosleepStyleRealtimeSleep) {
  std::string body = clock_sub(0, 0, 0, i64c(30 * kMs), 0) + read_clock(1, 900) + poll(1) + read_clock(1, 908);
  WasiHarness h;
  RunOutcome o = h.run(module(body), {});
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(100), 1u);
  Event e = event(h, 0);
  EXPECT_EQ(e.userdata, 0u);
  EXPECT_EQ(e.error, 0u);
  EXPECT_EQ(e.type, kClock);
  EXPECT_GE(h.u64(908) - h.u64(900), 30 * kMs);
}

TEST(WasiPoll, AbsoluteMonotonicDeadline) {
  // deadline = now + 40 ms, kept at 920.
  std::string body = read_clock(1, 900) +
                     "(i64.store (i32.const 920) (i64.add (i64.load (i32.const 900)) (i64.const 40000000)))\n" +
                     clock_sub(0, 7, 1, "(i64.load (i32.const 920))", kSubclockAbstime) + poll(1) + read_clock(1, 908);
  WasiHarness h;
  RunOutcome o = h.run(module(body), {});
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(100), 1u);
  EXPECT_EQ(event(h, 0).userdata, 7u);
  EXPECT_EQ(event(h, 0).type, kClock);
  EXPECT_GE(h.u64(908), h.u64(920));
  EXPECT_GE(h.u64(908) - h.u64(900), 40 * kMs);
}

TEST(WasiPoll, AbsoluteRealtimeDeadline) {
  std::string body = read_clock(0, 900) +
                     "(i64.store (i32.const 920) (i64.add (i64.load (i32.const 900)) (i64.const 60000000)))\n" +
                     clock_sub(0, 8, 0, "(i64.load (i32.const 920))", kSubclockAbstime) + read_clock(1, 930) +
                     poll(1) + read_clock(0, 908) + read_clock(1, 938) +
                     // a deadline in the past is an event at once
                     clock_sub(0, 9, 0, i64c(1), kSubclockAbstime) + poll(1, 4) +
                     "(i32.store (i32.const 104) (i32.load (i32.const 100)))\n" +
                     "(i64.store (i32.const 940) (i64.load (i32.const 2000)))\n";
  WasiHarness h;
  RunOutcome o = h.run(module(body), {});
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_GE(h.u64(908), h.u64(920));                // the realtime clock reached the deadline
  EXPECT_GE(h.u64(938) - h.u64(930), 59 * kMs);     // and time passed (realtime read 1 ms apart at most)
  EXPECT_EQ(h.u32(4), 0u);
  EXPECT_EQ(h.u32(104), 1u);
  EXPECT_EQ(h.u64(940), 9u);
  EXPECT_EQ(event(h, 0).type, kClock);
  EXPECT_EQ(event(h, 0).error, 0u);
}

TEST(WasiPoll, EarliestClockEndsTheWait) {
  std::string body = clock_sub(0, 1, 1, i64c(kHour), 0) + clock_sub(1, 2, 1, i64c(20 * kMs), 0) +
                     clock_sub(2, 3, 0, i64c(kHour), 0) + read_clock(1, 900) + poll(3) + read_clock(1, 908);
  WasiHarness h;
  RunOutcome o = h.run(module(body), {});
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(100), 1u);
  EXPECT_EQ(event(h, 0).userdata, 2u);
  EXPECT_EQ(event(h, 0).type, kClock);
  EXPECT_GE(h.u64(908) - h.u64(900), 20 * kMs);
}

TEST(WasiPoll, ErrorsOfTheCall) {
  std::string body =
      // no subscriptions
      "(i32.store (i32.const 100) (i32.const 77))\n"
      "(i32.store (i32.const 0) (call $poll_oneoff (i32.const 1000) (i32.const 2000) (i32.const 0) (i32.const 100)))\n"
      "(i32.store (i32.const 40) (i32.load (i32.const 100)))\n" +
      // process and thread CPU-time clocks, an unknown clock, an unknown tag
      clock_sub(0, 1, 2, i64c(1), 0) + poll(1, 4) + clock_sub(0, 1, 3, i64c(1), 0) + poll(1, 8) +
      clock_sub(0, 1, 4, i64c(1), 0) + poll(1, 12) + clock_sub(0, 1, 1, i64c(1), 0) +
      "(i32.store8 (i32.const 1008) (i32.const 3))\n" + poll(1, 16) +
      // one bad subscription fails the call even after a good one
      clock_sub(0, 1, 1, i64c(1), 0) + clock_sub(1, 1, 2, i64c(1), 0) + poll(2, 20) +
      // subscriptions, events and nevents outside memory
      clock_sub(0, 1, 1, i64c(1), 0) +
      "(i32.store (i32.const 24) (call $poll_oneoff (i32.const 65500) (i32.const 2000) (i32.const 1) (i32.const 100)))\n"
      "(i32.store (i32.const 28) (call $poll_oneoff (i32.const 1000) (i32.const 65520) (i32.const 1) (i32.const 100)))\n"
      "(i32.store (i32.const 32) (call $poll_oneoff (i32.const 1000) (i32.const 2000) (i32.const 1) (i32.const 65534)))\n"
      "(i32.store (i32.const 36) (call $poll_oneoff (i32.const 1000) (i32.const 2000) (i32.const -1) (i32.const 100)))\n";
  WasiHarness h;
  RunOutcome o = h.run(module(body), {});
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), kInval);
  EXPECT_EQ(h.u32(40), 77u);  // nevents untouched
  EXPECT_EQ(h.u32(4), kInval);
  EXPECT_EQ(h.u32(8), kInval);
  EXPECT_EQ(h.u32(12), kInval);
  EXPECT_EQ(h.u32(16), kInval);
  EXPECT_EQ(h.u32(20), kInval);
  EXPECT_EQ(h.u32(24), kFault);
  EXPECT_EQ(h.u32(28), kFault);
  EXPECT_EQ(h.u32(32), kFault);
  EXPECT_EQ(h.u32(36), kFault);
}

// Creates a pipe; returns {read end, write end}.
std::pair<int, int> make_pipe() {
  int p[2];
  EXPECT_EQ(pipe2(p, O_CLOEXEC), 0);
  return {p[0], p[1]};
}

TEST(WasiPoll, PipeWithDataIsReadableWithItsByteCount) {
  // The read end of a pipe handed in as descriptor 3; 11 bytes wait in it. A one-hour clock
  // bounds the wait; stdout (a pipe the harness drains) is writable.
  auto [r, w] = make_pipe();
  ASSERT_EQ(write(w, "hello world", 11), 11);
  std::string body = fd_sub(0, 10, 1, 3) + clock_sub(1, 11, 1, i64c(kHour), 0) + fd_sub(2, 12, 2, 1) + poll(3);
  WasiHarness h;
  WasiConfig c;
  c.sockets = {r};
  RunOutcome o = h.run(module(body), c);
  close(r);
  close(w);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(100), 2u);
  Event e = event(h, 0);
  EXPECT_EQ(e.userdata, 10u);
  EXPECT_EQ(e.error, 0u);
  EXPECT_EQ(e.type, kRead);
  EXPECT_EQ(e.nbytes, 11u);
  EXPECT_EQ(e.flags, 0u);
  e = event(h, 1);
  EXPECT_EQ(e.userdata, 12u);
  EXPECT_EQ(e.error, 0u);
  EXPECT_EQ(e.type, kWrite);
  EXPECT_EQ(e.flags, 0u);
}

TEST(WasiPoll, EmptyPipeWaitsForAWriter) {
  // Descriptor 3 reads an empty pipe: the 30 ms clock ends the first wait. Then the guest
  // tells a thread through descriptor 4 to write 4 bytes into the pipe 20 ms later; a wait
  // without clock ends with them.
  auto [r, w] = make_pipe();
  auto [go_r, go_w] = make_pipe();
  std::string body = fd_sub(0, 20, 1, 3) + clock_sub(1, 21, 1, i64c(30 * kMs), 0) + poll(2) +
                     "(i32.store (i32.const 104) (i32.load (i32.const 100)))\n"
                     "(i64.store (i32.const 940) (i64.load (i32.const 2000)))\n"
                     "(i32.store (i32.const 960) (i32.const 970))\n"
                     "(i32.store (i32.const 964) (i32.const 1))\n"
                     "(i32.store (i32.const 8) (call $fd_write (i32.const 4) (i32.const 960) (i32.const 1) (i32.const 968)))\n" +
                     fd_sub(0, 22, 1, 3) + poll(1, 4);
  std::thread writer([&] {
    char b;
    if (read(go_r, &b, 1) == 1) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      EXPECT_EQ(write(w, "data", 4), 4);
    }
  });
  WasiHarness h;
  WasiConfig c;
  c.sockets = {r, go_w};
  std::string wat = module(body);
  wat.insert(wat.find("(memory"), import("fd_write", "(param i32 i32 i32 i32) (result i32)"));
  RunOutcome o = h.run(wat, c);
  close(go_w);  // ends the thread should the guest not have written
  writer.join();
  close(go_r);
  close(r);
  close(w);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(104), 1u);
  EXPECT_EQ(h.u64(940), 21u);  // the clock, not the pipe
  EXPECT_EQ(h.u32(8), 0u);
  EXPECT_EQ(h.u32(4), 0u);
  EXPECT_EQ(h.u32(100), 1u);
  Event e = event(h, 0);
  EXPECT_EQ(e.userdata, 22u);
  EXPECT_EQ(e.type, kRead);
  EXPECT_EQ(e.nbytes, 4u);
  EXPECT_EQ(e.flags, 0u);
}

TEST(WasiPoll, ClosedWriterIsHangup) {
  // stdin of the harness is a pipe whose writer closes once the (empty) input is fed.
  std::string body = fd_sub(0, 30, 1, 0) + poll(1);
  WasiHarness h;
  RunOutcome o = h.run(module(body), {}, "");
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(100), 1u);
  Event e = event(h, 0);
  EXPECT_EQ(e.userdata, 30u);
  EXPECT_EQ(e.error, 0u);
  EXPECT_EQ(e.type, kRead);
  EXPECT_EQ(e.nbytes, 0u);
  EXPECT_EQ(e.flags, kEventFdReadwriteHangup);
}

TEST(WasiPoll, WriteEndWithoutReaderIsEpipe) {
  auto [r, w] = make_pipe();
  close(r);
  std::string body = fd_sub(0, 31, 2, 3) + poll(1);
  WasiHarness h;
  WasiConfig c;
  c.sockets = {w};
  RunOutcome o = h.run(module(body), c);
  close(w);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(100), 1u);
  Event e = event(h, 0);
  EXPECT_EQ(e.userdata, 31u);
  EXPECT_EQ(e.error, static_cast<uint16_t>(Errno::Pipe));
  EXPECT_EQ(e.type, kWrite);
}

TEST(WasiPoll, RegularFileIsAlwaysReadyWithTheBytesLeft) {
  char path[] = "/tmp/kiln-poll-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  unlink(path);
  ASSERT_EQ(write(fd, "0123456789", 10), 10);
  ASSERT_EQ(lseek(fd, 4, SEEK_SET), 4);
  std::string body = clock_sub(0, 40, 1, i64c(kHour), 0) + fd_sub(1, 41, 1, 3) + fd_sub(2, 42, 2, 3) + poll(3);
  WasiHarness h;
  WasiConfig c;
  c.sockets = {fd};
  RunOutcome o = h.run(module(body), c);
  close(fd);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(100), 2u);
  Event e = event(h, 0);
  EXPECT_EQ(e.userdata, 41u);
  EXPECT_EQ(e.type, kRead);
  EXPECT_EQ(e.error, 0u);
  EXPECT_EQ(e.nbytes, 6u);
  EXPECT_EQ(e.flags, 0u);
  e = event(h, 1);
  EXPECT_EQ(e.userdata, 42u);
  EXPECT_EQ(e.type, kWrite);
  EXPECT_EQ(e.error, 0u);
}

TEST(WasiPoll, BadDescriptorsAreEventsNotFailures) {
  // fd 9 was never open, fd 4 is closed by the guest, fd 3 is a preopened directory; the
  // one-hour clock does not delay these events.
  std::string body = "(i32.store (i32.const 60) (call $fd_close (i32.const 4)))\n" +
                     clock_sub(0, 50, 1, i64c(kHour), 0) + fd_sub(1, 51, 1, 9) + fd_sub(2, 52, 2, 4) +
                     fd_sub(3, 53, 1, 3) + poll(4);
  WasiHarness h;
  WasiConfig c;
  c.preopens = {{"/tmp", "/tmp"}};
  auto [r, w] = make_pipe();
  c.sockets = {r};
  RunOutcome o = h.run(module(body), c);
  close(r);
  close(w);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(60), 0u);
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(100), 3u);
  for (uint32_t i = 0; i < 3; ++i) {
    Event e = event(h, i);
    EXPECT_EQ(e.userdata, 51u + i) << i;
    EXPECT_EQ(e.error, kBadf) << i;
    EXPECT_EQ(e.type, i == 1 ? kWrite : kRead) << i;
    EXPECT_EQ(e.nbytes, 0u) << i;
    EXPECT_EQ(e.flags, 0u) << i;
  }
}

TEST(WasiPoll, SocketReadinessAndPendingConnection) {
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  ASSERT_EQ(write(sv[1], "abcdefg", 7), 7);
  int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path + 1, sizeof addr.sun_path - 1, "kiln-poll-%d", getpid());  // abstract
  socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + std::strlen(addr.sun_path + 1));
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&addr), len), 0);
  std::string body = fd_sub(0, 60, 1, 3) + fd_sub(1, 61, 1, 4) + poll(2);
  WasiHarness h;
  WasiConfig c;
  c.sockets = {sv[0], listener};
  RunOutcome o = h.run(module(body), c);
  close(sv[0]);
  close(sv[1]);
  close(client);
  close(listener);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(100), 2u);
  EXPECT_EQ(event(h, 0).userdata, 60u);
  EXPECT_EQ(event(h, 0).nbytes, 7u);
  EXPECT_EQ(event(h, 0).flags, 0u);
  EXPECT_EQ(event(h, 1).userdata, 61u);  // a connection waits to be accepted
  EXPECT_EQ(event(h, 1).error, 0u);
  EXPECT_EQ(event(h, 1).type, kRead);
}

void ignore_signal(int) {}

TEST(WasiPoll, SignalDoesNotCutASleepShort) {
  struct sigaction sa {}, old{};
  sa.sa_handler = ignore_signal;  // no SA_RESTART: the host's poll returns EINTR
  sigemptyset(&sa.sa_mask);
  ASSERT_EQ(sigaction(SIGUSR1, &sa, &old), 0);
  pthread_t self = pthread_self();
  std::atomic<bool> stop{false};
  std::thread pinger([&] {
    for (int i = 0; i < 20 && !stop; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      pthread_kill(self, SIGUSR1);
    }
  });
  std::string body = clock_sub(0, 70, 1, i64c(150 * kMs), 0) + read_clock(1, 900) + poll(1) + read_clock(1, 908);
  WasiHarness h;
  RunOutcome o = h.run(module(body), {});
  stop = true;
  pinger.join();
  sigaction(SIGUSR1, &old, nullptr);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(100), 1u);
  EXPECT_EQ(event(h, 0).userdata, 70u);
  EXPECT_GE(h.u64(908) - h.u64(900), 150 * kMs);
}

}  // namespace
}  // namespace kiln::core::wasi::test
