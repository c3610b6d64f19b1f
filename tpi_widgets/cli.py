"""The `tpi` command: thin wrappers over workspace, store and serve.

A user's mistake exits with code 2 and one line naming the problem; nothing is written.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from traitlets import Bool, Integer, TraitType
from traitlets.config import Config

from tpi_widgets.config import LOOPBACK, ServeConfig, WorkspaceConfig, configure, read_config_file
from tpi_widgets.errors import TPIError
from tpi_widgets.exchange import EXPORT_FORMATS, SHEET_STEPS

DEFAULT_DEMO_DIR = "demo-workspace"
FLAG_KINDS = {Bool: {"action": argparse.BooleanOptionalAction}, Integer: {"type": int, "metavar": "N"}}  # by trait type


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line (and still exit code 2)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="tpi", description="TPI Workbook: workshop apps for twinning partnerships.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    init = commands.add_parser("init", help="create a workspace folder with its store")
    init.add_argument("dir")
    add_option(init, WorkspaceConfig.content_pack, flag="--pack", metavar="NAME|FOLDER")
    add_option(init, WorkspaceConfig.store, metavar="FILE|URL|env:NAME")

    new = commands.add_parser("new", help="register a partnership and stamp its step notebooks")
    new.add_argument("dir")
    new.add_argument("--config", help="a partnership YAML file (see tpi_widgets/demo/partnership.yaml)")
    new.add_argument("--name")
    new.add_argument("--slug")
    new.add_argument("--institution", action="append", metavar="'NAME|COUNTRY'",
                     help="give twice, once for each institution")
    new.add_argument("--area", action="append", help="technical area id; repeat for several")
    new.add_argument("--language")
    new.add_argument("--start", help="cycle start date, YYYY-MM-DD")

    demo = commands.add_parser("demo", help="create a workspace with the sample partnership and serve it")
    demo.add_argument("dir", nargs="?", default=DEFAULT_DEMO_DIR)
    demo.add_argument("--no-serve", action="store_true")
    add_serving_options(demo)

    serve = commands.add_parser("serve", help="serve a workspace with Voila")
    serve.add_argument("dir")
    add_serving_options(serve)

    report = commands.add_parser("report", help="build the documents (HTML, PDF, Word) from the store")
    report.add_argument("dir")
    report.add_argument("partnership", nargs="?", help="a partnership slug (see tpi list DIR)")
    report.add_argument("--all-partnerships", action="store_true", help="every partnership of the workspace")
    report.add_argument("--network", action="store_true", help="the network document instead: every partnership "
                        "summed up, as documents/network-DATE.* (--format also takes xlsx)")
    report.add_argument("--annex", default="all", help="agreement (Step 1), baseline (Step 2), gaps (Step 3), 1, 2, 3, evaluation or all (default), "
                             "or a list: agreement,1")
    report.add_argument("--visit", help="the visit proposal for Annex 2: its number on Step 5 (1 = the first) or its id (default: every proposal)")
    report.add_argument("--action-report", help="the action report for Annex 3: its number on Step 5 or its id (default: every report)")
    report.add_argument("--format", default="html,pdf,docx", help="html, pdf, docx or a list (default: all three)")
    report.add_argument("--out", help="the folder to write to (default: DIR/documents)")
    report.add_argument("--cycle", type=int, help="the cycle (default: the latest)")
    report.add_argument("--date", help="the date printed on the documents, YYYY-MM-DD (default: today)")
    report.add_argument("--language", help="one of the content pack's languages, e.g. fr "
                                           "(default: each partnership's own)")

    hub = commands.add_parser("hub-config", help="write a JupyterHub config serving the workspace behind the hub's sign-in")
    hub.add_argument("dir")
    hub.add_argument("--store", help="the workspace's store setting (FILE|URL|env:NAME), checked against workspace.yaml")
    hub.add_argument("--port", type=int, default=8000, metavar="N", help="the hub's public port (default 8000)")
    hub.add_argument("--service-port", type=int, default=ServeConfig.port.default_value, metavar="N",
                     help=f"the workbook's own port on this machine (default {ServeConfig.port.default_value})")
    hub.add_argument("--facilitator-group", default=ServeConfig.hub_facilitator_group.default_value)
    hub.add_argument("--trainer-group", default=ServeConfig.hub_trainer_group.default_value)
    hub.add_argument("--out", required=True, metavar="FILE", help="the jupyterhub_config.py to write")

    export = commands.add_parser("export", help="a partnership's data as a bundle (to move it) or spreadsheets (to read it)")
    export.add_argument("dir")
    export.add_argument("partnership", nargs="?", help="a partnership slug (see tpi list DIR)")
    export.add_argument("--all-partnerships", action="store_true", help="every partnership (xlsx: one network workbook)")
    export.add_argument("--format", default="bundle", choices=EXPORT_FORMATS,
                        help="bundle (default: a ZIP to import elsewhere), xlsx (a workbook, a sheet per step) or csv (one sheet)")
    export.add_argument("--sheet", help="csv: the sheet to write (its name in the xlsx workbook)")
    export.add_argument("--cycle", type=int, help="xlsx, csv: the cycle (default: every cycle)")
    export.add_argument("--out", required=True, metavar="FILE", help="the file to write")

    import_bundle = commands.add_parser("import", help="apply a bundle written by tpi export: all or nothing, merged field by field")
    import_bundle.add_argument("dir")
    import_bundle.add_argument("file")
    import_bundle.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")

    template = commands.add_parser("template", help="a spreadsheet to fill offline (Step 2's assessment, Step 4's plan)")
    template.add_argument("dir")
    template.add_argument("partnership")
    template.add_argument("--step", type=int, required=True, choices=SHEET_STEPS)
    template.add_argument("--out", required=True, metavar="FILE", help="the .xlsx file to write")

    import_sheet = commands.add_parser("import-sheet", help="apply a filled tpi template spreadsheet: all or nothing")
    import_sheet.add_argument("dir")
    import_sheet.add_argument("partnership")
    import_sheet.add_argument("file")
    import_sheet.add_argument("--participant", required=True, metavar="NAME",
                              help="who filled it: the values are saved under this name, marked as imported")
    import_sheet.add_argument("--cycle", type=int, help="the cycle (default: the latest)")
    import_sheet.add_argument("--dry-run", action="store_true", help="check every cell, write nothing")

    listing = commands.add_parser("list", help="list the partnerships of a workspace")
    listing.add_argument("dir")

    pack = commands.add_parser("pack", help="a content pack's translations: check, export, import")
    tasks = pack.add_subparsers(dest="pack_command", required=True, parser_class=OneLineParser)
    check = tasks.add_parser("check", help="check the pack; list per language what is missing or stale")
    check.add_argument("pack", metavar="PACK", help="a built-in pack name or a pack folder")
    check.add_argument("--all", action="store_true", help="list every missing and stale text, not the first ten")
    export = tasks.add_parser("export-strings", help="every text and its translation, as a PO file for a translator")
    import_ = tasks.add_parser("import-strings", help="read a translated PO file back into the pack (all or nothing)")
    for task in (export, import_):
        task.add_argument("pack", metavar="PACK", help="a built-in pack name or a pack folder")
        task.add_argument("--language", required=True, help="the language's code, e.g. pt")
    export.add_argument("--out", required=True, help="the PO file to write")
    import_.add_argument("file", help="the PO file to read")
    return parser


def add_serving_options(command):
    command.add_argument("--config", dest="serve_config", metavar="FILE",
                         help="a serving config file, .py (c.ServeConfig.port = 9000) or .json; flags override it")
    add_option(command, ServeConfig.port)
    add_option(command, ServeConfig.lan)
    add_option(command, ServeConfig.passcode, metavar="WORD|auto")
    add_option(command, ServeConfig.facilitator_passcode, metavar="WORD|auto")
    add_option(command, ServeConfig.max_kernels)
    add_option(command, ServeConfig.hub)
    add_option(command, ServeConfig.hub_facilitator_group, metavar="GROUP")
    add_option(command, ServeConfig.hub_trainer_group, metavar="GROUP")


def add_option(command, trait: TraitType, flag: str | None = None, **extra):
    """A flag for one config option: its help and the default it shows come from the trait. When
    the flag is not given its value is None, so a config file's value (or the default) stands."""
    kind = FLAG_KINDS.get(type(trait), {})
    shown = "" if trait.default_value is None or isinstance(trait, Bool) else f" (default {trait.default_value})"
    command.add_argument(flag or "--" + trait.name.replace("_", "-"), dest=trait.name, default=None,
                         help=(trait.help + shown).replace("%", "%%"), **{**kind, **extra})


