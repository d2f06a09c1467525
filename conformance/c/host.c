/* C host for the conformance vectors: the core translated to C by wasm2c, linked with wabt's wasm-rt
 * runtime, driven through the documented ABI only (alloc/mark/reset, write inputs into linear memory,
 * call, read outputs; the memory pointer is re-read after every call because memory may grow).
 *   host VECTORS-BUILD.txt BUILD RUNTIME-LABEL   → one JSON result line, exit 0 (1 if a case failed) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include "wasm-rt-impl.h"
#include "core.h"
#include "host.h"

#define MAXBUF 16
#define MAXARG 16
#define MAXFAIL 10

typedef struct { char name[32]; int is_i32; uint32_t n; uint32_t ptr; } buf_t;

static Z_core_instance_t inst;
static uint8_t* mem(void) { return Z_coreZ_memory(&inst)->data; }
static uint32_t mem_size(void) { return Z_coreZ_memory(&inst)->size; }

static uint64_t canon(uint64_t b) {
  if ((b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (b & 0x000fffffffffffffull) != 0) return 0x7ff8000000000000ull;
  return b;
}
static double bits_to_f64(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static uint64_t f64_to_bits(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }

static char failures[MAXFAIL][512];
static int nfail_kept = 0;

int main(int argc, char** argv) {
  if (argc < 4) { fprintf(stderr, "usage: host VECTORS BUILD RUNTIME\n"); return 2; }
  FILE* fp = fopen(argv[1], "r");
  if (!fp) { perror(argv[1]); return 2; }
  wasm_rt_init();
  Z_core_init_module();
  Z_core_instantiate(&inst);
  uint32_t start = Z_coreZ_mark(&inst);
  int simd = (Z_coreZ_build_flags(&inst) & 1) != 0;
  int abi = (int)Z_coreZ_abi_version(&inst);

  char* line = NULL; size_t cap = 0;
  char id[256] = "", exp_name[64] = "";
  buf_t bufs[MAXBUF]; int nbufs = 0;
  arg_t args[MAXARG]; int nargs = 0;
  int passed = 0, failed = 0, case_failed = 0, called = 0;
  result_t res;
  while (getline(&line, &cap, fp) > 0) {
    char* save = NULL;
    char* kw = strtok_r(line, " \n", &save);
    if (!kw) continue;
    #define NEXT() strtok_r(NULL, " \n", &save)
    #define FAIL(...) do { if (!case_failed) { failed++; case_failed = 1; if (nfail_kept < MAXFAIL) { snprintf(failures[nfail_kept++], 512, __VA_ARGS__); } } } while (0)
    if (strcmp(kw, "case") == 0) {
      snprintf(id, sizeof id, "%s", NEXT());
      snprintf(exp_name, sizeof exp_name, "%s", NEXT());
      nbufs = 0; nargs = 0; case_failed = 0; called = 0;
      if (Z_coreZ_reset(&inst, start) != 0) FAIL("{\"export\":\"%s\",\"case\":\"%s\",\"what\":\"reset\"}", exp_name, id);
    } else if (strcmp(kw, "buf") == 0) {
      buf_t* b = &bufs[nbufs++];
      snprintf(b->name, sizeof b->name, "%s", NEXT());
      b->is_i32 = strcmp(NEXT(), "i32") == 0;
      b->n = (uint32_t)strtoul(NEXT(), NULL, 10);
      b->ptr = Z_coreZ_alloc(&inst, b->n * (b->is_i32 ? 4 : 8));
      char* tok = NEXT();
      int fill = tok && strcmp(tok, "-") == 0;
      for (uint32_t i = 0; i < b->n; i++) {
        if (b->is_i32) {
          int32_t v = fill ? (int32_t)0xdeadbeef : (int32_t)strtol(tok, NULL, 10);
          memcpy(mem() + b->ptr + 4 * i, &v, 4);
        } else {
          uint64_t v = fill ? 0x4badc0de4badc0deull : strtoull(tok, NULL, 16);
          memcpy(mem() + b->ptr + 8 * i, &v, 8); /* x86-64 is little-endian, like Wasm memory */
        }
        if (!fill) tok = NEXT();
      }
    } else if (strcmp(kw, "arg") == 0) {
      char* k = NEXT(); char* v = NEXT();
      arg_t* a = &args[nargs++]; a->i = 0; a->f = 0;
      switch (k[0]) {
        case 'i': a->i = strtoll(v, NULL, 10); break;
        case 'f': a->f = bits_to_f64(strtoull(v, NULL, 16)); break;
        case 'b': a->i = (int64_t)bufs[atoi(v)].ptr + strtoll(NEXT(), NULL, 10); break;
        case 'r': a->i = (int64_t)start + strtoll(v, NULL, 10); break;
        case 'a': a->i = strtoll(v, NULL, 10); break;
        case 'e': a->i = (int64_t)mem_size() + strtoll(v, NULL, 10); break;
      }
    } else if (strcmp(kw, "ret") == 0) {
      /* The call happens when its expectation is read (all arguments are known by then). */
      wasm_rt_trap_t trap = wasm_rt_impl_try();
      if (trap != 0) { FAIL("{\"export\":\"%s\",\"case\":\"%s\",\"what\":\"trap\",\"expected\":\"no trap\",\"got\":\"trap %d\"}", exp_name, id, (int)trap); called = -1; continue; }
      int rc = call_export(&inst, exp_name, args, nargs, &res);
      called = 1;
      if (rc != 0) { FAIL("{\"export\":\"%s\",\"case\":\"%s\",\"what\":\"dispatch\",\"got\":\"%d\"}", exp_name, id, rc); continue; }
      char* k = NEXT(); char* v = NEXT();
      int ok; char want[64], got[64];
      if (res.is_f) snprintf(got, sizeof got, "%.17g", res.f); else snprintf(got, sizeof got, "%" PRId32, res.i);
      switch (k[0]) {
        case 'i': ok = !res.is_f && res.i == (int32_t)strtol(v, NULL, 10); snprintf(want, sizeof want, "%s", v); break;
        case 'r': ok = !res.is_f && (uint32_t)res.i == start + (uint32_t)strtol(v, NULL, 10); snprintf(want, sizeof want, "%u", start + (uint32_t)strtol(v, NULL, 10)); break;
        case 'm': ok = res.is_f && res.f == (double)mem_size(); snprintf(want, sizeof want, "%u", mem_size()); break;
        case 'f': ok = res.is_f && canon(f64_to_bits(res.f)) == canon(strtoull(v, NULL, 16)); snprintf(want, sizeof want, "%s", v); break;
        default: ok = 0; snprintf(want, sizeof want, "?");
      }
      if (!ok) FAIL("{\"export\":\"%s\",\"case\":\"%s\",\"what\":\"return\",\"expected\":\"%s\",\"got\":\"%s\"}", exp_name, id, want, got);
    } else if (strcmp(kw, "out") == 0) {
      if (called != 1 || case_failed) continue;
      buf_t* b = &bufs[atoi(NEXT())];
      int is_i32 = strcmp(NEXT(), "i32") == 0;
      uint32_t n = (uint32_t)strtoul(NEXT(), NULL, 10);
      for (uint32_t i = 0; i < n; i++) {
        char* v = NEXT();
        if (is_i32) {
          int32_t g; memcpy(&g, mem() + b->ptr + 4 * i, 4);
          if (g != (int32_t)strtol(v, NULL, 10)) { FAIL("{\"export\":\"%s\",\"case\":\"%s\",\"what\":\"%s[%u]\",\"expected\":\"%s\",\"got\":\"%" PRId32 "\"}", exp_name, id, b->name, i, v, g); break; }
        } else {
          uint64_t g; memcpy(&g, mem() + b->ptr + 8 * i, 8);
          if (canon(g) != canon(strtoull(v, NULL, 16))) { FAIL("{\"export\":\"%s\",\"case\":\"%s\",\"what\":\"%s[%u]\",\"expected\":\"%s\",\"got\":\"%016" PRIx64 "\"}", exp_name, id, b->name, i, v, canon(g)); break; }
        }
      }
    } else if (strcmp(kw, "end") == 0) {
      if (!case_failed) passed++;
    }
  }
  printf("{\"runtime\":\"%s\",\"build\":\"%s\",\"simd\":%s,\"abiVersion\":%d,\"passed\":%d,\"failed\":%d,\"skipped\":0,\"failures\":[",
         argv[3], argv[2], simd ? "true" : "false", abi, passed, failed);
  for (int i = 0; i < nfail_kept; i++) printf("%s%s", i ? "," : "", failures[i]);
  printf("]}\n");
  free(line);
  fclose(fp);
  Z_core_free(&inst);
  wasm_rt_free();
  return failed ? 1 : 0;
}
