// WASI preview 1: the fd_* and path_* functions on a fresh temporary directory per test, and
// the sandbox: no path a guest names reaches (or creates) a file outside its directory.
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <sys/syscall.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <thread>

#include "wasi/abi.h"
#include "wasi/sandbox.h"
#include "wasi_harness.h"

namespace kiln::core::wasi::test {
namespace {

constexpr uint32_t E(Errno e) { return static_cast<uint32_t>(e); }

// The WAT signature of each function a test may call.
const std::map<std::string, std::string>& signatures() {
  static const std::map<std::string, std::string> m = {
      {"fd_advise", "(param i32 i64 i64 i32) (result i32)"},
      {"fd_allocate", "(param i32 i64 i64) (result i32)"},
      {"fd_close", "(param i32) (result i32)"},
      {"fd_datasync", "(param i32) (result i32)"},
      {"fd_fdstat_get", "(param i32 i32) (result i32)"},
      {"fd_fdstat_set_flags", "(param i32 i32) (result i32)"},
      {"fd_fdstat_set_rights", "(param i32 i64 i64) (result i32)"},
      {"fd_filestat_get", "(param i32 i32) (result i32)"},
      {"fd_filestat_set_size", "(param i32 i64) (result i32)"},
      {"fd_filestat_set_times", "(param i32 i64 i64 i32) (result i32)"},
      {"fd_pread", "(param i32 i32 i32 i64 i32) (result i32)"},
      {"fd_pwrite", "(param i32 i32 i32 i64 i32) (result i32)"},
      {"fd_read", "(param i32 i32 i32 i32) (result i32)"},
      {"fd_readdir", "(param i32 i32 i32 i64 i32) (result i32)"},
      {"fd_renumber", "(param i32 i32) (result i32)"},
      {"fd_seek", "(param i32 i64 i32 i32) (result i32)"},
      {"fd_sync", "(param i32) (result i32)"},
      {"fd_write", "(param i32 i32 i32 i32) (result i32)"},
      {"path_create_directory", "(param i32 i32 i32) (result i32)"},
      {"path_filestat_get", "(param i32 i32 i32 i32 i32) (result i32)"},
      {"path_filestat_set_times", "(param i32 i32 i32 i32 i64 i64 i32) (result i32)"},
      {"path_link", "(param i32 i32 i32 i32 i32 i32 i32) (result i32)"},
      {"path_open", "(param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)"},
      {"path_readlink", "(param i32 i32 i32 i32 i32 i32) (result i32)"},
      {"path_remove_directory", "(param i32 i32 i32) (result i32)"},
      {"path_rename", "(param i32 i32 i32 i32 i32 i32) (result i32)"},
      {"path_symlink", "(param i32 i32 i32 i32 i32) (result i32)"},
      {"path_unlink_file", "(param i32 i32 i32) (result i32)"},
  };
  return m;
}

// Builds a guest whose _start makes a list of calls, the errno of call i stored at 4 * i.
// Strings live from 0x4000 on; tests use 0x1000..0x3FFF for buffers.
class Program {
 public:
  // "(i32.const PTR) (i32.const LEN)" of `s`, placed in a data segment.
  std::string str(const std::string& s) {
    uint32_t at = next_;
    std::string esc;
    for (unsigned char c : s) {
      char b[4];
      std::snprintf(b, sizeof b, "\\%02x", c);
      esc += b;
    }
    data_ += "(data (i32.const " + std::to_string(at) + ") \"" + esc + "\")\n";
    next_ += static_cast<uint32_t>(s.size()) + 1;
    return "(i32.const " + std::to_string(at) + ") (i32.const " + std::to_string(s.size()) + ")";
  }
  // Calls `fn` with `args` (WAT operands); returns the address of its errno.
  uint32_t call(const std::string& fn, const std::string& args) {
    used_[fn] = true;
    uint32_t slot = 4 * count_++;
    body_ += "(i32.store (i32.const " + std::to_string(slot) + ") (call $" + fn + " " + args + "))\n";
    return slot;
  }
  // Raw code in _start.
  void code(const std::string& c) { body_ += c + "\n"; }
  std::string wat() const {
    std::string m = "(module\n";
    for (const auto& [fn, _] : used_) m += import(fn, signatures().at(fn));
    return m + "(memory (export \"memory\") 1)\n" + data_ + "(func (export \"_start\")\n" + body_ + "))\n";
  }

