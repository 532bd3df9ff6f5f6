// Fuzz target `parse`: any text through the WAT module parser (stopping at the first error,
// and collecting errors as `kiln validate` does) and the WAST script parser, with every
// feature on. The quoted modules of a script are parsed too, as the script runner would.
// Both module parsing modes must agree on whether the text is a module.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "invariant.h"
#include "text/module_parser.h"
#include "text/parser.h"
#include "text/script_parser.h"

using namespace kiln::core;
using kiln::fuzz::describe;
using kiln::fuzz::invariant_failed;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Features& f = kiln::fuzz::all_features();
  std::string_view source(reinterpret_cast<const char*>(data), size);

  Result<Module> first = text::parse_module(source, f);
  std::vector<Error> errors;
  Result<Module> collected = text::parse_module(source, f, &errors);
  if (first.ok() != collected.ok()) {
    invariant_failed("parsing with and without error collection disagree",
                     describe(first.ok() ? collected.error() : first.error()));
  }
  if (!collected.ok() && errors.empty()) invariant_failed("a failed parse collected no error", describe(collected.error()));
  if (collected.ok() && !errors.empty()) invariant_failed("a successful parse collected errors", describe(errors[0]));
  if (errors.size() > text::ModuleParser::kMaxErrors) {
    invariant_failed("more errors collected than the limit", std::to_string(errors.size()));
  }

  Result<text::Script> script = text::parse_script(source, "fuzz.wast", f);
  if (script.ok()) {
    for (const text::Command& c : script->commands) {
      if (c.module.form == text::ScriptModule::Form::Quote) (void)text::parse_module(c.module.quote, f);
    }
  }
  return 0;
}
