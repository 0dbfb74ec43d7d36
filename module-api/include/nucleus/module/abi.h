/*
 * The module ABI: the plain C contract between the `nucleus` binary and a module
 * library (a shared object loaded with dlopen).
 *
 * A module library exports exactly one symbol, `nucleus_module_library`
 * (NUCLEUS_MODULE_ENTRY_SYMBOL). It returns a pointer to a static
 * NucleusModuleLibrary that describes the library: the ABI version it speaks, the
 * toolchain fingerprint it was built with (see fingerprint.hpp), the Nucleus
 * version whose SDK built it, and its module descriptors.
 *
 * Compatibility rules:
 *  - The first three fields of NucleusModuleLibrary (abi_version, fingerprint,
 *    nucleus_version) never move, so any Nucleus can read them from any library
 *    and name the mismatch.
 *  - Everything after them may change only together with
 *    NUCLEUS_MODULE_ABI_VERSION.
 *  - C++ types cross behind this C surface (kind interfaces, Host, protobuf
 *    messages), so the loader also insists on a byte-identical fingerprint.
 *  - Nothing is thrown across: `compatible` and `create` report failures by
 *    writing text into the caller's buffer.
 *
 * Module authors do not fill these structs by hand: module.hpp builds them from C++
 * factories (see NUCLEUS_MODULE_LIBRARY).
 *
 * Thread safety: the returned structs are immutable. The loader calls `compatible`
 * and `create` at process start-up, from one thread; `destroy` runs on whichever
 * thread releases the instance.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Bumped whenever anything after the first three fields of NucleusModuleLibrary,
 * or anything in NucleusModuleDescriptor, changes. */
#define NUCLEUS_MODULE_ABI_VERSION 1u

/* The one symbol a module library exports. */
#define NUCLEUS_MODULE_ENTRY_SYMBOL "nucleus_module_library"

#if defined(__GNUC__)
#define NUCLEUS_MODULE_EXPORT __attribute__((visibility("default")))
#else
#define NUCLEUS_MODULE_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* One manifest parameter: {"key": "...", "value": "..."}. */
typedef struct NucleusModuleParameter {
  const char* key;
  const char* value;
} NucleusModuleParameter;

/* What the host tells a module's `compatible` check about itself. Fields are only
 * ever appended; `size` is sizeof(NucleusModuleHostInfo) as the host knows it. */
typedef struct NucleusModuleHostInfo {
  size_t size;
  uint32_t abi_version;
  const char* nucleus_version; /* e.g. "0.1.0" */
  const char* fingerprint;     /* the host's toolchain fingerprint */
} NucleusModuleHostInfo;

/* Returns nonzero when the module can run in this host. Otherwise returns 0 and
 * writes the reason (NUL-terminated, truncated to reason_size) into `reason`. */
typedef int (*NucleusModuleCompatibleFn)(const NucleusModuleHostInfo* host, char* reason,
                                         size_t reason_size);

/* Creates an instance from the manifest parameters. `host` is the kernel's
 * nucleus::module::Host for this instance. Returns the instance (a pointer to the
 * kind's C++ interface, e.g. nucleus::module::HttpRoute*) or NULL with the reason
 * written into `error` (NUL-terminated, truncated to error_size). */
typedef void* (*NucleusModuleCreateFn)(const NucleusModuleParameter* parameters,
                                       size_t parameter_count, void* host, char* error,
                                       size_t error_size);

/* Destroys an instance returned by `create`. */
typedef void (*NucleusModuleDestroyFn)(void* instance);

typedef struct NucleusModuleDescriptor {
  const char* name;        /* unique across all loaded libraries, e.g. "org_nucleus_http_hello" */
  const char* kind;        /* e.g. "http_route" */
  uint32_t kind_version;   /* the version of the kind's interface the module implements */
  const char* author;      /* who to ask about the module */
  const char* description; /* one line, shown by introspection */
  NucleusModuleCompatibleFn compatible; /* optional (NULL) */
  NucleusModuleCreateFn create;
  NucleusModuleDestroyFn destroy;
} NucleusModuleDescriptor;

typedef struct NucleusModuleLibrary {
  /* These three never move across ABI versions. */
  uint32_t abi_version;        /* NUCLEUS_MODULE_ABI_VERSION when built */
  const char* fingerprint;     /* NUCLEUS_MODULE_FINGERPRINT when built */
  const char* nucleus_version; /* the Nucleus version whose SDK built the library */

  const NucleusModuleDescriptor* modules;
  size_t module_count;
} NucleusModuleLibrary;

typedef const NucleusModuleLibrary* (*NucleusModuleLibraryFn)(void);

/* The entry point; defined by NUCLEUS_MODULE_LIBRARY (module.hpp). */
NUCLEUS_MODULE_EXPORT const NucleusModuleLibrary* nucleus_module_library(void);

#ifdef __cplusplus
}
#endif
