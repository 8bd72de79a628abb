"""Creating, upgrading and describing projects: ``init``, ``upgrade``, ``vocab``, ``info``."""

from __future__ import annotations

import click

from intervju import corpus_sql
from intervju.corpus_sql import DEFAULT_GROUPS, DEFAULT_WAVES
from kode.cli.common import open_project, project_argument, split_multi
from kode.cli.output import console, emit_json, emit_table, format_option
from kode.opening import ProjectError, check_project_file, read_project
from kode.store import describe

# `kode info` reads through kode.opening (no SQLAlchemy on a SQLite project): the other commands
# import the project, the migrations and the setup where they run.


@click.command()
@project_argument
@click.option("--waves", default=",".join(DEFAULT_WAVES), show_default=True, help="Waves in time order.")
@click.option("--sites", default="", help="Sites, comma separated.")
@click.option("--groups", default=",".join(DEFAULT_GROUPS), show_default=True, help="Informant groups.")
@click.option("--coder", default=None, help="The default coder for this project.")
def init(project: str, waves: str, sites: str, groups: str, coder: str | None) -> None:
    """Create a new project (a .kode file, or a PostgreSQL URL) with its waves, sites and groups."""
    from intervju import setup
    from kode.project import Project

    created = Project.create(
        project, waves=split_multi((waves,)), sites=split_multi((sites,)), groups=split_multi((groups,))
    )
    with created, created.session() as session:
        if coder:
            setup.set_setting(session, "default_coder", coder)
        vocab = setup.vocabulary(session)
    console().print(f"Created {describe(project)}")
    for kind in ("waves", "sites", "groups"):
        console().print(f"  {kind}: {', '.join(vocab[kind]) or '(none yet)'}")


@click.command()
@project_argument
def upgrade(project: str) -> None:
    """Bring an older project's schema up to this version of kode."""
    from kode import migrate
    from kode.store import make_engine

    check_project_file(project)
    engine = make_engine(project)
    try:
        before = migrate.current_revisions(engine)
        if not before:
            raise ProjectError(f"{describe(project)}: not a kode project (no schema version)")
        migrate.upgrade(engine)
        after = migrate.current_revisions(engine)
    finally:
        engine.dispose()
    if before == after:
        console().print(f"{describe(project)} is up to date.")
    else:
        console().print(f"Upgraded {describe(project)} from {', '.join(sorted(before))} to {', '.join(sorted(after))}.")


@click.command()
@project_argument
@click.option("--add-site", multiple=True, help="Add a site (repeatable or comma separated; a name holds no comma).")
@click.option("--add-group", multiple=True, help="Add an informant group (repeatable or comma separated).")
@click.option("--add-wave", multiple=True, help="Add a wave after the existing ones (repeatable or comma separated).")
@format_option("text", "json")
def vocab(
    project: str, add_site: tuple[str, ...], add_group: tuple[str, ...], add_wave: tuple[str, ...], fmt: str
) -> None:
    """Show the project's sites, groups and waves, or add to them."""
    from intervju import setup

    with open_project(project) as p, p.session() as session:
        if add_site or add_group or add_wave:
            setup.define_vocabulary(
                session, waves=split_multi(add_wave), sites=split_multi(add_site), groups=split_multi(add_group)
            )
        values = setup.vocabulary(session)
    if fmt == "json":
        emit_json(values)
        return
    for kind in ("waves", "sites", "groups"):
        console().print(f"{kind}: {', '.join(values[kind]) or '(none)'}")


@click.command()
@project_argument
@format_option("text", "json")
def info(project: str, fmt: str) -> None:
    """Counts by site × group × wave: interviews, words, turns."""
    with read_project(project) as read:
        view = corpus_sql.overview(read)
    if fmt == "json":
        emit_json(view.to_json())
        return
    from rich.markup import escape

    out = console()
    counts = f"{view.interviews} interviews, {view.participants} participants, {view.words:,} words, {view.turns:,} turns"
    # The project's name is printed as it is: neither read as markup (a folder called [kopi]) nor
    # given the spaces that stand for the counts' commas (a file called studie,2025.kode).
    out.print(f"[bold]{escape(describe(project))}[/bold]: " + counts.replace(",", " "))
    if view.cells:
        emit_table(
            ["site", "group", "wave", "interviews", "words", "turns"],
            [[c["site"], c["group"], c["wave"], c["interviews"], c["words"], c["turns"]] for c in view.cells],
        )
    if view.unknown_speaker_turns:
        out.print(
            f"{view.unknown_speaker_turns} turns have a speaker label kode did not recognise (see `kode import` report)."
        )


COMMANDS = [init, upgrade, vocab, info]
