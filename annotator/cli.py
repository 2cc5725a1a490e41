"""The ``annotator`` command: thin click commands over :mod:`annotator.services`.

The only core module that writes to stdout/stderr.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import sys
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import click

from . import __version__, paths, services
from .errors import AnnotatorError
from .records import GOLD_KIND, ProjectSummary
from .store import Store

if TYPE_CHECKING:
    from tqdm import tqdm

    from . import corpus


# SQLite integers are 64-bit: a bigger number given as an id would overflow in the driver.
SQLITE_MAX_INT = 2**63 - 1
DOCUMENT_ID = click.IntRange(min=1, max=SQLITE_MAX_INT)
# More processes than this only adds start-up time and memory (and forkserver workers start one
# per batch in flight): a typo such as --jobs 1000000 must not fork the machine to death.
MAX_JOBS = max(64, os.cpu_count() or 1)


def db_option(command: Callable) -> Callable:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar=paths.DB_ENV,
        default=None,
        help=f"Project file. Default: ${paths.DB_ENV}, else {paths.default_project()}.",
    )(command)


QUIET = "annotator.quiet"  # in click's context meta, shared by the group and its command


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[QUIET] = True


def quiet_option(command: Callable) -> Callable:
    """``--quiet``/``-q``: no progress bars and no informational lines; errors and the
    results asked for (JSON, tables, findings) are still printed."""
    return click.option(
        "--quiet", "-q", is_flag=True, expose_value=False, is_eager=True, callback=_set_quiet,
        help="Print only errors and the results asked for: no progress bars, no informational lines.",
    )(command)


def quiet() -> bool:
    context = click.get_current_context(silent=True)
    return bool(context is not None and context.meta.get(QUIET))


def say(message: str, *, err: bool = False) -> None:
    """An informational line (what was done, where it went): left out with --quiet."""
    if not quiet():
        click.echo(message, err=err)


def _is_stdout(path: Path | None) -> bool:
    return path is not None and str(path) == "-"


def reports_errors(command: Callable) -> Callable:
    """Turn the core's errors into a one-line message and exit status 1, not a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except AnnotatorError as exc:
            raise click.ClickException(str(exc)) from exc
        except sqlite3.Error as exc:  # a fault the store did not foresee: still a sentence
            raise click.ClickException(f"the project could not be used: {exc}") from exc
        except OSError as exc:  # a full disk, a folder we may not write to, a vanished file
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}; nothing was finished") from exc

    return wrapper


@contextmanager
def byte_progress(description: str) -> Iterator[Callable[[int, int], None]]:
    """A progress callback drawing a bar on stderr once work has taken over a second."""
    if not _bar_wanted():
        yield _no_progress
        return
    bar = progress_bar(desc=description, unit="B", unit_scale=True)
    try:

        def update(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)  # tqdm itself holds the bar back for the first second

        yield update
    finally:
        bar.close()


@contextmanager
def counted_progress(description: str) -> Iterator[Callable[[int, int], None]]:
    """Like :func:`byte_progress`, counting items (documents) instead of bytes."""
    if not _bar_wanted():
        yield _no_progress
        return
    bar = progress_bar(desc=description, unit="doc")
    try:

        def update(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        yield update
    finally:
        bar.close()


def _bar_wanted() -> bool:
    """What :func:`progress_bar` decides (no bar with --quiet, nor on a stderr that is not a
    terminal), decided without tqdm: a command run in a script or a pipe does not import
    it (with the multiprocessing lock it makes) nor update a hidden bar once a document."""
    isatty = getattr(sys.stderr, "isatty", None)
    return not quiet() and isatty is not None and isatty()


def _no_progress(done: int, total: int) -> None:
    pass


def progress_bar(**options: Any) -> tqdm:
    """A bar on stderr, shown once work has taken over a second; none with --quiet, and none
    when stderr is not a terminal (tqdm's disable=None: a log file or a pipe gets no
    carriage-return noise)."""
    from tqdm import tqdm  # imported by the commands that show progress, not at start-up

    return tqdm(delay=1.0, leave=False, disable=True if quiet() else None, **options)


def open_store(db: Path | None, *, create: bool = False, readonly: bool = False) -> Store:
    """The project of ``--db`` (else the default one); commands that only read open it
    read-only, so they work on read-only files and media and can never change it."""
    return Store.open(db or paths.default_project(), create=create, readonly=readonly)


# The files SQLite may create beside a new project.
_SQLITE_FILES = ("", "-wal", "-shm", "-journal")


@contextmanager
def store_for_import(db: Path | None) -> Iterator[Store]:
    """The project to import into, created if needed, and removed again if the import
    fails: a bad file given to a project that does not exist yet leaves nothing behind
    (no project, no -wal or -shm, no folder made for it). Removed only while it holds
    nothing (an import that committed has journalled itself, and stays) and is still the
    very file (inode) this command created; a file that existed before is never removed.
    Only ``os.stat`` looks at it outside SQLite."""
    target = Path(db or paths.default_project())
    existed = {suffix for suffix in _SQLITE_FILES if os.path.lexists(f"{target}{suffix}")}
    new_folders = _missing_folders(target.parent)
    store = open_store(db, create=True)
    created = None if "" in existed else _identity(target)
    try:
        yield store
    except BaseException:
        remove = created is not None and _holds_nothing(store)
        store.close()
        if remove and _identity(target) == created:
            _remove_created(target, existed, new_folders)
        raise
    store.close()


def _holds_nothing(store: Store) -> bool:
    try:
        return not store.events()
    except Exception:  # noqa: BLE001 - when in doubt, keep the file
        return False


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _missing_folders(folder: Path) -> list[Path]:
    missing = []
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing  # deepest first


def _remove_created(target: Path, existed: set[str], new_folders: list[Path]) -> None:
    for suffix in _SQLITE_FILES:
        if suffix not in existed:
            try:
                os.remove(f"{target}{suffix}")
            except OSError:
                pass  # never created, or already gone
    for folder in new_folders:
        try:
            os.rmdir(folder)  # only when empty: anything someone else put there stays
        except OSError:
            break


def _refuse_the_project_itself(db: Path | None, inputs: tuple[Path, ...]) -> None:
    """Before anything is opened: an input that is the project file (or its -wal/-shm)."""
    services.refuse_project_files(db or paths.default_project(), inputs)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="annotator")
