// WASI: the fd_* functions, on the context's descriptor table.
#include <fcntl.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

#include "wasi/context.h"

namespace kiln::core::wasi {

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

constexpr uint64_t kMaxOff = static_cast<uint64_t>(INT64_MAX);

Errno fd_advise(WasiContext::State& s, Guest&, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = s.lookup(arg32(a, 0), kRightFdAdvise, e); r != Errno::Success) return r;
  uint64_t offset = arg64(a, 1), len = arg64(a, 2);
  int advice;
  switch (static_cast<Advice>(arg32(a, 3))) {
    case Advice::Normal: advice = POSIX_FADV_NORMAL; break;
    case Advice::Sequential: advice = POSIX_FADV_SEQUENTIAL; break;
    case Advice::Random: advice = POSIX_FADV_RANDOM; break;
    case Advice::WillNeed: advice = POSIX_FADV_WILLNEED; break;
    case Advice::DontNeed: advice = POSIX_FADV_DONTNEED; break;
    case Advice::NoReuse: advice = POSIX_FADV_NOREUSE; break;
    default: return Errno::Inval;
  }
  if (offset > kMaxOff || len > kMaxOff) return Errno::Inval;
  return errno_from_host(posix_fadvise(e->host_fd, static_cast<off_t>(offset), static_cast<off_t>(len), advice));
}

Errno fd_allocate(WasiContext::State& s, Guest&, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = s.lookup(arg32(a, 0), kRightFdAllocate, e); r != Errno::Success) return r;
  uint64_t offset = arg64(a, 1), len = arg64(a, 2);
  if (len == 0 || offset > kMaxOff || len > kMaxOff) return Errno::Inval;  // as posix_fallocate
  if (len > kMaxOff - offset) return Errno::Fbig;
  if (e->type == FileType::Directory) return Errno::IsDir;
  int r;
  do {
    r = posix_fallocate(e->host_fd, static_cast<off_t>(offset), static_cast<off_t>(len));
  } while (r == EINTR);
  return errno_from_host(r);  // EOPNOTSUPP (ENOTSUP) where the file system cannot
}

Errno fd_datasync(WasiContext::State& s, Guest&, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = s.lookup(arg32(a, 0), kRightFdDatasync, e); r != Errno::Success) return r;
  return fdatasync(e->host_fd) == 0 ? Errno::Success : errno_from_host(errno);
}

Errno fd_sync(WasiContext::State& s, Guest&, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = s.lookup(arg32(a, 0), kRightFdSync, e); r != Errno::Success) return r;
  return fsync(e->host_fd) == 0 ? Errno::Success : errno_from_host(errno);
}

// Only APPEND and NONBLOCK can change; DSYNC, SYNC and RSYNC give EINVAL, as in wasmtime.
Errno fd_fdstat_set_flags(WasiContext::State& s, Guest&, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = s.lookup(arg32(a, 0), kRightFdFdstatSetFlags, e); r != Errno::Success) return r;
  uint32_t flags = arg32(a, 1);
  if (flags & ~uint32_t{kFdflagAppend | kFdflagNonblock}) return Errno::Inval;
  int fl = fcntl(e->host_fd, F_GETFL);
  if (fl < 0) return errno_from_host(errno);
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & kFdflagAppend) fl |= O_APPEND;
  if (flags & kFdflagNonblock) fl |= O_NONBLOCK;
  if (fcntl(e->host_fd, F_SETFL, fl) != 0) return errno_from_host(errno);
  e->fdflags = static_cast<uint16_t>((e->fdflags & ~(kFdflagAppend | kFdflagNonblock)) | flags);
  return Errno::Success;
}

// Rights can only be dropped.
Errno fd_fdstat_set_rights(WasiContext::State& s, Guest&, const rt::Slot* a) {
  FdEntry* e = s.entry(arg32(a, 0));
  if (!e) return Errno::Badf;
  uint64_t base = arg64(a, 1), inheriting = arg64(a, 2);
  if ((base & ~e->rights_base) || (inheriting & ~e->rights_inheriting)) return Errno::NotCapable;
  e->rights_base = base;
  e->rights_inheriting = inheriting;
  return Errno::Success;
}

