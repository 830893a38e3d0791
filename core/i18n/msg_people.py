"""Messages of accounts, login and user administration."""

MESSAGES = {
    "auth.unknown_user": ("No active account is named '{user}'.", "没有名为“{user}”的有效账号。"),
    "auth.bad_credentials": ("Username or password is incorrect.", "用户名或密码不正确。"),
    "auth.locked": (
        "Too many failed attempts: this account is locked until {until}.",
        "失败次数过多：该账号已锁定至 {until}。",
    ),
    "auth.password_empty": ("The password cannot be empty.", "密码不能为空。"),
    "auth.password_too_long": (
        "Passwords are limited to 72 bytes (bcrypt); please choose a shorter one.",
        "密码最长 72 字节（bcrypt 限制），请换一个更短的密码。",
    ),
    "users.unknown_role": (
        "'{role}' is not a role (use director, ops, cs, designer, sales, hr or admin).",
        "“{role}”不是有效角色（可用 director、ops、cs、designer、sales、hr、admin）。",
    ),
    "users.bad_username": (
        "'{username}' cannot be a username (1–64 characters).",
        "“{username}”不能作为用户名（1–64 个字符）。",
    ),
    "users.exists": ("The username '{username}' is taken.", "用户名“{username}”已被使用。"),
    "users.unknown_employee": ("There is no employee {employee_id}.", "不存在员工 {employee_id}。"),
    "users.not_found": ("There is no account '{username}'.", "不存在账号“{username}”。"),
}
