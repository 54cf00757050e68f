#!/usr/bin/env bash
# Build Linli and run its test projects, the way CI does (.ci/run execs this script).
#
#   ./test.sh                  everything: tests/Linli.Tests and tests/Linli.BrowserTests
#   ./test.sh --quick          skip the browser tests (fast local loop)
#   ./test.sh [--quick] -- ARGS  pass ARGS to every `dotnet test`, e.g. -- --filter FullyQualifiedName~Setup
#
# What it does, in order:
#   1. installs what is missing (Debian packages chromium, fonts-wqy-microhei, postgresql,
#      nodejs + npm, poppler-utils), only if missing; apt output goes to a log shown only on failure;
#   2. `dotnet tool restore` when a tool manifest exists;
#   3. starts a throwaway PostgreSQL on 127.0.0.1 (free port from 55432, data in a temp dir)
#      and exports LINLI_TEST_POSTGRES; it is stopped and removed on any exit;
#   4. builds Linli.slnx once (Release), then runs `dotnet test --no-build` for each test
#      project, one after another, each writing TestResults/test.sh/<project>.trx;
#   5. runs the benchmark in quick mode (bench/Linli.Bench --quick, both engines; one test);
#   6. sums the TRX counters, names each failed test with its message's first line (so the tail of the
#      log says which), and ends with the line "N passed, N failed[, N skipped]".
# Exit status is non-zero if the build fails, a test fails, a `dotnet test` exits non-zero,
# an existing project produced no TRX, or no test ran at all.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

