// WASI preview 1: arguments, environment, clocks, random bytes, standard streams, proc_exit
// and the descriptor basics, each through a small module.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>

#include "wasi/abi.h"
#include "wasi_harness.h"

namespace kiln::core::wasi::test {
namespace {

constexpr uint32_t kFault = static_cast<uint32_t>(Errno::Fault);
constexpr uint32_t kBadf = static_cast<uint32_t>(Errno::Badf);
constexpr uint32_t kInval = static_cast<uint32_t>(Errno::Inval);

TEST(WasiCore, ArgsAndEnvironment) {
  std::string wat = "(module\n" + import("args_sizes_get", "(param i32 i32) (result i32)") +
                    import("args_get", "(param i32 i32) (result i32)") +
                    import("environ_sizes_get", "(param i32 i32) (result i32)") +
                    import("environ_get", "(param i32 i32) (result i32)") + R"(
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (call $args_sizes_get (i32.const 8) (i32.const 12)))
    (i32.store (i32.const 4) (call $args_get (i32.const 100) (i32.const 200)))
    (i32.store (i32.const 16) (call $environ_sizes_get (i32.const 24) (i32.const 28)))
    (i32.store (i32.const 20) (call $environ_get (i32.const 300) (i32.const 400)))
    ;; a pointer table past the end of memory
    (i32.store (i32.const 32) (call $args_get (i32.const 65534) (i32.const 200)))))
)";
  WasiHarness h;
  WasiConfig c;
  c.args = {"prog", "one", ""};
  c.env = {"A=1", "LONGER=hello"};
  RunOutcome o = h.run(wat, c);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(4), 0u);
  EXPECT_EQ(h.u32(8), 3u);               // argc
  EXPECT_EQ(h.u32(12), 5u + 4u + 1u);    // "prog\0one\0\0"
  EXPECT_EQ(h.u32(100), 200u);
  EXPECT_EQ(h.u32(104), 205u);
  EXPECT_EQ(h.u32(108), 209u);
  EXPECT_EQ(h.bytes(200, 10), std::string("prog\0one\0\0", 10));
  EXPECT_EQ(h.u32(24), 2u);
  EXPECT_EQ(h.u32(28), 4u + 13u);
  EXPECT_EQ(h.u32(300), 400u);
  EXPECT_EQ(h.u32(304), 404u);
  EXPECT_EQ(h.bytes(400, 17), std::string("A=1\0LONGER=hello\0", 17));
  EXPECT_EQ(h.u32(32), kFault);
}

TEST(WasiCore, ClocksAndResolution) {
  std::string wat = "(module\n" + import("clock_time_get", "(param i32 i64 i32) (result i32)") +
                    import("clock_res_get", "(param i32 i32) (result i32)") + R"(
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 100)))
    (i32.store (i32.const 4) (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 108)))
    (i32.store (i32.const 8) (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 116)))
    (i32.store (i32.const 12) (call $clock_time_get (i32.const 2) (i64.const 1) (i32.const 124)))
    (i32.store (i32.const 16) (call $clock_time_get (i32.const 3) (i64.const 1) (i32.const 132)))
    (i32.store (i32.const 20) (call $clock_res_get (i32.const 1) (i32.const 140)))
    (i32.store (i32.const 24) (call $clock_time_get (i32.const 4) (i64.const 1) (i32.const 148)))
    (i32.store (i32.const 28) (call $clock_res_get (i32.const 0) (i32.const 65535)))))
)";
  WasiHarness h;
  time_t before = time(nullptr);
  RunOutcome o = h.run(wat, {});
  time_t after = time(nullptr);
  ASSERT_TRUE(o.ok) << o.error;
  for (uint32_t at = 0; at <= 20; at += 4) EXPECT_EQ(h.u32(at), 0u) << at;
  uint64_t realtime_s = h.u64(100) / 1000000000ull;
  EXPECT_GE(realtime_s, static_cast<uint64_t>(before));
  EXPECT_LE(realtime_s, static_cast<uint64_t>(after));
  EXPECT_GT(h.u64(108), 0u);
  EXPECT_GE(h.u64(116), h.u64(108));  // monotonic
  EXPECT_GT(h.u64(124), 0u);          // process CPU time is never zero once we ran
  EXPECT_GE(h.u64(140), 1u);
  EXPECT_LE(h.u64(140), 1000000u);    // at least millisecond resolution
  EXPECT_EQ(h.u32(24), kInval);       // no clock 4
  EXPECT_EQ(h.u32(28), kFault);
}

