#!/bin/bash
# End-to-end tests of the AppImage type-2 runtime and writer (issue 7): an
# AppImage is built from a small hand-made AppDir with the bundlers' writer
# (weft_appimage_build, until `weft bundle` drives it) and checked with
# readelf, od, unsquashfs, libappimage (appimage_probe) and by running it.
# usage: appimage.sh CASE BUILD_DRIVER RUNTIME PROBE
# A missing checker skips (exit 125), except in CI (CI=true), where it fails;
# what the machine does not allow (FUSE, mount namespaces) skips everywhere.
set -euo pipefail
case_name=$1
driver=$(realpath "$2")
runtime=$(realpath "$3")
probe=${4:-}

work=$(mktemp -d)
test_failed=0
cleanup() {
  if [ -n "${fuse_probe_mount:-}" ]; then fusermount3 -u "$fuse_probe_mount" 2>/dev/null || true; fi
  for home in "$work/gnupg" "$work/verify"; do
    if [ -d "$home" ]; then gpgconf --homedir "$home" --kill gpg-agent 2>/dev/null || true; fi
  done
  if [ "$test_failed" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

fail() {
  test_failed=1
  echo "FAIL: $*"
  for f in "$work/out" "$work/err"; do
    if [ -s "$f" ]; then echo "--- $(basename "$f"):"; head -c 4000 "$f"; echo; fi
  done
  exit 1
}

skip() {
  [ "${CI:-}" = true ] && fail "$1"
  echo "SKIP: $1"
  exit 125
}

# What this machine's kernel or sandbox allows (FUSE, mount namespaces) is
# not an installation step: it skips, in CI too, and says why.
unsupported_here() {
  echo "SKIP: $1"
  exit 125
}

need() {
  command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed (scripts/setup installs it)"
}

# run PROGRAM ARGS...: stdout/stderr captured; sets $status.
run() {
  status=0
  "$@" >"$work/out" 2>"$work/err" || status=$?
}

expect_ok() {
  [ "$status" -eq 0 ] || fail "$1: exit $status, expected 0"
  if grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$work/err"; then fail "$1: sanitizer report"; fi
  return 0
}

# expect_one_line_error DESCRIPTION EXIT FRAGMENT
expect_one_line_error() {
  [ "$status" -eq "$2" ] || fail "$1: exit $status, expected $2"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "$1: expected exactly one line on stderr"
  grep -q "error: .*$3" "$work/err" || fail "$1: stderr lacks '$3'"
}

# The AppDir: AppRun (a script that reports its arguments and environment),
# a .desktop file and icon at the root, .DirIcon, usr/ with nested folders,
# a file name with spaces, symbolic links, an executable and a compressible
# "library".
make_appdir() {
  local dir=$1
  umask 022
  mkdir -p "$dir/usr/bin" "$dir/usr/lib" "$dir/usr/share/weft-test/nested/deeper" \
    "$dir/usr/share/icons/hicolor/32x32/apps" "$dir/usr/share/weft-test/space dir"
  cat >"$dir/AppRun" <<'APPRUN'
#!/bin/sh
echo "argc=$#"
for a in "$@"; do echo "arg=[$a]"; done
echo "APPDIR=$APPDIR"
echo "APPIMAGE=$APPIMAGE"
echo "ARGV0=$ARGV0"
echo "OWD=$OWD"
echo "PWD=$(pwd)"
"$APPDIR/usr/bin/weft-test"
if [ -n "${APP_WAIT:-}" ]; then
  trap 'echo "$APPDIR" >"$APP_WAIT.term"; exit 143' TERM
  echo ready >"$APP_WAIT"
  while :; do sleep 0.1; done
fi
exit "${APP_EXIT:-0}"
APPRUN
  printf '#!/bin/sh\necho "payload says hello"\n' >"$dir/usr/bin/weft-test"
  chmod 0755 "$dir/AppRun" "$dir/usr/bin/weft-test"
  cat >"$dir/weft-test.desktop" <<'DESKTOP'
[Desktop Entry]
Type=Application
Name=weft test
Exec=weft-test
Icon=weft-test
Categories=Utility;
DESKTOP
  # A 1x1 PNG.
  echo 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' |
    base64 -d >"$dir/weft-test.png"
  cp "$dir/weft-test.png" "$dir/usr/share/icons/hicolor/32x32/apps/weft-test.png"
  ln -s weft-test.png "$dir/.DirIcon"
  seq 1 20000 >"$dir/usr/lib/libweft-test.so.1.0"
  ln -s libweft-test.so.1.0 "$dir/usr/lib/libweft-test.so.1"
  ln -s ../../lib "$dir/usr/share/weft-test/nested/lib-link"
  echo "deep" >"$dir/usr/share/weft-test/nested/deeper/file.txt"
  echo "spaced" >"$dir/usr/share/weft-test/space dir/with space.txt"
  # Fixed mtimes that differ from SOURCE_DATE_EPOCH, to see them replaced.
  find "$dir" -exec touch -h -d '2001-02-03 04:05:06' {} +
}

# Every path below DIR with its type, mode and link target, sorted.
tree_of() {
  (cd "$1" && find . -mindepth 1 -printf '%P %y %m %l\n' | LC_ALL=C sort)
}

build() {
  run env SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000} "$driver" "$@"
}

appdir=$work/AppDir
image=$work/out-dir/weft-test-x86_64.AppImage
make_appdir "$appdir"

case $case_name in
runtime_static)
  need file
  need readelf
  file -b "$runtime" | grep -c 'ELF 64-bit LSB executable.*statically linked' >/dev/null || fail "runtime is not a static ELF: $(file -b "$runtime")"
  ldd_out=$(ldd "$runtime" 2>&1 || true)
  echo "$ldd_out" | grep -c 'not a dynamic executable' >/dev/null || fail "ldd: $ldd_out"
  [ "$(od -An -tx1 -j8 -N3 "$runtime" | tr -d ' ')" = 414902 ] || fail "no AI\\x02 magic at offset 8"
  readelf -S -W "$runtime" >"$work/sections"
  for s in ".upd_info 000400" ".sha256_sig 000400" ".sig_key 002000"; do
    set -- $s
    grep -Eq "\\$1 +PROGBITS +[0-9a-f]+ +[0-9a-f]+ +$2 " "$work/sections" || fail "section $1 is not $2 bytes of PROGBITS"
  done
  echo "runtime size: $(stat -c %s "$runtime") bytes"
  ;;

