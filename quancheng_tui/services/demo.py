"""Demo cases: realistic applicants, matters and histories, in every state.

Cases go through the same services as a clerk's (register_case, act), each
registered on its own day with a clock set to that day, so numbers, due
dates, lights and the audit trail are all genuine.
"""

from __future__ import annotations

import contextlib
import random
import zlib
from datetime import date, datetime, time, timedelta

from ..domain.lifecycle import Action
from ..domain.validators import id_check_digit
from ..errors import QuanchengError
from ..store.database import Database
from . import cases as cases_svc
from . import catalog as catalog_svc
from . import complaints, followups, lifecycle, ratings, staff
from .case_views import RegistrationInput
from .context import Clock, fixed_clock

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥玲芬燕鹏飞辉建国建华志强海燕春梅小红桂兰文华德明"
REGION = "441702"  # a township's county code, for generated ID numbers


def fake_id(rng: random.Random, today: date) -> str:
    born = today - timedelta(days=rng.randint(18 * 365, 90 * 365))
    first17 = f"{REGION}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + id_check_digit(first17)


def fake_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _at(day: date, hour: int) -> Clock:
    return fixed_clock(datetime.combine(day, time(hour, 0)).astimezone())


# Up to this many cases every one goes through the services (the first-run demo, tests); past it the
# bulk path repeats the lives the services made (services/demo_bulk.py).
BULK_FROM = 1000


def generate(db: Database, clock: Clock, n: int = 500, seed: int = 1) -> int:
    """Register n demo cases over the past weeks and move them through their lives; returns how many."""
    if n > BULK_FROM and db.dialect == "sqlite":
        from . import demo_bulk

        return demo_bulk.generate(db, clock, n, seed)
    return through_services(db, clock, n, seed)


def through_services(db: Database, clock: Clock, n: int, seed: int = 1) -> int:
    """Every case registered and acted on through the services, one transaction at a time."""
    rng = random.Random(seed)
    today = clock.today()
    matters = [m for m in catalog_svc.list_matters(db) if m.category in ("own", "joint")]
    clerks = [staff.actor_for(db, login) for login in ("zhangwei", "liuna")]
    agents = {"V01": staff.actor_for(db, "sunli"), "V02": staff.actor_for(db, "zhoujun")}
    handler = "wangfang"
    made = 0
    for i in range(n):
        day = today - timedelta(days=rng.randint(0, 45))
        if day.weekday() >= 5:
            day -= timedelta(days=day.weekday() - 4)
        when = _at(day, 8 + i % 9)
        village = rng.choice(["V01", "V02", "V03", "V04", "V05"])
        actor = agents[village] if village in agents and rng.random() < 0.5 else rng.choice(clerks)
        pool = [m for m in matters if m.village] if actor.role.value == "agent" else matters
        matter = rng.choice(pool)
        full = catalog_svc.get_matter(db, matter.code)
        brought = [m.code for m in full.materials if rng.random() < 0.93]
        name, id_number = fake_name(rng), fake_id(rng, day)  # drawn in the order they always were
        try:
            case = cases_svc.register_case(db, actor, when, RegistrationInput(
                matter_code=matter.code, name=name, id_number=id_number,
                phone=f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}", village=village,
                address=f"本镇{village}组", materials=brought, received_on=day))
        except QuanchengError:
            continue
        made += 1
        _history(db, actor, case, day, today, handler, rng, id_number[-4:])
    _public_voice(db, today)
    return made


def _rate(db: Database, when: Clock, number: str, proof: str, level: str) -> None:
    """Most visitors rate at the hall terminal; one in four told the duty leader by phone instead."""
    try:
        if zlib.crc32(number.encode()) % 4 == 0:
            ratings.record_rating(db, staff.actor_for(db, "lixiang"), when, number, "phone", level,
                                  comment="电话回复时评价")
        else:
            ratings.rate_by_visitor(db, when, number, proof, level, {}, real_name=level in ("不满意", "非常不满意"))
    except QuanchengError:
        pass  # the leader served this case: no phone rating


def _public_voice(db: Database, today: date) -> None:
    """Bad ratings followed up and put right (all but the newest), one ruled mistaken, complaints
    answered the same day, within 5 working days and one still open past its day, and the sample."""
    leader, keeper = staff.actor_for(db, "lixiang"), staff.actor_for(db, "zhaomin")
    now = _at(today, 11)
    bad = ratings.list_ratings(db, keeper, now, bad_only=True)
    for view in bad[1:]:
        assert view.followup_id is not None, "ratings schedule a follow-up with every bad rating"
        try:
            followups.record(db, keeper, now, view.followup_id, "满意", "基本满意", "满意", "已电话回访，群众表示理解")
            ratings.close_rectification(db, leader, now, view.case_number, "已约谈经办人，改进告知方式")
        except QuanchengError:
            continue
    if bad:
        with contextlib.suppress(QuanchengError):
            ratings.review(db, leader, now, bad[-1].case_number, "mistaken", "申请人误按评价键，经回访核实")
    rated = list(reversed(ratings.list_ratings(db, keeper, now)))  # oldest first
    for k, (simple, finding, ago) in enumerate(((True, "unsubstantiated", 2), (False, "substantiated", 9),
                                                (False, None, 10))):
        day = today - timedelta(days=ago)
        when = _at(day, 10)
        about = next((r.case_number for r in rated[k:] if r.at.date() <= day), None)  # rated before it
        try:
            c = complaints.add(db, keeper, when, fake_name(random.Random(k)), ("窗口等候时间长", "办理进度无人告知",
                               "材料要求前后不一")[k], "phone", case_number=about,
                               simple=simple)
            if finding:
                complaints.reply(db, leader, _at(day if simple else day + timedelta(days=3), 11), c.id,
                                 "已核实情况并向投诉人说明", finding)
        except QuanchengError:
            continue
    followups.schedule_sample(db, leader, now)