 private:
  std::map<std::string, bool> used_;
  std::string data_, body_;
  uint32_t next_ = 0x4000;
  uint32_t count_ = 0;
};

std::string i32(uint32_t v) { return "(i32.const " + std::to_string(v) + ")"; }
std::string i64(uint64_t v) { return "(i64.const " + std::to_string(static_cast<int64_t>(v)) + ")"; }

int remove_entry(const char* path, const struct stat*, int, struct FTW*) { return ::remove(path); }

// A fresh directory per test: ROOT/sandbox is the guest's preopen (descriptor 3), ROOT/outside
// a file it must never reach, ROOT/outdir a directory beside it.
class WasiFs : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kiln-fs-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    ASSERT_EQ(mkdir(sb("").c_str(), 0777), 0);
    ASSERT_EQ(mkdir((root_ + "/outdir").c_str(), 0777), 0);
    write_file(root_ + "/outside", "secret");
    write_file(root_ + "/outdir/file", "keep");
  }
  void TearDown() override { nftw(root_.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

  std::string sb(const std::string& rel) const { return root_ + "/sandbox" + (rel.empty() ? "" : "/" + rel); }
  static void write_file(const std::string& path, const std::string& text) {
    FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  static std::string read_file(const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return "<missing>";
    std::string s;
    char buf[256];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
    std::fclose(f);
    return s;
  }
  static bool exists(const std::string& path) {
    struct stat st;
    return lstat(path.c_str(), &st) == 0;
  }
  RunOutcome run(WasiHarness& h, const Program& p, const std::string& stdin_data = "") {
    WasiConfig c;
    c.preopens = {{sb(""), "/sandbox"}};
    return h.run(p.wat(), c, stdin_data);
  }
  // Operands of path_open(3, dirflags, path, oflags, base, inheriting, fdflags, result).
  static std::string open_args(Program& p, const std::string& path, uint32_t oflags, uint64_t rights,
                               uint32_t result, uint32_t fdflags = 0, uint32_t dirflags = 1) {
    return i32(3) + i32(dirflags) + p.str(path) + i32(oflags) + i64(rights) + i64(rights) + i32(fdflags) +
           i32(result);
  }

  std::string root_;
};

constexpr uint64_t kRw = kRightsFileBase;
constexpr uint64_t kRead = kRightsFileBase & ~kRightFdWrite;

TEST_F(WasiFs, FileDescriptorFunctions) {
  write_file(sb("f"), "0123456789");
  Program p;
  uint32_t open = p.call("path_open", open_args(p, "f", 0, kRw, 0x1000));
  p.code("(global.set $fd (i32.load (i32.const 0x1000)))");
  // pwrite "AB" at 3 through an iovec at 0x1100; pread 4 bytes at 2 into 0x1200.
  p.code("(i32.store (i32.const 0x1100) (i32.const 0x1110)) (i32.store (i32.const 0x1104) (i32.const 2))"
         "(i32.store16 (i32.const 0x1110) (i32.const 0x4241))"
         "(i32.store (i32.const 0x1120) (i32.const 0x1200)) (i32.store (i32.const 0x1124) (i32.const 4))");
  uint32_t pwrite = p.call("fd_pwrite", "(global.get $fd) (i32.const 0x1100) (i32.const 1) (i64.const 3) (i32.const 0x1130)");
  uint32_t pread = p.call("fd_pread", "(global.get $fd) (i32.const 0x1120) (i32.const 1) (i64.const 2) (i32.const 0x1134)");
  uint32_t tell = p.call("fd_seek", "(global.get $fd) (i64.const 0) (i32.const 1) (i32.const 0x1138)");
  uint32_t size = p.call("fd_filestat_set_size", "(global.get $fd) (i64.const 6)");
  uint32_t times = p.call("fd_filestat_set_times", "(global.get $fd) (i64.const 1000000001) (i64.const 2000000002) (i32.const 5)");
  uint32_t times_bad = p.call("fd_filestat_set_times", "(global.get $fd) (i64.const 0) (i64.const 0) (i32.const 3)");
  uint32_t times_bad2 = p.call("fd_filestat_set_times", "(global.get $fd) (i64.const 0) (i64.const 0) (i32.const 12)");
  uint32_t stat = p.call("fd_filestat_get", "(global.get $fd) (i32.const 0x1300)");
  uint32_t advise = p.call("fd_advise", "(global.get $fd) (i64.const 0) (i64.const 6) (i32.const 1)");
  uint32_t advise_bad = p.call("fd_advise", "(global.get $fd) (i64.const 0) (i64.const 6) (i32.const 6)");
  uint32_t alloc = p.call("fd_allocate", "(global.get $fd) (i64.const 0) (i64.const 100)");
  uint32_t alloc_zero = p.call("fd_allocate", "(global.get $fd) (i64.const 0) (i64.const 0)");
  uint32_t stat2 = p.call("fd_filestat_get", "(global.get $fd) (i32.const 0x1400)");
  uint32_t dsync = p.call("fd_datasync", "(global.get $fd)");
  uint32_t sync = p.call("fd_sync", "(global.get $fd)");
  uint32_t flags_dsync = p.call("fd_fdstat_set_flags", "(global.get $fd) (i32.const 2)");
  uint32_t flags = p.call("fd_fdstat_set_flags", "(global.get $fd) (i32.const 1)");
  uint32_t fdstat = p.call("fd_fdstat_get", "(global.get $fd) (i32.const 0x1500)");
  // "AB" written with fd_write now goes to the end (100 after fd_allocate).
  uint32_t write = p.call("fd_write", "(global.get $fd) (i32.const 0x1100) (i32.const 1) (i32.const 0x1140)");
  uint32_t drop = p.call("fd_fdstat_set_rights", "(global.get $fd) " + i64(kRw & ~kRightFdRead) + " (i64.const 0)");
  uint32_t regain = p.call("fd_fdstat_set_rights", "(global.get $fd) " + i64(kRw) + " (i64.const 0)");
  uint32_t read_denied = p.call("fd_pread", "(global.get $fd) (i32.const 0x1120) (i32.const 1) (i64.const 0) (i32.const 0x1134)");
  uint32_t renumber = p.call("fd_renumber", "(global.get $fd) (i32.const 3)");
  uint32_t old_closed = p.call("fd_sync", "(global.get $fd)");
  uint32_t moved = p.call("fd_filestat_get", "(i32.const 3) (i32.const 0x1600)");
  uint32_t renumber_bad = p.call("fd_renumber", "(i32.const 3) (i32.const 77)");
  uint32_t badf = p.call("fd_datasync", "(i32.const 77)");
  std::string w = p.wat();
  w.replace(w.find("(memory"), 0, "(global $fd (mut i32) (i32.const 0))\n");
  WasiHarness h;
  WasiConfig c;
  c.preopens = {{sb(""), "/sandbox"}};
  RunOutcome o = h.run(w, c);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(open), 0u);
  EXPECT_EQ(h.u32(0x1000), 4u);
  EXPECT_EQ(h.u32(pwrite), 0u);
  EXPECT_EQ(h.u32(0x1130), 2u);
  EXPECT_EQ(h.u32(pread), 0u);
  EXPECT_EQ(h.u32(0x1134), 4u);
  EXPECT_EQ(h.bytes(0x1200, 4), "2AB5");
  EXPECT_EQ(h.u32(tell), 0u);
  EXPECT_EQ(h.u64(0x1138), 0u);  // pread/pwrite leave the position alone
  EXPECT_EQ(h.u32(size), 0u);
  EXPECT_EQ(h.u32(times), 0u);
  EXPECT_EQ(h.u32(times_bad), E(Errno::Inval));
  EXPECT_EQ(h.u32(times_bad2), E(Errno::Inval));
  EXPECT_EQ(h.u32(stat), 0u);
  struct stat st;
  ASSERT_EQ(::stat(sb("f").c_str(), &st), 0);
  EXPECT_EQ(h.u64(0x1300), static_cast<uint64_t>(st.st_dev));
  EXPECT_EQ(h.u64(0x1308), static_cast<uint64_t>(st.st_ino));
  EXPECT_EQ(h.memory()[0x1310], static_cast<uint8_t>(FileType::RegularFile));
  EXPECT_EQ(h.u64(0x1318), 1u);            // nlink
  EXPECT_EQ(h.u64(0x1320), 6u);            // size after ftruncate
  EXPECT_EQ(h.u64(0x1328), 1000000001u);   // atim
  EXPECT_EQ(h.u64(0x1330), 2000000002u);   // mtim
  EXPECT_GT(h.u64(0x1338), 2000000002u);   // ctim: now
  EXPECT_EQ(h.u32(advise), 0u);
  EXPECT_EQ(h.u32(advise_bad), E(Errno::Inval));
  EXPECT_EQ(h.u32(alloc), 0u);
  EXPECT_EQ(h.u32(alloc_zero), E(Errno::Inval));
  EXPECT_EQ(h.u32(stat2), 0u);
  EXPECT_EQ(h.u64(0x1420), 100u);
  EXPECT_EQ(h.u32(dsync), 0u);
  EXPECT_EQ(h.u32(sync), 0u);
  EXPECT_EQ(h.u32(flags_dsync), E(Errno::Inval));
  EXPECT_EQ(h.u32(flags), 0u);
  EXPECT_EQ(h.u32(fdstat), 0u);
  EXPECT_EQ(h.memory()[0x1500], static_cast<uint8_t>(FileType::RegularFile));
  EXPECT_EQ(h.u32(0x1502) & 0xFFFF, kFdflagAppend);
  EXPECT_EQ(h.u64(0x1508), kRw);
  EXPECT_EQ(h.u32(write), 0u);
  EXPECT_EQ(h.u32(drop), 0u);
  EXPECT_EQ(h.u32(regain), E(Errno::NotCapable));
  EXPECT_EQ(h.u32(read_denied), E(Errno::NotCapable));
  EXPECT_EQ(h.u32(renumber), 0u);
  EXPECT_EQ(h.u32(old_closed), E(Errno::Badf));
  EXPECT_EQ(h.u32(moved), 0u);
  EXPECT_EQ(h.u64(0x1620), 102u);
  EXPECT_EQ(h.u32(renumber_bad), E(Errno::Badf));
  EXPECT_EQ(h.u32(badf), E(Errno::Badf));
  std::string content = read_file(sb("f"));
  EXPECT_EQ(content.size(), 102u);
  EXPECT_EQ(content.substr(0, 6), "012AB5");
  EXPECT_EQ(content.substr(6, 94), std::string(94, '\0'));
  EXPECT_EQ(content.substr(100), "AB");
}

TEST_F(WasiFs, PositionedIoOnPipesAndAppendFiles) {
  write_file(sb("log"), "0123456789");
  Program p;
  p.code("(i32.store (i32.const 0x1100) (i32.const 0x1110)) (i32.store (i32.const 0x1104) (i32.const 2))"
         "(i32.store16 (i32.const 0x1110) (i32.const 0x5958))");
  uint32_t pipe_read = p.call("fd_pread", "(i32.const 0) (i32.const 0x1100) (i32.const 1) (i64.const 0) (i32.const 0x1130)");
  uint32_t pipe_write = p.call("fd_pwrite", "(i32.const 1) (i32.const 0x1100) (i32.const 1) (i64.const 0) (i32.const 0x1130)");
  uint32_t open = p.call("path_open", open_args(p, "log", 0, kRw, 0x1000, kFdflagAppend));
  uint32_t pwrite = p.call("fd_pwrite", "(i32.const 4) (i32.const 0x1100) (i32.const 1) (i64.const 1) (i32.const 0x1134)");
  uint32_t write = p.call("fd_write", "(i32.const 4) (i32.const 0x1100) (i32.const 1) (i32.const 0x1138)");
  uint32_t read_only = p.call("path_open", open_args(p, "log", 0, kRead, 0x1004));
  uint32_t denied = p.call("fd_pwrite", "(i32.const 5) (i32.const 0x1100) (i32.const 1) (i64.const 0) (i32.const 0x1134)");
  uint32_t dir = p.call("fd_pread", "(i32.const 3) (i32.const 0x1100) (i32.const 1) (i64.const 0) (i32.const 0x1134)");
  WasiHarness h;
  RunOutcome o = run(h, p);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(pipe_read), E(Errno::Spipe));
  EXPECT_EQ(h.u32(pipe_write), E(Errno::Spipe));
  EXPECT_EQ(h.u32(open), 0u);
  EXPECT_EQ(h.u32(pwrite), 0u);
  EXPECT_EQ(h.u32(write), 0u);
  EXPECT_EQ(h.u32(read_only), 0u);
  EXPECT_EQ(h.u32(denied), E(Errno::NotCapable));
  EXPECT_EQ(h.u32(dir), E(Errno::NotCapable));  // a directory has no FD_READ
  EXPECT_EQ(read_file(sb("log")), "0XY3456789XY");  // pwrite at its offset, fd_write appends
}

TEST_F(WasiFs, PathFunctions) {
  write_file(sb("file"), "hello");
  ASSERT_EQ(mkdir(sb("full").c_str(), 0777), 0);
  write_file(sb("full/x"), "");
  Program p;
  uint32_t mkdir_ok = p.call("path_create_directory", i32(3) + p.str("d"));
  uint32_t mkdir_exist = p.call("path_create_directory", i32(3) + p.str("d"));
  uint32_t mkdir_noent = p.call("path_create_directory", i32(3) + p.str("no/d"));
  uint32_t mkdir_notdir = p.call("path_create_directory", i32(3) + p.str("file/d"));
  uint32_t create = p.call("path_open", open_args(p, "d/new", kOflagCreat | kOflagExcl, kRw, 0x1000));
  uint32_t excl = p.call("path_open", open_args(p, "d/new", kOflagCreat | kOflagExcl, kRw, 0x1004));
  uint32_t as_dir = p.call("path_open", open_args(p, "file", kOflagDirectory, kRead, 0x1004));
  uint32_t noent = p.call("path_open", open_args(p, "missing", 0, kRead, 0x1004));
  uint32_t open_dir = p.call("path_open", open_args(p, "d", kOflagDirectory, kRightsDirBase | kRightsFileBase, 0x1008));
  uint32_t dir_fdstat = p.call("fd_fdstat_get", "(i32.load (i32.const 0x1008)) (i32.const 0x1010)");
  uint32_t rel_open = p.call("path_open", "(i32.load (i32.const 0x1008)) (i32.const 1) " + p.str("new") +
                                              "(i32.const 0) " + i64(kRead) + i64(kRead) + "(i32.const 0) (i32.const 0x100c)");
  uint32_t path_on_file = p.call("path_create_directory", "(i32.load (i32.const 0x1000)) " + p.str("x"));
  uint32_t trunc = p.call("path_open", open_args(p, "file", kOflagTrunc, kRw, 0x1004));
  uint32_t stat_file = p.call("path_filestat_get", i32(3) + i32(0) + p.str("d/new") + i32(0x1100));
  uint32_t link = p.call("path_link", i32(3) + i32(0) + p.str("d/new") + i32(3) + p.str("hard"));
  uint32_t link_exist = p.call("path_link", i32(3) + i32(0) + p.str("d/new") + i32(3) + p.str("file"));
  uint32_t stat_link = p.call("path_filestat_get", i32(3) + i32(0) + p.str("hard") + i32(0x1140));
  uint32_t symlink = p.call("path_symlink", p.str("d/new") + i32(3) + p.str("sym"));
  uint32_t stat_nofollow = p.call("path_filestat_get", i32(3) + i32(0) + p.str("sym") + i32(0x1180));
  uint32_t stat_follow = p.call("path_filestat_get", i32(3) + i32(1) + p.str("sym") + i32(0x11c0));
  uint32_t readlink = p.call("path_readlink", i32(3) + p.str("sym") + "(i32.const 0x1200) (i32.const 64) (i32.const 0x1240)");
  uint32_t readlink_cut = p.call("path_readlink", i32(3) + p.str("sym") + "(i32.const 0x1250) (i32.const 3) (i32.const 0x1244)");
  uint32_t readlink_file = p.call("path_readlink", i32(3) + p.str("file") + "(i32.const 0x1250) (i32.const 3) (i32.const 0x1244)");
  uint32_t set_times = p.call("path_filestat_set_times", i32(3) + i32(1) + p.str("sym") + i64(5000000007) + i64(6000000008) + i32(kFstAtim | kFstMtim));
  uint32_t set_times_bad = p.call("path_filestat_set_times", i32(3) + i32(1) + p.str("sym") + i64(0) + i64(0) + i32(kFstMtim | kFstMtimNow));
  uint32_t rename = p.call("path_rename", i32(3) + p.str("hard") + i32(3) + p.str("d/renamed"));
  uint32_t rename_noent = p.call("path_rename", i32(3) + p.str("hard") + i32(3) + p.str("x"));
  uint32_t unlink_dir = p.call("path_unlink_file", i32(3) + p.str("d"));
  uint32_t rmdir_full = p.call("path_remove_directory", i32(3) + p.str("full"));
  uint32_t rmdir_file = p.call("path_remove_directory", i32(3) + p.str("file"));
  uint32_t unlink = p.call("path_unlink_file", i32(3) + p.str("full/x"));
  uint32_t rmdir = p.call("path_remove_directory", i32(3) + p.str("full"));
  uint32_t unlink_noent = p.call("path_unlink_file", i32(3) + p.str("full/x"));
  uint32_t fault = p.call("path_open", "(i32.const 3) (i32.const 0) (i32.const 65530) (i32.const 10) (i32.const 0) " +
                                          i64(kRead) + i64(kRead) + "(i32.const 0) (i32.const 0x1004)");
  uint32_t fault_result = p.call("path_open", open_args(p, "file", 0, kRead, 65534));
  uint32_t slash_file = p.call("path_filestat_get", i32(3) + i32(0) + p.str("file/") + i32(0x1100));
  uint32_t slash_dir = p.call("path_open", open_args(p, "d/", 0, kRead, 0x1004));
  uint32_t drop = p.call("fd_fdstat_set_rights", i32(3) + i64(kRightsDirBase & ~(kRightPathUnlinkFile | kRightPathCreateFile)) + i64(kRightsDirInheriting));
  uint32_t no_right = p.call("path_unlink_file", i32(3) + p.str("file"));
  uint32_t no_create = p.call("path_open", open_args(p, "created", kOflagCreat, kRw, 0x1004));
  uint32_t plain_open = p.call("path_open", open_args(p, "file", 0, kRw, 0x1004));
  uint32_t badf = p.call("path_unlink_file", i32(99) + p.str("file"));
  WasiHarness h;
  RunOutcome o = run(h, p);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(mkdir_ok), 0u);
  EXPECT_EQ(h.u32(mkdir_exist), E(Errno::Exist));
  EXPECT_EQ(h.u32(mkdir_noent), E(Errno::NoEnt));
  EXPECT_EQ(h.u32(mkdir_notdir), E(Errno::NotDir));
  EXPECT_EQ(h.u32(create), 0u);
  EXPECT_EQ(h.u32(0x1000), 4u);
  EXPECT_EQ(h.u32(excl), E(Errno::Exist));
  EXPECT_EQ(h.u32(as_dir), E(Errno::NotDir));
  EXPECT_EQ(h.u32(noent), E(Errno::NoEnt));
  EXPECT_EQ(h.u32(open_dir), 0u);
  EXPECT_EQ(h.u32(0x1008), 5u);
  EXPECT_EQ(h.u32(dir_fdstat), 0u);
  EXPECT_EQ(h.memory()[0x1010], static_cast<uint8_t>(FileType::Directory));
  EXPECT_EQ(h.u64(0x1018), kRightsDirBase);       // asked for more; a directory gets its own
  EXPECT_EQ(h.u64(0x1020), kRightsDirInheriting);
  EXPECT_EQ(h.u32(rel_open), 0u);
  EXPECT_EQ(h.u32(0x100c), 6u);
  EXPECT_EQ(h.u32(path_on_file), E(Errno::NotDir));
  EXPECT_EQ(h.u32(trunc), 0u);
  EXPECT_EQ(h.u32(stat_file), 0u);
  EXPECT_EQ(h.memory()[0x1110], static_cast<uint8_t>(FileType::RegularFile));
  EXPECT_EQ(h.u64(0x1120), 0u);
  EXPECT_EQ(h.u32(link), 0u);
  EXPECT_EQ(h.u32(link_exist), E(Errno::Exist));
  EXPECT_EQ(h.u32(stat_link), 0u);
  EXPECT_EQ(h.u64(0x1148), h.u64(0x1108));  // same inode
  EXPECT_EQ(h.u64(0x1158), 2u);             // nlink
  EXPECT_EQ(h.u32(symlink), 0u);
  EXPECT_EQ(h.u32(stat_nofollow), 0u);
  EXPECT_EQ(h.memory()[0x1190], static_cast<uint8_t>(FileType::SymbolicLink));
  EXPECT_EQ(h.u64(0x11a0), 5u);  // the link's size: its text "d/new"
  EXPECT_EQ(h.u32(stat_follow), 0u);
  EXPECT_EQ(h.memory()[0x11d0], static_cast<uint8_t>(FileType::RegularFile));
  EXPECT_EQ(h.u64(0x11c8), h.u64(0x1108));
  EXPECT_EQ(h.u32(readlink), 0u);
  EXPECT_EQ(h.u32(0x1240), 5u);
  EXPECT_EQ(h.bytes(0x1200, 5), "d/new");
  EXPECT_EQ(h.u32(readlink_cut), 0u);
  EXPECT_EQ(h.u32(0x1244), 3u);
  EXPECT_EQ(h.bytes(0x1250, 4), std::string("d/n\0", 4));
  EXPECT_EQ(h.u32(readlink_file), E(Errno::Inval));
  EXPECT_EQ(h.u32(set_times), 0u);
  EXPECT_EQ(h.u32(set_times_bad), E(Errno::Inval));
  EXPECT_EQ(h.u32(rename), 0u);
  EXPECT_EQ(h.u32(rename_noent), E(Errno::NoEnt));
  EXPECT_EQ(h.u32(unlink_dir), E(Errno::IsDir));
  EXPECT_EQ(h.u32(rmdir_full), E(Errno::NotEmpty));
  EXPECT_EQ(h.u32(rmdir_file), E(Errno::NotDir));
  EXPECT_EQ(h.u32(unlink), 0u);
  EXPECT_EQ(h.u32(rmdir), 0u);
  EXPECT_EQ(h.u32(unlink_noent), E(Errno::NoEnt));
  EXPECT_EQ(h.u32(drop), 0u);
  EXPECT_EQ(h.u32(no_right), E(Errno::NotCapable));
  EXPECT_EQ(h.u32(fault), E(Errno::Fault));
  EXPECT_EQ(h.u32(fault_result), E(Errno::Fault));
  EXPECT_EQ(h.u32(slash_file), E(Errno::NotDir));
  EXPECT_EQ(h.u32(slash_dir), 0u);
  EXPECT_EQ(h.u32(no_create), E(Errno::NotCapable));
  EXPECT_EQ(h.u32(plain_open), 0u);
  EXPECT_FALSE(exists(sb("created")));
  EXPECT_EQ(h.u32(badf), E(Errno::Badf));
  EXPECT_EQ(read_file(sb("file")), "");  // O_TRUNC
  struct stat st;
  ASSERT_EQ(::stat(sb("d/new").c_str(), &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 5);
  EXPECT_EQ(st.st_atim.tv_nsec, 7);
  EXPECT_EQ(st.st_mtim.tv_sec, 6);
  EXPECT_EQ(st.st_mtim.tv_nsec, 8);
  EXPECT_TRUE(exists(sb("d/renamed")));
  EXPECT_FALSE(exists(sb("hard")));
  EXPECT_FALSE(exists(sb("full")));
  EXPECT_TRUE(exists(sb("file")));
}

// A guest loop over fd_readdir with a 48-byte buffer: each complete entry's name goes to 0x2000
// followed by '\n', the next call resumes at the d_next of the last complete entry.
TEST_F(WasiFs, ReaddirResumesByCookie) {
  ASSERT_EQ(mkdir(sb("dir").c_str(), 0777), 0);
  for (const char* n : {"alpha", "b", "charlie-long-name", "d"}) write_file(sb(std::string("dir/") + n), "");
  ASSERT_EQ(mkdir(sb("dir/sub").c_str(), 0777), 0);
  Program p;
  uint32_t open = p.call("path_open", open_args(p, "dir", kOflagDirectory, kRightsDirBase, 0x1000));
  uint32_t whole = p.call("fd_readdir", "(i32.const 4) (i32.const 0x3000) (i32.const 0x400) (i64.const 0) (i32.const 0x1004)");
  uint32_t past_end = p.call("fd_readdir", "(i32.const 4) (i32.const 0x3000) (i32.const 0x20) (i64.const 7) (i32.const 0x1008)");
  uint32_t on_file = p.call("fd_readdir", "(i32.const 0) (i32.const 0x3000) (i32.const 0x20) (i64.const 0) (i32.const 0x1008)");
  p.code(R"(
  (block $done
    (loop $call
      (local.set $calls (i32.add (local.get $calls) (i32.const 1)))
      (br_if $done (i32.gt_u (local.get $calls) (i32.const 50)))
      (drop (call $fd_readdir (i32.const 4) (i32.const 0x1800) (i32.const 48) (local.get $cookie) (i32.const 0x100c)))
      (local.set $used (i32.load (i32.const 0x100c)))
      (local.set $off (i32.const 0))
      (block $next
        (loop $entry
          (br_if $next (i32.gt_u (i32.add (local.get $off) (i32.const 24)) (local.get $used)))
          (local.set $len (i32.load (i32.add (i32.const 0x1810) (local.get $off))))
          (br_if $next (i32.gt_u (i32.add (i32.add (local.get $off) (i32.const 24)) (local.get $len)) (local.get $used)))
          (memory.copy (i32.add (i32.const 0x2000) (local.get $out)) (i32.add (i32.const 0x1818) (local.get $off)) (local.get $len))
          (local.set $out (i32.add (local.get $out) (local.get $len)))
          (i32.store8 (i32.add (i32.const 0x2000) (local.get $out)) (i32.const 10))
          (local.set $out (i32.add (local.get $out) (i32.const 1)))
          (local.set $cookie (i64.load (i32.add (i32.const 0x1800) (local.get $off))))
          (local.set $off (i32.add (local.get $off) (i32.add (i32.const 24) (local.get $len))))
          (br $entry)))
      (br_if $call (i32.eq (local.get $used) (i32.const 48)))))
  (i32.store (i32.const 0x1010) (local.get $calls))
  (i32.store (i32.const 0x1014) (local.get $out)))");
  // Back to an earlier cookie (the stream is elsewhere: rewound and skipped).
  uint32_t again = p.call("fd_readdir", "(i32.const 4) (i32.const 0x3800) (i32.const 0x400) (i64.const 3) (i32.const 0x1018)");
  std::string w = p.wat();
  w.replace(w.find("(func (export \"_start\")") + 23, 0,
            " (local $calls i32) (local $used i32) (local $off i32) (local $len i32) (local $out i32) (local $cookie i64)");
  WasiHarness h;
  WasiConfig c;
  c.preopens = {{sb(""), "/sandbox"}};
  RunOutcome o = h.run(w, c);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(open), 0u);
  EXPECT_EQ(h.u32(whole), 0u);
  // 7 entries: 7 * 24 bytes of headers and 1+2+5+1+17+1+3 bytes of names.
  EXPECT_EQ(h.u32(0x1004), 7u * 24 + 30);
  EXPECT_EQ(h.u64(0x3000), 1u);  // "." first, d_next 1
  EXPECT_EQ(h.u32(0x3010), 1u);
  EXPECT_EQ(h.memory()[0x3014], static_cast<uint8_t>(FileType::Directory));
  EXPECT_EQ(h.bytes(0x3018, 1), ".");
  EXPECT_EQ(h.u64(0x3019), 2u);  // ".." next
  EXPECT_EQ(h.u32(0x3029), 2u);
  EXPECT_EQ(h.bytes(0x3031, 2), "..");
  EXPECT_EQ(h.u64(0x3033), 3u);
  EXPECT_EQ(h.u32(past_end), 0u);
  EXPECT_EQ(h.u32(0x1008), 0u);
  EXPECT_EQ(h.u32(on_file), E(Errno::NotCapable));
  // The looped read saw every entry once, in the order of the single big read.
  std::string names = h.bytes(0x2000, h.u32(0x1014));
  std::string expected;
  std::vector<uint32_t> sizes;
  uint32_t at = 0x3000;
  for (int i = 0; i < 7; ++i) {
    uint32_t len = h.u32(at + 16);
    sizes.push_back(24 + len);
    expected += h.bytes(at + 24, len) + "\n";
    if (h.bytes(at + 24, len) == "sub") {
      EXPECT_EQ(h.memory()[at + 20], static_cast<uint8_t>(FileType::Directory));
    }
    if (h.bytes(at + 24, len) == "alpha") {
      EXPECT_EQ(h.memory()[at + 20], static_cast<uint8_t>(FileType::RegularFile));
    }
    EXPECT_EQ(h.u64(at), static_cast<uint64_t>(i + 1));
    at += 24 + len;
  }
  EXPECT_EQ(names, expected);
  for (const char* n : {"alpha\n", "b\n", "charlie-long-name\n", "d\n", "sub\n"}) {
    EXPECT_NE(names.find(n), std::string::npos) << n;
  }
  // The calls the loop needs: each fills the 48 bytes (the last entry cut) until one is short.
  uint32_t calls = 0;
  for (size_t i = 0;;) {
    ++calls;
    uint32_t used = 0;
    size_t j = i;
    while (j < sizes.size() && used + sizes[j] <= 48) used += sizes[j++];
    for (size_t k = j; k < sizes.size() && used < 48; ++k) used = std::min<uint32_t>(48, used + sizes[k]);
    i = j;
    if (used < 48) break;
  }
  EXPECT_EQ(h.u32(0x1010), calls);
  EXPECT_EQ(h.u32(again), 0u);
  uint32_t skip = sizes[0] + sizes[1] + sizes[2];
  EXPECT_EQ(h.u32(0x1018), 7u * 24 + 30 - skip);
  EXPECT_EQ(h.bytes(0x3800, h.u32(0x1018)), h.bytes(0x3000 + skip, h.u32(0x1018)));
  EXPECT_GE(calls, 4u);
}

