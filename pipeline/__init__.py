"""thai-circulars: scanned Thai government circulars to structured records."""

import os

# One thread for numpy's and scipy's OpenBLAS, set before either is loaded:
# parallelism comes from worker processes (pipeline/batch.py), as for
# Tesseract (OMP_THREAD_LIMIT, pipeline/ocr/tesseract.py). The digit stage
# multiplies small matrices; with two BLAS threads on this 2-core machine,
# while Tesseract or another worker holds the other core, the threads wait
# on each other: the stage took 2.1 s for the 7 scan fixture pages under a
# profiler, 0.95 s with one thread.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

__version__ = "0.1.0"
