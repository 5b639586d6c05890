#!/usr/bin/env python3
"""Train ParM parity models and an ensemble on Fashion-MNIST; write accuracy tables.

Parity models (Kosaian, Rashmi, Venkataraman, "Parity Models: Erasure-Coded Resilience for
Prediction Serving Systems", SOSP'19), with the recipe of train_parity.py (and of the project
notes parm_testbed.md), on the real Fashion-MNIST (Xiao, Rasul, Vollgraf 2017; 60,000 training and
10,000 test images of 28x28, MIT licence; Debian package dataset-fashion-mnist):

  deployed model F   ParM's base MLP 784-200-100-10 ("mlp") or a LeNet-5 CNN ("lenet"), trained
                     with cross-entropy, then frozen;
  parity model P     the same architecture, fresh initialisation, one per (k, encoder), r = 1;
  encoders           "sum": the parity query is x_1 + ... + x_k (pixel-wise);
                     "concat": ParM's image-concatenation encoder: each of the k images is
                     downsampled and the k are tiled into one 28x28 image (k = 2: two 28x14 halves
                     side by side, each image averaged over pairs of columns; k = 4: a 2x2 grid of
                     14x14 images, each averaged over 2x2 blocks);
  decoder            subtraction: the lost output j is P(query) - sum_{i != j} F(x_i);
  loss               MSE between P(query) and F(x_1) + ... + F(x_k), F's outputs being its logits;
  optimiser          Adam, lr 1e-3, weight decay 1e-5; minibatch 64 for F and for parity k = 2,
                     32 groups otherwise;
  parity epoch       one pass over the training set: a fresh seeded shuffle cut into
                     floor(60000 / k) groups of k;
  evaluation         the 10,000 test images are shuffled (seeded) and cut into groups of k; each
                     group is evaluated with each position erased in turn, and only the erased
                     position's reconstruction is scored (argmax against its label): 10,000
                     reconstructions for k = 2 and 4, 9,999 for k = 3.

Pixels are scaled to [0, 1]; no augmentation, no validation split (the epochs are fixed in
advance, not chosen on the test set).

Subcommands (run from the repository root with Debian's /usr/bin/python3):
  parity    train the deployed models and parity models for --arch, --seeds, --k, and store
            one JSON result per (arch, seed) in --runs; then write the table from all stored runs
  table     write the parity table from the stored runs only (no training)
  ensemble  train the ensemble members (logreg, mlp, lenet, widecnn) for --seeds and write the
            accuracy of every member subset (averaged softmax), averaged over seeds
The defaults reproduce the committed tables; docs/validation/accuracy.md has the commands, the
epochs and the wall times.
"""

import argparse
import csv
import gzip
import itertools
import json
import math
import os
import platform
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA_DIR = "/usr/share/datasets/fashion-mnist"
DEFAULT_RUNS = os.path.join(REPO_ROOT, "models", "parity", "fmnist_runs")
DEFAULT_PARITY_OUT = os.path.join(REPO_ROOT, "models", "accuracy", "parity_fmnist.csv")
DEFAULT_ENSEMBLE_OUT = os.path.join(REPO_ROOT, "models", "accuracy", "fmnist_ensemble.csv")

DATASET = "fashion-mnist"
DECODER = "subtraction"
MODEL_NAMES = {
    "mlp": "MLP 784-200-100-10 (ParM base-mlp)",
    "lenet": "LeNet-5 CNN",
    "widecnn": "CNN 32-64 conv, 128 fc",
    "logreg": "logistic regression 784-10",
}
PARITY_COLUMNS = ["dataset", "model", "k", "r", "encoder", "decoder", "available_accuracy",
                  "degraded_accuracy", "seeds", "available_seed_min", "available_seed_max",
                  "degraded_seed_min", "degraded_seed_max", "degraded_binomial_ci95",
                  "epochs_deployed", "epochs_parity", "source"]
ENSEMBLE_COLUMNS = ["dataset", "members", "top1_accuracy", "seeds", "seed_min", "seed_max",
                    "source"]

LEARNING_RATE = 1e-3
WEIGHT_DECAY = 1e-5
BASE_BATCH = 64
# Epochs per architecture: chosen from measured epoch times so that every run fits the CPU budget
# of the session that made the tables (docs/validation/accuracy.md).
DEPLOYED_EPOCHS = {"mlp": 10, "lenet": 8}
PARITY_EPOCHS = {"mlp": 8, "lenet": 8}
# The ensemble's members get fewer epochs (the CPU budget ran short; the doc says so).
ENSEMBLE_EPOCHS = {"mlp": 5, "lenet": 4, "widecnn": 2, "logreg": 5}
CONCAT_K = (2, 4)