@quiet_option
@click.pass_context
def main(ctx: click.Context) -> None:
    """Label propaganda discourse in Chinese local-government news.

    Without a command, opens the annotation window on the default project, which is
    created from the demo corpus (seeds/) on first start.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


@main.command()
@quiet_option
@db_option
@click.option("--annotator", "annotator_name", default=None, help="Your name: each annotator has their own layer (remembered).")
@reports_errors
def gui(db: Path | None, annotator_name: str | None) -> None:
    """Open the annotation window (the default project, created from the demo corpus on first start)."""
    with open_store(db, create=True) as store:
        if store.document_count() == 0 and db is None:
            _create_demo_project(store)
        from .gui.app import run  # Qt is loaded only when a window is wanted

        raise SystemExit(run(store, annotator_name))


def _create_demo_project(store: Store) -> None:
    report = services.import_paths(store, [paths.seeds_dir()])
    services.detect_project(store)
    say(f"Created the demo project {store.path} from {paths.seeds_dir()} ({report.imported} documents, candidates detected).")


@main.command("import")
@quiet_option
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--text-column", default="text", show_default=True, help="CSV column holding the article text.")
@click.option("--title-column", default=None, help='CSV column holding the title (default: "title" if present, else the first line).')
@click.option("--encoding", default=None, help="Force an encoding (utf-8, utf-8-sig, gb18030, big5) instead of detecting it.")
@click.option("--skip-bad", is_flag=True, help="Import the good files and records and list the bad ones, instead of importing nothing.")
@click.option("--annotator", "annotator_name", default=None, help="Annotation files: put their spans into this annotator's layer.")
@click.option("--annotator-field", "annotator_field", default=None, metavar="FIELD",
              help="Label Studio files: put each annotation into its own layer, named by FIELD: 'layer' (the name our export "
                   "kept) or a path in the annotation such as completed_by.email.")
@click.option("--as-candidates", is_flag=True, help="Annotation files: put their spans in as candidates (rule imported:<file>).")
@click.option("--format", "format_", type=click.Choice(["native", "doccano", "spacy", "prodigy", "label-studio"]), default=None,
              help="Annotation files: their format (default: recognised per record).")
@click.option("--map-label", "label_maps", multiple=True, metavar="OLD=NEW", help="Annotation files: rename a label (repeatable).")
@click.option("--add-labels", is_flag=True, help="Annotation files: add labels the codebook lacks to the project's codebook.")
@reports_errors
def import_command(inputs: tuple[Path, ...], db: Path | None, text_column: str, title_column: str | None, encoding: str | None,
                   skip_bad: bool, annotator_name: str | None, annotator_field: str | None, as_candidates: bool,
                   format_: str | None, label_maps: tuple[str, ...], add_labels: bool) -> None:
    """Import articles (.txt, .jsonl, .csv) or annotation files (.jsonl, .json).

    \b
    Articles:
    .txt    one article per file; title = first non-empty line
    .jsonl  one JSON object per line: "text" required; "id", "title", "meta" optional
    .csv    one article per row (--text-column, --title-column); other columns become metadata
    Encodings UTF-8 (with or without BOM), GB18030/GBK and Big5 are detected. Articles
    already in the project (same text) are skipped.

    \b
    Annotation files (native, doccano, spaCy/Prodigy JSONL; Label Studio JSON or JSONL):
    with --annotator NAME their spans go into NAME's layer, with --as-candidates they
    become candidates; a Label Studio task with several annotations needs --annotator-field
    FIELD, which puts each annotation into its own annotator's layer. A record whose text is already stored attaches to that document;
    any other becomes a new document.

    One bad file or record aborts the whole import and leaves the project unchanged
    (unless --skip-bad, for articles).
    """
    from . import corpus, interchange, textio  # here, not at start-up: the other commands do not read files

    _refuse_the_project_itself(db, inputs)
    if annotator_name or annotator_field or as_candidates:
        _import_annotations(inputs, db, annotator_name, annotator_field, as_candidates, format_, label_maps, add_labels)
        return
    for path in inputs:
        if path.is_file() and path.suffix.lower() in (".jsonl", ".json") and interchange.carries_spans(path):
            raise click.ClickException(
                f"{path}: holds annotations (spans); say whose they are with --annotator NAME, --annotator-field FIELD "
                "(Label Studio), or --as-candidates. "
                "Nothing was imported."
            )
    try:
        chosen = textio.canonical_encoding(encoding) if encoding else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--encoding") from exc
    options = corpus.ReadOptions(text_column=text_column, title_column=title_column, encoding=chosen)
    with store_for_import(db) as store, byte_progress("importing") as progress:
        try:
            report = services.import_paths(store, inputs, options, skip_bad=skip_bad, progress=progress)
        except AnnotatorError as exc:
            raise click.ClickException(f"{exc}\nNothing was imported; the project is unchanged.") from exc
        project = textio.display_path(store.path)
    # Reported once the project is closed: whatever happens while printing, the import stands.
    say(f"Imported {report.imported} new document(s) from {report.files} file(s) into {project}.")
    if report.duplicates:
        say(f"{report.duplicates} already in the project (same text): not added again.")
    for error in report.bad:
        click.echo(f"skipped: {error}", err=True)
    if report.bad:
        click.echo(f"{len(report.bad)} bad file(s) or record(s) skipped.", err=True)


def _import_annotations(inputs, db, annotator_name, annotator_field, as_candidates, format_, label_maps, add_labels) -> None:
    if [bool(annotator_name), bool(annotator_field), as_candidates].count(True) > 1:
        raise click.UsageError("--annotator, --annotator-field and --as-candidates exclude each other")
    mapping = {}
    for item in label_maps:
        old, sep, new = item.partition("=")
        if not sep or not old or not new:
            raise click.BadParameter(f"{item!r} is not OLD=NEW", param_hint="--map-label")
        mapping[old] = new
    with store_for_import(db) as store, counted_progress("importing") as progress:
        try:
            report = services.import_annotations(
                store, list(inputs), annotator=annotator_name, annotator_field=annotator_field, as_candidates=as_candidates,
                format=format_,
                label_map=mapping, add_missing_labels=add_labels, progress=progress,
            )
        except AnnotatorError as exc:
            raise click.ClickException(f"{exc}\nNothing was imported; the project is unchanged.") from exc
    where = "as candidates" if as_candidates else f"into {annotator_name}'s layer" if annotator_name else \
        f"into the layer(s) of {', '.join(report.layers)}"
    say(
        f"Imported {report.spans} span(s) {where} from {report.records} record(s): "
        f"{report.attached} matched stored documents, {report.new_documents} new document(s)."
    )
    if report.duplicates:
        say(f"{report.duplicates} span(s) were there already: not added again.")
    if report.conflicts:
        say(f"{report.conflicts} span(s) on candidates the layer had decided otherwise: the layer's decisions were kept.")
    if report.added_labels:
        say(f"Added label(s) to the project's codebook: {', '.join(report.added_labels)}")


@main.command()
@quiet_option
@db_option
@click.option("--jobs", type=click.IntRange(min=1, max=MAX_JOBS), default=1, show_default=True,
              help=f"Processes to spread the documents over (at most {MAX_JOBS}); used from 500k characters of work.")
@click.option("--codebook", "codebook_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Use this codebook file from now on (recorded in the project).")
@reports_errors
def detect(db: Path | None, jobs: int, codebook_path: Path | None) -> None:
    """Pre-highlight candidate spans in every document.

    Idempotent: only documents whose text, codebook, lexicons/patterns or detector version
    changed are recomputed (and those where newly confirmed spans occur). Annotators'
    decisions are never touched.
    """
    with open_store(db, create=False) as store, counted_progress("detecting") as progress:
        report = services.detect_project(store, codebook_path=codebook_path, jobs=jobs, progress=progress)
    say(
        f"Detected candidates in {report.detected} document(s); {report.unchanged} unchanged"
        + (f", {report.learned_checked} checked for newly confirmed spans" if report.learned_checked else "")
        + f". {report.candidates} candidates in the project."
    )


@main.command()
@quiet_option
@db_option
@click.option("--annotator", default=None, metavar="NAME",
              help="Train NAME's own model, on gold and NAME's layer: its suggestions are NAME's alone. "
                   "Default: the shared model, on the gold layer, whose suggestions everyone sees.")
@click.option("--layers", default=None, metavar="A,B|gold",
              help="Experts: learn from these layers (annotators' names, or gold), comma-separated. For the shared "
                   "model, what these layers decided becomes everyone's suggestions.")
@click.option("--folds", type=click.IntRange(min=0, max=10), default=None,
              help="Cross-validation folds, by document (default 3; 2 from 100 documents on); "
                   "0: one fit, keeping the stored model's calibration (quick).")
@click.option("--jobs", type=click.IntRange(min=1, max=MAX_JOBS), default=2, show_default=True,
              help=f"Processes to train in (at most {MAX_JOBS}).")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Probability a model-only span needs to become a candidate (default: per label, the lowest at which "
                   "cross-validated overlap precision is at least 0.6).")
@click.option("--force", is_flag=True, help="Train even when the stored model was trained on the same data.")
@reports_errors
def train(db: Path | None, annotator: str | None, layers: str | None, folds: int | None, jobs: int,
          threshold: float | None, force: bool) -> None:
    """Train the recommender on the project's decisions and store it in the project.

    Without --annotator, the shared model learns from the gold layer (adjudicated decisions
    teach everyone); with --annotator NAME, NAME's model learns from gold and NAME's layer and
    its suggestions are NAME's alone (blind teaching). Both also learn from the gold articles
    shipped with the package. Accepted, relabelled and added spans are what it learns to find;
    rejected candidates and the rest of a document marked done are what it learns to leave
    out. Prints the cross-validated precision and recall per label (exact: same start, end and
    label; overlap: same label, a character in common) on the project's documents. The next
    `detect` uses the model: spans it alone finds become candidates with rule model:<LABEL>.
    """
    chosen = [layer.strip() for layer in layers.split(",") if layer.strip()] if layers else None
    scope = services.layer_scope(annotator) if annotator else services.SHARED_SCOPE
    with open_store(db, create=False) as store, counted_progress("training") as progress:
        report = services.train_project_model(store, chosen, scope, folds=folds, jobs=jobs, threshold=threshold,
                                              force=force, progress=progress)
        order = {label: index for index, label in enumerate(services.project_codebook(store).labels)}
        gold = {a.name for a in store.annotators() if a.kind == GOLD_KIND}
    if scope == services.SHARED_SCOPE and set(report.layers) - gold:
        say(f"Note: the shared model learns from {', '.join(sorted(set(report.layers) - gold))} (--layers): "
            "what they decided is suggested to every annotator.")
    if not report.trained:
        say(f"The stored model ({report.scope}) was trained on the same data (fingerprint {report.fingerprint}); "
            "not retrained (--force to retrain). Its figures:")
    else:
        say(f"Trained the {report.scope} model on {report.documents} document(s), {report.characters:,} characters "
            f"(layers: {', '.join(report.layers)}; and {report.base_documents} starter article(s)) in {report.seconds:.1f} s; "
            "stored in the project.")
    click.echo(f"{'label':<12} {'gold':>5} {'found':>6}  {'exact P':>7} {'exact R':>7}  {'overlap P':>9} {'overlap R':>9}  threshold")
    for label, scores in sorted(report.metrics.items(), key=lambda item: order.get(item[0], len(order))):
        click.echo(
            f"{label:<12} {scores.gold:>5} {scores.predicted:>6}  {scores.exact_precision:>7.2f} {scores.exact_recall:>7.2f}  "
            f"{scores.overlap_precision:>9.2f} {scores.overlap_recall:>9.2f}  {report.thresholds.get(label, 0.5):>9.2f}"
        )
    if not report.metrics:
        click.echo("(no cross-validation: too few documents, or --folds 0; no figures)")
    else:
        click.echo(f"({report.folds}-fold cross-validation by document; run `annotator detect` to use the model)")


@main.command()
@quiet_option
@db_option
@click.option("--doc", "doc_id", type=DOCUMENT_ID, default=None, help="Only this document (id).")
@click.option("--label", default=None, help="Only this category (e.g. SLOGAN).")
@click.option("--annotator", "annotator_name", default=None,
              help="As this annotator sees them: everyone's candidates and those learned from their own layer "
                   "(without it: everyone's only).")
@reports_errors
def candidates(db: Path | None, doc_id: int | None, label: str | None, annotator_name: str | None) -> None:
    """Print candidates as JSON lines: doc_id, title, start, end, label, text, rule, score."""
    with open_store(db, readonly=True) as store:
        if doc_id is not None and not store.document_texts([doc_id]):
            raise click.ClickException(f"no document with id {doc_id} in {store.path}")
        if annotator_name is not None and annotator_name not in {a.name for a in store.annotators()}:
            raise click.ClickException(f"no annotator {annotator_name!r} in {store.path}")
        for row in store.candidates(doc_id=doc_id, label=label, layer=annotator_name):
            click.echo(json.dumps(asdict(row), ensure_ascii=False))


@main.command()
@quiet_option
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the rules as JSON (a list: rule, counts, decided, precision).")
@reports_errors
def rules(db: Path | None, as_json: bool) -> None:
    """Each rule's candidates and how annotators received them (precision = accepted / decided)."""
    with open_store(db, readonly=True) as store:
        stats = store.rule_stats()
    if as_json:
        rows = [{**asdict(rule), "decided": rule.decided, "precision": rule.precision} for rule in stats]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'rule':<36} {'candidates':>10} {'accepted':>9} {'relabelled':>10} {'rejected':>9} {'precision':>9}")
    for rule in stats:
        precision = "-" if rule.precision is None else f"{rule.precision:.3f}"
        click.echo(f"{rule.rule:<36} {rule.candidates:>10} {rule.accepted:>9} {rule.relabelled:>10} {rule.rejected:>9} {precision:>9}")


