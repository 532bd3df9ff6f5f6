// The path sandbox: resolution of guest paths beneath a directory descriptor (sandbox.h).
#include "wasi/sandbox.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <vector>

#include "base/utf8.h"

namespace kiln::core::wasi {

namespace {

// Symbolic links one resolution may expand (Linux's own limit).
constexpr int kMaxSymlinks = 40;

bool g_openat2_enabled = true;   // tests may switch it off
bool g_openat2_missing = false;  // the kernel answered ENOSYS once

// The components of `path`, in order, without empty ones (from "//" or a final '/').
std::vector<std::string> components(std::string_view path) {
  std::vector<std::string> v;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) v.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return v;
}

// The target of symbolic link `name` in `dir`: 0, or the host errno (EINVAL: not a link).
int read_link(int dir, const std::string& name, std::string& target) {
  std::string buf(256, '\0');
  for (;;) {
    ssize_t n = readlinkat(dir, name.c_str(), buf.data(), buf.size());
    if (n < 0) return errno;
    if (static_cast<size_t>(n) < buf.size()) {
      buf.resize(static_cast<size_t>(n));
      target = std::move(buf);
      return 0;
    }
    buf.resize(buf.size() * 2);
  }
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

Errno check_path(std::string_view path) {
  if (path.find('\0') != std::string_view::npos) return Errno::Inval;
  if (!is_valid_utf8(path)) return Errno::Ilseq;
  if (path.empty()) return Errno::NoEnt;
  return Errno::Success;
}

bool has_trailing_slash(std::string_view path) { return !path.empty() && path.back() == '/'; }

Errno resolve(int base, std::string_view path, bool follow_final, ResolvedPath& out) {
  if (Errno e = check_path(path); e != Errno::Success) return e;
  if (path.front() == '/') return Errno::NotCapable;
  std::vector<UniqueFd> stack;  // the directories entered below `base`, innermost last
  auto top = [&] { return stack.empty() ? base : stack.back().get(); };
  std::vector<std::string> first = components(path);
  std::deque<std::string> todo(first.begin(), first.end());
  int links = 0;
  std::string name = ".";
  // Replaces the link just met by its target's components; false with `err` set on escape.
  auto expand = [&](const std::string& target, Errno& err) {
    if (++links > kMaxSymlinks) {
      err = Errno::Loop;
      return false;
    }
    if (target.empty()) {
      err = Errno::NoEnt;
      return false;
    }
    if (target.front() == '/') {
      err = Errno::NotCapable;
      return false;
    }
    std::vector<std::string> parts = components(target);
    todo.insert(todo.begin(), parts.begin(), parts.end());
    return true;
  };
  while (!todo.empty()) {
    std::string c = std::move(todo.front());
    todo.pop_front();
    bool last = todo.empty();
    if (c == ".") {
      if (last) name = ".";
      continue;
    }
    if (c == "..") {
      if (stack.empty()) return Errno::NotCapable;
      stack.pop_back();
      if (last) name = ".";
      continue;
    }
    if (last) {
      std::string target;
      if (follow_final && read_link(top(), c, target) == 0) {
        Errno err;
        if (!expand(target, err)) return err;
        continue;
      }
      name = std::move(c);
      break;
    }
    int fd = openat(top(), c.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
      stack.emplace_back(fd);
      continue;
    }
    int err = errno;
    if (err == ENOTDIR || err == ELOOP) {
      std::string target;
      if (read_link(top(), c, target) == 0) {
        Errno e;
        if (!expand(target, e)) return e;
        continue;
      }
    }
    return errno_from_host(err);
  }
  out.dir = top();
  out.owned = stack.empty() ? UniqueFd() : std::move(stack.back());
  out.name = std::move(name);
  return Errno::Success;
}

Errno open_beneath(int base, std::string_view path, int flags, mode_t mode, bool follow, int& out) {
  if (Errno e = check_path(path); e != Errno::Success) return e;
  if (path.front() == '/') return Errno::NotCapable;
  flags |= O_CLOEXEC;
  if (!follow) flags |= O_NOFOLLOW;
  if (g_openat2_enabled && !g_openat2_missing) {
    open_how how{};
    how.flags = static_cast<uint64_t>(flags);
    how.mode = (flags & O_CREAT) ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    std::string p(path);
    for (int attempt = 0; attempt < 16; ++attempt) {
      long fd = syscall(SYS_openat2, base, p.c_str(), &how, sizeof how);
      if (fd >= 0) {
        out = static_cast<int>(fd);
        return Errno::Success;
      }
      if (errno == EINTR || errno == EAGAIN) continue;  // EAGAIN: a rename raced with `..`
      if (errno == ENOSYS) {
        g_openat2_missing = true;
        break;
      }
      if (errno == EXDEV) return Errno::NotCapable;  // the path would leave `base`
      return errno_from_host(errno);
    }
  }
  // The walk: O_EXCL never follows a final link (as open(2)), the others follow it when asked.
  bool excl = (flags & O_CREAT) && (flags & O_EXCL);
  // A final '/' follows a link there, as in open(2).
  ResolvedPath rp;
  if (Errno e = resolve(base, path, (follow || has_trailing_slash(path)) && !excl, rp); e != Errno::Success) return e;
  int f = flags | O_NOFOLLOW;
  if (has_trailing_slash(path)) f |= O_DIRECTORY;
  int fd = openat(rp.dir, rp.name.c_str(), f, mode);
  if (fd < 0) return errno_from_host(errno);
  out = fd;
  return Errno::Success;
}

void set_openat2_enabled(bool enabled) { g_openat2_enabled = enabled; }

}  // namespace kiln::core::wasi
