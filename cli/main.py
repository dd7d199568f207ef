"""The `apostilla` command: typer sub-apps per noun, and the one place errors become messages."""

import sys
from importlib import import_module

import typer
from apostilla.common.errors import ApostillaError
from typer.core import TyperGroup

# The command-line parser's own exceptions, from the module its group class comes from (typer
# carries click inside it in some versions and depends on it in others).
_parser = import_module(TyperGroup.__mro__[1].__module__.rsplit(".", 1)[0] + ".exceptions")
UsageError, ClickException = _parser.UsageError, _parser.ClickException
NoArgsIsHelp = getattr(_parser, "NoArgsIsHelpError", ())

_state = {"verbose": False}


def report(error: ApostillaError) -> None:
    """Print an error as the contract's one line (plus its detail lines) on stderr."""
    from .output import error as print_error

    where = error.location()
    prefix = f"apostilla: error: {where}: " if where else "apostilla: error: "
    print_error(prefix + error.message)
    for line in error.details:
        print_error(f"  {line}")


class ApostillaGroup(TyperGroup):
    """A click group that turns apostilla's typed errors into one line and an exit code."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):  # type: ignore[override]
        """Usage errors (an unknown command or option, a missing argument) are one line too."""
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except NoArgsIsHelp as error:
            error.show()  # `apostilla entity`: the group's help, as asked
            code = error.exit_code
        except UsageError as error:
            from .output import error as print_error

            where = error.ctx.command_path if error.ctx is not None else "apostilla"
            print_error(f"apostilla: error: {error.format_message()} (see '{where} --help')")
            code = error.exit_code
        except ClickException as error:
            from .output import error as print_error

            print_error(f"apostilla: error: {error.format_message()}")
            code = error.exit_code
        except (typer.Abort, getattr(_parser, "Abort", typer.Abort)):
            from .output import error as print_error

            print_error("apostilla: interrupted")
            code = 130
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code

    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except ApostillaError as error:
            if _state["verbose"]:
                from .output import trace

                trace()
            report(error)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("apostilla: interrupted", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (`apostilla list ... | head`): stop quietly, as Unix tools do.
            _silence_stdout()
            raise typer.Exit(141) from None
        except Exception as error:
            if _is_cli_control(error):
                raise
            # A bug, not bad input: still one line; the traceback only with --verbose.
            if _state["verbose"]:
                from .output import trace

                trace()
            from .output import error as print_error

            print_error(f"apostilla: error: internal error: {type(error).__name__}: {error} "
                        "(run with --verbose for details and please report it)")
            raise typer.Exit(70) from None


def _silence_stdout() -> None:
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _is_cli_control(error: Exception) -> bool:
    """Exit, Abort and usage errors belong to the command-line parser: let it handle them."""
    if isinstance(error, (typer.Exit, typer.Abort)):
        return True
    return hasattr(error, "exit_code") and hasattr(error, "show")


def _show_version(value: bool) -> None:
    if value:
        from apostilla.common.version import version

        typer.echo(f"apostilla {version()}")
        raise typer.Exit()


def make_app() -> typer.Typer:
    """Build the command tree; sub-commands import their heavy libraries only when they run."""
    app = typer.Typer(cls=ApostillaGroup, no_args_is_help=True, add_completion=False,
                      pretty_exceptions_enable=False, rich_markup_mode=None,
                      help="Bilingual annotation of TEI documents: quotes, glosses, validation, memos.")

    @app.callback()
    def main_options(
        verbose: bool = typer.Option(False, "--verbose", "-v", help="Show more detail on errors."),
        show_version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                          help="Print the version and exit."),
    ) -> None:
        _state["verbose"] = verbose

    from . import commands
    commands.register(app)
    return app


app = make_app()


def main() -> None:
    """Console-script entry point."""
    app(prog_name="apostilla")


if __name__ == "__main__":
    main()
