// Byte parity with wabt: every text module of the files of sets/wasm2.txt (outside
// assert_malformed / assert_invalid) is encoded by us (parse_script + write_module) and by
// Debian's `wat2wasm` (package wabt, 1.0.32), plain and with --debug-names, and the two
// binaries must be identical, except where listed in wabt_parity_allow.txt (a module
// wabt cannot parse, or a difference in the bytes; each reason explained in
// docs/wabt-differences.md). Skips when `wat2wasm` is not installed.
//
// Set KILN_PARITY_REPORT=1 to print every module skipped or allowed, and
// KILN_PARITY_DUMP=DIR to keep the source and both binaries of each difference in DIR.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "binary/writer.h"
#include "suite_modules.h"
#include "text/lexer.h"
#include "text/parser.h"
#include "text/script_parser.h"

#ifndef KILN_TESTSUITE_DIR
#define KILN_TESTSUITE_DIR "../shared/testsuite"
#endif
#ifndef KILN_PARITY_ALLOW
#define KILN_PARITY_ALLOW "wabt_parity_allow.txt"
#endif

extern char** environ;

namespace kiln::core::text {
namespace {

namespace fs = std::filesystem;

// The features of the wasm2 set that wabt 1.0.32 does not enable by default: several
// memories. --no-check: wabt's validator lags the spec in places (e.g. it rejects
// some valid uses of typed select and of table initialisers), and validity is not what
// is compared here: every module compared is valid, the runner checks that.
const std::vector<std::string> kWabtFlags = {"--enable-multi-memory", "--enable-annotations", "--no-check"};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::optional<std::string> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    fs::path p = fs::path(dir) / name;
    if (access(p.c_str(), X_OK) == 0) return p.string();
  }
  return std::nullopt;
}

// Runs `argv` with stdout and stderr to `log`; its exit status (-1 if it did not exit).
int run(const std::vector<std::string>& argv, const std::string& log) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Allowed differences: lines "FILE:LINE MODE REASON" with MODE `plain`, `names`
// (with --debug-names) or `rejected` (wabt cannot encode the module at all), and REASON
// the tag of a section of docs/wabt-differences.md. Reason `labels` is checked: the
// binaries must be identical once our label names are left out.
std::map<std::string, std::string> read_allow_list(const fs::path& p) {
  std::map<std::string, std::string> out;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string where, mode, reason;
    ls >> where >> mode >> reason;
    out[where + " " + mode] = reason;
  }
  return out;
}

uint32_t read_leb(const std::vector<uint8_t>& b, size_t& i) {
  uint32_t v = 0;
  for (int shift = 0; i < b.size() && shift < 35; shift += 7) {
    uint8_t x = b[i++];
    v |= static_cast<uint32_t>(x & 0x7F) << shift;
    if (!(x & 0x80)) break;
  }
  return v;
}

void put_leb(std::vector<uint8_t>& out, uint32_t v) {
  do {
    uint8_t x = v & 0x7F;
    v >>= 7;
    out.push_back(v ? x | 0x80 : x);
  } while (v);
}

// `bytes` without the label names (subsection 3) of its name section, which wabt 1.0.32
// does not write (the "labels" reason of the allow-list).
std::vector<uint8_t> without_label_names(const std::vector<uint8_t>& bytes) {
  std::vector<uint8_t> out(bytes.begin(), bytes.begin() + std::min<size_t>(8, bytes.size()));
  size_t i = 8;
  while (i < bytes.size()) {
    size_t start = i;
    uint8_t id = bytes[i++];
    uint32_t size = read_leb(bytes, i);
    size_t end = std::min(bytes.size(), i + size);
    size_t j = i;
    uint32_t name_len = id == 0 ? read_leb(bytes, j) : 0;
    bool is_name = id == 0 && j + name_len <= end && std::string(bytes.begin() + j, bytes.begin() + j + name_len) == "name";
    if (!is_name) {
      out.insert(out.end(), bytes.begin() + start, bytes.begin() + end);
      i = end;
      continue;
    }
    std::vector<uint8_t> payload(bytes.begin() + i, bytes.begin() + j + name_len);
    j += name_len;
    while (j < end) {
      size_t sub = j;
      uint8_t sid = bytes[j++];
      uint32_t n = read_leb(bytes, j);
      j = std::min(end, j + n);
      if (sid != 3) payload.insert(payload.end(), bytes.begin() + sub, bytes.begin() + j);
    }
    out.push_back(0);
    put_leb(out, static_cast<uint32_t>(payload.size()));
    out.insert(out.end(), payload.begin(), payload.end());
    i = end;
  }
  return out;
}

