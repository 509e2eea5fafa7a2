#!/usr/bin/env python3
"""Checks (or, with --write, updates) the expected results of the GoTemplate conformance cases
against Go's text/template, by running them through the template-oracle Go program.

Usage: sync.py ORACLE_BINARY [--write]

Cases are single lines of Tests/GoTemplateTests/Conformance+*.swift of the form
    Case("name", #"template"#, #"data"#, out: #"expected"#),
or with `err:`. A line ending in `// manual` keeps its expectation (features newer than the
oracle's Go, or documented deviations).
"""
import json, pathlib, re, subprocess, sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASE = re.compile(r'^(?P<indent>\s*)Case\("(?P<name>(?:[^"\\]|\\.)*)", #"(?P<tpl>.*?)"#, #"(?P<data>.*?)"#, '
                  r'(?P<kind>out|err): #"(?P<exp>.*?)"#(?P<extra>[^/]*?)\),(?P<comment>\s*//.*)?$')

def unswift(s):
    def rep(m):
        e = m.group(1)
        if e == 'n': return '\n'
        if e == 't': return '\t'
        if e == 'r': return '\r'
        if e == '0': return '\0'
        if e.startswith('u{'): return chr(int(e[2:-1], 16))
        raise ValueError(e)
    return re.sub(r'\\#(n|t|r|0|u\{[0-9a-fA-F]+\})', rep, s)

def swift(s):
    out = []
    for ch in s:
        if ch == '\n': out.append('\\#n')
        elif ch == '\t': out.append('\\#t')
        elif ch == '\r': out.append('\\#r')
        elif ord(ch) < 0x20 or ord(ch) == 0x7f: out.append('\\#u{%X}' % ord(ch))
        else: out.append(ch)
    r = ''.join(out)
    if '"#' in r or '\\#' in r.replace('\\#n', '').replace('\\#t', '').replace('\\#r', '').replace('\\#u{', ''):
        raise ValueError('cannot write as raw string: %r' % s)
    return r

def main():
    oracle = sys.argv[1]
    write = '--write' in sys.argv
    named = dict(re.findall(r'"(@\w+)": #"(.*?)"#,', (ROOT / 'Tests/GoTemplateTests/Conformance.swift').read_text()))
    files = sorted((ROOT / 'Tests/GoTemplateTests').glob('Conformance+*.swift'))
    entries = []
    for f in files:
        lines = f.read_text().split('\n')
        for i, line in enumerate(lines):
            m = CASE.match(line)
            if not m:
                if 'Case(' in line and 'Case("' in line:
                    print('UNPARSED %s:%d: %s' % (f.name, i + 1, line))
                continue
            extra = m.group('extra')
            data = unswift(m.group('data'))
            inp = {'template': unswift(m.group('tpl')), 'data': named.get(data, data)}
            n = re.search(r'name: "([^"]*)"', extra)
            if n: inp['name'] = n.group(1)
            d = re.search(r'delims: \("([^"]*)", "([^"]*)"\)', extra)
            if d: inp['delims'] = [d.group(1), d.group(2)]
            x = re.search(r'exec: "([^"]*)"', extra)
            if x: inp['exec'] = x.group(1)
            entries.append((f, lines, i, m, inp))
    proc = subprocess.run([oracle], input='\n'.join(json.dumps(e[4]) for e in entries) + '\n',
                          capture_output=True, text=True, check=True)
    results = [json.loads(l) for l in proc.stdout.strip().split('\n')]
    assert len(results) == len(entries)
    changed = set()
    diffs = 0
    for (f, lines, i, m, inp), res in zip(entries, results):
        kind = 'err' if 'err' in res else 'out'
        text = res.get('err', res.get('out'))
        manual = (m.group('comment') or '').strip().startswith('// manual')
        if kind == m.group('kind') and text == unswift(m.group('exp')):
            if manual: print('MANUAL BUT AGREES %s: %s' % (f.name, m.group('name')))
            continue
        if manual: continue
        diffs += 1
        print('%s: %s\n   have %s: %r\n   go   %s: %r' % (f.name, m.group('name'), m.group('kind'),
              unswift(m.group('exp')), kind, text))
        if write:
            try:
                new = '%sCase("%s", #"%s"#, #"%s"#, %s: #"%s"#%s),%s' % (
                    m.group('indent'), m.group('name'), m.group('tpl'), m.group('data'), kind, swift(text),
                    m.group('extra'), m.group('comment') or '')
                lines[i] = new
                changed.add(f)
            except ValueError as e:
                print('   NOT WRITTEN: %s' % e)
    for f in changed:
        lines = next(e[1] for e in entries if e[0] == f)
        f.write_text('\n'.join(lines))
    print('%d cases, %d differ from Go%s' % (len(entries), diffs, ' (written)' if write else ''))

main()