def parity_batch(k):
    return 64 if k == 2 else 32


def import_or_exit():
    try:
        import numpy  # noqa: F401
        import torch  # noqa: F401
    except ImportError as error:
        sys.stderr.write(f"train_fmnist.py: {error}; install Debian's python3-torch and "
                         "python3-numpy (apt-get install -y python3-torch)\n")
        sys.exit(2)


def read_idx(path):
    """Reads an IDX file (gzip or plain), as the Fashion-MNIST files are; returns a numpy array."""
    import numpy as np
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as handle:
        data = handle.read()
    ndim = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def load_fmnist(torch, data_dir, train_limit=None, test_limit=None):
    """Returns (x_train, y_train, x_test, y_test): float32 in [0, 1] of shape (n, 1, 28, 28)."""
    def pair(images, labels, limit):
        x = read_idx(os.path.join(data_dir, images))
        y = read_idx(os.path.join(data_dir, labels))
        if limit is not None:
            x, y = x[:limit], y[:limit]
        x = torch.from_numpy(x.astype("float32") / 255.0).view(-1, 1, 28, 28)
        return x, torch.from_numpy(y.astype("int64"))

    def name(stem):
        gz = os.path.join(data_dir, stem + ".gz")
        return stem + ".gz" if os.path.exists(gz) else stem

    x_train, y_train = pair(name("train-images-idx3-ubyte"), name("train-labels-idx1-ubyte"),
                            train_limit)
    x_test, y_test = pair(name("t10k-images-idx3-ubyte"), name("t10k-labels-idx1-ubyte"),
                          test_limit)
    return x_train, y_train, x_test, y_test


def make_model(torch, arch):
    nn = torch.nn
    if arch == "mlp":   # ParM's base-mlp: 784-200-100-10, ReLU
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 100),
                             nn.ReLU(), nn.Linear(100, 10))
    if arch == "logreg":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    if arch == "lenet":  # LeNet-5 (LeCun et al. 1998) with padding 2 on 28x28, ReLU, max-pool
        return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                             nn.Linear(84, 10))
    if arch == "widecnn":
        return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
                             nn.Linear(128, 10))
    raise ValueError(arch)


def train_deployed(torch, arch, x, y, epochs, generator, log):
    model = make_model(torch, arch)
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x.shape[0]
    model.train()
    for epoch in range(epochs):
        started = time.perf_counter()
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, BASE_BATCH):
            idx = order[start:start + BASE_BATCH]
            optimiser.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            optimiser.step()
        log(f"  {arch} deployed epoch {epoch + 1}/{epochs}: last loss {loss.item():.4f} "
            f"({time.perf_counter() - started:.1f} s)")
    model.eval()
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    return model


def downsampled(torch, x, k):
    """The per-image part of the concatenation encoder: (n, 1, 28, 28/2) for k = 2, 14x14 for 4."""
    f = torch.nn.functional
    if k == 2:
        return f.avg_pool2d(x, kernel_size=(1, 2))
    if k == 4:
        return f.avg_pool2d(x, kernel_size=2)
    raise ValueError(k)


def encode(torch, encoder, x, small, members):
    """The parity queries of groups `members` (b, k): summation or concatenation."""
    if encoder == "sum":
        return x[members].sum(dim=1)
    k = members.shape[1]
    parts = small[members]                       # (b, k, 1, h, w)
    if k == 2:
        return torch.cat([parts[:, 0], parts[:, 1]], dim=3)
    top = torch.cat([parts[:, 0], parts[:, 1]], dim=3)
    bottom = torch.cat([parts[:, 2], parts[:, 3]], dim=3)
    return torch.cat([top, bottom], dim=2)


def outputs_of(torch, model, x):
    with torch.no_grad():
        return torch.cat([model(x[i:i + 1000]) for i in range(0, x.shape[0], 1000)])


