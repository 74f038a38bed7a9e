# Chinese text takes full-width punctuation, which RUF001 flags as look-alikes of ASCII.
# ruff: noqa: RUF001
"""Every word a person reads in a workbook, in English and Simplified Chinese.

One frozen dataclass per language: mypy refuses a language that lacks a label, so a new label
cannot silently fall back to English. Machine-readable sheets (`Coverage`, `Assignments`) never
use these: their names and headers are a contract and stay English in every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = get_args(Lang)


@dataclass(frozen=True)
class Labels:
    font_name: str
    weekdays: tuple[str, str, str, str, str, str, str]
    months: tuple[str, ...]
    day_format: str  # fields: weekday, day, month, month_number, year
    long_day_format: str
    footer_page: str
    footer_printed: str
    not_available: str
    sources: dict[str, str]  # Source value -> word
    channels: dict[str, str]  # Channel value -> word
    methods: dict[str, str]  # StaffingMethod value -> words
    statuses: dict[str, str]  # SolveStatus value -> sentence
    moment_format: str  # Excel number formats
    axis_day_format: str
    axis_time_format: str

    # sheet names (at most 31 characters, none of : \ / ? * [ ])
    sheet_summary: str
    sheet_roster: str
    sheet_timeline: str  # field: day
    sheet_coverage_view: str
    sheet_inputs: str
    sheet_invoice: str

    # Summary
    summary_title: str  # field: scenario
    scenario: str
    horizon: str
    horizon_text: str  # fields: first, last, days, minutes
    solve_status: str
    objective: str
    best_bound: str
    optimality_gap: str
    solve_seconds: str
    agents_in_scenario: str
    agents_rostered: str
    paid_hours: str
    wage_cost: str
    understaffed_hours: str
    overstaffed_hours: str
    generated: str
    queue_section: str
    queue_headers: tuple[str, ...]
    queue_note: str
    total: str
    worst_section: str
    worst_none: str
    worst_headers: tuple[str, ...]
    charts_section: str
    required: str
    scheduled: str
    agents_axis: str
    contents_section: str
    contents: dict[str, str]  # sheet key (see roster_workbook) -> what the sheet shows

    # Roster
    roster_title: str  # fields: scenario, first, last
    identity_headers: tuple[str, str, str, str, str, str]
    shifts: str
    nights: str
    weekend_shifts: str
    agents_working: str
    agents_on_leave: str
    family_shifts: str  # field: family
    leave_code: str
    off_code: str
    standby_code: str
    not_in_scenario: str
    families: tuple[str, str, str, str]
    family_legend: str  # fields: family, first, last
    legend: str
    leave_legend: str
    standby_legend: str
    off_legend: str
    weekend_legend: str
    next_day_legend: str
    night_legend: str

    # Day timelines
    timeline_title: str  # fields: scenario, day
    shift: str
    from_day: str  # fields: weekday, span
    meal_code: str
    break_code: str
    queue_legend: str
    meal_legend: str
    break_legend: str
    timeline_standby_legend: str
    on_queue: str  # field: queue
    required_on_queue: str  # field: queue
    at_work: str
    nobody_works: str

    # Coverage view
    coverage_title: str
    coverage_note: str
    day_column: str
    per_day_chart: str  # field: queue
    agent_hours_axis: str

    # Inputs
    inputs_title: str
    horizon_section: str
    first_day: str
    last_day: str
    days: str
    interval_minutes: str
    queues_section: str
    queues_headers: tuple[str, ...]
    service_target: str  # fields: percent, time
    durations: tuple[str, str, str]  # seconds, minutes, hours; field: n
    contracts_section: str
    contracts_headers: tuple[str, ...]
    all_shifts: str
    shifts_section: str
    shifts_headers: tuple[str, ...]
    meal_window: str  # fields: first, last
    short_breaks: str  # fields: minutes, hours
    staff_section: str
    staff_headers: tuple[str, ...]
    leave_section: str
    leave_headers: tuple[str, ...]
    no_leave: str
    weights_section: str
    weights: dict[str, tuple[str, str]]  # Weights field -> (name, meaning)
    rules_section: str
    rules: tuple[str, ...]

    # Vendor workbooks
    invoice_title: str  # fields: vendor
    period: str
    agents: str
    standby_hours: str
    rate: str
    amount: str
    invoice_notes: tuple[str, ...]

    def day(self, day: date) -> str:
        """A short day label such as 'Sun 08 Nov' or '11-08 周日'."""
        return self._format(self.day_format, day)

    def long_day(self, day: date) -> str:
        return self._format(self.long_day_format, day)

    def _format(self, template: str, day: date) -> str:
        # Fixed names, not strftime: %a and %b follow the process locale, and a printed roster
        # should not change language with the machine that produced it.
        return template.format(
            weekday=self.weekdays[day.weekday()],
            day=day.day,
            month=self.months[day.month - 1],
            month_number=day.month,
            year=day.year,
        )


EN = Labels(
    font_name="Calibri",
    weekdays=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    months=("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    day_format="{weekday} {day:02d} {month}",
    long_day_format="{weekday} {day:02d} {month} {year}",
    footer_page="Page &P of &N",
    footer_printed="Printed &D &T",
    not_available="n/a",
    sources={"employee": "employee", "temp": "temp", "intern": "intern", "vendor": "vendor"},
    channels={"voice": "voice", "chat": "chat", "email": "email", "other": "other"},
    methods={
        "erlang_c": "Erlang C",
        "erlang_a": "Erlang A (abandonment)",
        "chat": "chat sessions (Erlang C)",
        "deferred": "deferred work",
        "productivity": "items per agent-hour",
    },
    statuses={
        "optimal": "Optimal: proven best roster under the objective",
        "feasible": "Feasible: legal roster, not proven best (time limit)",
        "no solution": "No solution: time limit hit before any legal roster was found",
    },
    moment_format="ddd dd mmm yyyy hh:mm",
    axis_day_format="ddd dd mmm",
    axis_time_format="ddd hh:mm",
    sheet_summary="Summary",
    sheet_roster="Roster",
    sheet_timeline="Timeline {day}",
    sheet_coverage_view="Coverage view",
    sheet_inputs="Inputs",
    sheet_invoice="Hours to invoice",
    summary_title="{scenario} - roster summary",
    scenario="Scenario",
    horizon="Horizon",
    horizon_text="{first} to {last} ({days} days, {minutes}-minute intervals)",
    solve_status="Solve status",
    objective="Objective (points)",
    best_bound="Best bound (points)",
    optimality_gap="Optimality gap",
    solve_seconds="Solve time (seconds)",
    agents_in_scenario="Agents in scenario",
    agents_rostered="Agents rostered",
    paid_hours="Paid hours",
    wage_cost="Wage cost",
    understaffed_hours="Understaffed agent-hours",
    overstaffed_hours="Overstaffed agent-hours",
    generated="Generated",
    queue_section="Coverage per queue",
    queue_headers=(
        "Queue",
        "Name",
        "Required agent-hours",
        "Scheduled agent-hours",
        "Understaffed agent-hours",
        "Overstaffed agent-hours",
        "Requirement met",
        "Expected service level",
    ),
    queue_note=(
        "Expected service level: Erlang C with the scheduled agents less shrinkage in every "
        "interval, weighted by forecast contacts; n/a for queues not staffed by Erlang C "
        "(chat, deferred work, headcounts and the like)."
    ),
    total="Total",
    worst_section="10 worst intervals (largest shortfall)",
    worst_none="No understaffed intervals.",
    worst_headers=("Interval start", "Queue", "Required", "Scheduled", "Shortfall"),
    charts_section="Required vs scheduled agents per interval",
    required="Required",
    scheduled="Scheduled",
    agents_axis="Agents",
    contents_section="Sheets in this workbook",
    contents={
        "roster": "who works which shift on which day, with totals per agent and per day",
        "timeline": "one sheet per day: who is on which queue in every interval",
        "coverage_view": "scheduled minus required agents, per queue, day and time",
        "inputs": "the targets, rules and shift templates this roster was built with",
        "coverage": "machine-readable: required and scheduled agents per queue and interval",
        "assignments": "machine-readable: one row per agent and activity",
        "shift_coverage": "shift demand: heads wanted and rostered per date and shift",
    },
    roster_title="Roster - {scenario} - {first} to {last}",
    identity_headers=("Agent ID", "Name", "Team", "Source", "Vendor", "Contract"),
    shifts="Shifts",
    nights="Nights",
    weekend_shifts="Weekend shifts",
    agents_working="Agents working",
    agents_on_leave="Agents on leave",
    family_shifts="{family} shifts",
    leave_code="LEAVE",
    off_code="OFF",
    standby_code="SB",
    not_in_scenario="(not in scenario)",
    families=("Early", "Day", "Late", "Night"),
    family_legend="{family}: starts {first}-{last}",
    legend="Legend",
    leave_legend="LEAVE: approved time off",
    standby_legend="SB: standby (on call)",
    off_legend="OFF: day off",
    weekend_legend="Weekend",
    next_day_legend="+1: ends the next day",
    night_legend="Night (count): at least 3 hours between 22:00 and 06:00",
    timeline_title="Day timeline - {day} - {scenario}",
    shift="Shift",
    from_day="{weekday} {span}",
    meal_code="M",
    break_code="B",
    queue_legend="Queues",
    meal_legend="M: meal (unpaid)",
    break_legend="B: break (paid, off the queue)",
    timeline_standby_legend="S: standby (on call, not on a queue)",
    on_queue="{queue} scheduled",
    required_on_queue="{queue} required",
    at_work="Agents at work",
    nobody_works="Nobody works on this day.",
    coverage_title="Coverage - scheduled minus required agents",
    coverage_note=(
        "Each cell: agents on the queue minus agents required in the interval starting at that "
        "time. Red: understaffed (dark: 3 or more short); green: more than required; "
        "blank: nothing required and nobody scheduled."
    ),
    day_column="Day",
    per_day_chart="{queue}: understaffed and overstaffed agent-hours per day",
    agent_hours_axis="Agent-hours",
    inputs_title="Inputs - the assumptions behind this roster",
    horizon_section="Planning horizon",
    first_day="First day",
    last_day="Last day",
    days="Days",
    interval_minutes="Interval (minutes)",
    queues_section="Queues and service targets",
    queues_headers=(
        "Queue",
        "Name",
        "Channel",
        "Staffing method",
        "Service target",
        "Max occupancy",
        "Shrinkage",
        "Forecast contacts",
        "Average handle time (s)",
        "Required agent-hours",
        "Skilled agents",
    ),
    service_target="{percent:g}% in {time}",
    durations=("{n:g} s", "{n:g} min", "{n:g} h"),
    contracts_section="Contracts (labour rules per person)",
    contracts_headers=(
        "Contract",
        "Name",
        "Min hours / week",
        "Max hours / week",
        "Max days / week",
        "Min rest (hours)",
        "Allowed shifts",
        "Agents",
    ),
    all_shifts="all",
    shifts_section="Shift templates",
    shifts_headers=(
        "Shift",
        "Name",
        "Earliest start",
        "Latest start",
        "Start step (min)",
        "Paid hours",
        "Meal (min)",
        "Meal window",
        "Short breaks",
    ),
    meal_window="{first:g}-{last:g} h after start",
    short_breaks="{minutes} min about every {hours:g} h (paid)",
    staff_section="Staff",
    staff_headers=("Source", "Vendor", "Agents"),
    leave_section="Approved leave",
    leave_headers=("Agent ID", "Name", "First day", "Last day", "Reason"),
    no_leave="No approved leave in the horizon.",
    weights_section="Objective weights (points)",
    weights={
        "understaffing_per_agent_hour": (
            "Understaffing per agent-hour",
            "steps up with the size of the gap in an interval",
        ),
        "overstaffing_per_agent_hour": (
            "Overstaffing per agent-hour",
            "discourages agents the forecast does not need",
        ),
        "cost_per_currency_unit": (
            "Cost per currency unit",
            "the wage bill, so cheaper rosters win ties",
        ),
    },
    rules_section="Hard rules (never broken)",
    rules=(
        "Availability windows and approved leave are respected.",
        "Each agent works only the shift templates their contract allows, one shift per day.",
        "Minimum rest between two shifts, maximum days and paid hours per week, "
        "minimum paid hours per week (weeks are 7-day blocks from the first day).",
        "Meals are unpaid and placed inside the template's meal window.",
        "Short breaks are paid and start within 30 minutes of each mark; none inside the meal's "
        "window.",
    ),
    invoice_title="{vendor} - hours to invoice",
    period="Period",
    agents="Agents",
    standby_hours="Standby hours",
    rate="Rate per hour",
    amount="Amount",
    invoice_notes=(
        "Paid hours exclude unpaid meals; a shift that crosses midnight counts on its start day.",
        "Standby is on call, listed separately; it is not included in paid hours.",
    ),
)

ZH = Labels(
    font_name="Microsoft YaHei",
    weekdays=("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    months=tuple(f"{m}月" for m in range(1, 13)),
    day_format="{month_number:02d}-{day:02d} {weekday}",
    long_day_format="{year}-{month_number:02d}-{day:02d} {weekday}",
    footer_page="第 &P 页，共 &N 页",
    footer_printed="打印于 &D &T",
    not_available="无",
    sources={"employee": "正式员工", "temp": "临时工", "intern": "实习生", "vendor": "外包"},
    channels={"voice": "电话", "chat": "在线", "email": "邮件", "other": "其他"},
    methods={
        "erlang_c": "Erlang C",
        "erlang_a": "Erlang A（含放弃）",
        "chat": "在线会话（Erlang C）",
        "deferred": "延时处理",
        "productivity": "按人时产能",
    },
    statuses={
        "optimal": "最优：在目标函数下已证明为最佳排班",
        "feasible": "可行：排班合规，但未证明最优（达到时间上限）",
        "no solution": "无解：在时间上限内未找到合规排班",
    },
    moment_format="yyyy-mm-dd hh:mm",
    axis_day_format="mm-dd",
    axis_time_format="mm-dd hh:mm",
    sheet_summary="汇总",
    sheet_roster="排班表",
    sheet_timeline="时间线 {day}",
    sheet_coverage_view="覆盖情况",
    sheet_inputs="输入与假设",
    sheet_invoice="结算工时",
    summary_title="{scenario} - 排班汇总",
    scenario="场景",
    horizon="排班周期",
    horizon_text="{first} 至 {last}（{days} 天，每 {minutes} 分钟一个时段）",
    solve_status="求解状态",
    objective="目标值（分）",
    best_bound="最优界（分）",
    optimality_gap="最优性差距",
    solve_seconds="求解时间（秒）",
    agents_in_scenario="场景人数",
    agents_rostered="已排班人数",
    paid_hours="带薪工时",
    wage_cost="人力成本",
    understaffed_hours="人力不足（人·小时）",
    overstaffed_hours="人力过剩（人·小时）",
    generated="生成时间",
    queue_section="各队列覆盖情况",
    queue_headers=(
        "队列",
        "名称",
        "需求（人·小时）",
        "排班（人·小时）",
        "不足（人·小时）",
        "过剩（人·小时）",
        "需求满足率",
        "预计服务水平",
    ),
    queue_note=(
        "预计服务水平：按每个时段的排班人数扣除缩减率后用 Erlang C 计算，"
        "按预测进线量加权；非 Erlang C 方式配置的队列（在线、延时工单、按人数预测等）为“无”。"
    ),
    total="合计",
    worst_section="缺口最大的 10 个时段",
    worst_none="没有人力不足的时段。",
    worst_headers=("时段开始", "队列", "需求人数", "排班人数", "缺口"),
    charts_section="各时段需求人数与排班人数",
    required="需求",
    scheduled="排班",
    agents_axis="人数",
    contents_section="本工作簿包含的工作表",
    contents={
        "roster": "每人每天的班次，以及每人、每天的合计",
        "timeline": "每天一张：每个时段谁在哪个队列",
        "coverage_view": "各队列、各天、各时段的排班人数减需求人数",
        "inputs": "本排班所用的服务目标、用工规则和班次模板",
        "coverage": "供程序读取：各队列各时段的需求与排班人数（英文表名和表头）",
        "assignments": "供程序读取：每人每项活动一行（英文表名和表头）",
        "shift_coverage": "按班次的需求：每天每个班次的需求人数与排班人数（英文表名和表头）",
    },
    roster_title="排班表 - {scenario} - {first} 至 {last}",
    identity_headers=("工号", "姓名", "班组", "用工类型", "供应商", "合同"),
    shifts="班次数",
    nights="夜班数",
    weekend_shifts="周末班次",
    agents_working="上班人数",
    agents_on_leave="休假人数",
    family_shifts="{family}人数",
    leave_code="休假",
    off_code="休息",
    standby_code="待命",
    not_in_scenario="（不在场景中）",
    families=("早班", "白班", "晚班", "夜班"),
    family_legend="{family}：{first}-{last} 开始",
    legend="图例",
    leave_legend="休假：已批准的假期",
    standby_legend="待命：随时待召",
    off_legend="休息：不上班",
    weekend_legend="周末",
    next_day_legend="+1：次日结束",
    night_legend="夜班（计数）：22:00-06:00 之间工作至少 3 小时",
    timeline_title="当日时间线 - {day} - {scenario}",
    shift="班次",
    from_day="{weekday} {span}",
    meal_code="餐",
    break_code="歇",
    queue_legend="队列",
    meal_legend="餐：用餐（不带薪）",
    break_legend="歇：小休（带薪，不接线）",
    timeline_standby_legend="待：待命（不计入队列）",
    on_queue="{queue} 排班",
    required_on_queue="{queue} 需求",
    at_work="在岗人数",
    nobody_works="当天无人上班。",
    coverage_title="覆盖情况 - 排班人数减需求人数",
    coverage_note=(
        "每格：从该时间开始的时段内，队列上的人数减需求人数。"
        "红色：人力不足（深红：缺 3 人及以上）；绿色：多于需求；空白：无需求且无人排班。"
    ),
    day_column="日期",
    per_day_chart="{queue}：每天人力不足与过剩（人·小时）",
    agent_hours_axis="人·小时",
    inputs_title="输入与假设 - 本排班依据的条件",
    horizon_section="排班周期",
    first_day="第一天",
    last_day="最后一天",
    days="天数",
    interval_minutes="时段长度（分钟）",
    queues_section="队列与服务目标",
    queues_headers=(
        "队列",
        "名称",
        "渠道",
        "配置方法",
        "服务水平目标",
        "最高占用率",
        "缩减率",
        "预测进线量",
        "平均处理时长（秒）",
        "需求（人·小时）",
        "具备技能人数",
    ),
    service_target="{time}内接通 {percent:g}%",
    durations=("{n:g} 秒", "{n:g} 分钟", "{n:g} 小时"),
    contracts_section="合同（个人用工规则）",
    contracts_headers=(
        "合同",
        "名称",
        "每周最少工时",
        "每周最多工时",
        "每周最多天数",
        "最短休息（小时）",
        "允许班次",
        "人数",
    ),
    all_shifts="全部",
    shifts_section="班次模板",
    shifts_headers=(
        "班次",
        "名称",
        "最早开始",
        "最晚开始",
        "开始步长（分钟）",
        "带薪小时",
        "用餐（分钟）",
        "用餐窗口",
        "短休",
    ),
    meal_window="开始后 {first:g}-{last:g} 小时",
    short_breaks="约每 {hours:g} 小时休息 {minutes} 分钟（带薪）",
    staff_section="人员构成",
    staff_headers=("用工类型", "供应商", "人数"),
    leave_section="已批准的假期",
    leave_headers=("工号", "姓名", "第一天", "最后一天", "原因"),
    no_leave="排班周期内没有已批准的假期。",
    weights_section="目标权重（分）",
    weights={
        "understaffing_per_agent_hour": ("每人·小时人力不足", "同一时段缺口越大，单价越高"),
        "overstaffing_per_agent_hour": ("每人·小时人力过剩", "避免排出预测不需要的人"),
        "cost_per_currency_unit": ("每单位货币成本", "人力成本，同等覆盖下选择更便宜的排班"),
    },
    rules_section="硬性规则（绝不违反）",
    rules=(
        "遵守可上班时间和已批准的假期。",
        "每人只上其合同允许的班次，每天最多一个班次。",
        "两个班次之间的最短休息、每周最多天数与最多带薪工时、每周最少带薪工时"
        "（每 7 天为一周，从第一天算起）。",
        "用餐不带薪，安排在班次模板的用餐窗口内。",
        "短休带薪，在每个时间点前后 30 分钟内开始；用餐窗口内不另设短休。",
    ),
    invoice_title="{vendor} - 结算工时",
    period="结算周期",
    agents="人数",
    standby_hours="待命小时",
    rate="小时单价",
    amount="金额",
    invoice_notes=(
        "带薪工时不含不带薪的用餐时间；跨午夜的班次计入开始当天。",
        "待命为随时待召，单独列出，不计入带薪工时。",
    ),
)

_LABELS: dict[Lang, Labels] = {"en": EN, "zh": ZH}


def labels_for(lang: Lang) -> Labels:
    return _LABELS[lang]
