#!/usr/bin/env bash
# Renders the same ~200-line Kubernetes template with Moonbase's GoTemplate (release build)
# and with Go's text/template + sprig, checks that both outputs are identical, and prints
# parse and render times. Needs Debian's golang-go, golang-github-masterminds-sprig-dev and
# golang-gopkg-yaml.v2-dev (installed here if missing). Results go in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v go >/dev/null || [ ! -d /usr/share/gocode/src/github.com/Masterminds/sprig ]; then
  apt-get update && apt-get install -y golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v2-dev
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$work/gocache" go build -o "$work/go-reference" ./Benchmarks/GoReference
swift build -c release --package-path Benchmarks --product TemplateBenchmark >/dev/null
swift_bench=Benchmarks/.build/release/TemplateBenchmark

"$work/go-reference" Benchmarks/Templates --print > "$work/go.yaml"
"$swift_bench" Benchmarks/Templates --print > "$work/swift.yaml"
if cmp -s "$work/go.yaml" "$work/swift.yaml"; then
  echo "outputs identical ($(wc -c < "$work/go.yaml") bytes)"
else
  echo "outputs differ:"; diff "$work/go.yaml" "$work/swift.yaml" || true
fi
"$work/go-reference" Benchmarks/Templates
"$swift_bench" Benchmarks/Templates
