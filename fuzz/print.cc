// Fuzz target `print`: the printer (wasm2wat) on any bytes that decode, valid or not, flat,
// folded and without names; it must never fail. For a module that also validates (every
// feature on), the texts must parse, and all to the same binary B; B must decode and
// validate, and its own text must parse back to B (binary -> text -> binary reaches a fixed
// point after one trip: the input may use longer encodings than the writer's).
#include <cstddef>
#include <cstdint>
#include <string>
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

std::string difference(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  size_t at = 0;
  while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
  return "binaries differ at byte " + std::to_string(at) + " (" + std::to_string(a.size()) + " and " +
         std::to_string(b.size()) + " bytes)";
}

// The binary of `text`, without custom sections (which the text format does not carry).
std::vector<uint8_t> binary_of(const std::string& text, const std::string& what) {
  Result<Module> m = text::parse_module(text, kiln::fuzz::all_features());
  if (!m.ok()) invariant_failed(what + " does not parse", describe(m.error()) + "\n" + text);
  m->customs.clear();
  return write_module(*m);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Features& f = kiln::fuzz::all_features();
  Result<Module> decoded = decode_module(data, size, f);
  if (!decoded.ok()) return 0;
  std::string flat = text::print_module(*decoded);
  std::string folded = text::print_module(*decoded, {.fold = true});
  std::string bare = text::print_module(*decoded, {.fold = false, .names = false});
  if (!interp::compile(*decoded, f).ok()) return 0;

  std::vector<uint8_t> binary = binary_of(flat, "the flat text of a valid module");
  std::vector<uint8_t> from_folded = binary_of(folded, "the folded text of a valid module");
  if (from_folded != binary) invariant_failed("the flat and folded texts give different binaries", difference(binary, from_folded) + "\n" + folded);
  std::vector<uint8_t> from_bare = binary_of(bare, "the text without names of a valid module");
  if (from_bare != binary) invariant_failed("the texts with and without names give different binaries", difference(binary, from_bare) + "\n" + bare);

  Result<Module> again = decode_module(binary.data(), binary.size(), f);
  if (!again.ok()) invariant_failed("the binary of the text does not decode", describe(again.error()) + "\n" + flat);
  if (auto c = interp::compile(*again, f); !c.ok()) {
    invariant_failed("the binary of the text of a valid module does not validate", describe(c.error()) + "\n" + flat);
  }
  std::string flat2 = text::print_module(*again);
  std::vector<uint8_t> fixed = binary_of(flat2, "the text of the binary of the text");
  if (fixed != binary) invariant_failed("binary -> text -> binary is not a fixed point", difference(binary, fixed) + "\n" + flat2);
  return 0;
}
