// Round trip over the whole official test suite: every module that the suite treats as
// valid (text, binary or quoted; not inside assert_malformed or assert_invalid) and that
// kiln reads must give the identical binary after wat -> wasm -> wat -> wasm, printed flat
// and folded. Every script must parse and every such module must be read; those that are
// not are reported by name.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "binary/decoder.h"
#include "binary/writer.h"
#include "text/parser.h"
#include "text/printer.h"
#include "text/script_parser.h"

#ifndef KILN_TESTSUITE_DIR
#define KILN_TESTSUITE_DIR "../shared/testsuite"
#endif

namespace kiln::core::text {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Counts {
  size_t covered = 0;
  size_t unreadable = 0;   // modules the decoder or parser does not accept yet
  size_t files_unparsed = 0;
  size_t failures = 0;
};

// The bytes of `m` without its custom sections (the text format has no place for them).
std::vector<uint8_t> bytes_of(Module m) {
  m.customs.clear();
  return write_module(m);
}

// Prints `m`, parses the text back and returns its binary (nullopt, with a failure, when
// the text does not parse).
std::optional<std::vector<uint8_t>> print_and_parse(const Module& m, const PrintOptions& o, const std::string& where,
                                                    const Features& f, Counts& counts) {
  std::string text = print_module(m, o);
  auto back = parse_module(text, f);
  if (!back.ok()) {
    if (++counts.failures <= 20) {
      const Error& e = back.error();
      ADD_FAILURE() << where << ": the " << (o.fold ? "folded" : "flat") << " text does not parse: " << e.line << ":"
                    << e.column << ": " << e.message << "\n" << text.substr(0, 4000);
    }
    return std::nullopt;
  }
  return bytes_of(*back);
}

// Prints `m`, parses the text back and compares its binary with `expected`.
bool round_trip(const Module& m, const std::vector<uint8_t>& expected, const PrintOptions& o, const std::string& where,
                const Features& f, Counts& counts) {
  auto actual = print_and_parse(m, o, where, f, counts);
  if (!actual) return false;
  if (*actual != expected) {
    size_t at = 0;
    while (at < actual->size() && at < expected.size() && (*actual)[at] == expected[at]) ++at;
    if (++counts.failures <= 20) {
      ADD_FAILURE() << where << ": " << (o.fold ? "folded" : "flat") << " round trip differs at byte " << at << " ("
                    << expected.size() << " -> " << actual->size() << " bytes)\n"
                    << print_module(m, o).substr(0, 4000);
    }
    return false;
  }
  return true;
}

// wat -> wasm -> wat -> wasm from a parsed module: printed with its names (flat and
// folded) and, decoded from its binary, without.
void check_text_module(const Module& m, const std::string& where, const Features& f, Counts& counts) {
  std::vector<uint8_t> expected = bytes_of(m);
  if (!round_trip(m, expected, {}, where, f, counts)) return;
  if (!round_trip(m, expected, {.fold = true}, where, f, counts)) return;
  auto decoded = decode_module(expected.data(), expected.size(), f);
  if (!decoded.ok()) {
    if (++counts.failures <= 20) ADD_FAILURE() << where << ": the written module does not decode: " << decoded.error().message;
    return;
  }
  round_trip(*decoded, expected, {}, where + " (decoded)", f, counts);
  // With a name section (wat2wasm --debug-names), the decoded module prints as the parsed
  // one does; except custom page sizes (a proposal), which the binary writer and decoder
  // do not know yet.
  for (const MemoryType& mt : m.memories) {
    if (mt.page_size_log2 != 16) return;
  }
  for (const Import& im : m.imports) {
    if (im.kind == ExternKind::Memory && im.memory.page_size_log2 != 16) return;
  }
  std::vector<uint8_t> named = write_module(m, {.names = true});
  auto with_names = decode_module(named.data(), named.size(), f);
  if (!with_names.ok()) {
    if (++counts.failures <= 20) ADD_FAILURE() << where << ": the module with names does not decode: " << with_names.error().message;
    return;
  }
  std::string a = print_module(m), b = print_module(*with_names);
  if (a != b && ++counts.failures <= 20) {
    size_t at = 0;
    while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
    size_t from = at < 200 ? 0 : at - 200;
    ADD_FAILURE() << where << ": names differ after the name section:\n" << a.substr(from, 400) << "\n---\n" << b.substr(from, 400);
  }
}

void check_module(const ScriptModule& sm, const std::string& where, const Features& f, Counts& counts) {
  if (sm.form == ScriptModule::Form::Binary) {
    // A binary module may use encodings that are not the shortest: its text, encoded,
    // starts the round trip.
    auto d = decode_module(sm.bytes.data(), sm.bytes.size(), f);
    if (!d.ok()) {
      ++counts.unreadable;
      std::cout << "[ report ] not readable yet: " << where << ": " << d.error().message << "\n";
      return;
    }
    ++counts.covered;
    auto first = print_and_parse(*d, {}, where, f, counts);
    if (!first) return;
    auto m = decode_module(first->data(), first->size(), f);
    if (!m.ok()) {
      if (++counts.failures <= 20) ADD_FAILURE() << where << ": the written module does not decode: " << m.error().message;
      return;
    }
    check_text_module(*m, where, f, counts);
    return;
  }
  std::shared_ptr<Module> m = sm.module;
  if (sm.form == ScriptModule::Form::Quote) {
    auto p = parse_module(sm.quote, f);
    if (!p.ok()) {
      ++counts.unreadable;
      std::cout << "[ report ] not readable yet: " << where << ": " << p.error().message << "\n";
      return;
    }
    m = std::make_shared<Module>(std::move(*p));
  }
  if (!m) {
    ++counts.unreadable;
    return;
  }
  ++counts.covered;
  check_text_module(*m, where, f, counts);
}

TEST(RoundTrip, EveryValidModuleOfTheSuite) {
  fs::path root = KILN_TESTSUITE_DIR;
  if (!fs::exists(root / "sets" / "wasm2.txt")) GTEST_SKIP() << "no test suite at " << root;
  Features all = Features::all();
  Counts counts;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() == ".wast") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    std::string rel = fs::relative(path, root).generic_string();
    std::string src = read_file(path);
    auto script = parse_script(src, rel, all);
    if (!script.ok()) {
      ++counts.files_unparsed;
      std::cout << "[ report ] not parsed yet: " << rel << ": " << script.error().message << "\n";
      continue;
    }
    for (const Command& c : script->commands) {
      if (c.kind == Command::Kind::AssertMalformed || c.kind == Command::Kind::AssertInvalid) continue;
      bool has = c.kind == Command::Kind::Module || c.kind == Command::Kind::AssertUnlinkable ||
                 c.kind == Command::Kind::AssertUninstantiable || (c.kind == Command::Kind::AssertTrap && c.has_module);
      if (!has) continue;
      check_module(c.module, rel + ":" + std::to_string(c.line), all, counts);
    }
  }
  std::cout << "[ report ] round trip: " << counts.covered << " modules covered, " << counts.unreadable
            << " modules not readable yet, " << counts.files_unparsed << " files not parsed yet, "
            << counts.failures << " failures\n";
  EXPECT_EQ(counts.failures, 0u);
  // Every script of the suite parses and every valid module of it is read.
  EXPECT_EQ(counts.files_unparsed, 0u);
  EXPECT_EQ(counts.unreadable, 0u);
}

}  // namespace
}  // namespace kiln::core::text
