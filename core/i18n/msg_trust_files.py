"""Messages of issue 13's file and import half: upload stewards, store owners, file extent,
the isolated reader, the import lock, backup manifests and the record checks."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "permission.store_owner_denied": (
        "Only the director or HR may change who owns a store; this file moves: {stores}.",
        "只有运营总监或人力资源可以更改店铺负责人；此文件会更改：{stores}。",
    ),
    "import.reader_failed": (
        "'{filename}' could not be read: the reader stopped ({detail}). The file may be damaged, "
        "or far larger inside than it looks. Open it in Excel, check its used range and save it "
        "again.",
        "无法读取“{filename}”：读取过程已中止（{detail}）。文件可能已损坏，或其内部远大于表面大小。"
        "请用 Excel 打开，检查已使用的区域后重新保存。",
    ),
    "import.xlsx_too_large": (
        "'{filename}': sheet '{sheet}' reaches cell {cell}, a block of {rows} rows × {columns} "
        "columns = {cells} cells; at most {maximum} cells are read (Excel's 1,048,576 rows × 12 "
        "columns). Delete the rows and columns far from the data (or the stray cell there), or "
        "split the file.",
        "“{filename}”：工作表“{sheet}”延伸到单元格 {cell}，共 {rows} 行 × {columns} 列 = {cells} "
        "个单元格；最多读取 {maximum} 个单元格（Excel 的 1,048,576 行 × 12 列）。请删除远离数据的"
        "行和列（或那里的零散单元格），或拆分文件。",
    ),
    "backup.not_ours": (
        "{path} is not a KPI Suite backup (no valid manifest, or not this product's tables); "
        "nothing was restored.",
        "{path} 不是 KPI Suite 的备份（没有有效的清单，或不是本产品的数据表），未恢复任何数据。",
    ),
    "backup.wrong_backend": (
        "{path} is a {found} backup; this database is {dialect}. Nothing was restored.",
        "{path} 是 {found} 数据库的备份，而当前数据库是 {dialect}，未恢复任何数据。",
    ),
    "backup.wrong_schema": (
        "{path} was taken at schema revision {found}; this version of KPI Suite is at {ours}. "
        "Restore it with the version that made it. Nothing was restored.",
        "{path} 的数据库结构版本为 {found}，当前 KPI Suite 为 {ours}。请用生成该备份的版本恢复。"
        "未恢复任何数据。",
    ),
    "backup.damaged": (
        "{path} is damaged or was changed after it was made (its checksum, tables or row "
        "counts do not match its manifest); nothing was restored.",
        "{path} 已损坏或在生成后被修改（校验和、数据表或行数与清单不符），未恢复任何数据。",
    ),
    "import.refund_exceeds_paid": (
        "The refund {value} is more than the {paid} paid for this order.",
        "退款 {value} 超过了该订单的实付金额 {paid}。",
    ),
    "import.manager_cycle": (
        "Managers go round in a circle: {cycle}. Each chain of managers must end at someone "
        "without a manager (the director).",
        "上级关系形成了循环：{cycle}。每条上级链都必须止于没有上级的人（运营总监）。",
    ),
    "import.busy": (
        "Another import is being written to the database right now. Try again when it has "
        "finished; nothing was written.",
        "另一个导入正在写入数据库。请在其完成后重试；本次未写入任何数据。",
    ),
    "import.rollback_appraisals_started": (
        "Import {id} cannot be rolled back: it added {employees}, whose appraisals have been "
        "worked on since. Change those employees with a new upload instead.",
        "无法回滚导入 {id}：该导入新增的 {employees} 的考核已经开始填写。请改为上传新文件修改这些员工。",
    ),
}