def train_parity(torch, arch, outputs, x, k, encoder, epochs, generator, log, checkpoint=None):
    """Trains P so that P(encode(x_1..x_k)) ~ F(x_1) + ... + F(x_k); `outputs` = F on x.
    `checkpoint(epoch, model)`, if given, is called after every epoch (the learning curve)."""
    model = make_model(torch, arch)
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
    loss_fn = torch.nn.MSELoss()
    small = downsampled(torch, x, k) if encoder == "concat" else None
    n = x.shape[0]
    groups = n // k
    batch = parity_batch(k)
    model.train()
    for epoch in range(epochs):
        started = time.perf_counter()
        order = torch.randperm(n, generator=generator)[:groups * k].view(groups, k)
        total = 0.0
        for start in range(0, groups, batch):
            members = order[start:start + batch]
            optimiser.zero_grad()
            loss = loss_fn(model(encode(torch, encoder, x, small, members)),
                           outputs[members].sum(dim=1))
            loss.backward()
            optimiser.step()
            total += loss.item() * members.shape[0]
        log(f"  {arch} parity k={k} {encoder} epoch {epoch + 1}/{epochs}: MSE {total / groups:.4f}"
            f" ({time.perf_counter() - started:.1f} s)")
        if checkpoint is not None:
            model.eval()
            checkpoint(epoch + 1, model)
            model.train()
    model.eval()
    return model


def evaluate_parity(torch, deployed, parity, x, y, k, encoder, generator):
    """Degraded-mode accuracy: every group, each position erased in turn, erased one scored."""
    n = x.shape[0]
    groups = n // k
    order = torch.randperm(n, generator=generator)[:groups * k].view(groups, k)
    small = downsampled(torch, x, k) if encoder == "concat" else None
    with torch.no_grad():
        outputs = deployed(x)
        parity_out = parity(encode(torch, encoder, x, small, order))
        member_out = outputs[order]
        total = member_out.sum(dim=1, keepdim=True)
        reconstructed = parity_out.unsqueeze(1) - (total - member_out)
        correct = reconstructed.argmax(dim=2) == y[order]
    return correct.double().mean().item(), int(correct.numel())


def accuracy(torch, model, x, y):
    with torch.no_grad():
        return (model(x).argmax(dim=1) == y).double().mean().item()


def versions(torch):
    import numpy
    return f"torch {torch.__version__}, numpy {numpy.__version__}, Python {platform.python_version()}"


def run_parity(torch, args, data, log):
    x_train, y_train, x_test, y_test = data
    os.makedirs(args.runs, exist_ok=True)
    for arch in args.arch:
        for seed in args.seeds:
            started = time.perf_counter()
            cpu_started = time.process_time()
            torch.manual_seed(seed)
            generator = torch.Generator().manual_seed(seed)
            base_epochs = args.base_epochs or DEPLOYED_EPOCHS[arch]
            epochs = args.epochs or PARITY_EPOCHS[arch]
            deployed = train_deployed(torch, arch, x_train, y_train, base_epochs, generator, log)
            available = accuracy(torch, deployed, x_test, y_test)
            log(f"{arch} seed {seed}: available accuracy {available:.4f}")
            outputs = outputs_of(torch, deployed, x_train)   # F is frozen: its outputs, once
            rows = []
            for k in args.k:
                for encoder in args.encoders:
                    if encoder == "concat" and k not in CONCAT_K:
                        continue
                    stream = seed * 1000 + k + (100 if encoder == "concat" else 0)
                    torch.manual_seed(stream)
                    train_gen = torch.Generator().manual_seed(stream)
                    eval_gen = torch.Generator().manual_seed(stream + 500)
                    k_started = time.perf_counter()
                    curve = []

                    def checkpoint(epoch, model, k=k, encoder=encoder, stream=stream):
                        # Learning curve for the record only (--curve-every): the epochs are
                        # fixed in advance, never chosen from these test-set figures.
                        if args.curve_every and epoch % args.curve_every == 0:
                            gen = torch.Generator().manual_seed(stream + 500)
                            value, _ = evaluate_parity(torch, deployed, model, x_test, y_test, k,
                                                       encoder, gen)
                            curve.append([epoch, round(value, 4)])
                            log(f"  curve: epoch {epoch}: degraded accuracy {value:.4f}")

                    parity = train_parity(torch, arch, outputs, x_train, k, encoder, epochs,
                                          train_gen, log, checkpoint)
                    degraded, scored = evaluate_parity(torch, deployed, parity, x_test, y_test,
                                                       k, encoder, eval_gen)
                    log(f"{arch} seed {seed} k={k} {encoder}: degraded accuracy {degraded:.4f}"
                        f" over {scored} ({time.perf_counter() - k_started:.1f} s)")
                    rows.append({"k": k, "encoder": encoder, "degraded_accuracy": degraded,
                                 "scored": scored})
                    if curve:
                        rows[-1]["curve"] = curve
            result = {"dataset": DATASET, "arch": arch, "seed": seed,
                      "train_images": int(x_train.shape[0]), "test_images": int(x_test.shape[0]),
                      "epochs_deployed": base_epochs, "epochs_parity": epochs,
                      "available_accuracy": available, "parity": rows,
                      "wall_s": round(time.perf_counter() - started, 1),
                      "cpu_s": round(time.process_time() - cpu_started, 1),
                      "threads": args.threads, "software": versions(torch)}
            path = os.path.join(args.runs, f"{arch}_seed{seed}.json")
            with open(path + ".tmp", "w", encoding="utf-8") as handle:
                json.dump(result, handle, indent=1)
                handle.write("\n")
            os.replace(path + ".tmp", path)
            log(f"wrote {path} ({result['wall_s']} s wall, {result['cpu_s']} s CPU)")


