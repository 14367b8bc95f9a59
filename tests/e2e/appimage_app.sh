#!/bin/bash
# End-to-end tests of `weft bundle --bundles appimage` (issue 7) on the
# vanilla template app, built by weft against this build tree.
# Cases (each builds the app once; a portable AppImage takes a while, so the
# checks of one AppImage share a case):
#   portable      `weft bundle --bundles appimage`: --appimage-extract shows
#                 AppRun, the .desktop file and icon, .DirIcon, usr/…;
#                 desktop-file-validate accepts the .desktop; ldd finds every
#                 library of every ELF file in the AppDir, or on the host only
#                 for the exclude list; caches hold no host paths; WebKitGTK's
#                 helper folder is relocated; libappimage sees type 2 and lists
#                 the whole payload; it starts under Xvfb with
#                 --appimage-extract-and-run and answers an IPC call; a second
#                 clean build is byte-identical
#   non_portable  bundle.targets ["appimage"] and portable: false: `weft build`
#                 makes it (--json lists it); no libraries shipped; it runs
#   errors        missing mksquashfs, an unreadable library, no space left:
#                 the cause in one line, exit 1 or 3, no AppImage
#   portability   runs and answers IPC in a minimal Debian root without GTK
#                 and WebKitGTK (debootstrap, cached in $WEFT_E2E_CACHE, else the build folder)
# usage: appimage_app.sh CASE WEFT WEFT_BUILD_DIR PROBE
# A missing tool skips (exit 125), except in CI (CI=true), where it fails;
# what the machine does not allow (mounts, the mirror) skips everywhere.
set -eu
case=$1
weft=$2
build_dir=$3
probe=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/signing_common.sh"
. "$here/template_app.sh"
need jq
need cmake

unsupported_here() {
  echo "SKIP: $1"
  exit 125
}

cd "$work"

# new_app [JQ-FILTER]: the vanilla template app in $work/app, instrumented
# to report greet's answer, built (not bundled).
new_app() {
  run_weft init --ci --name "E2E App" --identifier dev.weft.e2e --dir "$work/app"
  expect_ok "weft init"
  if [ -n "${1:-}" ]; then
    jq "$1" "$work/app/weft.conf.json" >"$work/conf.new" && mv "$work/conf.new" "$work/app/weft.conf.json"
  fi
  instrument app "$work/app/ui/main.js"
  status=0
  (cd "$work/app" && NO_COLOR=1 "$weft" build --no-bundle) >"$work/out" 2>"$work/err" || status=$?
  expect_ok "weft build"
}

# bundle [ARGS…]: weft bundle --bundles appimage --json in the app; sets
# $status and, on success, $image.
bundle() {
  status=0
  (cd "$work/app" && NO_COLOR=1 "$weft" bundle --bundles appimage --json "$@") >"$work/out" 2>"$work/err" || status=$?
  if [ "$status" -eq 0 ]; then image=$(jq -r '.artifacts[] | select(.format == "appimage") | .path' "$work/out"); fi
  return 0
}

expected_image() { echo "$work/app/target/release/bundle/appimage/E2E App_0.1.0_$(dpkg --print-architecture).AppImage"; }

# expect_one_line_error DESCRIPTION FRAGMENT: exit 1 or 3, the cause in one
# `error:` line holding FRAGMENT (then only hint/context lines), and no
# AppImage or leftovers in target/.
expect_one_line_error() {
  [ "$status" -eq 1 ] || [ "$status" -eq 3 ] || fail "$1: exit $status, expected 1 or 3"
  head -n 1 "$work/err" | grep -c -- "error: .*$2" >/dev/null || fail "$1: the first line lacks '$2'"
  if tail -n +2 "$work/err" | grep -v -e '^  hint: ' -e '^  while ' >"$work/extra"; then
    fail "$1: more than the cause: $(cat "$work/extra")"
  fi
  grep -c 'runtime error\|AddressSanitizer\|terminate called' "$work/err" >/dev/null && fail "$1: crash output"
  if [ -d "$work/app/target/release/bundle/appimage" ] && [ -n "$(ls -A "$work/app/target/release/bundle/appimage")" ]; then
    fail "$1: left $(ls -A "$work/app/target/release/bundle/appimage")"
  fi
  if ls -d "$work/app/target/release/.weft-bundle-"* >/dev/null 2>&1; then fail "$1: left the work folder"; fi
  return 0
}

extract() { # extract IMAGE: into $work/squashfs-root
  rm -rf "$work/squashfs-root"
  (cd "$work" && "$1" --appimage-extract >"$work/extract.list" 2>"$work/err") || fail "--appimage-extract failed"
}

