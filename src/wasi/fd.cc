// WASI: the fd_* functions, on the context's descriptor table.
#include <limits.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>

#include "wasi/context.h"

namespace kiln::wasi {

namespace {

std::vector<iovec> host_iovecs(const std::vector<IoSlice>& slices) {
  std::vector<iovec> v;
  v.reserve(slices.size());
  for (const IoSlice& s : slices) v.push_back(iovec{s.data, s.len});
  return v;
}

// readv/writev-style transfer: `op` does the host call, the byte count goes to `out_ptr`.
template <typename Op>
Errno transfer(Guest& g, uint32_t iovs, uint32_t count, uint32_t out_ptr, Op op) {
  std::vector<IoSlice> slices;
  if (Errno e = read_iovecs(g, iovs, count, slices); e != Errno::Success) return e;
  if (!g.in_bounds(out_ptr, 4)) return Errno::Fault;
  std::vector<iovec> v = host_iovecs(slices);
  if (v.size() > IOV_MAX) v.resize(IOV_MAX);  // a short transfer, as POSIX allows
  ssize_t n;
  do {
    n = op(v.data(), static_cast<int>(v.size()));
  } while (n < 0 && errno == EINTR);
  if (n < 0) return errno_from_host(errno);
  g.store<uint32_t>(out_ptr, static_cast<uint32_t>(n));
  return Errno::Success;
}

Errno fd_read(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = s.lookup(arg32(a, 0), kRightFdRead, e); r != Errno::Success) return r;
  if (e->type == FileType::Directory) return Errno::IsDir;
  int fd = e->host_fd;
  return transfer(g, arg32(a, 1), arg32(a, 2), arg32(a, 3), [fd](iovec* v, int n) { return readv(fd, v, n); });
}

Errno fd_write(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = s.lookup(arg32(a, 0), kRightFdWrite, e); r != Errno::Success) return r;
  if (e->type == FileType::Directory) return Errno::IsDir;
  int fd = e->host_fd;
  return transfer(g, arg32(a, 1), arg32(a, 2), arg32(a, 3), [fd](iovec* v, int n) { return writev(fd, v, n); });
}

Errno fd_close(WasiContext::State& s, Guest&, const rt::Slot* a) {
  uint32_t fd = arg32(a, 0);
  if (!s.entry(fd)) return Errno::Badf;
  s.close(fd);
  return Errno::Success;
}

Errno fd_fdstat_get(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e = s.entry(arg32(a, 0));
  if (!e) return Errno::Badf;
  uint32_t p = arg32(a, 1);
  if (!g.in_bounds(p, layout::kFdstatSize)) return Errno::Fault;
  uint8_t zero[layout::kFdstatSize] = {};
  g.write_bytes(p, zero, sizeof zero);
  g.store<uint8_t>(p, static_cast<uint8_t>(e->type));
  g.store<uint16_t>(p + 2, e->fdflags);
  g.store<uint64_t>(p + 8, e->rights_base);
  g.store<uint64_t>(p + 16, e->rights_inheriting);
  return Errno::Success;
}

Errno fd_prestat_get(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e = s.entry(arg32(a, 0));
  if (!e) return Errno::Badf;
  if (!e->preopen_name) return Errno::Badf;  // what wasi-libc expects to end its preopen scan
  uint32_t p = arg32(a, 1);
  if (!g.in_bounds(p, layout::kPrestatSize)) return Errno::Fault;
  g.store<uint32_t>(p, kPreopenTypeDir);  // tag, with padding
  g.store<uint32_t>(p + 4, static_cast<uint32_t>(e->preopen_name->size()));
  return Errno::Success;
}

Errno fd_prestat_dir_name(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e = s.entry(arg32(a, 0));
  if (!e) return Errno::Badf;
  if (!e->preopen_name) return Errno::Badf;
  uint32_t p = arg32(a, 1), len = arg32(a, 2);
  const std::string& name = *e->preopen_name;
  if (len < name.size()) return Errno::NameTooLong;
  return g.write_bytes(p, name.data(), name.size()) ? Errno::Success : Errno::Fault;
}

Errno fd_seek(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  int64_t offset = static_cast<int64_t>(arg64(a, 1));
  uint32_t whence = arg32(a, 2);
  // Asking for the current position only needs the right to tell.
  uint64_t right = (offset == 0 && whence == static_cast<uint32_t>(Whence::Cur)) ? kRightFdTell : kRightFdSeek;
  FdEntry* e;
  if (Errno r = s.lookup(arg32(a, 0), right, e); r != Errno::Success) return r;
  int how;
  switch (static_cast<Whence>(whence)) {
    case Whence::Set: how = SEEK_SET; break;
    case Whence::Cur: how = SEEK_CUR; break;
    case Whence::End: how = SEEK_END; break;
    default: return Errno::Inval;
  }
  if (e->type == FileType::Directory) return Errno::IsDir;
  if (!g.in_bounds(arg32(a, 3), 8)) return Errno::Fault;
  off_t r = lseek(e->host_fd, offset, how);
  if (r < 0) return errno_from_host(errno);
  g.store<uint64_t>(arg32(a, 3), static_cast<uint64_t>(r));
  return Errno::Success;
}

Errno fd_tell(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = s.lookup(arg32(a, 0), kRightFdTell, e); r != Errno::Success) return r;
  if (!g.in_bounds(arg32(a, 1), 8)) return Errno::Fault;
  off_t r = lseek(e->host_fd, 0, SEEK_CUR);
  if (r < 0) return errno_from_host(errno);
  g.store<uint64_t>(arg32(a, 1), static_cast<uint64_t>(r));
  return Errno::Success;
}

}  // namespace

const std::vector<FunctionDef>& fd_functions() {
  static const std::vector<FunctionDef> defs = {
      {"fd_close", "i>i", fd_close},
      {"fd_fdstat_get", "ii>i", fd_fdstat_get},
      {"fd_prestat_get", "ii>i", fd_prestat_get},
      {"fd_prestat_dir_name", "iii>i", fd_prestat_dir_name},
      {"fd_read", "iiii>i", fd_read},
      {"fd_seek", "iIii>i", fd_seek},
      {"fd_tell", "ii>i", fd_tell},
      {"fd_write", "iiii>i", fd_write},
  };
  return defs;
}

}  // namespace kiln::wasi
