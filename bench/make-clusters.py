#!/usr/bin/env python3
"""Writes N distinct cluster records for the batch benchmark, made from the examples.

    bench/make-clusters.py N OUTDIR [EXAMPLES_DIR]

Cluster i is examples/{miit-2022,miit-2023,ningbo-2023,nmg-2023}.json in turn, renamed (its own
name with a number, so every output file differs) and with its money figures (产值, 研发经费) scaled by
a factor of its own (1.00–1.20, two decimals), all years alike: shares and growth rates stay as they
were and every record still passes the check, yet no two records are the same.
"""
import json
import os
import sys

n = int(sys.argv[1])
out = sys.argv[2]
src = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), '..', 'examples')
bases = [json.load(open(os.path.join(src, e + '.json'), encoding='utf-8'))
         for e in ('miit-2022', 'miit-2023', 'ningbo-2023', 'nmg-2023')]
SCALED = ('output.total', 'output.sme_value', 'output.leading_value', 'rd.spend', 'rd.sme_spend')


def scale(v, f):
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return round(v * f, 2)
    if isinstance(v, dict):
        return {k: scale(x, f) for k, x in v.items()}
    return v


os.makedirs(out, exist_ok=True)
for i in range(n):
    rec = json.loads(json.dumps(bases[i % len(bases)]))
    f = 1.00 + (i * 37 % 21) / 100
    rec['name'] = rec['name'].replace('产业集群', '第%d产业集群' % (i + 1))
    for key in SCALED:
        group, field = key.split('.')
        if field in rec.get(group, {}):
            rec[group][field] = scale(rec[group][field], f)
    rec.pop('intro', None)   # composed from the figures, as most records would have it
    with open(os.path.join(out, 'cluster-%03d.json' % (i + 1)), 'w', encoding='utf-8') as fp:
        json.dump(rec, fp, ensure_ascii=False, indent=1)