arch_dir() { gcc -print-multiarch; }

case $case in
portable)
  need desktop-file-validate
  need ldd
  new_app
  bundle
  expect_ok "weft bundle --bundles appimage"
  [ "$image" = "$(expected_image)" ] || fail "AppImage at $image"
  jq -e '.artifacts | length == 1 and (.[0].size > 0) and (.[0].sha256 | length == 64)' "$work/out" >/dev/null ||
    fail "--json: $(cat "$work/out")"
  [ "$(sha256sum "$image" | cut -d' ' -f1)" = "$(jq -r '.artifacts[0].sha256' "$work/out")" ] || fail "sha256 differs"
  extract "$image"
  root=$work/squashfs-root
  for f in AppRun dev.weft.e2e.desktop dev.weft.e2e.png .DirIcon usr/bin/e2e-app \
    usr/share/applications/dev.weft.e2e.desktop \
    usr/lib/libwebkit2gtk-4.1.so.0 usr/lib/libgtk-3.so.0 \
    usr/lib/webkit2gtk-4.1/WebKitWebProcess usr/lib/webkit2gtk-4.1/WebKitNetworkProcess \
    usr/lib/webkit2gtk-4.1/injected-bundle/libwebkit2gtkinjectedbundle.so \
    usr/lib/gdk-pixbuf-2.0/loaders.cache usr/lib/gdk-pixbuf-2.0/loaders/libpixbufloader-svg.so \
    usr/lib/gio/modules/libgiognutls.so usr/share/glib-2.0/schemas/gschemas.compiled usr/share/mime/mime.cache; do
    [ -e "$root/$f" ] || fail "no $f in the AppImage"
  done
  [ -x "$root/AppRun" ] && [ -x "$root/usr/bin/e2e-app" ] && [ -x "$root/usr/lib/webkit2gtk-4.1/WebKitWebProcess" ] ||
    fail "programs are not executable"
  [ "$(readlink "$root/.DirIcon")" = dev.weft.e2e.png ] || fail ".DirIcon does not name the icon"
  largest=$(ls "$root/usr/share/icons/hicolor" | sort -n | tail -n 1)
  cmp "$root/dev.weft.e2e.png" "$root/usr/share/icons/hicolor/$largest/apps/dev.weft.e2e.png" ||
    fail "the root icon is not the largest ($largest)"
  desktop-file-validate "$root/dev.weft.e2e.desktop" >"$work/out" 2>&1 || fail "desktop-file-validate"
  grep -c '^Icon=dev.weft.e2e$' "$root/dev.weft.e2e.desktop" >/dev/null || fail "the .desktop names another icon"
  sh -n "$root/AppRun" || fail "AppRun is not valid sh"
  # Nothing on the exclude list is shipped, and with the AppDir's usr/lib
  # first (as AppRun sets it) every ELF file finds every library either
  # there or, for the excluded ones only, on the host.
  excluded=$(grep -o '{"[^"]*\.so[^"]*"' "$here/../../bundlers/src/library_exclude_list.hpp" | tr -d '{"' | sort)
  [ -n "$excluded" ] || fail "could not read the exclude list"
  for so in $excluded; do [ ! -e "$root/usr/lib/$so" ] || fail "excluded $so is shipped"; done
  lib=$root/usr/lib
  # Allowed from the host: the excluded libraries and what they need there.
  echo "$excluded" >"$work/excluded"
  for so in $excluded; do
    host_lib=/usr/lib/$(arch_dir)/$so
    [ -e "$host_lib" ] || continue
    ldd "$host_lib" 2>/dev/null | sed -n 's/^\s*\(\S*\) => .*/\1/p' >>"$work/excluded"
  done
  checked=0
  while IFS= read -r -d '' f; do
    [ "$(head -c 4 "$f" | tail -c 3 | tr -d '\0')" = ELF ] || continue
    checked=$((checked + 1))
    LD_LIBRARY_PATH="$lib:$lib/gdk-pixbuf-2.0/loaders:$lib/gtk-3.0/3.0.0/immodules" ldd "$f" >"$work/ldd" 2>&1 ||
      fail "ldd ${f#"$root"/}: $(cat "$work/ldd")"
    if grep -c 'not found' "$work/ldd" >/dev/null; then fail "$f: $(grep 'not found' "$work/ldd")"; fi
    while read -r so path; do
      case $path in "$root"/*) continue ;; esac
      grep -cx -- "$so" "$work/excluded" >/dev/null ||
        fail "${f#"$root"/} uses the host's $so ($path), which is neither excluded nor needed only by excluded libraries"
    done < <(sed -n 's/^\s*\(\S*\) => \(\/\S*\) .*/\1 \2/p' "$work/ldd")
  done < <(find "$root" -type f -print0)
  [ "$checked" -gt 50 ] || fail "only $checked ELF files checked"
  if grep -c "/usr/lib" "$root/usr/lib/gdk-pixbuf-2.0/loaders.cache" >/dev/null; then fail "loaders.cache names host paths"; fi
  # WebKitGTK starts its helpers from /proc/self/fd/9 (AppRun's descriptor).
  strings "$root/usr/lib/libwebkit2gtk-4.1.so.0" | grep -c '^/proc/self/fd/9/*$' >/dev/null || fail "helper path not relocated"
  if strings "$root/usr/lib/libwebkit2gtk-4.1.so.0" | grep -cx "/usr/lib/$(arch_dir)/webkit2gtk-4.1" >/dev/null; then
    fail "the host's helper folder is still in libwebkit2gtk"
  fi
  if [ -n "$probe" ]; then
    "$probe" "$image" >"$work/probe" 2>"$work/err" || fail "appimage_probe failed"
    grep -c '^type 2$' "$work/probe" >/dev/null || fail "libappimage does not see type 2: $(head -n 2 "$work/probe")"
    sed -n 's/^file //p' "$work/probe" | LC_ALL=C sort -u >"$work/listed"
    (cd "$work/squashfs-root" && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort) >"$work/expected"
    diff "$work/expected" "$work/listed" >"$work/out" || fail "libappimage lists another payload"
  elif [ "${CI:-}" = true ]; then
    fail "appimage_probe was not built: libappimage-dev is missing (scripts/setup installs it)"
  else
    echo "note: libappimage check skipped: appimage_probe was not built (libappimage-dev is missing)"
  fi
  run_app "$image" --appimage-extract-and-run
  check_result "greet answered through IPC from the AppImage" \
    '.result.greet == "Hello, e2e! You'"'"'ve been greeted from C++."'
  cp "$image" "$work/first.AppImage"
  rm -rf "$work/app/target/release/bundle"
  bundle
  expect_ok "second bundle"
  cmp "$work/first.AppImage" "$image" || fail "two clean builds differ"
  echo "ok: the portable AppImage holds the expected tree, runs, answers IPC and is reproducible"
  ;;

