"""torch.autograd.gradcheck on the bench's networks and smooth black-box f (bench/smooth.mjs), as a side-by-side peer (never a test dependency).

Reads a JSON file of networks (layers, flat weights in gradcheck's layout, one input, one target)
and prints JSON: per network, median seconds of gradcheck in slow and fast mode and of one e(w).
Settings as in issue 4: eps=1e-6, atol=1e-5, rtol=1e-3, float64, one thread, tanh at every
layer, squared error e = sum_j (x_j - y_j)^2. Run with Debian's python: /usr/bin/python3.
`--cold n`: one slow-mode gradcheck of the smooth f in a fresh process; `--cold-network file i`: of network i
of the points file (bench/small-checks.mjs spawns them per sample).
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


def smooth_function(n):
    """bench/smooth.mjs's f in torch: sum_k c_k sin(x_k) + 0.1 x_k x_{k+1 mod n}, c_k = 1 + k/n."""
    c = 1 + torch.arange(n, dtype=torch.float64) / n
    return lambda x: (c * torch.sin(x)).sum() + 0.1 * (x * torch.roll(x, -1)).sum()


def smooth_point(n):
    return torch.sin(torch.arange(1, n + 1, dtype=torch.float64)).requires_grad_(True)


def cold(n):
    """One gradcheck, slow mode, on the smooth f in this fresh process: its seconds (torch imported, f built, not timed)."""
    e = smooth_function(n)
    x = smooth_point(n)
    start = time.perf_counter()
    ok = torch.autograd.gradcheck(e, (x,), eps=1e-6, atol=1e-5, rtol=1e-3, fast_mode=False, raise_exception=False)
    print(json.dumps({"seconds": time.perf_counter() - start, "ok": ok}))


def cold_network(file, i):
    """One slow-mode gradcheck of network i of the points file, in this fresh process."""
    net = json.load(open(file))[i]
    w = torch.tensor(net["w"], dtype=torch.float64, requires_grad=True)
    e = error_function(net["layers"], torch.tensor(net["input"], dtype=torch.float64), torch.tensor(net["target"], dtype=torch.float64))
    start = time.perf_counter()
    ok = torch.autograd.gradcheck(e, (w,), eps=1e-6, atol=1e-5, rtol=1e-3, fast_mode=False, raise_exception=False)
    print(json.dumps({"seconds": time.perf_counter() - start, "ok": ok}))


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
    if sys.argv[1] == "--cold":
        return cold(int(sys.argv[2]))
    if sys.argv[1] == "--cold-network":
        return cold_network(sys.argv[2], int(sys.argv[3]))
    networks = json.load(open(sys.argv[1]))
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "networks": [], "smooth": []}
    for n in networks[0].get("smooth", []) if networks and "smooth" in networks[0] else []:
        e = smooth_function(n)
        x = smooth_point(n)
        row = {"n": n}
        run = lambda: torch.autograd.gradcheck(e, (x,), eps=1e-6, atol=1e-5, rtol=1e-3, fast_mode=False, raise_exception=False)
        row["slow_s"], row["slow_repeats"] = median_seconds(run, 1.0)
        out["smooth"].append(row)
        print(json.dumps(row), file=sys.stderr)
    networks = [net for net in networks if "layers" in net]
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
