#include "elf_image.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* Offsets and sizes from the ELF specification (System V gABI), per class. */
typedef struct {
  size_t ehdr_size;
  size_t phoff, shoff, ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
  size_t shdr_size, sh_name, sh_type, sh_offset, sh_size, sh_link;
  size_t phdr_size, p_offset, p_filesz;
  size_t word; /* size of offsets and sizes: 4 or 8 */
} layout;

static const layout k_elf32 = {52, 28, 32, 40, 42, 44, 46, 48, 50, 40, 0, 4, 16, 20, 24, 32, 4, 16, 4};
static const layout k_elf64 = {64, 32, 40, 52, 54, 56, 58, 60, 62, 64, 0, 4, 24, 32, 40, 56, 8, 32, 8};

enum {
  k_sht_nobits = 8,
  k_shn_xindex = 0xffff,
  /* Bounds the work on a hostile file; real executables have under a hundred. */
  k_max_sections = 1 << 16,
  k_max_segments = 1 << 16,
  k_max_name = 256
};

typedef struct {
  weft_elf_reader read;
  void *context;
  const layout *lay;
  int big_endian;
  unsigned char header[64];
  uint64_t shoff, phoff;
  uint64_t shnum, phnum, shentsize, phentsize, shstrndx;
} elf;

static uint64_t decode(const elf *e, const unsigned char *p, size_t width) {
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i) {
    size_t index = e->big_endian ? i : width - 1 - i;
    value = (value << 8) | p[index];
  }
  return value;
}

static uint64_t header_field(const elf *e, size_t offset, size_t width) { return decode(e, e->header + offset, width); }

/* Sets *out to a + b * c; 0 on overflow. */
static int span(uint64_t a, uint64_t b, uint64_t c, uint64_t *out) {
  if (c != 0 && b > (UINT64_MAX - a) / c) return 0;
  *out = a + b * c;
  return 1;
}

static weft_elf_status read_section_header(const elf *e, uint64_t index, unsigned char *buffer) {
  uint64_t at;
  if (!span(e->shoff, index, e->shentsize, &at)) return WEFT_ELF_MALFORMED;
  return e->read(e->context, at, buffer, e->lay->shdr_size) == 0 ? WEFT_ELF_OK : WEFT_ELF_IO;
}

static weft_elf_status open_elf(elf *e, weft_elf_reader read, void *context) {
  memset(e, 0, sizeof *e);
  e->read = read;
  e->context = context;
  if (read(context, 0, e->header, 16) != 0) return WEFT_ELF_NOT_ELF;
  if (memcmp(e->header, "\x7f" "ELF", 4) != 0) return WEFT_ELF_NOT_ELF;
  if (e->header[4] == 1) {
    e->lay = &k_elf32;
  } else if (e->header[4] == 2) {
    e->lay = &k_elf64;
  } else {
    return WEFT_ELF_NOT_ELF;
  }
  if (e->header[5] != 1 && e->header[5] != 2) return WEFT_ELF_NOT_ELF;
  e->big_endian = e->header[5] == 2;
  if (read(context, 0, e->header, e->lay->ehdr_size) != 0) return WEFT_ELF_IO;

  const layout *l = e->lay;
  e->phoff = header_field(e, l->phoff, l->word);
  e->shoff = header_field(e, l->shoff, l->word);
  e->phentsize = header_field(e, l->phentsize, 2);
  e->phnum = header_field(e, l->phnum, 2);
  e->shentsize = header_field(e, l->shentsize, 2);
  e->shnum = header_field(e, l->shnum, 2);
  e->shstrndx = header_field(e, l->shstrndx, 2);
  if (header_field(e, l->ehsize, 2) < l->ehdr_size) return WEFT_ELF_MALFORMED;
  if (e->phnum > 0 && e->phentsize < l->phdr_size) return WEFT_ELF_MALFORMED;

  if (e->shoff == 0) {
    e->shnum = 0;
    return WEFT_ELF_OK;
  }
  if (e->shentsize < l->shdr_size) return WEFT_ELF_MALFORMED;
  /* Extended numbering: section 0 holds the real count and string index. */
  if (e->shnum == 0 || e->shstrndx == k_shn_xindex) {
    unsigned char first[64];
    weft_elf_status status = read_section_header(e, 0, first);
    if (status != WEFT_ELF_OK) return status;
    if (e->shnum == 0) e->shnum = decode(e, first + l->sh_size, l->word);
    if (e->shstrndx == k_shn_xindex) e->shstrndx = decode(e, first + l->sh_link, 4);
  }
  if (e->shnum > k_max_sections || e->phnum > k_max_segments) return WEFT_ELF_MALFORMED;
  return WEFT_ELF_OK;
}

