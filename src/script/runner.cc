#include "script/runner.h"

#include <fstream>
#include <sstream>

#include "binary/decoder.h"
#include "interp/interp.h"
#include "runtime/instantiate.h"
#include "runtime/spectest.h"
#include "script/values.h"
#include "text/diagnostic.h"
#include "text/parser.h"
#include "text/script_parser.h"

namespace kiln::core::script {

using text::Command;

namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

const char* kind_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::Malformed: return "malformed";
    case ErrorKind::Invalid: return "invalid";
    case ErrorKind::Link: return "link error";
    case ErrorKind::Trap: return "trap";
    case ErrorKind::Exhaustion: return "exhaustion";
    case ErrorKind::Io: return "i/o error";
    case ErrorKind::Exit: return "exit";
    case ErrorKind::Other: return "error";
  }
  return "error";
}

std::string error_text(const Error& e) { return std::string(kind_name(e.kind)) + " \"" + e.message + "\""; }

}  // namespace

// What one command amounts to: not an assertion (None), or a passed, failed or skipped one.
struct ScriptRunner::Outcome {
  enum Kind : uint8_t { None, Pass, Fail, Skip };
  Kind kind = None;
  std::string detail;
  static Outcome pass() { return {Pass, {}}; }
  static Outcome none() { return {None, {}}; }
  static Outcome fail(std::string d) { return {Fail, std::move(d)}; }
  static Outcome skip(std::string d) { return {Skip, std::move(d)}; }
};

struct ScriptRunner::ActionResult {
  std::vector<ValType> types;
  std::vector<rt::Slot> slots;
};

ScriptRunner::ScriptRunner(RunOptions options) : opt_(std::move(options)) {
  store_ = std::make_unique<rt::Store>();
  linker_.define("spectest", rt::make_spectest(*store_, opt_.verbose ? opt_.log : nullptr));
}

ScriptRunner::~ScriptRunner() = default;

Counts ScriptRunner::run(const text::Script& script) {
  file_ = script.file;
  Counts counts;
  for (const Command& c : script.commands) {
    Outcome o = run_command(c);
    switch (o.kind) {
      case Outcome::None: break;
      case Outcome::Pass: ++counts.passed; break;
      case Outcome::Fail:
        ++counts.failed;
        if (opt_.verbose) std::fprintf(opt_.log, "%s:%u: FAILED: %s\n", file_.c_str(), c.line, o.detail.c_str());
        break;
      case Outcome::Skip:
        ++counts.skipped;
        if (opt_.verbose) std::fprintf(opt_.log, "%s:%u: skipped: %s\n", file_.c_str(), c.line, o.detail.c_str());
        break;
    }
    if (opt_.progress) opt_.progress(counts, c.line);
  }
  return counts;
}

Result<Module> ScriptRunner::load(const text::ScriptModule& m) {
  switch (m.form) {
    case text::ScriptModule::Form::Text:
      if (!m.module) return Error("script module without a body");
      return Module(*m.module);
    case text::ScriptModule::Form::Binary:
      return decode_module(m.bytes.data(), m.bytes.size(), opt_.features);
    case text::ScriptModule::Form::Quote:
      return text::parse_module(m.quote, opt_.features);
  }
  return Error("unknown module form");
}

// A binary module takes the embedders' way (interp::compile_binary), so the spec's malformed
// and invalid binaries check that it reports what decode_module then compile report.
Result<std::shared_ptr<const rt::CompiledModule>> ScriptRunner::compile(const text::ScriptModule& sm) {
  if (sm.form == text::ScriptModule::Form::Binary) {
    return interp::compile_binary(sm.bytes.data(), sm.bytes.size(), opt_.features, {});
  }
  KILN_ASSIGN(Module m, load(sm));
  return interp::compile(std::move(m), opt_.features);
}

Result<rt::ModuleInstance*> ScriptRunner::make_instance(const text::ScriptModule& sm) {
  KILN_ASSIGN(auto compiled, compile(sm));
  KILN_ASSIGN(auto imports, linker_.resolve(compiled->module));
  return rt::instantiate(*store_, compiled, imports, opt_.features);
}

Result<rt::ModuleInstance*> ScriptRunner::target(const std::optional<std::string>& id) {
  if (id) {
    auto it = instances_.find(*id);
    if (it == instances_.end()) return Error("unknown module " + *id);
    return it->second;
  }
  if (!current_) return Error("no current module");
  return current_;
}

