#!/usr/bin/env bash
# Installs the Debian packages pocket-coffea builds against, when they are missing.
# Usage: scripts/install-system-deps.sh            (needs root or sudo only if something is missing)
set -euo pipefail

packages=(pkg-config zlib1g-dev libdeflate-dev libzstd-dev liblz4-dev liblzma-dev libcurl4-openssl-dev
    libxrootd-client-dev)
# The real XRootD server (root:// and XrdHttp) and xrdcp/xrdfs, for the ROOTIO byte-source tests.
packages+=(xrootd-server xrootd-server-plugins xrootd-client)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "system packages: all present"
    exit 0
fi

echo "system packages: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null; then
    as_root=(sudo)
else
    echo "error: missing packages ${missing[*]}; run this script as root or install them with apt-get" >&2
    exit 1
fi
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