@main.command("export")
@quiet_option
@db_option
@click.option("--format", "format_", type=click.Choice(["native", "doccano", "spacy", "prodigy", "label-studio", "conll", "brat"]), default="native", show_default=True)
@click.option("--layer", default="all", show_default=True, help="An annotator's name, gold, candidates, or all (one record per document and annotator).")
@click.option("--out", type=click.Path(path_type=Path, allow_dash=True), default=None,
              help="The file to write, exactly as named (a folder for brat); - writes to standard output (one file: not brat, "
                   "not --split; no manifest). With --split, the part goes before the extension (data.jsonl → data.train.jsonl). "
                   "Existing files are never replaced. Default: exports/<project>_<layer>_<format>_<time>.<ext> in the current folder.")
@click.option("--done-only", is_flag=True, help="Only documents the annotator marked done.")
@click.option("--labels", default=None, help="Only these labels, comma-separated.")
@click.option("--status", "statuses", default="accepted,relabelled,added", show_default=True, help="Span statuses to include (add 'rejected' to export rejections).")
@click.option("--split", default=None, help="Document-level split, e.g. train=0.8,dev=0.1,test=0.1 (one file per part).")
@click.option("--seed", type=click.IntRange(min=-SQLITE_MAX_INT - 1, max=SQLITE_MAX_INT), default=0, show_default=True, help="Seed of the split (the same seed gives the same split).")
@click.option("--tokens", type=click.Choice(["char", "jieba"]), default="char", show_default=True, help="CoNLL: one character or one jieba word per line.")
@click.option("--conll-comments", is_flag=True, help="CoNLL: start each document with # doc_id / # annotator comments and number "
              "the token lines (for comment-aware readers such as conllu; doccano's importer refuses comments).")