Result<ScriptRunner::ActionResult> ScriptRunner::perform(const text::Action& a) {
  KILN_ASSIGN(rt::ModuleInstance * inst, target(a.module_id));
  auto it = inst->exports.find(a.name);
  if (it == inst->exports.end()) return Error("unknown export \"" + a.name + "\"");
  const rt::Extern& e = it->second;
  ActionResult r;
  if (a.kind == text::Action::Kind::Get) {
    if (e.kind != ExternKind::Global) return Error("export \"" + a.name + "\" is not a global");
    r.types.push_back(e.global()->type.type);
    r.slots = {e.global()->value[0], e.global()->value[1]};
    return r;
  }
  if (e.kind != ExternKind::Func) return Error("export \"" + a.name + "\" is not a function");
  rt::FuncInst* f = e.func();
  const FuncType& type = *f->type;
  if (a.args.size() != type.params.size()) {
    return Error("wrong number of arguments: " + std::to_string(a.args.size()) + " for " + to_string(type));
  }
  std::vector<rt::Slot> args;
  for (size_t i = 0; i < a.args.size(); ++i) {
    bool unsupported = false;
    Status s = append_arg(a.args[i], type.params[i], *store_, args, &unsupported);
    if (!s.ok()) {
      Error err = s.error();
      if (unsupported) err.kind = ErrorKind::Other, err.message = "unsupported: " + err.message;
      return err;
    }
  }
  size_t result_slots = 0;
  for (const ValType& t : type.results) result_slots += t.slots();
  r.types = type.results;
  r.slots.assign(result_slots + 1, 0);  // +1: never a zero-sized buffer
  KILN_TRY(interp::invoke(*store_, f, args.data(), r.slots.data()));
  return r;
}

ScriptRunner::Outcome ScriptRunner::run_command(const Command& c) {
  switch (c.kind) {
    case Command::Kind::Module:
    case Command::Kind::ModuleInstance:
    case Command::Kind::Register:
      return module_command(c);
    case Command::Kind::Action: {
      auto r = perform(c.action);
      if (r.ok()) return Outcome::none();
      if (starts_with(r.error().message, "unsupported")) return Outcome::skip(r.error().message);
      return Outcome::fail("action \"" + c.action.name + "\": " + error_text(r.error()));
    }
    case Command::Kind::AssertReturn:
      return assert_return(c);
    case Command::Kind::AssertTrap:
      if (c.has_module) return assert_module_fails(c, ErrorKind::Trap, "assert_trap");
      return assert_action_fails(c, ErrorKind::Trap, "assert_trap");
    case Command::Kind::AssertExhaustion:
      return assert_action_fails(c, ErrorKind::Exhaustion, "assert_exhaustion");
    case Command::Kind::AssertException:
      return Outcome::skip("assert_exception: exception handling is not implemented");
    case Command::Kind::AssertMalformed:
      return assert_module_fails(c, ErrorKind::Malformed, "assert_malformed");
    case Command::Kind::AssertInvalid:
      return assert_module_fails(c, ErrorKind::Invalid, "assert_invalid");
    case Command::Kind::AssertUnlinkable:
      return assert_module_fails(c, ErrorKind::Link, "assert_unlinkable");
    case Command::Kind::AssertUninstantiable:
      return assert_module_fails(c, ErrorKind::Trap, "assert_uninstantiable");
    case Command::Kind::AssertMalformedCustom:
    case Command::Kind::AssertInvalidCustom:
      return Outcome::skip("custom annotations are not encoded");
  }
  return Outcome::fail("unknown command");
}

