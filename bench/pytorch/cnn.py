#!/usr/bin/python3
"""PyTorch CPU reference for the nnts CNN benchmark: train LeNet-5 and the Keras mnist_cnn
example on Fashion-MNIST, one epoch per thread setting, and report wall time and test accuracy.

Run with Debian's interpreter, which has python3-torch:
    /usr/bin/python3 bench/pytorch/cnn.py --out bench/results/pytorch-cnn.json
Without torch or without the data it prints one line saying what is missing and exits 0,
so the project benchmark can skip it.
"""
import argparse
import datetime
import gzip
import json
import os
import platform
import sys
import time

DATA_DIR = '/usr/share/datasets/fashion-mnist'  # Debian package dataset-fashion-mnist
FILES = {
    'train_x': 'train-images-idx3-ubyte.gz',
    'train_y': 'train-labels-idx1-ubyte.gz',
    'test_x': 't10k-images-idx3-ubyte.gz',
    'test_y': 't10k-labels-idx1-ubyte.gz',
}
BATCH = 64
EVAL_BATCH = 1000
WARMUP_BATCHES = 5
SEED = 0


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--epochs', type=int, default=1, help='timed epochs per run (default 1)')
    p.add_argument('--model', choices=['lenet', 'keras', 'all'], default='all')
    p.add_argument('--threads', default='1,2', help='comma-separated torch.set_num_threads values')
    p.add_argument('--data', default=DATA_DIR, help='folder holding the four IDX .gz files')
    p.add_argument('--out', help='write the results as JSON here')
    args = p.parse_args()
    args.threads = [int(t) for t in args.threads.split(',') if t]
    args.models = ['lenet', 'keras'] if args.model == 'all' else [args.model]
    return args


def missing_requirement(data_dir):
    """One line naming what is missing, or None. Checked before anything is measured or written."""
    try:
        import numpy  # noqa: F401
        import torch  # noqa: F401
    except ImportError as e:
        return f'PyTorch CNN benchmark skipped: {e.name} is not importable by {sys.executable} (Debian: apt install python3-torch)'
    absent = [f for f in FILES.values() if not os.path.isfile(os.path.join(data_dir, f))]
    if absent:
        return f'PyTorch CNN benchmark skipped: Fashion-MNIST not found in {data_dir} (missing {", ".join(absent)}; Debian: apt install dataset-fashion-mnist)'
    return None


# ---------------------------------------------------------------- data

def read_idx(path):
    """An IDX file (gzip'd) as a numpy array. Header: 2 zero bytes, dtype code, ndim, then big-endian dims."""
    import numpy as np
    with gzip.open(path, 'rb') as f:
        raw = f.read()
    assert raw[0] == 0 and raw[1] == 0 and raw[2] == 0x08, f'{path}: not an unsigned-byte IDX file'
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_split(data_dir, xs, ys):
    """Images as float32 N x 1 x 28 x 28 in [0, 1] (NCHW), labels as int64 (what CrossEntropyLoss wants)."""
    import numpy as np
    import torch
    x = read_idx(os.path.join(data_dir, FILES[xs])).astype(np.float32) / 255.0
    y = read_idx(os.path.join(data_dir, FILES[ys])).astype(np.int64)
    return torch.from_numpy(x[:, None, :, :].copy()), torch.from_numpy(y)


# ---------------------------------------------------------------- networks

def build(name):
    """The same architectures the TypeScript side builds in Keras NHWC, here in PyTorch NCHW."""
    from torch import nn
    if name == 'lenet':
        return nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),   # 'same': 28x28x6 -> 14x14x6
            nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),             # valid: 10x10x16 -> 5x5x16
            nn.Flatten(),
            nn.Linear(400, 120), nn.ReLU(),
            nn.Linear(120, 84), nn.ReLU(),
            nn.Linear(84, 10),
        )
    if name == 'keras':
        return nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(),                               # 26x26x32
            nn.Conv2d(32, 64, 3), nn.ReLU(),                              # 24x24x64
            nn.MaxPool2d(2), nn.Dropout(0.25),                            # 12x12x64
            nn.Flatten(),
            nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(128, 10),
        )
    raise ValueError(name)