# Where a demo case ends up, with weights: every status the board and reports know.
PATHS = (
    (15, ()),
    (10, (Action.HANDOVER,)),
    (4, (Action.HANDOVER, Action.SUSPEND)),
    (4, (Action.HANDOVER, Action.SUSPEND, Action.RESUME)),
    (7, (Action.REPORT_UP,)),
    (10, (Action.HANDOVER, Action.COMPLETE)),
    (10, (Action.HANDOVER, Action.COMPLETE, Action.REPLY)),
    (25, (Action.HANDOVER, Action.COMPLETE, Action.REPLY, Action.SIGN_OFF)),
    (5, (Action.WITHDRAW,)),
    (5, (Action.REJECT,)),
    (5, (Action.TRANSFER,)),
)
DATA = {
    Action.HANDOVER: {"to": "wangfang", "note": "请核实后办理"},
    Action.CORRECT: {"materials": "all"},
    Action.RECLASSIFY: {"reason": "需上级审批，不能当场办结"},
    Action.SUSPEND: {"reason": "鉴定", "note": "等待鉴定结论"},
    Action.REPORT_UP: {"to": "县民政局"},
    Action.COMPLETE: {"result": "已按规定办结"},
    Action.REPLY: {"method": "phone", "note": "已电话告知结果"},
    Action.WITHDRAW: {"reason": "申请人主动撤回"},
    Action.REJECT: {"reason": "不符合申请条件", "basis": "《社会救助暂行办法》第九条"},
    Action.TRANSFER: {"reason": "不属本中心职权", "unit": "县政务服务中心"},
}


# 好差评 levels, mostly good as in a real office; chosen from the case number so the demo's random
# sequence (and with it every other demo case) stays what it was before ratings were added.
RATINGS = ("非常满意",) * 6 + ("满意",) * 3 + ("基本满意", "不满意")


def _extras(case, steps: list[Action], instant: bool = False) -> list[tuple[Action, dict]]:
    """The path with the case's own additions: a joint case's first unit at work after the hand-over
    (and done before 办结), a 即办件 reclassified as a promised case before it is reported up (an instant
    case is never reported up, 003 第24条), and a rating once the applicant has the reply."""
    out: list[tuple[Action, dict]] = []
    unit = case.units[0] if case.category == "joint" and case.units else None
    for action in steps:
        if action is Action.REPORT_UP and instant:
            out.append((Action.RECLASSIFY, DATA[Action.RECLASSIFY]))
        if action is Action.COMPLETE and unit:
            out.append((Action.JOINT_STEP, {"unit": unit, "step": "done", "note": "本单位环节已办结"}))
        out.append((action, DATA.get(action, {})))
        if action is Action.HANDOVER and unit:
            out.append((Action.JOINT_STEP, {"unit": unit, "step": "start", "limit_days": 5, "note": "已送达联办单位"}))
    if steps and steps[-1] in (Action.REPLY, Action.SIGN_OFF):
        out.append((Action.RATE, {"level": RATINGS[zlib.crc32(case.number.encode()) % len(RATINGS)]}))
    return out


def _history(db, actor, case, day, today, handler, rng, proof: str) -> None:
    """Walk a case along one of PATHS, a few days a step, never past today."""
    if case.status == "pending_materials":
        if rng.random() < 0.4:
            return  # still waiting for the visitor to bring the rest
        steps: list[Action] = [Action.CORRECT]
    else:
        steps = []
    weights = [w for w, _ in PATHS]
    steps += rng.choices([p for _, p in PATHS], weights)[0]
    when = day
    # after a correction a case takes its matter's kind: an instant matter's case is a 即办件 by then
    instant = case.kind == "instant" or (case.status == "pending_materials"
                                          and catalog_svc.get_matter(db, case.matter_code).kind == "instant")
    for action, data in _extras(case, steps, instant):
        if action in (Action.JOINT_STEP, Action.RATE, Action.RECLASSIFY):
            pass  # same day as the step before: no draw, so the random sequence is unchanged
        else:
            when = min(today, when + timedelta(days=rng.randint(0, 4)))
        if action is Action.RATE:  # the applicant's, not the clerk's (services/ratings.py)
            _rate(db, _at(when, 16), case.number, proof, data["level"])
            continue
        who = staff.actor_for(db, handler) if action is Action.COMPLETE else actor
        try:
            lifecycle.act(db, who, _at(when, 15), case.number, action, data)
        except QuanchengError:
            return