layout)
  need readelf
  need unsquashfs
  build "$appdir" "$image"
  expect_ok "build"
  [ -x "$image" ] || fail "AppImage is not executable"
  [ "$(stat -c %a "$image")" = 755 ] || fail "mode $(stat -c %a "$image"), expected 755"
  [ "$(od -An -tx1 -j8 -N3 "$image" | tr -d ' ')" = 414902 ] || fail "no AI\\x02 magic at offset 8"
  readelf -h "$image" | grep -Eq 'ABI Version: +65$' || fail "readelf does not show the magic's 'A'"
  readelf -S -W "$image" | grep -c '\.sha256_sig' >/dev/null || fail "readelf does not list .sha256_sig"
  # The ELF size from readelf's header fields: the section header table ends the runtime.
  shoff=$(readelf -h "$image" | sed -n 's/.*Start of section headers: *\([0-9]*\).*/\1/p')
  shentsize=$(readelf -h "$image" | sed -n 's/.*Size of section headers: *\([0-9]*\).*/\1/p')
  shnum=$(readelf -h "$image" | sed -n 's/.*Number of section headers: *\([0-9]*\).*/\1/p')
  elf_size=$((shoff + shentsize * shnum))
  run "$image" --appimage-offset
  expect_ok "--appimage-offset"
  offset=$(cat "$work/out")
  [ "$offset" = "$elf_size" ] || fail "--appimage-offset says $offset, readelf's headers end at $elf_size"
  [ "$offset" = "$(stat -c %s "$runtime")" ] || fail "offset $offset is not the runtime's size"
  cmp -n "$offset" "$runtime" "$image" || fail "the AppImage does not start with the runtime"
  [ "$(od -An -c -j"$offset" -N4 "$image" | tr -d ' ')" = hsqs ] || fail "no squashfs magic at $offset"
  # The payload, as unsquashfs sees it.
  unsquashfs -o "$offset" -l "$image" | grep '^squashfs-root/' | sed 's|^squashfs-root/||' | LC_ALL=C sort >"$work/listed"
  (cd "$appdir" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort) >"$work/expected"
  diff "$work/expected" "$work/listed" || fail "unsquashfs lists another tree"
  unsquashfs -o "$offset" -lls "$image" >"$work/long"
  if grep '^[-dl]' "$work/long" | grep -v ' root/root '; then fail "entries not owned by root"; fi
  if grep '^[-dl]' "$work/long" | grep -v ' 2023-11-1[45] '; then fail "timestamps are not SOURCE_DATE_EPOCH"; fi
  unsquashfs -o "$offset" -s "$image" | grep -c 'Compression zstd' >/dev/null || fail "payload is not zstd-compressed"
  ;;

