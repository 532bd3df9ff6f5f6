// WASI preview 1 sock_accept, sock_recv, sock_send, sock_shutdown on sockets handed to the
// guest in WasiConfig::sockets (descriptors after the preopens), with the peer in the test:
// exact bytes both ways, PEEK, WAITALL, truncated datagrams, the file types and rights of
// handed-in and accepted sockets, and the errno of every refusal.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <thread>

#include "wasi/abi.h"
#include "wasi_harness.h"

namespace kiln::core::wasi::test {
namespace {

constexpr uint32_t kBadf = static_cast<uint32_t>(Errno::Badf);
constexpr uint32_t kInval = static_cast<uint32_t>(Errno::Inval);
constexpr uint32_t kFault = static_cast<uint32_t>(Errno::Fault);
constexpr uint32_t kNotSock = static_cast<uint32_t>(Errno::NotSock);

std::string module(const std::string& body, const std::string& data = "") {
  return "(module\n" + import("sock_accept", "(param i32 i32 i32) (result i32)") +
         import("sock_recv", "(param i32 i32 i32 i32 i32 i32) (result i32)") +
         import("sock_send", "(param i32 i32 i32 i32 i32) (result i32)") +
         import("sock_shutdown", "(param i32 i32) (result i32)") +
         import("fd_fdstat_get", "(param i32 i32) (result i32)") +
         "(memory (export \"memory\") 1)\n" + data + "(func (export \"_start\") (local $fd i32)\n" + body + "))\n";
}

// `(i32.store (i32.const at) EXPR)`: the result of a call kept at `at`.
std::string keep(uint32_t at, const std::string& expr) {
  return "(i32.store (i32.const " + std::to_string(at) + ") " + expr + ")\n";
}

// An iovec at `at` for [buf, buf + len).
std::string iovec(uint32_t at, uint32_t buf, uint32_t len) {
  return "(i32.store (i32.const " + std::to_string(at) + ") (i32.const " + std::to_string(buf) + "))\n" +
         "(i32.store (i32.const " + std::to_string(at + 4) + ") (i32.const " + std::to_string(len) + "))\n";
}

// A TCP socket listening on 127.0.0.1 (an ephemeral port); its port in `port`.
int tcp_listener(uint16_t& port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  EXPECT_EQ(listen(fd, 8), 0);
  socklen_t len = sizeof a;
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len), 0);
  port = ntohs(a.sin_port);
  return fd;
}

int tcp_connect(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  return fd;
}

