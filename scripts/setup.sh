#!/usr/bin/env bash
# Prepares a fresh Debian/Ubuntu machine to run or test Casebook:
# OS libraries (libvlc, Qt's xcb libraries) when missing, then a venv. For `test`, also every
# tool a test uses (Xvfb, xdotool, poppler, ffmpeg, espeak-ng): a test skipped for a missing tool
# would hide exactly what it checks.
# Usage: scripts/setup.sh run|test
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-run}"

os_packages=(libvlc5 vlc-plugin-base vlc-plugin-video-output
             libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
             libxcb-image0 libxcb-render-util0 libegl1 libgl1 libfontconfig1 libdbus-1-3
             fonts-dejavu-core)
if [ "$purpose" = "test" ]; then
    # libvlc-bin: vlc-cache-gen, for the packaged app's plugin cache (make dist and its test).
    # fonts-droid-fallback and fonts-symbola: the CJK and symbol fallbacks reports print with
    os_packages+=(xvfb xauth x11-apps xdotool poppler-utils qpdf ffmpeg espeak-ng libvlc-bin
                  fonts-droid-fallback fonts-symbola)
fi

if command -v dpkg-query >/dev/null 2>&1; then
    missing=()
    for p in "${os_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing system packages: ${missing[*]}"
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        # Wait for the dpkg lock (unattended upgrades hold it for minutes) instead of failing.
        apt_wait=(-o DPkg::Lock::Timeout=600)
        $sudo apt-get "${apt_wait[@]}" update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get "${apt_wait[@]}" install -y -qq \
            --no-install-recommends "${missing[@]}"
    fi
else
    echo "Not a Debian/Ubuntu system: install VLC 3.x (64-bit) yourself; see README." >&2
fi

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
stamp=".venv/.casebook-$purpose-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
    extras=""
    [ "$purpose" = "test" ] && extras="[test]"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".${extras}"
    touch "$stamp"
fi
