#ifndef CONFORMANCE_HOST_H
#define CONFORMANCE_HOST_H
#include <stdint.h>
typedef struct { int64_t i; double f; } arg_t;
typedef struct { int is_f; int32_t i; double f; } result_t;
/* 0 on success, -1 wrong argument count, -2 unknown export (generated in dispatch.c). */
int call_export(Z_core_instance_t* inst, const char* name, const arg_t* a, int nargs, result_t* r);
#endif