TEST(WasiSock, AcceptReceiveSendShutdownRoundTrip) {
  uint16_t port = 0;
  int listener = tcp_listener(port);
  std::string reply;
  std::thread client([&] {
    int fd = tcp_connect(port);
    // Two sends: WAITALL has the guest's single receive wait for both.
    EXPECT_EQ(send(fd, "pi", 2, MSG_NOSIGNAL), 2);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(send(fd, "ng!", 3, MSG_NOSIGNAL), 3);
    char buf[64];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) reply.append(buf, static_cast<size_t>(n));
    close(fd);  // after the guest's shutdown(WR) ended the reply
  });
  std::string body =
      keep(0, "(call $sock_accept (i32.const 3) (i32.const 0) (i32.const 200))") +
      "(local.set $fd (i32.load (i32.const 200)))\n" +
      keep(4, "(call $fd_fdstat_get (i32.const 3) (i32.const 300))") +
      keep(8, "(call $fd_fdstat_get (local.get $fd) (i32.const 330))") + iovec(400, 500, 5) +
      keep(12, "(call $sock_recv (local.get $fd) (i32.const 400) (i32.const 1) (i32.const 2) (i32.const 210) (i32.const 214))") +
      iovec(408, 520, 2) + iovec(416, 530, 2) +
      keep(16, "(call $sock_send (local.get $fd) (i32.const 408) (i32.const 2) (i32.const 0) (i32.const 218))") +
      keep(20, "(call $sock_shutdown (local.get $fd) (i32.const 2))") +
      // the peer closes once it has read to the end: then a receive gives 0 bytes
      keep(24, "(call $sock_recv (local.get $fd) (i32.const 400) (i32.const 1) (i32.const 0) (i32.const 222) (i32.const 226))") +
      keep(28, "(call $sock_send (local.get $fd) (i32.const 408) (i32.const 1) (i32.const 0) (i32.const 230))") +
      // a connection cannot accept
      keep(32, "(call $sock_accept (local.get $fd) (i32.const 0) (i32.const 234))");
  WasiHarness h;
  WasiConfig c;
  c.sockets = {listener};
  RunOutcome o = h.run(module(body, "(data (i32.const 520) \"po\")(data (i32.const 530) \"ng\")\n"
                                    "(data (i32.const 210) \"\\ff\\ff\\ff\\ff\\ff\\ff\")\n"),
                       c);
  client.join();
  close(listener);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(200), 4u);  // the lowest free descriptor after the listener
  EXPECT_EQ(h.u32(4), 0u);
  EXPECT_EQ(h.memory()[300], static_cast<uint8_t>(FileType::SocketStream));
  EXPECT_EQ(h.u32(302) & 0xFFFF, 0u);
  EXPECT_EQ(h.u64(308), kRightsSocketBase);
  EXPECT_EQ(h.u64(316), 0u);
  EXPECT_EQ(h.u32(8), 0u);
  EXPECT_EQ(h.memory()[330], static_cast<uint8_t>(FileType::SocketStream));
  EXPECT_EQ(h.u32(332) & 0xFFFF, 0u);
  EXPECT_EQ(h.u64(338), kRightsSocketBase & ~kRightSockAccept);
  EXPECT_EQ(h.u64(346), 0u);
  EXPECT_EQ(h.u32(12), 0u);
  EXPECT_EQ(h.u32(210), 5u);
  EXPECT_EQ(h.u32(214) & 0xFFFF, 0u);
  EXPECT_EQ(h.bytes(500, 5), "ping!");
  EXPECT_EQ(h.u32(16), 0u);
  EXPECT_EQ(h.u32(218), 4u);
  EXPECT_EQ(h.u32(20), 0u);
  EXPECT_EQ(h.u32(24), 0u);
  EXPECT_EQ(h.u32(222), 0u);
  EXPECT_EQ(h.u32(28), static_cast<uint32_t>(Errno::Pipe));
  EXPECT_EQ(h.u32(32), static_cast<uint32_t>(Errno::NotCapable));
  EXPECT_EQ(reply, "pong");
}

TEST(WasiSock, PeekLeavesTheDataAndScatterFillsBuffersInOrder) {
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  ASSERT_EQ(write(sv[1], "hello world", 11), 11);
  std::string body =
      iovec(400, 500, 5) +
      keep(0, "(call $sock_recv (i32.const 3) (i32.const 400) (i32.const 1) (i32.const 1) (i32.const 200) (i32.const 204))") +
      iovec(408, 600, 3) + iovec(416, 610, 20) +
      keep(4, "(call $sock_recv (i32.const 3) (i32.const 408) (i32.const 2) (i32.const 0) (i32.const 208) (i32.const 212))") +
      keep(8, "(call $fd_fdstat_get (i32.const 3) (i32.const 300))");
  WasiHarness h;
  WasiConfig c;
  c.sockets = {sv[0]};
  RunOutcome o = h.run(module(body), c);
  close(sv[0]);
  close(sv[1]);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(200), 5u);
  EXPECT_EQ(h.bytes(500, 5), "hello");
  EXPECT_EQ(h.u32(4), 0u);
  EXPECT_EQ(h.u32(208), 11u);  // the peeked bytes were still there
  EXPECT_EQ(h.bytes(600, 3), "hel");
  EXPECT_EQ(h.bytes(610, 9), std::string("lo world\0", 9));
  EXPECT_EQ(h.u32(8), 0u);
  EXPECT_EQ(h.memory()[300], static_cast<uint8_t>(FileType::SocketStream));
}