Errno fd_filestat_get(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = s.lookup(arg32(a, 0), kRightFdFilestatGet, e); r != Errno::Success) return r;
  struct stat st;
  if (fstat(e->host_fd, &st) != 0) return errno_from_host(errno);
  return write_filestat(g, arg32(a, 1), st, S_ISSOCK(st.st_mode) ? e->type : FileType::Unknown);
}

Errno fd_filestat_set_size(WasiContext::State& s, Guest&, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = s.lookup(arg32(a, 0), kRightFdFilestatSetSize, e); r != Errno::Success) return r;
  uint64_t size = arg64(a, 1);
  if (size > kMaxOff) return Errno::Inval;
  if (e->type == FileType::Directory) return Errno::IsDir;
  return ftruncate(e->host_fd, static_cast<off_t>(size)) == 0 ? Errno::Success : errno_from_host(errno);
}

Errno fd_filestat_set_times(WasiContext::State& s, Guest&, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = s.lookup(arg32(a, 0), kRightFdFilestatSetTimes, e); r != Errno::Success) return r;
  struct timespec ts[2];
  if (Errno r = set_times_spec(arg64(a, 1), arg64(a, 2), arg32(a, 3), ts); r != Errno::Success) return r;
  return futimens(e->host_fd, ts) == 0 ? Errno::Success : errno_from_host(errno);
}

// pread/pwrite need FD_SEEK besides FD_READ/FD_WRITE; a descriptor that cannot seek at all
// (pipe, terminal, socket) gives ESPIPE whatever its rights.
Errno positioned(WasiContext::State& s, uint32_t fd, uint64_t right, uint64_t offset, FdEntry*& e) {
  if (Errno r = s.lookup(fd, right, e); r != Errno::Success) return r;
  if (e->type == FileType::Directory) return Errno::IsDir;
  if (lseek(e->host_fd, 0, SEEK_CUR) < 0 && errno == ESPIPE) return Errno::Spipe;
  if (!(e->rights_base & kRightFdSeek)) return Errno::NotCapable;
  if (offset > kMaxOff) return Errno::Inval;
  return Errno::Success;
}

Errno fd_pread(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e;
  uint64_t offset = arg64(a, 3);
  if (Errno r = positioned(s, arg32(a, 0), kRightFdRead, offset, e); r != Errno::Success) return r;
  int fd = e->host_fd;
  return transfer(g, arg32(a, 1), arg32(a, 2), arg32(a, 4),
                  [fd, offset](iovec* v, int n) { return preadv(fd, v, n, static_cast<off_t>(offset)); });
}

// On a descriptor in append mode the data still goes to `offset` (as wasmtime; Linux's pwrite
// would append): O_APPEND is lifted for the call.
Errno fd_pwrite(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e;
  uint64_t offset = arg64(a, 3);
  if (Errno r = positioned(s, arg32(a, 0), kRightFdWrite, offset, e); r != Errno::Success) return r;
  int fd = e->host_fd;
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0) return errno_from_host(errno);
  bool append = fl & O_APPEND;
  if (append && fcntl(fd, F_SETFL, fl & ~O_APPEND) != 0) return errno_from_host(errno);
  Errno r = transfer(g, arg32(a, 1), arg32(a, 2), arg32(a, 4),
                     [fd, offset](iovec* v, int n) { return pwritev(fd, v, n, static_cast<off_t>(offset)); });
  if (append) fcntl(fd, F_SETFL, fl);
  return r;
}

