#!/usr/bin/env bash
# Builds the .deb with CPack, unpacks it into a scratch root (dpkg-deb -x) and checks what it
# installs: the file list, conffiles and maintainer scripts, the systemd units, then runs the
# installed binaries, man pages and completions. Prints the package's file list.
set -euo pipefail
BUILD=${1:?usage: deb.sh BUILD_DIR}
command -v dpkg-deb >/dev/null || { echo "skip: dpkg-deb not installed"; exit 125; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail=0
expect() { # expect NAME COMMAND…
  if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}

cmake --build "$BUILD" --target tkr_dist_files >/dev/null
cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$WORK/out" >"$WORK/cpack.log" 2>&1 \
  || { cat "$WORK/cpack.log"; exit 1; }
deb=$(ls "$WORK"/out/tokenrouter_*.deb)
dpkg-deb -x "$deb" "$WORK/root"
dpkg-deb -e "$deb" "$WORK/control"
dpkg-deb --contents "$deb" | awk '{print $1, $6}' | sed 's| \./| /|' > "$WORK/contents"
echo "--- $(basename "$deb") installs:"
cat "$WORK/contents"
echo "---"

R="$WORK/root"
for f in usr/bin/tokenrouter usr/bin/tokenrouterd \
         usr/share/bash-completion/completions/tokenrouter \
         usr/share/zsh/vendor-completions/_tokenrouter \
         usr/share/fish/vendor_completions.d/tokenrouter.fish \
         usr/share/man/man1/tokenrouter.1.gz usr/share/man/man1/tokenrouterd.1.gz \
         etc/tokenrouter/config.toml etc/tokenrouter/env \
         usr/lib/systemd/system/tokenrouterd.service usr/lib/systemd/user/tokenrouterd.service \
         usr/share/tokenrouter/grafana/tokenrouter.json \
         usr/share/tokenrouter/prometheus/tokenrouter-rules.yml; do
  expect "installs /$f" test -s "$R/$f"
done
expect "binaries are executable" test -x "$R/usr/bin/tokenrouter" -a -x "$R/usr/bin/tokenrouterd"
expect "conffiles: the config and env" grep -qx /etc/tokenrouter/config.toml "$WORK/control/conffiles"
expect "conffiles: env" grep -qx /etc/tokenrouter/env "$WORK/control/conffiles"
expect "env file not world-readable" test "$(stat -c %a "$R/etc/tokenrouter/env")" = 640
expect "postinst creates the system user" grep -q 'adduser --system --group' "$WORK/control/postinst"
expect "depends on adduser and its libraries" grep -Eq '^Depends:.*adduser.*' "$WORK/control/control"
expect "depends on sqlite (shlibdeps)" grep -Eq '^Depends:.*libsqlite3' "$WORK/control/control"

unit="$R/usr/lib/systemd/system/tokenrouterd.service"
expect "unit: ExecStart is the installed daemon" grep -qx 'ExecStart=/usr/bin/tokenrouterd --config /etc/tokenrouter/config.toml' "$unit"
for key in User=tokenrouter StateDirectory=tokenrouter NoNewPrivileges=yes ProtectSystem=strict \
           ProtectHome=yes PrivateTmp=yes; do
  expect "unit: $key" grep -qx "$key" "$unit"
done
expect "user unit: ExecStart" grep -qx 'ExecStart=/usr/bin/tokenrouterd' "$R/usr/lib/systemd/user/tokenrouterd.service"
if command -v systemd-analyze >/dev/null; then
  # Unknown keys and bad values are warnings: the unit must verify without any. The binary
  # must exist, so point ExecStart at the unpacked one.
  for kind in system user; do
    sed "s|/usr/bin/tokenrouterd|$R/usr/bin/tokenrouterd|" "$R/usr/lib/systemd/$kind/tokenrouterd.service" \
      > "$WORK/tokenrouterd.service"
    systemd-analyze verify --man=no "$WORK/tokenrouterd.service" > "$WORK/verify.log" 2>&1 || true
    expect "systemd-analyze verify ($kind unit)" test ! -s "$WORK/verify.log"
    cat "$WORK/verify.log"
  done
fi

version=$(awk '/^Version:/{print $2}' "$WORK/control/control")
expect "tokenrouterd --version" test "$("$R/usr/bin/tokenrouterd" --version)" = "tokenrouterd $version"
expect "tokenrouter --help lists subcommands" bash -c "'$R/usr/bin/tokenrouter' --help | grep -q '^Subcommands:'"
expect "the default config checks" env HOME="$WORK" "$R/usr/bin/tokenrouter" \
  --config "$R/etc/tokenrouter/config.toml" --db "$WORK/t.db" config check
expect "man page: tokenrouter(1)" bash -c "zcat '$R/usr/share/man/man1/tokenrouter.1.gz' | grep -q '^\.TH TOKENROUTER'"
expect "man page: tokenrouterd(1)" bash -c "zcat '$R/usr/share/man/man1/tokenrouterd.1.gz' | grep -q '^\.TH TOKENROUTERD'"
expect "bash completion loads" bash -c "source '$R/usr/share/bash-completion/completions/tokenrouter'; complete -p tokenrouter >/dev/null"
exit $fail
