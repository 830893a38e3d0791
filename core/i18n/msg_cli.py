"""Messages of the `python -m data` command line."""

MESSAGES = {
    "cli.bad_item": (
        "--item takes KPI=SCORE, not '{item}'.",
        "--item 的格式为 KPI=分数，而不是“{item}”。",
    ),
    "cli.init_done": (
        "Database ready at {url} (default templates added: {seeded}).",
        "数据库已就绪：{url}（新增默认模板项：{seeded}）。",
    ),
    "cli.demo_done": (
        "Demo loaded: {employees} employees, {orders} orders, {months} months; log in as director/ops/cs/designer/sales/hr/admin with password 'demo'.",
        "演示数据已载入：{employees} 名员工、{orders} 笔订单、{months} 个月；可用 director/ops/cs/designer/sales/hr/admin 登录，密码为 demo。",
    ),
    "cli.demo_exists": (
        "The database already holds data; the demo was not loaded.",
        "数据库中已有数据，未载入演示数据。",
    ),
    "cli.no_file": ("No such file: {path}.", "文件不存在：{path}。"),
    "cli.import_rejected": (
        "Rejected: {count} problem(s); nothing was written.",
        "已拒绝：发现 {count} 个问题，未写入任何数据。",
    ),
    "cli.import_done": (
        "Imported {rows} {kind} rows as import #{id} ({replaced} replaced, {skipped} skipped).",
        "已导入 {rows} 行 {kind} 数据，导入编号 #{id}（替换 {replaced} 行，跳过 {skipped} 行）。",
    ),
    "cli.import_dry_run": (
        "Dry run: {rows} {kind} rows are valid ({skipped} would be skipped); nothing was written.",
        "试运行：{rows} 行 {kind} 数据有效（{skipped} 行将被跳过），未写入任何数据。",
    ),
    "cli.saved": (
        "Saved: {employee_id} {period} is now {state}.",
        "已保存：{employee_id} {period} 当前状态为 {state}。",
    ),
    "cli.finalised": (
        "Finalised {count} appraisal(s) for {period}.",
        "{period} 已定稿 {count} 份考评。",
    ),
    "cli.reopened": (
        "Reopened {employee_id} {period} as version {version}.",
        "已重新开启 {employee_id} {period}，版本 {version}。",
    ),
    "cli.bad_amount": ("'{value}' is not an amount.", "“{value}”不是金额。"),
    "cli.payroll_done": ("Wrote {rows} rows to {path}.", "已写入 {rows} 行至 {path}。"),
    "cli.rollback_needs_id": (
        "Say which import to roll back: imports rollback ID.",
        "请指定要回滚的导入：imports rollback 编号。",
    ),
    "cli.rolled_back": (
        "Rolled back import #{id}: {rows} rows removed, replaced rows restored.",
        "已回滚第 {id} 号导入：删除 {rows} 行，被替换的数据已恢复。",
    ),
    "cli.user_added": ("Added user {username} ({role}).", "已添加用户 {username}（{role}）。"),
    "cli.backup_done": ("Backup written to {path}.", "备份已写入 {path}。"),
    "cli.restore_confirm": (
        "Replace the whole database with the backup {path}?",
        "确定用备份 {path} 替换整个数据库吗？",
    ),
    "cli.restore_cancelled": ("Restore cancelled; nothing changed.", "已取消恢复，未做任何更改。"),
    "cli.restore_done": ("Database restored from {path}.", "已从 {path} 恢复数据库。"),
    "backup.not_found": ("No backup file at {path}.", "找不到备份文件：{path}。"),
    "backup.not_sqlite": (
        "{path} is not a KPI Suite SQLite backup.",
        "{path} 不是 KPI Suite 的 SQLite 备份。",
    ),
    "backup.not_pg_dump": (
        "{path} is not a complete PostgreSQL dump made by KPI Suite's backup; nothing was restored.",
        "{path} 不是 KPI Suite 备份生成的完整 PostgreSQL 转储文件，未恢复任何数据。",
    ),
    "backup.tool_missing": (
        "{tool} is needed for PostgreSQL backups; install the PostgreSQL client.",
        "PostgreSQL 备份需要 {tool}，请安装 PostgreSQL 客户端。",
    ),
    "backup.failed": ("The backup tool failed: {detail}", "备份工具执行失败：{detail}"),
}