FileType dirent_type(DIR* dir, const dirent& d) {
  switch (d.d_type) {
    case DT_BLK: return FileType::BlockDevice;
    case DT_CHR: return FileType::CharacterDevice;
    case DT_DIR: return FileType::Directory;
    case DT_REG: return FileType::RegularFile;
    case DT_LNK: return FileType::SymbolicLink;
    case DT_SOCK: return FileType::SocketStream;
    case DT_UNKNOWN: {
      struct stat st;
      return fstatat(dirfd(dir), d.d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? file_type_of_mode(st.st_mode)
                                                                          : FileType::Unknown;
    }
    default: return FileType::Unknown;
  }
}

// fd_readdir. Cookies are entry indices: 0 is ".", 1 is "..", 2... the host's other entries in
// the order the host stream gives them (stable for an unchanged directory); an entry's d_next
// is its index + 1. The entry owns a stream of its own (opened lazily on "." of the directory,
// so it does not share the descriptor's position); a call that continues where the previous
// one stopped seeks to the remembered telldir() position, any other cookie rewinds and skips.
// The buffer is filled: the last entry is cut at the end of the buffer, as witx says
// (bufused == buf_len tells the guest to read again from that entry's cookie).
Errno fd_readdir(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = s.lookup(arg32(a, 0), kRightFdReaddir, e); r != Errno::Success) return r;
  if (e->type != FileType::Directory) return Errno::NotDir;
  uint32_t buf = arg32(a, 1), buf_len = arg32(a, 2), used_ptr = arg32(a, 4);
  uint64_t cookie = arg64(a, 3);
  if (!g.in_bounds(buf, buf_len) || !g.in_bounds(used_ptr, 4)) return Errno::Fault;
  if (!e->dir_stream) {
    int fd = openat(e->host_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno_from_host(errno);
    e->dir_stream = fdopendir(fd);
    if (!e->dir_stream) {
      int err = errno;
      ::close(fd);
      return errno_from_host(err);
    }
    e->dir_cookie = 2;
    e->dir_pos = telldir(e->dir_stream);
  }
  DIR* dir = e->dir_stream;
  uint32_t used = 0;
  bool full = false;
  // Writes one entry; false once the buffer is full.
  auto emit = [&](uint64_t next, uint64_t ino, FileType type, std::string_view name) {
    uint8_t head[layout::kDirentSize] = {};
    uint32_t namlen = static_cast<uint32_t>(name.size());
    std::memcpy(head, &next, 8);
    std::memcpy(head + 8, &ino, 8);
    std::memcpy(head + 16, &namlen, 4);
    head[20] = static_cast<uint8_t>(type);
    uint32_t n = std::min<uint32_t>(layout::kDirentSize, buf_len - used);
    g.write_bytes(buf + used, head, n);
    used += n;
    uint32_t m = static_cast<uint32_t>(std::min<uint64_t>(name.size(), buf_len - used));
    g.write_bytes(buf + used, name.data(), m);
    used += m;
    full = used == buf_len;
    return n == layout::kDirentSize && m == name.size();
  };
  struct stat self;
  if (fstat(e->host_fd, &self) != 0) return errno_from_host(errno);
  // "." and ".." (both with the directory's own inode number, which keeps the parent of a
  // preopen unseen).
  for (uint64_t i = cookie; i < 2 && !full; ++i) {
    emit(i + 1, self.st_ino, FileType::Directory, i == 0 ? "." : "..");
  }
  uint64_t index = 2;
  if (!full) {
    if (cookie > 2 && cookie == e->dir_cookie) {
      seekdir(dir, e->dir_pos);
      index = cookie;
    } else {
      rewinddir(dir);
    }
  }
  while (!full) {
    long pos = telldir(dir);
    errno = 0;
    dirent* d = readdir(dir);
    if (!d) {
      if (errno != 0) return errno_from_host(errno);
      e->dir_cookie = index;
      e->dir_pos = pos;
      break;
    }
    std::string_view name = d->d_name;
    if (name == "." || name == "..") continue;
    if (index < cookie) {
      ++index;
      continue;
    }
    bool whole = emit(index + 1, d->d_ino, dirent_type(dir, *d), name);
    if (full) {
      // Resume at this entry when it was cut, else at the next one.
      e->dir_cookie = whole ? index + 1 : index;
      e->dir_pos = whole ? telldir(dir) : pos;
    }
    ++index;
  }
  g.store<uint32_t>(used_ptr, used);
  return Errno::Success;
}

// fd_renumber(from, to): both must be open; `to` is closed and `from` takes its number.
Errno fd_renumber(WasiContext::State& s, Guest&, const rt::Slot* a) {
  uint32_t from = arg32(a, 0), to = arg32(a, 1);
  if (!s.entry(from) || !s.entry(to)) return Errno::Badf;
  if (from == to) return Errno::Success;
  s.close(to);
  s.fds[to] = std::move(s.fds[from]);
  s.fds[from].reset();  // moved from: nothing left to close
  return Errno::Success;
}

}  // namespace

