// reflect: lists a module's imports and exports with their types, without instantiating
// it. With a FILE argument (.wasm, or .wat text) it lists that module; otherwise a built-in
// one with every kind of import and export.
#include <kiln/kiln.hh>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

static const char* kWat = R"((module
  (import "env" "log" (func (param i32 i64)))
  (import "env" "memory" (memory 1 16))
  (import "env" "table" (table 4 funcref))
  (import "env" "offset" (global i32))
  (func (export "run") (param f32 f64) (result i32 i32) (i32.const 1) (i32.const 2))
  (func (export "nothing"))
  (global (export "counter") (mut i64) (i64.const 0))
  (table (export "refs") 0 externref)
  (memory (export "heap") 2)
  (tag (export "oops") (param i32)))
)";

static std::string limits(uint64_t minimum, const std::optional<uint64_t>& maximum) {
  return std::to_string(minimum) + (maximum ? ".." + std::to_string(*maximum) : "..");
}

// One line per type, in the spirit of the text format.
static std::string describe(const kiln::ExternType& type) {
  struct Describe {
    std::string operator()(const kiln::FuncType& t) const { return "func " + t.to_string(); }
    std::string operator()(const kiln::TableType& t) const {
      return "table " + limits(t.minimum, t.maximum) + " " + t.element.to_string();
    }
    std::string operator()(const kiln::MemoryType& t) const {
      return "memory " + limits(t.minimum, t.maximum) + " pages" + (t.memory64 ? " i64" : "") + (t.shared ? " shared" : "");
    }
    std::string operator()(const kiln::GlobalType& t) const {
      return std::string("global ") + (t.mutable_ ? "mut " : "const ") + t.content.to_string();
    }
    std::string operator()(const kiln::TagType& t) const { return "tag " + t.params.to_string(); }
  };
  return std::visit(Describe{}, type);
}

int main(int argc, char** argv) {
  kiln::Config config;
  config.set_feature("exceptions", true);
  kiln::Engine engine(config);
  kiln::Result<kiln::Module> module = kiln::Error(kiln::Error::Kind::Other, "no module");
  if (argc > 1) {
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", argv[1]);
      return 1;
    }
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    bool binary = bytes.size() >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm';
    module = binary ? kiln::Module::compile(engine, bytes)
                    : kiln::Module::compile_text(engine, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  } else {
    module = kiln::Module::compile_text(engine, kWat);
  }
  if (!module.ok()) {
    std::fprintf(stderr, "%s\n", module.error().to_string().c_str());
    return 1;
  }
  std::vector<kiln::ImportType> imports = module->imports();
  std::printf("%zu imports:\n", imports.size());
  for (const kiln::ImportType& i : imports) {
    std::printf("  \"%s\" \"%s\": %s\n", i.module.c_str(), i.name.c_str(), describe(i.type).c_str());
  }
  std::vector<kiln::ExportType> exports = module->exports();
  std::printf("%zu exports:\n", exports.size());
  for (const kiln::ExportType& e : exports) std::printf("  \"%s\": %s\n", e.name.c_str(), describe(e.type).c_str());
  return 0;
}