def configured(configurable, args, config: Config | None = None):
    """`configurable` (ServeConfig, WorkspaceConfig) from `config`, overridden by the flags given."""
    given = {name: getattr(args, name, None) for name in configurable.class_trait_names(config=True)}
    return configure(configurable, config or Config(), given)


def cmd_init(args):
    from tpi_widgets.workspace import Workspace
    settings = configured(WorkspaceConfig, args)
    workspace = Workspace.init(args.dir, content_pack=settings.content_pack, store=settings.store)
    print(f"Created workspace {workspace.root}")


def cmd_new(args):
    from tpi_widgets.partnership_config import build_config, parse_institution_flag, read_config_file
    from tpi_widgets.workspace import Workspace
    workspace = Workspace.open(args.dir)
    data = read_config_file(args.config) if args.config else {}
    flags = {"name": args.name, "slug": args.slug, "language": args.language, "start": args.start,
             "areas": args.area,
             "institutions": [parse_institution_flag(i) for i in args.institution] if args.institution else None}
    data.update({key: value for key, value in flags.items() if value is not None})
    config = build_config(data, workspace.pack)
    partnership = workspace.add_partnership(config)
    print(f"Registered {partnership.name} ({partnership.slug}); notebooks in "
          f"{workspace.partnership_dir(partnership.slug)}")


