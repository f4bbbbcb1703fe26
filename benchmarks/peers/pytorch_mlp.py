"""PyTorch (CPU, one thread) peer of the dense training benchmark: 784-256-10, ReLU, Adam, batch 128.

Prints one JSON line: {"peer": "pytorch", "samplesPerSecond": [...], "matrixProductsSamplesPerSecond": [...], ...}. Same workload as
benchmarks/src/suites/dense.ts: random inputs and labels (throughput does not depend on the data).
"""
import json
import os
import sys
import time

# torch.set_num_threads(1) does not reach the BLAS library Debian's torch calls for its products, which
# otherwise runs a thread per core: one thread means these too, set before torch loads it.
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import torch  # noqa: E402

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
samples = int(sys.argv[2]) if len(sys.argv) > 2 else 10240
torch.set_num_threads(1)
torch.manual_seed(0)
x = torch.rand(samples, 784)
y = torch.randint(0, 10, (samples,))
model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()


def epoch():
    for start in range(0, samples, 128):
        optimiser.zero_grad()
        loss = loss_fn(model(x[start:start + 128]), y[start:start + 128])
        loss.backward()
        optimiser.step()


epoch()  # warm-up
# Per wall second, and per second of this process's CPU time (steadier on a shared machine).
rates, cpu_rates = [], []
for _ in range(repeats):
    t0, c0 = time.perf_counter(), time.process_time()
    epoch()
    rates.append(samples / (time.perf_counter() - t0))
    cpu_rates.append(samples / (time.process_time() - c0))

# The step's five matrix products alone (forward 2, kernel gradients 2, the gradient passed down 1),
# operands made once and laid out without transposes, as benchmarks/src/matrix-products-only.ts does.
def products(a, b):
    return torch.rand(a, b) * 2 - 1


xs, xt, w1 = products(128, 784), products(784, 128), products(784, 256)
h, ht, w2, w2t = products(128, 256), products(256, 128), products(256, 10), products(10, 256)
d_logits, d_hidden = products(128, 10), products(128, 256)


def product_step():
    torch.mm(xs, w1)
    torch.mm(h, w2)
    torch.mm(ht, d_logits)
    torch.mm(d_logits, w2t)
    torch.mm(xt, d_hidden)


steps = samples // 128
for _ in range(3):
    product_step()
product_rates, product_cpu_rates = [], []
for _ in range(repeats):
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(steps):
        product_step()
    product_rates.append(steps * 128 / (time.perf_counter() - t0))
    product_cpu_rates.append(steps * 128 / (time.process_time() - c0))
print(json.dumps({"peer": "pytorch", "version": torch.__version__, "threads": 1, "samplesPerSecond": rates,
                  "samplesPerCpuSecond": cpu_rates, "matrixProductsSamplesPerSecond": product_rates,
                  "matrixProductsSamplesPerCpuSecond": product_cpu_rates}))
