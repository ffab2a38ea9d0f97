"""`sciplan extract`'s review file: the proposals written for a person to check (`accept: true|false`),
and `--apply`, which writes the accepted ones into targets.yaml through the span writer — each target
with `source:` and the plan's own clause as a comment beside it, new indicators appended in the file's
style. Applying a review twice changes nothing; a review that cannot be applied writes nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sciplan.app.extract import Proposals
from sciplan.app.hindsight import comment
from sciplan.core.chars import escaped_controls
from sciplan.core.i18n import _
from sciplan.core.problem import BadValue, InvalidData, Problem, SciplanError

_ID = re.compile(r"[a-z][a-z0-9_]*")
_KINDS = ("flow", "stock", "ratio")


def _q(value: object) -> str:
    """A YAML scalar: a JSON string is a YAML double-quoted scalar."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return escaped_controls(json.dumps(str(value), ensure_ascii=False))  # a plan's U+202E reaches no terminal


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d+[.．、])")


def source_of(part: str, year: int, plan: Path, document: str = "") -> str:
    """What each target's `source:` says: the title of a document that is the plan alone (2025年工作要点,
    whichever part --from read), else the plan part without its numbering (2021年工作思路)."""
    title = document.strip() or _NUMBERING.sub("", part).strip()
    if not title:
        return plan.stem
    return title if str(year) in title else f"{year}年{title}"


CONTEXT_CHARACTERS = 80  # of the sentence on each side of its clause: context to read, not a copy each time


def _around(sentence: str, clause: str) -> str:
    """The sentence around its clause, cut with … past CONTEXT_CHARACTERS on either side: a sentence of
    thousands of clauses is not written out again under each of them (the review grew as its square)."""
    at = sentence.find(clause)
    if len(sentence) <= 2 * CONTEXT_CHARACTERS + len(clause) or at < 0:
        return (
            sentence if at >= 0 or len(sentence) <= 2 * CONTEXT_CHARACTERS else sentence[: 2 * CONTEXT_CHARACTERS] + "…"
        )
    start, end = max(0, at - CONTEXT_CHARACTERS), at + len(clause) + CONTEXT_CHARACTERS
    return ("…" if start else "") + sentence[start:end] + ("…" if end < len(sentence) else "")


def review_text(proposals: Proposals, plan: Path) -> str:
    """The review file, in the interface language's comments and sciplan's keys."""
    source = source_of(proposals.part, proposals.year, plan, proposals.title)
    out = [
        "# " + _("sciplan extract: the targets and milestones read from {plan}").format(plan=plan.name),
        "# " + _("Check each one: set accept: false for what is not a target, correct what is wrong,"),
        "# " + _("then write the accepted ones into targets.yaml: sciplan extract --apply THIS_FILE"),
        f"plan: {_q(plan.name)}",
        f"part: {_q(proposals.part)}",
        f"year: {proposals.year}",
        f"source: {_q(source)}",
        "targets:" if proposals.targets else "targets: []",
    ]
    for t in proposals.targets:
        out.append(f"  - clause: {_q(t.clause)}")
        if t.sentence != t.clause:
            out.append(f"    sentence: {_q(_around(t.sentence, t.clause))}")
        out.append(f"    target: {_q(t.target)}")
        if t.indicator is not None:
            out.append(f"    indicator: {t.indicator}")
        elif t.new is not None:
            fields = ", ".join(f"{k}: {_q(v) if k != 'id' else v}" for k, v in t.new.items())
            out.append(f"    new_indicator: {{{fields}}}")
        out.append(f"    accept: {_q(t.accept)}" + comment(t.note))
    out.append("milestones:" if proposals.milestones else "milestones: []")
    for m in proposals.milestones:
        out.append(f"  - clause: {_q(m.clause)}")
        out.append(f"    id: {m.id}")
        out.append(f"    task: {_q(m.task)}")
        out.append(f"    due: {_q(m.due)}")
        out.append(f"    accept: {_q(m.accept)}" + comment(m.note))
    if proposals.unread:
        out.append("# " + _("Clauses with a number that were not read as a target: check them by hand."))
        out.append("not_understood:")
        for u in proposals.unread:
            out.append(f"  - clause: {_q(u.clause)}")
            out.append(f"    why: {_q(u.why)}")
    else:
        out.append("not_understood: []")
    return "\n".join(out) + "\n"


