#!/bin/bash
# End-to-end tests of `weft bundle` for Linux packages (issue 6), on the
# fixture app tests/fixtures/bundle-app copied into a folder whose path has
# spaces and non-ASCII letters. Packages are checked with the tools Debian
# trusts (lintian, dpkg-deb, dpkg, dpkg-shlibdeps, desktop-file-validate,
# appstreamcli); every bad input must fail with one located line, exit 1 and
# no file left in bundle/.
# usage: bundle_linux.sh CASE WEFT FIXTURE_DIR
# A missing checker skips (exit 125), except in CI (CI=true), where it fails.
set -euo pipefail
case_name=$1
weft=$(realpath "$2")
fixture=$(realpath "$3")

work=$(mktemp -d)
test_failed=0
. "$(dirname "$0")/http_server.sh"
trap 'stop_server; if [ "$test_failed" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi' EXIT

fail() {
  test_failed=1
  echo "FAIL: $*"
  for f in "$work/out" "$work/err"; do
    if [ -s "$f" ]; then echo "--- $(basename "$f"):"; head -c 4000 "$f"; echo; fi
  done
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  [ "${CI:-}" = true ] && fail "$1 is not installed (scripts/setup installs it)"
  echo "SKIP: $1 is not installed"
  exit 125
}

# run ARGS...: weft in the app folder with stdout/stderr captured; sets $status.
run() {
  status=0
  (cd "$app" && NO_COLOR=1 "$weft" "$@") >"$work/out" 2>"$work/err" || status=$?
}

expect_ok() {
  [ "$status" -eq 0 ] || fail "$1: exit $status, expected 0"
  if grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$work/err"; then fail "$1: sanitizer report"; fi
}

# make_app DIR: the fixture with its program and sidecar compiled, hardened
# the way Debian builds (lintian checks it).
make_app() {
  need cc
  local dir=$1
  mkdir -p "$(dirname "$dir")"
  cp -r "$fixture" "$dir"
  local flags=(-O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE -pie -Wl,-z,relro,-z,now)
  mkdir -p "$dir/target/release" "$dir/bin"
  cc "${flags[@]}" -o "$dir/target/release/gruesse" "$dir/src/main.c" -lz
  cc "${flags[@]}" -o "$dir/bin/helper-$(triple)" "$dir/bin-src/helper.c"
}

triple() {
  case $(uname -m) in
    x86_64) echo x86_64-unknown-linux-gnu ;;
    aarch64) echo aarch64-unknown-linux-gnu ;;
    *) echo "SKIP: no triple for $(uname -m)"; exit 125 ;;
  esac
}

