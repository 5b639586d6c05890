#!/usr/bin/env python3
"""Train ParM parity models on scikit-learn's 8x8 digits and measure degraded-mode accuracy.

Reproduces the training recipe of parity models (Kosaian, Rashmi, Venkataraman, "Parity Models:
Erasure-Coded Resilience for Prediction Serving Systems", SOSP'19; recipe as recorded in the
project notes parm_testbed.md) on a data set small enough to train on a laptop CPU in minutes:

  deployed model F   an MLP 64-128-64-10 (ReLU), trained with cross-entropy and then frozen;
  parity model P     the same architecture, fresh initialisation, one per k;
  encoder            summation: the parity query of a group is x_1 + ... + x_k (r = 1);
  decoder            subtraction: the lost output j is P(sum x) - sum_{i != j} F(x_i);
  loss               MSE between P(x_1 + ... + x_k) and F(x_1) + ... + F(x_k), where F's outputs
                     are its logits (the model's output layer, before any softmax);
  optimiser          Adam, lr 1e-3, weight decay 1e-5; minibatch 64 groups for k = 2, 32 otherwise;
  evaluation         test inputs are shuffled (seeded) and cut into consecutive groups of k; every
                     group is evaluated with each position erased in turn, and only the erased
                     position's reconstruction is scored (argmax against its label).

Data: sklearn.datasets.load_digits (1797 images of 8x8 pixels, values 0..16, shipped inside the
scikit-learn package, nothing downloaded), scaled to [0, 1], split 70/30 stratified with
train_test_split(random_state=seed). The deployed model uses the same Adam settings for
--base-epochs epochs of minibatches of 64. One parity-training epoch is one pass over the training
set: a fresh seeded shuffle cut into floor(n/k) groups of k consecutive inputs, so every epoch sees
new groupings and every training input once.

Output: a CSV in the format of models/accuracy/*.csv (the accuracy tables a scenario's
`redundancy.accuracy` reads; see docs/scenario.md): one row per k with available_accuracy (F on
the whole test split) and degraded_accuracy (reconstructed outputs, as above).

Needs Debian's python3-torch and python3-sklearn:
  apt-get install -y python3-torch python3-sklearn
  /usr/bin/python3 models/parity/train_parity.py            # from the repository root

Usage:
  train_parity.py [--seed 0] [--k 2 3 4] [--epochs 1000] [--base-epochs 100] [--threads 1]
                  [--out models/accuracy/parity_digits.csv]

Exit codes: 0 success; 2 bad usage or a missing package (with the apt-get line to run).
"""

import argparse
import csv
import os
import platform
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO_ROOT, "models", "accuracy", "parity_digits.csv")

DATASET = "sklearn-digits-8x8"
MODEL = "MLP 64-128-64-10"
ENCODER = "sum"
DECODER = "subtraction"
COLUMNS = ["dataset", "model", "k", "r", "encoder", "decoder", "available_accuracy",
           "degraded_accuracy", "source"]

# ParM's recipe (parm_testbed.md): Adam lr 1e-3, weight decay 1e-5; minibatch 64 for k = 2, else 32.
LEARNING_RATE = 1e-3
WEIGHT_DECAY = 1e-5
BASE_BATCH = 64
TEST_FRACTION = 0.3


def parity_batch(k):
    return 64 if k == 2 else 32


def import_or_exit():
    """Imports torch, numpy and scikit-learn, or exits 2 with the apt-get line that installs them."""
    try:
        import numpy  # noqa: F401
        import sklearn  # noqa: F401
        import torch  # noqa: F401
    except ImportError as error:
        sys.stderr.write(
            f"error: {error}; needs Debian's python3-torch and python3-sklearn:\n"
            "  apt-get install -y python3-torch python3-sklearn\n"
            "and run with /usr/bin/python3 (or tools/python.sh)\n")
        sys.exit(2)


def make_mlp(torch):
    """The architecture of both the deployed and the parity models: 64-128-64-10, ReLU."""
    nn = torch.nn
    return nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(),
                         nn.Linear(64, 10))


def load_split(seed):
    """Digits scaled to [0, 1], split 70/30 stratified; returns float32/int64 numpy arrays."""
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int64)
    return train_test_split(x, y, test_size=TEST_FRACTION, stratify=y, random_state=seed)


def train_deployed(torch, x_train, y_train, epochs, generator):
    model = make_mlp(torch)
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x_train.shape[0]
    model.train()
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, BASE_BATCH):
            idx = order[start:start + BASE_BATCH]
            optimiser.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimiser.step()
    model.eval()
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    return model