weft_elf_status weft_elf_end(weft_elf_reader read, void *context, uint64_t *end) {
  elf e;
  weft_elf_status status = open_elf(&e, read, context);
  if (status != WEFT_ELF_OK) return status;
  const layout *l = e.lay;

  uint64_t furthest = l->ehdr_size;
  uint64_t candidate;
  if (!span(e.phoff, e.phnum, e.phentsize, &candidate)) return WEFT_ELF_MALFORMED;
  if (candidate > furthest) furthest = candidate;
  if (!span(e.shoff, e.shnum, e.shentsize, &candidate)) return WEFT_ELF_MALFORMED;
  if (candidate > furthest) furthest = candidate;

  unsigned char entry[64];
  for (uint64_t i = 0; i < e.shnum; ++i) {
    status = read_section_header(&e, i, entry);
    if (status != WEFT_ELF_OK) return status;
    if (decode(&e, entry + l->sh_type, 4) == k_sht_nobits) continue;
    uint64_t offset = decode(&e, entry + l->sh_offset, l->word);
    uint64_t size = decode(&e, entry + l->sh_size, l->word);
    if (!span(offset, size, 1, &candidate)) return WEFT_ELF_MALFORMED;
    if (candidate > furthest) furthest = candidate;
  }
  for (uint64_t i = 0; i < e.phnum; ++i) {
    uint64_t at;
    if (!span(e.phoff, i, e.phentsize, &at)) return WEFT_ELF_MALFORMED;
    if (read(context, at, entry, l->phdr_size) != 0) return WEFT_ELF_IO;
    uint64_t offset = decode(&e, entry + l->p_offset, l->word);
    uint64_t size = decode(&e, entry + l->p_filesz, l->word);
    if (!span(offset, size, 1, &candidate)) return WEFT_ELF_MALFORMED;
    if (candidate > furthest) furthest = candidate;
  }
  /* The headers must really be there: a truncated file has no payload. */
  unsigned char last;
  if (read(context, furthest - 1, &last, 1) != 0) return WEFT_ELF_IO;
  *end = furthest;
  return WEFT_ELF_OK;
}

weft_elf_status weft_elf_find_section(weft_elf_reader read, void *context, const char *name,
                                      weft_elf_range *range) {
  elf e;
  weft_elf_status status = open_elf(&e, read, context);
  if (status != WEFT_ELF_OK) return status;
  if (e.shnum == 0) return WEFT_ELF_NOT_FOUND;
  if (e.shstrndx >= e.shnum) return WEFT_ELF_MALFORMED;
  const layout *l = e.lay;

  unsigned char entry[64];
  status = read_section_header(&e, e.shstrndx, entry);
  if (status != WEFT_ELF_OK) return status;
  uint64_t strtab_offset = decode(&e, entry + l->sh_offset, l->word);
  uint64_t strtab_size = decode(&e, entry + l->sh_size, l->word);

  size_t wanted = strlen(name) + 1;
  if (wanted > k_max_name) return WEFT_ELF_NOT_FOUND;
  char candidate[k_max_name];
  for (uint64_t i = 0; i < e.shnum; ++i) {
    status = read_section_header(&e, i, entry);
    if (status != WEFT_ELF_OK) return status;
    uint64_t name_offset = decode(&e, entry + l->sh_name, 4);
    if (name_offset >= strtab_size || strtab_size - name_offset < wanted) continue;
    if (read(context, strtab_offset + name_offset, candidate, wanted) != 0) return WEFT_ELF_IO;
    if (memcmp(candidate, name, wanted) != 0) continue;
    if (decode(&e, entry + l->sh_type, 4) == k_sht_nobits) return WEFT_ELF_NOT_FOUND;
    range->offset = decode(&e, entry + l->sh_offset, l->word);
    range->size = decode(&e, entry + l->sh_size, l->word);
    uint64_t section_end;
    if (!span(range->offset, range->size, 1, &section_end)) return WEFT_ELF_MALFORMED;
    return WEFT_ELF_OK;
  }
  return WEFT_ELF_NOT_FOUND;
}

const char *weft_elf_status_text(weft_elf_status status) {
  switch (status) {
  case WEFT_ELF_OK: return "ok";
  case WEFT_ELF_IO: return "cannot read the ELF headers (truncated file?)";
  case WEFT_ELF_NOT_ELF: return "not an ELF file";
  case WEFT_ELF_MALFORMED: return "malformed ELF headers";
  case WEFT_ELF_NOT_FOUND: return "no such ELF section";
  }
  return "unknown ELF error";
}

int weft_elf_read_fd(void *context, uint64_t offset, void *buffer, size_t length) {
  int fd = *(const int *)context;
  unsigned char *out = buffer;
  while (length > 0) {
    if (offset > (uint64_t)INT64_MAX) return -1;
    ssize_t got = pread(fd, out, length, (off_t)offset);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return -1;
    out += got;
    offset += (uint64_t)got;
    length -= (size_t)got;
  }
  return 0;
}

int weft_elf_read_memory(void *context, uint64_t offset, void *buffer, size_t length) {
  const weft_elf_memory *memory = context;
  if (offset > memory->size || memory->size - offset < length) return -1;
  memcpy(buffer, memory->data + offset, length);
  return 0;
}