TEST(WasiSock, DatagramTooLargeForTheBufferIsTruncated) {
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), 0);
  ASSERT_EQ(send(sv[1], "0123456789", 10, 0), 10);
  ASSERT_EQ(send(sv[1], "ab", 2, 0), 2);
  std::string body =
      iovec(400, 500, 4) +
      keep(0, "(call $sock_recv (i32.const 3) (i32.const 400) (i32.const 1) (i32.const 0) (i32.const 200) (i32.const 204))") +
      iovec(408, 510, 4) +
      keep(4, "(call $sock_recv (i32.const 3) (i32.const 408) (i32.const 1) (i32.const 0) (i32.const 208) (i32.const 212))") +
      iovec(416, 520, 3) +
      keep(8, "(call $sock_send (i32.const 3) (i32.const 416) (i32.const 1) (i32.const 0) (i32.const 216))") +
      keep(12, "(call $fd_fdstat_get (i32.const 3) (i32.const 300))");
  WasiHarness h;
  WasiConfig c;
  c.sockets = {sv[0]};
  RunOutcome o = h.run(module(body, "(data (i32.const 520) \"xyz\") (data (i32.const 212) \"\\ff\\ff\")\n"), c);
  char buf[16] = {};
  ssize_t n = recv(sv[1], buf, sizeof buf, MSG_DONTWAIT);
  close(sv[0]);
  close(sv[1]);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(200), 4u);
  EXPECT_EQ(h.u32(204) & 0xFFFF, kRoflagRecvDataTruncated);
  EXPECT_EQ(h.bytes(500, 4), "0123");
  EXPECT_EQ(h.u32(4), 0u);
  EXPECT_EQ(h.u32(208), 2u);
  EXPECT_EQ(h.u32(212) & 0xFFFF, 0u);
  EXPECT_EQ(h.bytes(510, 2), "ab");
  EXPECT_EQ(h.u32(8), 0u);
  EXPECT_EQ(h.u32(216), 3u);
  EXPECT_EQ(n, 3);
  EXPECT_EQ(std::string(buf), "xyz");
  EXPECT_EQ(h.u32(12), 0u);
  EXPECT_EQ(h.memory()[300], static_cast<uint8_t>(FileType::SocketDgram));
}

TEST(WasiSock, NonblockingAcceptAndListener) {
  // 3: a listening socket with a client; 4: a non-blocking listening socket without any.
  // FDFLAGS_NONBLOCK in sock_accept's flags is for the new descriptor; whether accepting
  // waits is the listener's own flag.
  uint16_t port = 0, idle_port = 0;
  int listener = tcp_listener(port);
  int idle = tcp_listener(idle_port);
  ASSERT_EQ(fcntl(idle, F_SETFL, fcntl(idle, F_GETFL) | O_NONBLOCK), 0);
  int client = tcp_connect(port);
  std::string body =
      keep(0, "(call $sock_accept (i32.const 3) (i32.const 4) (i32.const 200))") +
      "(local.set $fd (i32.load (i32.const 200)))\n" +
      keep(4, "(call $fd_fdstat_get (local.get $fd) (i32.const 300))") + iovec(400, 500, 8) +
      // the client sent nothing: a receive is EAGAIN rather than a wait
      keep(8, "(call $sock_recv (local.get $fd) (i32.const 400) (i32.const 1) (i32.const 0) (i32.const 210) (i32.const 214))") +
      keep(12, "(call $sock_accept (i32.const 4) (i32.const 0) (i32.const 204))") +
      keep(16, "(call $fd_fdstat_get (i32.const 4) (i32.const 330))");
  WasiHarness h;
  WasiConfig c;
  c.sockets = {listener, idle};
  RunOutcome o = h.run(module(body, "(data (i32.const 204) \"\\77\")\n"), c);
  close(client);
  close(listener);
  close(idle);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(200), 5u);
  EXPECT_EQ(h.u32(4), 0u);
  EXPECT_EQ(h.memory()[300], static_cast<uint8_t>(FileType::SocketStream));
  EXPECT_EQ(h.u32(302) & 0xFFFF, kFdflagNonblock);
  EXPECT_EQ(h.u32(8), static_cast<uint32_t>(Errno::Again));
  EXPECT_EQ(h.u32(12), static_cast<uint32_t>(Errno::Again));
  EXPECT_EQ(h.u32(204), 0x77u);  // untouched
  EXPECT_EQ(h.u32(16), 0u);
  EXPECT_EQ(h.u32(332) & 0xFFFF, kFdflagNonblock);
  EXPECT_EQ(h.u64(338), kRightsSocketBase);
}

