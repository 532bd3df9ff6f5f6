#include "io.h"

#include <cstdio>

namespace kiln::core::tools {

namespace {

// Reads `f` to its end; false on a read error.
bool read_all(std::FILE* f, std::string& out) {
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return !std::ferror(f);
}

}  // namespace

Result<std::string> read_input(const std::string& path) {
  std::string out;
  if (path == "-") {
    if (!read_all(stdin, out)) return Error("cannot read standard input", ErrorKind::Io);
    return out;
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Error("cannot read " + path, ErrorKind::Io);
  bool ok = read_all(f, out);
  std::fclose(f);
  if (!ok) return Error("cannot read " + path, ErrorKind::Io);
  return out;
}

Status write_output(const std::string& path, std::string_view data) {
  if (path == "-") {
    bool ok = std::fwrite(data.data(), 1, data.size(), stdout) == data.size();
    ok = std::fflush(stdout) == 0 && ok;
    if (!ok) return Error("cannot write standard output", ErrorKind::Io);
    return Ok();
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return Error("cannot write " + path, ErrorKind::Io);
  bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) return Error("cannot write " + path, ErrorKind::Io);
  return Ok();
}

std::string replace_extension(const std::string& path, std::string_view ext) {
  size_t slash = path.find_last_of('/');
  size_t dot = path.find_last_of('.');
  size_t name_start = slash == std::string::npos ? 0 : slash + 1;
  if (dot == std::string::npos || dot <= name_start) return path + std::string(ext);
  return path.substr(0, dot) + std::string(ext);
}

}  // namespace kiln::core::tools
