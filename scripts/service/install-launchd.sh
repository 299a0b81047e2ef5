#!/usr/bin/env bash
# Install cached as a launchd user agent (macOS). See README.md here.
set -euo pipefail

# shellcheck source=scripts/service/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

LABEL=dev.cached.daemon

usage() {
  cat <<USAGE
Usage: ${0##*/} [options] install|uninstall|status|print

  install    write the agent plist, then launchctl bootstrap it (starts the daemon)
  uninstall  launchctl bootout (the daemon drains and exits), then remove the plist
  status     say whether the agent is installed, and show launchctl list
  print      write the plist that install would write to stdout

Options:
  --launcher PATH  executable the agent runs (default: \$CACHED_LAUNCHER, else
                   scripts/cached in this repository)
  --config FILE    pass --config FILE to "cached daemon"
  --dir DIR        agent directory (default: ~/Library/LaunchAgents)
  --no-launchctl   only write or remove files; never call launchctl
  -h, --help       this text

The daemon's stdout and stderr go to ~/Library/Logs/cached/cached.log.
USAGE
}

xml_escape() {
  local s=$1
  s=${s//&/&amp;}
  s=${s//</&lt;}
  s=${s//>/&gt;}
  printf '%s' "$s"
}

log_file() {
  printf '%s\n' "$HOME/Library/Logs/cached/cached.log"
}

plist_text() {
  local launcher=$1 config=$2 args='' env='' indent=$'\n    '
  if [[ -n $config ]]; then
    args="$indent<string>--config</string>$indent<string>$(xml_escape "$(absolute_file "$config")")</string>"
  fi
  # launchd starts agents with a bare PATH; keep the JDK the installing shell uses.
  if [[ -n ${JAVA_HOME:-} ]]; then
    env=$'\n  <key>EnvironmentVariables</key>\n  <dict>\n    <key>JAVA_HOME</key>'
    env+=$'\n    <string>'"$(xml_escape "$JAVA_HOME")"$'</string>\n  </dict>'
  fi
  render "$SERVICE_DIR/launchd/$LABEL.plist.in" \
    LAUNCHER "$(xml_escape "$launcher")" \
    DAEMON_ARGS "$args" \
    LOG_FILE "$(xml_escape "$(log_file)")" \
    ENVIRONMENT "$env"
}

main() {
  parse_args --no-launchctl "$@"
  if [[ $ACTION == help ]]; then usage; return 0; fi
  local action=$ACTION launcher=$LAUNCHER config=$CONFIG dir=$DIR launchctl=$MANAGER
  dir=${dir:-$HOME/Library/LaunchAgents}
  local plist=$dir/$LABEL.plist domain
  domain=gui/$(id -u)

  case $action in
    print)
      launcher=$(resolve_launcher "$launcher")
      plist_text "$launcher" "$config"
      ;;
    install)
      launcher=$(resolve_launcher "$launcher")
      local text
      text=$(plist_text "$launcher" "$config")
      mkdir -p "$(dirname "$(log_file)")"
      printf '%s\n' "$text" | write_file "$plist"
      echo "installed $plist (runs $launcher daemon, logs to $(log_file))"
      if ((launchctl)); then
        # Unload an older copy first, so launchd reads the new plist.
        launchctl bootout "$domain/$LABEL" 2>/dev/null || true
        launchctl enable "$domain/$LABEL"
        launchctl bootstrap "$domain" "$plist"
      fi
      ;;
    uninstall)
      if ((launchctl)); then
        launchctl bootout "$domain/$LABEL" 2>/dev/null || true
      fi
      if [[ -e $plist ]]; then
        rm -f "$plist"
        echo "removed $plist (logs kept in $(dirname "$(log_file)"))"
      else
        echo "not installed: $plist"
      fi
      ;;
    status)
      if [[ ! -e $plist ]]; then
        echo "not installed: $plist"
        return 3
      fi
      echo "installed: $plist"
      if ((launchctl)); then
        launchctl list "$LABEL"
      fi
      ;;
  esac
}

main "$@"