deb_path() { ls "$app"/target/release/bundle/deb/*.deb; }
rpm_path() { ls "$app"/target/release/bundle/rpm/*.rpm; }

app="$work/my app/Grüße dir"

# The files the package must install, nothing more (directories aside).
expected_files() {
  cat <<LIST
usr/bin/gruesse
usr/bin/helper
usr/lib/grusse-world/data/fonts/Example-Regular.txt
usr/lib/grusse-world/data/hello.txt
usr/lib/grusse-world/data/nested dir/grüße.txt
usr/lib/grusse-world/fonts/Example-Regular.txt
usr/lib/grusse-world/settings.json
usr/share/applications/com.example.gruesse.desktop
usr/share/doc/grusse-world/changelog.gz
usr/share/doc/grusse-world/copyright
usr/share/icons/hicolor/128x128/apps/com.example.gruesse.png
usr/share/icons/hicolor/32x32/apps/com.example.gruesse.png
usr/share/man/man1/gruesse.1.gz
usr/share/man/man1/helper.1.gz
usr/share/metainfo/com.example.gruesse.metainfo.xml
usr/share/mime/packages/com.example.gruesse.xml
LIST
}

# expect_input_error NAME CONFIG_JSON PATTERN: exit 1, the first stderr line
# located (file:line:col: error:) and matching PATTERN, nothing in bundle/.
expect_input_error() {
  local name=$1 config=$2 pattern=$3
  if [ -n "$config" ]; then run bundle -b deb,rpm -c "$config"; else run bundle -b deb,rpm; fi
  [ "$status" -eq 1 ] || fail "$name: exit $status, expected 1"
  head -1 "$work/err" | grep -Eq "$pattern" || fail "$name: first line does not match /$pattern/"
  if grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer\|internal error' "$work/err"; then fail "$name: crash"; fi
  if [ -d "$app/target/release/bundle" ] && [ -n "$(find "$app/target/release/bundle" -type f)" ]; then
    fail "$name: left files in bundle/: $(find "$app/target/release/bundle" -type f)"
  fi
  if [ -n "$(find "$app/target" -name '.weft-*')" ]; then fail "$name: left a work folder"; fi
}

case $case_name in
  deb_lintian)
    need lintian
    make_app "$app"
    run bundle -b deb
    expect_ok "bundle"
    deb=$(deb_path)
    # Every tag of severity warning or error fails; infos and pedantic tags are allowed.
    lintian --allow-root --fail-on error,warning "$deb" >"$work/lintian" 2>&1 ||
      fail "lintian: $(cat "$work/lintian")"
    if grep -E '^(E|W):' "$work/lintian"; then fail "lintian reports errors or warnings"; fi
    ;;

  deb_fields)
    need dpkg-deb
    make_app "$app"
    run bundle -b deb
    expect_ok "bundle"
    deb=$(deb_path)
    [ "$(basename "$deb")" = grusse-world_1.2.3_amd64.deb ] || [ "$(uname -m)" != x86_64 ] ||
      fail "artifact name $(basename "$deb")"
    dpkg-deb --info "$deb" >"$work/info" || fail "dpkg-deb --info"
    dpkg-deb --contents "$deb" >"$work/contents" || fail "dpkg-deb --contents"
    [ "$(dpkg-deb -f "$deb" Package)" = grusse-world ] || fail "Package"
    [ "$(dpkg-deb -f "$deb" Version)" = 1.2.3 ] || fail "Version"
    [ "$(dpkg-deb -f "$deb" Maintainer)" = "Example Ltd <packages@example.com>" ] || fail "Maintainer"
    [ "$(dpkg-deb -f "$deb" Homepage)" = "https://example.com/gruesse" ] || fail "Homepage"
    # Not piped into grep -q: its early exit would make dpkg-deb die of SIGPIPE (pipefail).
    [[ "$(dpkg-deb -f "$deb" Description)" == *'Grüße Wörld shows'* ]] || fail "extended description"
    [ "$(dpkg-deb -f "$deb" Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture"
    # Entries: owned by root, fixed mtime, ./-prefixed.
    if grep -v ' root/root ' "$work/contents"; then fail "an entry not owned by root/root"; fi
    if grep -v ' 2024-01-01 00:00 \./' "$work/contents"; then fail "an entry without the fixed mtime"; fi
    # The unpacked tree is exactly the staged file list.
    dpkg-deb -x "$deb" "$work/root"
    (cd "$work/root" && find . -type f -o -type l | sed 's|^\./||' | LC_ALL=C sort) >"$work/actual"
    expected_files | LC_ALL=C sort >"$work/expected"
    diff "$work/expected" "$work/actual" >"$work/diff" || fail "unpacked files differ: $(cat "$work/diff")"
    # The binary is stripped, the original left unstripped for debugging.
    file "$work/root/usr/bin/gruesse" | grep -c ', stripped' >/dev/null || fail "binary not stripped"
    file "$app/target/release/gruesse" | grep -c 'not stripped' >/dev/null || fail "the built binary was modified"
    cmp -s "$work/root/usr/lib/grusse-world/settings.json" "$app/config/settings.json" || fail "resource content"
    # md5sums lists every file and matches.
    dpkg-deb -e "$deb" "$work/control"
    (cd "$work/root" && md5sum -c --quiet "$work/control/md5sums") || fail "md5sums do not match"
    [ "$(wc -l <"$work/control/md5sums")" -eq "$(wc -l <"$work/expected")" ] || fail "md5sums misses files"
    ;;

  deb_desktop)
    need desktop-file-validate
    need appstreamcli
    make_app "$app"
    run bundle -b deb
    expect_ok "bundle"
    dpkg-deb -x "$(deb_path)" "$work/root"
    desktop=$work/root/usr/share/applications/com.example.gruesse.desktop
    desktop-file-validate "$desktop" || fail "desktop-file-validate"
    grep -qx 'Name=Grüße Wörld' "$desktop" || fail "desktop Name"
    grep -qx 'MimeType=application/x-gruesse;x-scheme-handler/gruesse;' "$desktop" || fail "desktop MimeType"
    grep -qx 'Exec=gruesse %U' "$desktop" || fail "desktop Exec"
    appstreamcli validate --no-net "$work/root/usr/share/metainfo/com.example.gruesse.metainfo.xml" >"$work/out" 2>&1 ||
      fail "appstreamcli validate"
    grep -q '<glob pattern="\*.grz"/>' "$work/root/usr/share/mime/packages/com.example.gruesse.xml" || fail "MIME glob"
    if command -v xmllint >/dev/null; then
      xmllint --noout "$work/root/usr/share/mime/packages/com.example.gruesse.xml" || fail "MIME XML"
    fi
    zcat "$work/root/usr/share/man/man1/gruesse.1.gz" | grep -c '^\.TH GRUESSE 1' >/dev/null || fail "man page"
    ;;

  deb_depends)
    need dpkg-shlibdeps
    make_app "$app"
    run bundle -b deb
    expect_ok "bundle"
    deb=$(deb_path)
    dpkg-deb -x "$deb" "$work/root"
    # dpkg-shlibdeps, run on the unpacked programs, must agree.
    mkdir -p "$work/shlibdeps/debian"
    printf 'Source: x\n\nPackage: x\nArchitecture: any\n' >"$work/shlibdeps/debian/control"
    (cd "$work/shlibdeps" && dpkg-shlibdeps -O -e "$work/root/usr/bin/gruesse" -e "$work/root/usr/bin/helper" 2>/dev/null) |
      sed -n 's/^shlibs:Depends=//p' >"$work/expected"
    dpkg-deb -f "$deb" Depends >"$work/actual"
    diff "$work/expected" "$work/actual" || fail "Depends differs from dpkg-shlibdeps"
    grep -q 'zlib1g' "$work/actual" || fail "no zlib1g in Depends"
    # bundle.linux.deb.depends is merged in, one entry per package.
    run bundle -b deb -c '{"bundle":{"linux":{"deb":{"depends":["zlib1g (>= 1:1.2.13)","xdg-utils"]}}}}'
    expect_ok "bundle with depends"
    depends=$(dpkg-deb -f "$(deb_path)" Depends)
    echo "$depends" | grep -c 'zlib1g (>= 1:1.2.13)' >/dev/null || fail "configured version not kept: $depends"
    echo "$depends" | grep -c 'xdg-utils' >/dev/null || fail "configured package missing: $depends"
    [ "$(echo "$depends" | grep -o 'zlib1g' | wc -l)" -eq 1 ] || fail "zlib1g twice: $depends"
    ;;

  deb_install)
    need dpkg
    make_app "$app"
    run bundle -b deb
    expect_ok "bundle"
    deb=$(deb_path)
    # Into an empty temporary root (its database has none of the dependencies).
    root=$work/root
    mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
    touch "$root/var/lib/dpkg/status"
    dpkg --root="$root" --force-depends --force-not-root -i "$deb" >"$work/out" 2>&1 || fail "dpkg --root -i"
    [ -x "$root/usr/bin/gruesse" ] || fail "not installed"
    dpkg --root="$root" -s grusse-world | grep -c '^Status: install ok installed' >/dev/null || fail "not recorded as installed"
    dpkg --root="$root" -L grusse-world | grep -c "/usr/lib/grusse-world/data/nested dir/grüße.txt" >/dev/null || fail "file list"
    # On this system, whose dependencies are installed.
    dpkg -i --dry-run "$deb" >"$work/out" 2>&1 || fail "dpkg -i --dry-run"
    ;;

  reproducible)
    need dpkg-deb
    need rpm
    make_app "$app"
    other="$work/elsewhere/second copy"
    make_app "$other"
    cp "$app/target/release/gruesse" "$other/target/release/gruesse"
    cp "$app/bin/helper-$(triple)" "$other/bin/helper-$(triple)"
    run bundle -b deb,rpm
    expect_ok "first"
    first_deb=$(sha256sum <"$(deb_path)")
    first_rpm=$(sha256sum <"$(rpm_path)")
    app=$other
    run bundle -b deb,rpm
    expect_ok "second"
    [ "$(sha256sum <"$(deb_path)")" = "$first_deb" ] || fail "two clean debs differ"
    [ "$(sha256sum <"$(rpm_path)")" = "$first_rpm" ] || fail "two clean rpms differ"
    # No build path or host name in either package's uncompressed content
    # (a short host name could match random bytes, so only from 6 letters).
    dpkg-deb --fsys-tarfile "$(deb_path)" >"$work/deb.tar"
    dpkg-deb --ctrl-tarfile "$(deb_path)" >>"$work/deb.tar"
    rpm2cpio "$(rpm_path)" >"$work/rpm.cpio"
    rpm -qpi "$(rpm_path)" >>"$work/rpm.cpio" 2>/dev/null
    host=$(hostname)
    for f in "$work/deb.tar" "$work/rpm.cpio"; do
      if grep -a -q -F -e "$work" -e "$fixture" "$f"; then fail "$(basename "$f") contains a build path"; fi
      if [ "${#host}" -ge 6 ] && grep -a -q -F "$host" "$f"; then fail "$(basename "$f") contains the host name"; fi
    done
    # SOURCE_DATE_EPOCH sets every mtime.
    status=0
    (cd "$app" && SOURCE_DATE_EPOCH=1700000000 "$weft" bundle -b deb,rpm) >"$work/out" 2>"$work/err" || status=$?
    expect_ok "with SOURCE_DATE_EPOCH"
    if dpkg-deb --contents "$(deb_path)" | grep -v ' 2023-11-14 22:13 '; then fail "deb mtime not from SOURCE_DATE_EPOCH"; fi
    [ "$(rpm -qp --qf '%{BUILDTIME}' "$(rpm_path)" 2>/dev/null)" = 1700000000 ] || fail "rpm build time"
    if rpm -qp --qf '[%{FILEMTIMES}\n]' "$(rpm_path)" 2>/dev/null | grep -vx 1700000000; then fail "rpm file mtimes"; fi
    ;;

  rpm_rpmlint)
    need rpmlint
    make_app "$app"
    run bundle -b rpm
    expect_ok "bundle"
    # No errors; without a signing key its no-signature error is the one allowed.
    rpmlint "$(rpm_path)" >"$work/rpmlint" 2>&1 || true
    grep -q 'packages and 0 specfiles checked' "$work/rpmlint" || fail "rpmlint did not run: $(cat "$work/rpmlint")"
    if grep ': E: ' "$work/rpmlint" | grep -v ': E: no-signature$'; then fail "rpmlint errors"; fi
    ;;

  rpm_query)
    need rpm
    need rpm2cpio
    need cpio
    make_app "$app"
    run bundle -b rpm
    expect_ok "bundle"
    rpm=$(rpm_path)
    [ "$(basename "$rpm")" = "grusse-world-1.2.3-1.$(uname -m).rpm" ] || fail "artifact name $(basename "$rpm")"
    rpm -qpi "$rpm" >"$work/info" 2>/dev/null || fail "rpm -qpi"
    grep -q '^Name *: grusse-world$' "$work/info" || fail "Name"
    grep -q '^Version *: 1.2.3$' "$work/info" || fail "Version"
    grep -q '^License *: MIT$' "$work/info" || fail "License"
    grep -q '^Build Host *: localhost$' "$work/info" || fail "Build Host"
    grep -q '^Packager *: Example Ltd <packages@example.com>$' "$work/info" || fail "Packager"
    grep -q 'Grüße Wörld shows' "$work/info" || fail "Description"
    rpm -qpR "$rpm" >"$work/requires" 2>/dev/null || fail "rpm -qpR"
    grep -qx 'libz.so.1()(64bit)' "$work/requires" || fail "no libz requirement: $(cat "$work/requires")"
    grep -qx 'libc.so.6()(64bit)' "$work/requires" || fail "no libc requirement"
    grep -q '^libc.so.6(GLIBC_2.[0-9.]*)(64bit)$' "$work/requires" || fail "no versioned libc requirement"
    rpm -qp --provides "$rpm" 2>/dev/null | grep -cx 'grusse-world = 1.2.3-1' >/dev/null || fail "Provides"
    rpm -K "$rpm" >"$work/out" 2>&1 || fail "rpm -K: $(cat "$work/out")"
    grep -q 'digests OK' "$work/out" || fail "rpm -K: $(cat "$work/out")"
    # File digests are SHA-256 (algorithm 8) and match the payload.
    [ "$(rpm -qp --qf '%{FILEDIGESTALGO}' "$rpm" 2>/dev/null)" = 8 ] || fail "file digest algorithm"
    [ "$(rpm -qp --qf '%{PAYLOADCOMPRESSOR}' "$rpm" 2>/dev/null)" = zstd ] || fail "payload compressor"
    # The payload holds exactly the staged files (plus the license) and the
    # folders the package owns.
    mkdir "$work/x"
    (cd "$work/x" && rpm2cpio "$rpm" | cpio -idm --quiet) || fail "rpm2cpio | cpio"
    rpm2cpio "$rpm" | cpio -t --quiet | sed 's|^\./||' | LC_ALL=C sort >"$work/listed"
    (cd "$work/x" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) >"$work/actual"
    { expected_files | grep -v '^usr/share/doc/'; echo usr/share/licenses/grusse-world/LICENSE; } | LC_ALL=C sort >"$work/expected"
    diff "$work/expected" "$work/actual" >"$work/diff" || fail "payload files differ: $(cat "$work/diff")"
    grep -qx 'usr/lib/grusse-world' "$work/listed" || fail "resource folder not owned"
    if grep -qx -e usr -e usr/bin -e usr/share "$work/listed"; then fail "owns a system folder"; fi
    rpm -qp --qf '[%{FILEDIGESTS}|%{FILENAMES}\n]' "$rpm" 2>/dev/null | while IFS='|' read -r digest name; do
      [ -z "$digest" ] && continue
      [ "$(sha256sum <"$work/x$name" | cut -d' ' -f1)" = "$digest" ] || fail "digest of $name"
    done
    ;;

  rpm_install)
    need rpm
    make_app "$app"
    run bundle -b rpm
    expect_ok "bundle"
    mkdir -p "$work/db"
    # The empty database has none of the libraries: dependencies are
    # checked by rpm_query (rpm -qpR), the transaction here.
    rpm -i --test --nodeps --dbpath "$work/db" "$(rpm_path)" >"$work/out" 2>&1 || fail "rpm -i --test"
    mkdir -p "$work/root"
    rpm -i --nodeps --noscripts --root "$work/root" --dbpath /db "$(rpm_path)" >"$work/out" 2>&1 ||
      fail "rpm -i --root: $(cat "$work/out")"
    [ -x "$work/root/usr/bin/gruesse" ] || fail "not installed"
    [ -f "$work/root/usr/lib/grusse-world/data/nested dir/grüße.txt" ] || fail "resource not installed"
    rpm -q --root "$work/root" --dbpath /db grusse-world >/dev/null 2>&1 || fail "not in the rpm database"
    rpm -V --nodeps --root "$work/root" --dbpath /db grusse-world >"$work/out" 2>&1 || fail "rpm -V: $(cat "$work/out")"
    ;;

  rpm_signed)
    need rpm
    need rpmlint
    need gpg
    need gpgconf
    # A throw-away key made here, never a checked-in secret.
    export GNUPGHOME=$work/gnupg
    mkdir -m 700 "$GNUPGHOME"
    trap 'stop_server; gpgconf --kill gpg-agent 2>/dev/null || true; if [ "$test_failed" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi' EXIT
    gpg --batch --passphrase 'test pass phrase' --quick-gen-key 'Weft Test <rpm-test@example.com>' rsa2048 sign never \
      >/dev/null 2>&1 || fail "gpg key generation"
    make_app "$app"
    export WEFT_RPM_SIGNING_KEY=rpm-test@example.com WEFT_RPM_SIGNING_KEY_PASSPHRASE='test pass phrase'
    run bundle -b rpm
    expect_ok "signed bundle"
    if grep -q 'test pass phrase' "$work/out" "$work/err"; then fail "passphrase in the output"; fi
    rpm=$(rpm_path)
    first=$(sha256sum <"$rpm")
    # rpm and rpmlint (which asks rpm) trust the key through a temporary database.
    mkdir -p "$work/db" "$work/home"
    gpg --armor --export rpm-test@example.com >"$work/key.asc"
    rpm --dbpath "$work/db" --import "$work/key.asc" || fail "rpm --import"
    echo "%_dbpath $work/db" >"$work/home/.rpmmacros"
    rpm --dbpath "$work/db" -Kv "$rpm" >"$work/out" 2>&1 || fail "rpm -K: $(cat "$work/out")"
    grep -q 'Header V4 RSA/SHA256 Signature, key ID .*: OK' "$work/out" || fail "no good signature: $(cat "$work/out")"
    HOME=$work/home rpmlint "$rpm" >"$work/rpmlint" 2>&1 || true
    grep -q '0 errors' "$work/rpmlint" || fail "rpmlint errors with a signing key: $(cat "$work/rpmlint")"
    # Signed packages are reproducible too (the signature time is the bundle's).
    rm -rf "$app/target/release/bundle"
    run bundle -b rpm
    expect_ok "second signed bundle"
    [ "$(sha256sum <"$(rpm_path)")" = "$first" ] || fail "two signed bundles differ"
    # A key gpg does not have: exit 3 (gpg failed), nothing in bundle/.
    rm -rf "$app/target/release/bundle"
    WEFT_RPM_SIGNING_KEY=nobody@example.com run bundle -b rpm
    [ "$status" -eq 3 ] || fail "unknown key: exit $status, expected 3"
    if [ -n "$(find "$app/target/release" -name '*.rpm')" ]; then fail "rpm left behind after a signing failure"; fi
    ;;

  deb_scripts)
    need dpkg-deb
    need rpm
    need lintian
    make_app "$app"
    config='{"bundle":{"linux":{
      "deb":{"postInstallScript":"packaging/postinst.sh","files":{"/etc/gruesse/gruesse.conf":"packaging/gruesse.conf"},
             "section":"misc"},
      "rpm":{"postInstallScript":"packaging/postinst.sh","files":{"/etc/gruesse/gruesse.conf":"packaging/gruesse.conf"},
             "release":"3","epoch":2}}}}'
    run bundle -b deb,rpm -c "$config"
    expect_ok "bundle with scripts and files"
    deb=$(deb_path)
    dpkg-deb -e "$deb" "$work/control"
    [ "$(cat "$work/control/conffiles")" = /etc/gruesse/gruesse.conf ] || fail "conffiles"
    [ -x "$work/control/postinst" ] || fail "postinst missing or not executable"
    cmp -s "$work/control/postinst" "$app/packaging/postinst.sh" || fail "postinst content"
    [ "$(dpkg-deb -f "$deb" Section)" = misc ] || fail "Section"
    if grep -q gruesse.conf "$work/control/md5sums"; then fail "a conffile in md5sums"; fi
    lintian --allow-root --fail-on error,warning "$deb" >"$work/lintian" 2>&1 || fail "lintian: $(cat "$work/lintian")"
    rpm=$(rpm_path)
    [ "$(basename "$rpm")" = "grusse-world-1.2.3-3.$(uname -m).rpm" ] || fail "rpm name with release"
    rpm -qp --scripts "$rpm" 2>/dev/null | grep -c 'update-desktop-database' >/dev/null || fail "rpm %post"
    rpm -qp --configfiles "$rpm" 2>/dev/null | grep -cx /etc/gruesse/gruesse.conf >/dev/null || fail "rpm config file"
    [ "$(rpm -qp --qf '%{EPOCH}:%{VERSION}-%{RELEASE}' "$rpm" 2>/dev/null)" = 2:1.2.3-3 ] || fail "rpm epoch/release"
    ;;

  debug_profile)
    make_app "$app"
    mkdir -p "$app/target/debug"
    cp "$app/target/release/gruesse" "$app/target/debug/gruesse"
    run bundle -b deb --debug
    expect_ok "bundle --debug"
    ls "$app"/target/debug/bundle/deb/*.deb >/dev/null 2>&1 || fail "no deb under target/debug/bundle"
    [ ! -d "$app/target/release/bundle" ] || fail "wrote under target/release"
    dpkg-deb -x "$app"/target/debug/bundle/deb/*.deb "$work/root"
    file "$work/root/usr/bin/gruesse" | grep -c 'not stripped' >/dev/null || fail "--debug stripped the binary"
    ;;

  interrupted)
    export LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")" && pwd)/bundle_lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
    make_app "$app"
    # Enough incompressible payload that the bundle is still running when the
    # signal comes (about a second of hashing and copying).
    head -c 300000000 /dev/urandom >"$app/assets/fonts/blob.bin"
    (cd "$app" && exec "$weft" bundle -b deb,rpm) >"$work/out" 2>"$work/err" &
    pid=$!
    # The signal comes once bundling has begun (its work folder exists): a
    # fixed delay could land before weft is up (an ASan build starts slowly).
    for _ in $(seq 1000); do
      [ -z "$(find "$app/target/release" -maxdepth 1 -name '.weft-bundle-*' 2>/dev/null)" ] || break
      sleep 0.01
    done
    kill -INT "$pid" || fail "weft ended before the signal"
    status=0
    wait "$pid" || status=$?
    [ "$status" -eq 130 ] || fail "exit $status after SIGINT, expected 130"
    # Died of the signal (also 130) would leave the files checked below and
    # print nothing: weft reports the interruption itself.
    grep -q 'interrupted' "$work/err" || fail "no interruption reported"
    if [ -n "$(find "$app/target/release" -type f -path '*bundle*')" ]; then
      fail "files left in bundle/: $(find "$app/target/release" -type f -path '*bundle*')"
    fi
    if [ -n "$(find "$app/target" -name '.weft-*')" ]; then fail "work folder left behind"; fi
    ;;

  json)
    need jq
    make_app "$app"
    run --json bundle -b deb
    expect_ok "bundle --json"
    path=$(jq -r '.artifacts[0].path' "$work/out")
    [ "$(jq -r '.artifacts[0].format' "$work/out")" = deb ] || fail "format"
    (cd "$app" && [ -f "$path" ]) || fail "no file at $path"
    [ "$(jq -r '.artifacts[0].sha256' "$work/out")" = "$(cd "$app" && sha256sum "$path" | cut -d' ' -f1)" ] || fail "sha256"
    [ "$(jq -r '.artifacts[0].size' "$work/out")" = "$(cd "$app" && stat -c %s "$path")" ] || fail "size"
    ;;

  hello_example)
    need lintian
    make_app "$work/build"
    app="$work/hello"
    cp -r "$fixture/../../../examples/hello" "$app"
    rm -rf "$app/target"
    run bundle -b deb --binary "$work/build/target/release/gruesse"
    expect_ok "bundle examples/hello"
    lintian --allow-root --fail-on error,warning "$(deb_path)" >"$work/lintian" 2>&1 || fail "lintian: $(cat "$work/lintian")"
    if grep -E '^(E|W):' "$work/lintian"; then fail "lintian reports errors or warnings"; fi
    ;;

  updater)
    need jq
    need minisign
    make_app "$app"
    # A throw-away updater key made here, never a checked-in secret.
    "$weft" signer generate --ci -w "$work/updater.key" >/dev/null 2>&1 </dev/null || fail "signer generate"
    pub=$(cat "$work/updater.key.pub")
    base64 -d "$work/updater.key.pub" >"$work/updater.key.pub.minisign"
    # The artifacts are served from here for `weft updater check` below.
    start_server
    need mksquashfs
    cfg=$(jq -nc --arg pub "$pub" --arg url "http://127.0.0.1:$port/v{version}/{target}/{file}" \
      '{bundle: {createUpdaterArtifacts: true, linux: {appimage: {portable: false}}},
        plugins: {updater: {pubkey: $pub, artifactUrl: $url}}}')
    # Without a key in the environment: one located line, nothing made.
    run bundle -c "$cfg" -b deb,rpm
    [ "$status" -eq 1 ] || fail "no updater key: exit $status"
    grep -q 'WEFT_SIGNING_PRIVATE_KEY' "$work/err" || fail "no updater key: the message names no variable"
    [ -z "$(ls -A "$app/target/release/bundle" 2>/dev/null)" ] || fail "no updater key: something was bundled"
    status=0
    (cd "$app" && WEFT_SIGNING_PRIVATE_KEY="$work/updater.key" WEFT_SIGNING_PRIVATE_KEY_PASSWORD="" NO_COLOR=1 \
      "$weft" --json bundle -c "$cfg" -b deb,rpm,appimage) >"$work/out" 2>"$work/err" || status=$?
    expect_ok "bundle with updater artifacts"
    latest=$(jq -r .updater.latestJson "$work/out")
    [ "$latest" = "$app/target/release/bundle/latest.json" ] || fail "latest.json at $latest"
    jq -e '.version == "1.2.3" and (.pub_date | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$"))
           and (.platforms | keys) == ["linux-x86_64", "linux-x86_64-appimage", "linux-x86_64-deb", "linux-x86_64-rpm"]
           and .platforms["linux-x86_64"] == .platforms["linux-x86_64-appimage"]' "$latest" >/dev/null ||
      fail "latest.json: $(cat "$latest")"
    for format in deb rpm appimage; do
      file=$(jq -r --arg f $format '.artifacts[] | select(.format == $f) | .path' "$work/out")
      [ -f "$file.sig" ] || fail "no $file.sig"
      jq -e --arg f "linux-x86_64-$format" --arg sig "$(cat "$file.sig")" \
        --arg base "http://127.0.0.1:$port/v1.2.3/linux-x86_64/" --arg file "$(basename "$file")" \
        '.platforms[$f].signature == $sig and .platforms[$f].url == $base + ($file | @uri)' "$latest" >/dev/null ||
        fail "latest.json entry for $format"
      # The .sig is Tauri's form (base64 of minisign's text): minisign itself verifies it.
      base64 -d "$file.sig" >"$work/$format.minisig"
      minisign -V -q -p "$work/updater.key.pub.minisign" -m "$file" -x "$work/$format.minisig" 2>"$work/minisign" ||
        fail "minisign rejects the $format signature: $(cat "$work/minisign")"
      "$weft" signer verify -P "$pub" --app-version 1.2.3 "$file" >/dev/null 2>&1 || fail "weft signer verify $format"
      mkdir -p "$work/www/v1.2.3/linux-x86_64"
      cp "$file" "$work/www/v1.2.3/linux-x86_64/"
    done
    cp "$latest" "$work/www/latest.json"
    # What an installed app's updater does: fetch, pick its entry, download, verify.
    for format in deb rpm appimage; do
      "$weft" updater check -m "http://127.0.0.1:$port/latest.json" -P "$pub" --current-version 1.0.0 -b $format \
        >"$work/check" 2>&1 || fail "updater check ($format): $(cat "$work/check")"
    done
    deb_served=$(ls "$work/www/v1.2.3/linux-x86_64/"*.deb)
    printf 'X' | dd of="$deb_served" bs=1 seek=2000 conv=notrunc status=none
    if "$weft" updater check -m "http://127.0.0.1:$port/latest.json" -P "$pub" --current-version 1.0.0 -b deb \
      >"$work/check" 2>&1; then fail "updater check accepted a tampered deb"; fi
    ;;

  errors)
    make_app "$app"
    expect_input_error "glob matching nothing" '{"bundle":{"resources":["nothing/*.txt"]}}' \
      '^--config #1:1:[0-9]+: error: /bundle/resources/0: .*matches no file'
    expect_input_error "resource outside the project" '{"bundle":{"resources":{"../*":"x"}}}' \
      '^--config #1:1:[0-9]+: error: .*outside the project'
    ln -s /etc/hostname "$app/assets/escape.txt"
    expect_input_error "resource symlink out of the project" '' \
      '^weft.conf.json:[0-9]+:[0-9]+: error: /bundle/resources/assets~1\*\*~1\*.txt: .*resolves outside the project'
    rm "$app/assets/escape.txt"
    expect_input_error "missing sidecar" '{"bundle":{"externalBin":["bin/nope"]}}' \
      "^--config #1:1:[0-9]+: error: /bundle/externalBin/0: sidecar .*no nope-$(triple)"
    expect_input_error "version Debian cannot express" '{"version":"1.0.0-rc-1"}' \
      '^--config #1:1:[0-9]+: error: /version: .*Debian version'
    expect_input_error "publisher without e-mail" '{"bundle":{"publisher":"Example Ltd"}}' \
      '^--config #1:1:[0-9]+: error: /bundle/publisher: .*e-mail'
    chmod -x "$app/target/release/gruesse"
    expect_input_error "non-executable binary" '' 'error: .*target/release/gruesse: not executable'
    chmod +x "$app/target/release/gruesse"
    echo 'not a program' >"$work/script"
    chmod +x "$work/script"
    run bundle -b deb --binary "$work/script"
    [ "$status" -eq 1 ] || fail "non-ELF binary: exit $status"
    grep -q 'not an ELF executable' "$work/err" || fail "non-ELF binary message"
    ;;

  *)
    echo "unknown case $case_name"
    exit 2
    ;;
esac
echo "ok: $case_name"
