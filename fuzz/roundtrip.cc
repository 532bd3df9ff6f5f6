// Fuzz target `roundtrip`: text -> binary -> text. Any text that parses as a module and
// validates (every feature on) must write to a binary that decodes and validates, and that
// module, printed flat and folded, must parse back to the same binary. So must the parsed
// module itself (printed with its $ids), and the binary written with a name section.
// Custom sections are left out of the comparison: the text format does not carry them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "binary/decoder.h"
#include "binary/writer.h"
#include "interp/interp.h"
#include "invariant.h"
#include "text/parser.h"
#include "text/printer.h"

using namespace kiln::core;
using kiln::fuzz::describe;
using kiln::fuzz::invariant_failed;

namespace {

std::vector<uint8_t> without_customs(Module m) {
  m.customs.clear();
  return write_module(m);
}

// The first byte where two binaries differ, for the report.
std::string difference(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  size_t at = 0;
  while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
  return "binaries differ at byte " + std::to_string(at) + " (" + std::to_string(a.size()) + " and " +
         std::to_string(b.size()) + " bytes)";
}

// Prints `m`, parses the text and checks that it writes to `expected`.
void check_print(const Module& m, const text::PrintOptions& o, const std::vector<uint8_t>& expected, const char* what) {
  const Features& f = kiln::fuzz::all_features();
  std::string printed = text::print_module(m, o);
  Result<Module> back = text::parse_module(printed, f);
  std::string name = std::string(what) + (o.fold ? ", folded," : ", flat,") + (o.names ? "" : " without names,");
  if (!back.ok()) invariant_failed("the text of " + name + " does not parse", describe(back.error()) + "\n" + printed);
  std::vector<uint8_t> bytes = without_customs(std::move(*back));
  if (bytes != expected) invariant_failed("the text of " + name + " parses to another binary", difference(expected, bytes) + "\n" + printed);
}

// Decodes `bytes` (which the writer made from a valid module): it must decode and validate.
Module decode_valid(const std::vector<uint8_t>& bytes, const char* what) {
  const Features& f = kiln::fuzz::all_features();
  Result<Module> decoded = decode_module(bytes.data(), bytes.size(), f);
  if (!decoded.ok()) invariant_failed(std::string(what) + " does not decode", describe(decoded.error()));
  auto compiled = interp::compile(*decoded, f);
  if (!compiled.ok()) invariant_failed(std::string(what) + " does not validate", describe(compiled.error()));
  return std::move(*decoded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Features& f = kiln::fuzz::all_features();
  std::string_view source(reinterpret_cast<const char*>(data), size);
  Result<Module> parsed = text::parse_module(source, f);
  if (!parsed.ok()) return 0;
  if (!interp::compile(*parsed, f).ok()) return 0;

  std::vector<uint8_t> binary = without_customs(*parsed);
  Module decoded = decode_valid(binary, "the written binary");
  if (without_customs(decoded) != binary) {
    invariant_failed("the written binary, decoded, writes to another binary", difference(binary, without_customs(decoded)));
  }
  check_print(decoded, {.fold = false}, binary, "the decoded binary");
  check_print(decoded, {.fold = true}, binary, "the decoded binary");
  check_print(*parsed, {.fold = false}, binary, "the parsed module");
  check_print(*parsed, {.fold = true}, binary, "the parsed module");

  std::vector<uint8_t> named = write_module(*parsed, {.names = true});
  Module with_names = decode_valid(named, "the binary written with names");
  check_print(with_names, {.fold = false}, binary, "the binary written with names");
  check_print(with_names, {.fold = true, .names = false}, binary, "the binary written with names");
  return 0;
}