@click.option("--allow-empty", is_flag=True, help="Write the export even when it holds no record (otherwise that is an error).")
@reports_errors
def export_command(db: Path | None, format_: str, layer: str, out: Path | None, done_only: bool, labels: str | None,
                   statuses: str, split: str | None, seed: int, tokens: str, conll_comments: bool, allow_empty: bool) -> None:
    """Export labelled spans as training data (JSONL and the formats other tools read).

    Every span's text is checked against the document before anything is kept; a manifest
    (counts, labels, layer, filters, codebook version, project hash, tool version) is
    written beside the export.
    """
    from .export import ExportOptions, export_project, export_to_stream, parse_split

    options = ExportOptions(
        format=format_, layer=layer, done_only=done_only,
        labels=tuple(x.strip() for x in labels.split(",") if x.strip()) if labels else None,
        statuses=tuple(x.strip() for x in statuses.split(",") if x.strip()),
        split=parse_split(split) if split else None, seed=seed, tokens=tokens, conll_comments=conll_comments,
        allow_empty=allow_empty,
    )
    to_stdout = _is_stdout(out)
    with open_store(db, readonly=True) as store, counted_progress("exporting") as progress:
        if to_stdout:
            sys.stdout.flush()
            report = export_to_stream(store, sys.stdout.buffer, options, progress=progress)
        else:
            report = export_project(store, out, options, progress=progress)
    # With --out -, standard output holds the data: what was done goes to standard error.
    for path in report.files:
        say("Wrote standard output" if to_stdout else f"Wrote {path}", err=to_stdout)
    labels_text = ", ".join(f"{label} {count}" for label, count in report.per_label.items())
    say(f"{report.records} record(s), {report.spans} span(s)" + (f" ({labels_text})" if labels_text else "") + ".", err=to_stdout)
    if report.per_part:
        say("Split: " + ", ".join(f"{part} {count}" for part, count in report.per_part.items()) + " record(s).")
    for note, count in report.notes.items():  # what a format could not carry: said even with --quiet
        click.echo(f"Note: {note}: {count}", err=True)
    if report.manifest:
        say(f"Manifest: {report.manifest}")


