/* The blur of blur.c with its inner loops written with <wasm_simd128.h> intrinsics when
 * compiled with -msimd128 (and as blur.c otherwise): hand-written SIMD beside what the
 * vectorizer makes of the plain C. Same picture, same checksum. */
#define BLUR_INTRINSICS 1
#include "blur.c"