TEST(WasiCore, RandomBytesDifferAndStayInBounds) {
  std::string wat = "(module\n" + import("random_get", "(param i32 i32) (result i32)") + R"(
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (call $random_get (i32.const 100) (i32.const 64)))
    (i32.store (i32.const 4) (call $random_get (i32.const 200) (i32.const 64)))
    (i32.store (i32.const 8) (call $random_get (i32.const 65500) (i32.const 64)))
    (i32.store (i32.const 12) (call $random_get (i32.const 65536) (i32.const 0)))))
)";
  WasiHarness h;
  RunOutcome o = h.run(wat, {});
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(4), 0u);
  EXPECT_EQ(h.u32(8), kFault);
  EXPECT_EQ(h.u32(12), 0u);  // an empty buffer at the very end is in bounds
  EXPECT_NE(h.bytes(100, 64), h.bytes(200, 64));
  EXPECT_NE(h.bytes(100, 64), std::string(64, '\0'));
}

TEST(WasiCore, StandardStreamsAndExitCode) {
  std::string wat = "(module\n" + import("fd_write", "(param i32 i32 i32 i32) (result i32)") +
                    import("fd_read", "(param i32 i32 i32 i32) (result i32)") +
                    import("proc_exit", "(param i32)") + R"(
  (memory (export "memory") 1)
  (data (i32.const 200) "out:")
  (data (i32.const 210) "err\n")
  (func (export "_start")
    ;; read up to 16 bytes of stdin to 220
    (i32.store (i32.const 0) (i32.const 220))
    (i32.store (i32.const 4) (i32.const 16))
    (i32.store (i32.const 100) (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 104)))
    ;; write "out:" then what was read (two iovecs) to stdout
    (i32.store (i32.const 0) (i32.const 200))
    (i32.store (i32.const 4) (i32.const 4))
    (i32.store (i32.const 8) (i32.const 220))
    (i32.store (i32.const 12) (i32.load (i32.const 104)))
    (i32.store (i32.const 108) (call $fd_write (i32.const 1) (i32.const 0) (i32.const 2) (i32.const 112)))
    (i32.store (i32.const 16) (i32.const 210))
    (i32.store (i32.const 20) (i32.const 4))
    (drop (call $fd_write (i32.const 2) (i32.const 16) (i32.const 1) (i32.const 116)))
    ;; errors: a closed descriptor, an iovec outside memory, a result pointer outside memory
    (i32.store (i32.const 120) (call $fd_write (i32.const 9) (i32.const 0) (i32.const 1) (i32.const 116)))
    (i32.store (i32.const 124) (call $fd_write (i32.const 1) (i32.const 65532) (i32.const 1) (i32.const 116)))
    (i32.store (i32.const 128) (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 65533)))
    (call $proc_exit (i32.const 42))
    unreachable))
)";
  WasiHarness h;
  RunOutcome o = h.run(wat, {}, "hello\n");
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.error, "");
  ASSERT_TRUE(o.exit_code.has_value());
  EXPECT_EQ(*o.exit_code, 42u);
  EXPECT_EQ(o.out, "out:hello\n");
  EXPECT_EQ(o.err, "err\n");
  EXPECT_EQ(h.u32(100), 0u);
  EXPECT_EQ(h.u32(104), 6u);
  EXPECT_EQ(h.u32(108), 0u);
  EXPECT_EQ(h.u32(112), 10u);
  EXPECT_EQ(h.u32(120), kBadf);
  EXPECT_EQ(h.u32(124), kFault);
  EXPECT_EQ(h.u32(128), kFault);
}

TEST(WasiCore, PreopensAndDescriptorStatus) {
  std::string wat = "(module\n" + import("fd_prestat_get", "(param i32 i32) (result i32)") +
                    import("fd_prestat_dir_name", "(param i32 i32 i32) (result i32)") +
                    import("fd_fdstat_get", "(param i32 i32) (result i32)") +
                    import("fd_close", "(param i32) (result i32)") + R"(
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (call $fd_prestat_get (i32.const 3) (i32.const 100)))
    (i32.store (i32.const 4) (call $fd_prestat_dir_name (i32.const 3) (i32.const 200) (i32.const 8)))
    (i32.store (i32.const 8) (call $fd_prestat_get (i32.const 4) (i32.const 100)))
    (i32.store (i32.const 12) (call $fd_prestat_get (i32.const 1) (i32.const 100)))
    (i32.store (i32.const 16) (call $fd_prestat_dir_name (i32.const 3) (i32.const 200) (i32.const 7)))
    (i32.store (i32.const 20) (call $fd_fdstat_get (i32.const 3) (i32.const 300)))
    (i32.store (i32.const 24) (call $fd_close (i32.const 3)))
    (i32.store (i32.const 28) (call $fd_close (i32.const 3)))
    (i32.store (i32.const 32) (call $fd_fdstat_get (i32.const 3) (i32.const 300)))))
)";
  WasiHarness h;
  WasiConfig c;
  c.preopens = {{"/tmp", "/sandbox"}};
  RunOutcome o = h.run(wat, c);
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(100), kPreopenTypeDir);
  EXPECT_EQ(h.u32(104), 8u);
  EXPECT_EQ(h.u32(4), 0u);
  EXPECT_EQ(h.bytes(200, 8), "/sandbox");
  EXPECT_EQ(h.u32(8), kBadf);   // the scan of preopens ends at the first closed descriptor
  EXPECT_EQ(h.u32(12), kBadf);  // stdout is not a preopen
  EXPECT_EQ(h.u32(16), static_cast<uint32_t>(Errno::NameTooLong));
  EXPECT_EQ(h.u32(20), 0u);
  EXPECT_EQ(h.memory()[300], static_cast<uint8_t>(FileType::Directory));
  EXPECT_EQ(h.u64(308), kRightsDirBase);
  EXPECT_EQ(h.u64(316), kRightsDirInheriting);
  EXPECT_EQ(h.u32(24), 0u);
  EXPECT_EQ(h.u32(28), kBadf);
  EXPECT_EQ(h.u32(32), kBadf);
}