non_portable)
  new_app '.bundle.targets = ["appimage"] | .bundle.linux.appimage.portable = false'
  status=0
  (cd "$work/app" && NO_COLOR=1 "$weft" build --json) >"$work/out" 2>"$work/err" || status=$?
  expect_ok "weft build"
  jq -e '[.artifacts[].format] == ["binary", "appimage"]' "$work/out" >/dev/null ||
    fail "weft build artifacts: $(jq -c .artifacts "$work/out")"
  image=$(jq -r '.artifacts[1].path' "$work/out")
  [ "$image" = "$(expected_image)" ] || fail "AppImage at $image"
  size=$(stat -c %s "$image")
  [ "$size" -lt 10000000 ] || fail "non-portable AppImage is $size bytes"
  extract "$image"
  if ls "$work/squashfs-root/usr/lib/"*.so* >/dev/null 2>&1; then fail "libraries shipped: $(ls "$work/squashfs-root/usr/lib")"; fi
  [ -x "$work/squashfs-root/AppRun" ] || fail "no AppRun"
  if grep -c LD_LIBRARY_PATH "$work/squashfs-root/AppRun" >/dev/null; then fail "AppRun sets LD_LIBRARY_PATH"; fi
  run_app "$image" --appimage-extract-and-run
  check_result "greet answered through IPC" '.result.greet == "Hello, e2e! You'"'"'ve been greeted from C++."'
  # Signed, with update information, from the manifest: what AppImageKit's
  # validate checks (gpg over the hex SHA-256 with both sections zeroed).
  need gpg
  need readelf
  export GNUPGHOME=$work/gnupg
  mkdir -m 700 "$GNUPGHOME"
  stop_agent() { gpgconf --kill gpg-agent; }
  cleanup_hooks="stop_agent"
  gpg --batch --quiet --pinentry-mode loopback --passphrase 'pass phrase' \
    --quick-gen-key 'weft test <test@example.com>' ed25519 sign never 2>/dev/null
  gpgconf --kill gpg-agent
  update='zsync|https://example.com/e2e-latest-x86_64.AppImage.zsync'
  cfg=$(jq -nc --arg u "$update" '{bundle: {linux: {appimage: {sign: true, updateInformation: $u}}}}')
  bundle -c "$cfg"
  expect_error "sign without a key" "sign is true but no GPG key was given"
  WEFT_APPIMAGE_SIGNING_KEY=test@example.com WEFT_APPIMAGE_SIGNING_KEY_PASSPHRASE='pass phrase' bundle -c "$cfg"
  expect_ok "signed bundle"
  if grep -c 'pass phrase' "$work/out" "$work/err" >/dev/null; then fail "the passphrase appears in the output"; fi
  [ "$("$image" --appimage-updateinformation)" = "$update" ] || fail "update information: $("$image" --appimage-updateinformation)"
  range() { readelf -S -W "$image" | awk -v name="$1" '{ for (i = 1; i <= NF; ++i) if ($i == name) print $(i + 3), $(i + 4) }'; }
  read -r sig_offset sig_size < <(range .sha256_sig)
  read -r key_offset key_size < <(range .sig_key)
  sig_offset=$((16#$sig_offset)) sig_size=$((16#$sig_size)) key_offset=$((16#$key_offset)) key_size=$((16#$key_size))
  dd if="$image" bs=1 skip="$sig_offset" count="$sig_size" status=none | tr -d '\0' >"$work/sig.asc"
  dd if="$image" bs=1 skip="$key_offset" count="$key_size" status=none | tr -d '\0' >"$work/key.asc"
  cp "$image" "$work/zeroed"
  dd if=/dev/zero of="$work/zeroed" bs=1 seek="$sig_offset" count="$sig_size" conv=notrunc status=none
  dd if=/dev/zero of="$work/zeroed" bs=1 seek="$key_offset" count="$key_size" conv=notrunc status=none
  printf '%s' "$(sha256sum "$work/zeroed" | cut -d' ' -f1)" >"$work/digest"
  mkdir -m 700 "$work/verify"
  gpg --homedir "$work/verify" --batch --quiet --import "$work/key.asc" 2>/dev/null || fail "no key in .sig_key"
  gpg --homedir "$work/verify" --batch --verify "$work/sig.asc" "$work/digest" 2>"$work/err" || fail "gpg --verify failed"
  gpgconf --homedir "$work/verify" --kill gpg-agent
  # A malformed update information is refused by the manifest's schema.
  bundle -c '{"bundle":{"linux":{"appimage":{"updateInformation":"http://example.com/x.zsync"}}}}'
  expect_error "bad update information" "updateInformation"
  echo "ok: weft build makes a non-portable AppImage ($size bytes) that runs on the system's libraries; signed and with update information on request"
  ;;

errors)
  need cc
  need unshare
  new_app
  # A missing mksquashfs: PATH without it (strip stays reachable).
  mkdir "$work/bin"
  ln -s "$(command -v strip)" "$work/bin/strip"
  status=0
  (cd "$work/app" && PATH="$work/bin" NO_COLOR=1 "$weft" bundle --bundles appimage) >"$work/out" 2>"$work/err" || status=$?
  expect_one_line_error "missing mksquashfs" "mksquashfs: program not found; install the Debian package squashfs-tools"
  [ "$status" -eq 3 ] || fail "missing mksquashfs: exit $status, expected 3"

  # An unreadable library: a sidecar needs a library (found through its
  # RUNPATH) that is then cut short.
  triple=$(uname -m)-unknown-linux-gnu
  mkdir -p "$work/libs" "$work/app/bin"
  echo 'int weft_broken(void) { return 1; }' >"$work/libs/broken.c"
  cc -shared -fPIC -Wl,-soname,libweftbroken.so.1 -o "$work/libs/libweftbroken.so.1" "$work/libs/broken.c"
  echo 'int weft_broken(void); int main(void) { return weft_broken(); }' >"$work/libs/main.c"
  cc -o "$work/app/bin/helper-$triple" "$work/libs/main.c" "$work/libs/libweftbroken.so.1" -Wl,-rpath,"$work/libs"
  jq '.bundle.externalBin = ["bin/helper"]' "$work/app/weft.conf.json" >"$work/conf.new" && mv "$work/conf.new" "$work/app/weft.conf.json"
  head -c 100 "$work/libs/libweftbroken.so.1" >"$work/libs/short" && mv "$work/libs/short" "$work/libs/libweftbroken.so.1"
  bundle
  expect_one_line_error "truncated library" "libweftbroken.so.1: malformed ELF file"
  if [ "$(id -u)" -ne 0 ]; then # root reads whatever the mode says
    cc -shared -fPIC -Wl,-soname,libweftbroken.so.1 -o "$work/libs/libweftbroken.so.1" "$work/libs/broken.c"
    chmod 000 "$work/libs/libweftbroken.so.1"
    bundle
    expect_one_line_error "unreadable library" "libweftbroken.so.1"
  fi
  jq 'del(.bundle.externalBin)' "$work/app/weft.conf.json" >"$work/conf.new" && mv "$work/conf.new" "$work/app/weft.conf.json"

  # No space left: target/ on a small tmpfs (a private mount namespace).
  unshare --mount true 2>/dev/null || unsupported_here "cannot make a mount namespace here (unshare --mount)"
  cp "$work/app/target/release/e2e-app" "$work/e2e-app"
  # Room for the binary and its stripped copy (large in an ASan build), not
  # for the ~250 MB of libraries a portable AppDir copies.
  tmpfs_kib=$(($(stat -c %s "$work/e2e-app") * 2 / 1024 + 8192))
  status=0
  unshare --mount sh -c 'mount -t tmpfs -o size="$5"k tmpfs "$1/target" || exit 99
    cd "$1" && NO_COLOR=1 "$2" bundle --bundles appimage --binary "$3" >"$4/out" 2>"$4/err"
    code=$?
    find "$1/target" -mindepth 1 ! -type d >"$4/left"
    exit $code' sh "$work/app" "$weft" "$work/e2e-app" "$work" "$tmpfs_kib" || status=$?
  [ "$status" -ne 99 ] || unsupported_here "cannot mount a tmpfs here"
  expect_one_line_error "no space left" "No space left on device"
  [ "$status" -eq 3 ] || fail "no space: exit $status, expected 3"
  [ ! -s "$work/left" ] || fail "no space: left behind: $(cat "$work/left")"
  echo "ok: missing mksquashfs, a bad library and a full disk fail cleanly"
  ;;

portability)
  need debootstrap
  need unshare
  need xvfb-run
  unshare --mount true 2>/dev/null || unsupported_here "cannot make a mount namespace here (unshare --mount)"
  root=${WEFT_E2E_CACHE:-$build_dir/e2e-cache}/appimage-bookworm
  status=0
  "$here/appimage_root.sh" "$root" >"$work/out" 2>&1 || status=$?
  if [ "$status" -eq 125 ]; then cat "$work/out"; exit 125; fi
  [ "$status" -eq 0 ] || fail "making the Debian root failed"
  for p in libgtk-3-0 libwebkit2gtk-4.1-0 libjavascriptcoregtk-4.1-0 libsoup-3.0-0; do
    if chroot "$root" dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -c installed >/dev/null; then
      fail "the test root has $p installed"
    fi
  done
  new_app
  bundle
  expect_ok "weft bundle"
  # The run happens in the root's own /tmp (a tmpfs, gone with the namespace).
  cat >"$work/session.sh" <<'SESSION'