// The sandbox, with openat2 and with the component walk that replaces it where it is missing.
class WasiSandbox : public WasiFs, public ::testing::WithParamInterface<bool> {
 protected:
  void SetUp() override {
    WasiFs::SetUp();
    set_openat2_enabled(GetParam());
    write_file(sb("inside"), "in");
    ASSERT_EQ(mkdir(sb("sub").c_str(), 0777), 0);
    ASSERT_EQ(symlink("/etc/passwd", sb("passwd").c_str()), 0);
    ASSERT_EQ(symlink("../outside", sb("up").c_str()), 0);
    ASSERT_EQ(symlink("../../outside", sb("sub/deep").c_str()), 0);
    ASSERT_EQ(symlink("../sub/deep", sb("sub/chain1").c_str()), 0);
    ASSERT_EQ(symlink("sub/chain1", sb("chain").c_str()), 0);
    ASSERT_EQ(symlink("loop2", sb("loop1").c_str()), 0);
    ASSERT_EQ(symlink("loop1", sb("loop2").c_str()), 0);
    ASSERT_EQ(symlink("../outdir", sb("outlink").c_str()), 0);
    ASSERT_EQ(symlink("../inside", sb("sub/back").c_str()), 0);
    ASSERT_EQ(symlink("../new-outside", sb("dangling").c_str()), 0);
  }
  void TearDown() override {
    set_openat2_enabled(true);
    WasiFs::TearDown();
  }
};