libappimage)
  [ -n "$probe" ] || skip "appimage_probe was not built: libappimage-dev is missing (scripts/setup installs it)"
  build "$appdir" "$image"
  expect_ok "build"
  run "$probe" "$image"
  expect_ok "appimage_probe"
  grep -qx 'type 2' "$work/out" || fail "libappimage does not see type 2"
  grep -qx "offset $(stat -c %s "$runtime")" "$work/out" || fail "libappimage finds the payload elsewhere"
  grep -qx 'section .upd_info [0-9]* 1024' "$work/out" || fail "libappimage: .upd_info"
  grep -qx 'section .sha256_sig [0-9]* 1024' "$work/out" || fail "libappimage: .sha256_sig"
  grep -qx 'section .sig_key [0-9]* 8192' "$work/out" || fail "libappimage: .sig_key"
  # libappimage names a directory when it enters and when it leaves it.
  sed -n 's/^file //p' "$work/out" | LC_ALL=C sort -u >"$work/listed"
  (cd "$appdir" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort) >"$work/expected"
  diff "$work/expected" "$work/listed" || fail "libappimage lists another payload"
  ;;

extract)
  build "$appdir" "$image"
  expect_ok "build"
  mkdir "$work/x" && cd "$work/x"
  run "$image" --appimage-extract
  expect_ok "--appimage-extract"
  [ "$(wc -l <"$work/out")" -eq "$(cd "$appdir" && find . -mindepth 1 | wc -l)" ] || fail "not every path was listed"
  grep -qx 'squashfs-root/usr/share/weft-test/space dir/with space.txt' "$work/out" || fail "listing"
  diff <(tree_of "$appdir") <(tree_of squashfs-root) || fail "extracted tree differs (types, modes, links)"
  diff -r --no-dereference "$appdir" squashfs-root || fail "extracted contents differ"
  [ "$(ls -A "$work/x")" = squashfs-root ] || fail "wrote outside squashfs-root"
  # Extracting again over the same tree works and changes nothing.
  run "$image" --appimage-extract
  expect_ok "second --appimage-extract"
  diff <(tree_of "$appdir") <(tree_of squashfs-root) || fail "re-extracted tree differs"
  # A pattern: only matching paths (and the directories leading to them);
  # a matching directory brings everything below it.
  rm -rf squashfs-root
  run "$image" --appimage-extract 'usr/share/weft-test/nested'
  expect_ok "--appimage-extract PATTERN"
  (cd squashfs-root && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort) >"$work/got"
  printf '%s\n' usr usr/share usr/share/weft-test usr/share/weft-test/nested usr/share/weft-test/nested/deeper \
    usr/share/weft-test/nested/deeper/file.txt usr/share/weft-test/nested/lib-link | LC_ALL=C sort >"$work/want"
  diff "$work/want" "$work/got" || fail "pattern extraction extracted another set"
  rm -rf squashfs-root
  run "$image" --appimage-extract '*.desktop'
  expect_ok "--appimage-extract *.desktop"
  [ "$(cd squashfs-root && find . -mindepth 1)" = ./weft-test.desktop ] || fail "*.desktop extracted more"
  run "$image" --appimage-extract a b
  expect_one_line_error "two patterns" 2 "at most one pattern"
  run "$image" --appimage-bogus
  expect_one_line_error "unknown option" 2 "unknown option --appimage-bogus"
  ;;