@main.command()
@quiet_option
@db_option
@click.option("--annotators", default=None, help="Annotators to compare, comma-separated (default: all).")
@click.option("--labels", default=None, help="Labels to include, comma-separated (default: the codebook's).")
@click.option("--done-only", is_flag=True, help="Only documents the annotators marked done.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True), default=None,
              help="Write the full report as JSON to this file (- for standard output, instead of the table).")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write an HTML report with plots.")
@reports_errors
def agreement(db: Path | None, annotators: str | None, labels: str | None, done_only: bool, json_path: Path | None, html_path: Path | None) -> None:
    """Agreement between annotators: α (unitized and by character), Fleiss' and Cohen's κ,
    span F1 (exact and overlap), overall, per label, per pair and per document."""
    from .services.agreement_report import agreement_report

    split = lambda text: [x.strip() for x in text.split(",") if x.strip()] if text else None  # noqa: E731
    with open_store(db, readonly=True) as store, counted_progress("agreement") as progress:
        report = agreement_report(store, split(annotators), split(labels), done_only=done_only, progress=progress)
    if len(report["annotators"]) < 2 or report["documents"] == 0:
        raise click.ClickException("agreement needs at least two annotators who worked on the same documents")
    as_json = json.dumps(_without_nan(report), ensure_ascii=False, indent=2, allow_nan=False)
    if _is_stdout(json_path):  # standard output holds the JSON, and nothing else
        click.echo(as_json)
    else:
        _print_agreement(report)
    if json_path and not _is_stdout(json_path):
        json_path.write_text(as_json + "\n", encoding="utf-8")
        say(f"Wrote {json_path}")
    if html_path:
        from .report_html import render

        confusion = {(c["a_label"], c["b_label"]): c["count"] for c in report["confusion"]}
        html_path.write_text(render(report, confusion, f"Agreement — {Path(str(db or paths.default_project())).name}"), encoding="utf-8")
        say(f"Wrote {html_path}", err=_is_stdout(json_path))


