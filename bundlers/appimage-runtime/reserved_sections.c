/* Space the AppImage format reserves inside the runtime's ELF image, filled
 * with zeros here and written by the tool that builds an AppImage: update
 * information (.upd_info, 1024 bytes), a detached OpenPGP signature in ASCII
 * armour (.sha256_sig, 1024 bytes) and the signing key (.sig_key, 8192 bytes).
 * `used` and `retain` keep them through --gc-sections; nothing references
 * them, the runtime reads them back from its own file. */
#include "reserved_sections.h"

__attribute__((section(".upd_info"), used, retain, aligned(1)))
const char weft_update_information[WEFT_UPDATE_INFORMATION_SIZE] = {0};
__attribute__((section(".sha256_sig"), used, retain, aligned(1)))
const char weft_signature[WEFT_SIGNATURE_SIZE] = {0};
__attribute__((section(".sig_key"), used, retain, aligned(1)))
const char weft_signature_key[WEFT_SIGNATURE_KEY_SIZE] = {0};
