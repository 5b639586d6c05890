"""The analysis scripts drawn from small committed sweeps (tests/analysis/fixtures, regenerated
by fixtures/make_fixtures.sh): every figure kind of docs/figures.md is rendered to PDF and PNG,
and what can be checked is checked: files, legend labels, number of series, markers, bands,
hollow markers for unstable points, the cost parts adding up to the total. Everything runs in
this process (no interpreter start per figure), so the whole file takes a few seconds."""

import importlib
import os
import sys
import tempfile
import unittest

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "analysis"))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

plot_sweep = importlib.import_module("plot_sweep")
plot_cdf = importlib.import_module("plot_cdf")
plot_cost = importlib.import_module("plot_cost")
plot_tradeoff = importlib.import_module("plot_tradeoff")
sweep_table = importlib.import_module("sweep_table")

LOAD = os.path.join(HERE, "fixtures", "load", "sweep.csv")
SERVERLESS = os.path.join(HERE, "fixtures", "serverless", "sweep.csv")
PDF_MAGIC, PNG_MAGIC = b"%PDF-", b"\x89PNG\r\n\x1a\n"


def legend_texts(fig):
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + list(fig.legends)
    return [t.get_text() for legend in legends for t in legend.get_texts()]


class FiguresTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def out(self, name):
        return os.path.join(self.tmp.name, name)

    def assert_files(self, *paths):
        for path in paths:
            with open(path, "rb") as handle:
                head = handle.read(8)
            self.assertTrue(head.startswith(PDF_MAGIC if path.endswith(".pdf") else PNG_MAGIC),
                            path)

    def test_sweep_figure_from_the_label_column_with_pdf_and_png(self):
        pdf, png = self.out("p999.pdf"), self.out("p999.png")
        code = plot_sweep.main([LOAD, "--x-expr", "workload.arrival.rate/16", "--y",
                                "latency_ms.p999", "--dpi", "60", "-o", pdf, "-o", png])
        self.assertEqual(code, 0)
        self.assert_files(pdf, png)
        table = sweep_table.load_sweep(LOAD)
        self.assertTrue(table.labelled)
        self.assertNotIn("label", table.keys)
        series, _ = plot_sweep.sweep_series(table, None, "latency_ms.p999",
                                            x_expr=plot_sweep.XExpr("workload.arrival.rate/16",
                                                                    table))
        self.assertEqual([s.label for s in series], ["none", "replicate"])
        self.assertEqual(series[0].x, [125.0, 375.0])
        fig = plot_sweep.make_figure(series, logy=True, ylim=(1, 5000))
        ax = fig.axes[0]
        self.assertEqual(len(ax.containers), 2)
        markers = {c.lines[0].get_marker() for c in ax.containers}
        self.assertEqual(len(markers), 2, "a marker per series")
        self.assertEqual(legend_texts(fig), ["none", "replicate"])
        self.assertEqual(ax.get_ylim(), (1.0, 5000.0))
        # Log ticks as plain numbers, several per decade.
        labels = [ax.yaxis.get_major_formatter()(v, 0) for v in (2.0, 50.0, 1000.0)]
        self.assertEqual(labels, ["2", "50", "1000"])

    def test_rename_exclude_and_facets(self):
        table = sweep_table.load_sweep(LOAD)
        series, _ = plot_sweep.sweep_series(
            table, "workload.arrival.rate", "latency_ms.p99",
            labels=plot_sweep.parse_labels(["label=replicate:two copies"]))
        self.assertEqual([s.label for s in series], ["none", "two copies"])
        series, _ = plot_sweep.sweep_series(table, "workload.arrival.rate", "latency_ms.p99",
                                            exclude=[("label", "replicate")])
        self.assertEqual([s.label for s in series], ["none"])
        panels = plot_sweep.sweep_panels(table, "workload.arrival.rate", x_key="label",
                                         y_key="latency_ms.p99")
        self.assertEqual([title for title, _, _ in panels],
                         ["load (requests/s) = 2000", "load (requests/s) = 6000"])
        fig = plot_sweep.make_panels(panels)
        self.assertEqual(len(fig.axes), 2)

    def test_unstable_points_are_hollow_and_named_in_the_legend(self):
        frame = pd.read_csv(LOAD, dtype=str, keep_default_na=False)
        # The `stable` verdict as the stability work will write it: the replicated point at
        # 6,000 req/s (utilisation near 1) is unstable.
        frame["stable"] = ["0" if (r == "6000" and label == "replicate") else "1"
                           for r, label in zip(frame["workload.arrival.rate"], frame["label"])]
        path = self.out("sweep.csv")
        frame.to_csv(path, index=False)
        table = sweep_table.load_sweep(path)
        series, _ = plot_sweep.sweep_series(table, "workload.arrival.rate", "latency_ms.p999")
        self.assertEqual(series[1].stable, [True, False])
        fig = plot_sweep.make_figure(series, logy=True)
        hollow = [line for line in fig.axes[0].lines if line.get_gid() == "unstable"]
        self.assertEqual(len(hollow), 1)
        self.assertEqual(list(hollow[0].get_xdata()), [6000.0])
        self.assertEqual(matplotlib.colors.to_hex(hollow[0].get_markerfacecolor()), "#ffffff")
        self.assertIn(plot_sweep.UNSTABLE_LABEL, legend_texts(fig))
        # Without the column nothing is hollow.
        plain, _ = plot_sweep.sweep_series(sweep_table.load_sweep(LOAD), "workload.arrival.rate",
                                           "latency_ms.p999")
        self.assertEqual(plain[1].stable, [None, None])

    def test_cdf_of_sweep_points_with_bands(self):
        pdf, png = self.out("cdf.pdf"), self.out("cdf.png")
        code = plot_cdf.main(["--sweep", LOAD, "--where", "workload.arrival.rate=2000",
                              "--logx", "--dpi", "60", "-o", pdf, "-o", png])
        self.assertEqual(code, 0)
        self.assert_files(pdf, png)
        runs = plot_cdf.sweep_runs(LOAD, ["workload.arrival.rate=2000"], [], [])
        self.assertEqual([name for _, name in runs], ["none", "replicate"])
        series = [(name, *plot_cdf.load_cdf(os.path.join(d, "cdf.csv"))) for d, name in runs]
        bands = [plot_cdf.replication_cdfs(d) for d, _ in runs]
        self.assertEqual([len(b) for b in bands], [2, 2])
        fig = plot_cdf.make_figure(series, logx=True, bands=bands)
        ax = fig.axes[0]
        self.assertEqual(len(ax.lines), 2)
        self.assertEqual(len([c for c in ax.collections if c.get_gid() == "band"]), 2)
        self.assertEqual(legend_texts(fig), ["none", "replicate"])
        ticks = [ax.xaxis.get_major_formatter()(v, 0) for v in (2.0, 5.0, 10.0)]
        self.assertEqual(ticks, ["2", "5", "10"])
        # The band holds the replications' mean latency at each level.
        low, high = plot_cdf.band(bands[0], plot_cdf.np.array([0.5, 0.01]))
        self.assertTrue((low <= high).all())
        no_bands = plot_cdf.make_figure(series, logx=True)
        self.assertEqual(len(no_bands.axes[0].collections), 0)

    def test_tradeoff_labels_from_the_sweep_and_no_accuracy_axis(self):
        pdf, png = self.out("t.pdf"), self.out("t.png")
        self.assertEqual(plot_tradeoff.main([LOAD, "--dpi", "60", "-o", pdf, "-o", png]), 0)
        self.assert_files(pdf, png)
        table = sweep_table.load_sweep(LOAD)
        points = plot_tradeoff.tradeoff_points(table, "cost.usd_per_million_requests",
                                               "latency_ms.p999", "accuracy")
        self.assertFalse(plot_tradeoff.z_varies(points), "one model, one accuracy")
        fig = plot_tradeoff.make_figure(points, labels=["label"], use_z=False,
                                        note=plot_tradeoff.NO_ACCURACY_NOTE)
        ax = fig.axes[0]
        self.assertEqual(len(fig.axes), 1, "no colour bar without an accuracy table")
        texts = [t.get_text() for t in ax.texts]
        self.assertIn(plot_tradeoff.NO_ACCURACY_NOTE, texts)
        self.assertEqual(sorted(t for t in texts if t != plot_tradeoff.NO_ACCURACY_NOTE),
                         ["none", "none", "replicate", "replicate"])

    def test_cost_breakdown_bars_add_up_to_the_total(self):
        pdf, png = self.out("c.pdf"), self.out("c.png")
        self.assertEqual(plot_cost.main([SERVERLESS, "--dpi", "60", "-o", pdf, "-o", png]), 0)
        self.assert_files(pdf, png)
        bars, parts, totals = plot_cost.cost_bars(sweep_table.load_sweep(SERVERLESS))
        self.assertEqual(bars, ["batch 1", "batch 10", "batch 100", "batch 1000"])
        for idx, total in enumerate(totals):
            # Exactly, added in summary order (docs/serverless.md).
            self.assertEqual(sum(parts[p][idx] for p in plot_cost.PARTS), total)
        fig = plot_cost.make_figure(bars, parts, totals)
        self.assertIn("orchestrator transitions", legend_texts(fig))
        self.assertNotIn("idle capacity", legend_texts(fig), "a zero part stays out")
        ax = fig.axes[0]
        stacked = [0.0] * len(bars)
        for container in ax.containers:
            for idx, patch in enumerate(container.patches):
                stacked[idx] += patch.get_height()
        for height, total in zip(stacked, totals):
            self.assertAlmostEqual(height, total, delta=1e-12 * total)
        share = plot_cost.make_figure(bars, parts, totals, share=True)
        tops = [0.0] * len(bars)
        for container in share.axes[0].containers:
            for idx, patch in enumerate(container.patches):
                tops[idx] += patch.get_height()
        for top in tops:
            self.assertAlmostEqual(top, 1.0, places=12)


if __name__ == "__main__":
    unittest.main()
