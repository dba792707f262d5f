"""PyTorch twin of ConvPasses.java: forward, input gradient and weight gradient of one convolution
layer shape (cin:size:cout:kernel:padding:stride), batch 128, best of 30 calls after 10 warm-up calls.

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 tools/bench/conv_passes.py 2 64:7:64:3:1:1 ...
"""
import sys
import time

import torch
import torch.nn.functional as F


def main():
    torch.set_num_threads(int(sys.argv[1]))
    for shape in sys.argv[2:]:
        cin, size, cout, k, pad, stride = map(int, shape.split(":"))
        x, w = torch.randn(128, cin, size, size), torch.randn(cout, cin, k, k)
        grad = torch.randn_like(F.conv2d(x, w, None, stride, pad))
        out = grad.shape[2]
        best = [float("inf")] * 3
        for call in range(40):
            t0 = time.perf_counter()
            F.conv2d(x, w, None, stride, pad)
            t1 = time.perf_counter()
            torch.nn.grad.conv2d_input(x.shape, w, grad, stride, pad)
            t2 = time.perf_counter()
            torch.nn.grad.conv2d_weight(x, w.shape, grad, stride, pad)
            t3 = time.perf_counter()
            if call >= 10:
                best = [min(b, t) for b, t in zip(best, (t1 - t0, t2 - t1, t3 - t2))]
        flops = 2.0 * 128 * cout * cin * k * k * out * out
        f, i, w_ = best
        print("%-16s forward %6.2f ms (%3.0f GFLOPS)  input gradient %6.2f ms (%3.0f)  weight gradient %6.2f ms (%3.0f)"
              % (shape, f * 1e3, flops / f / 1e9, i * 1e3, flops / i / 1e9, w_ * 1e3, flops / w_ / 1e9))


if __name__ == "__main__":
    main()
