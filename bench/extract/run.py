"""How well `sciplan extract` reads plans (issue 23): of the targets a careful reader finds (labels.yaml,
labelled by hand), the share proposed with the right value, comparison, unit and year (recall); of what is
proposed, the share that is a real target (precision). Each plan in plans/ is read as .txt, and as a .docx
(heading styles) and a text-layer .pdf built from the same text.

    python bench/extract/run.py            prints the figures per plan and format, and the misses
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent / "tests"))  # the document builders the tests use

from plan_documents import write_docx, write_pdf  # noqa: E402

from sciplan.app.extract import propose  # noqa: E402
from sciplan.load.documents import read  # noqa: E402


def proposals_of(path: Path):
    return propose(read(path), {}, None, None)


def score(name: str, path: Path, label: dict) -> tuple[int, int, int, int, list[str]]:
    """(labels found right, labels, proposals that are real targets, proposals, notes)."""
    found = proposals_of(path)
    notes = []
    right = 0
    for find, target, unit in label["targets"]:
        hits = [p for p in found.targets if find in p.clause or p.clause in find and len(p.clause) >= 4]
        ok = [
            p
            for p in hits
            if p.target == target
            and (unit is None or (p.new or {}).get("unit") == unit)
            and found.year == label["year"]
        ]
        if ok:
            right += 1
        elif hits:
            got = ", ".join(f"{p.target} [{(p.new or {}).get('unit')}] {found.year}" for p in hits)
            notes.append(f"  wrong  {find}: want {target} [{unit}] {label['year']}, got {got}")
        else:
            why = next((u.why for u in found.unread if find in u.clause), "not proposed")
            notes.append(f"  missed {find}: {why[:90]}")
    real = 0
    for p in found.targets:
        if any(find in p.clause or (p.clause in find and len(p.clause) >= 4) for find, _t, _u in label["targets"]):
            real += 1
        else:
            notes.append(f"  extra  {p.clause} -> {p.target}")
    return right, len(label["targets"]), real, len(found.targets), notes


def main() -> None:
    tests_plans = HERE.parent.parent / "tests" / "plans"
    for title, folder, labels_file in (
        ("tuned on (plans/)", HERE / "plans", HERE / "labels.yaml"),
        ("held out (heldout/)", HERE / "heldout", HERE / "heldout" / "labels.yaml"),
        ("held out 2025 (tests/plans/heldout_2025_*)", tests_plans, tests_plans / "heldout_2025_labels.yaml"),
        ("held out 2026 (tests/plans/heldout_2026_*)", tests_plans, tests_plans / "heldout_2026_labels.yaml"),
    ):
        print(f"== {title}")
        run_set(folder, yaml.safe_load(labels_file.read_text(encoding="utf-8")))
        print()


def run_set(folder: Path, labels: dict) -> None:
    totals = {fmt: [0, 0, 0, 0] for fmt in ("txt", "docx", "pdf")}
    with tempfile.TemporaryDirectory() as tmp:
        for name, label in labels.items():
            text_path = folder / name
            text = text_path.read_text(encoding="utf-8")
            paths = {
                "txt": text_path,
                "docx": write_docx(text, Path(tmp) / (text_path.stem + ".docx")),
                "pdf": write_pdf(text, Path(tmp) / (text_path.stem + ".pdf")),
            }
            for fmt, path in paths.items():
                right, n, real, proposed, notes = score(name, path, label)
                for i, v in enumerate((right, n, real, proposed)):
                    totals[fmt][i] += v
                print(f"{name:28} {fmt:4}  recall {right}/{n}  precision {real}/{proposed}")
                if fmt == "txt":
                    for note in notes:
                        print(note)
    for fmt, (right, n, real, proposed) in totals.items():
        print(
            f"{fmt:4}  found right {right}/{n} = {100 * right / n:.1f} %   "
            f"real among proposed {real}/{proposed} = {100 * real / proposed:.1f} %"
        )


if __name__ == "__main__":
    main()