extract_and_run)
  build "$appdir" "$image"
  expect_ok "build"
  mkdir "$work/tmp" "$work/cwd"
  cd "$work/cwd"
  run env TMPDIR="$work/tmp" APP_EXIT=7 "$image" --appimage-extract-and-run "two words" '' "--x=*"
  [ "$status" -eq 7 ] || fail "exit $status, expected AppRun's 7"
  grep -qx 'argc=3' "$work/out" || fail "AppRun got other arguments"
  grep -qx 'arg=\[two words\]' "$work/out" && grep -qx 'arg=\[\]' "$work/out" && grep -qx 'arg=\[--x=\*\]' "$work/out" ||
    fail "arguments were changed"
  grep -q "^APPDIR=$work/tmp/appimage_extracted_" "$work/out" || fail "APPDIR is not a private temporary directory"
  grep -qx "APPIMAGE=$image" "$work/out" || fail "APPIMAGE"
  grep -qx "ARGV0=$image" "$work/out" || fail "ARGV0"
  grep -qx "OWD=$work/cwd" "$work/out" && grep -qx "PWD=$work/cwd" "$work/out" || fail "OWD / working directory"
  grep -qx 'payload says hello' "$work/out" || fail "the payload did not run"
  [ -z "$(ls -A "$work/tmp")" ] || fail "temporary directory left behind: $(ls -A "$work/tmp")"
  # APPIMAGE_EXTRACT_AND_RUN=1 without the option; ARGV0 as invoked.
  cp "$image" "$work/cwd/app.AppImage"
  run env TMPDIR="$work/tmp" APPIMAGE_EXTRACT_AND_RUN=1 ./app.AppImage --not-an-appimage-option
  expect_ok "APPIMAGE_EXTRACT_AND_RUN=1"
  grep -qx 'arg=\[--not-an-appimage-option\]' "$work/out" || fail "argument lost"
  grep -qx 'ARGV0=./app.AppImage' "$work/out" || fail "ARGV0 is not argv[0]"
  grep -q "^APPDIR=$work/tmp/appimage_extracted_" "$work/out" || fail "did not extract"
  [ -z "$(ls -A "$work/tmp")" ] || fail "temporary directory left behind"
  # SIGTERM to the runtime reaches AppRun, and the directory is still removed.
  for sig in TERM INT; do
    rm -f "$work/wait" "$work/wait.term"
    env TMPDIR="$work/tmp" APP_WAIT="$work/wait" "$image" --appimage-extract-and-run >"$work/out" 2>"$work/err" &
    pid=$!
    for _ in $(seq 100); do [ -e "$work/wait" ] && break; sleep 0.1; done
    [ -e "$work/wait" ] || fail "AppRun did not start"
    [ -d "$(ls -d "$work"/tmp/appimage_extracted_*)" ] || fail "no extracted directory while running"
    kill -"$sig" "$pid"
    status=0
    wait "$pid" || status=$?
    if [ "$sig" = TERM ]; then
      [ -e "$work/wait.term" ] || fail "SIGTERM was not forwarded to AppRun"
      [ "$status" -eq 143 ] || fail "exit $status after SIGTERM, expected AppRun's 143"
    else
      [ "$status" -eq 130 ] || fail "exit $status after SIGINT, expected 130 (killed by SIGINT)"
    fi
    [ -z "$(ls -A "$work/tmp")" ] || fail "temporary directory left behind after SIG$sig"
  done
  ;;

signal_while_extracting)
  # SIGTERM while the payload is still being extracted: the runtime stops,
  # removes what it extracted and dies of the signal; AppRun never starts.
  head -c 80000000 /dev/urandom >"$appdir/usr/lib/big"
  build "$appdir" "$image"
  expect_ok "build"
  mkdir "$work/tmp"
  env TMPDIR="$work/tmp" APP_WAIT="$work/wait" "$image" --appimage-extract-and-run >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 1000); do [ -n "$(ls -A "$work/tmp")" ] && break; sleep 0.005; done
  [ -n "$(ls -A "$work/tmp")" ] || fail "extraction did not start"
  kill -TERM "$pid"
  status=0
  wait "$pid" || status=$?
  [ "$status" -eq 143 ] || fail "exit $status, expected death by SIGTERM (143)"
  [ -z "$(ls -A "$work/tmp")" ] || fail "left behind: $(ls -A "$work/tmp")"
  [ ! -s "$work/err" ] || fail "printed: $(cat "$work/err")"
  if [ -e "$work/wait" ]; then echo "note: extraction had finished; AppRun got the signal"; fi
  ;;

