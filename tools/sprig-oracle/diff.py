#!/usr/bin/env python3
"""Prints the templates whose Go and Swift results differ: diff.py GO.jsonl SWIFT.jsonl"""
import json
import sys

go = [json.loads(line) for line in open(sys.argv[1])]
swift = [json.loads(line) for line in open(sys.argv[2])]
differences = 0
for g, s in zip(go, swift):
    if g != s:
        differences += 1
        print(g["template"])
        print("  go:    ", g.get("out", g.get("err")))
        print("  swift: ", s.get("out", s.get("err")))
print(f"{differences} of {len(go)} differ")