def _without_nan(value):
    """JSON has no NaN: an undefined coefficient is written as null."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _without_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nan(v) for v in value]
    return value


def _fmt(value) -> str:
    return "   —  " if isinstance(value, float) and value != value else f"{value:6.3f}"


def _print_agreement(report: dict) -> None:
    click.echo(f"Annotators: {', '.join(report['annotators'])}   documents: {report['documents']}")
    click.echo(f"{'':<14}{'α_U':>8}{'α char':>8}{'Fleiss κ':>10}{'Cohen κ':>9}{'F1 exact':>10}{'F1 overlap':>12}{'spans':>8}")
    rows = [("overall", report["overall"]), *report["per_label"].items()]
    for name, m in rows:
        click.echo(
            f"{name:<14}{_fmt(m['krippendorff_alpha_unitized']):>8}{_fmt(m['krippendorff_alpha_char']):>8}"
            f"{_fmt(m['fleiss_kappa_char']):>10}{_fmt(m['cohen_kappa_char']):>9}{_fmt(m['f1_exact']):>10}"
            f"{_fmt(m['f1_overlap']):>12}{m['spans']:>8}"
        )
    click.echo("Pairs:")
    for pair in report["pairs"]:
        click.echo(
            f"  {pair['a']} – {pair['b']}: Cohen κ {_fmt(pair['cohen_kappa_char']).strip()}, "
            f"α char {_fmt(pair['krippendorff_alpha_char']).strip()}, F1 exact {_fmt(pair['f1_exact']).strip()}, "
            f"F1 overlap {_fmt(pair['f1_overlap']).strip()}"
        )


@main.command("package")
@quiet_option
@db_option
@click.option("--annotator", "annotator_name", required=True, help="Whom the package is for.")
@click.option("--docs", "count", type=click.IntRange(min=1, max=SQLITE_MAX_INT), default=None, help="The first N documents they have not marked done.")
@click.option("--ids", "ids_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="A file of document ids, one per line.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The package file to write.")
@reports_errors
def package_command(db: Path | None, annotator_name: str, count: int | None, ids_file: Path | None, out: Path) -> None:
    """Make a project file with some documents, their candidates, the codebook and the
    annotator's layer, to hand to an annotator on another machine."""
    from .services.teamwork import package

    ids = None if ids_file is None else _read_ids(ids_file)
    with open_store(db, readonly=True) as store:
        report = package(store, annotator_name, out, count=count, ids=ids)
    say(f"Wrote {report.path}: {report.documents} document(s), {report.candidates} candidate(s), "
               f"{report.annotations} annotation(s) of {annotator_name}.")