fuse)
  need unsquashfs
  build "$appdir" "$image"
  expect_ok "build"
  offset=$(stat -c %s "$runtime")
  # Whether FUSE works here at all, asked of squashfuse (Debian squashfuse).
  [ -e /dev/fuse ] || unsupported_here "/dev/fuse does not exist here: FUSE mounting cannot be tested"
  command -v squashfuse >/dev/null || skip "squashfuse is not installed (scripts/setup installs it)"
  mkdir "$work/probe-mount"
  if ! squashfuse -o offset="$offset" "$image" "$work/probe-mount" 2>"$work/err"; then
    unsupported_here "FUSE is not usable here (squashfuse: $(head -1 "$work/err")): the runtime falls back to extracting"
  fi
  fuse_probe_mount=$work/probe-mount
  fusermount3 -u "$work/probe-mount" || umount "$work/probe-mount"
  fuse_probe_mount=
  mkdir "$work/tmp"
  rm -f "$work/wait"
  env TMPDIR="$work/tmp" APP_WAIT="$work/wait" "$image" a >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 100); do [ -e "$work/wait" ] && break; sleep 0.1; done
  [ -e "$work/wait" ] || fail "AppRun did not start"
  appdir_seen=$(sed -n 's/^APPDIR=//p' "$work/out")
  case $appdir_seen in "$work"/tmp/.mount_weft-*) ;; *) fail "APPDIR $appdir_seen is not a mount point" ;; esac
  grep -q " $appdir_seen fuse" /proc/mounts || fail "$appdir_seen is not a FUSE mount"
  [ "$(cat "$appdir_seen/usr/share/weft-test/nested/deeper/file.txt")" = deep ] || fail "cannot read through the mount"
  [ "$(readlink "$appdir_seen/usr/lib/libweft-test.so.1")" = libweft-test.so.1.0 ] || fail "symlink through the mount"
  if touch "$appdir_seen/new" 2>/dev/null; then fail "the mount is writable"; fi
  kill -TERM "$pid"
  status=0
  wait "$pid" || status=$?
  [ "$status" -eq 143 ] || fail "exit $status, expected 143"
  [ -e "$work/wait.term" ] || fail "SIGTERM not forwarded"
  if grep -q " $appdir_seen " /proc/mounts; then fail "still mounted after exit"; fi
  [ -z "$(ls -A "$work/tmp")" ] || fail "mount point left behind"
  run env TMPDIR="$work/tmp" APP_EXIT=5 "$image" "x y"
  [ "$status" -eq 5 ] || fail "exit $status, expected 5"
  grep -qx 'arg=\[x y\]' "$work/out" || fail "argument through FUSE run"
  grep -q "^APPDIR=$work/tmp/.mount_weft-" "$work/out" || fail "did not mount"
  [ -z "$(ls -A "$work/tmp")" ] || fail "mount point left behind"
  ;;

fuse_fallback)
  # Where FUSE cannot mount (here: /dev/null bound over /dev/fuse in a
  # private mount namespace), the runtime extracts instead, silently.
  need unshare
  build "$appdir" "$image"
  expect_ok "build"
  mkdir "$work/tmp"
  status=0
  unshare --mount sh -c 'mount --bind /dev/null /dev/fuse 2>/dev/null || exit 99
    TMPDIR="$1" APP_EXIT=9 "$2" "a b" >"$3/out" 2>"$3/err"' sh "$work/tmp" "$image" "$work" || status=$?
  [ "$status" -ne 99 ] || unsupported_here "cannot make a mount namespace with /dev/fuse replaced here"
  [ "$status" -eq 9 ] || fail "exit $status, expected AppRun's 9"
  grep -q "^APPDIR=$work/tmp/appimage_extracted_" "$work/out" || fail "did not fall back to extracting"
  grep -qx 'arg=\[a b\]' "$work/out" || fail "argument lost"
  [ ! -s "$work/err" ] || fail "the fallback printed something"
  [ -z "$(ls -A "$work/tmp")" ] || fail "left behind: $(ls -A "$work/tmp")"
  ;;

