#!/usr/bin/env bash
# Times the clients as a developer and a CI job use them, with the static release builds:
# `hamctl status`, `hamctl describe artifact` and `hamctl version` against a local
# `moonbase serve`, and `artifact add test` (a file-only step). Needs hyperfine
# (apt-get install -y hyperfine). Results go in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --static-swift-stdlib >/dev/null
bin="$PWD/.build/release"

work=$(mktemp -d)
"$bin/moonbase" serve --home "$work/home" --listen 127.0.0.1:0 > "$work/serve.out" 2>/dev/null &
server=$!
trap 'kill $server; wait $server 2>/dev/null; rm -rf "$work"' EXIT
until grep -q "^Admin token: " "$work/serve.out" 2>/dev/null; do sleep 0.1; done
url=$(sed -n 's/^Moonbase listening on //p' "$work/serve.out")
token=$(sed -n 's/^Admin token: //p' "$work/serve.out")
export HAMCTL_URL=$url HAMCTL_AUTH_TOKEN=$token ARTIFACT_URL=$url ARTIFACT_AUTH_TOKEN=$token

mkdir -p "$work/ci/dev"
echo "kind: ConfigMap" > "$work/ci/dev/config.yaml"
"$bin/artifact" init --root "$work/ci" --artifact-id master-1a2b3c4d5e-0000000000 --service payments \
  --git-branch master --git-sha 1a2b3c4d5e --git-message "Fix rounding" --git-author-name Jane \
  --git-author-email jane@example.com --git-committer-name Jane --git-committer-email jane@example.com
"$bin/artifact" end --root "$work/ci" >/dev/null
"$bin/artifact" push --root "$work/ci" >/dev/null
"$bin/hamctl" release --service payments --env dev --artifact master-1a2b3c4d5e-0000000000 >/dev/null

hyperfine --shell=none --warmup 10 --runs 200 --export-json "$work/result.json" \
  "$bin/hamctl version" \
  "$bin/hamctl status --service payments" \
  "$bin/hamctl describe artifact --service payments" \
  "$bin/artifact add test --root $work/ci --passed 200 --failed 0 --skipped 3"
python3 - "$work/result.json" <<'PY'
import json, sys
print("| command | median [ms] | mean [ms] | min [ms] |")
print("|---|---:|---:|---:|")
for r in json.load(open(sys.argv[1]))["results"]:
    command = r["command"].split("/release/", 1)[-1].split(" --root")[0]
    print(f"| `{command}` | {r['median'] * 1000:.1f} | {r['mean'] * 1000:.1f} | {r['min'] * 1000:.1f} |")
PY
