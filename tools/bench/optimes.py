"""PyTorch twin of OpTimes.java: forward and backward time of each layer of a benchmark model,
same shapes, same method (best of 7 repetitions of CALLS calls; backward = (forward + backward)
minus forward, the input's gradient reset each call).

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 tools/bench/optimes.py lenet|cnn|resnet 10 [NAME-FILTER] [THREADS]
"""
import sys
import time

import torch
import torch.nn.functional as F


def param(*shape):
    return (torch.randn(*shape) * 0.1).requires_grad_()


def ops_of(workload):
    one, two, zero = (1, 1), (2, 2), (0, 0)
    if workload == "lenet":
        w1, b1, w2, b2 = param(6, 1, 5, 5), param(6), param(16, 6, 5, 5), param(16)
        l1, c1, l2, c2, l3, c3 = param(120, 400), param(120), param(84, 120), param(84), param(10, 84), param(10)
        return [
            ("conv1 5x5 1->6 pad2", (64, 1, 28, 28), lambda x: F.conv2d(x, w1, b1, 1, 2)),
            ("relu 64x6x28x28", (64, 6, 28, 28), lambda x: F.relu(x)),
            ("pool 64x6x28x28", (64, 6, 28, 28), lambda x: F.max_pool2d(x, 2)),
            ("conv2 5x5 6->16", (64, 6, 14, 14), lambda x: F.conv2d(x, w2, b2, 1, 0)),
            ("relu 64x16x10x10", (64, 16, 10, 10), lambda x: F.relu(x)),
            ("pool 64x16x10x10", (64, 16, 10, 10), lambda x: F.max_pool2d(x, 2)),
            ("fc 400-120-84-10", (64, 400), lambda x: F.linear(F.relu(F.linear(F.relu(F.linear(x, l1, c1)), l2, c2)), l3, c3)),
        ]
    if workload == "cnn":
        w1, w2, w3, w4 = param(32, 1, 3, 3), param(32, 32, 3, 3), param(64, 32, 3, 3), param(64, 64, 3, 3)
        b, b32 = param(64), param(32)
        l1, c1 = param(128, 3136), param(128)
        return [
            ("conv 1->32 28", (128, 1, 28, 28), lambda x: F.conv2d(x, w1, b32, 1, 1)),
            ("conv 32->32 28", (128, 32, 28, 28), lambda x: F.conv2d(x, w2, b32, 1, 1)),
            ("bn+relu 32x28", (128, 32, 28, 28), lambda x: F.relu(F.batch_norm(x, None, None, b32, b32, True, 0.1, 1e-5))),
            ("pool 32x28", (128, 32, 28, 28), lambda x: F.max_pool2d(x, 2)),
            ("conv 32->64 14", (128, 32, 14, 14), lambda x: F.conv2d(x, w3, b, 1, 1)),
            ("conv 64->64 14", (128, 64, 14, 14), lambda x: F.conv2d(x, w4, b, 1, 1)),
            ("bn+relu 64x14", (128, 64, 14, 14), lambda x: F.relu(F.batch_norm(x, None, None, b, b, True, 0.1, 1e-5))),
            ("pool 64x14", (128, 64, 14, 14), lambda x: F.max_pool2d(x, 2)),
            ("dropout+fc 3136-128", (128, 3136), lambda x: F.linear(F.dropout(x, 0.25, True), l1, c1)),
        ]
    s, a16 = param(16, 1, 3, 3), param(16, 16, 3, 3)
    b1, b2, c1, c2 = param(32, 16, 3, 3), param(32, 32, 3, 3), param(64, 32, 3, 3), param(64, 64, 3, 3)
    pr1, pr2 = param(32, 16, 1, 1), param(64, 32, 1, 1)
    g16, g32, g64 = param(16), param(32), param(64)
    bnrelu = lambda g: (lambda x: F.relu(F.batch_norm(x, None, None, g, g, True, 0.1, 1e-5)))
    return [
        ("stem 1->16 28", (128, 1, 28, 28), lambda x: F.conv2d(x, s, None, one, one)),
        ("x4 conv 16->16 28", (128, 16, 28, 28), lambda x: F.conv2d(x, a16, None, one, one)),
        ("x5 bn+relu 16x28", (128, 16, 28, 28), bnrelu(g16)),
        ("x2 addrelu 16x28", (128, 16, 28, 28), lambda x: F.relu(x + x)),
        ("conv 16->32 s2", (128, 16, 28, 28), lambda x: F.conv2d(x, b1, None, two, one)),
        ("proj 16->32 1x1 s2", (128, 16, 28, 28), lambda x: F.conv2d(x, pr1, None, two, zero)),
        ("x3 conv 32->32 14", (128, 32, 14, 14), lambda x: F.conv2d(x, b2, None, one, one)),
        ("x5 bn+relu 32x14", (128, 32, 14, 14), bnrelu(g32)),
        ("conv 32->64 s2", (128, 32, 14, 14), lambda x: F.conv2d(x, c1, None, two, one)),
        ("proj 32->64 1x1 s2", (128, 32, 14, 14), lambda x: F.conv2d(x, pr2, None, two, zero)),
        ("x3 conv 64->64 7", (128, 64, 7, 7), lambda x: F.conv2d(x, c2, None, one, one)),
        ("x5 bn+relu 64x7", (128, 64, 7, 7), bnrelu(g64)),
    ]


def run(f, x, g, backward):
    x.grad = None
    y = f(x)
    if backward:
        y.backward(g)


def main():
    workload = sys.argv[1] if len(sys.argv) > 1 else "resnet"
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    name_filter = sys.argv[3] if len(sys.argv) > 3 else ""
    torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
    forward_total = backward_total = 0.0
    for name, shape, f in ops_of(workload):
        if name_filter not in name:
            continue
        x = torch.randn(*shape).requires_grad_()
        g = torch.randn(f(x).shape)
        for _ in range(2 * calls):
            run(f, x, g, True)
        forward = both = float("inf")
        for _ in range(7):
            t0 = time.perf_counter()
            for _ in range(calls):
                run(f, x, g, False)
            t1 = time.perf_counter()
            for _ in range(calls):
                run(f, x, g, True)
            t2 = time.perf_counter()
            forward = min(forward, (t1 - t0) * 1e3 / calls)
            both = min(both, (t2 - t1) * 1e3 / calls)
        forward_total += forward
        backward_total += both - forward
        print(f"{name:<24} fwd {forward:7.3f} ms  bwd {both - forward:7.3f} ms")
    print(f"{'TOTAL':<24} fwd {forward_total:7.3f} ms  bwd {backward_total:7.3f} ms")


if __name__ == "__main__":
    main()
