"""Brian2 (C++ standalone) peer of the spiking benchmark: Brette et al. 2007 benchmark 4.

Same network as benchmarks/src/suites/spiking.ts: LIF, tau_m 20 ms, rest -49 mV, threshold -50 mV,
reset -60 mV, 5 ms refractory, 80/20 E/I, 2% connectivity, voltage jumps +0.25 / -2.25 mV, no delay,
initial potentials uniform in [reset, threshold], 1 s of biological time; input arriving
during the refractory period is discarded, as in the event-driven simulator. Brian2 is clock-driven
(dt = 0.1 ms). The project is compiled once; then the binary alone is timed (median of repeats), and
the build + compile time is reported separately.

Prints one JSON line.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import brian2 as b2

neurons = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
workdir = tempfile.mkdtemp(prefix="brian2-brette4-")

b2.set_device("cpp_standalone", directory=workdir, build_on_run=False)
b2.prefs.devices.cpp_standalone.openmp_threads = 0  # one thread, like the event-driven simulator
b2.seed(1)
exc = int(round(neurons * 0.8))
eqs = "dv/dt = (-49*mV - v) / (20*ms) : volt (unless refractory)"
group = b2.NeuronGroup(neurons, eqs, threshold="v > -50*mV", reset="v = -60*mV", refractory=5 * b2.ms, method="exact")
group.v = "-60*mV + rand() * 10*mV"
excitatory = b2.Synapses(group[:exc], group, on_pre="v += 0.25*mV * int(not_refractory)")
excitatory.connect(p=0.02)
inhibitory = b2.Synapses(group[exc:], group, on_pre="v -= 2.25*mV * int(not_refractory)")
inhibitory.connect(p=0.02)
spikes = b2.SpikeMonitor(group, record=False)
b2.run(1 * b2.second)

t0 = time.perf_counter()
b2.device.build(directory=workdir, compile=True, run=False)
build_seconds = time.perf_counter() - t0

binary = os.path.join(workdir, "main")
run_seconds = []
for _ in range(repeats):
    t0 = time.perf_counter()
    subprocess.run([binary], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    run_seconds.append(time.perf_counter() - t0)

print(json.dumps({
    "peer": "brian2-cpp-standalone",
    "version": b2.__version__,
    "neurons": neurons,
    "simulatedMs": 1000,
    "buildAndCompileSeconds": build_seconds,
    "binarySeconds": run_seconds,
    "medianBinarySeconds": statistics.median(run_seconds),
}))
