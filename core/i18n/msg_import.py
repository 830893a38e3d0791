"""Messages of file uploads: file-level refusals, per-cell problems and the .xlsx templates.

Each names the file, row, column and value involved so a user can fix the sheet unaided.
"""

MESSAGES = {
    # where
    "import.at_row_column": ("Row {row}, {column}: {detail}", "第 {row} 行，{column}：{detail}"),
    "import.at_row": ("Row {row}: {detail}", "第 {row} 行：{detail}"),
    "import.at_column": ("Column {column}: {detail}", "列 {column}：{detail}"),
    # the file as a whole
    "import.file_too_large": (
        "'{filename}' is {size_mb} MB; uploads are limited to {max_mb} MB. Split the file or remove unused sheets and columns.",
        "“{filename}”大小为 {size_mb} MB，上传上限为 {max_mb} MB。请拆分文件或删除无用的工作表和列。",
    ),
    "import.empty_file": ("'{filename}' is empty.", "“{filename}”是空文件。"),
    "import.no_rows": (
        "'{filename}' has a header row (row {header_row}) but no data rows below it.",
        "“{filename}”有表头（第 {header_row} 行），但下面没有任何数据行。",
    ),
    "import.unsupported_type": (
        "'{filename}' is a {extension} file; upload an Excel workbook (.xlsx) or a CSV file (.csv).",
        "“{filename}”是 {extension} 文件；请上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）。",
    ),
    "import.content_mismatch": (
        "'{filename}' is named {extension} but its content is {detected_en}. Open it in Excel and save it as .xlsx or CSV.",
        "“{filename}”的扩展名是 {extension}，但内容实际上是{detected_zh}。请用 Excel 打开后另存为 .xlsx 或 CSV。",
    ),
    "import.not_text": (
        "'{filename}' is not a CSV file: it contains binary data, not text.",
        "“{filename}”不是 CSV 文件：其中是二进制数据而不是文本。",
    ),
    "import.bad_encoding": (
        "'{filename}' is not readable text in UTF-8 or GBK/GB18030. In Excel choose Save As → \"CSV UTF-8 (comma delimited)\" and upload again.",
        "“{filename}”不是 UTF-8 或 GBK/GB18030 编码的可读文本。请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”后重新上传。",
    ),
    "import.csv_malformed": (
        "'{filename}' is not a well-formed CSV file ({detail}). Check for stray quotes or rows with extra separators.",
        "“{filename}”不是格式正确的 CSV 文件（{detail}）。请检查是否有多余的引号或多出分隔符的行。",
    ),
    "import.not_xlsx": (
        "'{filename}' is named .xlsx but is not an Excel workbook. Open it in Excel and save it as .xlsx.",
        "“{filename}”的扩展名是 .xlsx，但它不是 Excel 工作簿。请用 Excel 打开并另存为 .xlsx。",
    ),
    "import.xlsx_unreadable": (
        "'{filename}' could not be read as an Excel workbook ({detail}). It may be damaged or password-protected.",
        "无法读取 Excel 工作簿“{filename}”（{detail}），文件可能已损坏或设置了密码。",
    ),
    "import.zip_bomb": (
        "'{filename}' unpacks to {size_mb} MB or more ({ratio} times its size) and is refused as unsafe.",
        "“{filename}”解压后达 {size_mb} MB 以上（为原文件的 {ratio} 倍），出于安全考虑拒绝导入。",
    ),
    "import.too_many_rows": (
        "'{filename}' has {rows} rows; at most {maximum} can be imported at once. Split the file.",
        "“{filename}”共有 {rows} 行，单次最多导入 {maximum} 行，请拆分文件。",
    ),
    "import.no_header": (
        "No header row found in the first {rows} rows: no cell names a column of '{kind}'. The first row reads: {found}. Map the columns by hand or start from the template.",
        "前 {rows} 行中找不到表头：没有任何单元格是“{kind}”的列名。第一行为：{found}。请手动对应各列，或使用导入模板。",
    ),
    "import.missing_column": (
        "Required column '{column}' ({label_en}) is missing. Headers not matched to any column: {unmapped}.",
        "缺少必填列“{label_zh}”（{column}）。未能识别的表头：{unmapped}。",
    ),
    "import.mapping_unknown_column": (
        "The column mapping sends '{header}' to '{column}', which is not a column of '{kind}'.",
        "列对应把“{header}”对应到“{column}”，但“{kind}”中没有这一列。",
    ),
    "import.mapping_duplicate": (
        "Both '{other}' and '{header}' are mapped to '{column}'; map only one of them.",
        "“{other}”和“{header}”都对应到了“{column}”，只能保留一个。",
    ),
    "import.too_many_errors": (
        "{total} problems in {rows} rows; only the first {shown} are listed. Fix these and upload again to see the rest.",
        "共 {rows} 行存在 {total} 个问题，仅列出前 {shown} 个。请先修正后重新上传以查看其余问题。",
    ),
    # one cell
    "import.required_missing": ("a value is required here.", "此处必须填写。"),
    "import.not_amount": (
        "'{value}' is not an amount (expected a number such as {expected}).",
        "“{value}”不是有效金额（应为数字，例如 {expected}）。",
    ),
    "import.amount_decimals": (
        "'{value}' has more than 2 decimal places; amounts are in yuan and fen.",
        "“{value}”的小数超过 2 位；金额应精确到分。",
    ),
    "import.not_number": (
        "'{value}' is not a number (expected e.g. {expected}).",
        "“{value}”不是数字（例如 {expected}）。",
    ),
    "import.not_integer": (
        "'{value}' is not a whole number (expected e.g. {expected}).",
        "“{value}”不是整数（例如 {expected}）。",
    ),
    "import.negative": (
        "'{value}' is negative; it must be 0 or more.",
        "“{value}”为负数，必须大于或等于 0。",
    ),
    "import.out_of_range": (
        "'{value}' is outside the allowed range {minimum} to {maximum}.",
        "“{value}”超出允许范围 {minimum} 至 {maximum}。",
    ),
    "import.too_large": (
        "'{value}' is implausibly large (more than {maximum}); check the unit and the digits.",
        "“{value}”大得不合理（超过 {maximum}），请检查单位和位数。",
    ),
    "import.not_date": (
        "'{value}' is not a date (use e.g. {expected}, 2026/03/05 or an Excel date cell).",
        "“{value}”不是日期（应如 {expected}、2026/03/05 或 Excel 日期单元格）。",
    ),
    "import.not_datetime": (
        "'{value}' is not a date and time (use e.g. {expected}, 2026/03/05 14:30 or an Excel date cell).",
        "“{value}”不是日期时间（应如 {expected}、2026/03/05 14:30 或 Excel 日期单元格）。",
    ),
    "import.date_out_of_range": (
        "'{value}' is not between the years {earliest} and {latest}.",
        "“{value}”不在 {earliest} 年至 {latest} 年之间。",
    ),
    "import.not_bool": (
        "'{value}' is not a yes/no value (use {expected}).",
        "“{value}”不是“是/否”值（可用 {expected}）。",
    ),
    "import.not_period": (
        "'{value}' is not a month in the form YYYY-MM (e.g. {expected}).",
        "“{value}”不是 YYYY-MM 格式的月份（例如 {expected}）。",
    ),
    "import.period_future": (
        "'{value}' is too far in the future; the latest month accepted is {latest}.",
        "“{value}”过于靠后，最晚只能填写 {latest}。",
    ),
    "import.period_too_old": (
        "'{value}' is before {earliest}; check the year.",
        "“{value}”早于 {earliest}，请检查年份。",
    ),
    "import.not_role": (
        "'{value}' is not a role (use one of: {expected}).",
        "“{value}”不是有效角色（可用：{expected}）。",
    ),
    "import.not_method": (
        "'{value}' is not a scoring method (use one of: {expected}).",
        "“{value}”不是有效的计分方式（可用：{expected}）。",
    ),
    "import.not_kpi": (
        "'{value}' is not a KPI of the catalogue (use its id, e.g. {expected}).",
        "“{value}”不是指标库中的指标（请填写指标 ID，例如 {expected}）。",
    ),
    "import.formula_like": (
        "'{value}' starts with '{char}', which a spreadsheet would run as a formula; it is refused for safety. Remove the leading '{char}'.",
        "“{value}”以“{char}”开头，在电子表格中会被当作公式执行，出于安全考虑拒绝导入。请去掉开头的“{char}”。",
    ),
    "import.text_too_long": (
        "the text is {length} characters long; at most {maximum} are allowed.",
        "文本长度为 {length} 个字符，最多允许 {maximum} 个。",
    ),
    "import.id_scientific": (
        "'{value}' is an id that Excel turned into a number in scientific notation, losing digits. Format the column as Text and export again.",
        "“{value}”是被 Excel 转成科学计数法的编号，部分数字已丢失。请将该列设置为“文本”格式后重新导出。",
    ),
    "import.not_email": ("'{value}' is not an email address.", "“{value}”不是有效的邮箱地址。"),
    # rows and references
    "import.duplicate_key": (
        "'{value}' appears {count} times in this file (first in row {first_row}); each {key_columns} may appear only once.",
        "“{value}”在本文件中出现了 {count} 次（首次在第 {first_row} 行）；{key_columns} 不能重复。",
    ),
    "import.unknown_employee": (
        "employee '{value}' does not exist; import them with an employees file first.",
        "员工“{value}”不存在，请先导入员工名单。",
    ),
    "import.unknown_manager": (
        "manager '{value}' is not an employee in the system or in this file.",
        "上级“{value}”既不在系统中，也不在本文件的员工里。",
    ),
    "import.self_manager": (
        "'{value}' is the employee's own id; an employee cannot be their own manager.",
        "“{value}”是该员工本人的工号，员工不能是自己的上级。",
    ),
    "import.unknown_store": (
        "store '{value}' is not known; import it with a stores file first.",
        "店铺“{value}”不存在，请先导入店铺名单。",
    ),
    "import.date_order": (
        "'{value}' is before {other} ({other_value}).",
        "“{value}”早于 {other}（{other_value}）。",
    ),
    "import.target_scope_both": (
        "give either employee_id or role, not both.",
        "员工编号（employee_id）和角色（role）只能填一个。",
    ),
    "import.target_scope_missing": (
        "give the employee_id or the role the target is for.",
        "请填写该目标适用的员工编号（employee_id）或角色（role）。",
    ),
    # templates
    "import.template.title": ("Import template: {kind}", "导入模板：{kind}"),
    "import.template.note_header": (
        "Keep the header row (row 1) as it is; one record per row from row 2. The sample in row 2 shows the expected format: overwrite or delete it.",
        "请保留第 1 行表头；从第 2 行起每行一条记录。第 2 行是示例，说明应填写的格式，可覆盖或删除。",
    ),
    "import.template.note_required": (
        "Columns with an orange header are required; the others may be left empty or removed.",
        "橙色表头的列为必填，其余列可留空或删除。",
    ),
    "import.template.note_dates": (
        "Dates: 2026-03-05, 2026/03/05 or an Excel date; times: 2026-03-05 14:30:00. Months (period): 2026-03.",
        "日期：2026-03-05、2026/03/05 或 Excel 日期；时间：2026-03-05 14:30:00。月份（period）：2026-03。",
    ),
    "import.template.note_bools": (
        "Yes/no columns accept true/false, 1/0, yes/no, y/n or 是/否. Amounts are in yuan with at most 2 decimals.",
        "是/否列可填 true/false、1/0、yes/no、y/n 或 是/否。金额以元为单位，最多 2 位小数。",
    ),
    "import.template.note_formulas": (
        "Text starting with = + - or @ is refused (it would run as a formula when exported). Text is stored exactly as written, HTML included.",
        "以 = + - 或 @ 开头的文本会被拒绝（导出后会被当作公式执行）。文本按原样保存，包括 HTML。",
    ),
    "import.template.note_size": (
        "Upload .xlsx or CSV (UTF-8 or GBK), up to 50 MB. Headers in English or Chinese are recognised.",
        "可上传 .xlsx 或 CSV（UTF-8 或 GBK），最大 50 MB。可识别中文或英文表头。",
    ),
    "import.template.col_column": ("Column", "列"),
    "import.template.col_label": ("Name", "名称"),
    "import.template.col_required": ("Required", "必填"),
    "import.template.col_type": ("Type", "类型"),
    "import.template.col_rule": ("Allowed values", "取值要求"),
    "import.template.col_synonyms": ("Also recognised as", "也可识别的表头"),
    "import.template.yes": ("yes", "是"),
    "import.template.no": ("no", "否"),
    "import.template.rule_range": ("from {minimum} to {maximum}", "{minimum} 至 {maximum}"),
    "import.template.rule_non_negative": ("0 or more", "大于或等于 0"),
    "import.template.invalid_title": ("Not in the list", "不在可选范围内"),
    "import.template.invalid_choice": ("Choose a value from the list.", "请从下拉列表中选择。"),
    "import.template.type_str": ("text", "文本"),
    "import.template.type_int": ("whole number", "整数"),
    "import.template.type_money": ("amount in yuan (2 decimals)", "金额（元，最多 2 位小数）"),
    "import.template.type_number": ("number", "数字"),
    "import.template.type_datetime": ("date and time", "日期时间"),
    "import.template.type_date": ("date", "日期"),
    "import.template.type_bool": ("yes/no", "是/否"),
    "import.template.type_period": ("month YYYY-MM", "月份 YYYY-MM"),
    "import.template.type_role": ("role id", "角色 ID"),
    "import.template.type_kpi": ("KPI id", "指标 ID"),
    "import.template.type_method": ("scoring method", "计分方式"),
}
