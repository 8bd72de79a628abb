"""The ``kode`` command. One module per command group; this file only assembles them — lazily.

Every error a user can act on arrives here as a :class:`KodeError` and leaves as one line on
stderr with exit status 1; anything else is a bug and keeps its traceback.

Why lazy: a command module pulls in SQLAlchemy, the corpus models and more, about a second of
CPU. ``kode --version`` and ``kode --help`` need none of it, and ``kode info`` needs only its
own module. So :data:`COMMANDS` names, for each top-level command, the module(s) that define it
and the one-line help ``kode --help`` shows; a module is imported only when its command runs.
A new command goes into its module's ``COMMANDS`` list *and* here
(``tests/test_cli_lazy.py`` checks that the two agree, help text included).
"""

from __future__ import annotations

import importlib
import logging
import re
from typing import Any

import click

from kode import __version__

#: Top-level command → (modules under ``kode.cli`` that define it, short help for ``kode --help``).
#: ``export`` and ``codebook`` are groups several modules add subcommands to (:mod:`kode.cli.groups`).
COMMANDS: dict[str, tuple[tuple[str, ...], str]] = {
    "init": (("project_cmds",), "Create a new project (a .kode file, or a PostgreSQL URL) with its waves, sites and groups."),
    "upgrade": (("project_cmds",), "Bring an older project's schema up to this version of kode."),
    "vocab": (("project_cmds",), "Show the project's sites, groups and waves, or add to them."),
    "info": (("project_cmds",), "Counts by site × group × wave: interviews, words, turns."),
    "import": (("corpus_cmds",), "Import transcripts (.docx .txt .md .srt .vtt .json), files or whole folders."),
    "list": (("corpus_cmds",), "List interviews with their metadata."),
    "show": (("corpus_cmds",), "Show one interview's turns: speaker label, role, time and text."),
    "speakers": (("speakers_cmds",), "List speaker labels with their role, turns and an example; --map assigns roles without re-import."),
    "demo": (("demo_cmd",), "Build demo.kode in DIRECTORY (default: here) from the fictional study in examples/."),
    "coders": (("codebook_cmds",), "List the project's coders, or add one."),
    "code": (("coding_cmds",), "Code turns, sentences or spans of INTERVIEW (several at once, or --from a CSV file)."),
    "uncode": (("coding_cmds",), "Remove this coder's coding of a code at exactly that place (or places, in one transaction)."),
    "codings": (("coding_cmds",), "List codings (`kode codings PROJECT …`) or import them from a CSV file."),
    "memo": (("memo_cmds",), "Memos on the project, a code, an interview, a coding or a participant × code (× wave) cell."),
    "autocode": (("suggest_cmds",), "Propose codings from each code's search terms; they wait in `kode suggestions`."),
    "suggestions": (("suggest_cmds",), "List, accept (they become your codings) or reject suggestions."),
    "agreement": (("agreement_cmds",), "Percent agreement, Cohen's kappa, Gwet's AC1 and Krippendorff's alpha per code and overall."),
    "consensus": (("agreement_cmds",), "Copy adjudicated codings to the consensus coder."),
    "merge": (("team_cmds",), "Merge coders' projects (SOURCE...) into PROJECT, in one transaction."),
    "backup": (("safety_cmds",), "Copy a project safely while others work in it (readable by you only)."),
    "check": (("safety_cmds",), "Check a project: storage integrity, orphans, and every turn, sentence and coding inside its text."),
    "log": (("safety_cmds",), "The audit trail: imports, revisions, merges, codings and codebook changes, oldest first."),
    "import-qdpx": (("refi_cmds",), "Import a REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA, QualCoder or kode."),
    "deid": (("deid_cmds",), "De-identify transcripts: scan for names and other identifiers, review, apply tags."),
    "search": (("search_cmds",), 'Search the corpus: a word by lemma, =exact, prefix*, fuzzy~, "phrase", AND OR NOT ( ), NEAR/5(a b).'),
    "nlp": (("search_cmds",), "Show the language pipeline the project uses (or set it with --model)."),
    "reindex": (("search_cmds",), "Build the search index again (after installing or choosing a model); resumable."),
    "tui": (("tui_cmds",), "The coding workbench: code, search, compare and read matrices in the terminal."),
    "export": (("export_cmds", "refi_cmds"), "Write reports, matrices and exchange files."),
    "codebook": (("codebook_cmds", "refi_cmds"), "Keep the codebook: load, add, rename, move, merge, retire, show, export."),
}

#: Every command module, for a name :data:`COMMANDS` does not know (then all are loaded).
MODULES = (
    "project_cmds", "corpus_cmds", "demo_cmd", "codebook_cmds", "coding_cmds", "memo_cmds", "suggest_cmds",
    "agreement_cmds", "export_cmds", "team_cmds", "safety_cmds", "refi_cmds", "deid_cmds", "search_cmds",
    "tui_cmds", "speakers_cmds",
)


def load_command(name: str, modules: tuple[str, ...]) -> click.Command | None:
    """Import ``modules`` and return the command called ``name`` that they define."""
    from kode.cli import groups

    found: click.Command | None = None
    for module_name in modules:
        module = importlib.import_module(f"kode.cli.{module_name}")
        for command in getattr(module, "COMMANDS", ()):
            if command.name == name:
                found = command
    for group in (groups.export_group, groups.codebook_group):
        if group.name == name and group.commands:
            found = group
    return found


class KodeGroup(click.Group):
    """Turns a :class:`KodeError` into one line on stderr and loads each command's module on use."""

    def invoke(self, ctx: click.Context) -> Any:
        from intervju.errors import KodeError

        try:
            return super().invoke(ctx)
        except KodeError as exc:
            # One line, always: a message carrying a newline (a driver's text, a file's content)
            # would break scripts that read errors by line.
            raise click.ClickException(re.sub(r"\s*[\r\n]+\s*", " ", str(exc)).strip()) from exc

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        entry = COMMANDS.get(cmd_name)
        command = load_command(cmd_name, entry[0] if entry else MODULES)
        if command is not None:
            self.add_command(command, cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from :data:`COMMANDS`, without importing a single command module."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in COMMANDS:
                # shortened the way click shortens a loaded command's help
                rows.append((name, click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit)))
            else:
                rows.append((name, self.commands[name].get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=KodeGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kode")
@click.option("-v", "--verbose", is_flag=True, help="Log what kode does (never transcript text or names).")
def main(verbose: bool) -> None:
    """kode: code qualitative interviews in the terminal.

    PROJECT is a project file (``studie.kode``, SQLite) or a PostgreSQL URL.
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="kode: %(message)s")
