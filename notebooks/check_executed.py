#!/usr/bin/python3
"""Checks an executed notebook (written by nbconvert --execute --allow-errors).

Fails (exit 1) with the notebook, the cell and the error's own message when a cell raised, or when
the notebook shows no figure at all. Reads the notebook's structure with nbformat: no text is
grepped. Usage: check_executed.py EXECUTED.ipynb [MIN_FIGURES]
"""

import sys

import nbformat


def first_error(notebook):
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return index, output.get("ename", "Error"), output.get("evalue", "")
    return None


def figures(notebook) -> int:
    return sum(
        1
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    )


def main(argv) -> int:
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) == 2 else 1
    path = argv[1]
    minimum = int(argv[2]) if len(argv) == 3 else 1
    notebook = nbformat.read(path, as_version=4)
    error = first_error(notebook)
    if error:
        index, name, value = error
        print(f"FAILED {path}: cell {index}: {name}: {value}", file=sys.stderr)
        return 1
    shown = figures(notebook)
    if shown < minimum:
        print(f"FAILED {path}: {shown} figure(s) in the output, expected at least {minimum}", file=sys.stderr)
        return 1
    print(f"ok     {path}: {shown} figures, no cell failed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