ScriptRunner::Outcome ScriptRunner::module_command(const Command& c) {
  if (c.kind == Command::Kind::Register) {
    auto inst = target(c.instance_id);
    if (!inst.ok()) return Outcome::fail("register \"" + c.register_name + "\": " + inst.error().message);
    linker_.define(c.register_name, (*inst)->exports);
    return Outcome::none();
  }
  if (c.kind == Command::Kind::ModuleInstance) {
    std::shared_ptr<const rt::CompiledModule> def = last_definition_;
    if (c.definition_id) {
      auto it = definitions_.find(*c.definition_id);
      def = it == definitions_.end() ? nullptr : it->second;
    }
    if (!def) return Outcome::fail("module instance: unknown module definition");
    auto imports = linker_.resolve(def->module);
    if (!imports.ok()) return Outcome::fail("module instance: " + error_text(imports.error()));
    auto inst = rt::instantiate(*store_, def, *imports, opt_.features);
    if (!inst.ok()) return Outcome::fail("module instance: " + error_text(inst.error()));
    if (c.instance_id) instances_[*c.instance_id] = *inst;
    current_ = *inst;
    return Outcome::none();
  }
  const text::ScriptModule& sm = c.module;
  if (sm.is_definition) {
    auto compiled = compile(sm);
    if (!compiled.ok()) return Outcome::fail("module definition: " + error_text(compiled.error()));
    last_definition_ = *compiled;
    if (sm.id) definitions_[*sm.id] = *compiled;
    return Outcome::none();
  }
  auto inst = make_instance(sm);
  if (!inst.ok()) {
    current_ = nullptr;
    return Outcome::fail("module: " + error_text(inst.error()));
  }
  current_ = *inst;
  if (sm.id) instances_[*sm.id] = *inst;
  return Outcome::none();
}

ScriptRunner::Outcome ScriptRunner::assert_return(const Command& c) {
  auto r = perform(c.action);
  if (!r.ok()) {
    if (starts_with(r.error().message, "unsupported")) return Outcome::skip(r.error().message);
    return Outcome::fail("assert_return \"" + c.action.name + "\": " + error_text(r.error()));
  }
  const ActionResult& res = *r;
  if (res.types.size() != c.expected.size()) {
    return Outcome::fail("assert_return \"" + c.action.name + "\": " + std::to_string(res.types.size()) +
                         " results, expected " + std::to_string(c.expected.size()));
  }
  size_t slot = 0;
  for (size_t i = 0; i < c.expected.size(); ++i) {
    const ValType& t = res.types[i];
    Match m = match_expected(c.expected[i], t, &res.slots[slot], *store_);
    if (m == Match::Unsupported) {
      return Outcome::skip("result pattern " + describe(c.expected[i]) + " is not supported");
    }
    if (m == Match::No) {
      return Outcome::fail("assert_return \"" + c.action.name + "\": result " + std::to_string(i) + " is " +
                           describe(t, &res.slots[slot]) + ", expected " + describe(c.expected[i]));
    }
    slot += t.slots();
  }
  return Outcome::pass();
}

ScriptRunner::Outcome ScriptRunner::assert_action_fails(const Command& c, ErrorKind want, const char* what) {
  auto r = perform(c.action);
  std::string head = std::string(what) + " \"" + c.action.name + "\": ";
  if (r.ok()) return Outcome::fail(head + "returned normally, expected " + kind_name(want) + " \"" + c.message + "\"");
  const Error& e = r.error();
  if (starts_with(e.message, "unsupported")) return Outcome::skip(e.message);
  if (e.kind != want || !starts_with(e.message, c.message)) {
    return Outcome::fail(head + "got " + error_text(e) + ", expected " + kind_name(want) + " \"" + c.message + "\"");
  }
  return Outcome::pass();
}

ScriptRunner::Outcome ScriptRunner::assert_module_fails(const Command& c, ErrorKind want, const char* what) {
  std::string head = std::string(what) + ": ";
  std::string expected = std::string(kind_name(want)) + " \"" + c.message + "\"";
  // The stage that failed shows in the error's kind: Malformed (decoding or parsing, and
  // instruction reading during compilation), Invalid, Link or Trap. A module of an
  // assertion never becomes the current module, whatever happens.
  auto inst = make_instance(c.module);
  if (inst.ok()) return Outcome::fail(head + "module instantiated, expected " + expected);
  const Error& e = inst.error();
  if (e.kind != want || !starts_with(e.message, c.message)) {
    return Outcome::fail(head + "got " + error_text(e) + ", expected " + expected);
  }
  return Outcome::pass();
}

Counts run_script_file(const std::string& path, const RunOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: error: cannot read the file\n", path.c_str());
    return Counts{0, 1, 0};
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string source = ss.str();
  auto script = text::parse_script(source, path, options.features);
  if (!script.ok()) {
    std::string msg = text::format_error(script.error(), path, source);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    std::fprintf(stderr, "%s\n", msg.c_str());
    return Counts{0, 1, 0};
  }
  ScriptRunner runner(options);
  return runner.run(*script);
}

}  // namespace kiln::core::script
