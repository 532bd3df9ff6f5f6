// interp::compile: module rules, canonical types, then one validate-and-translate pass
// over every function body.
#include <memory>

#include "interp/code.h"
#include "interp/interp.h"
#include "interp/translate.h"
#include "runtime/type_registry.h"
#include "valid/func_validator.h"
#include "valid/module_rules.h"

namespace kiln::core {

rt::CompiledModule::~CompiledModule() = default;

namespace interp {

Result<std::shared_ptr<const rt::CompiledModule>> compile(Module module, const Features& features) {
  return compile(std::move(module), features, CompileOptions{});
}

Result<std::shared_ptr<const rt::CompiledModule>> compile(Module module, const Features& features,
                                                          const CompileOptions& options) {
  KILN_TRY(validate_module_rules(module, features));
  auto cm = std::make_shared<rt::CompiledModule>();
  cm->module = std::move(module);
  const Module& m = cm->module;
  cm->canonical_types = rt::canonicalize_types(m);
  cm->code = std::make_unique<ModuleCode>();
  cm->code->funcs.resize(m.funcs.size());
  ModuleContext ctx(m, features, cm->canonical_types);
  for (uint32_t i = 0; i < m.funcs.size(); ++i) {
    Translator t(m, features, cm->canonical_types, cm->code->funcs[i]);
    t.set_optimize(options.optimize);
    KILN_TRY(validate_function(ctx, m.num_imported_funcs + i, &t));
  }
  return std::shared_ptr<const rt::CompiledModule>(std::move(cm));
}

const FunctionCode* function_code(const rt::CompiledModule& cm, uint32_t defined_index) {
  return &cm.code->funcs[defined_index];
}

}  // namespace interp
}  // namespace kiln::core
