#!/usr/bin/env python3
"""Whole lines from windows of a large log: for each OFFSET, the lines that lie entirely
within the WIDTH characters from it (a line cut at either edge is left out). A sample
spread over a file someone else holds, taken the same way wherever the file is.

    python3 bench/sample_lines.py FILE OFFSET... [--width 16000] > sample.log

docs/web-signatures.md ("A real site's access log") uses it on elastic/examples'
Common Data Formats/apache_logs/apache_logs with offsets 0 190000 300000 400000 600000
900000 1100000 1300000 1550000 1750000 1950000 2150000."""
import sys


def windows(text, offsets, width):
    for start in offsets:
        chunk = text[start:start + width]
        if start > 0 and text[start - 1] != "\n":
            cut = chunk.find("\n")
            chunk = chunk[cut + 1:] if cut >= 0 else ""
        end = chunk.rfind("\n")
        yield chunk[:end + 1] if end >= 0 else ""


def main():
    args = sys.argv[1:]
    width = 16000
    if "--width" in args:
        k = args.index("--width")
        width = int(args[k + 1])
        del args[k:k + 2]
    if len(args) < 2:
        sys.exit(__doc__)
    with open(args[0], encoding="utf-8", errors="replace", newline="") as f:
        text = f.read()
    for part in windows(text, [int(a) for a in args[1:]], width):
        sys.stdout.write(part)


if __name__ == "__main__":
    main()