def binomial_halfwidth(p, n):
    return 1.959964 * math.sqrt(p * (1.0 - p) / n)


def write_csv(path, columns, rows):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(path + ".tmp", path)


def write_parity_table(runs_dir, out, log):
    runs = []
    for name in sorted(os.listdir(runs_dir)):
        if name.endswith(".json"):
            with open(os.path.join(runs_dir, name), encoding="utf-8") as handle:
                runs.append(json.load(handle))
    if not runs:
        raise SystemExit(f"train_fmnist.py: no runs in {runs_dir}")
    cells = {}
    for run in runs:
        for row in run["parity"]:
            key = (run["arch"], row["k"], row["encoder"])
            cells.setdefault(key, []).append((run, row))
    rows = []
    order = {"mlp": 0, "lenet": 1}
    for (arch, k, encoder), entries in sorted(
            cells.items(), key=lambda c: (order.get(c[0][0], 2), c[0][2] != "sum", c[0][1])):
        entries.sort(key=lambda e: e[0]["seed"])
        available = [e[0]["available_accuracy"] for e in entries]
        degraded = [e[1]["degraded_accuracy"] for e in entries]
        scored = entries[0][1]["scored"]
        mean_degraded = sum(degraded) / len(degraded)
        seeds = " ".join(str(e[0]["seed"]) for e in entries)
        run = entries[0][0]
        source = (f"measured by servesim: models/parity/train_fmnist.py parity --arch {arch} "
                  f"--seeds {seeds}; mean over seeds of accuracy on the {run['test_images']} "
                  f"test images ({scored} scored reconstructions per seed); {run['software']}")
        rows.append({
            "dataset": DATASET, "model": MODEL_NAMES[arch], "k": k, "r": 1, "encoder": encoder,
            "decoder": DECODER,
            "available_accuracy": f"{sum(available) / len(available):.4f}",
            "degraded_accuracy": f"{mean_degraded:.4f}", "seeds": len(entries),
            "available_seed_min": f"{min(available):.4f}",
            "available_seed_max": f"{max(available):.4f}",
            "degraded_seed_min": f"{min(degraded):.4f}", "degraded_seed_max": f"{max(degraded):.4f}",
            "degraded_binomial_ci95": f"{binomial_halfwidth(mean_degraded, scored):.4f}",
            "epochs_deployed": run["epochs_deployed"], "epochs_parity": run["epochs_parity"],
            "source": source})
    write_csv(out, PARITY_COLUMNS, rows)
    log(f"wrote {out} ({len(rows)} rows from {len(runs)} runs)")


