// kiln-fuzzgen: writes modules of the generator (generator.h) to a directory.
//   kiln-fuzzgen --seed S [--count N] [--simd | --relaxed-simd] --out DIR
// writes DIR/gen-S.wasm ... DIR/gen-(S+N-1).wasm; --simd adds v128 code (Options::simd),
// --relaxed-simd the relaxed SIMD instructions too (not for differential runs).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "generator.h"

int main(int argc, char** argv) {
  uint64_t seed = 0, count = 1;
  const char* out = nullptr;
  kiln::fuzzgen::Options options;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (!std::strcmp(argv[i], "--count") && i + 1 < argc) {
      count = std::strtoull(argv[++i], nullptr, 10);
    } else if (!std::strcmp(argv[i], "--out") && i + 1 < argc) {
      out = argv[++i];
    } else if (!std::strcmp(argv[i], "--simd")) {
      options.simd = true;
    } else if (!std::strcmp(argv[i], "--relaxed-simd")) {
      options.simd = options.relaxed_simd = true;
    } else {
      std::fprintf(stderr, "kiln-fuzzgen: unknown argument %s\n", argv[i]);
      out = nullptr;
      break;
    }
  }
  if (!out) {
    std::fprintf(stderr, "usage: kiln-fuzzgen --seed S [--count N] [--simd | --relaxed-simd] --out DIR\n");
    return 2;
  }
  for (uint64_t s = seed; s < seed + count; ++s) {
    kiln::fuzzgen::Source src = kiln::fuzzgen::Source::from_seed(s);
    std::vector<uint8_t> m = kiln::fuzzgen::generate_module(src, options);
    std::string path = std::string(out) + "/gen-" + std::to_string(s) + ".wasm";
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || std::fwrite(m.data(), 1, m.size(), f) != m.size() || std::fclose(f) != 0) {
      std::fprintf(stderr, "kiln-fuzzgen: cannot write %s\n", path.c_str());
      return 1;
    }
  }
  return 0;
}
