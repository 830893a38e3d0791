"""Messages of the import log and rollback."""

MESSAGES = {
    "import.rollback_unknown": ("There is no import #{id}.", "不存在第 {id} 号导入。"),
    "import.rollback_twice": ("Import #{id} was already rolled back.", "第 {id} 号导入已回滚过。"),
    "import.rollback_superseded": (
        "Import #{id} cannot be rolled back: a later import replaced some of its rows. Roll that one back first.",
        "第 {id} 号导入无法回滚：其部分数据已被之后的导入替换，请先回滚之后的导入。",
    ),
    "permission.rollback_denied": (
        "You may roll back only your own imports (#{id} is someone else's).",
        "您只能回滚自己的导入（第 {id} 号不是您导入的）。",
    ),
}
