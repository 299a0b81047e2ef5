#!/usr/bin/env bash
# Install cached as a systemd user service (Linux). See README.md here.
set -euo pipefail

# shellcheck source=scripts/service/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

UNIT_NAME=cached.service

usage() {
  cat <<USAGE
Usage: ${0##*/} [options] install|uninstall|status|print

  install    write the user unit, then systemctl --user daemon-reload and enable --now
  uninstall  systemctl --user disable --now, then remove the unit
  status     say whether the unit is installed, and show systemctl --user status
  print      write the unit that install would write to stdout

Options:
  --launcher PATH  executable the unit runs (default: \$CACHED_LAUNCHER, else
                   scripts/cached in this repository)
  --config FILE    pass --config FILE to "cached daemon" and "cached stop"
  --dir DIR        unit directory (default: \${XDG_CONFIG_HOME:-~/.config}/systemd/user)
  --no-systemctl   only write or remove files; never call systemctl
  -h, --help       this text
USAGE
}

# One word of a unit line, double-quoted, with systemd's specifier character
# (%) doubled so it stays literal.
quoted() {
  local w=$1
  w=${w//\\/\\\\}
  w=${w//\"/\\\"}
  w=${w//%/%%}
  printf '"%s"' "$w"
}

# An argument of an Exec line: quoted, and "$" doubled too, since systemd
# expands variables in arguments (never in the command itself).
exec_arg() {
  quoted "${1//\$/\$\$}"
}

unit_text() {
  local launcher=$1 config=$2 args='' env=''
  if [[ -n $config ]]; then
    args=" --config $(exec_arg "$(absolute_file "$config")")"
  fi
  # The user manager's PATH is not the login shell's; keep the JDK the
  # installing shell uses, if it names one.
  if [[ -n ${JAVA_HOME:-} ]]; then
    env="Environment=$(quoted "JAVA_HOME=$JAVA_HOME")"$'\n'
  fi
  local docs
  docs=$(file_uri "$SERVICE_DIR/README.md")
  render "$SERVICE_DIR/systemd/cached.service.in" \
    DOCUMENTATION "${docs//%/%%}" \
    LAUNCHER "$(quoted "$launcher")" \
    DAEMON_ARGS "$args" \
    ENVIRONMENT "$env"
}

main() {
  parse_args --no-systemctl "$@"
  if [[ $ACTION == help ]]; then usage; return 0; fi
  local action=$ACTION launcher=$LAUNCHER config=$CONFIG dir=$DIR systemctl=$MANAGER
  dir=${dir:-${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user}
  local unit_file=$dir/$UNIT_NAME

  case $action in
    print)
      launcher=$(resolve_launcher "$launcher")
      unit_text "$launcher" "$config"
      ;;
    install)
      launcher=$(resolve_launcher "$launcher")
      local text
      text=$(unit_text "$launcher" "$config")
      printf '%s\n' "$text" | write_file "$unit_file"
      echo "installed $unit_file (runs $launcher daemon)"
      if ((systemctl)); then
        local was_active=0
        systemctl --user --quiet is-active "$UNIT_NAME" && was_active=1
        systemctl --user daemon-reload
        systemctl --user enable --now "$UNIT_NAME"
        # A running daemon keeps its old command line until it restarts.
        if ((was_active)); then systemctl --user restart "$UNIT_NAME"; fi
      fi
      ;;
    uninstall)
      if ((systemctl)); then
        systemctl --user disable --now "$UNIT_NAME" 2>/dev/null || true
      fi
      if [[ -e $unit_file ]]; then
        rm -f "$unit_file"
        echo "removed $unit_file"
      else
        echo "not installed: $unit_file"
      fi
      if ((systemctl)); then
        systemctl --user daemon-reload
      fi
      ;;
    status)
      if [[ ! -e $unit_file ]]; then
        echo "not installed: $unit_file"
        return 3
      fi
      echo "installed: $unit_file"
      if ((systemctl)); then
        systemctl --user --no-pager status "$UNIT_NAME"
      fi
      ;;
  esac
}

main "$@"