def training_gflop_per_epoch(name, samples):
    """GFLOP of one training epoch: 2 x MACs of every conv and dense product, forward, weight gradient
    and input gradient (all the same size), except that the first layer needs no input gradient.
    MACs per sample are read from the layer shapes by running one sample through the network."""
    import torch
    from torch import nn
    model = build(name)
    macs = []  # forward MACs per sample of each conv/dense layer, in order

    def count(module, inputs, output):
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            macs.append(output[0].numel() * (module.in_channels // module.groups) * kh * kw)
        else:
            macs.append(module.in_features * module.out_features)

    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            m.register_forward_hook(count)
    with torch.no_grad():
        model(torch.zeros(1, 1, 28, 28))
    per_sample = 3 * sum(macs) - macs[0]
    return 2 * per_sample * samples / 1e9


# ---------------------------------------------------------------- training

def train_epoch(model, opt, loss_fn, x, y, perm, limit=None):
    """One pass over x in batches of BATCH taken from perm (the last batch is the remainder)."""
    model.train()
    n = x.shape[0] if limit is None else min(x.shape[0], limit * BATCH)
    for start in range(0, n, BATCH):
        idx = perm[start:start + BATCH]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()


def accuracy(model, x, y):
    import torch
    model.eval()  # dropout off
    correct = 0
    with torch.no_grad():
        for start in range(0, x.shape[0], EVAL_BATCH):
            logits = model(x[start:start + EVAL_BATCH])
            correct += (logits.argmax(1) == y[start:start + EVAL_BATCH]).sum().item()
    return correct / x.shape[0]


def fresh(name):
    """A model and optimiser from seed SEED, so every thread setting trains the same starting point."""
    import torch
    torch.manual_seed(SEED)
    model = build(name)
    return model, torch.optim.Adam(model.parameters(), lr=1e-3)


def loaded_blas():
    """Path of the BLAS library torch's dense layers (mm/addmm) call. Debian's torch is built against the
    generic libblas.so.3, so which one runs depends on the alternatives system: the reference BLAS
    (libblas3) is several times slower than OpenBLAS, which matters for the dense layers."""
    try:
        with open('/proc/self/maps') as f:
            paths = {line.split()[-1] for line in f if 'blas' in line.split()[-1].rsplit('/', 1)[-1]}
    except OSError:
        return None
    # OpenBLAS maps both a libblas.so.3 shim and libopenblas*.so; name the latter.
    return os.path.realpath(sorted(paths, key=lambda p: ('openblas' not in p.rsplit('/', 1)[-1], p))[0]) if paths else None


def set_blas_threads(blas, threads):
    """torch.set_num_threads does not reach a BLAS torch was not built for; OpenBLAS has its own knob."""
    if blas and 'openblas' in blas:
        import ctypes
        ctypes.CDLL(blas).openblas_set_num_threads(threads)


def run(name, threads, epochs, train, test, blas):
    import torch
    torch.set_num_threads(threads)
    set_blas_threads(blas, threads)
    loss_fn = torch.nn.CrossEntropyLoss()
    (x, y), (tx, ty) = train, test

    # Warm-up on a throwaway model of the same shapes: primes oneDNN's primitive cache, the allocator
    # and the thread pool, without letting the timed model see extra batches (accuracy stays that of
    # exactly N epochs).
    model, opt = fresh(name)
    train_epoch(model, opt, loss_fn, x, y, torch.arange(x.shape[0]), limit=WARMUP_BATCHES)

    model, opt = fresh(name)
    gen = torch.Generator().manual_seed(SEED)
    seconds, cpu, accs = [], [], []
    load = os.getloadavg()[0]  # the machine is shared: a high load explains a slow epoch
    for _ in range(epochs):
        perm = torch.randperm(x.shape[0], generator=gen)  # shuffled outside the timed loop
        t0, c0 = time.perf_counter(), time.process_time()
        train_epoch(model, opt, loss_fn, x, y, perm)
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)  # ~ threads x wall when every thread kept a core
        accs.append(accuracy(model, tx, ty))  # untimed
        print(f'  {name:5s} threads={threads} epoch {len(seconds)}: {seconds[-1]:7.2f} s (cpu {cpu[-1]:.1f} s), '
              f'test accuracy {accs[-1]:.4f}', flush=True)
    return {
        'model': name, 'threads': threads, 'epochs': epochs, 'epochSeconds': [round(s, 3) for s in seconds],
        'testAccuracy': accs[-1], 'testAccuracyPerEpoch': accs, 'batchSize': BATCH,
        'cpuSeconds': [round(c, 3) for c in cpu], 'loadAverageBefore': round(load, 2),
    }


# ---------------------------------------------------------------- report

def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown'


def summarise(runs, gflop):
    """best: per network, the thread setting with the fastest epoch (its fastest epoch when N > 1)."""
    best = {}
    for r in runs:
        s = min(r['epochSeconds'])
        if r['model'] not in best or s < best[r['model']]['epochSeconds']:
            best[r['model']] = {'epochSeconds': s, 'threads': r['threads'], 'testAccuracy': r['testAccuracy'],
                                'gflopPerSecond': round(gflop[r['model']] / s, 1)}
    return best


def print_table(runs, gflop):
    print(f'\n{"model":6s} {"threads":>7s} {"epoch s":>9s} {"GFLOP/s":>8s} {"test acc":>9s}   (GFLOP/epoch)')
    for r in runs:
        s = min(r['epochSeconds'])
        print(f'{r["model"]:6s} {r["threads"]:7d} {s:9.2f} {gflop[r["model"]] / s:8.1f} {r["testAccuracy"]:9.4f}   ({gflop[r["model"]]:.1f})')


def main():
    args = parse_args()
    missing = missing_requirement(args.data)
    if missing:
        print(missing)
        return 0
    import torch

    train = load_split(args.data, 'train_x', 'train_y')
    test = load_split(args.data, 'test_x', 'test_y')
    samples = train[0].shape[0]
    gflop = {m: training_gflop_per_epoch(m, samples) for m in args.models}
    blas = loaded_blas()
    print(f'torch {torch.__version__}, {cpu_model()}, {os.cpu_count()} cores; '
          f'{samples} training images, batch {BATCH}, Adam 1e-3; BLAS {blas}')
    if blas and '/blas/' in blas:
        print('  note: dense layers run on the reference BLAS (Debian libblas3); see bench/pytorch/README.md')
    for m in args.models:
        print(f'  {m}: {gflop[m]:.1f} GFLOP per training epoch')

    runs = [run(m, t, args.epochs, train, test, blas) for m in args.models for t in args.threads]
    print_table(runs, gflop)

    if args.out:
        result = {
            'torch': torch.__version__,
            'machine': cpu_model(),
            'cores': os.cpu_count(),
            'blas': blas,
            'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
            'data': 'Fashion-MNIST',
            'samplesPerEpoch': samples,
            'gflopPerEpoch': {m: round(g, 2) for m, g in gflop.items()},
            'runs': runs,
            'best': summarise(runs, gflop),
        }
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as f:
            json.dump(result, f, indent=2)
            f.write('\n')
        print(f'wrote {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
