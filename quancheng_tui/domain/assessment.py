"""The quarterly assessment of a staff member (季度考核; 002 第二十六-二十九条, domain.md §10).

002 asks that window staff be assessed each quarter on their work (办件), efficiency, attendance and the
satisfaction of the people they served; a failed quarter means 诫勉谈话 and a deadline to put it right, two
failed quarters in a row mean the person is sent back and replaced (第二十九条); good results are rewarded
(第二十八条). How much each part weighs is the office's choice (an office setting); the arithmetic is here.

Every part is a score out of 100; a part with nothing to measure (no case due, no rating) scores 100, so
nobody loses points for work they were not given, and the sheet says so beside the score.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from ..errors import N_, InputError

PARTS = ("workload", "on_time", "satisfaction", "attendance", "complaints")
PART_LABELS = {
    "workload": N_("办件量"), "on_time": N_("按时办结"), "satisfaction": N_("群众满意"),
    "attendance": N_("出勤"), "complaints": N_("投诉"),
}
GRADE_LABELS = {"excellent": N_("优秀"), "pass": N_("合格"), "fail": N_("不合格")}
CONSEQUENCES = {
    "reward": N_("可予表彰奖励（第二十八条）"),
    "admonish": N_("诫勉谈话并限期整改（第二十九条）"),
    "replace": N_("连续两次季度考核不合格：退回并重新选派（第二十九条）"),
}


@dataclass(frozen=True)
class Weights:
    """Office settings: weights of the parts (any non-negative numbers; only their proportions count),
    the pass and excellent marks, points lost per substantiated complaint, and the vetoes (一票否决)."""
    workload: int = 20
    on_time: int = 30
    satisfaction: int = 25
    attendance: int = 15
    complaints: int = 10
    pass_mark: int = 60
    excellent_mark: int = 90
    complaint_penalty: int = 50  # points of the complaints part lost per substantiated complaint
    veto_complaints: int = 2  # this many substantiated complaints in a quarter fail it outright (0: never)
    veto_accountability: bool = True  # a standing 通报批评 or 诫勉 in the quarter fails it outright

    def total(self) -> int:
        return sum(getattr(self, p) for p in PARTS)

    def checked(self) -> Weights:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name != "veto_accountability" and not (isinstance(value, int) and 0 <= value <= 100):
                raise InputError(N_("考核设置 {name} 须为 0 到 100 的整数"), name=f.name)
        if self.total() == 0:
            raise InputError(N_("考核各项权重不能全为 0"))
        if self.excellent_mark < self.pass_mark:
            raise InputError(N_("优秀分数线不能低于合格分数线"))
        return self

    def with_(self, **changes) -> Weights:
        return replace(self, **{k: v for k, v in changes.items() if v is not None}).checked()


@dataclass(frozen=True)
class Inputs:
    """One person's quarter, counted by the services from the report's figures and the registers."""
    completed: int
    most_completed: int  # the most any assessed colleague completed in the quarter
    timed: int  # completed cases that had a due date
    on_time: int
    rated: int
    satisfied: int
    days_present: int  # days signed in
    days_due: int  # working days of the quarter so far, less approved leave
    substantiated: int  # complaints found substantiated
    sanctions: int  # standing 通报批评 / 诫勉 decisions of the accountability register in the quarter


@dataclass(frozen=True)
class Result:
    parts: dict[str, float]  # part → score out of 100
    unmeasured: tuple[str, ...]  # parts that had nothing to measure (scored 100)
    score: float
    vetoes: tuple[str, ...]  # "complaints" and/or "accountability"
    grade: str  # excellent | pass | fail


def _share(part: int, whole: int) -> float | None:
    return None if whole <= 0 else min(1.0, part / whole) * 100


def assess(x: Inputs, w: Weights) -> Result:
    raw = {
        "workload": _share(x.completed, x.most_completed),
        "on_time": _share(x.on_time, x.timed),
        "satisfaction": _share(x.satisfied, x.rated),
        "attendance": _share(x.days_present, x.days_due),
        "complaints": float(max(0, 100 - w.complaint_penalty * x.substantiated)),
    }
    unmeasured = tuple(p for p in PARTS if raw[p] is None)
    parts = {p: round(100.0 if raw[p] is None else raw[p], 1) for p in PARTS}  # type: ignore[arg-type]
    score = round(sum(getattr(w, p) * parts[p] for p in PARTS) / w.total(), 1)
    vetoes = []
    if w.veto_complaints and x.substantiated >= w.veto_complaints:
        vetoes.append("complaints")
    if w.veto_accountability and x.sanctions:
        vetoes.append("accountability")
    if vetoes or score < w.pass_mark:
        grade = "fail"
    else:
        grade = "excellent" if score >= w.excellent_mark else "pass"
    return Result(parts, unmeasured, score, tuple(vetoes), grade)


def consequence(grade: str, failed_before: bool) -> str | None:
    """What 002 attaches to this quarter's grade, given whether the quarter before was failed too."""
    if grade == "fail":
        return "replace" if failed_before else "admonish"
    return "reward" if grade == "excellent" else None


def order_key(result: Result) -> tuple[bool, float]:
    """Best first: a quarter failed by a veto ranks after every other, whatever its score."""
    return bool(result.vetoes), -result.score


def ranks(keys: list[tuple[bool, float]]) -> list[int]:
    """Competition ranking (1, 2, 2, 4) of `keys` (order_key: lower is better), in the order given."""
    return [1 + sum(1 for other in keys if other < k) for k in keys]
