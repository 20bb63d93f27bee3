#!/usr/bin/env python3
"""Fails when two modules of a crate import each other (issue 21): dependencies point one way.

Reads `crate::…` and `super::…` paths outside test modules, resolves each to the module file it
names, and reports every pair of files, and every pair of top-level modules, that name each
other. A folder module declaring its own submodules is not counted.
"""
import os
import re
import sys

ROOTS = ["server/core/src", "app/src", "server/src"]
NAME = r"[a-z_][a-z0-9_]*"


def module_of(root, path):
    parts = os.path.relpath(path, root)[:-3].split("/")
    return tuple(parts[:-1] if parts[-1] in ("mod", "lib", "main") else parts)


def references(path, module):
    text = open(path, encoding="utf-8").read().split("#[cfg(test)]\nmod tests")[0]
    text = re.sub(r"//.*", "", text)
    here = list(module) if path.endswith(("mod.rs", "lib.rs", "main.rs")) else list(module[:-1])
    found = {tuple(p.split("::")) for p in re.findall(rf"crate::((?:{NAME}::)*{NAME})", text)}
    found |= {tuple(here + p.split("::")) for p in re.findall(rf"super::((?:{NAME}::)*{NAME})", text)}
    for group in re.findall(r"use super::\{([^}]*)\}", text):
        found |= {tuple(here + [p.strip().split("::")[0]]) for p in group.split(",") if re.fullmatch(NAME, p.strip().split("::")[0])}
    return found


def cycles(root):
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".rs"):
                path = os.path.join(folder, name)
                files[module_of(root, path)] = path
    edges = set()
    for module, path in files.items():
        for ref in references(path, module):
            for k in range(len(ref), 0, -1):
                if ref[:k] in files and ref[:k] != module:
                    edges.add((module, ref[:k]))
                    break
    nested = lambda a, b: a == b[: len(a)] or b == a[: len(b)]
    found = [(a, b) for a, b in edges if (b, a) in edges and a < b and not nested(a, b)]
    tops = {(a[0], b[0]) for a, b in edges if a and b and a[0] != b[0]}
    found += [((a,), (b,)) for a, b in tops if (b, a) in tops and a < b]
    return ["::".join(a) + " <-> " + "::".join(b) for a, b in found]


problems = [f"{root}: {c}" for root in ROOTS for c in cycles(root)]
for p in problems:
    print("modules import each other:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
