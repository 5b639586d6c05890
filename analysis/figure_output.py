"""What every servesim plotting script shares: its command line (exit code 2 on bad input, the
figure size options), the paper style, and writing figures byte-reproducibly.

Only the standard library; matplotlib is imported by the scripts themselves.
"""

import argparse
import os
import sys
import tempfile

FORMATS = (".pdf", ".png")


class InputError(Exception):
    """A problem with the user's input; reported with exit code 2."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse with exit code 2 and a one-line `error:` message, as every servesim command."""

    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        sys.exit(2)


def add_output_argument(parser):
    """-o/--output, repeatable: one call writes the PDF and the PNG (see check_outputs)."""
    parser.add_argument("-o", "--output", action="append", required=True, metavar="FILE",
                        help="output figure, .pdf or .png (repeat for both)")


def add_figure_arguments(parser, height_in=2.4):
    """--title, --width, --height and --dpi, with the one-column defaults."""
    parser.add_argument("--title", help="figure title (default: none)")
    parser.add_argument("--width", type=float, default=3.4, help="inches (default 3.4: one column)")
    parser.add_argument("--height", type=float, default=height_in,
                        help=f"inches (default {height_in})")
    parser.add_argument("--dpi", type=int, default=300, help="PNG resolution (default 300)")


def check_figure_arguments(args):
    if not (args.width > 0 and args.height > 0 and args.dpi > 0):
        raise InputError("error: --width, --height and --dpi must be > 0")


def check_outputs(paths, formats=FORMATS):
    """Raises InputError for an output with another extension or in a missing folder."""
    for path in paths:
        if os.path.splitext(path)[1].lower() not in formats:
            raise InputError(f"error: -o {path}: extension must be .pdf or .png")
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise InputError(f"error: -o {path}: folder {folder} does not exist")


def paper_rc():
    """Matplotlib settings of every servesim figure: one-column size, 8 pt fonts, TrueType
    fonts in PDFs."""
    return {"font.size": 8, "axes.titlesize": 8, "axes.labelsize": 8, "legend.fontsize": 7,
            "xtick.labelsize": 7, "ytick.labelsize": 7, "lines.linewidth": 1.2,
            "lines.markersize": 4, "errorbar.capsize": 2, "pdf.fonttype": 42, "ps.fonttype": 42}


def plain_log_ticks(axis):
    """A log axis ticked at 1, 2, 5 x 10^n (10^n alone over more than two decades) with plain
    numbers (0.5, 2, 100, 2000), instead of matplotlib's lone 10^n label when the data span less
    than a decade. Call after the data (and any limits) are set."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
    low, high = sorted(axis.get_view_interval())
    # Over more than two decades 2 and 5 would crowd the labels: decades only.
    wide = low > 0 and high / low > 300
    axis.set_major_locator(LogLocator(base=10, subs=(1.0,) if wide else (1.0, 2.0, 5.0),
                                      numticks=30))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    axis.set_minor_locator(LogLocator(base=10, subs=tuple(range(1, 10))))
    axis.set_minor_formatter(NullFormatter())


def save_figure(fig, out_path, dpi):
    """Writes the figure atomically (temporary file + rename) without creation dates in the
    metadata, so that the bytes depend only on the data."""
    ext = os.path.splitext(out_path)[1].lower()
    metadata = {"CreationDate": None} if ext == ".pdf" else {"Software": None}
    directory = os.path.dirname(os.path.abspath(out_path))
    fd, tmp = tempfile.mkstemp(prefix=".servesim_plot_", suffix=ext, dir=directory)
    os.close(fd)
    try:
        fig.savefig(tmp, format=ext[1:], dpi=dpi, bbox_inches="tight", pad_inches=0.02,
                    metadata=metadata)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out_path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
