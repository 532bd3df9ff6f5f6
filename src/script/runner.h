// The WAST script runner behind `kiln wast` (https://github.com/WebAssembly/spec/tree/main/interpreter#scripts):
// runs the commands of a parsed script against one Store with the reference interpreter's
// semantics, and counts assertions as passed, failed or skipped.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "base/result.h"
#include "runtime/linker.h"
#include "runtime/store.h"
#include "spec/features.h"
#include "text/script.h"

namespace kiln::core::script {

struct Counts {
  uint64_t passed = 0;
  uint64_t failed = 0;
  uint64_t skipped = 0;
  Counts& operator+=(const Counts& o) {
    passed += o.passed;
    failed += o.failed;
    skipped += o.skipped;
    return *this;
  }
};

struct RunOptions {
  Features features;
  bool verbose = false;        // report every failure and skip (with the reason) to `log`
  std::FILE* log = stdout;
  // Called after each command with the counts so far and the command's line; lets a
  // supervising process know how far a script got.
  std::function<void(const Counts&, uint32_t line)> progress;
};

// Runs the commands of one script. Module and action commands that fail count as failed
// assertions; an assertion that needs an unimplemented feature counts as skipped.
class ScriptRunner {
 public:
  explicit ScriptRunner(RunOptions options);
  ~ScriptRunner();

  Counts run(const text::Script& script);

 private:
  struct Outcome;
  Outcome run_command(const text::Command& c);
  Outcome module_command(const text::Command& c);
  Outcome assert_return(const text::Command& c);
  Outcome assert_action_fails(const text::Command& c, ErrorKind want, const char* what);
  Outcome assert_module_fails(const text::Command& c, ErrorKind want, const char* what);

  // Decoding (binary), parsing (quote) or copying (text) of a script module.
  Result<Module> load(const text::ScriptModule& m);
  Result<std::shared_ptr<const rt::CompiledModule>> compile(const text::ScriptModule& m);
  // load + compile + resolve imports + instantiate.
  Result<rt::ModuleInstance*> make_instance(const text::ScriptModule& m);
  Result<rt::ModuleInstance*> target(const std::optional<std::string>& id);
  struct ActionResult;
  Result<ActionResult> perform(const text::Action& a);

  RunOptions opt_;
  std::unique_ptr<rt::Store> store_;
  rt::Linker linker_;
  std::unordered_map<std::string, rt::ModuleInstance*> instances_;
  std::unordered_map<std::string, std::shared_ptr<const rt::CompiledModule>> definitions_;
  std::shared_ptr<const rt::CompiledModule> last_definition_;
  rt::ModuleInstance* current_ = nullptr;
  std::string file_;
};

// Reads, parses and runs the script at `path`. A file that cannot be read or parsed counts
// as one failure (reported on stderr).
Counts run_script_file(const std::string& path, const RunOptions& options);

}  // namespace kiln::core::script