def _read_ids(path: Path) -> list[int]:
    """Document ids, one per line (blank lines skipped); a bad line is named."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path}: cannot read the ids ({exc})") from exc
    ids = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            ids.append(DOCUMENT_ID.convert(line.strip(), None, None))
        except click.BadParameter as exc:
            raise click.ClickException(f"{path}:{number}: expected a document id, got {line.strip()[:40]!r} ({exc.message.rstrip('.')})") from exc
    return ids


@main.command("merge")
@quiet_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))  # merge itself checks them
@db_option
@reports_errors
def merge_command(files: tuple[Path, ...], db: Path | None) -> None:
    """Bring annotators' layers back from package files, matching documents by their text.
    A decision changed in both places: the later one wins, the other goes to the journal.
    Each package is checked completely first and never written to; several are merged all or
    nothing."""
    from .services.teamwork import merge

    with open_store(db, create=False) as store:
        report = merge(store, list(files))
    say(
        f"Merged {report.files} file(s), layers {', '.join(report.layers) or '(none)'}: {report.added} added, "
        f"{report.updated} updated, {report.unchanged} unchanged, {report.new_documents} new document(s), "
        f"{report.states} document state(s), {report.deleted} deleted."
    )
    if report.kept:
        say(f"{report.kept} conflict(s) where this project's version was newer: kept; the other version is in the journal.")


@main.command()
@quiet_option
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@reports_errors
def info(db: Path | None, as_json: bool) -> None:
    """Show what a project holds: documents, annotators, candidates, annotations per layer."""
    with open_store(db, readonly=True) as store:
        summary = store.summary()
    if as_json:
        click.echo(json.dumps(asdict(summary), ensure_ascii=False, indent=2))
    else:
        _print_summary(summary)


def _print_summary(summary: ProjectSummary) -> None:
    scripts = ", ".join(f"{count} {script}" for script, count in sorted(summary.documents_by_script.items()))
    click.echo(f"Project:     {summary.path} (schema {summary.schema_version})")
    click.echo(f"Documents:   {summary.documents}" + (f" ({scripts})" if scripts else ""))
    click.echo(f"Characters:  {summary.characters:,}")
    click.echo(f"Annotators:  {len(summary.annotators)}" + (f" ({', '.join(summary.annotators)})" if summary.annotators else ""))
    click.echo(f"Candidates:  {summary.candidates}")
    click.echo("Annotations per layer:")
    for layer in summary.layers:
        detail = ", ".join(f"{status} {count}" for status, count in sorted(layer.by_status.items()))
        click.echo(f"  {layer.layer:<12} {layer.total}" + (f" ({detail})" if detail else ""))
    click.echo(f"Journal:     {summary.events} event(s)")


@main.command("check")
@quiet_option
@db_option
@click.option("--repair", is_flag=True, help="Back up the project beside it, then fix what can be fixed (each fix is journalled).")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@reports_errors
def check_command(db: Path | None, repair: bool, as_json: bool) -> None:
    """Check a project like Anki's Check Database: file integrity, foreign keys, spans outside
    their text, labels missing from the codebook, duplicate and orphan rows, NUL characters,
    texts that no longer match their hash, the journal's guards.

    Exit status 0 when the project is sound (after --repair: when nothing is left), 1 when
    problems were found (or remain).
    """
    from .services import checkup

    with checkup.open_for_check(db or paths.default_project(), repair=repair) as store:
        if repair:
            outcome = checkup.repair_project(store)
            remaining = outcome.remaining
        else:
            outcome, remaining = None, checkup.check_project(store)
    if as_json:
        click.echo(json.dumps(_check_json(remaining, outcome), ensure_ascii=False, indent=2))
    else:
        _print_check(remaining, outcome)
    if not remaining.clean:
        raise SystemExit(1)


_RECOVER = "Recover what SQLite can read with: sqlite3 {path} .recover | sqlite3 recovered.annotator.db"


def _check_json(report: Any, outcome: Any) -> dict:
    data = {"project": report.path, "clean": report.clean, "corrupt": report.corrupt,
            "findings": [asdict(finding) for finding in report.findings]}
    if report.corrupt:
        data["advice"] = _RECOVER.format(path=report.path)
    if outcome is not None:
        data["repair"] = {"backup": outcome.backup, "fixed": [asdict(fix) for fix in outcome.fixed],
                          "found": [asdict(finding) for finding in outcome.found.problems]}
    return data


def _print_check(report: Any, outcome: Any) -> None:
    if outcome is not None and outcome.backup:
        click.echo(f"Backup written: {outcome.backup}")
        for fix in outcome.fixed:
            click.echo(f"Fixed: {fix.count} {fix.what}")
        if not outcome.fixed and not outcome.corrupt:
            click.echo("Nothing could be fixed automatically.")
    click.echo(f"{'check':<62} {'found':>6}")
    for finding in report.findings:
        click.echo(f"{finding.title:<62} {finding.count if finding.count else 'ok':>6}")
        for example in finding.examples:
            where = ", ".join(part for part in (
                f"doc {example.doc_id}" if example.doc_id is not None else "",
                f"{example.table} {example.row}" if example.row is not None else "") if part)
            click.echo(f"    {where + ': ' if where else ''}{example.detail}")
        if finding.count > len(finding.examples):
            click.echo(f"    ... and {finding.count - len(finding.examples)} more")
        if finding.count:
            click.echo(f"    → {'--repair: ' if finding.repairable else ''}{finding.remedy}")
    if report.corrupt:
        backup = f" A backup is at {outcome.backup}." if outcome is not None and outcome.backup else ""
        click.echo(f"The file is damaged; nothing was repaired.{backup} {_RECOVER.format(path=report.path)}")
    elif report.clean:
        click.echo("No problems found." if outcome is None or not outcome.fixed else "No problems left.")
    elif outcome is None and any(f.repairable for f in report.problems):
        click.echo("Run `annotator check --repair` to fix what can be fixed (a backup is written first).")


# ---------------------------------------------------------------- the corpus at scale: apply, sample, summarize


def project_option(command: Callable) -> Callable:
    """``--project`` (alias ``--db``): the project whose detection is applied; only read."""
    return click.option(
        "--project", "--db", "db", type=click.Path(dir_okay=False, path_type=Path), envvar=paths.DB_ENV, default=None,
        help=f"The project whose detection (codebook, resources, confirmed phrases, decisions) is used; only read. "
             f"Default: ${paths.DB_ENV}, else {paths.default_project()}.",
    )(command)


def read_options(command: Callable) -> Callable:
    for option in reversed((
        click.option("--text-column", default="text", show_default=True, help="CSV/Parquet column holding the article text."),
        click.option("--title-column", default=None, help='CSV/Parquet column holding the title (default: "title" if present).'),
        click.option("--encoding", default=None, help="Force an encoding (utf-8, utf-8-sig, gb18030, big5) instead of detecting it."),
    )):
        command = option(command)
    return command


def _read_options(text_column: str, title_column: str | None, encoding: str | None) -> corpus.ReadOptions:
    from . import corpus, textio

    try:
        chosen = textio.canonical_encoding(encoding) if encoding else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--encoding") from exc
    return corpus.ReadOptions(text_column=text_column, title_column=title_column, encoding=chosen)


def cluster_options(command: Callable) -> Callable:
    for option in reversed((
        click.option("--workers", type=click.IntRange(min=1, max=MAX_JOBS), default=None,
                     help="Worker processes of the local Dask cluster (default: one per core)."),
        click.option("--scheduler", default=None, metavar="ADDRESS",
                     help="Use an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (see README: dask scheduler / dask worker)."),
    )):
        command = option(command)
    return command


@main.command("apply")
@quiet_option
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@project_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the Parquet tables (candidates/, counts/); rerun with the same folder to continue.")
@cluster_options
@click.option("--partition-size", "partition_mb", type=click.FloatRange(min=0.01, max=4096), default=None,
              help="Megabytes of input per task [default: 1/64 of the corpus, from 0.25 to 32].")
@read_options
@reports_errors
def apply_command(inputs: tuple[Path, ...], db: Path | None, out: Path, workers: int | None, scheduler: str | None,
                  partition_mb: float | None, text_column: str, title_column: str | None, encoding: str | None) -> None:
    """Run the project's detection over a corpus (.txt, .jsonl, .csv, .parquet; files or folders) on Dask.

    \b
    Writes partitioned Parquet into --out:
    candidates/  doc_key, start, end, label, rule, score, text
    counts/      one row per document: candidates per label, chars, title, source, metadata
    bad_records.jsonl  every bad file or record (file, line, message), skipped, never fatal
    A rerun with the same --out skips the partitions already finished. The project is only read.
    """
    from . import textio
    from .scale import apply as scale_apply

    options = _read_options(text_column, title_column, encoding)
    if workers and scheduler:
        raise click.UsageError("--workers starts a local cluster; --scheduler uses an existing one: give one of them")
    with open_store(db, readonly=True) as store:
        setup = scale_apply.project_apply_setup(store, options)
    with byte_progress("applying") as progress:
        report = scale_apply.apply_corpus(inputs, setup, out, workers=workers, scheduler=scheduler,
                                          partition_bytes=None if partition_mb is None else int(partition_mb * 1024 * 1024),
                                          progress=progress)
    skipped = f" ({report.skipped} finished earlier, skipped)" if report.skipped else ""
    say(f"Applied the project's detection to {report.documents} document(s) in {report.partitions} partition(s){skipped}: "
        f"{report.candidates} candidates, in {report.seconds:.1f} s. Tables in {textio.display_path(report.out)}.")
    if report.bad:
        click.echo(f"{report.bad} bad file(s) or record(s) skipped, listed in {textio.display_path(report.bad_file)}.", err=True)


@main.command("summarize")
@quiet_option
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--by", required=True, metavar="FIELD[,FIELD]", help="Metadata fields to group by, e.g. county,year.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True), default=None,
              help="Write the table as CSV (- for stdout).")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write an HTML page with the table and plots.")
@reports_errors
def summarize_command(folder: Path, by: str, csv_path: Path | None, html_path: Path | None) -> None:
    """Counts and shares per category by group, from the tables `annotator apply` wrote.

    Per group: documents, candidates, and per category its candidates, their share of the
    group's candidates (_share) and the share of documents with at least one (_docs).
    """
    from . import textio
    from .scale import summarize as scale_summarize

    fields = [field.strip() for field in by.split(",") if field.strip()]
    if not fields:
        raise click.BadParameter("name at least one field", param_hint="--by")
    summary = scale_summarize.summarize(folder, fields)
    if _is_stdout(csv_path):
        click.echo(summary.to_csv(), nl=False)
    else:
        _print_summary_table(summary)
        if csv_path is not None:
            csv_path.write_text(summary.to_csv(), encoding="utf-8")
            say(f"CSV written to {textio.display_path(csv_path)}")
    if html_path is not None:
        html_path.write_text(scale_summarize.to_html(summary, f"Candidates by {' × '.join(fields)}: {folder.name}"), encoding="utf-8")
        say(f"HTML report written to {textio.display_path(html_path)}")


def _print_summary_table(summary: Any) -> None:
    heads = [*summary.by, "docs", "cands", *summary.labels]
    rows = [[*group.key, str(group.documents), str(group.candidates),
             *(f"{count} ({count / group.candidates:.0%})" if group.candidates else "0" for count in group.counts)]
            for group in summary.groups]
    widths = [max(_width(text) for text in column) for column in zip(heads, *rows)]
    for row in [heads, *rows]:
        click.echo("  ".join(_pad(text, width, left=index < len(summary.by)) for index, (text, width) in enumerate(zip(row, widths))))


def _width(text: str) -> int:
    """Columns a terminal gives the text: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, left: bool) -> str:
    padding = " " * (width - _width(text))
    return text + padding if left else padding + text


