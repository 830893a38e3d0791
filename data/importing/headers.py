"""Header vocabulary: English and Chinese names that shop, ticket, call and HR exports use.

Maps a file's headers onto the canonical columns of `core.schema` so users rarely map by hand.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from core.schema import KINDS

# column -> (English label, Chinese label, further synonyms in priority order).
# The labels are synonyms too (the template writes them as headers). A synonym listed earlier
# wins when a file has several candidates: "实付金额" beats "订单金额" for paid_amount.
# fmt: off
_COMMON: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # people
    "employee_id": ("Employee ID", "员工编号", ("工号", "员工工号", "员工ID", "员工号", "职工编号",
        "人员编号", "员工代码", "业务员工号", "销售工号", "销售员编号", "客服工号", "设计师工号",
        "坐席工号", "座席工号", "emp id", "emp no", "staff id", "staff no", "employee no",
        "employee number", "employee code", "agent id", "sales id")),
    "name": ("Name", "名称", ("name",)),
    "role": ("Role", "角色", ("岗位", "岗位角色", "角色ID", "职能", "role id", "position")),
    "team": ("Team", "团队", ("小组", "组别", "部门", "所属团队", "所属部门", "group",
        "department")),
    "manager_id": ("Manager ID", "上级工号", ("上级编号", "上级员工编号", "直属上级工号",
        "直属上级编号", "主管工号", "经理工号", "上级ID", "汇报对象工号", "manager", "manager no",
        "supervisor id", "reports to", "line manager id")),
    "email": ("Email", "邮箱", ("电子邮箱", "邮件", "邮件地址", "电子邮件", "e-mail", "mail",
        "email address")),
    "hire_date": ("Hire date", "入职日期", ("入职时间", "到岗日期", "入司日期", "join date",
        "joined", "date hired", "start of employment")),
    "leave_date": ("Leave date", "离职日期", ("离职时间", "最后工作日", "离岗日期", "exit date",
        "termination date", "left on", "date left")),
    "target_bonus": ("Target bonus", "目标奖金", ("月度目标奖金", "绩效奖金基数", "奖金基数",
        "目标绩效奖金", "绩效奖金", "monthly target bonus", "bonus target",
        "target bonus amount")),
    # orders
    "order_id": ("Order ID", "订单编号", ("订单号", "订单ID", "主订单编号", "主订单号", "订单编码",
        "order no", "order number", "order", "order code")),
    "order_time": ("Order time", "下单时间", ("创建时间", "订单创建时间", "下单日期", "订单时间",
        "订单日期", "创建日期", "order date", "order created", "created", "created time",
        "created at", "order created at")),
    "customer_id": ("Customer ID", "买家ID", ("客户ID", "买家会员名", "买家账号", "买家昵称",
        "买家编号", "客户编号", "会员ID", "会员编号", "用户ID", "客户账号", "买家", "客户",
        "客户名称", "客户电话", "客户手机", "customer", "buyer id", "buyer", "member id",
        "user id", "client id")),
    "paid_amount": ("Paid amount", "实付金额", ("支付金额", "买家实付金额", "实付款", "实收金额",
        "实际支付金额", "付款金额", "实付", "成交金额", "订单金额", "amount paid", "paid",
        "payment amount", "amount", "order amount")),
    "store": ("Store", "店铺", ("店铺名称", "店铺名", "店名", "店铺ID", "店铺编号", "门店",
        "渠道店铺", "shop", "shop name", "store name", "store id", "shop id")),
    "refund_amount": ("Refund amount", "退款金额", ("退款额", "已退款金额", "退货金额",
        "退货退款金额", "售后退款金额", "退款", "refund", "refunded", "refunded amount",
        "amount refunded")),
    "cost": ("Cost", "成本", ("成本金额", "商品成本", "订单成本", "成本价", "采购成本", "cogs",
        "cost amount", "cost of goods")),
    "campaign_id": ("Campaign ID", "活动ID", ("活动编号", "营销活动ID", "营销活动编号", "活动代码",
        "活动", "campaign", "campaign code", "promotion id", "promo id")),
    "collected": ("Collected", "是否回款", ("已回款", "回款", "回款状态", "是否已回款", "回款情况",
        "payment collected", "is collected")),
    "strategic_account": ("Strategic account", "战略客户", ("是否战略客户", "战略账户", "公司客户",
        "大客户", "是否大客户", "战略", "strategic", "key account", "company account",
        "is strategic")),
    # traffic
    "date": ("Date", "日期", ("统计日期", "数据日期", "day")),
    "visitors": ("Visitors", "访客数", ("访客", "UV", "独立访客", "独立访客数", "访问人数",
        "访客人数", "unique visitors", "uv visitors")),
    "page_views": ("Page views", "浏览量", ("PV", "页面浏览量", "浏览次数", "访问量", "pageviews",
        "views", "pv count")),
    "new_visitors": ("New visitors", "新访客数", ("新访客", "新访客人数", "新UV", "new uv",
        "new users")),
    # tickets
    "ticket_id": ("Ticket ID", "工单号", ("工单编号", "工单ID", "会话ID", "会话编号", "咨询编号",
        "服务单号", "ticket", "ticket no", "ticket number", "case id", "case no",
        "conversation id", "session id")),
    "created_at": ("Created at", "创建时间", ("工单创建时间", "咨询时间", "发起时间", "接入时间",
        "进线时间", "会话开始时间", "created", "created time", "opened at", "open time")),
    "first_response_at": ("First response at", "首次响应时间", ("首次回复时间", "首响时间",
        "首次应答时间", "首次响应", "首次回复", "first response", "first response time",
        "first reply", "first reply time", "first replied at")),
    "resolved_at": ("Resolved at", "解决时间", ("完结时间", "关闭时间", "处理完成时间", "结案时间",
        "解决日期", "resolved", "resolved time", "closed at", "close time", "resolution time")),
    "is_complaint": ("Complaint", "是否投诉", ("投诉", "投诉工单", "是否为投诉", "complaint",
        "is complaint")),
    "rating": ("Rating", "评分", ("满意度评分", "客户评分", "评价分数", "满意度", "评价星级",
        "星级", "customer rating", "satisfaction", "csat score")),
    "qa_correct": ("QA correct", "质检结果", ("回复是否正确", "是否正确", "质检是否合格",
        "质检合格", "质检", "qa result", "qa pass", "qa passed", "correct", "answer correct")),
    # design tasks
    "task_id": ("Task ID", "任务编号", ("任务ID", "任务号", "需求编号", "需求ID", "设计任务编号",
        "task", "task no", "task number", "request id")),
    "due_date": ("Due date", "截止日期", ("要求完成日期", "计划完成日期", "交付截止日期",
        "截止时间", "要求完成时间", "计划完成时间", "deadline", "due", "due on")),
    "delivered_at": ("Delivered at", "交付时间", ("实际交付时间", "完成时间", "实际完成时间",
        "交付日期", "完成日期", "delivered", "delivered on", "completed at", "delivery time")),
    "quality_score": ("Quality score", "质量评分", ("质量分", "质量得分", "作品质量",
        "作品质量评分", "质量", "quality", "design quality")),
    "revisions": ("Revisions", "修改次数", ("修改轮次", "返工次数", "修改轮数", "改稿次数",
        "revision rounds", "rounds", "revision count")),
    "page_id": ("Page ID", "页面ID", ("页面编号", "页面", "链接ID", "商品链接ID", "page",
        "page no", "url id")),
    "go_live_date": ("Go-live date", "上线日期", ("上线时间", "发布日期", "发布时间", "go live",
        "go live on", "launch date", "live date")),
    # calls
    "call_id": ("Call ID", "通话ID", ("通话编号", "呼叫ID", "呼叫编号", "通话记录ID", "话单编号",
        "call", "call no", "call record id")),
    "call_time": ("Call time", "通话时间", ("呼叫时间", "拨打时间", "通话开始时间", "呼叫开始时间",
        "call start", "call started at", "called at", "call date")),
    "duration_s": ("Duration (s)", "通话时长(秒)", ("通话时长", "时长(秒)", "通话秒数",
        "通话时长秒", "时长", "duration", "duration s", "duration seconds", "talk time",
        "seconds")),
    "effective": ("Effective", "是否有效", ("有效沟通", "是否有效沟通", "有效通话", "有效",
        "effective call", "is effective")),
    "intent": ("Intent", "是否意向", ("意向客户", "是否意向客户", "有意向", "意向",
        "intent customer", "interested", "is intent")),
    "deal": ("Deal", "是否成交", ("成交", "已成交", "成交状态", "deal closed", "closed won",
        "is deal", "won")),
    # attendance
    "late_minutes": ("Late minutes", "迟到分钟", ("迟到分钟数", "迟到时长", "迟到时长(分钟)",
        "迟到(分钟)", "迟到", "late", "minutes late", "late min")),
    "early_leave_minutes": ("Early-leave minutes", "早退分钟", ("早退分钟数", "早退时长",
        "早退时长(分钟)", "早退(分钟)", "早退", "early leave", "left early minutes",
        "early leave min")),
    "absent_days": ("Absent days", "缺勤天数", ("旷工天数", "缺勤(天)", "缺勤天数(天)", "旷工(天)",
        "旷工天数(天)", "缺勤", "旷工", "absence", "absent", "days absent", "absence days")),
    # training
    "course": ("Course", "课程", ("课程名称", "培训课程", "培训名称", "培训项目", "培训内容",
        "course name", "training", "training course")),
    "completed": ("Completed", "是否完成", ("已完成", "完成情况", "完成状态", "完成", "done",
        "is completed", "finished")),
    "exam_score": ("Exam score", "考试成绩", ("考核成绩", "考试分数", "成绩", "分数", "考试得分",
        "exam", "test score", "score")),
    # campaigns
    "start_date": ("Start date", "开始日期", ("开始时间", "活动开始日期", "活动开始时间",
        "起始日期", "start", "starts on", "begin date")),
    "end_date": ("End date", "结束日期", ("结束时间", "活动结束日期", "活动结束时间", "截止日期",
        "end", "ends on", "finish date")),
    "owner_id": ("Owner ID", "负责人工号", ("负责人编号", "负责人ID", "负责人员工编号", "运营工号",
        "店铺负责人工号", "活动负责人工号", "owner", "owner no", "owner employee id",
        "responsible id")),
    "participants": ("Participants", "参与人数", ("参加人数", "活动参与人数", "参与人次",
        "参与用户数", "participant count", "participants count")),
    # targets, metrics, templates
    "period": ("Period", "月份", ("期间", "考核月份", "绩效月份", "统计月份", "考核期间", "年月",
        "month", "appraisal month")),
    "kpi_id": ("KPI ID", "指标", ("指标ID", "指标编号", "指标代码", "考核指标", "KPI", "KPI编号",
        "KPI代码", "kpi", "kpi code", "metric", "indicator")),
    "target": ("Target", "目标", ("目标值", "指标目标", "考核目标", "目标数", "target value",
        "goal")),
    "value": ("Value", "数值", ("值", "实际值", "完成值", "实际完成", "实际", "actual", "result",
        "actual value")),
    "weight": ("Weight", "权重", ("权重(%)", "比重", "占比", "权重%", "weight %", "weighting")),
    "method": ("Method", "计分方式", ("评分方式", "计分方法", "评分方法", "方法", "scoring method",
        "scoring")),
    "cap": ("Cap", "得分上限", ("上限", "封顶", "封顶分", "最高分", "score cap", "max score",
        "maximum score")),
    "bands": ("Bands", "分档", ("分档规则", "档位", "阶梯", "分档标准", "score bands",
        "band table")),
}

# Where one canonical name means different things in different kinds.
_BY_KIND: dict[str, dict[str, tuple[str, str, tuple[str, ...]]]] = {
    "employees": {
        "name": ("Name", "姓名", ("员工姓名", "名字", "员工名称", "full name", "employee name",
            "staff name")),
    },
    "campaigns": {
        "name": ("Campaign name", "活动名称", ("活动名", "活动标题", "名称", "campaign name",
            "campaign", "title")),
        "campaign_id": ("Campaign ID", "活动ID", ("活动编号", "营销活动ID", "营销活动编号",
            "活动代码", "campaign code", "promotion id", "promo id")),
    },
    "traffic": {
        "date": ("Date", "日期", ("统计日期", "数据日期", "day", "stat date")),
    },
    "attendance": {
        "date": ("Date", "考勤日期", ("日期", "打卡日期", "出勤日期", "attendance date", "day")),
    },
    "training": {
        "date": ("Date", "培训日期", ("日期", "考试日期", "上课日期", "training date",
            "exam date")),
    },
    "stores": {
        "owner_id": ("Owner ID", "负责人工号", ("负责人编号", "负责人ID", "店铺负责人工号",
            "运营工号", "运营负责人工号", "员工编号", "工号", "owner", "owner no",
            "owner employee id")),
    },
}
# fmt: on

# A bracketed suffix such as "(元)" or "（必填）" is dropped before matching, except when it
# states a time unit: "通话时长(分钟)" must not be read as seconds.
_BRACKETS = re.compile(r"[(\[【〔<《]([^)\]】〕>》]*)[)\]】〕>》]")
_TIME_UNIT = re.compile(r"秒|分钟|小时|天|ms|sec|min|hour|hr|day|^[smhd]$", re.IGNORECASE)
_NOISE = re.compile(r"[\s_\-.:：·/*#'\"“”‘’]+")


def normalize(header: str) -> str:
    """Compare headers ignoring case, width, spaces, underscores, punctuation and brackets."""
    text = unicodedata.normalize("NFKC", str(header)).strip().lower()
    return _NOISE.sub("", _BRACKETS.sub(lambda m: m.group(1), text))


def _stripped(header: str) -> str | None:
    """The header without a unit-neutral bracketed suffix, or None when nothing was dropped."""
    text = unicodedata.normalize("NFKC", str(header)).strip().lower()
    parts = _BRACKETS.findall(text)
    if not parts or any(_TIME_UNIT.search(p) for p in parts):
        return None
    return _NOISE.sub("", _BRACKETS.sub("", text))


def _entry(kind: str, column: str) -> tuple[str, str, tuple[str, ...]]:
    return _BY_KIND.get(kind, {}).get(column) or _COMMON[column]


def label(kind: str | None, column: str, lang: str = "en") -> str:
    """The column's human name in `lang`, as the template header and messages show it."""
    entry = _entry(kind, column) if kind else _COMMON.get(column)
    if entry is None:
        return column
    return entry[1] if lang == "zh" else entry[0]