# ---- --apply ------------------------------------------------------------------------------------


class BadReview(InvalidData):
    """The review file cannot be applied: its problems, located; nothing was written."""


def _problem(file: str, at: tuple[int, int], message: str) -> Problem:
    return Problem(file, at[0], at[1], "error", "review", message)


def read_review(path: Path, shown: str) -> tuple[dict[str, Any], Any]:
    from sciplan.load.parser import parse_source

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SciplanError(
            _("{file}: cannot read the file: {why}").format(file=shown, why=exc.strerror or exc)
        ) from None
    doc, problems = parse_source(raw, shown)
    if doc is None:
        raise BadReview(problems)
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get("year"), int):
        at = doc.position(()) if doc else (1, 1)
        raise BadReview([_problem(shown, at, _("not a review file of sciplan extract (it needs year: and targets:)"))])
    return doc.data, doc


class Plan:
    """What --apply will write: new indicators and targets, and what is already there."""

    def __init__(self) -> None:
        self.new: dict[str, dict[str, Any]] = {}
        self.targets: list[tuple[str, int, str, str, str]] = []  # id, year, target, source, clause
        self.present = 0
        self.milestones: list[tuple[dict[str, str], str]] = []  # {id, task, due}, the plan's clause
        self.present_milestones = 0


def plan_apply(review: dict[str, Any], doc: Any, shown: str, project: Any) -> Plan:
    """Check the accepted proposals against targets.yaml; BadReview (located) when one cannot be applied."""
    from sciplan.validate.targets import parse_target

    catalogue = project.catalogue
    year = review["year"]
    source = review.get("source") if isinstance(review.get("source"), str) else str(year)
    problems: list[Problem] = []
    plan = Plan()
    items = review.get("targets") or []
    if not isinstance(items, list):
        problems.append(_problem(shown, doc.position(("targets",)), _("targets: must be a list")))
        items = []
    for i, item in enumerate(items):
        where = doc.position(("targets", i))
        if not isinstance(item, dict):
            problems.append(_problem(shown, where, _("targets[{i}]: expected clause:, target:, accept:").format(i=i)))
            continue
        accept = item.get("accept")
        if not isinstance(accept, bool):
            at = doc.position(("targets", i, "accept"))
            problems.append(_problem(shown, at, _("targets[{i}].accept: write true or false").format(i=i)))
            continue
        if not accept:
            continue
        target = item.get("target")
        if isinstance(target, (int, float)) and not isinstance(target, bool):
            target = str(target)
        if not isinstance(target, str) or not target.strip():
            at = doc.position(("targets", i, "target"))
            problems.append(_problem(shown, at, _("targets[{i}].target: write the target, e.g. >= 50").format(i=i)))
            continue
        ident, unit, kind, direction, new = _indicator_of(item, i, doc, shown, catalogue, plan, problems)
        if ident is None:
            continue
        try:
            parse_target(target, unit, direction, kind)
        except BadValue as exc:
            at = doc.position(("targets", i, "target"))
            problems.append(_problem(shown, at, f"targets[{i}].target: {exc.message}"))
            continue
        existing = catalogue.indicators.get(ident)
        entry = existing.targets.get(year) if existing is not None else None
        if entry is not None:
            if entry.target.text.strip() == target.strip():
                plan.present += 1
                continue
            at = doc.position(("targets", i, "target"))
            message = _(
                "targets[{i}]: {id} already has the target {old!r} for {year} in targets.yaml; "
                "set accept: false, or change it in targets.yaml"
            ).format(i=i, id=ident, old=entry.target.text, year=year)
            problems.append(_problem(shown, at, message))
            continue
        if any(t[0] == ident and t[1] == year for t in plan.targets):
            at = doc.position(("targets", i))
            problems.append(
                _problem(
                    shown, at, _("targets[{i}]: a second target for {id} in {year}").format(i=i, id=ident, year=year)
                )
            )
            continue
        if new is not None:
            plan.new.setdefault(ident, new)
        clause = item.get("clause")
        plan.targets.append((ident, year, target.strip(), str(source), clause if isinstance(clause, str) else ""))
    _plan_milestones(review, doc, shown, catalogue, plan, problems)
    if problems:
        raise BadReview(problems)
    return plan


