"""Dask's housekeeping: CPU an idle 2-worker LocalCluster spends, with Dask's defaults and as kg starts it.

Every wake-up of a Dask event loop (ticks, system monitor, profiler,
heartbeats) takes the GIL from the parser running in the same process, and
on two cores every CPU second outside the parsers costs a 2-worker build
(DESIGN.md, "Build and scale"). Prints the share of a core used by this
process (scheduler, nannies, client) and by each worker over ``--seconds``
of idling, for ``distributed.LocalCluster`` with Dask's defaults (the
profiler off, as before) and for ``kg.ingest.cluster.local_cluster``
(``cluster.QUIET``).

    .venv/bin/python bench/dask_idle.py [--seconds 20]
"""

from __future__ import annotations

import argparse
import logging
import time


def _idle_shares(cluster, seconds: float) -> list[float]:
    """Share of a core used by this process and by each worker process while the cluster idles."""
    import psutil
    from distributed import Client

    with Client(cluster) as client:
        pids = sorted(client.run(lambda: __import__("os").getpid()).values())
        time.sleep(2)  # past start-up
        procs = [psutil.Process(), *(psutil.Process(p) for p in pids)]
        before = [sum(p.cpu_times()[:2]) for p in procs]
        time.sleep(seconds)
        return [(sum(p.cpu_times()[:2]) - b) / seconds for p, b in zip(procs, before)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args(argv)

    import dask
    from distributed import LocalCluster

    from kg.ingest.cluster import local_cluster

    with dask.config.set({"distributed.worker.profile.enabled": False}):
        default = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.WARNING)
    for name, cluster in (("Dask defaults", default), ("kg local_cluster", None)):
        with cluster or local_cluster(2) as cl:
            shares = _idle_shares(cl, args.seconds)
        parts = ", ".join(f"worker {i} {s:.1%}" for i, s in enumerate(shares[1:], 1))
        print(f"{name:<17} this process {shares[0]:.1%}, {parts}; total {sum(shares):.1%} of a core")


if __name__ == "__main__":
    main()