def synonyms(kind: str, column: str) -> list[str]:
    """Every accepted header for a column: its id, its labels, then synonyms by priority."""
    en, zh, more = _entry(kind, column)
    return [column, en, zh, *more]


@lru_cache(maxsize=64)
def _index(kind: str) -> dict[str, tuple[str, int]]:
    """normalised header -> (canonical column, priority); a clash inside a kind is a bug."""
    index: dict[str, tuple[str, int]] = {}
    for column in KINDS[kind].column_names:
        for priority, word in enumerate(synonyms(kind, column)):
            key = normalize(word)
            seen = index.get(key)
            if seen is not None and seen[0] != column:
                raise ValueError(
                    f"header synonym {word!r} maps to {seen[0]} and {column} in {kind}"
                )
            if seen is None:
                index[key] = (column, priority)
    return index


def match(kind: str, header: str) -> tuple[str, int] | None:
    """The canonical column a header names in this kind, with its priority, or None."""
    index = _index(kind)
    found = index.get(normalize(header))
    if found is None:
        stripped = _stripped(header)
        found = index.get(stripped) if stripped else None
    return found


def suggest_mapping(kind: str, headers: list[str]) -> dict[str, str]:
    """Source header -> canonical column for every recognised header, in file order.

    Each canonical column is taken once: by the highest-priority synonym, then the leftmost.
    """
    best: dict[str, tuple[int, int, str]] = {}
    for position, header in enumerate(headers):
        found = match(kind, header)
        if found is None:
            continue
        column, priority = found
        if column not in best or (priority, position) < best[column][:2]:
            best[column] = (priority, position, header)
    chosen = sorted(best.items(), key=lambda item: item[1][1])
    return {header: column for column, (_p, _pos, header) in chosen}


def header_score(kind: str | None, cells: list[str], extra: set[str] | None = None) -> int:
    """How many distinct canonical columns a row names: the header row scores highest.

    Without a kind, the best score over every kind is used (read_table does not know it).
    """
    extra_norm = {normalize(h) for h in extra or ()}
    kinds = [kind] if kind else list(KINDS)
    best = 0
    for name in kinds:
        hits: set[str] = set()
        for cell in cells:
            if not cell:
                continue
            found = match(name, cell)
            if found is not None:
                hits.add(found[0])
            elif normalize(cell) in extra_norm:
                hits.add("extra:" + normalize(cell))
        best = max(best, len(hits))
    return best