def run_ensemble(torch, args, data, log):
    x_train, y_train, x_test, y_test = data
    members = args.members
    per_seed = []
    for seed in args.seeds:
        probabilities = {}
        for index, arch in enumerate(members):
            started = time.perf_counter()
            stream = seed * 1000 + 700 + index
            torch.manual_seed(stream)
            generator = torch.Generator().manual_seed(stream)
            epochs = args.base_epochs or ENSEMBLE_EPOCHS[arch]
            model = train_deployed(torch, arch, x_train, y_train, epochs, generator, log)
            with torch.no_grad():
                probabilities[arch] = torch.softmax(model(x_test), dim=1)
            log(f"ensemble seed {seed} {arch}: accuracy "
                f"{(probabilities[arch].argmax(1) == y_test).double().mean().item():.4f} "
                f"({time.perf_counter() - started:.1f} s)")
        accuracies = {}
        for width in range(1, len(members) + 1):
            for subset in itertools.combinations(members, width):
                mean = sum(probabilities[m] for m in subset) / width
                accuracies[subset] = (mean.argmax(1) == y_test).double().mean().item()
        per_seed.append(accuracies)
    epochs = " ".join(f"{m}={args.base_epochs or ENSEMBLE_EPOCHS[m]}" for m in members)
    source = (f"measured by servesim: models/parity/train_fmnist.py ensemble --seeds "
              f"{' '.join(map(str, args.seeds))} (epochs {epochs}); averaged softmax of the "
              f"members; mean over seeds of top-1 on the {x_test.shape[0]} test images; "
              f"{versions(torch)}")
    rows = []
    for subset in per_seed[0]:
        values = [s[subset] for s in per_seed]
        rows.append({"dataset": DATASET, "members": "+".join(subset),
                     "top1_accuracy": f"{sum(values) / len(values):.4f}", "seeds": len(values),
                     "seed_min": f"{min(values):.4f}", "seed_max": f"{max(values):.4f}",
                     "source": source})
    write_csv(args.out or DEFAULT_ENSEMBLE_OUT, ENSEMBLE_COLUMNS, rows)
    log(f"wrote {args.out or DEFAULT_ENSEMBLE_OUT} ({len(rows)} subsets)")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["parity", "table", "ensemble"])
    parser.add_argument("--arch", nargs="+", default=["mlp", "lenet"], choices=["mlp", "lenet"],
                        help="parity: deployed architectures")
    parser.add_argument("--members", nargs="+", default=["logreg", "mlp", "lenet", "widecnn"],
                        choices=sorted(MODEL_NAMES), help="ensemble: member architectures")
    parser.add_argument("--seeds", type=int, nargs="+", default=None,
                        help="training seeds (default: 0 1 2)")
    parser.add_argument("--k", type=int, nargs="+", default=[2, 3, 4])
    parser.add_argument("--encoders", nargs="+", default=["sum", "concat"],
                        choices=["sum", "concat"])
    parser.add_argument("--epochs", type=int, default=0,
                        help="parity epochs (0: the per-architecture default)")
    parser.add_argument("--base-epochs", type=int, default=0,
                        help="deployed/member epochs (0: the per-architecture default)")
    parser.add_argument("--curve-every", type=int, default=0,
                        help="parity: also record degraded accuracy every N epochs (0: never)")
    parser.add_argument("--train-limit", type=int, default=None,
                        help="use only the first N training images (smoke tests)")
    parser.add_argument("--test-limit", type=int, default=None,
                        help="use only the first N test images (smoke tests)")
    parser.add_argument("--data", default=DATA_DIR, help="folder of the Fashion-MNIST IDX files")
    parser.add_argument("--runs", default=DEFAULT_RUNS, help="parity: folder of per-run JSON")
    parser.add_argument("--out", default=None, help="CSV to write")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    if args.seeds is None:
        args.seeds = [0, 1, 2]
    if any(s < 0 for s in args.seeds) or len(set(args.seeds)) != len(args.seeds):
        parser.error("--seeds takes distinct integers >= 0")
    if any(k < 2 or k > 64 for k in args.k) or len(set(args.k)) != len(args.k):
        parser.error("--k takes distinct group sizes in [2, 64]")
    for name in ("epochs", "base_epochs"):
        if getattr(args, name) < 0:
            parser.error(f"--{name.replace('_', '-')} must be >= 0")
    if args.threads < 1:
        parser.error("--threads must be >= 1")
    return args


def main(argv):
    args = parse_args(argv)
    import_or_exit()
    import torch
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    def log(message):
        print(message, flush=True)

    started = time.perf_counter()
    if args.command == "table":
        write_parity_table(args.runs, args.out or DEFAULT_PARITY_OUT, log)
        return 0
    if not os.path.isdir(args.data):
        sys.stderr.write(f"train_fmnist.py: no Fashion-MNIST in {args.data} (Debian: apt-get "
                         "install -y dataset-fashion-mnist, or tools/deps.sh --train)\n")
        return 2
    data = load_fmnist(torch, args.data, args.train_limit, args.test_limit)
    log(f"Fashion-MNIST: {data[0].shape[0]} train / {data[2].shape[0]} test images "
        f"({args.threads} torch threads)")
    if args.command == "parity":
        run_parity(torch, args, data, log)
        write_parity_table(args.runs, args.out or DEFAULT_PARITY_OUT, log)
    else:
        run_ensemble(torch, args, data, log)
    log(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
