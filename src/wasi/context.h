// Internals of the WASI host module shared by its source files: the descriptor table, access
// to guest memory, and the signature of each function's implementation.
//
// Each WASI function is a `Handler`: it reads its arguments (wasm values, as slots), reads and
// writes guest memory through `Guest`, and returns the WASI errno the guest sees. Guest
// memory is always accessed through Guest, whose every access is bounds-checked (EFAULT
// otherwise), so no guest pointer can reach host memory.
#pragma once

#include <dirent.h>
#include <sys/stat.h>
#include <time.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/objects.h"
#include "wasi/abi.h"
#include "wasi/wasi.h"

namespace kiln::core::wasi {

// One guest descriptor.
struct FdEntry {
  int host_fd = -1;
  bool owned = true;  // closed by the context (false for borrowed stdio and sockets)
  FileType type = FileType::Unknown;
  uint64_t rights_base = 0;
  uint64_t rights_inheriting = 0;
  uint16_t fdflags = 0;
  // Preopened directory: the name the guest sees (fd_prestat_dir_name).
  std::optional<std::string> preopen_name;
  // Directory stream for fd_readdir (opened lazily, owned), and where it stands: the stream
  // position (telldir) just before the entry of cookie `dir_cookie` (see fd_readdir).
  DIR* dir_stream = nullptr;
  uint64_t dir_cookie = 0;
  long dir_pos = 0;
};

// Guest memory, valid during one host call (memory.grow cannot happen inside a host
// function unless it calls back into wasm, which WASI functions do not).
class Guest {
 public:
  Guest(uint8_t* base, uint64_t size) : base_(base), size_(size) {}

  // Whether [ptr, ptr + len) lies in memory.
  bool in_bounds(uint64_t ptr, uint64_t len) const { return ptr <= size_ && len <= size_ - ptr; }
  uint8_t* at(uint64_t ptr) const { return base_ + ptr; }

  template <typename T>
  bool load(uint64_t ptr, T& out) const {
    if (!in_bounds(ptr, sizeof(T))) return false;
    std::memcpy(&out, base_ + ptr, sizeof(T));  // little-endian host (x86-64, aarch64)
    return true;
  }
  template <typename T>
  bool store(uint64_t ptr, T v) {
    if (!in_bounds(ptr, sizeof(T))) return false;
    std::memcpy(base_ + ptr, &v, sizeof(T));
    return true;
  }
  bool write_bytes(uint64_t ptr, const void* src, uint64_t len) {
    if (!in_bounds(ptr, len)) return false;
    if (len) std::memcpy(base_ + ptr, src, len);
    return true;
  }
  // The guest string [ptr, ptr + len) as a view into memory, or nullopt when out of bounds.
  std::optional<std::string_view> string(uint64_t ptr, uint64_t len) const {
    if (!in_bounds(ptr, len)) return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(base_ + ptr), len);
  }

 private:
  uint8_t* base_;
  uint64_t size_;
};

struct WasiContext::State {
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::vector<std::optional<FdEntry>> fds;  // index = guest descriptor
  const rt::MemoryInst* memory = nullptr;   // bound by WasiContext::bind
  std::optional<uint32_t> exit_code;

  // The entry of guest descriptor `fd`, or null when it is not open.
  FdEntry* entry(uint32_t fd) {
    return fd < fds.size() && fds[fd] ? &*fds[fd] : nullptr;
  }
  // Looks up `fd` and checks it has every right in `rights`: EBADF when it is not open,
  // ENOTCAPABLE when a right is missing.
  Errno lookup(uint32_t fd, uint64_t rights, FdEntry*& out) {
    FdEntry* e = entry(fd);
    if (!e) return Errno::Badf;
    if ((e->rights_base & rights) != rights) return Errno::NotCapable;
    out = e;
    return Errno::Success;
  }
  // Puts `e` in the lowest free guest descriptor and returns it.
  uint32_t insert(FdEntry e);
  // Closes guest descriptor `fd` (and its host descriptor when owned).
  void close(uint32_t fd);
};

// The type of a host descriptor as WASI sees it (fstat).
FileType file_type_of_mode(uint32_t st_mode);
// The type of host socket `host_fd`: SocketStream or SocketDgram by SO_TYPE, else Unknown (sock.cc).
FileType socket_file_type(int host_fd);

// Implementation of one WASI function: `a` holds the wasm arguments in order.
using Handler = Errno (*)(WasiContext::State& s, Guest& g, const rt::Slot* a);

// The wasm signature of a WASI function, as a string of value types: 'i' i32, 'I' i64;
// results after '>'. E.g. "iIi>i" for clock_time_get.
struct FunctionDef {
  const char* name;
  const char* signature;
  Handler handler;
};

// The functions each source file implements (the registry in wasi.cc joins them).
const std::vector<FunctionDef>& proc_functions();  // proc.cc: args, environ, clocks, random, sched_yield, proc_*
const std::vector<FunctionDef>& fd_functions();    // fd.cc: fd_*
const std::vector<FunctionDef>& path_functions();  // path.cc: path_*
const std::vector<FunctionDef>& poll_functions();  // poll.cc: poll_oneoff
const std::vector<FunctionDef>& sock_functions();  // sock.cc: sock_*

// Argument helpers.
inline uint32_t arg32(const rt::Slot* a, int i) { return static_cast<uint32_t>(a[i]); }
inline uint64_t arg64(const rt::Slot* a, int i) { return a[i]; }

// Reads the iovec array at `iovs` (`count` entries) into host buffers: each (pointer into guest
// memory, length). EFAULT when the array or a buffer lies outside memory.
struct IoSlice {
  uint8_t* data;
  uint32_t len;
};
Errno read_iovecs(Guest& g, uint32_t iovs, uint32_t count, std::vector<IoSlice>& out);

// Writes the filestat of host `st` at `ptr` (layout::kFilestatSize bytes): EFAULT outside
// memory. `type` overrides the type from st_mode when not Unknown (sockets).
Errno write_filestat(Guest& g, uint32_t ptr, const struct stat& st, FileType type = FileType::Unknown);

// The two timespecs of futimens/utimensat for WASI's (atim, mtim, fstflags): EINVAL for an
// unknown flag or for both X and X_NOW.
Errno set_times_spec(uint64_t atim, uint64_t mtim, uint32_t fstflags, struct timespec out[2]);

// Handler results that are not errnos: proc_exit returns kExitRequested after setting
// State::exit_code, which the registry turns into an ErrorKind::Exit error.
constexpr Errno kExitRequested = static_cast<Errno>(0xFFFF);

}  // namespace kiln::core::wasi