def train_parity(torch, deployed, x_train, k, epochs, generator):
    """Trains a parity model for groups of k: P(sum of k inputs) ~ sum of F's k outputs."""
    model = make_mlp(torch)
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
    loss_fn = torch.nn.MSELoss()
    with torch.no_grad():
        outputs = deployed(x_train)  # F is frozen: its outputs on the training set, once
    n = x_train.shape[0]
    groups = n // k
    batch = parity_batch(k)
    model.train()
    last_epoch_loss = 0.0
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator)[:groups * k].view(groups, k)
        epoch_loss = 0.0
        for start in range(0, groups, batch):
            members = order[start:start + batch]           # (b, k) indices
            query = x_train[members].sum(dim=1)            # summation encoder
            target = outputs[members].sum(dim=1)           # sum of the deployed outputs
            optimiser.zero_grad()
            loss = loss_fn(model(query), target)
            loss.backward()
            optimiser.step()
            epoch_loss += loss.item() * members.shape[0]
        last_epoch_loss = epoch_loss / groups
    model.eval()
    return model, last_epoch_loss


def degraded_accuracy(torch, deployed, parity, x_test, y_test, k, generator):
    """Mean over test groups and erased positions of (argmax of the reconstruction == label)."""
    n = x_test.shape[0]
    groups = n // k
    order = torch.randperm(n, generator=generator)[:groups * k].view(groups, k)
    with torch.no_grad():
        outputs = deployed(x_test)                          # F(x_i) for every test input
        parity_out = parity(x_test[order].sum(dim=1))      # P on each group's summed input
        member_out = outputs[order]                         # (groups, k, 10)
        total = member_out.sum(dim=1, keepdim=True)
        # Erasing position j: output_j = P - sum_{i != j} F(x_i) = P - (total - F(x_j)).
        reconstructed = parity_out.unsqueeze(1) - (total - member_out)
        correct = reconstructed.argmax(dim=2) == y_test[order]
        mse = torch.nn.functional.mse_loss(parity_out, total.squeeze(1)).item()
    return correct.double().mean().item(), int(correct.numel()), mse


def available_accuracy(torch, deployed, x_test, y_test):
    with torch.no_grad():
        return (deployed(x_test).argmax(dim=1) == y_test).double().mean().item()


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Train ParM parity models on sklearn digits; write an accuracy table.")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the split, initialisations, shuffles and groupings")
    parser.add_argument("--k", type=int, nargs="+", default=[2, 3, 4],
                        help="group sizes to train parity models for (r = 1)")
    parser.add_argument("--epochs", type=int, default=1000, help="parity-model training epochs")
    parser.add_argument("--base-epochs", type=int, default=100,
                        help="deployed-model training epochs")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    parser.add_argument("--out", default=DEFAULT_OUT, help="CSV to write")
    args = parser.parse_args(argv)
    for name in ("epochs", "base_epochs", "threads"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1")
    if args.seed < 0:
        parser.error("--seed must be >= 0")
    if any(k < 2 or k > 64 for k in args.k) or len(set(args.k)) != len(args.k):
        parser.error("--k takes distinct group sizes in [2, 64]")
    return args


def main(argv):
    args = parse_args(argv)
    import_or_exit()
    import sklearn
    import torch

    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(args.seed)
    start = time.perf_counter()

    x_train, x_test, y_train, y_test = (torch.from_numpy(a) for a in load_split(args.seed))
    generator = torch.Generator().manual_seed(args.seed)
    deployed = train_deployed(torch, x_train, y_train, args.base_epochs, generator)
    available = available_accuracy(torch, deployed, x_test, y_test)
    print(f"deployed {MODEL}: {x_train.shape[0]} train / {x_test.shape[0]} test inputs, "
          f"test accuracy {available:.4f} ({time.perf_counter() - start:.1f} s)")

    command = (f"models/parity/train_parity.py --seed {args.seed} --epochs {args.epochs} "
               f"--base-epochs {args.base_epochs}")
    source = (f"measured by servesim: {command} (torch {torch.__version__}, "
              f"scikit-learn {sklearn.__version__}, Python {platform.python_version()})")
    rows = []
    for k in args.k:
        k_start = time.perf_counter()
        # Each k gets its own streams, so k = 3 gives the same numbers with or without k = 2.
        torch.manual_seed(args.seed * 1000 + k)
        train_gen = torch.Generator().manual_seed(args.seed * 1000 + k)
        eval_gen = torch.Generator().manual_seed(args.seed * 1000 + 500 + k)
        parity, train_mse = train_parity(torch, deployed, x_train, k, args.epochs, train_gen)
        degraded, scored, test_mse = degraded_accuracy(torch, deployed, parity, x_test, y_test, k,
                                                       eval_gen)
        print(f"k={k}: degraded accuracy {degraded:.4f} over {scored} reconstructions; "
              f"parity MSE last epoch {train_mse:.4g} (train), {test_mse:.4g} (test groups) "
              f"({time.perf_counter() - k_start:.1f} s)")
        rows.append({"dataset": DATASET, "model": MODEL, "k": k, "r": 1, "encoder": ENCODER,
                     "decoder": DECODER, "available_accuracy": f"{available:.4f}",
                     "degraded_accuracy": f"{degraded:.4f}", "source": source})

    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    temporary = args.out + ".tmp"
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(temporary, args.out)
    print(f"wrote {args.out} ({time.perf_counter() - start:.1f} s in all, "
          f"{args.threads} torch threads)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
