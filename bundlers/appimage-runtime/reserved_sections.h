/* Names and sizes of the ELF sections an AppImage type-2 runtime reserves;
 * shared with weft, which fills them. */
#ifndef WEFT_APPIMAGE_RESERVED_SECTIONS_H
#define WEFT_APPIMAGE_RESERVED_SECTIONS_H

#define WEFT_UPDATE_INFORMATION_SECTION ".upd_info"
#define WEFT_UPDATE_INFORMATION_SIZE 1024
#define WEFT_SIGNATURE_SECTION ".sha256_sig"
#define WEFT_SIGNATURE_SIZE 1024
#define WEFT_SIGNATURE_KEY_SECTION ".sig_key"
#define WEFT_SIGNATURE_KEY_SIZE 8192

/* The AppImage magic: bytes 8-10 of the file (EI_ABIVERSION and padding of
 * the ELF identification), "AI" and the type. */
#define WEFT_APPIMAGE_MAGIC_OFFSET 8
#define WEFT_APPIMAGE_MAGIC "AI\x02"
#define WEFT_APPIMAGE_MAGIC_SIZE 3

#endif