TEST(WasiSock, Errors) {
  // 0, 1: stdio pipes; 3: a preopened directory; 4: a regular file; 5: a non-blocking
  // listening TCP socket; 6: a stream socket whose peer is closed; 7: a TCP socket never
  // connected.
  char path[] = "/tmp/kiln-sock-XXXXXX";
  int file = mkstemp(path);
  ASSERT_GE(file, 0);
  unlink(path);
  uint16_t port = 0;
  int listener = tcp_listener(port);
  ASSERT_EQ(fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK), 0);
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  close(sv[1]);
  auto recv_call = [](int fd, int flags, uint32_t iovs = 400, uint32_t out = 200) {
    return "(call $sock_recv (i32.const " + std::to_string(fd) + ") (i32.const " + std::to_string(iovs) +
           ") (i32.const 1) (i32.const " + std::to_string(flags) + ") (i32.const " + std::to_string(out) +
           ") (i32.const 204))";
  };
  auto send_call = [](int fd, int flags, uint32_t out = 208) {
    return "(call $sock_send (i32.const " + std::to_string(fd) + ") (i32.const 400) (i32.const 1) (i32.const " +
           std::to_string(flags) + ") (i32.const " + std::to_string(out) + "))";
  };
  auto accept_call = [](int fd, int flags, uint32_t out = 212) {
    return "(call $sock_accept (i32.const " + std::to_string(fd) + ") (i32.const " + std::to_string(flags) +
           ") (i32.const " + std::to_string(out) + "))";
  };
  auto shutdown_call = [](int fd, int how) {
    return "(call $sock_shutdown (i32.const " + std::to_string(fd) + ") (i32.const " + std::to_string(how) + "))";
  };
  std::string body = iovec(400, 500, 4) + iovec(420, 65530, 16) +
                     // not sockets
                     keep(0, recv_call(1, 0)) + keep(4, send_call(0, 0)) + keep(8, accept_call(3, 0)) +
                     keep(12, shutdown_call(4, 3)) + keep(16, recv_call(4, 0)) + keep(20, accept_call(4, 0)) +
                     // not open
                     keep(24, recv_call(9, 0)) + keep(28, send_call(9, 0)) + keep(32, accept_call(9, 0)) +
                     keep(36, shutdown_call(9, 1)) +
                     // flags
                     keep(40, shutdown_call(6, 0)) + keep(44, shutdown_call(6, 4)) + keep(48, shutdown_call(6, 7)) +
                     keep(52, send_call(6, 1)) + keep(56, recv_call(6, 4)) + keep(60, accept_call(5, 1)) +
                     // host errors
                     keep(64, accept_call(5, 4)) + keep(68, accept_call(6, 0)) + keep(72, shutdown_call(7, 3)) +
                     keep(76, send_call(6, 0)) + keep(80, recv_call(6, 0)) +
                     // guest memory
                     keep(84, recv_call(6, 0, 400, 65534)) + keep(88, recv_call(6, 0, 420)) +
                     keep(92, send_call(6, 0, 65533)) + keep(96, accept_call(5, 0, 65535)) +
                     keep(100, shutdown_call(6, 3));
  WasiHarness h;
  WasiConfig c;
  c.preopens = {{"/tmp", "/tmp"}};
  int unconnected = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(unconnected, 0);
  c.sockets = {file, listener, sv[0], unconnected};
  RunOutcome o = h.run(module(body, "(data (i32.const 200) \"\\77\\77\\77\\77\")\n"), c);
  close(file);
  close(listener);
  close(sv[0]);
  close(unconnected);
  ASSERT_TRUE(o.ok) << o.error;
  for (uint32_t at = 0; at <= 20; at += 4) EXPECT_EQ(h.u32(at), kNotSock) << at;
  for (uint32_t at = 24; at <= 36; at += 4) EXPECT_EQ(h.u32(at), kBadf) << at;
  for (uint32_t at = 40; at <= 60; at += 4) EXPECT_EQ(h.u32(at), kInval) << at;
  EXPECT_EQ(h.u32(64), static_cast<uint32_t>(Errno::Again));
  EXPECT_EQ(h.u32(68), kInval);  // accept on a socket that does not listen
  EXPECT_EQ(h.u32(72), static_cast<uint32_t>(Errno::NotConn));
  EXPECT_EQ(h.u32(76), static_cast<uint32_t>(Errno::Pipe));  // and no SIGPIPE ended the test
  EXPECT_EQ(h.u32(80), 0u);                                    // end of stream
  EXPECT_EQ(h.u32(200), 0u);
  EXPECT_EQ(h.u32(84), kFault);
  EXPECT_EQ(h.u32(88), kFault);
  EXPECT_EQ(h.u32(92), kFault);
  EXPECT_EQ(h.u32(96), kFault);
  EXPECT_EQ(h.u32(100), 0u);
}

}  // namespace
}  // namespace kiln::core::wasi::test
