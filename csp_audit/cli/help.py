"""Help text a manager can read: arguments shown by their metavar (WORKBOOK...), not as
Typer's `{workbooks}...` and `<list[Path]>` type codes."""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand


def argument_name(param: Any) -> str:
    """`WORKBOOK...` for a repeatable argument, `[OUT]` for an optional one."""
    name = param.metavar or param.name.upper()
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if param.required else f"[{name}]"


class ReadableCommand(TyperCommand):
    """A command whose usage line and Arguments section name arguments by metavar."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(argument_name(param))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        params = self.get_params(ctx)
        arguments = [(argument_name(p), p.help or "") for p in params
                     if p.param_type_name == "argument"]
        options = [record for p in params if p.param_type_name == "option"
                   and (record := p.get_help_record(ctx)) is not None]
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)
