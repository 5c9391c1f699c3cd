#!/usr/bin/env bash
# Completions generated from the CLI tree load in bash, zsh and fish and complete subcommands
# and flags (every subcommand shown by --help completes).
set -euo pipefail
: "${TOKENROUTER:?}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail=0
expect() { # expect NAME HAYSTACK NEEDLE
  if [[ " $2 " == *" $3 "* ]]; then echo "ok   $1"; else echo "FAIL $1: '$3' not in '$2'"; fail=1; fi
}

"$TOKENROUTER" completions bash > "$WORK/c.bash"
"$TOKENROUTER" completions zsh > "$WORK/c.zsh"
"$TOKENROUTER" completions fish > "$WORK/c.fish"

bash_complete() { # words… (the last one is being completed)
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tokenrouter; echo "${COMPREPLY[*]}"' \
    _ "$WORK/c.bash" "$@"
}
expect "bash: complete -p" "$(bash -c "source $WORK/c.bash; complete -p tokenrouter")" "_tokenrouter"
expect "bash: top level" "$(bash_complete tokenrouter ke)" keys
expect "bash: nested" "$(bash_complete tokenrouter keys cr)" create
expect "bash: flags" "$(bash_complete tokenrouter keys create --na)" --name
expect "bash: global flags" "$(bash_complete tokenrouter --js)" --json
# Every subcommand listed by --help completes at the top level.
for sub in $("$TOKENROUTER" --help | awk '/^Subcommands:/{on=1; next} on && NF {print $1}'); do
  expect "bash: subcommand $sub" "$(bash_complete tokenrouter "$sub")" "$sub"
done

if command -v zsh >/dev/null; then
  expect "zsh: loads" "$(zsh -c "source $WORK/c.zsh && whence -w _tokenrouter")" "function"
else
  echo "skip zsh: not installed"
fi
if command -v fish >/dev/null; then
  expect "fish: top level" "$(fish -c "source $WORK/c.fish; complete -C'tokenrouter ke'" | cut -f1 | tr '\n' ' ')" keys
  expect "fish: nested" "$(fish -c "source $WORK/c.fish; complete -C'tokenrouter keys '" | cut -f1 | tr '\n' ' ')" create
else
  echo "skip fish: not installed"
fi
# The copies shipped in completions/ match the CLI (after adding a command or flag, run
# `cmake --build BUILD --target update_completions`).
for pair in "bash tokenrouter.bash" "zsh _tokenrouter" "fish tokenrouter.fish"; do
  read -r shell file <<<"$pair"
  if cmp -s <("$TOKENROUTER" completions "$shell") "${TKR_SOURCE_DIR:?}/completions/$file"; then
    echo "ok   completions/$file is current"
  else
    echo "FAIL completions/$file differs from 'tokenrouter completions $shell' (run the update_completions target)"
    fail=1
  fi
done
exit $fail