TEST_P(WasiSandbox, EscapesFailWithNotCapable) {
  const uint32_t kNotCapable = E(Errno::NotCapable);
  std::string abs_outside = root_ + "/outside";
  Program p;
  std::vector<std::pair<std::string, uint32_t>> expect;
  auto check = [&](const std::string& what, uint32_t slot, Errno e) { expect.emplace_back(what + "=" + std::to_string(E(e)), slot); };
  for (const std::string& path : {abs_outside, std::string("../outside"), std::string("sub/../../outside"),
                                  std::string("passwd"), std::string("up"), std::string("chain"),
                                  std::string("outlink/file"), std::string("sub/deep"), std::string("..")}) {
    check("open " + path, p.call("path_open", open_args(p, path, 0, kRw, 0x1000)), Errno::NotCapable);
    check("stat " + path, p.call("path_filestat_get", i32(3) + i32(1) + p.str(path) + i32(0x1100)), Errno::NotCapable);
  }
  check("open dangling creat", p.call("path_open", open_args(p, "dangling", kOflagCreat, kRw, 0x1000)), Errno::NotCapable);
  check("open ../new creat", p.call("path_open", open_args(p, "../new-outside", kOflagCreat, kRw, 0x1000)), Errno::NotCapable);
  check("open trunc", p.call("path_open", open_args(p, "up", kOflagTrunc, kRw, 0x1000)), Errno::NotCapable);
  check("open outlink trunc", p.call("path_open", open_args(p, "outlink/file", kOflagTrunc, kRw, 0x1000)), Errno::NotCapable);
  check("mkdir ../x", p.call("path_create_directory", i32(3) + p.str("../new-outside")), Errno::NotCapable);
  check("mkdir outlink/x", p.call("path_create_directory", i32(3) + p.str("outlink/new")), Errno::NotCapable);
  check("mkdir abs", p.call("path_create_directory", i32(3) + p.str(root_ + "/new-outside")), Errno::NotCapable);
  check("unlink outlink/file", p.call("path_unlink_file", i32(3) + p.str("outlink/file")), Errno::NotCapable);
  check("unlink ../outside", p.call("path_unlink_file", i32(3) + p.str("../outside")), Errno::NotCapable);
  check("unlink abs", p.call("path_unlink_file", i32(3) + p.str(abs_outside)), Errno::NotCapable);
  check("rmdir ../outdir", p.call("path_remove_directory", i32(3) + p.str("../outdir")), Errno::NotCapable);
  check("rename out->in", p.call("path_rename", i32(3) + p.str("outlink/file") + i32(3) + p.str("stolen")), Errno::NotCapable);
  check("rename in->out", p.call("path_rename", i32(3) + p.str("inside") + i32(3) + p.str("../new-outside")), Errno::NotCapable);
  check("rename in->outlink", p.call("path_rename", i32(3) + p.str("inside") + i32(3) + p.str("outlink/file")), Errno::NotCapable);
  check("link follow up", p.call("path_link", i32(3) + i32(1) + p.str("up") + i32(3) + p.str("stolen")), Errno::NotCapable);
  check("link ../outside", p.call("path_link", i32(3) + i32(0) + p.str("../outside") + i32(3) + p.str("stolen")), Errno::NotCapable);
  check("link to outside", p.call("path_link", i32(3) + i32(0) + p.str("inside") + i32(3) + p.str("../new-outside")), Errno::NotCapable);
  check("symlink in outlink", p.call("path_symlink", p.str("x") + i32(3) + p.str("outlink/new")), Errno::NotCapable);
  check("times up", p.call("path_filestat_set_times", i32(3) + i32(1) + p.str("up") + i64(1) + i64(1) + i32(kFstAtim | kFstMtim)), Errno::NotCapable);
  check("readlink outlink", p.call("path_readlink", i32(3) + p.str("outlink/file") + "(i32.const 0x1200) (i32.const 64) (i32.const 0x1240)"), Errno::NotCapable);
  check("loop", p.call("path_open", open_args(p, "loop1", 0, kRw, 0x1000)), Errno::Loop);
  check("loop stat", p.call("path_filestat_get", i32(3) + i32(1) + p.str("loop1/x") + i32(0x1100)), Errno::Loop);
  check("nofollow", p.call("path_open", open_args(p, "up", 0, kRw, 0x1000, 0, 0)), Errno::Loop);
  check("nul", p.call("path_open", open_args(p, std::string("inside\0x", 8), 0, kRw, 0x1000)), Errno::Inval);
  check("utf8", p.call("path_open", open_args(p, "bad\xff", 0, kRw, 0x1000)), Errno::Ilseq);
  check("empty", p.call("path_open", open_args(p, "", 0, kRw, 0x1000)), Errno::NoEnt);
  // What stays allowed: links and `..` that stay inside, the escaping link itself.
  check("back", p.call("path_open", open_args(p, "sub/back", 0, kRead, 0x1000)), Errno::Success);
  check("dotdot inside", p.call("path_open", open_args(p, "sub/../inside", 0, kRead, 0x1000)), Errno::Success);
  check("lstat up", p.call("path_filestat_get", i32(3) + i32(0) + p.str("up") + i32(0x1100)), Errno::Success);
  check("readlink passwd", p.call("path_readlink", i32(3) + p.str("passwd") + "(i32.const 0x1200) (i32.const 64) (i32.const 0x1240)"), Errno::Success);
  check("abs symlink", p.call("path_symlink", p.str(abs_outside) + i32(3) + p.str("abs")), Errno::Success);
  check("open abs", p.call("path_open", open_args(p, "abs", 0, kRw, 0x1000)), Errno::NotCapable);
  check("unlink up", p.call("path_unlink_file", i32(3) + p.str("up")), Errno::Success);
  WasiHarness h;
  RunOutcome o = run(h, p);
  ASSERT_TRUE(o.ok) << o.error;
  for (const auto& [what, slot] : expect) {
    std::string want = what.substr(what.rfind('=') + 1);
    EXPECT_EQ(std::to_string(h.u32(slot)), want) << what.substr(0, what.rfind('=')) << " (openat2 " << GetParam() << ")";
  }
  (void)kNotCapable;
  EXPECT_EQ(h.bytes(0x1200, 11), "/etc/passwd");
  EXPECT_EQ(read_file(root_ + "/outside"), "secret");
  EXPECT_EQ(read_file(root_ + "/outdir/file"), "keep");
  EXPECT_FALSE(exists(root_ + "/new-outside"));
  EXPECT_FALSE(exists(root_ + "/outdir/new"));
  EXPECT_FALSE(exists(sb("stolen")));
  EXPECT_TRUE(exists(sb("inside")));
  EXPECT_FALSE(exists(sb("up")));         // the link itself was removed, its target kept
  EXPECT_TRUE(exists(sb("abs")));
}