HOME=/tmp/home WEFT_E2E_RESULT=/tmp/out/result.json NO_AT_BRIDGE=1 /tmp/app.AppImage --appimage-extract-and-run 2>/tmp/out/app.err &
pid=$!
for _ in $(seq 600); do
  [ -f /tmp/out/result.json ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill -TERM "$pid" 2>/dev/null
wait "$pid"
echo $? >/tmp/out/app.status
SESSION
  mkdir -p "$work/chroot-out"
  status=0
  unshare --mount --fork sh -c '
    root=$1 work=$2 image=$3
    mount -t tmpfs tmpfs "$root/tmp" &&
      mount --rbind /dev "$root/dev" && mount -t proc proc "$root/proc" &&
      mkdir "$root/tmp/out" "$root/tmp/home" && mount --bind "$work/chroot-out" "$root/tmp/out" &&
      cp "$image" "$root/tmp/app.AppImage" && cp "$work/session.sh" "$root/tmp/session.sh" || exit 99
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin chroot "$root" xvfb-run -a -s "-screen 0 1024x768x24" sh /tmp/session.sh
  ' sh "$root" "$work" "$image" >"$work/out" 2>"$work/err" || status=$?
  [ "$status" -ne 99 ] || unsupported_here "cannot mount inside a mount namespace here"
  cp "$work/chroot-out/app.err" "$work/err" 2>/dev/null || true
  [ -f "$work/chroot-out/result.json" ] || fail "the AppImage sent no report in the minimal root (status $(cat "$work/chroot-out/app.status" 2>/dev/null))"
  jq -e '.result.greet == "Hello, e2e! You'"'"'ve been greeted from C++."' "$work/chroot-out/result.json" >/dev/null ||
    fail "greet in the minimal root: $(cat "$work/chroot-out/result.json")"
  echo "ok: the portable AppImage answers IPC in a Debian root without GTK and WebKitGTK"
  ;;

*)
  fail "unknown case $case"
  ;;
esac
