"""Messages of the running month (SPEC §10): the `as_of` day and the estimate."""

MESSAGES = {
    "projection.bad_day": (
        "'{value}' is not a day; write it as YYYY-MM-DD.",
        "“{value}”不是有效日期，请写成 YYYY-MM-DD。",
    ),
}
