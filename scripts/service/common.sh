# shellcheck shell=bash
# Helpers shared by install-systemd.sh and install-launchd.sh. Sourced, not run.
# Works with bash 3.2 (the macOS /bin/bash) as well as bash 5.

# Template values may hold "&"; bash 5.2 would replace it with the match.
shopt -u patsub_replacement 2>/dev/null || true

SERVICE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_DIR=$(cd "$SERVICE_DIR/../.." && pwd -P)

die() {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
  exit 1
}

usage_error() {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
  usage >&2
  exit 2
}

# Absolute path of an existing file, symlinks in its directory resolved.
absolute_file() {
  local dir
  dir=$(cd "$(dirname "$1")" 2>/dev/null && pwd -P) || die "no such directory: $(dirname "$1")"
  printf '%s/%s\n' "$dir" "$(basename "$1")"
}

# The launcher the service runs: --launcher, else $CACHED_LAUNCHER, else the
# repository's scripts/cached. It must be an executable file.
resolve_launcher() {
  local launcher=${1:-${CACHED_LAUNCHER:-$REPO_DIR/scripts/cached}}
  [[ -f $launcher && -x $launcher ]] || die "launcher is not an executable file: $launcher (build or pass --launcher PATH)"
  absolute_file "$launcher"
}

# render TEMPLATE NAME VALUE [NAME VALUE]...: the template with every @NAME@
# replaced by VALUE. Fails if a placeholder is left unfilled.
render() {
  local template=$1 text name value
  text=$(cat "$template") || die "cannot read template: $template"
  shift
  while (($# >= 2)); do
    name=$1 value=$2
    shift 2
    text=${text//@$name@/$value}
  done
  if [[ $text =~ @[A-Z_]+@ ]]; then
    die "template $template has an unfilled placeholder: ${BASH_REMATCH[0]}"
  fi
  printf '%s\n' "$text"
}

# write_file DEST: stdin to DEST through a temp file in the same directory
# and one rename, so a reader never sees half a unit file.
write_file() {
  local dest=$1 dir tmp
  dir=$(dirname "$dest")
  mkdir -p "$dir"
  tmp=$(mktemp "$dir/.${dest##*/}.XXXXXX")
  if ! cat >"$tmp" || ! chmod 644 "$tmp" || ! mv -f "$tmp" "$dest"; then
    rm -f "$tmp"
    die "cannot write $dest"
  fi
}

# file:// URI of an absolute path, every byte outside [A-Za-z0-9/._~-] encoded.
file_uri() {
  local LC_ALL=C path=$1 out='' c i
  for ((i = 0; i < ${#path}; i++)); do
    c=${path:i:1}
    case $c in
      [A-Za-z0-9/._~-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf 'file://%s\n' "$out"
}

# Parses the installers' shared command line into ACTION, LAUNCHER, CONFIG, DIR and MANAGER
# (1 unless the manager flag, such as --no-systemctl, was given).
# shellcheck disable=SC2034 # the globals are read by the installer that sources this file
parse_args() {
  local manager_flag=$1
  shift
  ACTION='' LAUNCHER='' CONFIG='' DIR='' MANAGER=1
  while (($#)); do
    case $1 in
      --launcher) (($# >= 2)) || usage_error "$1 needs a value"; LAUNCHER=$2; shift 2 ;;
      --config) (($# >= 2)) || usage_error "$1 needs a value"; CONFIG=$2; shift 2 ;;
      --dir) (($# >= 2)) || usage_error "$1 needs a value"; DIR=$2; shift 2 ;;
      "$manager_flag") MANAGER=0; shift ;;
      -h | --help) ACTION=help; return 0 ;;
      install | uninstall | status | print)
        [[ -z $ACTION ]] || usage_error "one action only, got $ACTION and $1"
        ACTION=$1; shift ;;
      *) usage_error "unknown argument: $1" ;;
    esac
  done
  [[ -n $ACTION ]] || usage_error "no action given"
}
