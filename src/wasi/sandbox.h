// The path sandbox of the WASI host module: every path a guest names is resolved beneath one
// of its directory descriptors, on host descriptors (never by string checks on whole paths), so
// that no path - absolute, with `..` that climbs out, or through a symbolic link that leads
// outside, also one swapped in while the guest runs - reaches a host file outside.
//
// Rules (docs/cli.md, "Sandbox"): an absolute path, a `..` that would leave the base
// directory and a symbolic link whose target is absolute or climbs out of the base fail with
// ENOTCAPABLE (wasmtime since its preview-2 based implementation reports EPERM; we keep the
// preview-1 errno for a capability violation). More than 40 symbolic links in one resolution:
// ELOOP. A NUL byte in a path: EINVAL; a path that is not UTF-8: EILSEQ; an empty path: ENOENT.
//
// Mechanism: whole-path opens use openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) (the kernel
// checks every step); where openat2 is missing (ENOSYS), and for the operations that have no
// openat2 form (mkdirat, unlinkat, renameat, linkat, symlinkat, readlinkat, fstatat,
// utimensat), `resolve` walks the path one component at a time with O_PATH | O_NOFOLLOW |
// O_DIRECTORY on a stack of directory descriptors (`..` pops the stack, and popping the base is
// an escape), expanding symbolic links itself, and the operation is applied to the final
// component only, relative to the descriptor of its directory, never following a link there.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "wasi/abi.h"

namespace kiln::core::wasi {

// A host descriptor owned by its holder.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

// A guest path checked for use: EINVAL when it holds a NUL byte, EILSEQ when it is not UTF-8,
// ENOENT when it is empty.
Errno check_path(std::string_view path);

// Whether `path` ends with '/' (its final component must then be a directory).
bool has_trailing_slash(std::string_view path);

// The directory that holds a path's final component, and that component.
struct ResolvedPath {
  UniqueFd owned;        // the directory when it is not the base itself
  int dir = -1;          // descriptor of the directory (owned.get() or the base)
  std::string name;      // one component: no '/', never empty, never ".." ("." for the directory itself)
};

// Resolves `path` (checked with check_path) beneath directory `base`. With `follow_final` a
// symbolic link in the final position is followed too (the name is then never a link, unless
// one is swapped in afterwards, which the *at call's AT_SYMLINK_NOFOLLOW makes harmless).
Errno resolve(int base, std::string_view path, bool follow_final, ResolvedPath& out);

// Opens `path` beneath `base` with open(2) `flags` (O_CLOEXEC is added; O_NOFOLLOW unless
// `follow`) and `mode`. The new descriptor goes to `out`.
Errno open_beneath(int base, std::string_view path, int flags, mode_t mode, bool follow, int& out);

// Tests only: false makes open_beneath use the component walk as if openat2 were missing.
void set_openat2_enabled(bool enabled);

}  // namespace kiln::core::wasi
