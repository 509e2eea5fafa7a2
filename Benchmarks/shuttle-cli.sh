#!/usr/bin/env bash
# Times `shuttle get`, `has` and `ls` (the calls scripts make dozens of times per pipeline)
# on a project with a local plan, with the static release build. Needs hyperfine
# (apt-get install -y hyperfine). Results go in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --static-swift-stdlib --product shuttle >/dev/null
shuttle="$PWD/.build/release/shuttle"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plan/templates" "$work/project"
cat > "$work/plan/plan.yaml" <<'YAML'
vars:
  docker: {registry: quay.io}
scripts:
YAML
for i in $(seq 1 40); do
  printf '  script%02d:\n    description: script number %d\n    args:\n    - {name: tag, required: true}\n    actions:\n    - shell: echo %d\n' "$i" "$i" "$i" >> "$work/plan/plan.yaml"
done
for i in $(seq 1 30); do echo "FROM scratch # $i" > "$work/plan/templates/file$i.tmpl"; done
cat > "$work/project/shuttle.yaml" <<'YAML'
plan: ../plan
vars:
  service: payments
  squad: money
  docker: {image: registry.example.com/payments}
  replicas: {dev: 1, staging: 2, prod: 3}
  env: {LOG_LEVEL: info, FEATURE_X: "on"}
YAML

cd "$work/project"
hyperfine --shell=none --warmup 20 --runs 300 --export-json "$work/result.json" \
  "$shuttle get docker.image" \
  "$shuttle has replicas.prod" \
  "$shuttle ls" \
  "$shuttle run script01 --tag x"
python3 - "$work/result.json" <<'PY'
import json, sys
print("| command | median [ms] | mean [ms] | min [ms] |")
print("|---|---:|---:|---:|")
for r in json.load(open(sys.argv[1]))["results"]:
    command = r["command"].split("/shuttle ", 1)[-1]
    print(f"| `shuttle {command}` | {r['median'] * 1000:.1f} | {r['mean'] * 1000:.1f} | {r['min'] * 1000:.1f} |")
PY
