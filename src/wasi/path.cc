// WASI: the path_* functions. Every path is resolved beneath the directory descriptor it is
// given, by the sandbox (sandbox.h): host calls only ever see one final component relative to
// a descriptor of its directory, or a whole path given to openat2 with RESOLVE_BENEATH.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "wasi/context.h"
#include "wasi/sandbox.h"

namespace kiln::core::wasi {

namespace {

// The directory entry `fd` with `rights`: EBADF when not open, ENOTDIR when not a directory,
// ENOTCAPABLE when a right is missing.
Errno dir_lookup(WasiContext::State& s, uint32_t fd, uint64_t rights, FdEntry*& e) {
  e = s.entry(fd);
  if (!e) return Errno::Badf;
  if (e->type != FileType::Directory) return Errno::NotDir;
  return s.lookup(fd, rights, e);
}

// The guest path at (ptr, len): EFAULT outside memory.
Errno guest_path(Guest& g, uint32_t ptr, uint32_t len, std::string_view& out) {
  auto p = g.string(ptr, len);
  if (!p) return Errno::Fault;
  out = *p;
  return Errno::Success;
}

// Looks up directory `fd` with `rights` and resolves the path at (ptr, len) beneath it.
Errno resolve_arg(WasiContext::State& s, Guest& g, uint32_t fd, uint64_t rights, uint32_t ptr, uint32_t len,
                  bool follow, ResolvedPath& out, std::string_view* path_out = nullptr) {
  FdEntry* e;
  if (Errno r = dir_lookup(s, fd, rights, e); r != Errno::Success) return r;
  std::string_view path;
  if (Errno r = guest_path(g, ptr, len, path); r != Errno::Success) return r;
  if (path_out) *path_out = path;
  // A final '/' makes the last component a directory, following a link there (as POSIX).
  return resolve(e->host_fd, path, follow || has_trailing_slash(path), out);
}

Errno host(int r) { return r == 0 ? Errno::Success : errno_from_host(errno); }

// With a final '/', the final component must be a directory (lstat'd: the name itself).
Errno require_dir(const ResolvedPath& rp, std::string_view path) {
  if (!has_trailing_slash(path)) return Errno::Success;
  struct stat st;
  if (fstatat(rp.dir, rp.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return errno_from_host(errno);
  return S_ISDIR(st.st_mode) ? Errno::Success : Errno::NotDir;
}

// The common head of the path_* functions that take (fd, path, path_len) as their first
// three arguments and do not follow a final link: the descriptor with `right`, the path
// from guest memory, and its parent resolved beneath the descriptor.
Errno resolve_arg_path(WasiContext::State& s, Guest& g, const rt::Slot* a, uint64_t right, std::string_view& path,
                       ResolvedPath& rp) {
  FdEntry* e;
  if (Errno r = dir_lookup(s, arg32(a, 0), right, e); r != Errno::Success) return r;
  if (Errno r = guest_path(g, arg32(a, 1), arg32(a, 2), path); r != Errno::Success) return r;
  return resolve(e->host_fd, path, false, rp);
}

Errno path_create_directory(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  std::string_view path;
  ResolvedPath rp;
  if (Errno r = resolve_arg_path(s, g, a, kRightPathCreateDirectory, path, rp); r != Errno::Success) return r;
  return host(mkdirat(rp.dir, rp.name.c_str(), 0777));
}

Errno path_filestat_get(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  ResolvedPath rp;
  std::string_view path;
  bool follow = arg32(a, 1) & kLookupSymlinkFollow;
  if (Errno r = resolve_arg(s, g, arg32(a, 0), kRightPathFilestatGet, arg32(a, 2), arg32(a, 3), follow, rp, &path);
      r != Errno::Success) {
    return r;
  }
  if (!g.in_bounds(arg32(a, 4), layout::kFilestatSize)) return Errno::Fault;
  struct stat st;
  if (fstatat(rp.dir, rp.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return errno_from_host(errno);
  if (has_trailing_slash(path) && !S_ISDIR(st.st_mode)) return Errno::NotDir;
  return write_filestat(g, arg32(a, 4), st);
}

Errno path_filestat_set_times(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  struct timespec ts[2];
  if (Errno r = set_times_spec(arg64(a, 4), arg64(a, 5), arg32(a, 6), ts); r != Errno::Success) return r;
  ResolvedPath rp;
  std::string_view path;
  bool follow = arg32(a, 1) & kLookupSymlinkFollow;
  if (Errno r = resolve_arg(s, g, arg32(a, 0), kRightPathFilestatSetTimes, arg32(a, 2), arg32(a, 3), follow, rp,
                            &path);
      r != Errno::Success) {
    return r;
  }
  if (Errno r = require_dir(rp, path); r != Errno::Success) return r;
  return host(utimensat(rp.dir, rp.name.c_str(), ts, AT_SYMLINK_NOFOLLOW));
}

// path_link(old_fd, old_flags, old_path, new_fd, new_path).
Errno path_link(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* to;
  if (Errno r = dir_lookup(s, arg32(a, 4), kRightPathLinkTarget, to); r != Errno::Success) return r;
  ResolvedPath from_rp;
  std::string_view from_path;
  bool follow = arg32(a, 1) & kLookupSymlinkFollow;
  if (Errno r = resolve_arg(s, g, arg32(a, 0), kRightPathLinkSource, arg32(a, 2), arg32(a, 3), follow, from_rp,
                            &from_path);
      r != Errno::Success) {
    return r;
  }
  std::string_view to_path;
  if (Errno r = guest_path(g, arg32(a, 5), arg32(a, 6), to_path); r != Errno::Success) return r;
  ResolvedPath to_rp;
  if (Errno r = resolve(to->host_fd, to_path, false, to_rp); r != Errno::Success) return r;
  if (Errno r = require_dir(from_rp, from_path); r != Errno::Success) return r;
  // linkat without AT_SYMLINK_FOLLOW: a link in the source position was expanded by resolve.
  return host(linkat(from_rp.dir, from_rp.name.c_str(), to_rp.dir, to_rp.name.c_str(), 0));
}

// path_open(fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags, *fd).
Errno path_open(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  uint32_t oflags = arg32(a, 4), fdflags = arg32(a, 7), out_ptr = arg32(a, 8);
  uint64_t base_req = arg64(a, 5), inheriting_req = arg64(a, 6);
  uint64_t needed = kRightPathOpen;
  if (oflags & kOflagCreat) needed |= kRightPathCreateFile;
  if (oflags & kOflagTrunc) needed |= kRightPathFilestatSetSize;
  FdEntry* dir;
  if (Errno r = dir_lookup(s, arg32(a, 0), needed, dir); r != Errno::Success) return r;
  std::string_view path;
  if (Errno r = guest_path(g, arg32(a, 2), arg32(a, 3), path); r != Errno::Success) return r;
  if (oflags & ~uint32_t{kOflagCreat | kOflagDirectory | kOflagExcl | kOflagTrunc}) return Errno::Inval;
  if (fdflags & ~uint32_t{kFdflagAppend | kFdflagDsync | kFdflagNonblock | kFdflagRsync | kFdflagSync}) {
    return Errno::Inval;
  }
  if ((oflags & kOflagCreat) && (oflags & kOflagDirectory)) return Errno::Inval;
  if (!g.in_bounds(out_ptr, 4)) return Errno::Fault;
  // The new descriptor's rights: what was asked, within what the directory hands on.
  uint64_t base = base_req & dir->rights_inheriting;
  uint64_t inheriting = inheriting_req & dir->rights_inheriting;
  bool read = base & kRightFdRead, write = base & kRightFdWrite;
  // O_DIRECTORY opens read-only whatever the rights (a directory cannot be opened to write).
  int flags = (oflags & kOflagDirectory) ? O_RDONLY : (read && write) ? O_RDWR : write ? O_WRONLY : O_RDONLY;
  if (oflags & kOflagCreat) flags |= O_CREAT;
  if (oflags & kOflagDirectory) flags |= O_DIRECTORY;
  if (oflags & kOflagExcl) flags |= O_EXCL;
  if (oflags & kOflagTrunc) flags |= O_TRUNC;
  if (fdflags & kFdflagAppend) flags |= O_APPEND;
  if (fdflags & kFdflagNonblock) flags |= O_NONBLOCK;
  if (fdflags & kFdflagSync) flags |= O_SYNC;
  if (fdflags & kFdflagDsync) flags |= O_DSYNC;
  if (fdflags & kFdflagRsync) flags |= O_RSYNC;
  int fd;
  if (Errno r = open_beneath(dir->host_fd, path, flags, 0666, arg32(a, 1) & kLookupSymlinkFollow, fd);
      r != Errno::Success) {
    return r;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return errno_from_host(err);
  }
  FdEntry e;
  e.host_fd = fd;
  e.type = file_type_of_mode(st.st_mode);
  if (e.type == FileType::Directory) {
    e.rights_base = base & kRightsDirBase;
    e.rights_inheriting = inheriting & kRightsDirInheriting;
  } else {
    e.rights_base = base & kRightsFileBase;
    e.rights_inheriting = inheriting & kRightsFileBase;
  }
  e.fdflags = static_cast<uint16_t>(fdflags);
  uint32_t guest_fd = s.insert(std::move(e));
  g.store<uint32_t>(out_ptr, guest_fd);
  return Errno::Success;
}

// path_readlink(fd, path, path_len, buf, buf_len, *bufused): the link's text, cut at buf_len.
Errno path_readlink(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  ResolvedPath rp;
  std::string_view path;
  if (Errno r = resolve_arg(s, g, arg32(a, 0), kRightPathReadlink, arg32(a, 1), arg32(a, 2), false, rp, &path);
      r != Errno::Success) {
    return r;
  }
  uint32_t buf = arg32(a, 3), buf_len = arg32(a, 4), used_ptr = arg32(a, 5);
  if (!g.in_bounds(buf, buf_len) || !g.in_bounds(used_ptr, 4)) return Errno::Fault;
  if (has_trailing_slash(path)) {  // resolved through the link: a directory, not a link
    struct stat st;
    if (fstatat(rp.dir, rp.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return errno_from_host(errno);
    return S_ISDIR(st.st_mode) ? Errno::Inval : Errno::NotDir;
  }
  std::string text(256, '\0');
  for (;;) {
    ssize_t n = readlinkat(rp.dir, rp.name.c_str(), text.data(), text.size());
    if (n < 0) return errno_from_host(errno);
    if (static_cast<size_t>(n) < text.size()) {
      text.resize(static_cast<size_t>(n));
      break;
    }
    text.resize(text.size() * 2);
  }
  uint32_t used = static_cast<uint32_t>(std::min<size_t>(text.size(), buf_len));
  g.write_bytes(buf, text.data(), used);
  g.store<uint32_t>(used_ptr, used);
  return Errno::Success;
}

Errno path_remove_directory(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  std::string_view path;
  ResolvedPath rp;
  if (Errno r = resolve_arg_path(s, g, a, kRightPathRemoveDirectory, path, rp); r != Errno::Success) return r;
  return host(unlinkat(rp.dir, rp.name.c_str(), AT_REMOVEDIR));
}

// path_rename(fd, old_path, old_len, new_fd, new_path, new_len).
Errno path_rename(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* from;
  FdEntry* to;
  if (Errno r = dir_lookup(s, arg32(a, 0), kRightPathRenameSource, from); r != Errno::Success) return r;
  if (Errno r = dir_lookup(s, arg32(a, 3), kRightPathRenameTarget, to); r != Errno::Success) return r;
  std::string_view from_path, to_path;
  if (Errno r = guest_path(g, arg32(a, 1), arg32(a, 2), from_path); r != Errno::Success) return r;
  if (Errno r = guest_path(g, arg32(a, 4), arg32(a, 5), to_path); r != Errno::Success) return r;
  ResolvedPath from_rp, to_rp;
  if (Errno r = resolve(from->host_fd, from_path, false, from_rp); r != Errno::Success) return r;
  if (Errno r = resolve(to->host_fd, to_path, false, to_rp); r != Errno::Success) return r;
  if (has_trailing_slash(to_path)) {
    if (Errno r = require_dir(from_rp, "/"); r != Errno::Success) return r;
  }
  if (Errno r = require_dir(from_rp, from_path); r != Errno::Success) return r;
  return host(renameat(from_rp.dir, from_rp.name.c_str(), to_rp.dir, to_rp.name.c_str()));
}

// path_symlink(old_path, old_len, fd, new_path, new_len): the link's text is stored as given;
// the sandbox keeps it from leading anywhere outside when it is followed.
Errno path_symlink(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  FdEntry* e;
  if (Errno r = dir_lookup(s, arg32(a, 2), kRightPathSymlink, e); r != Errno::Success) return r;
  std::string_view target, path;
  if (Errno r = guest_path(g, arg32(a, 0), arg32(a, 1), target); r != Errno::Success) return r;
  if (Errno r = guest_path(g, arg32(a, 3), arg32(a, 4), path); r != Errno::Success) return r;
  if (Errno r = check_path(target); r != Errno::Success) return r;
  ResolvedPath rp;
  if (Errno r = resolve(e->host_fd, path, false, rp); r != Errno::Success) return r;
  if (has_trailing_slash(path)) {  // a link is never a directory
    struct stat st;
    return fstatat(rp.dir, rp.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 ? Errno::Exist : Errno::NoEnt;
  }
  return host(symlinkat(std::string(target).c_str(), rp.dir, rp.name.c_str()));
}

Errno path_unlink_file(WasiContext::State& s, Guest& g, const rt::Slot* a) {
  std::string_view path;
  ResolvedPath rp;
  if (Errno r = resolve_arg_path(s, g, a, kRightPathUnlinkFile, path, rp); r != Errno::Success) return r;
  if (has_trailing_slash(path)) {
    struct stat st;
    if (fstatat(rp.dir, rp.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return errno_from_host(errno);
    return S_ISDIR(st.st_mode) ? Errno::IsDir : Errno::NotDir;
  }
  return host(unlinkat(rp.dir, rp.name.c_str(), 0));
}

}  // namespace

const std::vector<FunctionDef>& path_functions() {
  static const std::vector<FunctionDef> defs = {
      {"path_create_directory", "iii>i", path_create_directory},
      {"path_filestat_get", "iiiii>i", path_filestat_get},
      {"path_filestat_set_times", "iiiiIIi>i", path_filestat_set_times},
      {"path_link", "iiiiiii>i", path_link},
      {"path_open", "iiiiiIIii>i", path_open},
      {"path_readlink", "iiiiii>i", path_readlink},
      {"path_remove_directory", "iii>i", path_remove_directory},
      {"path_rename", "iiiiii>i", path_rename},
      {"path_symlink", "iiiii>i", path_symlink},
      {"path_unlink_file", "iii>i", path_unlink_file},
  };
  return defs;
}

}  // namespace kiln::core::wasi
