// Runs the script parser over every .wast file of the official test suite: each file of
// sets/wasm2.txt must parse; the others are reported, not failed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "binary/decoder.h"
#include "binary/writer.h"
#include "text/diagnostic.h"
#include "text/parser.h"
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

// A parsed module must encode to bytes that the binary decoder reads back.
void check_round_trip(const Module& m, const std::string& where, const Features& f) {
  std::vector<uint8_t> bytes = write_module(m);
  auto d = decode_module(bytes.data(), bytes.size(), f);
  if (!d.ok()) {
    ADD_FAILURE() << where << ": decoding the written module failed at @" << d.error().offset << ": "
                  << d.error().message;
  }
}

// Quote modules: those of assert_malformed must fail with the expected message (when the
// message is one of the text format's), the others must parse.
void check_quote_modules(const Script& script, const std::string& file, const Features& f) {
  for (const Command& c : script.commands) {
    if (c.has_module && c.module.form == ScriptModule::Form::Text) {
      check_round_trip(*c.module.module, file + ":" + std::to_string(c.line), f);
    }
    if (!c.has_module || c.module.form != ScriptModule::Form::Quote) continue;
    auto m = parse_module(c.module.quote, f);
    if (m.ok()) check_round_trip(*m, file + ":" + std::to_string(c.line), f);
    if (c.kind == Command::Kind::AssertMalformed) {
      if (m.ok()) {
        ADD_FAILURE() << file << ":" << c.line << ": parsed, expected \"" << c.message << "\"";
      } else if (m.error().message.rfind(c.message, 0) != 0) {
        ADD_FAILURE() << file << ":" << c.line << ": got \"" << m.error().message << "\", expected \""
                      << c.message << "\"";
      }
    } else if (!m.ok()) {
      ADD_FAILURE() << file << ":" << c.line << ": " << format_error(m.error(), "quote", c.module.quote);
    }
  }
}

TEST(SuiteParse, EveryWastFileParses) {
  fs::path root = KILN_TESTSUITE_DIR;
  if (!fs::exists(root / "sets" / "wasm2.txt")) GTEST_SKIP() << "no test suite at " << root;
  std::set<std::string> required;
  {
    std::ifstream in(root / "sets" / "wasm2.txt");
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty()) required.insert(line);
    }
  }
  Features all = Features::all();
  size_t parsed = 0, others_failed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".wast") continue;
    std::string rel = fs::relative(entry.path(), root).generic_string();
    std::string src = read_file(entry.path());
    auto r = parse_script(src, rel, all);
    if (r.ok()) {
      ++parsed;
      if (required.count(rel)) check_quote_modules(*r, rel, all);
      continue;
    }
    std::string msg = format_error(r.error(), rel, src);
    if (required.count(rel)) {
      ADD_FAILURE() << msg;
    } else {
      ++others_failed;
      std::cout << "[ report ] " << msg;
    }
  }
  std::cout << "[ report ] parsed " << parsed << " files; " << others_failed
            << " outside wasm2.txt failed to parse\n";
}

}  // namespace
}  // namespace kiln::core::text