Errno write_filestat(Guest& g, uint32_t p, const struct stat& st, FileType type) {
  if (!g.in_bounds(p, layout::kFilestatSize)) return Errno::Fault;
  auto ns = [](const struct timespec& t) {
    return static_cast<uint64_t>(t.tv_sec) * 1000000000ull + static_cast<uint64_t>(t.tv_nsec);
  };
  uint8_t zero[layout::kFilestatSize] = {};
  g.write_bytes(p, zero, sizeof zero);
  g.store<uint64_t>(p, static_cast<uint64_t>(st.st_dev));
  g.store<uint64_t>(p + 8, static_cast<uint64_t>(st.st_ino));
  g.store<uint8_t>(p + 16, static_cast<uint8_t>(type != FileType::Unknown ? type : file_type_of_mode(st.st_mode)));
  g.store<uint64_t>(p + 24, static_cast<uint64_t>(st.st_nlink));
  g.store<uint64_t>(p + 32, static_cast<uint64_t>(st.st_size));
  g.store<uint64_t>(p + 40, ns(st.st_atim));
  g.store<uint64_t>(p + 48, ns(st.st_mtim));
  g.store<uint64_t>(p + 56, ns(st.st_ctim));
  return Errno::Success;
}

Errno set_times_spec(uint64_t atim, uint64_t mtim, uint32_t fst, struct timespec out[2]) {
  if (fst & ~uint32_t{kFstAtim | kFstAtimNow | kFstMtim | kFstMtimNow}) return Errno::Inval;
  auto one = [](uint64_t t, bool set, bool now, struct timespec& ts) {
    if (set && now) return false;
    if (now) {
      ts = {0, UTIME_NOW};
    } else if (set) {
      ts.tv_sec = static_cast<time_t>(t / 1000000000ull);
      ts.tv_nsec = static_cast<long>(t % 1000000000ull);
    } else {
      ts = {0, UTIME_OMIT};
    }
    return true;
  };
  if (!one(atim, fst & kFstAtim, fst & kFstAtimNow, out[0])) return Errno::Inval;
  if (!one(mtim, fst & kFstMtim, fst & kFstMtimNow, out[1])) return Errno::Inval;
  return Errno::Success;
}


const std::vector<FunctionDef>& fd_functions() {
  static const std::vector<FunctionDef> defs = {
      {"fd_advise", "iIIi>i", fd_advise},
      {"fd_allocate", "iII>i", fd_allocate},
      {"fd_close", "i>i", fd_close},
      {"fd_datasync", "i>i", fd_datasync},
      {"fd_fdstat_get", "ii>i", fd_fdstat_get},
      {"fd_fdstat_set_flags", "ii>i", fd_fdstat_set_flags},
      {"fd_fdstat_set_rights", "iII>i", fd_fdstat_set_rights},
      {"fd_filestat_get", "ii>i", fd_filestat_get},
      {"fd_filestat_set_size", "iI>i", fd_filestat_set_size},
      {"fd_filestat_set_times", "iIIi>i", fd_filestat_set_times},
      {"fd_pread", "iiiIi>i", fd_pread},
      {"fd_prestat_get", "ii>i", fd_prestat_get},
      {"fd_prestat_dir_name", "iii>i", fd_prestat_dir_name},
      {"fd_pwrite", "iiiIi>i", fd_pwrite},
      {"fd_read", "iiii>i", fd_read},
      {"fd_readdir", "iiiIi>i", fd_readdir},
      {"fd_renumber", "ii>i", fd_renumber},
      {"fd_seek", "iIii>i", fd_seek},
      {"fd_sync", "i>i", fd_sync},
      {"fd_tell", "ii>i", fd_tell},
      {"fd_write", "iiii>i", fd_write},
  };
  return defs;
}

}  // namespace kiln::core::wasi
