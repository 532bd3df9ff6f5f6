/* nbody: f64 floating point with sqrt. A generated (softened) system of bodies around a
   heavy central mass is advanced with a symplectic Euler step; the energy
   before and after is printed with 9 decimals and the drift must stay small. */
#include <math.h>
#include "bench.h"

#define BODIES 64
#define STEPS 50000
#define DT 0.0005
#define SOFT2 0.01  /* softening: eps^2 added to every squared distance */

static const char *NAME = "nbody";

typedef struct { double x, y, z, vx, vy, vz, m; } body;
static body bs[BODIES];

static double energy(void) {
  double e = 0.0;
  for (int i = 0; i < BODIES; ++i) {
    const body *a = &bs[i];
    e += 0.5 * a->m * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
    for (int j = i + 1; j < BODIES; ++j) {
      const body *c = &bs[j];
      double dx = a->x - c->x, dy = a->y - c->y, dz = a->z - c->z;
      e -= a->m * c->m / sqrt(dx * dx + dy * dy + dz * dz + SOFT2);
    }
  }
  return e;
}

static void advance(double dt) {
  for (int i = 0; i < BODIES; ++i) {
    body *a = &bs[i];
    for (int j = i + 1; j < BODIES; ++j) {
      body *c = &bs[j];
      double dx = a->x - c->x, dy = a->y - c->y, dz = a->z - c->z;
      double d2 = dx * dx + dy * dy + dz * dz + SOFT2;
      double mag = dt / (d2 * sqrt(d2));
      a->vx -= dx * c->m * mag; a->vy -= dy * c->m * mag; a->vz -= dz * c->m * mag;
      c->vx += dx * a->m * mag; c->vy += dy * a->m * mag; c->vz += dz * a->m * mag;
    }
  }
  for (int i = 0; i < BODIES; ++i) {
    body *a = &bs[i];
    a->x += dt * a->vx; a->y += dt * a->vy; a->z += dt * a->vz;
  }
}

static double unit(bench_rng *r) { return (double)(rng_u32(r) >> 8) / 16777216.0; }

int main(void) {
  bench_rng rng = {0x0B0D1E5};
  bs[0] = (body){0, 0, 0, 0, 0, 0, 1000.0};
  for (int i = 1; i < BODIES; ++i) {
    /* Roughly circular orbits at radius 5..25 in a thick disc. */
    /* The direction comes from rejection sampling, not cos/sin: libm's
       transcendental functions differ in the last bit between C libraries
       (glibc vs wasi-libc), which the chaotic system would amplify. Only
       +, -, *, / and sqrt are used, all correctly rounded everywhere. */
    double rad = 5.0 + 20.0 * unit(&rng), c, s, l2;
    do {
      c = 2.0 * unit(&rng) - 1.0;
      s = 2.0 * unit(&rng) - 1.0;
      l2 = c * c + s * s;
    } while (l2 > 1.0 || l2 < 0.01);
    double l = sqrt(l2), v = sqrt(1000.0 / rad);
    c /= l;
    s /= l;
    bs[i] = (body){rad * c, rad * s, (unit(&rng) - 0.5), -v * s, v * c, 0.0, 0.01 + unit(&rng)};
  }
  /* Zero the total momentum. */
  double px = 0, py = 0, pz = 0;
  for (int i = 1; i < BODIES; ++i) { px += bs[i].vx * bs[i].m; py += bs[i].vy * bs[i].m; pz += bs[i].vz * bs[i].m; }
  bs[0].vx = -px / bs[0].m; bs[0].vy = -py / bs[0].m; bs[0].vz = -pz / bs[0].m;

  double e0 = energy();
  printf("energy before: %.9f\n", e0);
  for (int s = 0; s < STEPS; ++s) advance(DT);
  double e1 = energy();
  printf("energy after:  %.9f\n", e1);
  bench_check(NAME, fabs((e1 - e0) / e0) < 1e-3, "energy drift too large");
  uint32_t ck = 0;
  for (int i = 0; i < BODIES; ++i) {
    ck = ck_mix64(ck, (uint64_t)llround(bs[i].x * 1e6));
    ck = ck_mix64(ck, (uint64_t)llround(bs[i].vy * 1e6));
  }
  ck = ck_mix64(ck, (uint64_t)llround(e1 * 1e6));
  return bench_done(NAME, ck);
}