@main.command("sample")
@quiet_option
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--n", "count", type=click.IntRange(min=1), required=True, help="How many documents to pick.")
@click.option("--by", default="", metavar="FIELD,…", help="Metadata fields to stratify by, e.g. county,year.")
@click.option("--seed", type=click.IntRange(min=-SQLITE_MAX_INT - 1, max=SQLITE_MAX_INT), default=0, show_default=True,
              help="The same seed picks the same documents.")
@click.option("--prefer", type=click.Choice(["uncertain", "dense"]), default=None,
              help="Within each stratum, first the documents with a candidate scored nearest 0.5 (uncertain) "
                   "or with the most candidates per character (dense); needs the project.")
@project_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True), default=Path("-"), show_default=True,
              help="The JSONL file to write (- for stdout).")
@click.option("--workers", type=click.IntRange(min=1, max=MAX_JOBS), default=None,
              help="Read (and detect) on a local Dask cluster of N processes (default: in this process).")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="Read (and detect) on an existing Dask cluster.")
@read_options
@reports_errors
def sample_command(inputs: tuple[Path, ...], count: int, by: str, seed: int, prefer: str | None, db: Path | None,
                   out: Path, workers: int | None, scheduler: str | None, text_column: str, title_column: str | None,
                   encoding: str | None) -> None:
    """Pick documents of a corpus to annotate, stratified by metadata: JSONL for `annotator import`.

    Strata get shares of --n in proportion to their sizes. Each record keeps its metadata and
    says where it came from (meta.sampled_from) and why it was chosen (meta.sample).
    """
    from . import textio
    from .scale import apply as scale_apply
    from .scale import sample as scale_sample

    options = _read_options(text_column, title_column, encoding)
    setup = None
    if prefer is not None:
        with open_store(db, readonly=True) as store:
            setup = scale_apply.project_apply_setup(store, options)
    fields = tuple(field.strip() for field in by.split(",") if field.strip())
    spec = scale_sample.SampleSpec(n=count, by=fields, seed=seed, prefer=prefer, options=options)
    if workers or scheduler:
        with scale_apply.cluster_client(None, workers, scheduler) as client:
            report = scale_sample.sample_corpus(inputs, spec, setup, client=client)
    else:
        report = scale_sample.sample_corpus(inputs, spec, setup)
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in report.documents)
    if _is_stdout(out):
        click.echo(lines, nl=False)
    else:
        out.write_text(lines, encoding="utf-8")
    for stratum, size, chosen in report.strata:
        name = " × ".join("(none)" if value is None else value for value in stratum) or "all"
        say(f"{name}: {chosen} of {size}", err=True)
    say(f"{len(report.documents)} document(s) picked" + ("" if _is_stdout(out) else f", written to {textio.display_path(out)}"), err=True)
    for error in report.bad:
        click.echo(f"skipped: {error}", err=True)
