"""The KPI catalogue of SPEC §3: what each KPI is called, measured in and aiming for.

Formulas live in `core.kpis`; this table is what the UI, templates and imports agree on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["money", "count", "rate", "seconds", "days", "score", "rounds"]
Direction = Literal["higher", "lower"]


@dataclass(frozen=True)
class Kpi:
    id: str
    name_en: str
    name_zh: str
    unit: Unit
    direction: Direction
    roles: tuple[str, ...]
    prorate: bool
    manual: bool
    formula_en: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


_SALES = ("sales",)
_OPS = ("ops",)
_CS = ("cs",)
_DESIGN = ("designer",)
_ALL = ("director", "ops", "cs", "designer", "sales", "hr", "admin")


def _k(
    id: str,
    en: str,
    zh: str,
    unit: Unit,
    roles: tuple[str, ...],
    formula: str,
    direction: Direction = "higher",
    prorate: bool = False,
    manual: bool = False,
) -> Kpi:
    return Kpi(id, en, zh, unit, direction, roles, prorate, manual, formula)


CATALOGUE: dict[str, Kpi] = {
    k.id: k
    for k in (
        _k(
            "net_sales",
            "Net sales",
            "销售额",
            "money",
            _SALES,
            "Σ paid − Σ refunded, orders placed in the month",
            prorate=True,
        ),
        _k(
            "gross_profit",
            "Gross profit",
            "销售利润",
            "money",
            _SALES,
            "net sales − Σ cost of orders not fully refunded",
            prorate=True,
        ),
        _k(
            "orders",
            "Orders",
            "订单量",
            "count",
            _SALES,
            "distinct orders not fully refunded",
            prorate=True,
        ),
        _k("aov", "Average order value", "客单价", "money", _SALES, "net sales ÷ orders"),
        _k(
            "target_attainment",
            "Sales target attainment",
            "销售目标达成率",
            "rate",
            _SALES,
            "net sales ÷ the month's sales target",
        ),
        _k(
            "repeat_rate",
            "Repeat-purchase rate",
            "复购率",
            "rate",
            _SALES,
            "customers with ≥ 2 orders in history ÷ customers of the month",
        ),
        _k(
            "new_customers",
            "New customers",
            "新客户数",
            "count",
            _SALES,
            "customers whose first order falls in the month",
            prorate=True,
        ),
        _k("calls", "Calls made", "电话拨打量", "count", _SALES, "count of calls", prorate=True),
        _k(
            "effective_calls",
            "Effective calls",
            "有效沟通数",
            "count",
            _SALES,
            "calls marked effective",
            prorate=True,
        ),
        _k(
            "intent_customers",
            "Intent customers",
            "意向客户数",
            "count",
            _SALES,
            "distinct customers marked as intent",
            prorate=True,
        ),
        _k("deals", "Deals", "成交订单数", "count", _SALES, "calls marked as deal", prorate=True),
        _k(
            "call_conversion",
            "Call conversion",
            "成交转化率",
            "rate",
            _SALES,
            "deals ÷ effective calls",
        ),
        _k(
            "sales_cycle_days",
            "Sales cycle",
            "销售周期",
            "days",
            _SALES,
            "mean days from a customer's first call to the deal",
            direction="lower",
        ),
        _k(
            "visitors",
            "Visitors (UV)",
            "访客数",
            "count",
            _OPS,
            "Σ daily unique visitors of owned stores",
            prorate=True,
        ),
        _k("page_views", "Page views (PV)", "浏览量", "count", _OPS, "Σ page views", prorate=True),
        _k(
            "new_visitors",
            "New visitors",
            "新访客数",
            "count",
            _OPS,
            "Σ new visitors",
            prorate=True,
        ),
        _k(
            "store_conversion",
            "Store conversion",
            "店铺转化率",
            "rate",
            _OPS,
            "distinct paying customers ÷ visitors",
        ),
        _k(
            "store_sales",
            "Store sales",
            "店铺销售额",
            "money",
            _OPS,
            "net sales of the owned stores",
            prorate=True,
        ),
        _k(
            "sales_growth",
            "Sales growth",
            "销售额增长率",
            "rate",
            _OPS,
            "(this month's store sales − last month's) ÷ last month's",
        ),
        _k(
            "campaign_participants",
            "Campaign participants",
            "活动参与人数",
            "count",
            _OPS,
            "Σ participants of owned campaigns",
            prorate=True,
        ),
        _k(
            "campaign_sales",
            "Campaign sales",
            "活动销售额",
            "money",
            _OPS,
            "net sales of orders tagged with owned campaigns",
            prorate=True,
        ),
        _k(
            "campaign_conversion",
            "Campaign conversion",
            "活动转化率",
            "rate",
            _OPS,
            "distinct paying customers of owned campaigns ÷ participants",
        ),
        _k(
            "response_timeliness",
            "Response timeliness",
            "咨询回复及时率",
            "rate",
            _CS,
            "tickets first answered within the SLA ÷ tickets",
        ),
        _k(
            "first_response_s",
            "Mean first response",
            "平均首次响应时长",
            "seconds",
            _CS,
            "mean seconds from creation to first response",
            direction="lower",
        ),
        _k(
            "answer_accuracy",
            "Answer accuracy",
            "回复准确率",
            "rate",
            _CS,
            "QA-checked tickets judged correct ÷ QA-checked tickets",
        ),
        _k(
            "complaint_resolution",
            "Complaint resolution",
            "投诉解决率",
            "rate",
            _CS,
            "complaints resolved ÷ complaints",
        ),
        _k(
            "complaint_timeliness",
            "Complaint timeliness",
            "投诉处理及时率",
            "rate",
            _CS,
            "complaints resolved within the SLA ÷ complaints",
        ),
        _k(
            "csat",
            "Customer satisfaction",
            "客户满意度",
            "rate",
            _CS,
            "ratings ≥ 4 of 5 ÷ rated tickets",
        ),
        _k(
            "on_time_rate",
            "On-time delivery",
            "设计任务完成及时率",
            "rate",
            _DESIGN,
            "tasks delivered by their due date ÷ tasks due in the month",
        ),
        _k(
            "quality_score",
            "Design quality",
            "设计作品质量",
            "score",
            _DESIGN,
            "mean quality score of tasks delivered in the month",
        ),
        _k(
            "revision_rounds",
            "Revision rounds",
            "修改轮次",
            "rounds",
            _DESIGN,
            "mean revisions per delivered task",
            direction="lower",
        ),
        _k(
            "conversion_uplift",
            "Conversion uplift",
            "对销售额提升的贡献",
            "rate",
            _DESIGN,
            "mean relative change of page conversion, 14 days after vs before go-live",
        ),
        _k("collaboration", "Teamwork", "团队协作", "score", _ALL, "scored 0–100", manual=True),
        _k("attitude", "Attitude", "工作态度", "score", _ALL, "scored 0–100", manual=True),
        _k("innovation", "Innovation", "创新能力", "score", _ALL, "scored 0–100", manual=True),
        _k(
            "training_completion",
            "Training completion",
            "培训完成率",
            "rate",
            _ALL,
            "completed courses ÷ assigned courses",
        ),
        _k(
            "exam_score",
            "Exam score",
            "业务知识考核成绩",
            "score",
            _ALL,
            "mean exam score of the month",
        ),
    )
}

ROLES: tuple[str, ...] = _ALL
STAFF_ROLES: tuple[str, ...] = ("ops", "cs", "designer", "sales")
