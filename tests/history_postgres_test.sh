#!/bin/sh
# The PostgreSQL history store against a real server: starts one (Debian's postgresql package,
# installed by scripts/setup.sh) in a temporary directory on a free loopback port with a
# password, runs the store tests and the CLI against it, and stops it on any exit. Postgres
# refuses to run as root, so under root (CI) the server runs as `nobody`.
# Usage: history_postgres_test.sh HISTORY_POSTGRES_TEST GPUPROBE
set -u
test_binary=$1
gpuprobe=$2
pgbin=${GPUPROBE_PG_BIN:-/usr/lib/postgresql/15/bin}
fail() { echo "FAIL: $*"; exit 1; }
for tool in initdb pg_ctl; do
  [ -x "$pgbin/$tool" ] || fail "$pgbin/$tool not found: install postgresql (scripts/setup.sh)"
done
command -v psql >/dev/null || fail "psql not found: install postgresql (scripts/setup.sh)"

tmp=$(mktemp -d)
as_server=""
if [ "$(id -u)" = 0 ]; then
  chown nobody "$tmp" || fail "cannot hand $tmp to nobody"
  as_server="setpriv --reuid=nobody --regid=nogroup --clear-groups --"
fi
stop() {
  $as_server "$pgbin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 1' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port)
echo s3cret >"$tmp/password"
chmod 644 "$tmp/password"
$as_server "$pgbin/initdb" -D "$tmp/data" -U gp --pwfile="$tmp/password" -A scram-sha-256 \
  >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log"; fail "initdb"; }
$as_server "$pgbin/pg_ctl" -D "$tmp/data" -w -t 20 -l "$tmp/server.log" \
  -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null ||
  { cat "$tmp/server.log"; fail "the server did not start"; }

export PGPASSWORD=s3cret
for db in h1 h2 cli; do
  psql -q -h 127.0.0.1 -p "$port" -U gp -d postgres -c "CREATE DATABASE $db" || fail "createdb $db"
done
url="postgresql://gp:s3cret@127.0.0.1:$port/"
unset PGPASSWORD  # the URL alone must carry the password

GPUPROBE_TEST_POSTGRES_URL=$url "$test_binary" || fail "store tests against the server"

# The CLI: an empty store, a run pushed into it, the listing and the fleet report.
out=$("$gpuprobe" history --db "${url}cli" 2>&1) || fail "history on an empty store: $out"
echo "$out" | grep -q "no runs in postgresql://gp:\*\*\*@127.0.0.1:$port/cli" || fail "empty listing: $out"
out=$(XDG_DATA_HOME=$tmp/xdg "$gpuprobe" run -b cpu -k read --sizes 1MiB --db "${url}cli" 2>&1) ||
  fail "run --db postgresql: $out"
echo "$out" | grep -q "saved run 1 to the history postgresql://gp:\*\*\*@" || fail "run not saved: $out"
[ ! -e "$tmp/xdg/gpuprobe" ] || fail "--db postgresql also wrote the default SQLite file"
out=$("$gpuprobe" history --db "${url}cli" 2>&1) || fail "history: $out"
echo "$out" | grep -q "^1 run(s) from" || fail "listing: $out"
out=$("$gpuprobe" history --db "${url}cli" --fleet 2>&1) || fail "fleet: $out"
echo "$out" | grep -q "1 host(s)" || fail "fleet groups: $out"

# Bad input: a wrong password and a port nobody listens on: exit 2, the URL without password.
bad=$(echo "${url}cli" | sed 's/s3cret/wrong/')
out=$("$gpuprobe" history --db "$bad" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "wrong password exited $rc: $out"
echo "$out" | grep -q "password authentication failed" || fail "wrong password message: $out"
echo "$out" | grep -q "wrong" && fail "the password was printed: $out"
closed=$(free_port)
out=$("$gpuprobe" run -b cpu -k read --sizes 1MiB --db "postgresql://gp:s3cret@127.0.0.1:$closed/cli" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "unreachable server exited $rc: $out"
echo "$out" | grep -q "cannot connect" || fail "unreachable message: $out"
echo "$out" | grep -q "nothing was run" || fail "unreachable run went on: $out"
# Nothing stored was lost by the failed attempts.
out=$("$gpuprobe" history --db "${url}cli" 2>&1) || fail "history after bad input: $out"
echo "$out" | grep -q "^1 run(s) from" || fail "runs lost: $out"
echo "PASS: PostgreSQL history on 127.0.0.1:$port"
