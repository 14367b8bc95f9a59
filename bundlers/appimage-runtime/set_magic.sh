#!/bin/sh
# Writes the AppImage type-2 magic, "AI" and 0x02, at offset 8 of the runtime
# (the ELF identification's padding, which loaders ignore).
set -eu
printf 'AI\002' | dd of="$1" bs=1 seek=8 count=3 conv=notrunc status=none