std::string first_difference(const std::vector<uint8_t>& ours, const std::vector<uint8_t>& theirs) {
  size_t i = 0;
  while (i < ours.size() && i < theirs.size() && ours[i] == theirs[i]) ++i;
  char buf[160];
  std::snprintf(buf, sizeof buf, "sizes %zu (kiln) vs %zu (wabt), first difference at byte 0x%zx: %s vs %s",
                ours.size(), theirs.size(), i,
                i < ours.size() ? std::to_string(ours[i]).c_str() : "end",
                i < theirs.size() ? std::to_string(theirs[i]).c_str() : "end");
  return buf;
}

// One module to compare: where it is, its source for wabt, and what we parsed from it.
struct Case {
  std::string where;  // file:line
  std::string text;
  std::shared_ptr<const Module> module;
};

// The modules of a script worth comparing: text modules outside assert_malformed
// (those of assert_invalid too: both tools encode them, --no-check for wabt), and quote
// modules outside assert_malformed.
std::vector<Case> cases_of(const std::string& file, std::string_view src, const Script& script) {
  std::vector<Case> out;
  std::vector<ModuleSpan> spans = module_spans(src);
  size_t next_span = 0;
  for (const Command& c : script.commands) {
    if (!c.has_module || c.kind == Command::Kind::AssertMalformed) continue;
    uint32_t line = c.module.line;
    std::string where = file + ":" + std::to_string(line);
    if (c.module.form == ScriptModule::Form::Quote) {
      auto m = parse_module(c.module.quote, Features::all());
      if (m.ok()) out.push_back({where, c.module.quote, std::make_shared<Module>(std::move(*m))});
      continue;  // a quote that does not parse is SuiteParse's failure
    }
    if (c.module.form != ScriptModule::Form::Text) continue;
    while (next_span < spans.size() && spans[next_span].line < line) ++next_span;
    if (spans.empty() && script.commands.size() == 1) {  // a script of bare module fields
      out.push_back({where, std::string(src), c.module.module});
      continue;
    }
    if (next_span == spans.size() || spans[next_span].line != line) {
      ADD_FAILURE() << where << ": module source not found";
      continue;
    }
    out.push_back({where, spans[next_span++].text, c.module.module});
  }
  return out;
}

// Encodings fixed to match wat2wasm, checked without wabt: an empty `else` is not
// written (as the reference interpreter's encoder does too).
TEST(WabtParity, EmptyElseIsNotEncoded) {
  using Bytes = std::vector<uint8_t>;
  for (const char* src : {"(func (if (i32.const 0) (then) (else)))", "(func i32.const 0 if else end)",
                          "(func i32.const 0 if $l else $l end $l)"}) {
    auto m = parse_module(src, Features::all());
    ASSERT_TRUE(m.ok()) << src << ": " << m.error().message;
    EXPECT_EQ(m->funcs.at(0).body.code, (Bytes{0x41, 0x00, 0x04, 0x40, 0x0B, 0x0B})) << src;
  }
  auto m = parse_module("(func (if (i32.const 0) (then) (else nop)))", Features::all());
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->funcs.at(0).body.code, (Bytes{0x41, 0x00, 0x04, 0x40, 0x05, 0x01, 0x0B, 0x0B}));
}

