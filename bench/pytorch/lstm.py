#!/usr/bin/python3
"""PyTorch CPU reference for the nnts LSTM benchmark: train the Keras lstm_text_generation network
(40 one-hot characters, LSTM(128), Dense(60) on the last step) on the fortunes corpus in batches of
128, and report the median milliseconds per training batch for each thread setting.

Run with Debian's interpreter, which has python3-torch:
    /usr/bin/python3 bench/pytorch/lstm.py --out bench/results/pytorch-lstm.json
Without torch it prints one line saying so and exits 0, so the project benchmark can skip it.
Without the corpus it times random characters of the same shape (the timing does not depend on the text).
"""
import argparse
import datetime
import json
import os
import re
import statistics
import sys
import time

# The machine description and BLAS helpers are cnn.py's (this folder is on sys.path when run as a script).
from cnn import cpu_model, loaded_blas, set_blas_threads

FORTUNES_DIR = '/usr/share/games/fortunes'  # Debian package fortunes (and fortunes-min)
BATCH = 128
STEPS = 40
STEP = 3  # characters between the starts of consecutive windows, as in the Keras example
VOCABULARY = 60  # ids: padding 0, unknown 1, the 58 most frequent characters
UNITS = 128
SAMPLES = 200 * BATCH  # windows kept, evenly spaced over the corpus (all of them one-hot would be 8 GB)
LEARNING_RATE = 0.01
WARMUP_BATCHES = 5
LOSS_AFTER_STEPS = 20
SEED = 0


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--threads', default='1,2', help='comma-separated torch.set_num_threads values')
    p.add_argument('--seconds', type=float, default=15, help='timed seconds per thread setting (default 15)')
    p.add_argument('--max-batches', type=int, default=600, help='at most this many timed batches per thread setting')
    p.add_argument('--data', default=os.environ.get('NNTS_FORTUNES_DIR') or FORTUNES_DIR, help='folder of fortune files')
    p.add_argument('--out', help='write the results as JSON here')
    args = p.parse_args()
    args.threads = [int(t) for t in args.threads.split(',') if t]
    return args


# ---------------------------------------------------------------- data
# The same text as nnts's loadFortunes and CharTokenizer make (packages/datasets/src/text/), so the
# checksum of the targets matches the TypeScript benchmark's; see README.md.

CONTROL = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f]')
REMOVED = re.compile('[\x00-\x1f\x7f-\x9f]')
LATIN1_RUN = re.compile('[\u0080-\u00ff]{2,}')


def repair_double_decoding(text):
    """UTF-8 read as Latin-1 and saved again, decoded back (up to three times over), as fortune-file.ts does."""
    def decode(match):
        run = match.group(0)
        try:
            # utf-8-sig: a TextDecoder drops a leading byte-order mark too.
            return run.encode('latin-1').decode('utf-8-sig')
        except UnicodeDecodeError:
            return run
    for _ in range(3):
        repaired = LATIN1_RUN.sub(decode, text)
        if repaired == text:
            break
        text = repaired
    return text


def normalize_text(content):
    """Line endings to \\n, double decoding repaired, overstrikes resolved, control characters but \\t and \\n removed."""
    text = repair_double_decoding(re.sub('\r\n?', '\n', content.removeprefix('\ufeff')))
    if not CONTROL.search(text):
        return text
    out = []
    for character in text:
        if character == '\b':
            if out and out[-1] != '\n':
                out.pop()
        elif character in '\t\n' or not REMOVED.match(character):
            out.append(character)
    return ''.join(out)


def parse_fortune_file(content):
    """The entries of one strfile-format file: separated by lines holding only %, blank edge lines dropped."""
    entries, current = [], []

    def close():
        start, end = 0, len(current)
        while start < end and current[start].strip() == '':
            start += 1
        while end > start and current[end - 1].strip() == '':
            end -= 1
        entry = '\n'.join(current[start:end])
        if entry.strip() != '':
            entries.append(entry)
        current.clear()

    for line in normalize_text(content).split('\n'):
        if line == '%':
            close()
        else:
            current.append(line)
    close()
    return entries