TEST(WasiCore, MissingPreopenIsAnError) {
  WasiConfig c;
  c.preopens = {{"/nonexistent/kiln-test", "/x"}};
  auto ctx = WasiContext::create(c);
  ASSERT_FALSE(ctx.ok());
  EXPECT_EQ(ctx.error().message, "cannot open directory '/nonexistent/kiln-test': No such file or directory");
  EXPECT_EQ(ctx.error().kind, ErrorKind::Io);
}

TEST(WasiCore, ProcRaiseAndSchedYield) {
  std::string wat = "(module\n" + import("proc_raise", "(param i32) (result i32)") +
                    import("sched_yield", "(result i32)") + R"(
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (call $proc_raise (i32.const 0)))
    (i32.store (i32.const 4) (call $proc_raise (i32.const 6)))
    (i32.store (i32.const 8) (call $proc_raise (i32.const 31)))
    (i32.store (i32.const 12) (call $sched_yield))))
)";
  WasiHarness h;
  RunOutcome o = h.run(wat, {});
  ASSERT_TRUE(o.ok) << o.error;
  EXPECT_EQ(h.u32(0), 0u);
  EXPECT_EQ(h.u32(4), static_cast<uint32_t>(Errno::NotSup));
  EXPECT_EQ(h.u32(8), kInval);
  EXPECT_EQ(h.u32(12), 0u);
}

TEST(WasiCore, WithoutMemoryEveryAccessFaults) {
  std::string wat = "(module\n" + import("args_sizes_get", "(param i32 i32) (result i32)") + R"(
  (global (export "result") (mut i32) (i32.const -1))
  (memory 1)
  (func (export "_start") (global.set 0 (call $args_sizes_get (i32.const 0) (i32.const 4)))))
)";
  // The harness reads memory through the "memory" export; here the test only checks the run.
  auto m = text::parse_module(wat, Features());
  ASSERT_TRUE(m.ok());
  auto compiled = interp::compile(std::move(*m), Features());
  ASSERT_TRUE(compiled.ok());
  rt::Store store;
  auto ctx = WasiContext::create({});
  ASSERT_TRUE(ctx.ok());
  rt::Linker linker;
  linker.define("wasi_snapshot_preview1", make_host_module(store, **ctx));
  auto imports = linker.resolve((*compiled)->module);
  ASSERT_TRUE(imports.ok());
  auto inst = rt::instantiate(store, *compiled, *imports);
  ASSERT_TRUE(inst.ok());
  (*ctx)->bind(**inst);
  ASSERT_TRUE(interp::invoke(store, (*inst)->exports.at("_start").func(), nullptr, nullptr).ok());
  EXPECT_EQ((*inst)->exports.at("result").global()->value[0], kFault);
}

}  // namespace
}  // namespace kiln::core::wasi::test

namespace kiln::core::wasi::test {
namespace {

// Every function of wasi_snapshot_preview1 (the witx of WASI's legacy/preview1), each once.
TEST(WasiCore, EveryPreview1FunctionIsProvided) {
  const std::vector<std::string> preview1 = {
      "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
      "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
      "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
      "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek",
      "fd_sync", "fd_tell", "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
      "path_link", "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
      "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get", "sock_accept",
      "sock_recv", "sock_send", "sock_shutdown"};
  ASSERT_EQ(preview1.size(), 46u);
  std::vector<std::string> provided = function_names();
  std::sort(provided.begin(), provided.end());
  std::vector<std::string> expected = preview1;
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(provided, expected);
  rt::Store store;
  auto ctx = WasiContext::create({});
  ASSERT_TRUE(ctx.ok());
  rt::ExportMap m = make_host_module(store, **ctx);
  EXPECT_EQ(m.size(), 46u);
  for (const std::string& name : preview1) EXPECT_EQ(m.count(name), 1u) << name;
}

}  // namespace
}  // namespace kiln::core::wasi::test
