#include "module_file.h"

#include <fstream>
#include <sstream>

#include "binary/decoder.h"
#include "text/diagnostic.h"
#include "text/parser.h"

namespace kiln::core::tools {

Result<ModuleFile> read_module_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error("cannot read " + path, ErrorKind::Io);
  ModuleFile f;
  // Straight into the string when the size is known (a regular file), else through a
  // stream buffer (a pipe).
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0 && in) {
    f.bytes.resize(static_cast<size_t>(size));
    in.read(f.bytes.data(), size);
    if (in.gcount() != size) return Error("cannot read " + path, ErrorKind::Io);
  } else {
    in.clear();
    std::stringstream ss;
    ss << in.rdbuf();
    f.bytes = ss.str();
  }
  f.binary = f.bytes.size() >= 4 && f.bytes.compare(0, 4, std::string("\0asm", 4)) == 0;
  return f;
}

Result<Module> load_module(const ModuleFile& file, const Features& features) {
  if (file.binary) {
    return decode_module(reinterpret_cast<const uint8_t*>(file.bytes.data()), file.bytes.size(), features);
  }
  return text::parse_module(file.bytes, features, &file.parse_errors);
}

Result<std::shared_ptr<const rt::CompiledModule>> compile_binary_file(ModuleFile& file, const std::string& path,
                                                                      const Features& features) {
  // interp::compile_binary's two ways, with the bytes dropped in between.
  auto fast = decode_module_unscanned(reinterpret_cast<const uint8_t*>(file.bytes.data()), file.bytes.size(),
                                      features, 0);
  if (fast.ok()) {
    release_binary_bytes(file);
    auto compiled = interp::compile(std::move(*fast), features);
    if (compiled.ok()) return compiled;
    KILN_ASSIGN(ModuleFile again, read_module_file(path));
    file.bytes = std::move(again.bytes);
  }
  KILN_ASSIGN(Module m, load_module(file, features));
  release_binary_bytes(file);
  return interp::compile(std::move(m), features);
}

namespace {

std::string without_final_newlines(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

}  // namespace

std::string format_file_error(const Error& e, const std::string& path, const ModuleFile* file) {
  std::string_view source;
  if (file && !file->binary) source = file->bytes;
  if (file && !file->binary && file->parse_errors.size() > 1 && e.line == file->parse_errors.front().line &&
      e.column == file->parse_errors.front().column && e.message == file->parse_errors.front().message) {
    std::string all;
    for (const Error& each : file->parse_errors) all += text::format_error(each, path, source);
    return without_final_newlines(std::move(all));
  }
  if (file && !file->binary && e.line == 0) {
    // A validation error in a text module: its offset is into the encoded function body,
    // which means nothing to the reader of the source.
    Error bare = e;
    bare.offset = Error::kNoOffset;
    return without_final_newlines(text::format_error(bare, path, source));
  }
  return without_final_newlines(text::format_error(e, path, source));
}

}  // namespace kiln::core::tools