def _plan_milestones(
    review: dict[str, Any], doc: Any, shown: str, catalogue: Any, plan: Plan, problems: list[Problem]
) -> None:
    """The accepted milestones: each with an id of its own, a task and a due date `check` reads; one already in
    targets.yaml with the same task is there already (applying twice changes nothing)."""
    from sciplan.validate.dates import parse_due

    items = review.get("milestones") or []
    if not isinstance(items, list):
        problems.append(_problem(shown, doc.position(("milestones",)), _("milestones: must be a list")))
        return
    existing = {m.id: m for m in catalogue.milestones}
    for i, item in enumerate(items):
        where = ("milestones", i)
        if not isinstance(item, dict):
            problems.append(
                _problem(shown, doc.position(where), _("milestones[{i}]: expected id:, task:, due:").format(i=i))
            )
            continue
        if not isinstance(item.get("accept"), bool):
            at = doc.position((*where, "accept"))
            problems.append(_problem(shown, at, _("milestones[{i}].accept: write true or false").format(i=i)))
            continue
        if not item["accept"]:
            continue
        ident, task, due = item.get("id"), item.get("task"), item.get("due")
        if not isinstance(ident, str) or not _ID.fullmatch(ident):
            at = doc.position((*where, "id"))
            problems.append(
                _problem(shown, at, _("milestones[{i}].id: letters a–z, digits and _ (e.g. task_2023_1)").format(i=i))
            )
            continue
        if not isinstance(task, str) or not task.strip():
            at = doc.position((*where, "task"))
            problems.append(_problem(shown, at, _("milestones[{i}].task: write what is to be done").format(i=i)))
            continue
        try:
            parse_due(due, review["year"])
        except BadValue as exc:
            at = doc.position((*where, "due"))
            problems.append(_problem(shown, at, f"milestones[{i}].due: {exc.message}"))
            continue
        old = existing.get(ident)
        if old is not None:
            if old.task == task.strip():
                plan.present_milestones += 1
                continue
            at = doc.position((*where, "id"))
            message = _("milestones[{i}].id: {id} is already {task} in targets.yaml; choose another id")
            problems.append(_problem(shown, at, message.format(i=i, id=ident, task=old.task)))
            continue
        if any(m["id"] == ident for m, _c in plan.milestones):
            at = doc.position((*where, "id"))
            problems.append(_problem(shown, at, _("milestones[{i}].id: {id} is used twice").format(i=i, id=ident)))
            continue
        clause = item.get("clause")
        entry = {"id": ident, "task": task.strip(), "due": str(due).strip()}
        plan.milestones.append((entry, clause if isinstance(clause, str) else ""))


