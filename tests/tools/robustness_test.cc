// Robustness of the text tools' library functions: truncated and mutated copies of the
// spec suite's files go through everything behind wat2wasm, wasm2wat, validate and
// inspect (parse_script, parse_module, format_error, write_module, decode_module,
// validate_module, interp::compile, print_module, report_module), which must each return a
// value or an Error: no crash, no hang, whatever the input. Deterministic (fixed seeds),
// and bounded: a few seconds in a release build.
//
// Every mutation is made from the suite's own bytes: truncation at a random point, a few
// random edits (bytes replaced by characters or byte values that matter to the lexer or
// the decoder, ranges deleted or duplicated, fragments of syntax inserted), for the text
// of each file and for the binary of each module.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "binary/decoder.h"
#include "binary/writer.h"
#include "interp/interp.h"
#include "suite_modules.h"
#include "text/diagnostic.h"
#include "text/module_report.h"
#include "text/parser.h"
#include "text/script_parser.h"
#include "valid/func_validator.h"
#if __has_include("text/printer.h")
#include "text/printer.h"
#define KILN_HAVE_PRINTER 1
constexpr bool kHavePrinter = true;
#else
constexpr bool kHavePrinter = false;
#endif

#ifndef KILN_TESTSUITE_DIR
#define KILN_TESTSUITE_DIR "../shared/testsuite"
#endif

namespace kiln::core {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;
using Clock = std::chrono::steady_clock;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A random number generator whose sequence is the same on every platform (mt19937_64 is
// fully specified; the standard distributions are not, so they are not used).
class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(gen_() % n); }
  bool chance(size_t one_in) { return below(one_in) == 0; }

 private:
  std::mt19937_64 gen_;
};

// Fragments that steer a mutated text into the lexer's and parser's corners.
const char* const kTextFragments[] = {
    "(", ")", "\"", "\\", ";;", "(;", ";)", "(@", "$", "$\"", "0x", "nan:0x", "-inf", "1e999",
    "0x1p-1075", "_", "(module", "(func", "(type", "(param", "(result", "(local", "(then", "(else",
    "block", "end", "i32.const", "offset=", "align=", "(memory", "(table", "(elem", "(data",
    "(import", "(export", "ref.null", "\\u{", "\xff", "\xc3", "4294967296", "18446744073709551616",
    "(rec", "(sub", "(struct", "(array", "(field", "binary", "quote", "select", "br_table",
};

std::string mutate_text(const std::string& src, Rng& rng) {
  std::string s = src;
  size_t edits = 1 + rng.below(2);
  for (size_t e = 0; e < edits; ++e) {
    size_t at = rng.below(s.size() + 1);
    switch (rng.below(6)) {
      case 4: {  // change a digit: other indices, counts, offsets and constants
        size_t i = s.find_first_of("0123456789", at);
        if (i != std::string::npos) s[i] = static_cast<char>('0' + rng.below(10));
        break;
      }
      case 5: {  // move a word (keyword, id or number) elsewhere
        size_t from = s.find_first_of("abcdefghijklmnopqrstuvwxyz$0123456789", rng.below(s.size() + 1));
        if (from == std::string::npos) break;
        size_t to = s.find_first_of(" ()\n", from);
        std::string word = s.substr(from, to == std::string::npos ? std::string::npos : to - from);
        s.insert(std::min(at, s.size()), " " + word + " ");
        break;
      }
      case 0: {  // replace a byte
        if (at < s.size()) s[at] = "()\";$\\0x\n\t @_.-+e:="[rng.below(20)];
        break;
      }
      case 1: {  // delete a range
        size_t n = std::min(s.size() - std::min(at, s.size()), 1 + rng.below(64));
        if (at < s.size()) s.erase(at, n);
        break;
      }
      case 2: {  // duplicate a range
        if (at < s.size()) {
          size_t n = std::min(s.size() - at, 1 + rng.below(256));
          s.insert(at, s.substr(at, n));
        }
        break;
      }
      default:
        s.insert(at, kTextFragments[rng.below(std::size(kTextFragments))]);
        break;
    }
  }
  return s;
}

Bytes mutate_binary(const Bytes& src, Rng& rng) {
  Bytes b = src;
  size_t edits = 1 + rng.below(3);
  static const uint8_t kValues[] = {0x00, 0x01, 0x0B, 0x40, 0x7F, 0x80, 0xFF, 0x70, 0x6F, 0x60, 0xFC, 0xFD};
  for (size_t e = 0; e < edits && !b.empty(); ++e) {
    size_t at = rng.below(b.size());
    switch (rng.below(5)) {
      case 0: b[at] ^= static_cast<uint8_t>(1u << rng.below(8)); break;
      case 1: b[at] = kValues[rng.below(std::size(kValues))]; break;
      case 2: b.erase(b.begin() + static_cast<ptrdiff_t>(at)); break;
      case 3: b.insert(b.begin() + static_cast<ptrdiff_t>(at), kValues[rng.below(std::size(kValues))]); break;
      default: {  // a long LEB128 run, as in a corrupted count or size
        size_t n = 1 + rng.below(6);
        for (size_t i = 0; i < n && at + i < b.size(); ++i) b[at + i] = 0xFF;
        break;
      }
    }
  }
  return b;
}

class Exerciser {
 public:
  // Runs everything that takes a module IR; with `deep`, also decodes what was written.
  void module(const Module& m, bool deep) {
    Bytes plain = write_module(m);
    WriteOptions names;
    names.names = true;
    Bytes named = write_module(m, names);
    (void)validate_module(m, all_);
#ifdef KILN_HAVE_PRINTER
    for (bool fold : {false, true}) {
      text::PrintOptions po;
      po.fold = fold;
      std::string printed = text::print_module(m, po);
      auto again = text::parse_module(printed, all_);
      if (!again.ok()) (void)text::format_error(again.error(), "printed", printed);
    }
#endif
    if (deep) {
      binary(plain, false);
      binary(named, false);
    }
  }

