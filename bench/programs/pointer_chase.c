/* pointer_chase: malloc/free-heavy pointer structures. A singly linked list
   built in shuffled memory order and walked, an unbalanced binary search tree
   with inserts, lookups and deletes (in-order walk must be sorted), and a hash
   table with chaining whose counts are checked against the tree's. */
#include "bench.h"

#define NODES 60000    /* keys per round */
#define ROUNDS 8
#define BUCKETS 16384

static const char *NAME = "pointer_chase";

typedef struct lnode { struct lnode *next; uint32_t v; } lnode;
typedef struct tnode { struct tnode *l, *r; uint32_t key, count; } tnode;
typedef struct hnode { struct hnode *next; uint32_t key, val; } hnode;

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p) bench_fail(NAME, "out of memory");
  return p;
}

static tnode *tree_insert(tnode *t, uint32_t key) {
  tnode **p = &t;
  while (*p) {
    if (key == (*p)->key) { (*p)->count++; return t; }
    p = key < (*p)->key ? &(*p)->l : &(*p)->r;
  }
  tnode *n = xmalloc(sizeof *n);
  n->l = n->r = NULL; n->key = key; n->count = 1;
  *p = n;
  return t;
}

static tnode *tree_find(tnode *t, uint32_t key) {
  while (t && t->key != key) t = key < t->key ? t->l : t->r;
  return t;
}

static tnode *tree_delete(tnode *t, uint32_t key, int *found) {
  tnode **p = &t;
  while (*p && (*p)->key != key) p = key < (*p)->key ? &(*p)->l : &(*p)->r;
  if (!*p) return t;
  *found = 1;
  tnode *n = *p;
  if (!n->l) *p = n->r;
  else if (!n->r) *p = n->l;
  else {  /* replace with the minimum of the right subtree */
    tnode **m = &n->r;
    while ((*m)->l) m = &(*m)->l;
    tnode *s = *m;
    *m = s->r;
    s->l = n->l; s->r = n->r;
    *p = s;
  }
  free(n);
  return t;
}

static uint32_t last_key;
static uint32_t walk_count;
static int walk_sorted;
static uint32_t tree_walk(const tnode *t, uint32_t h) {
  /* in-order, recursive (depth stays small for random keys) */
  if (!t) return h;
  h = tree_walk(t->l, h);
  if (walk_count > 0 && t->key <= last_key) walk_sorted = 0;
  last_key = t->key;
  ++walk_count;
  h = ck_mix(h, t->key ^ t->count);
  return tree_walk(t->r, h);
}

static void tree_free(tnode *t) {
  while (t) {
    if (t->l) {  /* rotate right to free without recursion */
      tnode *l = t->l;
      t->l = l->r; l->r = t; t = l;
    } else {
      tnode *r = t->r;
      free(t);
      t = r;
    }
  }
}

static hnode *table[BUCKETS];
static uint32_t hslot(uint32_t k) { return (k * 2654435761u) >> (32 - 14); }

int main(void) {
  bench_rng rng = {0x9017E5};
  uint32_t ck = 0;
  static uint32_t keys[NODES];
  static lnode *nodes[NODES];
  for (int r = 0; r < ROUNDS; ++r) {
    for (int i = 0; i < NODES; ++i) keys[i] = rng_below(&rng, NODES * 2);
    /* linked list: allocate, link in shuffled order, walk many times */
    for (int i = 0; i < NODES; ++i) { nodes[i] = xmalloc(sizeof(lnode)); nodes[i]->v = keys[i]; }
    for (int i = NODES - 1; i > 0; --i) {
      int j = (int)rng_below(&rng, (uint32_t)i + 1);
      lnode *t = nodes[i]; nodes[i] = nodes[j]; nodes[j] = t;
    }
    for (int i = 0; i < NODES; ++i) nodes[i]->next = i + 1 < NODES ? nodes[i + 1] : NULL;
    uint64_t lsum = 0;
    for (int pass = 0; pass < 20; ++pass)
      for (lnode *p = nodes[0]; p; p = p->next) lsum += p->v ^ (uint32_t)pass;
    for (int i = 0; i < NODES; ++i) free(nodes[i]);
    ck = ck_mix64(ck, lsum);

    /* tree and hash table fed the same keys */
    tnode *t = NULL;
    for (int i = 0; i < NODES; ++i) {
      t = tree_insert(t, keys[i]);
      hnode **b = &table[hslot(keys[i])];
      hnode *h = *b;
      while (h && h->key != keys[i]) h = h->next;
      if (h) h->val++;
      else { h = xmalloc(sizeof *h); h->key = keys[i]; h->val = 1; h->next = *b; *b = h; }
    }
    uint32_t hits = 0;
    for (uint32_t k = 0; k < NODES * 2; ++k) {
      tnode *n = tree_find(t, k);
      hnode *h = table[hslot(k)];
      while (h && h->key != k) h = h->next;
      if ((n == NULL) != (h == NULL) || (n && n->count != h->val))
        bench_fail(NAME, "tree and hash table disagree");
      if (n) ++hits;
    }
    /* delete every key with an odd key from both */
    uint32_t deleted = 0;
    for (uint32_t k = 1; k < NODES * 2; k += 2) {
      int found = 0;
      t = tree_delete(t, k, &found);
      hnode **b = &table[hslot(k)];
      while (*b && (*b)->key != k) b = &(*b)->next;
      if ((*b != NULL) != found) bench_fail(NAME, "delete: tree and hash table disagree");
      if (*b) { hnode *d = *b; *b = d->next; free(d); ++deleted; }
    }
    last_key = 0; walk_count = 0; walk_sorted = 1;
    uint32_t th = tree_walk(t, 0);
    bench_check(NAME, walk_sorted, "tree in-order walk not sorted");
    bench_check(NAME, walk_count == hits - deleted, "tree size wrong after deletes");
    tree_free(t);
    for (int i = 0; i < BUCKETS; ++i) {
      hnode *h = table[i];
      while (h) { hnode *n = h->next; free(h); h = n; }
      table[i] = NULL;
    }
    ck = ck_mix(ck, th); ck = ck_mix(ck, hits); ck = ck_mix(ck, deleted);
    printf("round %d: list sum %llu, %u distinct keys, %u deleted\n", r, (unsigned long long)lsum,
           (unsigned)hits, (unsigned)deleted);
  }
  return bench_done(NAME, ck);
}