def cmd_demo(args):
    from tpi_widgets.demo import SAMPLE_CONFIG
    from tpi_widgets.partnership_config import build_config, read_config_file
    from tpi_widgets.workspace import SETTINGS_FILE, Workspace
    plan = None if args.no_serve else _serving_plan(args)  # refuse before writing anything
    if (Path(args.dir) / SETTINGS_FILE).exists():
        workspace = Workspace.open(args.dir)
        print(f"Using the existing workspace {workspace.root}")
    else:
        workspace = Workspace.init(args.dir)
        print(f"Created workspace {workspace.root}")
    config = build_config(read_config_file(SAMPLE_CONFIG), workspace.pack)
    if config.slug not in {p.slug for p in workspace.store.partnerships()}:
        workspace.add_partnership(config)
        print(f"Registered the sample partnership {config.name}")
        from tpi_widgets.demo.records import write_sample_records
        count = write_sample_records(workspace, config.slug)
        print(f"Added {count} sample records (Steps 1 to 6) to {config.slug}")
    if not args.no_serve:
        _serve(workspace, args, plan)


def cmd_serve(args):
    from tpi_widgets.workspace import Workspace
    plan = _serving_plan(args)  # every refusal before the workspace is touched
    _serve(Workspace.open(args.dir), args, plan)


def cmd_hub_config(args):
    from tpi_widgets.server.hub_config import hub_plan, write_hub_config
    plan = hub_plan(args.dir, args.store, args.port, args.service_port, args.facilitator_group, args.trainer_group)
    target = write_hub_config(plan, args.out)
    print(f"Wrote {target}; start the hub with: jupyterhub -f {target}")


def cmd_list(args):
    from tpi_widgets.workspace import Workspace
    for p in Workspace.open(args.dir).store.partnerships():
        print(f"{p.slug}\t{p.name}")


def cmd_report(args):
    from tpi_widgets.reports import KINDS
    from tpi_widgets.reports.build import document_language, documents_folder, parse_formats, parse_kinds, plan_documents
    from tpi_widgets.workspace import Workspace
    from tpi_widgets.core.validation import parse_date
    workspace = Workspace.open(args.dir)
    if args.network:
        return _build_network(workspace, args)
    if bool(args.partnership) == bool(args.all_partnerships):
        raise TPIError("name one partnership or give --all-partnerships")
    if args.all_partnerships and (args.visit or args.action_report):
        raise TPIError("--visit and --action-report go with one partnership")
    if args.date and parse_date(args.date) is None:
        raise TPIError(f"--date {args.date!r} is not a date (YYYY-MM-DD)")
    kinds, formats = parse_kinds(args.annex), parse_formats(args.format)
    document_language(workspace, args.language)  # an unknown one stops here, naming the pack's
    out = Path(args.out) if args.out else documents_folder(workspace)
    slugs = [p.slug for p in workspace.store.partnerships()] if args.all_partnerships else [args.partnership]
    jobs = [job for slug in slugs
            for job in plan_documents(workspace, slug, kinds, formats, out, args.cycle, args.visit,
                                      args.action_report, args.date, args.language)]
    # every document of a partnership's cycle (--annex all, the default) also makes its workshop pack
    whole = set(kinds) == set(KINDS) and not (args.visit or args.action_report)
    return _build_documents(jobs, out, workspace if whole else None)