reproducible)
  need unsquashfs
  build "$appdir" "$work/a/app.AppImage"
  expect_ok "first build"
  # Different mtimes and a second copy of the tree made in another order.
  cp -a "$appdir" "$work/AppDir2"
  find "$work/AppDir2" -exec touch -h -d '2020-01-01' {} +
  build "$work/AppDir2" "$work/b/app.AppImage"
  expect_ok "second build"
  cmp "$work/a/app.AppImage" "$work/b/app.AppImage" || fail "two builds differ"
  # The timestamp is really used: another SOURCE_DATE_EPOCH, other bytes.
  SOURCE_DATE_EPOCH=1600000000 build "$appdir" "$work/c/app.AppImage"
  expect_ok "third build"
  if cmp -s "$work/a/app.AppImage" "$work/c/app.AppImage"; then fail "SOURCE_DATE_EPOCH is ignored"; fi
  [ -z "$(ls -A "$work/a" | grep -v '^app.AppImage$')" ] || fail "temporary files left: $(ls -A "$work/a")"
  ;;

missing_mksquashfs)
  mkdir "$work/out-dir"
  echo "old" >"$work/out-dir/keep.AppImage"
  run env PATH=/nonexistent SOURCE_DATE_EPOCH=1 "$driver" "$appdir" "$work/out-dir/new.AppImage"
  expect_one_line_error "missing mksquashfs" 3 "mksquashfs: program not found; install the Debian package squashfs-tools"
  [ "$(ls -A "$work/out-dir")" = keep.AppImage ] || fail "partial output: $(ls -A "$work/out-dir")"
  # Replacing an existing AppImage: the old one stays whole on failure.
  run env PATH=/nonexistent SOURCE_DATE_EPOCH=1 "$driver" "$appdir" "$work/out-dir/keep.AppImage"
  [ "$status" -eq 3 ] || fail "exit $status, expected 3"
  [ "$(cat "$work/out-dir/keep.AppImage")" = old ] || fail "the existing file was touched"
  [ "$(ls -A "$work/out-dir")" = keep.AppImage ] || fail "partial output"
  ;;

bad_input)
  rm "$appdir/AppRun"
  build "$appdir" "$image"
  expect_one_line_error "AppDir without AppRun" 1 "AppRun is missing or not an executable file"
  [ ! -e "$work/out-dir" ] || [ -z "$(ls -A "$work/out-dir")" ] || fail "partial output"
  run env SOURCE_DATE_EPOCH=yesterday "$driver" "$work/AppDir" "$image"
  expect_one_line_error "bad SOURCE_DATE_EPOCH" 1 "SOURCE_DATE_EPOCH"
  make_appdir "$work/AppDir3"
  build "$work/AppDir3" "$image" --update-information "ftp://nowhere"
  expect_one_line_error "bad update information" 1 "not in a known form"
  [ ! -e "$image" ] || fail "partial output"
  run env WEFT_APPIMAGE_RUNTIME=/bin/true SOURCE_DATE_EPOCH=1 "$driver" "$work/AppDir3" "$image"
  expect_one_line_error "not a runtime" 1 "/bin/true"
  [ ! -e "$image" ] || fail "partial output"
  ;;