  // decode -> validate and compile -> write and print; `mutants` also decodes truncated
  // and mutated copies of `b`.
  void binary(const Bytes& b, bool mutants) {
    ++binaries_;
    std::string report;
    text::ReportOptions ro;
    ro.headers = ro.details = ro.disassemble = true;
    ro.features = all_;
    (void)text::report_module(b.data(), b.size(), ro, report);
    auto m = decode_module(b.data(), b.size(), all_);
    if (m.ok()) ++decoded_;
    if (!m.ok()) {
      (void)text::format_error(m.error(), "m.wasm", std::string_view());
    } else {
      module(*m, false);
      (void)interp::compile(*m, all_);
    }
    if (!mutants) return;
      for (int i = 0; i < 3; ++i) {
      Bytes cut(b.begin(), b.begin() + static_cast<ptrdiff_t>(rng_.below(b.size())));
      binary(cut, false);
    }
    for (int i = 0; i < 8; ++i) binary(mutate_binary(b, rng_), false);
  }

  void text_module(std::string_view src) {
    ++texts_;
    auto m = text::parse_module(src, all_);
    if (!m.ok()) {
      (void)text::format_error(m.error(), "m.wat", src);
      return;
    }
    ++parsed_;
    module(*m, true);
  }

  // A whole script: its modules go through everything, binary ones mutated too when
  // `mutants` (only for the files as they are, to bound the time).
  void script(const std::string& src, bool mutants) {
    ++texts_;
    auto s = text::parse_script(src, "t.wast", all_);
    if (s.ok()) ++parsed_;
    if (!s.ok()) {
      (void)text::format_error(s.error(), "t.wast", src);
      text_module(src);
      return;
    }
    for (const text::Command& c : s->commands) {
      if (!c.has_module) continue;
      switch (c.module.form) {
        case text::ScriptModule::Form::Text:
          if (mutants) {
            binary(write_module(*c.module.module), true);
          } else {
            module(*c.module.module, true);
          }
          break;
        case text::ScriptModule::Form::Quote: text_module(c.module.quote); break;
        case text::ScriptModule::Form::Binary: binary(c.module.bytes, mutants); break;
      }
    }
  }

  void reseed(uint64_t seed) { rng_ = Rng(seed); }
  Rng& rng() { return rng_; }
  // Inputs, and how many of them were read without error.
  size_t texts() const { return texts_; }
  size_t parsed() const { return parsed_; }
  size_t binaries() const { return binaries_; }
  size_t decoded() const { return decoded_; }

 private:
  Features all_ = Features::all();
  Rng rng_{0x6b696c6e};  // "kiln"
  size_t texts_ = 0, parsed_ = 0, binaries_ = 0, decoded_ = 0;
};

TEST(Robustness, TruncatedAndMutatedSuiteFiles) {
  fs::path root = KILN_TESTSUITE_DIR;
  if (!fs::exists(root / "sets" / "wasm2.txt")) GTEST_SKIP() << "no test suite at " << root;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() == ".wast") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  // KILN_ROBUSTNESS_SEED=N explores other mutants (the test's own seed is fixed).
  Exerciser ex;
  if (const char* seed = std::getenv("KILN_ROBUSTNESS_SEED")) ex.reseed(std::strtoull(seed, nullptr, 0));
  auto start = Clock::now();
  double slowest = 0;
  std::string slowest_what;
  for (const fs::path& p : files) {
    std::string src = read_file(p);
    std::string name = fs::relative(p, root).generic_string();
    auto timed = [&](const std::string& what, const std::string& text, bool mutants) {
      auto t0 = Clock::now();
      ex.script(text, mutants);
      double s = std::chrono::duration<double>(Clock::now() - t0).count();
      if (s > slowest) {
        slowest = s;
        slowest_what = what;
      }
    };
    timed(name, src, true);
    for (int i = 0; i < 4; ++i) {
      size_t cut = ex.rng().below(src.size());
      timed(name + " cut at " + std::to_string(cut), src.substr(0, cut), false);
    }
    for (int i = 0; i < 6; ++i) timed(name + " mutant " + std::to_string(i), mutate_text(src, ex.rng()), false);
    // Each module on its own, so that an edit deep in a file is not hidden behind an
    // earlier one: mutants of a module that still parse reach the writer and printer.
    for (const text::ModuleSpan& m : text::module_spans(src)) {
      for (int i = 0; i < 8; ++i) {
        std::string what = name + ":" + std::to_string(m.line) + " mutant " + std::to_string(i);
        timed(what, mutate_text(m.text, ex.rng()), false);
      }
      size_t cut = ex.rng().below(m.text.size());
      timed(name + ":" + std::to_string(m.line) + " cut", m.text.substr(0, cut), false);
    }
  }
  double total = std::chrono::duration<double>(Clock::now() - start).count();
  std::cout << "[ report ] " << ex.texts() << " texts (" << ex.parsed() << " parsed) and " << ex.binaries()
            << " binaries (" << ex.decoded() << " decoded) in " << total << " s; slowest input " << slowest
            << " s (" << slowest_what << ")" << (kHavePrinter ? "" : "; no printer yet") << "\n";
  // A hang shows as one input taking far longer than a whole file's parse and encode.
  EXPECT_LT(slowest, 10.0) << slowest_what;
}

}  // namespace
}  // namespace kiln::core