// A directory and an escaping link swap places (renameat2 RENAME_EXCHANGE) all the while the
// guest creates, truncates and removes files through that name: the file outside stays as it was.
TEST_P(WasiSandbox, SwappedInLinkDoesNotEscape) {
  ASSERT_EQ(mkdir(sb("flip").c_str(), 0777), 0);
  ASSERT_EQ(symlink("../outdir", sb("other").c_str()), 0);
  Program p;
  std::string open = open_args(p, "flip/file", kOflagCreat | kOflagTrunc, kRw, 0x1000);
  std::string unlink = i32(3) + p.str("flip/file");
  std::string stat = i32(3) + i32(1) + p.str("flip/file") + i32(0x1100);
  // At least 3000 rounds, and on until both outcomes have been seen (the swapper thread may
  // be descheduled for a while on a loaded machine), at most a million.
  p.code("(block $done (loop $again"
         " (br_if $done (i32.ge_u (local.get $i) (i32.const 1000000)))"
         " (br_if $done (i32.and (i32.ge_u (local.get $i) (i32.const 3000))"
         "   (i32.and (i32.ne (i32.load (i32.const 0x1010)) (i32.const 0))"
         "            (i32.ne (i32.load (i32.const 0x1014)) (i32.const 0)))))"
         " (if (i32.eqz (call $path_open " + open + ")) (then"
         "   (i32.store (i32.const 0x1010) (i32.add (i32.load (i32.const 0x1010)) (i32.const 1)))"
         "   (drop (call $fd_close (i32.load (i32.const 0x1000)))))"
         "  (else (i32.store (i32.const 0x1014) (i32.add (i32.load (i32.const 0x1014)) (i32.const 1)))))"
         " (drop (call $path_filestat_get " + stat + "))"
         " (drop (call $path_unlink_file " + unlink + "))"
         " (local.set $i (i32.add (local.get $i) (i32.const 1)))"
         " (br $again)))");
  p.call("fd_close", i32(99));  // imports fd_close
  p.call("path_open", open);
  p.call("path_unlink_file", unlink);
  p.call("path_filestat_get", stat);
  std::string w = p.wat();
  w.replace(w.find("(func (export \"_start\")") + 23, 0, " (local $i i32)");
  std::atomic<bool> stop{false};
  std::atomic<int> swaps{0};
  std::thread swapper([&] {
    while (!stop) {
      if (syscall(SYS_renameat2, AT_FDCWD, sb("flip").c_str(), AT_FDCWD, sb("other").c_str(), RENAME_EXCHANGE) == 0) ++swaps;
    }
  });
  // The race must be on while the guest runs, even when the machine is slow to schedule the
  // swapper: start the guest after its first swaps.
  while (swaps < 2) std::this_thread::yield();
  WasiHarness h;
  WasiConfig c;
  c.preopens = {{sb(""), "/sandbox"}};
  RunOutcome o = h.run(w, c);
  stop = true;
  swapper.join();
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_GT(swaps.load(), 2);
  EXPECT_GT(h.u32(0x1010), 0u);  // some opens went to the directory inside
  EXPECT_GT(h.u32(0x1014), 0u);  // and some were refused through the escaping link
  EXPECT_EQ(read_file(root_ + "/outdir/file"), "keep");
}

INSTANTIATE_TEST_SUITE_P(Resolution, WasiSandbox, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool>& i) { return i.param ? "Openat2" : "Walk"; });

}  // namespace
}  // namespace kiln::core::wasi::test