extract_safety)
  need mksquashfs
  # A payload with a link that leaves the tree: extraction refuses it.
  ln -s ../../../outside "$appdir/usr/escape"
  mksquashfs "$appdir" "$work/payload" -comp zstd -quiet -no-progress -all-root >/dev/null
  cat "$runtime" "$work/payload" >"$work/evil.AppImage"
  chmod +x "$work/evil.AppImage"
  mkdir "$work/x" && cd "$work/x"
  run "$work/evil.AppImage" --appimage-extract
  expect_one_line_error "escaping link" 1 "usr/escape: its target ../../../outside points outside the AppImage"
  [ ! -e "$work/outside" ] && [ ! -L "$work/x/squashfs-root/usr/escape" ] || fail "escaping link extracted"
  run env TMPDIR="$work/x" "$work/evil.AppImage" --appimage-extract-and-run
  [ "$status" -eq 1 ] || fail "extract-and-run of a bad payload: exit $status, expected 1"
  [ -z "$(ls -A "$work/x" | grep -v squashfs-root)" ] || fail "temporary directory left behind"
  rm -rf "$work/x/squashfs-root"
  # An absolute link, too.
  rm "$appdir/usr/escape"
  ln -s /etc "$appdir/usr/escape"
  mksquashfs "$appdir" "$work/payload" -noappend -comp zstd -quiet -no-progress -all-root >/dev/null
  cat "$runtime" "$work/payload" >"$work/evil.AppImage"
  run "$work/evil.AppImage" --appimage-extract
  expect_one_line_error "absolute link" 1 "points outside the AppImage"
  # A link planted in squashfs-root before extracting is never followed.
  build "$work/AppDir" "$image"
  rm -rf "$work/x/squashfs-root" && mkdir -p "$work/x/squashfs-root" "$work/elsewhere"
  ln -s "$work/elsewhere" "$work/x/squashfs-root/usr"
  run "$image" --appimage-extract
  expect_one_line_error "planted link" 1 "refusing to follow a symbolic link"
  [ -z "$(ls -A "$work/elsewhere")" ] || fail "wrote through a planted symbolic link"
  # Damaged payloads: cut short, or overwritten inside file data.
  make_appdir "$work/AppDir4"
  build "$work/AppDir4" "$image"
  expect_ok "build"
  offset=$(stat -c %s "$runtime")
  head -c $((offset + 100)) "$image" >"$work/short.AppImage"
  cp "$image" "$work/damaged.AppImage"
  # Past the 96-byte superblock: the compressed data blocks.
  head -c 20000 /dev/zero | tr '\0' 'Z' | dd of="$work/damaged.AppImage" bs=1 seek=$((offset + 96)) conv=notrunc status=none
  chmod +x "$work/short.AppImage" "$work/damaged.AppImage"
  rm -rf "$work/x/squashfs-root" "$work/x/tmp" && mkdir "$work/x/tmp"
  for damaged in short damaged; do
    run "$work/$damaged.AppImage" --appimage-extract
    expect_one_line_error "$damaged payload" 1 "no readable squashfs filesystem\|corrupt filesystem"
    run env TMPDIR="$work/x/tmp" "$work/$damaged.AppImage" --appimage-extract-and-run
    expect_one_line_error "$damaged payload, extract-and-run" 1 "no readable squashfs filesystem\|corrupt filesystem"
    [ -z "$(ls -A "$work/x/tmp")" ] || fail "$damaged payload: left behind"
  done
  ;;

no_space)
  # A full disk, simulated with small tmpfs mounts in a private mount
  # namespace: once too small for the squashfs (mksquashfs fails), once big
  # enough for it but not for the AppImage (weft's own write fails).
  need unshare
  unshare --mount true 2>/dev/null || unsupported_here "cannot make a mount namespace here (unshare --mount)"
  head -c 300000 /dev/urandom >"$appdir/usr/lib/incompressible"
  for size in 64k 1m; do
    mkdir -p "$work/full"
    status=0
    unshare --mount sh -c 'mount -t tmpfs -o size=$1 tmpfs "$2" || exit 99
      SOURCE_DATE_EPOCH=1 "$3" "$4" "$2/app.AppImage" >"$5/out" 2>"$5/err"
      code=$?
      ls -A "$2" >"$5/left"
      exit $code' sh "$size" "$work/full" "$driver" "$appdir" "$work" || status=$?
    [ "$status" -ne 99 ] || unsupported_here "cannot mount a tmpfs here"
    if [ "$size" = 64k ]; then
      expect_one_line_error "no space for the squashfs" 3 "mksquashfs: exited with status"
    else
      expect_one_line_error "no space for the AppImage" 3 "cannot write .*app.AppImage: No space left on device"
    fi
    [ ! -s "$work/left" ] || fail "no space ($size): left behind: $(cat "$work/left")"
  done
  ;;

update_information)
  build "$appdir" "$image" --update-information "zsync|https://example.com/weft-test-latest-x86_64.AppImage.zsync"
  expect_ok "build"
  run "$image" --appimage-updateinformation
  expect_ok "--appimage-updateinformation"
  [ "$(cat "$work/out")" = "zsync|https://example.com/weft-test-latest-x86_64.AppImage.zsync" ] || fail "wrong text"
  need readelf
  readelf -p .upd_info "$image" | grep -c 'zsync|https://example.com/weft-test-latest' >/dev/null || fail "readelf does not see it"
  run "$image" --appimage-signature
  expect_ok "--appimage-signature"
  [ ! -s "$work/out" ] || fail "an unsigned AppImage printed a signature"
  ;;

