"""``zaslon match`` and ``zaslon eval``: screening from the command line."""

from __future__ import annotations

from pathlib import Path

import click
import orjson

from zaslon.cli import State, echo_json, info, pass_state
from zaslon.core.model.query import Hit, query_from_ftm
from zaslon.engine import Engine
from zaslon.exc import QueryError


def engine_of(state: State, *, warm: bool = True) -> Engine:
    """The engine over the store's current lists (built once per command; ``warm`` for many screens)."""
    engine = getattr(state, "_engine", None)
    if engine is None:
        engine = Engine.from_store(state.store(), warm=warm)
        info(f"index of {engine.size} listed entities built in {engine.build_seconds:.1f} s")
        state._engine = engine  # type: ignore[attr-defined]
    return engine


def _with_ownership(
    state: State, engine: Engine, query: object, hits: list[Hit], limit: int, threshold: float | None
) -> list[Hit]:
    """Add hits of kind "ownership" (unlisted companies blocked through their owners), if any data is loaded."""
    from zaslon.ownership import has_ownership_data, merge_hits

    if not has_ownership_data(v.dataset for v in engine.versions):
        return hits
    from zaslon.cli.circumvention import service_of

    cut = engine.threshold if threshold is None else threshold
    return merge_hits(hits, service_of(state).hits(query, limit=limit, threshold=cut), limit)  # type: ignore[arg-type]


def _hit_json(hit: Hit) -> dict[str, object]:
    return hit.to_dict()


@click.command("match")
@click.argument("name", required=False)
@click.option("--schema", default=None, help="Person, Company, Organization, LegalEntity, Vessel, Airplane.")
@click.option("--dob", "dob", multiple=True, help="Birth date (YYYY, YYYY-MM or YYYY-MM-DD); repeatable.")
@click.option("--country", multiple=True, help="Nationality or country (name or ISO code); repeatable.")
@click.option(
    "--id", "identifiers", multiple=True, help="Passport, ID, tax, registration, IMO number; repeatable."
)
@click.option(
    "--queries", type=click.Path(dir_okay=False, path_type=Path), help="JSON-lines file of queries."
)
@click.option("--limit", type=click.IntRange(1, 500), default=10, show_default=True)
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="Default: the algorithm's.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_state
def match_command(
    state: State,
    name: str | None,
    schema: str | None,
    dob: tuple[str, ...],
    country: tuple[str, ...],
    identifiers: tuple[str, ...],
    queries: Path | None,
    limit: int,
    threshold: float | None,
    as_json: bool,
) -> None:
    """Screen NAME (or every query in --queries) against the loaded lists."""
    if (name is None) == (queries is None):
        raise click.UsageError("give a NAME or --queries FILE (not both)")
    if queries is not None:
        from zaslon.evaluation import read_queries

        items = list(read_queries(queries))
        engine = engine_of(state)
        cut = engine.threshold if threshold is None else threshold
        for item in items:
            hits = engine.screen(item.query, limit=limit, threshold=cut)
            line = {"id": item.id, "hits": [_hit_json(h) for h in hits]}
            click.echo(orjson.dumps(line).decode())
        return
    assert name is not None
    props: dict[str, list[str]] = {"name": [name]}
    if dob:
        props["birthDate"] = list(dob)
    if country:
        props["country"] = list(country)
    if identifiers:
        props["idNumber"] = list(identifiers)
    query = query_from_ftm({"schema": schema or "Thing", "properties": props})
    engine = engine_of(state, warm=False)  # one name: warming the index would cost more than it saves
    hits = engine.screen(query, limit=limit, threshold=threshold)
    hits = _with_ownership(state, engine, query, hits, limit, threshold)
    if as_json:
        echo_json(
            {
                "query": name,
                "threshold": engine.threshold if threshold is None else threshold,
                "hits": [_hit_json(h) for h in hits],
            }
        )
        return
    if not hits:
        click.echo("no candidates")
        return
    for hit in hits:
        flag = "MATCH" if hit.match else "     "
        click.echo(f"{hit.score:.3f} {flag} {hit.entity_id}  {hit.caption} [{hit.schema}]")
        click.echo(f"      {hit.explanation.summary()}")
        if hit.referents:
            click.echo(f"      also listed as {', '.join(hit.referents)}")
            click.echo(f"      one party: {'; '.join(hit.explanation.party)}")


@click.command("eval")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--threshold", type=click.FloatRange(0, 1), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_state
def eval_command(state: State, path: Path, threshold: float | None, as_json: bool) -> None:
    """Measure recall, wrong hits and false positives on a labelled query file."""
    from zaslon.evaluation import evaluate, read_queries

    items = list(read_queries(path))
    result = evaluate(engine_of(state), items, threshold=threshold)
    if as_json:
        echo_json(result)
        return
    click.echo(f"algorithm {result['algorithm']}, threshold {result['threshold']}")
    rows = list(result["kinds"].items()) + [("overall", result["overall"])]
    cols = ("recall_at_1", "recall_at_5", "recall_at_threshold", "wrong_hit_rate", "false_positive_rate")
    click.echo(f"{'kind':16} {'n':>4} " + " ".join(f"{c[:13]:>13}" for c in cols))
    for kind, m in rows:
        cells = " ".join(f"{m[c]:>13.3f}" if c in m else f"{'-':>13}" for c in cols)
        click.echo(f"{kind:16} {m['queries']:>4} {cells}")
    wrong = [w for hits in result["wrong_hits"].values() for w in hits]
    if wrong:
        same = sum(1 for w in wrong if w["same_party"])
        click.echo(
            f"{len(wrong)} wrong hits at or above the threshold; {same} of them share a birth date or "
            "identifier with a correct listing (the same party on another list); --json lists them"
        )
    click.echo(f"{result['screens_per_second']} screens/s")


COMMANDS = [match_command, eval_command]

__all__ = ["COMMANDS", "engine_of", "QueryError"]