def load_fortunes(directory):
    """Every entry of the directory's fortune files (by name; .dat indexes, .u8 links and binary files skipped), joined by '\\n%\\n'."""
    names = sorted(n for n in os.listdir(directory)
                   if not n.startswith('.') and not n.endswith(('.dat', '.u8')) and os.path.isfile(os.path.join(directory, n)))
    texts, files = [], 0
    for name in names:
        with open(os.path.join(directory, name), 'rb') as f:
            raw = f.read()
        if b'\x00' in raw:
            continue
        texts.extend(parse_fortune_file(raw.decode('utf-8-sig')))
        files += 1
    if not texts:
        raise OSError(f'{directory} holds no fortune files')
    return '\n%\n'.join(texts), files


def text_data(directory):
    """One-hot windows [SAMPLES, 40, 60] float32 and next-character ids [SAMPLES] int64, as lstm.bench.ts makes them."""
    import numpy as np
    import torch
    text, files = load_fortunes(directory)
    text = text.lower()  # Keras's example lowercases its corpus; so does the nnts benchmark
    counts = {}
    for character in text:
        if character != '\ufffd':  # the unknown token is never a vocabulary entry
            counts[character] = counts.get(character, 0) + 1
    # Most frequent first, ties by code point (Python compares strings by code point).
    ranked = sorted(counts, key=lambda c: (-counts[c], c))[:VOCABULARY - 2]
    index = {c: i + 2 for i, c in enumerate(ranked)}
    ids = np.fromiter((index.get(c, 1) for c in text), dtype=np.int64, count=len(text))
    windows = -(-(len(ids) - STEPS) // STEP)
    starts = np.array([(i * windows // SAMPLES) * STEP for i in range(SAMPLES)], dtype=np.int64)
    inputs = ids[starts[:, None] + np.arange(STEPS)[None, :]]
    targets = ids[starts + STEPS]
    x = np.zeros((SAMPLES, STEPS, VOCABULARY), dtype=np.float32)
    np.put_along_axis(x, inputs[:, :, None], 1.0, axis=2)
    return {'name': f'fortunes ({files} files)', 'x': torch.from_numpy(x), 'y': torch.from_numpy(targets),
            'windows': windows, 'vocabulary': ''.join(ranked)}


def random_data():
    import torch
    generator = torch.Generator().manual_seed(1)
    inputs = torch.randint(0, VOCABULARY, (SAMPLES, STEPS), generator=generator)
    return {'name': 'random ids, fortunes-shaped', 'x': torch.nn.functional.one_hot(inputs, VOCABULARY).float(),
            'y': torch.randint(0, VOCABULARY, (SAMPLES,), generator=generator), 'windows': None, 'vocabulary': None}


def target_checksum(y):
    """Σ (i + 1)·y[i], the same sum lstm.bench.ts records: equal sums say both trained on the same targets."""
    return int(sum((i + 1) * int(v) for i, v in enumerate(y.tolist())))


# ---------------------------------------------------------------- network

def build_model():
    from torch import nn

    class CharLstm(nn.Module):
        """LSTM(128) over [batch, 40, 60], Dense(60) on the last step's output; logits (CrossEntropyLoss applies the softmax)."""

        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(VOCABULARY, UNITS, batch_first=True)
            self.dense = nn.Linear(UNITS, VOCABULARY)

        def forward(self, x):
            out, _ = self.lstm(x)
            return self.dense(out[:, -1, :])

    return CharLstm()


def training_gflop_per_batch():
    """2 x the multiply-adds of every product of a training batch: forward 2·B·T·(F+U)·4U for the LSTM and
    2·B·U·V for the dense layer, the weight and input gradients the same again each, but the LSTM's input
    gradient 2·B·T·F·4U, which training does not need: 2·B·T·4U·(2F+3U) + 3·2·B·U·V (lstm.bench.ts's formula)."""
    b, t, f, u, v = BATCH, STEPS, VOCABULARY, UNITS, VOCABULARY
    return (2 * b * t * 4 * u * (2 * f + 3 * u) + 3 * 2 * b * u * v) / 1e9


def fresh():
    """A model and optimiser from seed SEED, so every thread setting trains the same starting point."""
    import torch
    torch.manual_seed(SEED)
    model = build_model()
    return model, torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)


def run(threads, data, seconds, max_batches, blas):
    import torch
    torch.set_num_threads(threads)
    set_blas_threads(blas, threads)
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = data['x'], data['y']
    batches_per_epoch = -(-x.shape[0] // BATCH)

    # x.requires_grad is False, so autograd skips the LSTM's input gradient, as nnts's fit does.
    model, opt = fresh()
    gen = torch.Generator().manual_seed(SEED)
    times, losses = [], []
    load = os.getloadavg()[0]  # the machine is shared: a high load explains a slow run
    started = time.perf_counter()
    c0 = time.process_time()
    while True:
        perm = torch.randperm(x.shape[0], generator=gen)
        for b in range(batches_per_epoch):
            idx = perm[b * BATCH:(b + 1) * BATCH]
            t0 = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            losses.append(loss.item())
            if len(losses) > WARMUP_BATCHES:
                times.append(time.perf_counter() - t0)
            done = len(times) >= max_batches or (time.perf_counter() - started > seconds and len(times) >= 10)
            if done and len(losses) > LOSS_AFTER_STEPS:
                break
        else:
            continue
        break
    cpu = time.process_time() - c0
    ms = statistics.median(times) * 1000
    print(f'  threads={threads}: {ms:7.2f} ms per batch (median of {len(times)}; fastest {min(times) * 1000:.2f}), '
          f'loss after {LOSS_AFTER_STEPS} steps {losses[LOSS_AFTER_STEPS]:.4f}, cpu/wall {cpu / (time.perf_counter() - started):.2f}', flush=True)
    return {'threads': threads, 'msPerBatch': round(ms, 2), 'timings': len(times), 'warmupBatches': WARMUP_BATCHES,
            'fastestMs': round(min(times) * 1000, 2), 'slowestMs': round(max(times) * 1000, 2),
            'gflopPerSecond': round(training_gflop_per_batch() / (ms / 1000), 1),
            'firstLoss': round(losses[0], 4), 'lossAfterSteps': {'steps': LOSS_AFTER_STEPS, 'loss': round(losses[LOSS_AFTER_STEPS], 4)},
            'loadAverageBefore': round(load, 2)}


def main():
    args = parse_args()
    try:
        import numpy  # noqa: F401
        import torch
    except ImportError as e:
        print(f'PyTorch LSTM benchmark skipped: {e.name} is not importable by {sys.executable} (Debian: apt install python3-torch)')
        return 0

    try:
        data = text_data(args.data)
    except (OSError, UnicodeDecodeError) as e:
        print(f'the fortunes corpus is not usable ({e}); timing on random characters of its shape (Debian: apt install fortunes)')
        data = random_data()
    gflop = training_gflop_per_batch()
    blas = loaded_blas()
    print(f'torch {torch.__version__}, {cpu_model()}, {os.cpu_count()} cores; {data["name"]}: {SAMPLES} windows of '
          f'{STEPS} one-hot characters ({VOCABULARY} ids), batch {BATCH}, Adam {LEARNING_RATE}; {gflop:.3f} GFLOP per batch; BLAS {blas}')
    if blas and '/blas/' in blas:
        print('  note: the LSTM\'s products run on the reference BLAS (Debian libblas3); see bench/pytorch/README.md')

    runs = [run(t, data, args.seconds, args.max_batches, blas) for t in args.threads]
    best = min(runs, key=lambda r: r['msPerBatch'])
    print(f'best: {best["msPerBatch"]} ms per batch with {best["threads"]} thread(s), {best["gflopPerSecond"]} GFLOP/s')

    if args.out:
        result = {
            'benchmark': 'lstm', 'torch': torch.__version__, 'machine': cpu_model(), 'cores': os.cpu_count(), 'blas': blas,
            'date': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
            'data': data['name'], 'windows': data['windows'], 'samples': SAMPLES, 'vocabulary': data['vocabulary'],
            'targetChecksum': target_checksum(data['y']), 'batchSize': BATCH, 'optimizer': 'adam', 'learningRate': LEARNING_RATE,
            'gflopPerBatch': round(gflop, 3), 'runs': runs,
            'best': {'msPerBatch': best['msPerBatch'], 'threads': best['threads'], 'gflopPerSecond': best['gflopPerSecond']},
        }
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as f:
            json.dump(result, f, indent=2, ensure_ascii=False)
            f.write('\n')
        print(f'wrote {args.out}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
