#!/usr/bin/env bash
# Debian packages some tests drive: chromium (the HTML report in a browser) and pre-commit (the
# shipped hook definitions). Each test skips with a message when its tool is missing, so a failed
# install costs those tests only.
set -uo pipefail

bash "$(dirname "$0")/install-browser.sh" || echo "install-tools: chromium unavailable; the browser tests will skip"

if command -v pre-commit >/dev/null 2>&1; then
  echo "install-tools: $(pre-commit --version) already installed"
elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends pre-commit >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends pre-commit >/dev/null; } \
    || echo "install-tools: pre-commit unavailable; the hook test will skip"
  command -v pre-commit >/dev/null 2>&1 && echo "install-tools: $(pre-commit --version)"
else
  echo "install-tools: cannot install pre-commit here; the hook test will skip"
fi
exit 0
