#!/usr/bin/env bash
# Make sure a PostgreSQL server answers at SPINEMET_TEST_PG (default
# postgresql://postgres@127.0.0.1:5432/test) for the registry tests: start the local cluster
# if it is installed but stopped. Prints the URL when one answers; prints nothing otherwise
# (the Makefile then says, loudly, that the PostgreSQL pass is skipped).
set -u
url="${SPINEMET_TEST_PG:-postgresql://postgres@127.0.0.1:5432/test}"
answers() { "${PYTHON:-python3}" - "$url" <<'PY' 2>/dev/null
import sys
try:
    import psycopg
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception:
    sys.exit(1)
PY
}
if ! answers; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
    done
    for _ in 1 2 3 4 5 6 7 8 9 10; do answers && break; sleep 1; done
  fi
fi
answers && echo "$url"
exit 0
