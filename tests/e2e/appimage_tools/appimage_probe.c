/* What libappimage (Debian libappimage-dev) sees in an AppImage: its type,
 * payload offset, the reserved ELF sections and the payload's file list.
 * usage: appimage_probe FILE */
#include <appimage/appimage.h>

#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  printf("type %d\n", appimage_get_type(argv[1], false));
  printf("offset %lld\n", (long long)appimage_get_payload_offset(argv[1]));
  const char *sections[] = {".upd_info", ".sha256_sig", ".sig_key"};
  for (size_t i = 0; i < sizeof sections / sizeof sections[0]; ++i) {
    unsigned long offset = 0, length = 0;
    if (appimage_get_elf_section_offset_and_length(argv[1], sections[i], &offset, &length))
      printf("section %s %lu %lu\n", sections[i], offset, length);
  }
  char **files = appimage_list_files(argv[1]);
  for (char **file = files; file != NULL && *file != NULL; ++file) printf("file %s\n", *file);
  appimage_string_list_free(files);
  return 0;
}
