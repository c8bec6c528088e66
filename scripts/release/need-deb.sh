# Sourced by scripts/release.sh and scripts/release/check*.sh:
# need_deb COMMAND PACKAGE... installs Debian's PACKAGEs with apt-get when
# COMMAND is missing (with sudo unless root).
need_deb() {
  local cmd=$1; shift
  if ! command -v "$cmd" >/dev/null 2>&1 && ! [ -x "/usr/bin/$cmd" ]; then
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    echo "== installing Debian's $*" >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  fi
}
