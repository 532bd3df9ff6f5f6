// WASI: the sock_* functions, on sockets the host handed in (WasiConfig::sockets) and the
// connections accepted from them. Preview 1 cannot create, bind or connect sockets.
//
// Each function checks, in this order: the descriptor is open (EBADF), it is a socket
// (ENOTSOCK), it has the right the function needs (ENOTCAPABLE), the flags (EINVAL), the guest
// pointers (EFAULT); only then does it call the host.
#include <limits.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/context.h"

namespace kiln::core::wasi {

FileType socket_file_type(int host_fd) {
  int type = 0;
  socklen_t len = sizeof type;
  if (getsockopt(host_fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0) return FileType::Unknown;
  switch (type) {
    case SOCK_STREAM: return FileType::SocketStream;
    case SOCK_DGRAM: return FileType::SocketDgram;
    default: return FileType::Unknown;  // WASI has no name for other kinds (SOCK_SEQPACKET, SOCK_RAW)
  }
}

namespace {

// The entry of socket descriptor `fd` with `rights`.
Errno socket_entry(WasiContext::State& s, uint32_t fd, uint64_t rights, FdEntry*& out) {
  FdEntry* e = s.entry(fd);
  if (!e) return Errno::Badf;
  struct stat st;
  if (fstat(e->host_fd, &st) != 0) return errno_from_host(errno);
  if (!S_ISSOCK(st.st_mode)) return Errno::NotSock;
  return s.lookup(fd, rights, out);
}

// The guest's iovec array as host iovecs (at most IOV_MAX: a short transfer, as POSIX allows).
Errno message_iovecs(Guest& g, uint32_t iovs, uint32_t count, std::vector<iovec>& out) {
  std::vector<IoSlice> slices;
  if (Errno e = read_iovecs(g, iovs, count, slices); e != Errno::Success) return e;
  out.clear();
  for (const IoSlice& sl : slices) {
    if (out.size() == IOV_MAX) break;
    out.push_back(iovec{sl.data, sl.len});
  }
  return Errno::Success;
}

// sock_accept(fd, flags, fd_out): a connection from the listening socket `fd`, as a new
// descriptor; flags may hold FDFLAGS_NONBLOCK for the new descriptor.
Errno sock_accept(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = socket_entry(s, arg32(a, 0), kRightSockAccept, e); r != Errno::Success) return r;
  uint32_t flags = arg32(a, 1);
  if (flags & ~uint32_t{kFdflagNonblock}) return Errno::Inval;
  uint32_t fd_out = arg32(a, 2);
  if (!g.in_bounds(fd_out, 4)) return Errno::Fault;
  int host_flags = SOCK_CLOEXEC | ((flags & kFdflagNonblock) ? SOCK_NONBLOCK : 0);
  int conn;
  do {
    conn = accept4(e->host_fd, nullptr, nullptr, host_flags);
  } while (conn < 0 && errno == EINTR);
  if (conn < 0) return errno_from_host(errno);
  FdEntry c;
  c.host_fd = conn;
  c.owned = true;
  c.type = socket_file_type(conn);
  c.rights_base = kRightsSocketBase & ~kRightSockAccept;  // a connection accepts nothing
  c.rights_inheriting = 0;
  c.fdflags = static_cast<uint16_t>(flags & kFdflagNonblock);
  g.store<uint32_t>(fd_out, s.insert(std::move(c)));
  return Errno::Success;
}

// sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen, ro_flags): recvmsg into the
// guest's buffers; ri_flags RECV_PEEK leaves the data queued, RECV_WAITALL waits for all of
// it; ro_flags gets RECV_DATA_TRUNCATED when a datagram did not fit.
Errno sock_recv(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = socket_entry(s, arg32(a, 0), kRightFdRead, e); r != Errno::Success) return r;
  uint32_t ri_flags = arg32(a, 3);
  if (ri_flags & ~uint32_t{kRiflagRecvPeek | kRiflagRecvWaitall}) return Errno::Inval;
  uint32_t datalen_ptr = arg32(a, 4), flags_ptr = arg32(a, 5);
  std::vector<iovec> v;
  if (Errno r = message_iovecs(g, arg32(a, 1), arg32(a, 2), v); r != Errno::Success) return r;
  if (!g.in_bounds(datalen_ptr, 4) || !g.in_bounds(flags_ptr, 2)) return Errno::Fault;
  int host_flags = ((ri_flags & kRiflagRecvPeek) ? MSG_PEEK : 0) | ((ri_flags & kRiflagRecvWaitall) ? MSG_WAITALL : 0);
  msghdr msg{};
  msg.msg_iov = v.data();
  msg.msg_iovlen = v.size();
  ssize_t n;
  do {
    n = recvmsg(e->host_fd, &msg, host_flags);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return errno_from_host(errno);
  g.store<uint32_t>(datalen_ptr, static_cast<uint32_t>(n));
  g.store<uint16_t>(flags_ptr, (msg.msg_flags & MSG_TRUNC) ? kRoflagRecvDataTruncated : 0);
  return Errno::Success;
}

// sock_send(fd, si_data, si_data_len, si_flags, so_datalen): sendmsg from the guest's buffers
// (never raising SIGPIPE: a closed peer is EPIPE). No si_flags are defined: anything else
// than 0 is EINVAL.
Errno sock_send(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = socket_entry(s, arg32(a, 0), kRightFdWrite, e); r != Errno::Success) return r;
  if (arg32(a, 3) != 0) return Errno::Inval;
  uint32_t datalen_ptr = arg32(a, 4);
  std::vector<iovec> v;
  if (Errno r = message_iovecs(g, arg32(a, 1), arg32(a, 2), v); r != Errno::Success) return r;
  if (!g.in_bounds(datalen_ptr, 4)) return Errno::Fault;
  msghdr msg{};
  msg.msg_iov = v.data();
  msg.msg_iovlen = v.size();
  ssize_t n;
  do {
    n = sendmsg(e->host_fd, &msg, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return errno_from_host(errno);
  g.store<uint32_t>(datalen_ptr, static_cast<uint32_t>(n));
  return Errno::Success;
}

// sock_shutdown(fd, how): how is SDFLAGS_RD, SDFLAGS_WR or both; EINVAL for none or others.
Errno sock_shutdown(WasiContext::State& s, Guest&, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = socket_entry(s, arg32(a, 0), kRightSockShutdown, e); r != Errno::Success) return r;
  uint32_t how = arg32(a, 1);
  int host_how;
  if (how == kSdflagRd) {
    host_how = SHUT_RD;
  } else if (how == kSdflagWr) {
    host_how = SHUT_WR;
  } else if (how == (kSdflagRd | kSdflagWr)) {
    host_how = SHUT_RDWR;
  } else {
    return Errno::Inval;
  }
  if (shutdown(e->host_fd, host_how) != 0) return errno_from_host(errno);
  return Errno::Success;
}

}  // namespace

const std::vector<FunctionDef>& sock_functions() {
  static const std::vector<FunctionDef> defs = {
      {"sock_accept", "iii>i", sock_accept},
      {"sock_recv", "iiiiii>i", sock_recv},
      {"sock_send", "iiiii>i", sock_send},
      {"sock_shutdown", "ii>i", sock_shutdown},
  };
  return defs;
}

}  // namespace kiln::core::wasi