def _build_network(workspace, args) -> int:
    """`tpi report DIR --network`: the workspace-wide document (reports/network.py)."""
    import datetime as dt

    from tpi_widgets.core.validation import parse_date
    from tpi_widgets.reports.build import document_language, documents_folder, writable_folder
    from tpi_widgets.reports.network import parse_network_formats, prepare, write_network
    if args.partnership or args.all_partnerships or args.visit or args.action_report or args.cycle \
            or args.annex != "all":
        raise TPIError("--network goes with DIR, --format, --out, --date and --language only")
    day = parse_date(args.date) if args.date else dt.date.today()
    if day is None:
        raise TPIError(f"--date {args.date!r} is not a date (YYYY-MM-DD)")
    formats = parse_network_formats(args.format)
    language = document_language(workspace, args.language)
    out = writable_folder(Path(args.out) if args.out else documents_folder(workspace))
    run, notes = prepare(workspace, day, language), []
    files = write_network(run, formats, out, say=notes.append)
    if "xlsx" in formats:
        from tpi_widgets.exchange.network_workbook import write_network_workbook
        files.append(write_network_workbook(run, out))
    for file in files:
        print(file)
    for note in notes:
        print(f"tpi: {note}", file=sys.stderr)
    return 0


def _build_documents(jobs, out: Path, packs_of=None) -> int:
    """Build `jobs` into `out`; with `packs_of` (their workspace), each partnership's workshop pack too."""
    from tpi_widgets.reports.batch import build_all
    outcome = build_all(jobs)
    for built in outcome.built:
        for file in built.files:
            print(file)
    if packs_of is not None:
        for file in _write_packs(packs_of, outcome, out):
            print(file)
    for note in outcome.notes:
        print(f"tpi: {note}", file=sys.stderr)
    documents = len(outcome.built)
    print(f"Built {documents} document{'s' * (documents != 1)} in {out}", file=sys.stderr)
    if outcome.failed:
        print(f"{len(outcome.failed)} failed:", file=sys.stderr)
        for job, reason in outcome.failed:
            print(f"  {job.name}: {reason}", file=sys.stderr)
        return 1
    return 0


def _write_packs(workspace, outcome, out: Path) -> list[Path]:
    """The workshop pack of each partnership whose documents were all built."""
    from tpi_widgets.reports.pack import pack_of
    failed = {job.run for job, _ in outcome.failed}
    by_run: dict[tuple, list] = {}
    for built in outcome.built:
        by_run.setdefault(built.job.run, []).append(built)
    return [file for run, built in by_run.items() if run not in failed for file in pack_of(workspace, built, out).files]


def _serving_plan(args):
    """A ServeOptions and the facilitator passcode (None: a new one at start) from the config file
    and the flags; a mistake raises TPIError before anything starts."""
    from tpi_widgets.core.access import check_passcode_word, new_passcode
    config = configured(ServeConfig, args, read_config_file(args.serve_config) if args.serve_config else None)
    if config.hub:
        from tpi_widgets.server.hub_auth import check_hub_serving
        check_hub_serving(config)
    if config.lan and not config.passcode:
        raise TPIError("--lan needs a room passcode: add --passcode WORD or --passcode auto")
    passcode = None
    if config.passcode:
        passcode = new_passcode() if config.passcode == "auto" else check_passcode_word(config.passcode)
    facilitator = config.facilitator_passcode
    facilitator = None if facilitator == "auto" else check_passcode_word(facilitator)
    from tpi_widgets.server.app import ServeOptions, check_port  # after the checks: Voila takes seconds to import
    from tpi_widgets.server.lan import local_address
    host = local_address() if config.lan else LOOPBACK
    check_port(config.port, host)
    return ServeOptions(config, host, passcode), facilitator


