#!/usr/bin/env python3
"""Copies the code between `// example-begin NAME` and `// example-end` in examples/*.cpp into README.md, between
`<!-- example: NAME -->` and `<!-- /example -->`, so the README quotes code that CI compiles and runs.

    tools/sync_readme.py           rewrite README.md
    tools/sync_readme.py --check   exit 1 if README.md is out of date
"""
import pathlib
import re
import sys
import textwrap

root = pathlib.Path(__file__).resolve().parent.parent
snippets = {}
for src in sorted((root / "examples").glob("*.cpp")):
    for m in re.finditer(r"^[ \t]*// example-begin (\S+)\n(.*?)^[ \t]*// example-end", src.read_text(), re.M | re.S):
        snippets[m.group(1)] = textwrap.dedent(m.group(2)).rstrip("\n")

readme = root / "README.md"
text = readme.read_text()
missing = []


def fill(m):
    name = m.group(1)
    if name not in snippets:
        missing.append(name)
        return m.group(0)
    return f"<!-- example: {name} -->\n```cpp\n{snippets[name]}\n```\n<!-- /example -->"


new = re.sub(r"<!-- example: (\S+) -->\n.*?<!-- /example -->", fill, text, flags=re.S)
if missing:
    sys.exit(f"README.md names snippets that no example defines: {', '.join(missing)}")
if "--check" in sys.argv[1:]:
    if new != text:
        sys.exit("README.md is out of date: run tools/sync_readme.py")
elif new != text:
    readme.write_text(new)
    print("README.md updated")
