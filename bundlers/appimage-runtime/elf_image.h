/* Where an ELF file ends and where its sections are, read through a callback
 * so that the same code serves the runtime (reading itself through a file
 * descriptor) and weft (reading a runtime it is about to embed). An AppImage's
 * payload starts where the ELF ends: the furthest byte named by the ELF
 * header, the program headers, the section headers or any section or segment
 * with file contents. Both classes (32/64-bit) and both byte orders. */
#ifndef WEFT_APPIMAGE_ELF_IMAGE_H
#define WEFT_APPIMAGE_ELF_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Reads exactly `length` bytes at `offset`; returns 0, or -1 when it cannot
 * (I/O error or past the end). */
typedef int (*weft_elf_reader)(void *context, uint64_t offset, void *buffer, size_t length);

typedef enum {
  WEFT_ELF_OK = 0,
  WEFT_ELF_IO,        /* a read failed or the file is shorter than its headers say */
  WEFT_ELF_NOT_ELF,   /* no ELF magic, unknown class or byte order */
  WEFT_ELF_MALFORMED, /* inconsistent header values */
  WEFT_ELF_NOT_FOUND  /* no section of that name (with file contents) */
} weft_elf_status;

typedef struct {
  uint64_t offset;
  uint64_t size;
} weft_elf_range;

/* The number of bytes the ELF occupies from the start of the file. */
weft_elf_status weft_elf_end(weft_elf_reader read, void *context, uint64_t *end);

/* The file range of the section called `name`. Sections without file
 * contents (SHT_NOBITS) are not found. */
weft_elf_status weft_elf_find_section(weft_elf_reader read, void *context, const char *name,
                                      weft_elf_range *range);

/* "not an ELF file", … */
const char *weft_elf_status_text(weft_elf_status status);

/* Readers: `context` points to an int file descriptor (pread), or to a
 * weft_elf_memory. */
int weft_elf_read_fd(void *context, uint64_t offset, void *buffer, size_t length);

typedef struct {
  const unsigned char *data;
  size_t size;
} weft_elf_memory;

int weft_elf_read_memory(void *context, uint64_t offset, void *buffer, size_t length);

#ifdef __cplusplus
}
#endif

#endif