def _serve(workspace, args, plan=None):
    from tpi_widgets.server.app import serve
    serve(workspace, *(plan or _serving_plan(args)))


def cmd_pack(args):
    from tpi_widgets.content.loader import resolve_pack_dir
    from tpi_widgets.content import translation_files as files
    folder = resolve_pack_dir(args.pack)
    if args.pack_command == "export-strings":
        count = files.export_po(folder, args.language, Path(args.out))
        print(f"Wrote {count} texts to {args.out}", file=sys.stderr)
    elif args.pack_command == "import-strings":
        count = files.import_po(folder, args.language, Path(args.file))
        print(f"Took {count} translations into {folder} ({args.language})", file=sys.stderr)
    else:
        checks = files.check_translations(folder)  # loads the pack and every translation: valid once this returns
        print(f"{folder.name}: valid")
        for check in checks:
            print(f"{check.language}: {check.translated} of {check.total} texts translated, "
                  f"{len(check.missing)} missing, {len(check.stale)} stale, {len(check.obsolete)} obsolete")
            for label, keys in (("missing", check.missing), ("stale", check.stale), ("obsolete", check.obsolete)):
                shown = keys if args.all else keys[:10]
                for key in shown:
                    print(f"  {label}: {key}")
                if len(keys) > len(shown):
                    print(f"  ... {len(keys) - len(shown)} more {label} (--all lists them)")


def cmd_export(args):
    from tpi_widgets.workspace import Workspace
    workspace = Workspace.open(args.dir)
    if bool(args.partnership) == bool(args.all_partnerships):
        raise TPIError("name one partnership or give --all-partnerships")
    slugs = [p.slug for p in workspace.store.partnerships()] if args.all_partnerships else [args.partnership]
    out = Path(args.out)
    if args.format != "bundle":
        from tpi_widgets.exchange.sheets import export_sheets
        export_sheets(workspace, slugs, args.format, out, sheet=args.sheet, cycle=args.cycle)
        print(f"Wrote {args.format} of {', '.join(slugs)} to {out}")
        return
    if args.all_partnerships:
        raise TPIError("a bundle holds one partnership: name it instead of --all-partnerships")
    if args.sheet or args.cycle is not None:
        raise TPIError("--sheet and --cycle go with --format xlsx or csv; a bundle holds every cycle")
    from tpi_widgets.exchange.bundle import export_bundle
    export_bundle(workspace, args.partnership, out)
    print(f"Wrote the bundle of {args.partnership} to {out}")


def cmd_import(args):
    from tpi_widgets.exchange.bundle import import_bundle, read_bundle_file
    from tpi_widgets.workspace import Workspace
    workspace = Workspace.open(args.dir)
    outcome = import_bundle(workspace, read_bundle_file(Path(args.file)), dry_run=args.dry_run)
    for line in outcome.lines():
        print(line)


def cmd_template(args):
    from tpi_widgets.exchange.offline import write_template
    target, rows = write_template(args.dir, args.partnership, args.step, args.out)
    print(f"Wrote {target}: Step {args.step} of {args.partnership}, {rows} rows to fill")


def cmd_import_sheet(args):
    from tpi_widgets.exchange.offline import import_sheet
    done = import_sheet(args.dir, args.partnership, args.file, args.participant, args.cycle, args.dry_run)
    what = f"{done.values} values of {done.items} {done.unit}"
    if args.dry_run:
        print(f"Checked {args.file}: {what} would be imported into {args.partnership}, cycle {done.cycle} "
              f"(dry run, nothing written)")
    else:
        print(f"Imported {what} into {args.partnership}, cycle {done.cycle}, saved by {done.participant}")


COMMANDS = {"init": cmd_init, "new": cmd_new, "demo": cmd_demo, "serve": cmd_serve, "list": cmd_list, "hub-config": cmd_hub_config,
            "report": cmd_report, "pack": cmd_pack, "export": cmd_export, "import": cmd_import,
            "template": cmd_template, "import-sheet": cmd_import_sheet}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code = COMMANDS[args.command](args) or 0
        sys.stdout.flush()  # a closed pipe shows here rather than in Python's flush at exit
        return code
    except TPIError as exc:
        print(f"tpi: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`tpi pack check PACK | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's last flush would fail too
        return 141  # as a command ended by SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