def _indicator_of(
    item: dict[str, Any], i: int, doc: Any, shown: str, catalogue: Any, plan: Plan, problems: list[Problem]
) -> tuple[str | None, str, str, str, dict[str, Any] | None]:
    ident = item.get("indicator")
    new = item.get("new_indicator")
    if isinstance(ident, str) and ident:
        ind = catalogue.indicators.get(ident)
        if ind is None:
            at = doc.position(("targets", i, "indicator"))
            known = ", ".join(list(catalogue.indicators)[:8])
            problems.append(
                _problem(
                    shown,
                    at,
                    _("targets[{i}].indicator: no indicator {id} in targets.yaml ({known}…)").format(
                        i=i, id=ident, known=known
                    ),
                )
            )
            return None, "", "", "", None
        return ident, ind.unit, ind.kind, ind.direction, None
    if not isinstance(new, dict):
        at = doc.position(("targets", i))
        problems.append(
            _problem(
                shown, at, _("targets[{i}]: give indicator: (an id of targets.yaml) or new_indicator:").format(i=i)
            )
        )
        return None, "", "", "", None
    at = doc.position(("targets", i, "new_indicator"))
    new_id, name, unit = new.get("id"), new.get("name"), new.get("unit")
    kind, direction = new.get("kind", "flow"), new.get("direction", "up")
    if not isinstance(new_id, str) or not _ID.fullmatch(new_id):
        problems.append(
            _problem(
                shown, at, _("targets[{i}].new_indicator.id: letters a–z, digits and _ (e.g. iur_events)").format(i=i)
            )
        )
        return None, "", "", "", None
    if not isinstance(name, str) or not name.strip() or not isinstance(unit, str) or not unit.strip():
        problems.append(_problem(shown, at, _("targets[{i}].new_indicator: needs name: and unit:").format(i=i)))
        return None, "", "", "", None
    if kind not in _KINDS or direction not in ("up", "down"):
        problems.append(
            _problem(
                shown,
                at,
                _("targets[{i}].new_indicator: kind is flow, stock or ratio; direction up or down").format(i=i),
            )
        )
        return None, "", "", "", None
    existing = catalogue.indicators.get(new_id)
    if existing is not None:  # applied before (or written by hand): the same indicator, or a clash
        if existing.name != name:
            problems.append(
                _problem(
                    shown,
                    at,
                    _(
                        "targets[{i}].new_indicator.id: {id} is already {name} in targets.yaml; choose another id"
                    ).format(i=i, id=new_id, name=existing.name),
                )
            )
            return None, "", "", "", None
        return new_id, existing.unit, existing.kind, existing.direction, None
    fields = {"name": name.strip(), "unit": unit.strip(), "kind": kind}
    if direction == "down":
        fields["direction"] = "down"
    earlier = plan.new.get(new_id)
    if earlier is not None and earlier != fields:
        problems.append(
            _problem(
                shown,
                at,
                _("targets[{i}].new_indicator.id: {id} is proposed twice, differently").format(i=i, id=new_id),
            )
        )
        return None, "", "", "", None
    return new_id, fields["unit"], kind, direction, fields


def apply_plan(root: Path, plan: Plan) -> bool:
    """Write the plan's edits into targets.yaml through the span writer (proven, atomic); False when
    there is nothing to write."""
    from sciplan.store.yamledit import Append, Edit, EditRefused, Put, Verbatim, YamlFile
    from sciplan.store.yamltext import flow_text

    if not plan.targets and not plan.milestones:
        return False
    doc = YamlFile.read(root / "targets.yaml", "targets.yaml")

    def entry(target: str, source: str, clause: str, comment: bool) -> Verbatim:
        data = {"target": target, "source": source}
        text = flow_text(data)
        note = " ".join(clause.split()).replace("#", "＃")
        return Verbatim(text + (f"  # {note}" if comment and note else ""), _data(text))

    def put(ident: str, year: int, target: str, source: str, clause: str, comment: bool) -> Put:
        return Put(("indicators", ident, "targets", year), entry(target, source, clause, comment))

    edits: list[Edit] = []
    for ident, fields in plan.new.items():
        targets = {year: entry(t, s, c, True) for i, year, t, s, c in plan.targets if i == ident}
        edits.append(Put(("indicators", ident), {**fields, "targets": targets}))
    for ident, year, target, source, clause in plan.targets:
        if ident in plan.new:
            continue
        one = put(ident, year, target, source, clause, True)
        try:
            doc.edit([one])
        except EditRefused:  # a flow mapping ({2022: ">= 30"}) holds no comment: the target goes in without
            one = put(ident, year, target, source, clause, False)
        edits.append(one)
    for milestone, clause in plan.milestones:  # at the end of milestones:, the plan's clause beside each
        edits.append(Append(("milestones",), milestone, clause.replace("#", "＃")))
    doc.write(doc.edit(edits))
    return True


def _data(text: str) -> Any:
    from sciplan.load.parser import parse

    parsed, _problems = parse(text, "<target>")
    assert parsed is not None
    return parsed.data