usage() { sed -n '2,7p' "$ROOT/test.sh" | sed 's/^# \{0,1\}//'; }
say() { printf '==> %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- arguments
QUICK=0
EXTRA=()
while (($#)); do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1 (arguments for dotnet test go after --)" ;;
  esac
done

# Quiet, CI-safe .NET defaults (an already-set value wins). No MSBuild/compiler server is
# left running after the script, so nothing keeps CI's output pipe open.
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE="${DOTNET_SKIP_FIRST_TIME_EXPERIENCE:-1}"
export MSBUILDDISABLENODEREUSE="${MSBUILDDISABLENODEREUSE:-1}"
export DOTNET_CLI_USE_MSBUILD_SERVER="${DOTNET_CLI_USE_MSBUILD_SERVER:-0}"
if [[ "${CI:-}" == true ]]; then export UseSharedCompilation="${UseSharedCompilation:-false}"; fi
if [[ -z "${HOME:-}" ]]; then HOME=$(getent passwd "$(id -u)" | cut -d: -f6) || true; export HOME="${HOME:-/root}"; fi

# ---------------------------------------------------------------- cleanup, set up first
PGDIR=""
PGBIN=""
APT_LOG=""
as_pg() { # run a PostgreSQL binary as user postgres when we are root (initdb refuses root)
  if ((EUID == 0)); then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  set +e
  if [[ -n "$PGDIR" && -d "$PGDIR" ]]; then
    if [[ -f "$PGDIR/data/postmaster.pid" ]]; then
      local pid
      pid=$(head -n1 "$PGDIR/data/postmaster.pid" 2>/dev/null)
      as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1
      if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null
        sleep 1
      fi
    fi
    rm -rf "$PGDIR"
  fi
  if [[ -n "$APT_LOG" ]]; then rm -f "$APT_LOG"; fi
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---------------------------------------------------------------- 1. what the machine needs
if ! command -v dotnet >/dev/null 2>&1 || [[ -z "$(dotnet --list-sdks 2>/dev/null)" ]]; then
  die "the .NET SDK is not installed ('dotnet' with an SDK is not on PATH). Install .NET SDK 10 (see global.json), then run ./test.sh again."
fi

pkg_installed() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]; }
have_pg_server() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; }

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
pkg_installed fonts-wqy-microhei || missing+=(fonts-wqy-microhei)
have_pg_server || missing+=(postgresql)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[[ -x /usr/bin/pdftotext && -x /usr/bin/pdftoppm ]] || missing+=(poppler-utils)   # the browser tests read PDFs back

if ((${#missing[@]})); then
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and there is no apt-get to install them"
  SUDO=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || die "missing ${missing[*]}; run as root (or install them) to continue"
    SUDO=(sudo)
  fi
  APT_LOG=$(mktemp /tmp/linli-apt.XXXXXX)
  say "installing missing packages: ${missing[*]}"
  if ! {
    "${SUDO[@]}" apt-get update -o Acquire::Retries=3 &&
      "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        -o Acquire::Retries=3 -o DPkg::Lock::Timeout=300 "${missing[@]}"
  } >"$APT_LOG" 2>&1; then
    cat "$APT_LOG" >&2
    die "apt-get could not install: ${missing[*]} (apt output above)"
  fi
  [[ -x /usr/bin/chromium ]] || { cat "$APT_LOG" >&2; die "/usr/bin/chromium is still missing after apt-get install"; }
  have_pg_server || { cat "$APT_LOG" >&2; die "PostgreSQL server binaries (/usr/lib/postgresql/*/bin) still missing after apt-get install"; }
  command -v npm >/dev/null 2>&1 || { cat "$APT_LOG" >&2; die "npm is still missing after apt-get install"; }
  [[ -x /usr/bin/pdftotext ]] || { cat "$APT_LOG" >&2; die "pdftotext (poppler-utils) is still missing after apt-get install"; }
  rm -f "$APT_LOG"; APT_LOG=""
fi

# ---------------------------------------------------------------- 2. local dotnet tools
if [[ -f dotnet-tools.json || -f .config/dotnet-tools.json ]]; then
  say "dotnet tool restore"
  if ! tool_out=$(dotnet tool restore 2>&1); then
    printf '%s\n' "$tool_out" >&2
    die "dotnet tool restore failed"
  fi
fi

# ---------------------------------------------------------------- 3. throwaway PostgreSQL
PGBIN=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)
# In /tmp, not $TMPDIR: user postgres must reach it, and the socket path must stay short.
PGDIR=$(mktemp -d /tmp/linli-pg.XXXXXX)
echo postgres >"$PGDIR/pw"
if ((EUID == 0)); then
  id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (it comes with the postgresql package)"
  chown postgres "$PGDIR" "$PGDIR/pw"
fi
if ! as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --pwfile="$PGDIR/pw" -A scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1; then
  cat "$PGDIR/initdb.log" >&2
  die "initdb failed (output above)"
fi

free_port() { # first port >= $1 on which nothing accepts connections on 127.0.0.1
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}
PORT=55432
pg_up=0
for _ in 1 2 3 4 5; do
  PORT=$(free_port "$PORT")
  # max_connections: parallel test classes each keep an Npgsql pool; 100 is tight.
  if as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 60 \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -k $PGDIR -c fsync=off -c max_connections=200" \
      start >"$PGDIR/pg_ctl.out" 2>&1; then
    pg_up=1
    break
  fi
  # Lost a race for the port: try the next one. Anything else is a real failure.
  grep -q 'could not bind\|Address already in use' "$PGDIR/log" 2>/dev/null || break
  PORT=$((PORT + 1))
done
if ((pg_up == 0)) || ! PGPASSWORD=postgres PGCONNECT_TIMEOUT=10 "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" \
    -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
  {
    echo "---- pg_ctl output"; cat "$PGDIR/pg_ctl.out" 2>/dev/null
    echo "---- PostgreSQL log ($PGDIR/log)"; cat "$PGDIR/log" 2>/dev/null
  } >&2
  die "could not start the test PostgreSQL (log above)"
fi
export LINLI_TEST_POSTGRES="Host=127.0.0.1;Port=$PORT;Username=postgres;Password=postgres"
say "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (LINLI_TEST_POSTGRES)"

# ---------------------------------------------------------------- 4a. build once
RESULTS="$ROOT/TestResults/test.sh"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
BUILD_LOG="$RESULTS/build.log"

SLN=Linli.slnx
mapfile -t sln_projects < <(grep -o 'Path="[^"]*\.csproj"' "$SLN" | sed 's/^Path="//; s/"$//')
build_targets=("$SLN")
absent=()
for p in "${sln_projects[@]}"; do [[ -f "$p" ]] || absent+=("$p"); done
if ((${#absent[@]})); then
  # The solution names a project that is not written yet; building the solution would fail
  # on it, so build the projects that exist instead.
  say "not in the tree yet (building the other projects of $SLN one by one): ${absent[*]}"
  build_targets=()
  for p in "${sln_projects[@]}"; do if [[ -f "$p" ]]; then build_targets+=("$p"); fi; done
fi
say "dotnet build -c Release (${build_targets[*]})"
build_start=$SECONDS
: >"$BUILD_LOG"
for t in "${build_targets[@]}"; do
  if ! dotnet build "$t" -c Release -nologo -v minimal -nodeReuse:false >>"$BUILD_LOG" 2>&1; then
    cat "$BUILD_LOG"
    echo "BUILD FAILED ($t); no test was run"
    exit 1
  fi
done
say "build ok in $((SECONDS - build_start)) s"

# ---------------------------------------------------------------- 4b. test projects
projects=(tests/Linli.Tests/Linli.Tests.csproj tests/Linli.BrowserTests/Linli.BrowserTests.csproj)
# Any further test project under tests/ that the solution builds.
for f in tests/*/*.csproj; do
  [[ -f "$f" ]] || continue
  case " ${projects[*]} " in *" $f "*) continue ;; esac
  if ! printf '%s\n' "${sln_projects[@]}" | grep -qxF "$f"; then
    say "ignoring $f: it is not in $SLN, so it is not built"
    continue
  fi
  grep -qE 'Microsoft\.NET\.Test\.Sdk|<IsTestProject>[[:space:]]*true' "$f" || continue
  projects+=("$f")
done

export LINLI_CHROMIUM="${LINLI_CHROMIUM:-/usr/bin/chromium}"

ran_names=()
ran_rcs=()
problems=()
for proj in "${projects[@]}"; do
  name=$(basename "$proj" .csproj)
  if ((QUICK)) && [[ "$name" == *BrowserTests* ]]; then
    say "skipping $name (--quick)"
    continue
  fi
  if [[ ! -f "$proj" ]]; then
    say "skipping $name: $proj does not exist yet"
    continue
  fi
  say "dotnet test $name"
  rc=0
  # The test host lives a few minutes and runs each piece of code a few times: straight to optimised code
  # (no tier-0 JIT and re-JIT) is cheaper there. It changes when code is compiled, not what it does.
  DOTNET_TieredCompilation="${DOTNET_TieredCompilation:-0}" \
  dotnet test "$proj" --no-build -c Release --logger "trx;LogFileName=$name.trx" \
    --results-directory "$RESULTS" "${EXTRA[@]}" 2>&1 || rc=$?
  ran_names+=("$name")
  ran_rcs+=("$rc")
done

# ---------------------------------------------------------------- 4c. the benchmark, small
# A small district on both engines, a few iterations: proves the benchmark still runs end to end against
# the real server (it counts as one test). The full run is by hand: docs/PERFORMANCE.md.
BENCH_LOG="$RESULTS/bench-quick.log"
say "benchmark, quick mode (log: ${BENCH_LOG#"$ROOT"/})"
bench_rc=0
dotnet bench/Linli.Bench/bin/Release/net10.0/Linli.Bench.dll --quick --engine both \
  --work "$RESULTS/bench" --out "$RESULTS/bench-quick.json" >"$BENCH_LOG" 2>&1 || bench_rc=$?
tail -n 25 "$BENCH_LOG"
rm -rf "$RESULTS/bench"

# ---------------------------------------------------------------- 5. sum the TRX counters
counter() { # counter FILE ATTR -> the number in <Counters ... ATTR="N" ...>, 0 if absent
  local v
  v=$(sed -n 's/.*<Counters[^>]*[[:space:]]'"$2"'="\([0-9][0-9]*\)".*/\1/p' "$1")
  v=${v%%$'\n'*}
  echo "${v:-0}"
}

failures() { # failures FILE -> "  <test>: <first line of its message>" for each failed test in a TRX, at most 10
  awk '
    /<UnitTestResult / && /outcome="Failed"/ {
      name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name); want = 1; next
    }
    want && /<Message>/ {
      line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line)
      gsub(/&quot;/, "\"", line); gsub(/&lt;/, "<", line); gsub(/&gt;/, ">", line); gsub(/&amp;/, "\\&", line)
      if (length(line) > 240) line = substr(line, 1, 240) "…"
      if (++n <= 10) print "    " name ": " line
      want = 0
    }' "$1"
}

T_PASSED=0 T_FAILED=0 T_SKIPPED=0 T_EXECUTED=0
echo
echo "---- test summary (TRX files in ${RESULTS#"$ROOT"/})"
for i in "${!ran_names[@]}"; do
  name=${ran_names[$i]}
  rc=${ran_rcs[$i]}
  trx="$RESULTS/$name.trx"
  if [[ ! -f "$trx" ]]; then
    printf '  %-28s no TRX written  (dotnet test exit %s)\n' "$name" "$rc"
    problems+=("$name: dotnet test wrote no TRX file")
    ((rc == 0)) || problems+=("$name: dotnet test exited $rc")
    continue
  fi
  total=$(counter "$trx" total)
  executed=$(counter "$trx" executed)
  passed=$(counter "$trx" passed)
  failed=$(($(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted)))
  # xunit's skipped tests are in total but neither executed nor notExecuted: count them too.
  skipped=$(counter "$trx" notExecuted)
  if ((total - executed > skipped)); then skipped=$((total - executed)); fi
  printf '  %-28s passed=%-5s failed=%-5s skipped=%-5s total=%-5s (dotnet test exit %s)\n' \
    "$name" "$passed" "$failed" "$skipped" "$total" "$rc"
  T_PASSED=$((T_PASSED + passed))
  T_FAILED=$((T_FAILED + failed))
  T_SKIPPED=$((T_SKIPPED + skipped))
  T_EXECUTED=$((T_EXECUTED + executed))
  if ((failed > 0)); then
    problems+=("$name: $failed test(s) failed"$'\n'"$(failures "$trx")")
  elif ((rc != 0)); then
    problems+=("$name: dotnet test exited $rc although no test failed (see its output above)")
  fi
done
if ((bench_rc == 0)); then
  printf '  %-28s passed=1\n' "Linli.Bench --quick"
  T_PASSED=$((T_PASSED + 1))
  T_EXECUTED=$((T_EXECUTED + 1))
else
  printf '  %-28s failed=1 (exit %s, log %s)\n' "Linli.Bench --quick" "$bench_rc" "${BENCH_LOG#"$ROOT"/}"
  T_FAILED=$((T_FAILED + 1))
  problems+=("Linli.Bench --quick exited $bench_rc")
fi
((${#ran_names[@]})) || problems+=("no test project was run")
((T_EXECUTED > 0)) || problems+=("no test ran")

status=0
if ((${#problems[@]})); then
  status=1
  for p in "${problems[@]}"; do echo "FAILED: $p"; done
fi
if ((T_SKIPPED > 0)); then
  echo "$T_PASSED passed, $T_FAILED failed, $T_SKIPPED skipped"
else
  echo "$T_PASSED passed, $T_FAILED failed"
fi
exit "$status"
