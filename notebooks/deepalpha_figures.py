"""Figures for the notebooks: one look for all of them, and a refusal to show an empty plot.

Every notebook displays its figures through show(fig). It raises EmptyFigure, naming the figure
and the axes, when an axes holds no data, so that a headless run (run.sh) fails instead of
producing a blank chart. Reference lines drawn with axhline/axvline (thresholds, limits) do not
count as data: they are drawn in axes coordinates, not data coordinates.
"""

from __future__ import annotations

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import Collection
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

VENUE_COLOURS = {
    "BINANCE": "#f0b90b",
    "OKX": "#2b2b2b",
    "BYBIT": "#16a085",
    "COINBASE": "#0052ff",
    "KRAKEN": "#8e44ad",
}
LEVEL_COLOURS = {"OK": "#2e7d32", "WARN": "#f9a825", "HALT": "#c62828"}

_shown = []
_absent = []


class EmptyFigure(AssertionError):
    """A figure about to be shown has an axes without data."""


def style() -> None:
    """The notebooks' common look; call once at the top."""
    plt.style.use("seaborn-v0_8-whitegrid")
    matplotlib.rcParams.update(
        {
            "figure.dpi": 110,
            "figure.figsize": (11, 4.5),
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.labelsize": 10,
            "legend.fontsize": 8,
            "legend.frameon": True,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def _data_artists(ax) -> int:
    count = 0
    for line in ax.get_lines():
        if line.get_transform() is not ax.transData:
            # axhline / axvline are drawn in a transform blended with axes coordinates: reference
            # lines, not data. (Transform equality treats that blend as equal to transData.)
            continue
        y = np.asarray(line.get_ydata(), dtype=float)
        count += int(np.isfinite(y).sum())
    for collection in ax.collections:
        if isinstance(collection, Collection):
            offsets = collection.get_offsets()
            paths = collection.get_paths()
            array = collection.get_array()
            if array is not None:
                count += int(np.isfinite(np.ma.filled(np.asarray(array, dtype=float), np.nan)).sum())
            elif len(offsets) and np.isfinite(np.asarray(offsets, dtype=float)).any():
                count += len(offsets)
            else:
                count += len(paths)
    for patch in ax.patches:
        if isinstance(patch, Rectangle) and patch.get_height() != 0 and np.isfinite(patch.get_height()):
            count += 1
    count += sum(1 for image in ax.images if isinstance(image, AxesImage) and np.size(image.get_array()))
    return count


def check(fig) -> None:
    """Raises EmptyFigure when a visible axes of fig shows no data."""
    title = fig._suptitle.get_text() if fig._suptitle is not None else ""
    axes = [ax for ax in fig.axes if ax.get_visible() and ax.axison and ax.get_label() != "<colorbar>"]
    if not axes:
        raise EmptyFigure(f"figure '{title}' has no axes")
    for ax in axes:
        if _data_artists(ax) == 0:
            name = ax.get_title() or ax.get_ylabel() or "?"
            raise EmptyFigure(f"figure '{title}': axes '{name}' has no data to show")


def show(fig) -> None:
    """Checks that every axes has data, then displays the figure."""
    check(fig)
    fig.tight_layout()
    _shown.append(fig._suptitle.get_text() if fig._suptitle is not None else "")
    plt.show()


def absent(what: str, why: str) -> None:
    """Says, in the notebook's output, that `what` is not drawn because the data lacks it.

    Real runs can lack whole parts of the data (no order filled, so no position; every signal
    refused, so no order sent): a notebook shows what there is and names what is absent and why,
    instead of drawing an empty figure or failing.
    """
    _absent.append(what)
    text = f"Not shown: {what}. {why}"
    try:
        from IPython.display import Markdown, display

        display(Markdown(f"> **Not shown — {what}.** {why}"))
    except ImportError:  # outside Jupyter
        print(text)


def assert_figures_shown(minimum: int) -> None:
    """The notebook's last cell: the run showed at least `minimum` checked figures."""
    if len(_shown) < minimum:
        raise EmptyFigure(f"only {len(_shown)} figure(s) were shown, expected at least {minimum}")
    print(f"{len(_shown)} figures shown, each with data: " + "; ".join(t for t in _shown if t))
    if _absent:
        print(f"not shown for lack of data ({len(_absent)}): " + "; ".join(_absent))


def time_axis(ax, label: str = "time (UTC)") -> None:
    """Readable UTC time ticks on the x axis."""
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, tz="UTC"))
    ax.set_xlabel(label, loc="left")


def hide_unused(axes, used: int) -> None:
    """Turns off the grid cells of a subplot grid beyond the first `used`."""
    for ax in np.ravel(axes)[used:]:
        ax.set_visible(False)


def log_axis(ax) -> None:
    """A log x axis labelled with plain numbers (2, 5, 10, 20 ...) instead of powers of ten."""
    from matplotlib.ticker import FuncFormatter, LogLocator

    ax.set_xscale("log")
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.xaxis.set_minor_formatter(FuncFormatter(lambda value, _: ""))
