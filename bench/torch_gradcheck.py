"""torch.autograd.gradcheck on the bench's networks, as a side-by-side peer (never a test dependency).

Reads a JSON file of networks (layers, flat weights in gradcheck's layout, one input, one target)
and prints JSON: per network, median seconds of gradcheck in slow and fast mode and of one e(w).
Settings as in issue 4: eps=1e-6, atol=1e-5, rtol=1e-3, float64, one thread, tanh at every
layer, squared error e = sum_j (x_j - y_j)^2. Run with Debian's python: /usr/bin/python3.
"""
import json
import statistics
import sys
import time

import torch

torch.set_num_threads(1)


def error_function(layers, x, y):
    """e(w) with w_ij^(l) at offset(l) + i*d(l) + j, i = 0 the bias row."""
    def e(w):
        a = x
        offset = 0
        for l in range(1, len(layers)):
            fan_in, width = layers[l - 1], layers[l]
            block = w[offset:offset + (fan_in + 1) * width].view(fan_in + 1, width)
            offset += (fan_in + 1) * width
            a = torch.tanh(block[0] + a @ block[1:])
        return ((a - y) ** 2).sum()
    return e


def median_seconds(run, budget):
    """Median of repeated runs after one warm-up; repeats fill about `budget` seconds (3 to 50)."""
    start = time.perf_counter()
    run()
    first = time.perf_counter() - start
    repeats = max(3, min(50, int(budget / max(first, 1e-9))))
    if first > budget:
        return first, 1
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), repeats


def main():
    networks = json.load(open(sys.argv[1]))
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "networks": []}
    for net in networks:
        layers = net["layers"]
        w = torch.tensor(net["w"], dtype=torch.float64, requires_grad=True)
        x = torch.tensor(net["input"], dtype=torch.float64)
        y = torch.tensor(net["target"], dtype=torch.float64)
        e = error_function(layers, x, y)
        row = {"name": net["name"], "layers": layers, "n": w.numel()}
        with torch.no_grad():
            row["eval_s"], _ = median_seconds(lambda: e(w), 0.2)
        for mode, fast in (("slow", False), ("fast", True)):
            if mode == "slow" and not net.get("slow", True):
                row["slow_s"] = None
                continue
            ok = []
            run = lambda: ok.append(torch.autograd.gradcheck(e, (w,), eps=1e-6, atol=1e-5, rtol=1e-3, fast_mode=fast, raise_exception=False))
            row[mode + "_s"], row[mode + "_repeats"] = median_seconds(run, net.get("budget", 1.0))
            row[mode + "_ok"] = all(ok)
        out["networks"].append(row)
        print(json.dumps(row), file=sys.stderr)
    print(json.dumps(out))


main()
