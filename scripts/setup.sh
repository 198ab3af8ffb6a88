#!/usr/bin/env bash
# Idempotent environment setup for the IB suite (called by `make setup/test/run`).
#
#   ODOO_PATH  Odoo 19 source checkout (default /opt/odoo19); never copied into the repo
#   PYTHON     interpreter used to create .venv (default python3)
#
# With Odoo: Debian packages Odoo needs (as root, only the missing ones), then .venv with
# Odoo's requirements.txt and requirements-dev.txt. Without Odoo: only .venv with
# requirements-dev.txt (enough for the static checks). Skips pip when .venv/.stamp
# matches the requirement files.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO="$(pwd)"
ODOO_PATH="${ODOO_PATH:-/opt/odoo19}"
PYTHON="${PYTHON:-python3}"
VENV="$REPO/.venv"
DEV_REQ="$REPO/requirements-dev.txt"
DEB_PACKAGES=(libldap2-dev libsasl2-dev wkhtmltopdf chromium)

log() { echo "[setup] $*"; }

have_odoo=1
if [ ! -f "$ODOO_PATH/odoo-bin" ]; then
    have_odoo=0
    echo "No Odoo 19 at $ODOO_PATH (no odoo-bin there): setting up only what the static" \
         "checks need. Set ODOO_PATH to an Odoo 19 source checkout for the full suite."
fi

# --- Debian packages: python-ldap build deps, wkhtmltopdf (PDF), chromium (tours) ----
if [ "$have_odoo" = 1 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && command -v dpkg >/dev/null; then
        missing=()
        for pkg in "${DEB_PACKAGES[@]}"; do
            if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
                missing+=("$pkg")
            fi
        done
        if [ "${#missing[@]}" -gt 0 ]; then
            log "installing Debian packages: ${missing[*]}"
            if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
                   && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; }; then
                log "WARNING: apt-get failed for: ${missing[*]}." \
                    "PDF rendering and browser tours will be skipped by the tests."
            fi
        fi
    else
        for pkg in "${DEB_PACKAGES[@]}"; do
            if command -v dpkg >/dev/null && ! dpkg -s "$pkg" >/dev/null 2>&1; then
                log "WARNING: Debian package $pkg is missing (not root or no apt-get):" \
                    "install it, or PDFs/tours get skipped (libldap2-dev/libsasl2-dev are" \
                    "needed to build python-ldap)."
            fi
        done
    fi
fi

# --- virtualenv -----------------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    "$PYTHON" -m venv "$VENV"
fi

dev_sum="$(sha256sum "$DEV_REQ" | cut -d' ' -f1)"
if [ "$have_odoo" = 1 ]; then
    odoo_sum="$(sha256sum "$ODOO_PATH/requirements.txt" | cut -d' ' -f1)"
else
    odoo_sum="none"
fi
stamp="odoo-requirements $odoo_sum
requirements-dev $dev_sum"

if [ -f "$VENV/.stamp" ] && [ "$(cat "$VENV/.stamp")" = "$stamp" ]; then
    log "$VENV is up to date"
    exit 0
fi

rm -f "$VENV/.stamp"
# pip through "$VENV/bin/python -m pip" (not bin/pip, whose #! line names the path the
# venv was created at). pip>=26 no longer passes PIP_CONSTRAINT into build isolation,
# and cbor2 5.4.2's build needs pkg_resources (gone from setuptools>=81): keep pip<26
# and constrain setuptools. requirements-dev.txt then pins setuptools 80.8.0 in the
# venv itself, for Odoo's evented worker (the reason is written there).
"$VENV/bin/python" -m pip install -q 'pip<26'
if [ "$have_odoo" = 1 ]; then
    constraint="$(mktemp)"
    trap 'rm -f "$constraint"' EXIT
    echo 'setuptools<81' > "$constraint"
    log "installing Odoo's requirements ($ODOO_PATH/requirements.txt)"
    PIP_CONSTRAINT="$constraint" "$VENV/bin/python" -m pip install -q -r "$ODOO_PATH/requirements.txt"
fi
log "installing requirements-dev.txt"
"$VENV/bin/python" -m pip install -q -r "$DEV_REQ"
if [ "$have_odoo" = 1 ]; then
    log "note: Odoo pins polib 1.1.1 and oca-odoo-pre-commit-hooks needs polib 1.2.*;" \
        "pip's resolver complaint above is expected: requirements-dev.txt is installed" \
        "last, and Odoo 19 works with polib 1.2."
fi
printf '%s' "$stamp" > "$VENV/.stamp"
log "done"