TEST(WabtParity, Wasm2TextModulesEncodeLikeWabt) {
  fs::path root = KILN_TESTSUITE_DIR;
  if (!fs::exists(root / "sets" / "wasm2.txt")) GTEST_SKIP() << "no test suite at " << root;
  auto wat2wasm = find_program("wat2wasm");
  if (!wat2wasm) GTEST_SKIP() << "wat2wasm (Debian package wabt) is not installed";
  bool report = std::getenv("KILN_PARITY_REPORT") != nullptr;
  const char* dump = std::getenv("KILN_PARITY_DUMP");
  std::map<std::string, std::string> allowed = read_allow_list(KILN_PARITY_ALLOW);
  std::set<std::string> seen_allowed;

  char tmpl[] = "/tmp/kiln-parity-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  fs::path tmp = tmpl;
  std::string in = (tmp / "m.wat").string(), out = (tmp / "m.wasm").string(), log = (tmp / "log").string();

  std::vector<std::string> files;
  {
    std::ifstream list(root / "sets" / "wasm2.txt");
    std::string line;
    while (std::getline(list, line)) {
      if (!line.empty()) files.push_back(line);
    }
  }
  size_t compared = 0, identical = 0, wabt_failed = 0, allowed_diffs = 0;
  for (const std::string& file : files) {
    std::string src = read_file(root / file);
    auto script = parse_script(src, file, Features::all());
    ASSERT_TRUE(script.ok()) << file << ": " << script.error().message;
    for (const Case& c : cases_of(file, src, *script)) {
      std::ofstream(in, std::ios::binary) << c.text;
      for (bool names : {false, true}) {
        std::vector<std::string> argv = {*wat2wasm, in, "-o", out};
        argv.insert(argv.end(), kWabtFlags.begin(), kWabtFlags.end());
        if (names) argv.push_back("--debug-names");
        std::string key = c.where + (names ? " names" : " plain");
        fs::remove(out);
        if (run(argv, log) != 0) {
          std::string rejected = c.where + " rejected";
          if (allowed.count(rejected)) {
            seen_allowed.insert(rejected);
            ++wabt_failed;
            if (report) std::cout << "[ wabt fails ] " << rejected << ": " << read_file(log);
          } else {
            ADD_FAILURE() << c.where << ": wabt cannot encode this module (not in the allow-list):\n"
                          << read_file(log);
          }
          break;
        }
        std::string theirs_s = read_file(out);
        std::vector<uint8_t> theirs(theirs_s.begin(), theirs_s.end());
        WriteOptions opts;
        opts.names = names;
        std::vector<uint8_t> ours = write_module(*c.module, opts);
        ++compared;
        if (ours == theirs) {
          ++identical;
          continue;
        }
        auto allow = allowed.find(key);
        if (allow != allowed.end()) {
          seen_allowed.insert(key);
          if (allow->second == "labels" && without_label_names(ours) != theirs) {
            ADD_FAILURE() << key << ": differs by more than label names: "
                          << first_difference(without_label_names(ours), theirs);
            continue;
          }
          ++allowed_diffs;
          if (report) std::cout << "[ allowed ] " << key << " (" << allow->second << ")\n";
          continue;
        }
        ADD_FAILURE() << key << ": " << first_difference(ours, theirs);
        if (dump) {
          std::string base = std::string(dump) + "/" + c.where + (names ? ".names" : "");
          fs::copy_file(in, base + ".wat", fs::copy_options::overwrite_existing);
          fs::copy_file(out, base + ".wabt.wasm", fs::copy_options::overwrite_existing);
          std::ofstream(base + ".kiln.wasm", std::ios::binary)
              .write(reinterpret_cast<const char*>(ours.data()), static_cast<std::streamsize>(ours.size()));
        }
      }
    }
  }
  for (const auto& [k, reason] : allowed) {
    if (!seen_allowed.count(k)) std::cout << "[ note ] allow-list entry no longer differs: " << k << "\n";
  }
  std::cout << "[ report ] " << compared << " encodings compared (plain and --debug-names), " << identical
            << " identical, " << allowed_diffs << " documented differences; wabt could not encode "
            << wabt_failed << " modules\n";
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace kiln::core::text
