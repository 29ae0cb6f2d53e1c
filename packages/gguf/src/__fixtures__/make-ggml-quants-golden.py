# Writes ggml-quants-golden.json: q8_0 / q4_0 blocks from llama.cpp's own numpy quantizers (gguf-py
# quants.py, "bit-exact same results as reference implementation in ggml-quants.c"), an oracle
# independent of this package. gguf-py comes from the llama.cpp sources bundled in node-llama-cpp:
#   git clone node_modules/node-llama-cpp/llama/gitRelease.bundle /tmp/llama.cpp-src
#   python3 make-ggml-quants-golden.py
import sys, json, numpy as np
sys.path.insert(0, '/tmp/llama.cpp-src/gguf-py')
from gguf import quants
from gguf.constants import GGMLQuantizationType as T
rng = np.random.default_rng(7)
cases = []
for scale in (1e-3, 0.05, 1.0, 300.0):
    x = (rng.standard_normal(64) * scale).astype(np.float32)
    # make a few exact-half ratios and sign ties
    cases.append(x)
x = rng.standard_normal(64).astype(np.float32); m = np.abs(x).max(); x[3] = -m; x[5] = m; x[33] = m; x[34] = -m; cases.append(x)
out = []
for x in cases:
    out.append({
        'values': [float(v) for v in x],
        'q8_0': quants.quantize(x.reshape(1, -1), T.Q8_0).tobytes().hex(),
        'q4_0': quants.quantize(x.reshape(1, -1), T.Q4_0).tobytes().hex(),
    })
json.dump({'source': 'gguf-py quants.py (llama.cpp bundled with node-llama-cpp 3.21.1), numpy ' + np.__version__, 'cases': out}, open('golden.json', 'w'), indent=1)