signature)
  # GPG signature (.sha256_sig) and key (.sig_key), checked the way
  # AppImageKit's validate does: gpg --verify of the hexadecimal SHA-256 of
  # the file with both sections zeroed, with the key taken from .sig_key.
  need gpg
  need readelf
  need sha256sum
  export GNUPGHOME=$work/gnupg
  mkdir -m 700 "$GNUPGHOME"
  gpg --batch --quiet --pinentry-mode loopback --passphrase 'pass phrase' \
    --quick-gen-key 'weft test <test@example.com>' ed25519 sign never 2>/dev/null
  # gpg-agent caches passphrases: restart it so that each run needs its own.
  gpgconf --kill gpg-agent
  WEFT_GPG_PASSPHRASE='pass phrase' build "$appdir" "$image" --sign test@example.com \
    --update-information "zsync|https://example.com/weft-test.AppImage.zsync"
  expect_ok "signed build"
  run "$image" --appimage-signature
  expect_ok "--appimage-signature"
  head -1 "$work/out" | grep -cx -- '-----BEGIN PGP SIGNATURE-----' >/dev/null || fail "no armoured signature in .sha256_sig"
  range() { readelf -S -W "$image" | awk -v name="$1" '{ for (i = 1; i <= NF; ++i) if ($i == name) print $(i + 3), $(i + 4) }'; }
  read -r sig_offset sig_size < <(range .sha256_sig)
  read -r key_offset key_size < <(range .sig_key)
  sig_offset=$((16#$sig_offset)) sig_size=$((16#$sig_size)) key_offset=$((16#$key_offset)) key_size=$((16#$key_size))
  [ "$sig_size" = 1024 ] && [ "$key_size" = 8192 ] || fail "section sizes $sig_size / $key_size"
  dd if="$image" bs=1 skip="$sig_offset" count="$sig_size" status=none | tr -d '\0' >"$work/sig.asc"
  dd if="$image" bs=1 skip="$key_offset" count="$key_size" status=none | tr -d '\0' >"$work/key.asc"
  grep -q 'BEGIN PGP PUBLIC KEY BLOCK' "$work/key.asc" || fail "no armoured key in .sig_key"
  digest_of() {
    cp "$1" "$work/zeroed"
    dd if=/dev/zero of="$work/zeroed" bs=1 seek="$sig_offset" count="$sig_size" conv=notrunc status=none
    dd if=/dev/zero of="$work/zeroed" bs=1 seek="$key_offset" count="$key_size" conv=notrunc status=none
    printf '%s' "$(sha256sum "$work/zeroed" | cut -d' ' -f1)" >"$work/digest"
  }
  mkdir -m 700 "$work/verify"
  gpg --homedir "$work/verify" --batch --quiet --import "$work/key.asc" 2>/dev/null
  digest_of "$image"
  gpg --homedir "$work/verify" --batch --verify "$work/sig.asc" "$work/digest" 2>"$work/err" || fail "gpg --verify failed"
  grep -q 'Good signature from "weft test <test@example.com>"' "$work/err" || fail "not a good signature"
  # A changed payload byte: the signature no longer verifies.
  cp "$image" "$work/tampered"
  printf 'X' | dd of="$work/tampered" bs=1 seek=$(($(stat -c %s "$image") - 100)) conv=notrunc status=none
  digest_of "$work/tampered"
  if gpg --homedir "$work/verify" --batch --verify "$work/sig.asc" "$work/digest" 2>/dev/null; then
    fail "a tampered AppImage verifies"
  fi
  # A wrong passphrase: gpg fails, exit 3, no file, and the passphrase is
  # nowhere in the message.
  rm -f "$image"
  gpgconf --kill gpg-agent
  WEFT_GPG_PASSPHRASE='wrong words' build "$appdir" "$image" --sign test@example.com
  [ "$status" -eq 3 ] || fail "wrong passphrase: exit $status, expected 3"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "wrong passphrase: expected one line on stderr"
  grep -q 'error: gpg: exited with status 2: .*Bad passphrase' "$work/err" || fail "wrong passphrase: cause not given"
  if grep -q 'wrong words' "$work/err"; then fail "the passphrase appears in the error"; fi
  [ -z "$(ls -A "$work/out-dir")" ] || fail "partial output: $(ls -A "$work/out-dir")"
  build "$appdir" "$image" --sign nobody@example.com
  expect_one_line_error "unknown key" 3 "gpg"
  [ -z "$(ls -A "$work/out-dir")" ] || fail "partial output"
  ;;

*)
  echo "unknown case $case_name"
  exit 2
  ;;
esac
echo "ok: $case_name"
